"""Writing documents to files: the target is checked first, and the file appears whole
or not at all (written beside it, then renamed), so a failed write leaves no half file
and never a damaged earlier one."""

from __future__ import annotations

import os
import tempfile
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from psccore.errors import InvalidInput, Problem
from psccore.i18n import Label

WRONG_SUFFIX = Label("書き出し先のファイル名は {suffixes} で終わるようにしてください: {path}",
                     "the file to write must end in {suffixes}: {path}")
NO_FOLDER = Label("フォルダ {folder} がありません", "there is no folder {folder}")
NO_FILE = Label("ファイル {path} がありません", "there is no file {path}")
IS_FOLDER = Label("{path} はフォルダです。ファイル名を指定してください",
                  "{path} is a folder; give a file name")


def check_target(path: Path, suffixes: Sequence[str], field: str = "$.output") -> None:
    """A file name with one of ``suffixes``, in a folder that exists."""
    if path.is_dir():
        raise InvalidInput([Problem(field, IS_FOLDER, {"path": str(path)})])
    if path.suffix.lower() not in suffixes:
        raise InvalidInput([Problem(field, WRONG_SUFFIX,
                                    {"suffixes": " / ".join(suffixes), "path": str(path)})])
    if not path.parent.resolve().is_dir():
        raise InvalidInput([Problem(field, NO_FOLDER, {"folder": str(path.parent)})])


def check_source(path: Path, field: str = "$.file") -> None:
    """A file to read, which exists."""
    if not path.is_file():
        raise InvalidInput([Problem(field, NO_FILE, {"path": str(path)})])


def write_atomically(path: Path, write: Callable[[Path], object]) -> None:
    """Call ``write`` on a temporary file in the same folder, then put it in place."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent.resolve())
    os.close(handle)
    try:
        write(Path(temporary))
        os.chmod(temporary, 0o600)  # reports and JOB cards are for the office only
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def text_width(text: str) -> int:
    """Columns the text takes in a fixed-width font (Japanese characters count two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def save_workbook(book: Any, path: Path) -> None:
    """Save an openpyxl workbook, with no text a person typed turned into a live formula
    (a name beginning with ``=`` stays a name): our writers never write formulas."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    book.save(path)
