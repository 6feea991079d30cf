"""The monthly timetable: the seed's August 2017 form (様式-1) entered and printed back
in the same grid, holidays respected, the spreadsheet, and bad input."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import sqlalchemy as sa
from readiness_support import DATA, Center

from psc_readiness.catalogue import Half
from psc_readiness.grid import build_grid
from psc_readiness.sessions import client_names, sessions_between
from psc_readiness.tables import readiness_sessions
from psccore import InvalidInput, Psc

SEED_CSV = DATA / "timetable-2017-08.csv"

# The seed's form, transcribed: per day, per half, the cells [skill-up, work, off-site ①,
# off-site ②] as the paper shows them. The form prints the usual Friday under 11(金)
# with 「祝日 山の日」 in its notes: the center is closed on public holidays, so 11 August
# holds no session. (The form spells posting ポストイング; the catalogue's word is ポスティング.)
SJ, W, SF, CL, PC = "短期就活", "内部作業", "ソーシャルファーム", "マンション清掃", "PC講座"
BADO, RUCHIKA = "ポスティング(ばど)", "ポスティング(ルチカ)"
SEED: dict[int, tuple[list[str], list[str]]] = {
    7: ([SJ, W, SF, ""], ["集中就活講座", "", SF, ""]),
    8: ([SJ, W, SF, ""], [PC, W, SF, ""]),
    9: ([SJ, W, CL, ""], [PC, W, SF, ""]),
    10: ([SJ, W, SF, ""], [PC, W, SF, ""]),
    11: (["", "", "", ""], ["", "", "", ""]),
    14: (["", W, "", ""], ["", W, "", ""]),
    15: ([PC, W, "", ""], [PC, W, "", ""]),
    16: ([SJ, W, SF, CL], [SJ, W, SF, ""]),
    17: ([f"{PC}・{SJ}", "", SF, BADO], [f"{PC}・{SJ}", "", SF, BADO]),
    18: ([SJ, "", SF, BADO], [SJ, "", SF, BADO]),
    21: ([SJ, W, SF, ""], ["余暇講座", "", SF, ""]),
    22: ([f"{PC}・{SJ}", W, SF, ""], [f"{PC}・{SJ}", W, SF, ""]),
    23: ([SJ, W, SF, CL], ["コミュニケーション講座", "", SF, ""]),
    24: ([PC, W, SF, ""], [f"{PC}・{SJ}", W, SF, ""]),
    25: ([SJ, W, SF, ""], [SJ, W, SF, ""]),
    28: ([SJ, W, SF, ""], ["生活講座", "", SF, ""]),
    29: ([f"{PC}・{SJ}", W, SF, RUCHIKA], [f"{PC}・{SJ}", W, SF, RUCHIKA]),
    30: ([SJ, W, SF, RUCHIKA], [SJ, W, SF, BADO]),
    31: ([f"{PC}・{SJ}", W, SF, BADO], [f"{PC}・{SJ}", W, SF, BADO]),
}
COLUMNS = ("skill_up", "work", "off_site_1", "off_site_2")


def enter_the_seed(center: Center, psc_cli: Callable[..., Any]) -> None:
    """The two posting clients and their orders (numbers 1 and 2), then the CSV."""
    for name, due in (("ばど", "2017-08-31"), ("ルチカ", "2017-09-08")):
        center.order(client_id=center.client(name), activity="posting", task="ポスティング",
                     quantity=3000, unit_price="3.5", received_on="2017-08-01", due_on=due)
    result = psc_cli("readiness", "import-timetable", str(SEED_CSV))
    assert result.exit_code == 0, result.output
    assert "115 件のセッションを取り込みました" in result.output


def test_the_seed_timetable_is_printed_back_in_the_same_grid(
        psc: Psc, center: Center, psc_cli: Callable[..., Any]) -> None:
    enter_the_seed(center, psc_cli)
    with psc.program_read("readiness") as conn:
        sessions = sessions_between(conn, dt.date(2017, 8, 1), dt.date(2017, 8, 31))
        clients = client_names(conn, [1, 2])
    grid = build_grid(2017, 8, sessions, clients)
    assert [w.days[0].date.day for w in grid.weeks if w.days[0]] == [7, 14, 21, 28]
    assert grid.weekdays == [0, 1, 2, 3, 4]  # Monday to Friday, as on the form
    for day, (morning, afternoon) in SEED.items():
        found = grid.day(dt.date(2017, 8, day))
        assert found is not None
        for half, expected in ((Half.AM, morning), (Half.PM, afternoon)):
            cells = ["・".join(found.cell(half, c)) for c in COLUMNS]
            assert cells == expected, (day, half)
    holiday = grid.day(dt.date(2017, 8, 11))
    assert holiday is not None and holiday.notes == ["祝日 山の日"]
    last = grid.day(dt.date(2017, 8, 28))
    assert last is not None and last.notes == ["生活講座:消費者トラブルに気を付けよう"]
    assert grid.weeks[-1].days[-1] is None  # 1 September is not in August's form


def test_the_printed_grid_has_the_forms_rows_and_columns(
        center: Center, psc_cli: Callable[..., Any]) -> None:
    enter_the_seed(center, psc_cli)
    result = psc_cli("readiness", "timetable", "2017-08")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "2017年8月 就労準備支援事業 プログラム予定表"
    heads = [ln for ln in lines if ln.lstrip().startswith("|")]
    assert [h.split("|")[1].strip() for h in heads] == ["7(月)", "14(月)", "21(月)", "28(月)"]
    assert "11(金)" in heads[0] and "31(木)" in heads[3]
    morning = next(ln for ln in lines if ln.startswith("午前 施設外 ②") and "ばど" in ln)
    assert [c.strip() for c in morning.split("|")][1:] == ["", "", "マンション清掃", BADO, BADO]
    notes = [ln for ln in lines if ln.startswith("備考")]
    assert notes[0].rstrip().endswith("祝日 山の日") and len(notes) == 4
    english = psc_cli("readiness", "timetable", "2017-08", lang="en")
    assert "August 2017: Work readiness support timetable" in english.output
    assert "holiday: Mountain Day" in english.output and "PC course" in english.output


def test_the_timetable_is_written_as_a_spreadsheet_in_the_forms_layout(
        center: Center, psc_cli: Callable[..., Any], tmp_path: Path) -> None:
    enter_the_seed(center, psc_cli)
    target = tmp_path / "2017-08.xlsx"
    result = psc_cli("readiness", "timetable", "2017-08", "--xlsx", str(target))
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(target)
    grid, listing = book.worksheets
    assert grid["A1"].value == "2017年8月 就労準備支援事業 プログラム予定表"
    # week 1 starts at row 3: dates every four columns, then 施設内/施設外, then the slots
    assert [grid.cell(3, c).value for c in (2, 6, 10, 14, 18)] == \
        ["7(月)", "8(火)", "9(水)", "10(木)", "11(金)"]
    assert [grid.cell(4, c).value for c in (2, 4)] == ["施設内", "施設外"]
    assert [grid.cell(5, c).value for c in range(2, 6)] == ["スキルアップ", "作業", "①", "②"]
    assert [grid.cell(6, c).value for c in range(1, 5)] == ["午前", SJ, W, SF]
    assert [grid.cell(7, c).value for c in range(1, 5)] == ["午後", "集中就活講座", None, SF]
    assert grid.cell(8, 18).value == "祝日 山の日"
    assert grid.cell(6, 18).fill.fgColor.rgb.endswith("D9D9D9")  # the holiday is shaded
    assert "B3:E3" in {str(r) for r in grid.merged_cells.ranges}
    # week 2 (from row 10): 17(木) morning has two courses and a posting for ばど
    assert grid.cell(10, 14).value == "17(木)"
    assert grid.cell(13, 14).value == f"{PC}\n{SJ}" and grid.cell(13, 17).value == BADO
    assert listing.max_row == 116 and listing["A1"].value == "セッション"
    assert listing.cell(2, 2).value == dt.datetime(2017, 8, 7)


def test_a_holiday_or_weekend_is_refused_unless_asked_for(
        psc: Psc, center: Center, psc_cli: Callable[..., Any]) -> None:
    result = psc_cli("readiness", "session", "add", "2017-08-11", "am", "pc")
    assert result.exit_code == 2
    assert "$.held_on: 2017-08-11 は祝日（山の日）です" in result.output
    assert "Traceback" not in result.output
    english = psc_cli("readiness", "session", "add", "2017-08-12", "pm", "pc", lang="en")
    assert english.exit_code == 2 and "2017-08-12 is a weekend" in english.output
    assert count(psc) == 0
    event = psc_cli("readiness", "session", "add", "2017-08-11", "am", "social_farm",
                    "--on-holiday", "--topic", "収穫祭")
    assert event.exit_code == 0, event.output
    assert count(psc) == 1


def test_usual_times_and_places_fill_in_what_is_not_given(center: Center) -> None:
    pc = center.session("2017-08-08", "pm", "PC講座")
    assert (pc.gather_at, pc.starts_at, pc.ends_at, pc.capacity) == ("13:00", "13:00", "14:50", 6)
    farm = center.session("2017-08-08", "am", "social_farm", capacity=4, place="南蒲生の畑")
    assert (farm.gather_at, farm.starts_at, farm.ends_at) == ("9:30", "10:00", "12:00")
    assert (farm.capacity, farm.place) == (4, "南蒲生の畑")


def test_the_import_checks_every_row_and_saves_nothing_if_one_is_wrong(
        psc: Psc, center: Center, psc_cli: Callable[..., Any], tmp_path: Path) -> None:
    center.session("2017-09-04", "am", "pc")
    bad = tmp_path / "september.csv"
    bad.write_text("date,half,activity,start,end\n"
                   "2017-09-01,am,pc,,\n"
                   "2017-09-04,zz,pc,,\n"
                   "2017-09-05,pm,yoga,,\n"
                   "2017-09-18,am,pc,,\n"
                   "2017-09-06,am,piecework,11:00,10:30\n"
                   "2017-09-04,am,pc,,\n", encoding="utf-8")
    result = psc_cli("readiness", "import-timetable", str(bad), lang="en")
    assert result.exit_code == 2
    for expected in ("september.csv:3 half: must be am (午前) or pm (午後): zz",
                     "september.csv:4 activity: no activity yoga",
                     "september.csv:5 date: 2017-09-18 is a public holiday (Respect for the Aged Day)",
                     "september.csv:6 end: ends before it starts",
                     "september.csv:7 activity: 2017-09-04 morning already has PC course"):
        assert expected in result.output, result.output
    assert count(psc) == 1  # only the session made before the import


def test_a_cancelled_session_shows_in_the_notes(
        psc: Psc, center: Center, psc_cli: Callable[..., Any]) -> None:
    farm = center.session("2017-08-08", "am", "social_farm")
    result = psc_cli("readiness", "session", "cancel", str(farm.id), "--reason", "雨天")
    assert result.exit_code == 0, result.output
    grid = psc_cli("readiness", "timetable", "2017-08").output
    assert "ソーシャルファーム（中止）" in grid and "ソーシャルファーム 中止（雨天）" in grid


def test_a_month_without_sessions_says_so(psc_cli: Callable[..., Any]) -> None:
    result = psc_cli("readiness", "timetable", "2017-08")
    assert result.exit_code == 0 and "2017年8月のセッションはまだありません" in result.output
    bad = psc_cli("readiness", "timetable", "August")
    assert bad.exit_code == 2 and "2017-08 か 令和8年10月 の形" in bad.output


def test_a_session_for_an_order_must_be_its_kind_of_work(center: Center) -> None:
    order = center.order()
    with pytest.raises(InvalidInput) as caught:
        center.session("2017-08-08", "am", "posting", work_order_id=order.id)
    assert caught.value.problems[0].path == "$.work_order_id"
    assert "チラシ折込作業" in caught.value.text("ja")


def count(psc: Psc) -> int:
    with psc.program_read("readiness") as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(readiness_sessions))
                   .scalar_one())


def test_the_grid_as_json(center: Center, psc_cli: Callable[..., Any]) -> None:
    import json

    enter_the_seed(center, psc_cli)
    result = psc_cli("readiness", "timetable", "2017-08", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    first = data["weeks"][0][0]
    assert first["date"] == "2017-08-07" and first["am"]["off_site_1"] == [SF]
    assert data["weeks"][0][4]["notes"] == ["祝日 山の日"] and data["weeks"][3][4] is None


def test_csv_files_as_offices_keep_them(
        psc: Psc, center: Center, psc_cli: Callable[..., Any], tmp_path: Path) -> None:
    sjis = tmp_path / "excel.csv"  # Excel in Japan saves Shift_JIS
    sjis.write_bytes("date,half,activity\n2017-09-04,午前,PC講座\n".encode("cp932"))
    result = psc_cli("readiness", "import-timetable", str(sjis))
    assert result.exit_code == 0, result.output
    assert count(psc) == 1
    extra = tmp_path / "extra.csv"
    extra.write_text("date,half,activity\n2017-09-05,am,pc,メモ\n2017-09-05,pm,pc\n",
                     encoding="utf-8")
    result = psc_cli("readiness", "import-timetable", str(extra), lang="en")
    assert result.exit_code == 2 and "line 2: more values than headings" in result.output
    unknown = tmp_path / "order.csv"
    unknown.write_text("date,half,activity,order\n2017-09-05,am,posting,99\n", encoding="utf-8")
    result = psc_cli("readiness", "import-timetable", str(unknown), lang="en")
    assert result.exit_code == 2 and "order.csv:2 order: there is no work order 99" in result.output
    empty = tmp_path / "empty.csv"
    empty.write_text("date,half,activity\n", encoding="utf-8")
    assert psc_cli("readiness", "import-timetable", str(empty)).exit_code == 2
    twice = tmp_path / "twice.csv"
    twice.write_text("date,half,activity\n2017-09-06,am,pc\n2017-09-06,am,PC講座\n",
                     encoding="utf-8")
    result = psc_cli("readiness", "import-timetable", str(twice))
    assert result.exit_code == 2 and "twice.csv:3 activity: 前の行と同じセッションです" in result.output
    assert count(psc) == 1


def test_the_spreadsheet_is_only_written_where_asked(
        center: Center, psc_cli: Callable[..., Any], tmp_path: Path) -> None:
    center.session("2017-08-08", "am", "pc")
    mine = tmp_path / "mine.csv"
    mine.write_text("keep me", encoding="utf-8")
    result = psc_cli("readiness", "timetable", "2017-08", "--xlsx", str(mine))
    assert result.exit_code == 2 and ".xlsx" in result.output
    assert mine.read_text(encoding="utf-8") == "keep me"
    missing = psc_cli("readiness", "timetable", "2017-08", "--xlsx",
                      str(tmp_path / "nope" / "a.xlsx"), lang="en")
    assert missing.exit_code == 2 and "there is no folder" in missing.output


def test_commands_speak_the_users_language_and_take_labels(
        psc: Psc, center: Center, psc_cli: Callable[..., Any]) -> None:
    help_ja = psc_cli("readiness", "attend", "--help").output
    assert "使い方:" in help_ja and "オプション" in help_ja and "Usage:" not in help_ja
    assert "Usage:" in psc_cli("readiness", "order", "add", "--help", lang="en").output
    taro = center.participant()
    pc = center.session("2017-08-08", "am", "pc")
    result = psc_cli("readiness", "attend", str(pc.id), str(taro), "--status", "遅刻",
                     "--minutes", "15", "--reason", "寝坊・生活リズム")
    assert result.exit_code == 0, result.output
    shown = psc_cli("readiness", "session", "show", str(pc.id), lang="en").output
    assert "late 15 min" in shown and "overslept" in shown
    bad = psc_cli("readiness", "attend", str(pc.id), str(taro), "--status", "ちこく")
    assert bad.exit_code == 2 and "late（遅刻）" in bad.output


def test_the_timetable_is_printed_as_the_form(
        psc: Psc, center: Center, psc_cli: Callable[..., Any], tmp_path: Path) -> None:
    from pypdf import PdfReader

    enter_the_seed(center, psc_cli)
    psc.set_office({"name": "「わんすてっぷ」就労準備支援センター"})

    def printed() -> int:
        return sum(1 for e in psc.audit_log() if e.action == "export" and e.entity == "forms")

    target = tmp_path / "2017-08.pdf"
    result = psc_cli("readiness", "timetable", "2017-08", "--pdf", str(target))
    assert result.exit_code == 0, result.output
    reader = PdfReader(target)
    page = reader.pages[0]
    assert page.mediabox.width > page.mediabox.height  # A4 landscape
    text = "".join(p.extract_text() for p in reader.pages)
    for expected in ("2017年 8月 「わんすてっぷ」就労準備支援センター プログラム予定表", "様式-1",
                     "7(月)", "31(木)", PC, SJ, "祝日 山の日", "施設外"):
        assert expected in text, expected
    assert "発行日 令和" in text  # the issue date, in the era
    assert BADO in text.replace("\n", "")  # a long word wraps in its cell
    for font in page["/Resources"]["/Font"].values():
        descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert "/FontFile2" in descriptor.get_object()  # embedded
    assert printed() == 1
    again = psc_cli("readiness", "timetable", "2017-08", "--pdf", str(target))
    assert again.exit_code != 0 and printed() == 1  # not written, not audited
    wrong = psc_cli("readiness", "timetable", "2017-08", "--pdf", str(tmp_path / "a.xlsx"))
    assert wrong.exit_code != 0 and printed() == 1
