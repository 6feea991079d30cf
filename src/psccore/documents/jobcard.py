"""The JOB card written out: as JSON to edit, as an Excel workbook (a sheet per form)
and as printable HTML (a page per form)."""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from psccore.documents.files import save_workbook, text_width
from psccore.domain.convert import parse_json, structure, unstructure
from psccore.domain.jobcard import JobCard, Rating
from psccore.i18n import Label, Lang

CARD = Label("ジョブ・カード", "JOB card")
SHEET_1 = {True: Label("様式1-1 キャリア・プランシート（就業経験がある方用）",
                       "Sheet 1-1 Career plan (with work experience)"),
           False: Label("様式1-2 キャリア・プランシート（就業経験がない方、学卒者等用）",
                        "Sheet 1-2 Career plan (without work experience, graduates)")}
SHEET_2 = Label("様式2 職務経歴シート", "Sheet 2 Work history")
SHEET_31 = Label("様式3-1 職業能力証明（免許・資格）シート", "Sheet 3-1 Licences and qualifications")
SHEET_32 = Label("様式3-2 職業能力証明（学習歴・訓練歴）シート", "Sheet 3-2 Learning and training")
SHEET_33 = Label("様式3-3 職業能力証明（訓練成果・実務成果）シート",
                 "Sheet 3-3 Results of training or practical work")
#: The sheet tabs: the form numbers (様式1-1 …).
SHEET_NAMES = {SHEET_1[True]: Label("様式1-1", "Sheet 1-1"), SHEET_1[False]: Label("様式1-2", "Sheet 1-2"),
               SHEET_2: Label("様式2", "Sheet 2"), SHEET_31: Label("様式3-1", "Sheet 3-1"),
               SHEET_32: Label("様式3-2", "Sheet 3-2"), SHEET_33: Label("様式3-3", "Sheet 3-3")}
NONE_YET = Label("（記入なし）", "(none)")
RATINGS = Label("評価: A 常にできている / B 大体できている / C 評価しない",
                "Ratings: A always / B mostly / C not rated")
L = {
    "name": Label("氏名", "name"), "kana": Label("ふりがな", "furigana"),
    "birth_date": Label("生年月日", "birth date"), "address": Label("住所", "address"),
    "phone": Label("電話", "phone"), "email": Label("メール", "e-mail"),
    "made_on": Label("作成日", "made on"), "period": Label("期間", "period"),
    "employer": Label("事業所名", "employer"), "type": Label("雇用形態", "type"),
    "duties": Label("職務内容", "duties"), "confirmed": Label("事業所の確認", "confirmed by"),
    "licence": Label("免許・資格の名称", "licence or qualification"),
    "obtained": Label("取得年月", "obtained"), "issuer": Label("実施・認定機関", "issued by"),
    "school": Label("学校・訓練の名称", "school or course"),
    "content": Label("学習・訓練の内容", "content"),
    "place": Label("実施場所", "where"), "category": Label("能力の区分", "ability"),
    "item": Label("評価項目", "item"), "rating": Label("評価", "rating"),
    "comment": Label("総括評価", "overall comment"), "evaluator": Label("評価者", "evaluated by"),
}
PLAN_FIELDS = (
    ("values_and_interests", Label("価値観、興味・関心事項など", "Values and interests")),
    ("strengths", Label("強み（弱みの克服を含む）", "Strengths (and overcoming weaknesses)")),
    ("work_wanted", Label("将来取り組みたい仕事や働き方など", "The work wanted in future")),
    ("next_steps", Label("これから取り組むことなど", "What to do next")),
    ("self_pr", Label("自己PR", "Self-PR")),
)


# --- JSON, to edit -----------------------------------------------------------------------------

def card_json(card: JobCard) -> str:
    return json.dumps(unstructure(card), ensure_ascii=False, indent=2) + "\n"


def read_card(text: str) -> JobCard:
    """An edited card, checked field by field (errors name ``$.work_history[0]...``)."""
    from psccore.errors import InvalidInput, Problem

    try:
        data = parse_json(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput([Problem("$", Label("JSON として読めません（{line}行目）: {error}",
                                               "not valid JSON (line {line}): {error}"),
                                    {"line": exc.lineno, "error": exc.msg})]) from exc
    return structure(data, JobCard)


# --- the sheets as rows, shared by Excel and HTML ------------------------------------------------

def _day(day: dt.date | None, lang: Lang) -> str:
    if day is None:
        return ""
    return f"{day.year}年{day.month}月{day.day}日" if lang == "ja" else day.isoformat()


def _month(day: dt.date | None, lang: Lang) -> str:
    if day is None:
        return ""
    return f"{day.year}年{day.month}月" if lang == "ja" else day.strftime("%Y-%m")


def _span(start: dt.date, end: dt.date | None, lang: Lang) -> str:
    return f"{_month(start, lang)}〜{_month(end, lang)}"


def _sheets(card: JobCard, lang: Lang) -> Iterator[tuple[Label, list[list[str]], list[str]]]:
    """Each form: (title, a header row first then rows, the kind of layout)."""
    b = card.basics
    yield SHEET_1[card.with_work_experience], [
        [L["name"].text(lang), b.name], [L["kana"].text(lang), b.kana or ""],
        [L["birth_date"].text(lang), _day(b.birth_date, lang)],
        [L["address"].text(lang), " ".join(x for x in (f"〒{b.postal_code}" if b.postal_code
                                                       else "", b.address or "") if x)],
        [L["phone"].text(lang), b.phone or ""], [L["email"].text(lang), b.email or ""],
        [L["made_on"].text(lang), _day(card.made_on, lang)],
        *[[label.text(lang), getattr(card.career_plan, key) or ""]
          for key, label in PLAN_FIELDS]], ["form"]
    yield SHEET_2, [
        [L[k].text(lang) for k in ("period", "employer", "type", "duties", "confirmed")],
        *[[_span(w.started_on, w.ended_on, lang), w.employer_name, w.employment_type or "",
           w.duties or "", w.confirmed_by or ""] for w in card.work_history]], ["table"]
    yield SHEET_31, [
        [L[k].text(lang) for k in ("licence", "obtained", "issuer")],
        *[[x.name, _month(x.obtained_on, lang), x.issuer or ""] for x in card.licences]], ["table"]
    yield SHEET_32, [
        [L[k].text(lang) for k in ("period", "school", "content")],
        *[[_span(x.started_on, x.ended_on, lang), x.name, x.content or ""]
          for x in card.learning]], ["table"]
    if not card.results:
        yield SHEET_33, [[NONE_YET.text(lang)]], ["form"]
    for result in card.results:
        yield SHEET_33, [
            [result.name, _span(result.started_on, result.ended_on, lang)],
            [L["place"].text(lang), result.place or ""],
            [L["duties"].text(lang), result.duties or ""],
            [L["category"].text(lang), L["item"].text(lang), L["rating"].text(lang)],
            *[[a.category, a.item, a.rating.value if a.rating else ""] for a in result.abilities],
            [L["comment"].text(lang), result.comment or ""],
            [L["evaluator"].text(lang), result.evaluator or ""],
            [RATINGS.text(lang)]], ["result"]


# --- Excel -------------------------------------------------------------------------------------

def write_card_xlsx(card: JobCard, path: Path, lang: Lang) -> None:
    """A sheet per form (one per result on 3-3), printed portrait and fit to width."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.worksheet.properties import PageSetupProperties

    book = Workbook()
    book.remove(book.worksheets[0])
    thin = Side(style="thin", color="888888")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    names: dict[str, int] = {}
    for heading, rows, (layout,) in _sheets(card, lang):
        short = SHEET_NAMES[heading].text(lang)
        names[short] = names.get(short, 0) + 1
        sheet = book.create_sheet((short if names[short] == 1 else f"{short}-{names[short]}")[:31])
        sheet.append([f"{CARD.text(lang)} {heading.text(lang)}"])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append([])
        for i, row in enumerate(rows):
            sheet.append(row)
            header = (layout == "table" and i == 0) or (layout == "result" and len(row) == 3 \
                and row[0] == L["category"].text(lang))
            for cell in sheet[sheet.max_row]:
                cell.border = box
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                if header or (layout != "table" and cell.column == 1):
                    cell.font = Font(bold=True)
                    cell.fill = PatternFill("solid", fgColor="E2EFDA")
        _card_widths(sheet, layout)
        sheet.page_setup.orientation = "portrait"
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    save_workbook(book, path)


def _card_widths(sheet: Any, layout: str) -> None:
    from openpyxl.utils import get_column_letter

    widest: dict[int, int] = {}
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            if cell.value:
                longest = max(text_width(line) for line in str(cell.value).splitlines() or [""])
                widest[cell.column] = max(widest.get(cell.column, 0), longest)
    for column, size in widest.items():
        limit = 28 if layout == "form" and column == 1 else 70
        sheet.column_dimensions[get_column_letter(column)].width = min(max(size + 2, 10), limit)


# --- HTML --------------------------------------------------------------------------------------

CARD_STYLE = """
body { font-family: "Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", "Meiryo", sans-serif;
       margin: 2rem auto; max-width: 50rem; color: #222; }
section { margin-bottom: 2.5rem; }
h1 { font-size: 1.2rem; border-bottom: 2px solid #548235; padding-bottom: .2rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { border: 1px solid #888; padding: .3rem .5rem; vertical-align: top;
         white-space: pre-wrap; text-align: left; }
th { background: #e2efda; width: 14rem; }
thead th { width: auto; }
@page { size: A4; margin: 15mm; }
@media print { body { margin: 0; max-width: none; } section { break-after: page; } }
"""


def card_html(card: JobCard, lang: Lang) -> str:
    e = html.escape
    parts = [f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">',
             f"<title>{e(CARD.text(lang))} {e(card.basics.name)}</title>",
             f"<style>{CARD_STYLE}</style>\n</head>\n<body>"]
    for heading, rows, (layout,) in _sheets(card, lang):
        parts.append(f"<section>\n<h1>{e(CARD.text(lang))} {e(heading.text(lang))}</h1>")
        parts.append(_html_rows(rows, layout, lang))
        parts.append("</section>")
    parts.append("</body>\n</html>\n")
    return "\n".join(parts)


def _html_rows(rows: Sequence[Sequence[str]], layout: str, lang: Lang) -> str:
    e = html.escape
    if layout == "table":
        head = "".join(f"<th>{e(c)}</th>" for c in rows[0])
        body = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>"
                       for row in rows[1:]) or (f'<tr><td colspan="{len(rows[0])}">'
                                                f"{e(NONE_YET.text(lang))}</td></tr>")
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    out = []
    for row in rows:
        cells = [f"<th>{e(row[0])}</th>", *(f"<td>{e(c)}</td>" for c in row[1:])]
        span = 3 - len(row)
        if span > 0 and len(row) > 1:
            cells[-1] = cells[-1].replace("<td>", f'<td colspan="{span + 1}">', 1)
        elif len(row) == 1:
            cells = [f'<td colspan="3">{e(row[0])}</td>']
        out.append("<tr>" + "".join(cells) + "</tr>")
    return "<table><tbody>" + "".join(out) + "</tbody></table>"


__all__ = ["Rating", "card_html", "card_json", "read_card", "write_card_xlsx"]
