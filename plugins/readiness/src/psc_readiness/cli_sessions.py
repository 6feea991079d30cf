"""``psc readiness session|timetable|import|attend``: the timetable's sessions and who
attended them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import click

from psc_readiness.grid import Grid, build_grid, render_text
from psc_readiness.lookups import CODE, get_session
from psc_readiness.records import HEALTH_REASONS, AbsenceReason, Attendance, Presence
from psc_readiness.sessions import (
    add_session,
    add_sessions,
    attendance_counts,
    cancel_session,
    client_names,
    record_attendance,
    remove_attendance,
    roster,
    sessions_between,
)
from psccore import InvalidInput, Label, Problem, Psc, ReportPeriod
from psccore.cli.kit import (
    CASE,
    CodedChoice,
    T,
    command,
    current_psc,
    echo_ok,
    emit_json,
    group,
    json_option,
    parse_month,
    record,
    table,
)
from psccore.documents.files import check_target, write_atomically

CSV_COLUMNS = ("date", "half", "activity", "place", "capacity", "staff", "gather", "start", "end",
               "topic", "order")
BAD_CSV = Label("CSVの見出しは次から選んでください: {known}（知らない見出し: {unknown}）",
                "CSV headings must be among: {known} (unknown: {unknown})")


def month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    period = ReportPeriod.month(year, month)
    return period.start, period.end


WITHHELD = Label("（非表示）", "(withheld)")


def _presence(record: Attendance) -> str:
    late = T(f" {record.minutes_late}分", f" {record.minutes_late} min") \
        if record.minutes_late else ""
    return record.presence.label.text() + late


class Shown:
    """Attendance as the reader may see it: reasons about health, and free-text notes
    (which may be about health), only to staff who may read sensitive data."""

    def __init__(self, sensitive: bool) -> None:
        self.sensitive = sensitive

    def reason(self, record: Attendance) -> Label | None:
        if record.reason in HEALTH_REASONS and not self.sensitive:
            return WITHHELD
        return record.reason.label if record.reason else None

    def note(self, record: Attendance) -> Label | str | None:
        return record.note if self.sensitive or not record.note else WITHHELD

    def attendance(self, record: Attendance) -> dict[str, Any]:
        return {"presence": record.presence.value, "minutes_late": record.minutes_late,
                "reason": _code(self.reason(record), record),
                "note": self.note(record) if self.sensitive else None}


def _code(shown: Label | None, record: Attendance) -> str | None:
    return None if shown is None or shown is WITHHELD or record.reason is None \
        else record.reason.value


def session_group() -> click.Group:
    @group(name="session", help=T("予定表のセッション", "sessions of the timetable"))
    def session() -> None:
        pass

    @session.command(name="add", help=T(
        "セッションを予定表に加えます（例: 2017-08-07 am pc）。場所・定員・時刻は活動のいつもの値が入ります",
        "add a session (e.g. 2017-08-07 am pc); place, capacity and times default to the "
        "activity's usual ones"))
    @click.argument("day")
    @click.argument("half")
    @click.argument("activity")
    @click.option("--place",
                  help=T("実施場所", "place"))
    @click.option("--capacity", type=int,
                  help=T("定員", "capacity"))
    @click.option("--staff", metavar="LOGIN", help=T("担当職員", "staff in charge"))
    @click.option("--gather", "gather_at", metavar="HH:MM",
                  help=T("集合時刻（例: 9:30）", "gathering time (e.g. 9:30)"))
    @click.option("--start", "starts_at", metavar="HH:MM",
                  help=T("開始時刻（例: 10:00）", "start time (e.g. 10:00)"))
    @click.option("--end", "ends_at", metavar="HH:MM",
                  help=T("終了時刻（例: 15:00）", "end time (e.g. 15:00)"))
    @click.option("--topic", help=T("講座のテーマ（備考に出ます）", "the course's topic (shown in notes)"))
    @click.option("--order", "work_order_id", type=int, help=T("受注番号", "work order number"))
    @click.option("--on-holiday", is_flag=True, help=T("祝日・土日でも行う", "hold it on a holiday"))
    @json_option
    def add(day: str, half: str, activity: str, on_holiday: bool, as_json: bool,
            **options: Any) -> None:
        added = add_session(current_psc(), {"held_on": day, "half": half,
                                                    "activity": activity, **options},
                                    on_holiday=on_holiday)
        if as_json:
            emit_json(added)
            return
        echo_ok(T(f"セッション {added.id} を加えました: {added.held_on} {added.half.label.ja} "
                  f"{added.activity.label.ja}（{added.starts_at}〜{added.ends_at}、定員 {added.capacity}）",
                  f"Added session {added.id}: {added.held_on} {added.half.label.en} "
                  f"{added.activity.label.en} ({added.starts_at}-{added.ends_at}, "
                  f"capacity {added.capacity})"))

    @session.command(name="list", help=T("月のセッション一覧（出席者数つき）",
                                         "a month's sessions, with how many came"))
    @click.argument("month")
    @json_option
    def list_(month: str, as_json: bool) -> None:
        start, end = month_range(*parse_month(month))
        with current_psc().program_read(CODE) as conn:
            found = sessions_between(conn, start, end)
            came = attendance_counts(conn, [s.id or 0 for s in found])
        if as_json:
            emit_json([{"session": s, "came": came.get(s.id or 0, 0)} for s in found])
            return
        if not found:
            echo_ok(T(f"{month} のセッションはありません", f"No sessions in {month}"))
            return
        table([T("番号", "id"), T("日付", "date"), T("午前・午後", "half"), T("活動", "activity"),
               T("時刻", "time"), T("出席／定員", "came / capacity"), T("中止", "cancelled")],
              [(s.id, s.held_on.isoformat(), s.half.label, s.activity.label,
                f"{s.starts_at}–{s.ends_at}", f"{came.get(s.id or 0, 0)}/{s.capacity}",
                s.cancelled_reason) for s in found])

    @session.command(name="show", help=T("セッションと出欠", "a session and who came"))
    @click.argument("session_id", type=int)
    @json_option
    def show(session_id: int, as_json: bool) -> None:
        psc = current_psc()
        with psc.program_read(CODE) as conn:
            found = get_session(conn, session_id)
            people = roster(conn, session_id)
            clients = client_names(conn, [found.work_order_id or 0])
        shown = Shown(psc.may_read_sensitive(CODE))
        if as_json:
            emit_json({"session": found, "attendance": [
                {"case_id": p.case_id, "name": p.name, **shown.attendance(a)}
                for p, a in people]})
            return
        staff = {m.id: m.name for m in psc.list_staff()}
        record([(T("セッション", "session"), found.id),
                (T("日付", "date"), found.held_on), (T("午前・午後", "half"), found.half.label),
                (T("活動", "activity"), found.activity.label), (T("場所", "place"), found.place),
                (T("時刻", "time"), f"{found.starts_at}–{found.ends_at}"),
                (T("定員", "capacity"), found.capacity), (T("テーマ", "topic"), found.topic),
                (T("担当", "staff"), staff.get(found.staff_id)),
                (T("受注", "work order"), f"{found.work_order_id} {clients.get(found.work_order_id or 0, '')}"
                 if found.work_order_id else None),
                (T("中止", "cancelled"), found.cancelled_reason)])
        click.echo()
        table([T("ケース", "case"), T("氏名", "name"), T("出欠", "attendance"), T("理由", "reason"),
               T("記録", "note")],
              [(p.case_id, p.name, _presence(a), shown.reason(a), shown.note(a))
               for p, a in people])

    @session.command(name="cancel", help=T("セッションを中止にします", "cancel a session"))
    @click.argument("session_id", type=int)
    @click.option("--reason", required=True, help=T("中止の理由（例: 雨天）", "why (e.g. rain)"))
    def cancel(session_id: int, reason: str) -> None:
        done = cancel_session(current_psc(), session_id, reason)
        echo_ok(T(f"セッション {done.id} を中止にしました", f"Cancelled session {done.id}"))

    return session


def timetable_command() -> click.Command:
    @command(name="timetable", help=T(
        "月の予定表を様式-1の形（週×曜日×午前午後）で表示します。--xlsx で表計算ファイルに、"
        "--pdf でセンター名・様式番号・発行日入りのA4横の印刷用PDFに書き出します",
        "print a month's timetable in the form's grid (weeks × weekdays × morning/afternoon); "
        "--xlsx writes it as a spreadsheet, --pdf as the printed form (A4 landscape, with the "
        "center's name, form number and issue date)"))
    @click.argument("month")
    @click.option("--xlsx", "xlsx", type=click.Path(dir_okay=False, path_type=Path),
                  help=T("書き出すファイル（.xlsx）", "file to write (.xlsx)"))
    @click.option("--pdf", "pdf", type=click.Path(dir_okay=False, path_type=Path),
                  help=T("印刷用の様式を書き出すファイル（.pdf）", "the printed form's file (.pdf)"))
    @click.option("--overwrite", is_flag=True,
                  help=T("既にあるファイルを置き換える", "replace an existing file"))
    @json_option
    def timetable(month: str, xlsx: Path | None, pdf: Path | None, overwrite: bool,
                  as_json: bool) -> None:
        year, number = parse_month(month)
        start, end = month_range(year, number)
        psc = current_psc()
        with psc.program_read(CODE) as conn:
            sessions = sessions_between(conn, start, end)
            clients = client_names(conn, {s.work_order_id for s in sessions
                                                   if s.work_order_id})
        grid = build_grid(year, number, sessions, clients)
        title = T(f"{year}年{number}月 {psc.programs[CODE].label.ja} プログラム予定表",
                  f"{start.strftime('%B %Y')}: {psc.programs[CODE].label.en} timetable")
        if pdf is not None:
            _print_timetable(psc, grid, pdf, overwrite)
            if xlsx is None:
                return
        if xlsx is not None:
            from psc_readiness.spreadsheet import write_timetable

            check_target(xlsx, (".xlsx",), "$.xlsx", overwrite=overwrite)
            staff = {s.id or 0: s.name for s in psc.list_staff()}
            write_atomically(xlsx, lambda path: write_timetable(path, grid, title, sessions,
                                                                clients, staff),
                             overwrite=overwrite, field="$.xlsx")
            echo_ok(T(f"{xlsx} に書き出しました", f"Wrote {xlsx}"))
            return
        if as_json:
            emit_json(grid.as_data())
            return
        if not grid.weeks:
            echo_ok(T(f"{year}年{number}月のセッションはまだありません",
                      f"No sessions yet in {start.strftime('%B %Y')}"))
            return
        for line in render_text(grid, title):
            click.echo(line)

    return timetable


def _print_timetable(psc: Psc, grid: Grid, target: Path, overwrite: bool) -> None:
    """The 様式-1 form as a PDF, headed with the office's name; audited as an export in
    the transaction that keeps the file."""
    from psc_readiness.printed import timetable_form

    check_target(target, (".pdf",), "$.pdf", overwrite=overwrite)
    center = psc.office().name or psc.programs[CODE].label.text()
    psc.print_form(timetable_form(grid, center, psc.today()), "readiness-timetable", target,
                   overwrite=overwrite)
    echo_ok(T(f"{target} に書き出しました", f"Wrote {target}"))


EMPTY_CSV = Label("CSVに行がありません", "the CSV has no rows")


def import_command() -> click.Command:
    @command(name="import-timetable", help=T(
        "CSVから予定表を取り込みます（見出し: " + ", ".join(CSV_COLUMNS) + "）。"
        "一行でも誤りがあれば何も保存しません",
        "import sessions from CSV (headings: " + ", ".join(CSV_COLUMNS) + "); nothing is "
        "saved if any row is wrong"))
    @click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--on-holiday", is_flag=True, help=T("祝日・土日の行も取り込む",
                                                      "accept rows on holidays"))
    def import_timetable(file: Path, on_holiday: bool) -> None:
        rows = read_csv(file)
        try:
            added = add_sessions(current_psc(), rows, on_holiday=on_holiday)
        except InvalidInput as exc:  # name the file's line (the heading is line 1)
            raise InvalidInput([p._replace(path=_line(file, p.path)) for p in exc.problems]
                               ) from None
        echo_ok(T(f"{len(added)} 件のセッションを取り込みました",
                  f"Imported {len(added)} sessions"))

    return import_timetable


FIELDS = {"date": "held_on", "gather": "gather_at", "start": "starts_at", "end": "ends_at",
          "order": "work_order_id"}  # CSV heading → session field
EXTRA_CELLS = Label("{line}行目: 見出しより多くの値があります", "line {line}: more values than headings")
NOT_TEXT = Label("CSVを読めません。UTF-8 か Shift_JIS で保存してください",
                 "cannot read the CSV; save it as UTF-8 or Shift_JIS")


def _line(file: Path, path: str) -> str:
    """``$[2].held_on`` → ``august.csv:4 date`` (the heading is line 1)."""
    match = re.fullmatch(r"\$\[(\d+)\]\.?(.*)", path)
    if not match:
        return path
    headings = {v: k for k, v in FIELDS.items()}
    return f"{file.name}:{int(match.group(1)) + 2} {headings.get(match.group(2), match.group(2))}"


def _text(file: Path) -> str:
    """The file's text: UTF-8 (with or without BOM), else Shift_JIS as Excel saves it."""
    raw = file.read_bytes()
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InvalidInput([Problem("$", NOT_TEXT)])


def read_csv(file: Path) -> list[dict[str, Any]]:
    """Rows of a timetable CSV as session data; every malformed line is named."""
    reader = csv.DictReader(io.StringIO(_text(file), newline=""))
    unknown = [h for h in reader.fieldnames or [] if h not in CSV_COLUMNS]
    if unknown:
        raise InvalidInput([Problem("$", BAD_CSV, {"known": ", ".join(CSV_COLUMNS),
                                                   "unknown": ", ".join(unknown)})])
    rows, problems = [], []
    for row in reader:
        if None in row:  # csv keeps cells beyond the headings under None
            problems.append(Problem("$", EXTRA_CELLS, {"line": reader.line_num}))
            continue
        rows.append({FIELDS.get(k, k): v.strip() for k, v in row.items() if v and v.strip()})
    if problems:
        raise InvalidInput(problems)
    if not rows:
        raise InvalidInput([Problem("$", EMPTY_CSV)])
    return rows


def attend_command() -> click.Command:
    @command(name="attend", help=T(
        "セッションの出欠を記録します（何人でも）。既に記録があれば直します",
        "record who came to a session (any number of cases); corrects an earlier record"))
    @click.argument("session_id", type=int)
    @click.argument("case_ids", type=CASE, metavar="CASE...", nargs=-1, required=True)
    @click.option("--status", "presence", type=CodedChoice(Presence),
                  default=Presence.PRESENT.value, show_default=True,
                  help=T("出欠（名称かその一部・コード）", "attendance (label, part of it, or code)"))
    @click.option("--reason", type=CodedChoice(AbsenceReason),
                  help=T("欠席・遅刻・早退の理由", "why absent, late or leaving early"))
    @click.option("--minutes", "minutes_late", type=int, help=T("遅刻した分数", "minutes late"))
    @click.option("--note",
                  help=T("メモ", "note"))
    @click.option("--remove", is_flag=True, help=T("記録を取り消す（間違えたとき）",
                                                   "take the records back (a mistake)"))
    def attend(session_id: int, case_ids: tuple[int, ...], presence: str, reason: str | None,
               minutes_late: int | None, note: str | None, remove: bool) -> None:
        if remove:
            count = remove_attendance(current_psc(), session_id,
                                              list(dict.fromkeys(case_ids)))
            echo_ok(T(f"{count} 件の出欠の記録を取り消しました",
                      f"Removed {count} attendance records"))
            return
        saved = record_attendance(current_psc(), session_id, list(dict.fromkeys(case_ids)),
                                          presence, reason, minutes_late, note)
        label = Presence.of(presence).label
        echo_ok(T(f"{len(saved)} 人を「{label.ja}」と記録しました",
                  f"Recorded {len(saved)} as {label.en}"))

    return attend
