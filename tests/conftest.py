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
