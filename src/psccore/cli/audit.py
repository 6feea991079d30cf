"""``psc audit``: check the trail, read it, keep its head, answer a breach query."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from psccore.cli.base import PscGroup, T, cut_notice, emit_json, json_option, state, table
from psccore.cli.catalog import about
from psccore.cli.inputs import parse_on
from psccore.cli.names import PERSON
from psccore.domain.audit import RowChange

REASONS = {
    "edited": ("内容が書き換えられています", "content was edited"),
    "missing": ("記録が欠けています", "entries are missing"),
    "reordered": ("順序または連鎖が壊れています", "order or chain is broken"),
    "head": ("末尾が記録しておいた先頭と一致しません（末尾の削除）",
             "the end does not match the head kept (truncated)"),
}


def _moment(value: str | None, path: str, end: bool = False) -> dt.datetime | None:
    """A date (its start, or the next day's start for an end) or an ISO time, as UTC."""
    if value is None:
        return None
    if "T" in value or ":" in value:
        moment = dt.datetime.fromisoformat(value)
        return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    day = parse_on(value, path)
    assert day is not None
    start = dt.datetime.combine(day, dt.time(), dt.UTC)
    return start + dt.timedelta(days=1) if end else start


ROW_REASONS = {
    "changed": ("psccore の外で書き換えられています", "changed outside psccore"),
    "unrecorded": ("監査記録にない行です（psccore の外で追加）", "not in the trail (added outside psccore)"),
    "removed": ("psccore の外で削除されています", "removed outside psccore"),
}


def _report_rows(rows: int, changed: list[RowChange], data: bool) -> None:
    """Rows not as psccore last wrote them, by table and id (never a value)."""
    if not data:
        return
    if not changed:
        click.echo(T(f"データは監査記録と一致します（{rows}行）",
                     f"Data rows match the trail ({rows} rows)"))
        return
    click.echo(T(f"監査記録と一致しないデータがあります（{rows}行中 {len(changed)}行）:",
                 f"Data rows not as the trail says ({len(changed)} of {rows}):"), err=True)
    for change in changed:
        ja, en = ROW_REASONS[change.reason]
        click.echo(f"  {change.table} #{change.row_id}: {T(ja, en)}", err=True)


def audit_group() -> click.Group:
    @click.group(cls=PscGroup, help=about("監査記録", "audit trail"))
    def audit() -> None:
        pass

    @audit.command(help=T("監査記録の改ざん・削除・並べ替えを検出します",
                          "detect edited, deleted or reordered audit entries"))
    @click.option("--head", "kept", metavar="SEQ:HASH",
                  help=T("別に保管しておいた先頭（psc audit head）", "a head kept elsewhere"))
    @click.option("--backup", "backups", multiple=True, type=click.Path(path_type=Path),
                  help=T("持ち主以外が読めないか確かめるバックアップ（繰り返し可）",
                         "a backup to check is owner-only (repeatable)"))
    @click.option("--data", "data", is_flag=True,
                  help=T("データの各行も監査記録の要約値と照合します（psccore の外での変更を検出）",
                         "also re-hash every data row against the trail (rows changed "
                         "outside psccore)"))
    @json_option
    def verify(kept: str | None, backups: tuple[Path, ...], data: bool, as_json: bool) -> None:
        from psccore.documents.files import READABLE_BY_OTHERS

        for exposed in state().psc().exposed_files(backups):
            click.echo(READABLE_BY_OTHERS.format(path=exposed), err=True)  # a warning only
        head = None
        if kept:
            seq, _, digest = kept.partition(":")
            if not seq.isdigit() or len(digest) != 64:
                raise click.BadParameter(T("SEQ:HASH の形です", "takes SEQ:HASH"),
                                         param_hint="--head")
            head = (int(seq), digest)
        count, breaks = state().psc().verify_audit(head)
        rows, changed = state().psc().verify_data() if data else (0, [])
        if as_json:
            emit_json({"entries": count, "intact": not breaks and not changed,
                       "breaks": breaks, **({"rows": rows, "rows_changed": changed}
                                            if data else {})})
            if breaks or changed:
                raise click.exceptions.Exit(1)
            return
        _report_rows(rows, changed, data)
        if not breaks:
            click.echo(T(f"監査記録は完全です（{count}件）", f"Audit trail intact ({count} entries)"))
        else:
            click.echo(T(f"監査記録に問題があります（{count}件中）:",
                         f"The audit trail is broken ({count} entries):"), err=True)
            for b in breaks:
                ja, en = REASONS[b.reason]
                click.echo(f"  #{b.seq}: {T(ja, en)}", err=True)
        if breaks or changed:
            click.echo(T(  # what to do comes with the finding, not only in the guide
                "データベースがpsccoreの外で変えられた可能性があります。これ以上何も変えずに、"
                "データベースのファイルを別の場所にコピーして残し、個人情報の責任者に報告して"
                "ください（この後の手順: docs/guide.md「監査」）。",
                "The database may have been changed outside psccore. Change nothing more: "
                "copy the database file somewhere else to keep it as it is, and tell the person "
                "responsible for personal data (what follows: docs/guide.md, Audit)."), err=True)
            raise click.exceptions.Exit(1)

    @audit.command(help=T("連鎖の先頭（番号:ハッシュ）を表示します。DBの外に保管してください。",
                          "print the chain head (SEQ:HASH); keep it outside the database"))
    def head() -> None:
        seq, digest = state().psc().audit_head()
        click.echo(f"{seq}:{digest}")

    @audit.command(help=T("監査記録を表示します（新しい順）", "show audit entries, newest first"))
    @click.option("--person", "person_id", type=PERSON, help=T("相談者", "person"))
    @click.option("--staff", help=T("職員", "staff member"))
    @click.option("--from", "since", help=T("この日から", "from this day"))
    @click.option("--to", "until", help=T("この日まで", "until this day"))
    @click.option("--limit", type=click.IntRange(1, 100000), default=100, show_default=True,
                  help=T("表示する件数（新しい順。超えた分があれば表示）",
                         "how many to show, newest first (a cut list says so)"))
    @json_option
    def log(person_id: int | None, staff: str | None, since: str | None, until: str | None,
            limit: int, as_json: bool) -> None:
        entries = state().psc().audit_log(
            person_id=person_id, staff=staff, since=_moment(since, "$.from"),
            until=_moment(until, "$.to", end=True), limit=limit + 1)
        more, entries = len(entries) > limit, entries[:limit]
        if as_json:
            emit_json(entries)
            return
        table(["#", T("日時(UTC)", "time (UTC)"), T("職員", "staff"), T("操作", "action"),
               T("記録", "record"), T("相談者", "person"), T("項目", "fields")],
              [(e.seq, e.at.strftime("%Y-%m-%d %H:%M:%S"), e.staff, e.action,
                f"{e.entity} {e.entity_id or ''}".strip(), e.person_id, ", ".join(e.fields))
               for e in entries])
        if more:
            cut_notice(limit, None, "--limit")

    @audit.command(help=T("漏えい時の報告用: 職員が期間内に扱った相談者と項目",
                          "for a breach report: people and items a staff member touched"))
    @click.option("--staff", required=True, help=T("職員", "staff member"))
    @click.option("--from", "since", required=True, help=T("開始日時", "from"))
    @click.option("--to", "until", required=True, help=T("終了日時", "until"))
    @json_option
    def affected(staff: str, since: str, until: str, as_json: bool) -> None:
        found = state().psc().audit_affected(
            staff, _moment(since, "$.from") or dt.datetime.now(dt.UTC),
            _moment(until, "$.to", end=True) or dt.datetime.now(dt.UTC))
        if as_json:
            emit_json({str(k): sorted(v) for k, v in sorted(found.items())})
            return
        if not found:
            click.echo(T("該当はありません", "None"))
            return
        table([T("相談者", "person"), T("扱った記録・項目", "records and fields")],
              [(person, ", ".join(sorted(items))) for person, items in sorted(found.items())])

    return audit
