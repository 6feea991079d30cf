"""``psc readiness …``: the timetable, attendance, stage reviews and work orders."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import click

from psc_readiness import service
from psc_readiness.catalogue import Activity, Half
from psc_readiness.figures import OrderProgress
from psc_readiness.grid import build_grid, render_text
from psc_readiness.intake import AutonomyStage
from psc_readiness.records import HEALTH_REASONS, AbsenceReason, Attendance, Presence
from psccore import InvalidInput, Label, Problem, ReportPeriod, enrollment_of, program_group
from psccore.cli.kit import (
    CodedChoice,
    T,
    command,
    current_psc,
    echo_ok,
    emit_json,
    group,
    json_option,
    parse_month,
    parse_on,
    record,
    table,
)
from psccore.documents.files import check_target, write_atomically

CODE = service.CODE
CSV_COLUMNS = ("date", "half", "activity", "place", "capacity", "staff", "gather", "start", "end",
               "topic", "order")
BAD_CSV = Label("CSVの見出しは次から選んでください: {known}（知らない見出し: {unknown}）",
                "CSV headings must be among: {known} (unknown: {unknown})")


def month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    period = ReportPeriod.month(year, month)
    return period.start, period.end


def register(cli: click.Group) -> None:
    program = program_group(cli, CODE)

    @program.command(help=T("活動の一覧（いつもの時刻・場所・定員）",
                          "the activities, with their usual times, place and capacity"))
    @json_option
    def activities(as_json: bool) -> None:
        if as_json:
            emit_json([{"code": a.value, "label": a.label, "kind": a.usual.kind.value,
                        "setting": a.usual.setting.value, "capacity": a.usual.capacity}
                       for a in Activity])
            return
        table([T("コード", "code"), T("活動", "activity"), T("種類", "kind"), T("場所", "where"),
               T("午前", "morning"), T("午後", "afternoon"), T("定員", "capacity")],
              [(a.value, a.label, a.usual.kind.label, a.usual.setting.label,
                _times(a.usual.am), _times(a.usual.pm), a.usual.capacity) for a in Activity])

    program.add_command(_session_group())
    program.add_command(_timetable_command())
    program.add_command(_import_command())
    program.add_command(_attend_command())
    program.add_command(_attendance_command())
    program.add_command(_stage_command())
    program.add_command(_order_group())


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


def _times(times: Any) -> str:
    if not times:
        return "-"
    return T(f"{times.start}–{times.end}（集合 {times.gather}）",
             f"{times.start}–{times.end} (gather {times.gather})")


# --- sessions and the timetable -------------------------------------------------------

def _session_group() -> click.Group:
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
    @click.option("--place")
    @click.option("--capacity", type=int)
    @click.option("--staff", metavar="LOGIN", help=T("担当職員", "staff in charge"))
    @click.option("--gather", "gather_at", metavar="HH:MM")
    @click.option("--start", "starts_at", metavar="HH:MM")
    @click.option("--end", "ends_at", metavar="HH:MM")
    @click.option("--topic", help=T("講座のテーマ（備考に出ます）", "the course's topic (shown in notes)"))
    @click.option("--order", "work_order_id", type=int, help=T("受注番号", "work order number"))
    @click.option("--on-holiday", is_flag=True, help=T("祝日・土日でも行う", "hold it on a holiday"))
    @json_option
    def add(day: str, half: str, activity: str, on_holiday: bool, as_json: bool,
            **options: Any) -> None:
        added = service.add_session(current_psc(), {"held_on": day, "half": half,
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
            found = service.sessions_between(conn, start, end)
            came = service.attendance_counts(conn, [s.id or 0 for s in found])
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
            found = service.get_session(conn, session_id)
            people = service.roster(conn, session_id)
            clients = service.client_names(conn, [found.work_order_id or 0])
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
        done = service.cancel_session(current_psc(), session_id, reason)
        echo_ok(T(f"セッション {done.id} を中止にしました", f"Cancelled session {done.id}"))

    return session


def _timetable_command() -> click.Command:
    @command(name="timetable", help=T(
        "月の予定表を様式-1の形（週×曜日×午前午後）で表示します。--xlsx で表計算ファイルに書き出します",
        "print a month's timetable in the form's grid (weeks × weekdays × morning/afternoon); "
        "--xlsx writes it as a spreadsheet"))
    @click.argument("month")
    @click.option("--xlsx", "xlsx", type=click.Path(dir_okay=False, path_type=Path),
                  help=T("書き出すファイル（.xlsx）", "file to write (.xlsx)"))
    @click.option("--overwrite", is_flag=True,
                  help=T("既にあるファイルを置き換える", "replace an existing file"))
    @json_option
    def timetable(month: str, xlsx: Path | None, overwrite: bool, as_json: bool) -> None:
        year, number = parse_month(month)
        start, end = month_range(year, number)
        psc = current_psc()
        with psc.program_read(CODE) as conn:
            sessions = service.sessions_between(conn, start, end)
            clients = service.client_names(conn, {s.work_order_id for s in sessions
                                                   if s.work_order_id})
        grid = build_grid(year, number, sessions, clients)
        title = T(f"{year}年{number}月 {psc.programs[CODE].label.ja} プログラム予定表",
                  f"{start.strftime('%B %Y')}: {psc.programs[CODE].label.en} timetable")
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


EMPTY_CSV = Label("CSVに行がありません", "the CSV has no rows")


def _import_command() -> click.Command:
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
            added = service.add_sessions(current_psc(), rows, on_holiday=on_holiday)
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


# --- attendance and stages ------------------------------------------------------------

def _attend_command() -> click.Command:
    @command(name="attend", help=T(
        "セッションの出欠を記録します（何人でも）。既に記録があれば直します",
        "record who came to a session (any number of cases); corrects an earlier record"))
    @click.argument("session_id", type=int)
    @click.argument("case_ids", type=int, nargs=-1, required=True)
    @click.option("--status", "presence", type=CodedChoice(Presence),
                  default=Presence.PRESENT.value, show_default=True)
    @click.option("--reason", type=CodedChoice(AbsenceReason),
                  help=T("欠席・遅刻・早退の理由", "why absent, late or leaving early"))
    @click.option("--minutes", "minutes_late", type=int, help=T("遅刻した分数", "minutes late"))
    @click.option("--note")
    @click.option("--remove", is_flag=True, help=T("記録を取り消す（間違えたとき）",
                                                   "take the records back (a mistake)"))
    def attend(session_id: int, case_ids: tuple[int, ...], presence: str, reason: str | None,
               minutes_late: int | None, note: str | None, remove: bool) -> None:
        if remove:
            count = service.remove_attendance(current_psc(), session_id,
                                              list(dict.fromkeys(case_ids)))
            echo_ok(T(f"{count} 件の出欠の記録を取り消しました",
                      f"Removed {count} attendance records"))
            return
        saved = service.record_attendance(current_psc(), session_id, list(dict.fromkeys(case_ids)),
                                          presence, reason, minutes_late, note)
        label = Presence.of(presence).label
        echo_ok(T(f"{len(saved)} 人を「{label.ja}」と記録しました",
                  f"Recorded {len(saved)} as {label.en}"))

    return attend


def _attendance_command() -> click.Command:
    @command(name="attendance", help=T("ある人の出欠と出席率", "a participant's attendance and rate"))
    @click.argument("case_id", type=int)
    @click.option("--month", help=T("この月だけ（2017-08）", "only this month (2017-08)"))
    @json_option
    def attendance(case_id: int, month: str | None, as_json: bool) -> None:
        start, end = month_range(*parse_month(month)) if month else (None, None)
        psc = current_psc()
        with psc.program_read(CODE) as conn:
            enrollment = enrollment_of(conn, case_id, CODE)
            lines = service.attendance_of(conn, enrollment.id or 0, start, end)
            steps = service.progress_of(conn, enrollment)
        rate = service.rate_of(lines)
        shown = Shown(psc.may_read_sensitive(CODE))
        if as_json:
            emit_json({"rate": rate.rate, "counts": rate, "stages": steps,
                       "sessions": [{"session": ln.session, **shown.attendance(ln.attendance)}
                                    for ln in lines]})
            return
        record([(T("出席率", "attendance rate"), rate.text()),
                (T("自立段階", "autonomy stage"), " → ".join(s.text() for s in steps))])
        click.echo()
        table([T("日付", "date"), T("午前・午後", "half"), T("活動", "activity"),
               T("出欠", "attendance"), T("理由", "reason"), T("記録", "note")],
              [(ln.session.held_on.isoformat(), ln.session.half.label, ln.session.activity.label,
                _presence(ln.attendance),
                shown.reason(ln.attendance), shown.note(ln.attendance)) for ln in lines])

    return attendance


def _stage_command() -> click.Command:
    @command(name="stage", help=T("自立段階の見直しを記録します", "record a review of the autonomy stage"))
    @click.argument("case_id", type=int)
    @click.argument("stage", type=CodedChoice(AutonomyStage))
    @click.option("--on", help=T("見直し日（既定: 今日）", "reviewed on (default: today)"))
    @click.option("--note")
    def stage(case_id: int, stage: str, on: str | None, note: str | None) -> None:
        steps = service.review_stage(current_psc(), case_id, stage, parse_on(on), note)
        echo_ok(" → ".join(s.text() for s in steps))

    return stage


# --- work orders -------------------------------------------------------------------------

def _order_group() -> click.Group:
    @group(name="order", help=T("受注作業（地域の事業所から）", "work orders from local businesses"))
    def order() -> None:
        pass

    @order.command(name="add", help=T("受注を登録します", "take an order"))
    @click.option("--client", "client_id", type=int, required=True,
                  help=T("発注元の事業所番号（psc employer list）", "client employer id"))
    @click.option("--task", required=True, help=T("作業内容", "task"))
    @click.option("--activity", required=True, help=T("作業プログラム（例: flyer_folding）",
                                                     "work program (e.g. flyer_folding)"))
    @click.option("--quantity", type=int, required=True)
    @click.option("--unit", default="個", show_default=True)
    @click.option("--unit-price", required=True, help=T("単価（円、小数可）", "unit price (yen)"))
    @click.option("--received", "received_on", required=True, help=T("受注日", "received on"))
    @click.option("--due", "due_on", required=True, help=T("納期", "due on"))
    @click.option("--staff", metavar="LOGIN", help=T("担当職員", "staff in charge"))
    @json_option
    def add(as_json: bool, **options: Any) -> None:
        added = service.add_order(current_psc(), {k: v for k, v in options.items()
                                                  if v is not None})
        if as_json:
            emit_json(added)
            return
        echo_ok(T(f"受注 {added.id} を登録しました: {added.client_name} {added.task} "
                  f"{added.quantity}{added.unit}（納期 {added.due_on}）",
                  f"Took order {added.id}: {added.client_name}, {added.task}, "
                  f"{added.quantity} {added.unit} (due {added.due_on})"))

    @order.command(name="list", help=T("受注の一覧と進み具合", "orders and how far along they are"))
    @click.option("--open", "open_only", is_flag=True, help=T("未納品だけ", "only undelivered"))
    @click.option("--today", help=T("基準日（既定: 今日）", "as of (default: today)"))
    @json_option
    def list_(open_only: bool, today: str | None, as_json: bool) -> None:
        day = parse_on(today) or current_psc().today()
        with current_psc().program_read(CODE) as conn:
            found = service.progress(conn, service.orders(conn, open_only=open_only), day)
        if as_json:
            emit_json([_progress_json(p) for p in found])
            return
        table([T("番号", "id"), T("発注元", "client"), T("作業", "task"), T("進み", "done"),
               T("納期", "due"), T("状況", "state")],
              [(p.order.id, p.order.client_name, p.order.task,
                f"{p.done}/{p.order.to_make}{p.order.unit}", p.order.due_on.isoformat(),
                state_of(p)) for p in found])

    @order.command(name="show", help=T("受注の詳細と作業の記録", "an order and the work done on it"))
    @click.argument("order_id", type=int)
    @click.option("--today", help=T("基準日（既定: 今日）", "as of (default: today)"))
    @json_option
    def show(order_id: int, today: str | None, as_json: bool) -> None:
        day = parse_on(today) or current_psc().today()
        with current_psc().program_read(CODE) as conn:
            found = service.progress(conn, [service.get_order(conn, order_id)], day)[0]
            lines = service.work_lines(conn, order_id)
        if as_json:
            emit_json({**_progress_json(found), "work": lines})
            return
        o = found.order
        record([(T("受注", "order"), o.id), (T("発注元", "client"), o.client_name),
                (T("作業", "task"), o.task),
                (T("作業プログラム", "work program"), o.activity.label),
                (T("数量", "quantity"), f"{o.quantity}{o.unit}"),
                (T("単価", "unit price"), f"{o.unit_price}円"),
                (T("金額", "amount"), f"{o.amount:,.0f}円"),
                (T("受注日", "received"), o.received_on), (T("納期", "due"), o.due_on),
                (T("進み", "done"), f"{found.done}/{o.to_make}{o.unit}"),
                (T("手直し", "rework"), o.rework or None),
                (T("見込み", "expected finish"), found.projected_finish),
                (T("状況", "state"), state_of(found)),
                (T("納品日", "delivered"), o.delivered_on),
                (T("検収", "acceptance"), o.acceptance.label if o.acceptance else None),
                (T("検収の記録", "acceptance note"), o.acceptance_note)])
        click.echo()
        table([T("日付", "date"), T("数量", "quantity"), T("セッション", "session"),
               T("作業した人", "by"), T("記録", "note")],
              [(ln.work.done_on.isoformat(), ln.work.quantity, ln.work.session_id,
                ln.name or T("職員", "staff"), ln.work.note) for ln in lines])

    @order.command(name="work", help=T("作業した数量を記録します", "record work done on an order"))
    @click.argument("order_id", type=int)
    @click.argument("quantity", type=int)
    @click.option("--session", "session_id", type=int, help=T("作業したセッション", "at this session"))
    @click.option("--case", "case_id", type=int, help=T("作業した人のケース", "by this case's participant"))
    @click.option("--on", help=T("作業日（セッションがなければ。既定: 今日）", "done on (default: today)"))
    @click.option("--note")
    def work(order_id: int, quantity: int, session_id: int | None, case_id: int | None,
             on: str | None, note: str | None) -> None:
        found = service.record_work(current_psc(), order_id, quantity, on=parse_on(on),
                                    session_id=session_id, case_id=case_id, note=note)
        echo_ok(T(f"受注 {order_id}: {found.done}/{found.order.to_make}{found.order.unit}（{state_of(found)}）",
                  f"Order {order_id}: {found.done}/{found.order.to_make} {found.order.unit} "
                  f"({state_of(found)})"))

    @order.command(name="deliver", help=T("納品を記録します", "record delivery to the client"))
    @click.argument("order_id", type=int)
    @click.option("--on", help=T("納品日（既定: 今日）", "delivered on (default: today)"))
    @click.option("--short", is_flag=True, help=T("数量に満たないまま納品する", "deliver less than ordered"))
    def deliver(order_id: int, on: str | None, short: bool) -> None:
        done = service.deliver(current_psc(), order_id, parse_on(on), short=short)
        late = done.delivered_on and done.delivered_on > done.due_on
        echo_ok(T(f"受注 {order_id} を納品しました（{'納期遅れ' if late else '納期内'}）",
                  f"Delivered order {order_id} ({'late' if late else 'on time'})"))

    @order.command(name="accept", help=T("発注元の検収（または手直し依頼）を記録します",
                                         "record the client's acceptance (or a return for rework)"))
    @click.argument("order_id", type=int)
    @click.option("--on", help=T("検収日（既定: 今日）", "on (default: today)"))
    @click.option("--returned", is_flag=True, help=T("手直しを求められた", "returned for rework"))
    @click.option("--redo", type=click.IntRange(1), help=T(
        "手直しする数量（既定: 全数）", "how many to make again (default: all)"))
    @click.option("--note")
    def accept(order_id: int, on: str | None, returned: bool, redo: int | None,
               note: str | None) -> None:
        done = service.accept(current_psc(), order_id, parse_on(on), returned=returned,
                              redo=redo, note=note)
        echo_ok(T(f"受注 {order_id}: {done.acceptance.label.ja if done.acceptance else ''}",
                  f"Order {order_id}: {done.acceptance.label.en if done.acceptance else ''}"))

    return order


def state_of(found: OrderProgress) -> str:
    if found.order.acceptance is not None and found.order.delivered_on is not None:
        return found.order.acceptance.label.text()
    if found.delivered:
        return T("納品済み（検収待ち）", "delivered, awaiting acceptance")
    if found.late:
        return T("納期遅れ", "LATE")
    if found.at_risk:
        return T("遅れのおそれ", "at risk")
    return T("順調", "on track")


def _progress_json(found: OrderProgress) -> dict[str, Any]:
    return {"order": found.order, "done": found.done, "remaining": found.remaining,
            "late": found.late, "at_risk": found.at_risk,
            "projected_finish": found.projected_finish, "amount": str(found.order.amount)}


__all__ = ["Half", "read_csv", "register"]
