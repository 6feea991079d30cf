"""The tests give the same result whatever the developer's shell holds: the pytest plugin
clears every ``PSC_*`` variable but those that steer the tests themselves."""

import os
import subprocess
import sys
from pathlib import Path

INNER = '''
import os, subprocess, sys
from psccore.testing import TEST_VARIABLES

def test_the_shell_settings_are_gone():
    seen = {n: v for n, v in os.environ.items() if n.startswith("PSC_")}
    assert set(seen) - TEST_VARIABLES == {"PSC_KEY"}, seen
    assert seen["PSC_REQUIRE_BROWSER"] == "1"
    assert seen["PSC_KEY"].startswith("test:")
    child = subprocess.run([sys.executable, "-c", "import os; print(os.environ.get('PSC_LANG'))"],
                           capture_output=True, text=True, check=True)
    assert child.stdout.strip() == "None"

def test_a_test_may_still_set_one(monkeypatch):
    monkeypatch.setenv("PSC_LANG", "en")
    from psccore.i18n import current_lang
    assert current_lang() == "en"

def test_and_the_next_test_does_not_see_it():
    from psccore.i18n import current_lang
    assert current_lang() == "ja"
'''


def test_shell_settings_do_not_reach_a_test(tmp_path: Path) -> None:
    (tmp_path / "test_inner.py").write_text(INNER)
    shell = {**os.environ, "PSC_LANG": "en", "PSC_USER": "nobody", "PSC_DEBUG": "1",
             "PSC_DATABASE_URL": "sqlite:////nonexistent", "PSC_KEY_FILE": "/nonexistent",
             "PSC_KEY": "mine:AAAA", "PSC_REQUIRE_BROWSER": "1"}
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                          str(tmp_path)], capture_output=True, text=True, env=shell,
                         cwd=tmp_path, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "3 passed" in run.stdout
