"""Where the database is: its URL (``PSC_DATABASE_URL`` or the user's SQLite file) and,
for SQLite, the file. A leaf module, so the file writer can keep clear of the database
without importing the store."""

from __future__ import annotations

import os
from pathlib import Path

import sqlalchemy as sa


def default_database_url() -> str:
    """``PSC_DATABASE_URL``, else a SQLite file in the user's data folder."""
    if url := os.environ.get("PSC_DATABASE_URL"):
        return url
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return f"sqlite:///{base / 'psccore' / 'psc.db'}"


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite database URL (``None`` for other databases or memory)."""
    parsed = sa.make_url(url) if "://" in url else None
    if parsed is None or not parsed.drivername.startswith("sqlite"):
        return None
    return Path(parsed.database) if parsed.database and parsed.database != ":memory:" else None
