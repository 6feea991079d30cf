"""Writing files (exports, reports, documents, JOB cards, backups) safely: the target is
checked first, and the file appears whole or not at all.

Every file is written to a new temporary file in the target's folder (created owner-only
and never through a symbolic link), flushed to disk, then put in place; an existing file
is replaced only when asked (``overwrite``); the live database, its journal files and the
key file are never written over; a full disk leaves nothing behind and says so."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import IO, Any

from psccore.errors import InvalidInput, Problem, PscError
from psccore.i18n import Label

WRONG_SUFFIX = Label("書き出し先のファイル名は {suffixes} で終わるようにしてください: {path}",
                     "the file to write must end in {suffixes}: {path}")
NO_FOLDER = Label("フォルダ {folder} がありません", "there is no folder {folder}")
NOT_REGULAR = Label("{path} は通常のファイルではありません（フォルダや装置は読み込めません）",
                    "{path} is not a regular file (a folder or device cannot be read)")
NO_FILE = Label("ファイル {path} がありません", "there is no file {path}")
IS_FOLDER = Label("{path} はフォルダです。ファイル名を指定してください",
                  "{path} is a folder; give a file name")
PROTECTED = Label("{path} は使用中のデータベースか暗号鍵のファイルです。別のファイル名にしてください",
                  "{path} is the database in use or the key file; give another file")
IS_LINK = Label("{path} はシンボリックリンクです。リンクの先には書き込みません",
                "{path} is a symbolic link; links are not written through")
EXISTS = Label("{path} は既にあります。置き換えるには --overwrite を付けてください",
               "{path} already exists; add --overwrite to replace it")
BAD_NAME = Label("ファイル名 {path} は使えません: {problem}", "cannot use the file name {path}: {problem}")
CANNOT_WRITE = Label("{path} に書き込めません: {error}", "cannot write {path}: {error}")
DISK_FULL = Label("ディスクの空きが足りないため {path} を書き出せませんでした（何も残していません）。"
                  "空きを作ってからやり直してください",
                  "the disk is full: {path} was not written (nothing was left behind); "
                  "free some space and try again")

#: Files of databases opened by this process (with their journals): never written over.
_open_databases: set[Path] = set()


class DiskFull(PscError):
    """No space (or quota) left: nothing was written."""

    exit_code = 6


def protect(database: Path) -> None:
    """Remember a database file in use, so no output file is ever written over it."""
    _open_databases.add(database)


def create_private(path: Path) -> None:
    """Create ``path`` empty and owner-only if it is not there yet (a database before
    SQLite first opens it: SQLite keeps an existing file's mode, whatever the umask)."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600))


READABLE_BY_OTHERS = Label(
    "警告: {path} は他のユーザーも読めます（要配慮個人情報や暗号鍵が漏れます）。"
    "chmod 600 {path} で持ち主だけにしてください",
    "warning: {path} can be read by other users (it holds sensitive data or keys); "
    "make it owner-only with chmod 600 {path}")


def readable_by_others(paths: Iterable[Path | None]) -> list[Path]:
    """Those of ``paths`` (and of a database's -wal/-shm files) that exist and that the
    group or other users may read or write."""
    found: list[Path] = []
    for path in paths:
        if path is None:
            continue
        for each in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            with contextlib.suppress(OSError):
                if os.stat(each).st_mode & 0o066:
                    found.append(each)
    return found


def protected_paths() -> list[Path]:
    """The live database (``PSC_DATABASE_URL`` or the default, and any opened here), its
    ``-wal``/``-shm``/``-journal`` files, and the key file (``PSC_KEY_FILE`` or the default)."""
    from psccore.crypto import default_key_file, key_file
    from psccore.store.location import default_database_url, sqlite_file

    databases = set(_open_databases)
    with contextlib.suppress(Exception):  # a malformed URL protects nothing, and is said elsewhere
        if (configured := sqlite_file(default_database_url())) is not None:
            databases.add(configured)
    found = [Path(f"{db}{end}") for db in databases for end in ("", "-wal", "-shm", "-journal")]
    keys = key_file()
    return [*found, default_key_file(), *([keys] if keys is not None else [])]


def _is_protected(path: Path, protected: Iterable[Path]) -> bool:
    where = path.parent.resolve() / path.name
    for own in protected:
        if where == own.resolve():
            return True
        with contextlib.suppress(OSError):  # a hard link to it is it, too
            if os.path.samefile(path, own):
                return True
    return False


def check_target(path: Path, suffixes: Sequence[str], field: str = "$.output", *,
                 overwrite: bool = False) -> None:
    """A file name with one of ``suffixes``, in a folder that exists; not a link, not the
    database or key file, and not an existing file unless ``overwrite``."""
    _check_place(path, field, overwrite=True)  # a name that can be a file's at all
    if path.is_dir():
        raise InvalidInput([Problem(field, IS_FOLDER, {"path": str(path)})])
    if path.suffix.lower() not in suffixes:
        raise InvalidInput([Problem(field, WRONG_SUFFIX,
                                    {"suffixes": " / ".join(suffixes), "path": str(path)})])
    if not path.parent.resolve().is_dir():
        raise InvalidInput([Problem(field, NO_FOLDER, {"folder": str(path.parent)})])
    _check_place(path, field, overwrite)


def _check_place(path: Path, field: str, overwrite: bool) -> None:
    from psccore.domain.rules import text_problem

    if broken := text_problem(str(path)):  # NUL, ESC … or bytes that were no UTF-8
        raise InvalidInput([Problem(field, BAD_NAME, {"path": ascii(str(path)),
                                                      "problem": broken[0].format(**broken[1])})])
    if _is_protected(path, protected_paths()):
        raise InvalidInput([Problem(field, PROTECTED, {"path": str(path)})])
    if path.is_symlink():
        raise InvalidInput([Problem(field, IS_LINK, {"path": str(path)})])
    if path.exists() and not overwrite:
        raise InvalidInput([Problem(field, EXISTS, {"path": str(path)})])


def check_source(path: Path, field: str = "$.file") -> None:
    """A file to read, which exists and is a regular file (not a folder or a device such
    as /dev/null, which would be read as empty or never end)."""
    if path.exists() and not path.is_file():
        raise InvalidInput([Problem(field, NOT_REGULAR, {"path": str(path)})])
    if not path.is_file():
        raise InvalidInput([Problem(field, NO_FILE, {"path": str(path)})])


@contextlib.contextmanager
def private_temporary(folder: Path, name: str) -> Iterator[Path]:
    """A new, empty, owner-only file in ``folder`` (never reached through a link), removed
    on leaving unless it was renamed away meanwhile."""
    temporary = folder.resolve() / f".{name}.{secrets.token_hex(6)}.tmp"
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
                     | getattr(os, "O_CLOEXEC", 0), 0o600)
    except OSError as exc:
        raise _write_error(folder / name, exc) from None
    os.close(fd)
    try:
        yield temporary
    finally:
        temporary.unlink(missing_ok=True)
        for end in ("-wal", "-shm", "-journal"):  # a SQLite copy's leftovers
            Path(f"{temporary}{end}").unlink(missing_ok=True)


def write_atomically(path: Path, write: Callable[[Path], object], *, overwrite: bool = False,
                     within: Callable[[], AbstractContextManager[Any]] | None = None,
                     field: str = "$.output") -> None:
    """Call ``write`` on a new owner-only temporary file in the same folder, flush it to
    disk, then put it in place (over an existing file only with ``overwrite``).

    ``within`` (e.g. a database transaction that audits the export) is entered once the
    file is written and the rename happens inside it: the audit is kept only with the
    file, and a failed rename rolls it back."""
    _check_place(path, field, overwrite)
    with private_temporary(path.parent, path.name) as temporary:
        try:
            write(temporary)
            _sync(temporary)
        except OSError as exc:
            if exc.errno is None:
                raise
            raise _write_error(path, exc) from None
        placed = False
        try:
            with within() if within is not None else contextlib.nullcontext():
                _put_in_place(temporary, path, field, overwrite)
                placed = True
        except BaseException:
            if placed:  # its audit did not commit: the file goes too
                path.unlink(missing_ok=True)
            raise


def _sync(path: Path) -> None:
    """Flush the written file to disk; it must still be the plain file made for it."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    try:
        os.fsync(fd)
        os.fchmod(fd, 0o600)  # whatever the writer did to it
    finally:
        os.close(fd)


def _put_in_place(temporary: Path, path: Path, field: str, overwrite: bool) -> None:
    _check_place(path, field, overwrite)  # again: the folder may have changed meanwhile
    try:
        if overwrite:
            os.replace(temporary, path)
        else:
            _link(temporary, path)
        _sync_folder(path.parent)
    except FileExistsError:
        raise InvalidInput([Problem(field, EXISTS, {"path": str(path)})]) from None
    except OSError as exc:
        raise _write_error(path, exc) from None


def _link(temporary: Path, path: Path) -> None:
    """Put the file in place only if nothing is there yet (a hard link fails if something
    appeared meanwhile; where links are not supported, a rename after the check)."""
    try:
        os.link(temporary, path, follow_symlinks=False)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        os.replace(temporary, path)
        return
    temporary.unlink()


def _sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_error(path: Path, exc: OSError) -> PscError:
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return DiskFull(DISK_FULL, path=str(path))
    return InvalidInput([Problem("$.output", CANNOT_WRITE,
                                 {"path": str(path), "error": exc.strerror or str(exc)})])


def text_width(text: str) -> int:
    """Columns the text takes in a fixed-width font (Japanese characters count two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def save_workbook(book: Any, path: Path | IO[bytes]) -> None:
    """Save an openpyxl workbook, with no text a person typed turned into a live formula
    (a name beginning with ``=`` stays a name): our writers never write formulas."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    book.save(path)
