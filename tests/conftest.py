"""Core tests. A fifth program (tests/plugin_household) is made visible the way an
installed package is: its folder, holding a ``.dist-info`` with the entry point, is
put on the import path, here and for subprocesses."""

import os
import sys
from pathlib import Path

HOUSEHOLD = str(Path(__file__).parent / "plugin_household")
sys.path.insert(0, HOUSEHOLD)
os.environ["PYTHONPATH"] = os.pathsep.join(
    p for p in (HOUSEHOLD, os.environ.get("PYTHONPATH")) if p
)


# --- a PostgreSQL primary and its streaming replica (tests/test_replica.py) ---------------

import shutil as _shutil  # noqa: E402
import subprocess as _subprocess  # noqa: E402
import tempfile as _tempfile  # noqa: E402
from collections.abc import Iterator as _Iterator  # noqa: E402
from glob import glob as _glob  # noqa: E402

import pytest  # noqa: E402

SCRIPT = Path(__file__).parent.parent / "scripts" / "pg-test-server"


class ReplicaPair:
    """A primary and a hot standby streaming from it, started by scripts/pg-test-server
    (once per run); a test may stop and start the standby."""

    def __init__(self, folder: str, primary: str, replica: str) -> None:
        self.folder, self.primary, self.replica = folder, primary, replica
        self.pg_ctl = max(_glob("/usr/lib/postgresql/*/bin/pg_ctl"))

    def _replica_ctl(self, *args: str) -> None:
        as_pg = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        _subprocess.run([*as_pg, self.pg_ctl, *args, "-D", f"{self.folder}/replica/data",
                         "-w", "-t", "60"], check=True, capture_output=True, cwd="/")

    def stop_replica(self) -> None:
        self._replica_ctl("stop", "-m", "fast")

    def start_replica(self) -> None:
        self._replica_ctl("start", "-l", f"{self.folder}/replica/log")


@pytest.fixture(scope="session")
def replica_pair() -> _Iterator[ReplicaPair]:
    """Started when PostgreSQL's server binaries are there (CI installs them); else the
    tests skip, or fail under ``PSC_REQUIRE_POSTGRES=1``."""
    if not _glob("/usr/lib/postgresql/*/bin/pg_basebackup"):
        if os.environ.get("PSC_REQUIRE_POSTGRES"):
            pytest.fail("PSC_REQUIRE_POSTGRES is set but no PostgreSQL server binaries")
        pytest.skip("no PostgreSQL server binaries for a primary and replica")
    folder = _tempfile.mkdtemp(prefix="psc-replica-")
    os.chmod(folder, 0o755)
    try:
        found = _subprocess.run([str(SCRIPT), "start-replica", folder], check=True,
                                capture_output=True, text=True, timeout=300)
        primary, replica = found.stdout.split()
        yield ReplicaPair(folder, primary, replica)
    finally:
        _subprocess.run([str(SCRIPT), "stop", folder], capture_output=True, timeout=300)
        _shutil.rmtree(folder, ignore_errors=True)
