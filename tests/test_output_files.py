"""Every output file goes through one writer: never over the database or the key file,
never through a link, never over an existing file unless asked, owner-only, and on a
full disk nothing is left behind and nothing is audited."""

import errno
import os
import stat
from pathlib import Path

import pytest

from psccore.app import Psc
from psccore.crypto import write_new_key_file
from psccore.documents.files import DiskFull, write_atomically
from psccore.errors import InvalidInput


def _case(psc: Psc) -> int:
    person = psc.add_person({"name": "山田 花子", "kana": "ヤマダ ハナコ"})
    return psc.open_case(person.id or 0, "household_budget",
                         {"monthly_income": 0, "housing": "rented",
                          "health_note": "CANARY"}).case.id or 0


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _entries(psc: Psc) -> int:
    return psc.verify_audit()[0]


@pytest.fixture
def key_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "keys" / "o.keys"
    write_new_key_file(path)
    monkeypatch.setenv("PSC_KEY_FILE", str(path))
    return path


def test_an_export_never_replaces_the_key_file(psc: Psc, psc_cli, key_file: Path,  # type: ignore[no-untyped-def]
                                               tmp_path: Path) -> None:
    case = _case(psc)
    keys = key_file.read_bytes()
    result = psc_cli("person", "export", "1", "-o", str(key_file), lang="en")
    assert result.exit_code == 2, result.output
    alias = tmp_path / "o.json"  # a second name for the key file
    os.link(key_file, alias)
    result = psc_cli("case", "export", str(case), "-o", str(alias), "--overwrite", lang="en")
    assert result.exit_code == 2 and "key file" in result.output, result.output
    with pytest.raises(InvalidInput):
        write_atomically(key_file, lambda p: p.write_text("x"), overwrite=True)
    assert key_file.read_bytes() == keys


def test_an_export_never_replaces_the_database(psc: Psc, psc_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    live = psc.ctx.db.sqlite_file
    if live is None:
        pytest.skip("PostgreSQL keeps no file here")
    case = _case(psc)
    before = live.read_bytes()
    result = psc_cli("case", "export", str(case), "-o", str(live), "--overwrite", lang="en")
    assert result.exit_code == 2, result.output
    for own in (live, Path(f"{live}-wal"), Path(f"{live}-shm"), Path(f"{live}-journal")):
        with pytest.raises(InvalidInput) as refused:
            write_atomically(own, lambda p: p.write_text("{}"), overwrite=True)
        assert "database in use" in refused.value.text("en")
    assert live.read_bytes() == before
    assert psc.get_case(case).case.id == case


def test_an_export_follows_no_link_and_keeps_no_old_mode(psc: Psc, psc_cli,  # type: ignore[no-untyped-def]
                                                         tmp_path: Path) -> None:
    case = _case(psc)
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("not yours")
    link = tmp_path / "link.json"
    link.symlink_to(elsewhere)
    for extra in ((), ("--overwrite",)):
        result = psc_cli("case", "export", str(case), "-o", str(link), *extra, lang="en")
        assert result.exit_code == 2 and "symbolic link" in result.output, result.output
    assert elsewhere.read_text() == "not yours" and link.is_symlink()
    earlier = tmp_path / "case.json"
    earlier.write_text("earlier")
    earlier.chmod(0o644)
    result = psc_cli("case", "export", str(case), "-o", str(earlier), lang="en")
    assert result.exit_code == 2 and "--overwrite" in result.output, result.output
    assert earlier.read_text() == "earlier"
    result = psc_cli("case", "export", str(case), "-o", str(earlier), "--overwrite")
    assert result.exit_code == 0, result.output
    assert '"household_budget"' in earlier.read_text() and _mode(earlier) == 0o600
    result = psc_cli("case", "export", str(case), "-o", str(tmp_path / "case.db"), lang="en")
    assert result.exit_code == 2 and ".json" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.json", "elsewhere.txt",
                                                          "link.json"]


def _full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)


def test_a_full_disk_leaves_no_file_and_no_audit_row(psc: Psc, psc_cli, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    case = _case(psc)
    psc.add_record(case, {"on": psc.today().isoformat(), "kind": "phone", "summary": "確認"})
    out = tmp_path / "out"
    out.mkdir()
    before = _entries(psc)
    _full_disk(monkeypatch)
    for args in (("case", "export", str(case), "-o", str(out / "case.json")),
                 ("person", "export", "1", "-o", str(out / "person.json")),
                 ("record", "export", "-o", str(out / "records.csv")),
                 ("jobcard", "write", "--person", "1", "-o", str(out / "card.xlsx")),
                 ("report", "fy", "2026", "-o", str(out / "report.xlsx"))):
        result = psc_cli(*args, lang="en")
        assert result.exit_code == 6, (args, result.output)
        assert "disk is full" in result.output and "Traceback" not in result.output
        assert list(out.iterdir()) == []
    monkeypatch.undo()
    assert _entries(psc) == before  # no export is audited that was not written
    _full_disk(monkeypatch)
    with pytest.raises(DiskFull):
        psc.export_records(out / "records.csv")
    assert list(out.iterdir()) == [] and _entries(psc) == before


def test_a_record_export_is_audited_once_written_with_a_count(psc: Psc, psc_cli,  # type: ignore[no-untyped-def]
                                                              tmp_path: Path) -> None:
    case = _case(psc)
    psc.add_record(case, {"on": psc.today().isoformat(), "kind": "phone", "summary": "確認"})
    target = tmp_path / "山田さん.csv"
    assert psc_cli("record", "export", "-o", str(target)).exit_code == 0
    [entry] = [e for e in psc.audit_log() if e.action == "export"]
    assert entry.fields == ["rows=1"] and "山田" not in repr(entry)
    assert _mode(target) == 0o600
    result = psc_cli("record", "export", "-o", str(target), lang="en")
    assert result.exit_code == 2
    assert len([e for e in psc.audit_log() if e.action == "export"]) == 1


def test_a_backup_is_owner_only_and_replaces_nothing_unasked(psc: Psc, psc_cli,  # type: ignore[no-untyped-def]
                                                             tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    target = tmp_path / ("b.db" if psc.ctx.db.sqlite_file else "b.dump")
    assert psc_cli("db", "backup", str(target)).exit_code == 0
    assert _mode(target) == 0o600
    assert psc_cli("db", "backup", str(target)).exit_code == 2
    assert psc_cli("db", "backup", str(target), "--overwrite").exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    before = _entries(psc)
    _full_disk(monkeypatch)
    result = psc_cli("db", "backup", str(tmp_path / f"c{target.suffix}"), lang="en")
    assert result.exit_code == 6, result.output
    monkeypatch.undo()
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]
    assert _entries(psc) == before


@pytest.mark.parametrize("name", ["a\udcffb.json", "a\x1b[2J.json"])  # bytes that are no UTF-8
def test_a_file_name_that_can_be_no_file_is_refused(psc: Psc, psc_cli, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                    name: str) -> None:
    _case(psc)
    result = psc_cli("person", "export", "1", "-o", str(tmp_path / name), lang="en")
    assert result.exit_code == 2 and "cannot use the file name" in result.output, result.output
    assert "\x1b" not in result.output
    with pytest.raises(InvalidInput):  # a command line cannot carry NUL; a library call can
        write_atomically(tmp_path / "a\x00b.json", lambda p: p.write_text("{}"))
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".json" or ".tmp" in p.name]


def test_a_file_whose_audit_fails_to_commit_is_removed(tmp_path: Path) -> None:
    from contextlib import contextmanager

    @contextmanager
    def failing_commit():  # type: ignore[no-untyped-def]
        yield
        raise OSError(errno.EIO, "commit failed")

    with pytest.raises(OSError, match="commit failed"):
        write_atomically(tmp_path / "r.csv", lambda p: p.write_text("x"), within=failing_commit)
    assert list(tmp_path.iterdir()) == []
