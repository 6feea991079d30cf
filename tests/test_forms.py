"""The national forms printed from the records (``psc form``): each written as PDF and
xlsx, with the person's name, era dates and the form's title; the Japanese font
embedded; sensitive answers withheld from staff who may not read them; every printing
audited with its file; a program's own form printed through the same door."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook
from pypdf import PdfReader

from psccore import Label, Program, hookimpl
from psccore.app import Psc
from psccore.demo import load_demo
from psccore.errors import InvalidInput
from psccore.forms.model import Form, FormData, FormDefinition, Row, Section
from psccore.store import tables as t

D = dt.date
TITLES = {"reception": "相談受付・申込票", "assessment": "インテーク・アセスメントシート",
          "plan": "プラン兼事業等利用申込書", "records": "支援経過記録シート",
          "evaluation": "評価シート", "introduction": "紹介票"}
HEALTH = "腰痛で通院中（月1回）"


def pdf_text(path: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(path).pages)


def embedded_fonts(path: Path) -> list[bool]:
    """For each font of the first page: whether its TrueType program is embedded."""
    fonts = PdfReader(path).pages[0]["/Resources"]["/Font"]
    found = []
    for font in (f.get_object() for f in fonts.values()):
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        found.append("/FontFile2" in descriptor)
    return found


def xlsx_text(path: Path) -> str:
    sheet = load_workbook(path).active
    assert sheet is not None
    return "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)


@pytest.fixture
def demo(psc: Psc) -> tuple[Psc, int, int]:
    """The demo's office; a case that went as far as an evaluation, and an employer the
    case's person consented to be introduced to."""
    load_demo(psc, people_per_program=3, seed=11, today=D(2026, 11, 1), history=False)
    with psc.ctx.db.engine.connect() as conn:
        case = conn.execute(sa.select(t.plans.c.case_id).join(
            t.evaluations, t.evaluations.c.plan_id == t.plans.c.id)
            .order_by(t.plans.c.case_id)).scalars().first()
        person = conn.execute(sa.select(t.cases.c.person_id)
                              .where(t.cases.c.id == case)).scalar_one()
    employer = psc.add_employer({"name": "株式会社ミヤギ印刷", "kana": "ミヤギインサツ"}).id or 0
    psc.add_consent(person, {"employer_id": employer, "categories": ["basic_profile"],
                             "valid_from": "2026-10-01", "valid_until": "2099-01-01",
                             "purpose": "職場実習の受入れ調整"})
    return psc, case or 0, employer


def test_every_form_as_pdf_and_xlsx_for_a_demo_case(demo: tuple[Psc, int, int],
                                                    tmp_path: Path) -> None:
    psc, case, employer = demo
    name = psc.get_case(case).person.name
    for form, title in TITLES.items():
        for suffix in (".pdf", ".xlsx"):
            target = tmp_path / f"{form}{suffix}"
            psc.form(form, case, target, employer_id=employer)
            text = pdf_text(target) if suffix == ".pdf" else xlsx_text(target)
            assert title in text and name in text and "令和" in text, (form, suffix)
        assert embedded_fonts(tmp_path / f"{form}.pdf") == [True]
        assert (tmp_path / f"{form}.pdf").stat().st_mode & 0o777 == 0o600


def _case(psc: Psc) -> int:
    person = psc.add_person({"name": "佐々木 悠斗", "kana": "ササキ ユウト",
                             "birth_date": "H10.7.7", "phone": "022-111-2233"})
    case = psc.open_case(person.id or 0, "consultation", {
        "route": "visit", "topics": ["job_search", "health"], "main_topic": "job_search",
        "household": [{"relation": "祖母", "birth_date": "M45.7.29", "lives_together": True}],
        "health": HEALTH, "disability": "none"}, D(2026, 4, 1)).case.id or 0
    for on, summary in (("2026-04-02", "来所面談"), ("2026-05-10", "求人を一緒に探した"),
                        ("2026-06-20", "面接に同行")):
        psc.add_record(case, {"on": on, "kind": "visit", "summary": summary})
    return case


def test_sensitive_answers_are_withheld_from_a_read_only_reader(psc: Psc,
                                                                tmp_path: Path) -> None:
    case = _case(psc)
    psc.add_staff("etsuran", "閲覧 一郎")
    psc.grant("etsuran", "read_only")
    psc.form("reception", case, tmp_path / "admin.pdf")
    psc.acting_as("etsuran").form("reception", case, tmp_path / "reader.pdf")
    shown, withheld = pdf_text(tmp_path / "admin.pdf"), pdf_text(tmp_path / "reader.pdf")
    assert HEALTH in shown and "明治45年7月29日" in shown  # the grandmother's birth
    assert HEALTH not in withheld and "閲覧権限がありません" in withheld
    refused = [e for e in psc.audit_log(staff="etsuran") if e.action == "refuse"]
    assert refused and "health" in refused[0].fields


def test_each_printing_is_audited_only_with_its_file(psc: Psc, tmp_path: Path) -> None:
    case = _case(psc)

    def printed() -> int:
        return sum(1 for e in psc.audit_log() if e.action == "export" and e.entity == "forms")

    psc.form("records", case, tmp_path / "r.xlsx")
    assert printed() == 1
    with pytest.raises(InvalidInput):  # there already: nothing written, nothing audited
        psc.form("records", case, tmp_path / "r.xlsx")
    with pytest.raises(InvalidInput):
        psc.form("records", case, tmp_path / "r.docx")
    with pytest.raises(InvalidInput) as unknown:
        psc.form("nothing", case, tmp_path / "n.pdf")
    assert "reception" in unknown.value.problems[0].text("en")
    assert printed() == 1 and not (tmp_path / "n.pdf").exists()


def test_progress_records_for_a_period(psc: Psc, tmp_path: Path) -> None:
    case = _case(psc)
    psc.form("records", case, tmp_path / "may.pdf", start=D(2026, 5, 1), end=D(2026, 5, 31))
    text = pdf_text(tmp_path / "may.pdf")
    assert "求人を一緒に探した" in text and "来所面談" not in text and "面接に同行" not in text
    assert "令和8年5月1日〜令和8年5月31日" in text


def test_a_page_renders_to_an_image(psc: Psc, tmp_path: Path) -> None:
    if shutil.which("pdftoppm") is None:
        if os.environ.get("PSC_REQUIRE_BROWSER"):
            pytest.fail("PSC_REQUIRE_BROWSER is set but pdftoppm is not installed")
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    psc.form("reception", _case(psc), tmp_path / "r.pdf")
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1",
                    str(tmp_path / "r.pdf"), str(tmp_path / "page")], check=True)
    [image] = tmp_path.glob("page*.png")
    assert image.stat().st_size > 5_000


def _checklist(data: FormData) -> Form:
    return Form(title="就労準備チェックリスト", number="様式-9", office=data.office,
                issued_on=str(data.today), subject=data.detail.person.name,
                sections=(Section("確認", (Row("氏名", data.detail.person.name),)),))


class WithForm(Program):
    def forms(self) -> list[FormDefinition]:
        return [FormDefinition(name="checklist", title=Label("就労準備チェックリスト", "checklist"),
                               number="様式-9", build=_checklist)]


class FormPlugin:
    @hookimpl
    def psc_register_programs(self, register: Any) -> None:
        import attrs

        @attrs.define
        class Nothing:
            pass

        register(WithForm(code="with_form", label=Label("様式のある事業", "a program with a form"),
                          intake=Nothing))


def test_a_program_offers_its_own_form(psc_database_url: str, tmp_path: Path) -> None:
    psc = Psc.open(psc_database_url, staff="admin", extra_plugins=[("with_form", FormPlugin())])
    case = _case(psc)
    psc.form("checklist", case, tmp_path / "c.pdf")
    assert "就労準備チェックリスト" in pdf_text(tmp_path / "c.pdf")
    psc.close()


def test_psc_form_writes_the_file(psc_cli: Any, tmp_path: Path) -> None:
    person = json.loads(psc_cli("person", "add", "--name", "山田 花子", "--kana", "ヤマダ ハナコ",
                                "--json").stdout)
    case = json.loads(psc_cli("case", "open", str(person["id"]), "--set", "route=phone",
                              "--set", 'topics=["income"]', "--json").stdout)
    target = tmp_path / "受付.pdf"
    done = psc_cli("form", "reception", str(case["case"]["id"]), "-o", str(target))
    assert done.exit_code == 0, done.output
    assert "相談受付・申込票" in done.output and "山田 花子" in pdf_text(target)


def test_a_plan_step_prints_its_content_in_a_wide_column(demo: tuple[Psc, int, int],
                                                         tmp_path: Path) -> None:
    """A step's content (often several sentences) has the widest column of the step table;
    its period prints each date whole, the end date under the start."""
    psc, case, _ = demo
    note = "週2回、午前中に作業プログラムへ参加し、生活リズムを整える。" * 3
    with psc.ctx.db.engine.begin() as conn:
        plan = conn.execute(sa.select(t.plans.c.id).where(t.plans.c.case_id == case)
                            .order_by(t.plans.c.id.desc())).scalars().first()
        step = conn.execute(sa.select(t.plan_steps).where(t.plan_steps.c.plan_id == plan)
                            ).mappings().first()
        assert step is not None and step["start_on"] is not None
        conn.execute(t.plan_steps.update().where(t.plan_steps.c.id == step["id"])
                     .values(note=note))
    psc.form("plan", case, tmp_path / "plan.pdf")
    lines = pdf_text(tmp_path / "plan.pdf").splitlines()
    content = [line for line in lines if "午前中" in line or "作業プログラム" in line
               or "生活リズム" in line]
    assert content and max(len(line) for line in content) >= 16  # not 10 characters a line
    assert re.search(r"令和\d+年\d+月\d+日〜 令和", " ".join(lines))  # the end on its own line


def test_the_introduction_sheet_dates_the_work_history_in_the_era(
        demo: tuple[Psc, int, int], tmp_path: Path) -> None:
    psc, case, employer = demo
    person = psc.get_case(case).person.id or 0
    psc.add_work_history(person, {"employer_name": "仙台市内の飲食店", "duties": "調理補助",
                                  "started_on": "2015-04-01", "ended_on": "2019-03-31"})
    psc.add_consent(person, {"employer_id": employer, "categories": ["work_history"],
                             "valid_from": "2026-10-01", "valid_until": "2099-01-01",
                             "purpose": "職場実習の受入れ調整"})
    psc.form("introduction", case, tmp_path / "i.pdf", employer_id=employer)
    text = pdf_text(tmp_path / "i.pdf")
    assert "平成27年4月1日〜平成31年3月31日" in text and "2015-04-01" not in text
