"""The database, its write-ahead log and backups are owner-only from the moment they
exist, whatever the umask; ``psc audit verify`` warns about any that others can read."""

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from psccore.cli import build_cli


@pytest.fixture
def loose_umask() -> Iterator[None]:
    """A host where new files are readable by everyone unless made otherwise."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def _run(folder: Path, *args: str) -> Result:
    env = {"PSC_DATABASE_URL": f"sqlite:///{folder / 'psc.db'}", "PSC_LANG": "en",
           "PSC_KEY_FILE": str(folder / "psc.keys"), "PSC_USER": "admin",
           "PSC_STRICT_PLUGINS": "1", "PSC_KEY": ""}
    return CliRunner().invoke(build_cli(), list(args), env=env)


def _loose(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.stat().st_mode & 0o077)


def test_init_leaves_no_file_readable_by_others(tmp_path: Path, loose_umask: None) -> None:
    assert os.umask(0o022) == 0o022  # the process's umask is left alone
    result = _run(tmp_path, "init", "--admin", "admin", "--name", "管理者")
    assert result.exit_code == 0, result.output
    result = _run(tmp_path, "person", "add", "--name", "山田 花子", "--kana", "ヤマダ ハナコ")
    assert result.exit_code == 0, result.output
    names = {p.name for p in tmp_path.iterdir()}
    assert {"psc.db", "psc.keys"} <= names
    assert _loose(tmp_path) == []
    result = _run(tmp_path, "db", "backup", str(tmp_path / "backup.db"))
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE((tmp_path / "backup.db").stat().st_mode) == 0o600
    assert _loose(tmp_path) == []
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no leftovers
    result = _run(tmp_path, "audit", "verify", "--backup", str(tmp_path / "backup.db"))
    assert result.exit_code == 0 and "warning" not in result.output, result.output


def test_verify_warns_of_files_others_can_read(tmp_path: Path, loose_umask: None) -> None:
    assert _run(tmp_path, "init", "--admin", "admin", "--name", "管理者").exit_code == 0
    assert _run(tmp_path, "db", "backup", str(tmp_path / "backup.db")).exit_code == 0
    for name in ("psc.db", "psc.keys", "backup.db"):
        (tmp_path / name).chmod(0o644)
    result = _run(tmp_path, "audit", "verify", "--backup", str(tmp_path / "backup.db"))
    assert result.exit_code == 0, result.output  # a warning, not a failure
    for name in ("psc.db", "psc.keys", "backup.db"):
        assert f"warning: {tmp_path / name} can be read by other users" in result.output
    assert "Audit trail intact" in result.output
