"""The national standard forms of the consultation (自立相談支援機関使用標準様式) and the
introduction sheet, filled from the records in our own layout: every item the national
form holds, in its order and under its title. An item the records do not hold (sex,
signatures) is printed as an empty box to fill in by hand."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from psccore.dates import age_on, format_era
from psccore.domain.access import HIDDEN
from psccore.domain.consultation import CODE as CONSULTATION
from psccore.domain.consultation import ConsultationIntake, Topic
from psccore.domain.fields import FieldSpec, describe_fields
from psccore.domain.workflow import Assessment
from psccore.forms.model import Form, FormData, FormDefinition, Row, Section, Table
from psccore.i18n import Label, current_lang

CHECKED, UNCHECKED, MAIN = "■", "□", "◎"
WITHHELD_NOTE = Label("「（閲覧権限がありません）」の項目は、印刷した職員の権限では表示できない要配慮個人情報です。",
                      "Items marked \"(not shown: no permission)\" are sensitive data the "
                      "printing staff member may not read.")


def T(ja: str, en: str) -> str:
    return Label(ja, en).text()


def era(day: dt.date | None) -> str:
    return format_era(day, current_lang()) if day else ""


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return T("はい", "yes") if value else T("いいえ", "no")
    if isinstance(value, dt.date):
        return era(value)
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


# --- the case's parts, shared by the forms ----------------------------------------------

def reception(data: FormData) -> tuple[dict[str, Any], set[str]] | None:
    """The consultation's answers as the reader sees them, and the fields withheld."""
    for enrollment in data.detail.enrollments:
        if enrollment.program == CONSULTATION:
            masked = {m.split(".", 1)[1] for m in data.detail.masked_fields
                      if m.startswith(CONSULTATION + ".")}
            return dict(enrollment.intake), masked
    return None


SPECS = {spec.name: spec for spec in describe_fields(ConsultationIntake)}


def answer(data: FormData, name: str) -> str:
    """One reception answer as printed: choices by their label, lists joined, a
    withheld answer as such."""
    found = reception(data)
    if found is None:
        return ""
    answers, masked = found
    if name in masked:
        return HIDDEN.text()
    return _value(SPECS[name], answers.get(name))


def _value(spec: FieldSpec, value: Any) -> str:
    if value in (None, "", []):
        return ""
    if spec.kind == "choice":
        labels = {c.value: c.label.text() for c in spec.choices}
        values = value if isinstance(value, list) else [value]
        return "・".join(labels.get(str(v), str(v)) for v in values)
    if spec.kind == "date":
        return era(dt.date.fromisoformat(value) if isinstance(value, str) else value)
    return _text(value)


def answer_row(data: FormData, name: str) -> Row:
    return Row(SPECS[name].label.text(), answer(data, name))


def person_section(data: FormData, *, contact: bool = False) -> Section:
    """Who the form is about; with ``contact``, the address, phones and e-mail too."""
    person = data.detail.person
    born = person.birth_date
    age = T(f"（{age_on(born, data.today)}歳）", f" (age {age_on(born, data.today)})") \
        if born else ""
    address = " ".join(p for p in (f"〒{person.postal_code}" if person.postal_code else "",
                                   person.ward or "", person.address or "") if p)
    rows: tuple[Row, ...] = (Row(T("ふりがな", "kana"), person.kana), Row(T("氏名", "name"), person.name),
            Row(T("性別", "sex"), ""), Row(T("生年月日（年齢）", "birth date (age)"), era(born) + age))
    if contact:
        rows += (Row(T("住所", "address"), address),
                 Row(T("電話番号", "phone"), person.phone or ""),
                 Row(T("メールアドレス", "e-mail"), person.email or ""))
    return Section(T("相談者", "The person"), rows)


def _staff(data: FormData, staff_id: int | None) -> str:
    return data.staff_names.get(staff_id or 0, "") if staff_id else ""


def _form(data: FormData, definition: FormDefinition, sections: Iterable[Section]) -> Form:
    person = data.detail.person
    withheld = bool(data.detail.masked_fields or data.detail.hidden_programs)
    return Form(title=definition.title.text(), number=definition.number, office=data.office,
                issued_on=era(data.today),
                subject=T(f"{person.name}（{person.kana}） ケース番号 {data.detail.case.id}",
                          f"{person.name} ({person.kana}), case {data.detail.case.id}"),
                sections=tuple(sections), note=WITHHELD_NOTE.text() if withheld else "")


def signature(heading: str, statement: str, *boxes: str) -> Section:
    return Section(heading, (Row(T("申込・同意の内容", "statement"), statement),
                             *(Row(box, T("令和　　年　　月　　日", "date:")) for box in boxes)),
                   signature=True)


# --- 相談受付・申込票 ------------------------------------------------------------------------

def build_reception(data: FormData) -> Form:
    case = data.detail.case
    found = reception(data)
    answers, masked = found if found else ({}, set())
    topics = set(answers.get("topics") or []) if "topics" not in masked else set()
    main = answers.get("main_topic")
    companion = " ".join(p for p in (answer(data, "companion"),
                                     f"（{answer(data, 'companion_relation')}）"
                                     if answer(data, "companion_relation") else "") if p)
    screening = data.screening
    return _form(data, RECEPTION, [
        Section(T("受付", "Reception"), (
            Row(T("受付日", "received on"), era(_enrolled_on(data) or case.opened_on)),
            Row(T("受付者", "received by"), answer(data, "received_by")
                or _staff(data, case.assigned_staff_id)),
            answer_row(data, "route"), answer_row(data, "referring_agency"),
            Row(T("同行者（関係）", "came with (relation)"), companion),
            Row(T("相談支援員（担当）", "caseworker"), _staff(data, case.assigned_staff_id)),
        )),
        person_section(data, contact=True),
        Section(T("相談内容（該当するものすべてに■、最も困っていることに◎）",
                  "Topics (■ each that applies, ◎ the most pressing)"),
                table=_topics(topics, main, "topics" in masked)),
        Section(T("相談内容の詳細・本人の希望", "The consultation and the person's wishes"),
                (answer_row(data, "topics_note"), answer_row(data, "wishes"))),
        Section(T("生活の状況", "Circumstances"), tuple(answer_row(data, n) for n in (
            "work_status", "housing", "health_insurance", "pension", "monthly_income",
            "benefits"))),
        Section(T("世帯の状況", "Household"), table=_records(
            data, "household", ("relation", "name", "birth_date", "lives_together",
                                "occupation"), (2, 4, 4, 1, 3))),
        Section(T("債務の状況", "Debts"), table=_records(
            data, "debts", ("lender", "amount", "monthly", "in_arrears"), (4, 3, 3, 1))),
        Section(T("心身の状況（要配慮個人情報）", "Health (sensitive)"),
                tuple(answer_row(data, n) for n in ("health", "disability", "disability_note"))),
        Section(T("スクリーニング（受付後の判断）", "Screening"), (
            Row(T("結果", "outcome"), screening.outcome.label.text() if screening else ""),
            Row(T("つなぎ先の機関", "agency"), screening.agency or "" if screening else ""),
            Row(T("判断日", "decided on"), era(screening.decided_on) if screening else ""))),
        signature(T("申込・情報共有への同意", "Application and consent to share"),
                  T("自立相談支援事業の利用を申し込みます。支援のために必要な範囲で、"
                    "関係機関と私の情報を共有することに同意します。",
                    "I apply for the consultation service and agree that my information is "
                    "shared with the agencies concerned as far as my support needs."),
                  T("本人署名", "signature")),
    ])


def _topics(chosen: set[str], main: str | None, withheld: bool) -> Table:
    """The national list of topics, four to a line, each marked □ / ■ (and ◎)."""
    marks = [f"{CHECKED if t.value in chosen else UNCHECKED}{MAIN if t.value == main else ''}"
             f" {t.label.text()}" for t in Topic]
    lines = tuple(tuple(marks[i:i + 4]) for i in range(0, len(marks), 4))
    if withheld:
        lines += ((HIDDEN.text(), "", "", ""),)
    return Table(("", "", "", ""), lines, header=False)


def _enrolled_on(data: FormData) -> dt.date | None:
    return next((e.enrolled_on for e in data.detail.enrollments
                 if e.program == CONSULTATION), None)


def _records(data: FormData, name: str, columns: Sequence[str],
             widths: tuple[int, ...]) -> Table:
    spec = SPECS[name]
    nested = {f.name: f for f in spec.fields}
    found = reception(data)
    answers, masked = found if found else ({}, set())
    items = [] if name in masked else list(answers.get(name) or [])
    rows = tuple(tuple(_value(nested[c], item.get(c)) for c in columns) for item in items)
    return Table(tuple(nested[c].label.text() for c in columns),
                 rows or (tuple("" for _ in columns),), widths)


# --- インテーク・アセスメントシート --------------------------------------------------------

def build_assessment(data: FormData) -> Form:
    latest: Assessment | None = data.assessments[-1] if data.assessments else None
    ratings = tuple((r.domain.label.text(), str(r.rating), r.note or "")
                    for r in (latest.ratings if latest else []))
    return _form(data, ASSESSMENT, [
        person_section(data),
        Section(T("主訴", "The consultation"), (
            answer_row(data, "main_topic"), answer_row(data, "topics"),
            answer_row(data, "topics_note"), answer_row(data, "wishes"))),
        Section(T("生活の状況", "Circumstances"), tuple(answer_row(data, n) for n in (
            "work_status", "housing", "health_insurance", "pension", "monthly_income",
            "benefits", "health", "disability"))),
        Section(T("アセスメント", "Assessment"), (
            Row(T("実施日（回）", "assessed on (number)"),
                f"{era(latest.assessed_on)}（{latest.number}）" if latest else ""),
            Row(T("担当", "by"), _staff(data, latest.staff_id) if latest else ""),
            Row(T("自立段階", "autonomy stage"),
                latest.autonomy_stage.label.text() if latest else ""))),
        Section(T("生活領域の評価（1〜5）", "Life domains (1–5)"), table=Table(
            (T("生活領域", "domain"), T("評価", "rating"), T("所見", "note")),
            ratings or (("", "", ""),), (3, 1, 8))),
        Section(T("就労阻害要因・総合所見", "Barriers and summary"), (
            Row(T("就労阻害要因", "employment barriers"),
                "・".join(b.label.text() for b in latest.barriers) if latest else ""),
            Row(T("阻害要因の補足", "notes on barriers"),
                latest.barrier_notes or "" if latest else ""),
            Row(T("総合所見", "summary"), latest.summary or "" if latest else ""))),
        Section(T("スクリーニング", "Screening"), (
            Row(T("結果", "outcome"),
                data.screening.outcome.label.text() if data.screening else ""),)),
    ])


# --- プラン兼事業等利用申込書 ------------------------------------------------------------

def _program(data: FormData, code: str) -> str:
    program = data.programs.get(code)
    return program.label.text() if program else code


def build_plan(data: FormData) -> Form:
    found = data.plans[-1] if data.plans else None
    plan = found.plan if found else None
    goals = tuple((g.text, T("短期", "short") if g.short_term else T("長期", "long"),
                   era(g.target_date)) for g in (found.goals if found else []))
    steps = tuple((_program(data, s.program),
                   (data.menu.get((s.program, s.kind)) or Label(s.kind, s.kind)).text(),
                   _period(s.start_on, s.end_on), _staff(data, s.staff_id), s.note or "")
                  for s in (found.steps if found else []))
    return _form(data, PLAN, [
        person_section(data),
        Section(T("プラン", "The plan"), (
            Row(T("プランの回数", "plan number"), str(plan.number) if plan else ""),
            Row(T("作成日", "drafted on"), era(plan.created_on) if plan else ""),
            Row(T("計画期間", "period"),
                f"{era(plan.period_start)}〜{era(plan.period_end)}" if plan else ""),
            Row(T("支援調整会議での承認日", "approved at the meeting on"),
                era(plan.approved_on) if plan else ""),
            Row(T("状態", "status"), plan.status.label.text() if plan else ""))),
        Section(T("本人の思い・解決すべき課題", "Wishes and problems"), (
            Row(T("本人の希望（生活への思い）", "the person's wishes"),
                plan.wishes or "" if plan else ""),
            Row(T("解決すべき課題", "problems to solve"), plan.problems or "" if plan else ""),
            Row(T("長期目標", "long-term goal"), plan.long_term_goal if plan else ""))),
        Section(T("目標（短期目標）と達成時期", "Goals and when to reach them"), table=Table(
            (T("目標", "goal"), T("区分", "term"), T("達成時期", "by")),
            goals or (("", "", ""),), (8, 1, 3))),
        Section(T("支援の種類・内容（事業等の利用）", "Kinds and content of support"), table=Table(
            (T("事業", "program"), T("支援メニュー", "support"), T("期間", "period"),
             T("担当", "by"), T("内容", "content")),
            steps or (("", "", "", "", ""),), (3, 3, 3, 2, 6))),
        Section(T("支援上の留意点", "Points of care"), (
            Row(T("留意点", "points of care"), plan.points_of_care or "" if plan else ""),
            Row(T("就労支援の対象", "aims at work"),
                _text(plan.employment_support) if plan else ""))),
        signature(T("事業等の利用申込", "Application"),
                  T("上記のプランの内容に同意し、プランに記載した事業等の利用を申し込みます。",
                    "I agree to the plan above and apply for the programs it names."),
                  T("本人署名", "signature"), T("相談支援員", "caseworker")),
    ])


def _period(start: dt.date | None, end: dt.date | None) -> str:
    """A step's period in a narrow column: each date whole, the end on the next line."""
    return f"{era(start)}〜\n{era(end)}" if start or end else ""


# --- 支援経過記録シート -------------------------------------------------------------------

def build_records(data: FormData) -> Form:
    start = data.start or data.detail.case.opened_on
    end = data.end or data.today
    rows = tuple((era(r.on), r.kind.label.text(), _staff(data, r.staff_id), r.summary)
                 for r in data.records if start <= r.on <= end)
    return _form(data, RECORDS, [
        Section(T("記録の期間", "Period"), (
            Row(T("期間", "period"), f"{era(start)}〜{era(end)}"),
            Row(T("件数", "records"), str(len(rows))))),
        Section(T("支援経過", "Progress"), table=Table(
            (T("日付", "date"), T("種別", "kind"), T("対応者", "by"), T("内容", "content")),
            rows or (("", "", "", ""),), (3, 2, 2, 9))),
    ])


# --- 評価シート -----------------------------------------------------------------------------

def build_evaluation(data: FormData) -> Form:
    evaluated = [p for p in data.plans if p.evaluations]
    found = evaluated[-1] if evaluated else (data.plans[-1] if data.plans else None)
    evaluation = found.evaluations[-1] if found and found.evaluations else None
    goals = {g.id: g.text for g in found.goals} if found else {}
    results = tuple((goals.get(r.goal_id, str(r.goal_id)), r.result.label.text(), r.note or "")
                    for r in (evaluation.results if evaluation else []))
    case = data.detail.case
    return _form(data, EVALUATION, [
        person_section(data),
        Section(T("評価の対象", "The plan evaluated"), (
            Row(T("プランの回数", "plan number"), str(found.plan.number) if found else ""),
            Row(T("計画期間", "period"), f"{era(found.plan.period_start)}〜"
                f"{era(found.plan.period_end)}" if found else ""),
            Row(T("評価日", "evaluated on"), era(evaluation.evaluated_on) if evaluation else ""),
            Row(T("評価者", "by"), _staff(data, evaluation.staff_id) if evaluation else ""))),
        Section(T("目標の達成状況", "Goals reached"), table=Table(
            (T("目標", "goal"), T("達成度", "result"), T("所見", "note")),
            results or (("", "", ""),), (6, 2, 6))),
        Section(T("今後の方針", "What next"), (
            Row(T("今後の方針", "next action"),
                evaluation.next_action.label.text() if evaluation else ""),
            Row(T("所見", "note"), evaluation.note or "" if evaluation else ""),
            Row(T("終結日", "closed on"), era(case.closed_on)),
            Row(T("終結理由", "closure reason"), _closure(case.closure_reason)))),
    ])


def _closure(reason: Any) -> str:
    from psccore.domain.catalogues import ClosureReason

    if not reason:
        return ""
    code = reason.value if hasattr(reason, "value") else str(reason)
    return ClosureReason.of(code).label.text()


# --- 紹介票 -------------------------------------------------------------------------------

def build_introduction(data: FormData) -> Form:
    sheet = data.introduction
    assert sheet is not None, "the introduction form is built with its sheet"
    sections = [Section(T("提供先・提供の根拠", "Recipient and consent"), (
        Row(T("提供先（事業所）", "employer"), sheet.employer),
        Row(T("提供日", "given on"), era(sheet.on)),
        Row(T("本人の同意（記録番号）", "the person's consent (record)"), str(sheet.consent_id)),
        Row(T("利用目的", "purpose"), sheet.purpose),
        Row(T("提供の記録番号", "disclosure record"), str(sheet.disclosure_id))))]
    sections += [Section(s.category.label.text(),
                         tuple(Row(in_era(i.label.text()), in_era(i.value)) for i in s.items)
                         or (Row("-", "-"),)) for s in sheet.sections]
    form = _form(data, INTRODUCTION, sections)
    return attrs.evolve(form, subject=T(f"{data.detail.person.name} 様のご紹介",
                                        f"Introducing {data.detail.person.name}"))


ISO_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")


def in_era(text: str) -> str:
    """A shared item's dates (2015-04-01〜2019-03-31) in the era, as the rest of the sheet."""
    def dated(found: re.Match[str]) -> str:
        try:
            return era(dt.date(*(int(g) for g in found.groups())))
        except ValueError:
            return found[0]
    return ISO_DATE.sub(dated, text)


RECEPTION = FormDefinition(name="reception", title=Label("相談受付・申込票",
                                                         "Consultation reception and application"),
                           number="様式1", build=build_reception)
ASSESSMENT = FormDefinition(name="assessment", title=Label("インテーク・アセスメントシート",
                                                           "Intake and assessment sheet"),
                            number="様式2", build=build_assessment)
PLAN = FormDefinition(name="plan", title=Label("プラン兼事業等利用申込書",
                                               "Plan and application for programs"),
                      number="様式3", build=build_plan)
RECORDS = FormDefinition(name="records", title=Label("支援経過記録シート", "Progress records"),
                         number="様式4", build=build_records)
EVALUATION = FormDefinition(name="evaluation", title=Label("評価シート", "Evaluation sheet"),
                            number="様式5", build=build_evaluation)
INTRODUCTION = FormDefinition(name="introduction", title=Label("紹介票", "Introduction sheet"),
                              number="紹介票", build=build_introduction, needs_employer=True)

#: the consultation's forms (its program object offers them), in the path's order
CONSULTATION_FORMS = (RECEPTION, ASSESSMENT, PLAN, RECORDS, EVALUATION)
