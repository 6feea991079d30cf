"""`psc --help` must stay quick: no SQLAlchemy, no plugin code."""

import re

from psccore.testing import run_psc


def test_help_lists_programs_without_importing_sqlalchemy_or_plugins() -> None:
    result = run_psc(["--help"], {"PYTHONPROFILEIMPORTTIME": "1", "PSC_LANG": "ja"})
    assert result.returncode == 0
    imported = set(re.findall(r"\|\s+([\w.]+)\s*$", result.stderr, re.MULTILINE))
    assert "click" in imported
    assert not {m for m in imported if m.split(".")[0] == "sqlalchemy"}
    assert not {m for m in imported if m.startswith("psc_")}
    assert "household_budget" in result.stdout and "事業（プラグイン）" in result.stdout


def test_help_in_english() -> None:
    result = run_psc(["--lang", "en", "--help"])
    assert "Usage: psc" in result.stdout and "Programs (plugins)" in result.stdout
