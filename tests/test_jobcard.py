"""The JOB card: filled from a person's records, completed as JSON, checked on its way
back, written as .xlsx and printable HTML; made only by staff who may write the
person's records, and audited."""

import datetime as dt
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from psccore.app import Psc
from psccore.errors import NotAllowed

D = dt.date
PROGRAM = "household_budget"


@pytest.fixture
def person_id(psc: Psc) -> int:
    """Someone with a past job, an internship with the host's words, certified training,
    a job found through support, preferences and an approved plan."""
    person = psc.add_person({"name": "千葉 大地", "kana": "チバ ダイチ", "birth_date": "1992-07-14",
                             "postal_code": "980-0811", "address": "仙台市青葉区一番町1-1-1",
                             "phone": "022-000-0000"})
    pid = person.id or 0
    psc.add_work_history(pid, {"employer_name": "青葉食堂", "started_on": "2012-04-01",
                               "ended_on": "2018-03-31", "duties": "調理補助、皿洗い",
                               "employment_type": "パート"})
    case = psc.open_case(pid, PROGRAM, {"monthly_income": 0, "housing": "rented"},
                         D(2025, 4, 1)).case.id or 0
    plan = psc.draft_plan(case, {
        "wishes": "人と話す仕事がしたい", "long_term_goal": "働き続ける",
        "period_start": "2025-04-10", "period_end": "2025-09-30", "employment_support": True,
        "goals": [{"text": "面接の練習をする"}, {"text": "長期の目標", "short_term": False}]},
        today=D(2025, 4, 5))
    psc.record_meeting({"held_on": "2025-04-08"}, [{"plan_id": plan.plan.id,
                                                    "decision": "approve"}])
    host = psc.add_employer({"name": "株式会社青葉プリント", "kana": "アオバプリント"})
    psc.add_partner_role(host.id or 0, {"role": "internship_host", "since": "2025-01-01"})
    internship = psc.add_internship(case, {"host_id": host.id, "start_on": "2025-05-12",
                                           "end_on": "2025-05-23", "days": 10})
    psc.evaluate_internship(internship.id or 0, "丁寧で正確。報告もできていた。")
    provider = psc.add_employer({"name": "株式会社JM", "kana": "ジェイエム"})
    psc.add_partner_role(provider.id or 0, {"role": "training_provider", "since": "2025-01-01"})
    psc.add_training(case, {"provider_id": provider.id, "training_type": "non_employment",
                            "start_on": "2025-06-02", "end_on": "2025-09-01"})
    psc.add_employment(case, {"employer_id": host.id, "start_on": "2025-10-01",
                              "employment_type": "contract"})
    psc.set_preferences(pid, {"duties": ["接客"], "industries": ["小売"]})
    return pid


def test_a_card_is_filled_from_the_records(psc: Psc, person_id: int) -> None:
    card = psc.job_card(person_id, today=D(2025, 11, 1))
    assert card.basics.name == "千葉 大地" and card.basics.address == "仙台市青葉区一番町1-1-1"
    assert card.with_work_experience
    assert [(w.employer_name, w.started_on, w.employment_type) for w in card.work_history] == [
        ("青葉食堂", D(2012, 4, 1), "パート"),
        ("株式会社青葉プリント", D(2025, 10, 1), "契約社員")]
    assert [(x.name, x.content) for x in card.learning] == [("認定就労訓練（非雇用型）", "株式会社JM")]
    internship, training = card.results
    assert (internship.name, internship.place, internship.comment) == (
        "職業体験実習", "株式会社青葉プリント", "丁寧で正確。報告もできていた。")
    assert len(internship.abilities) == 7 and internship.abilities[0].rating is None
    assert training.name == "認定就労訓練（非雇用型）"
    assert card.career_plan.work_wanted == "人と話す仕事がしたい\n接客、小売"
    assert card.career_plan.next_steps == "・面接の練習をする"  # short-term goals only
    entries = [e for e in psc.audit_log(person_id=person_id) if e.entity == "job_card"]
    assert [(e.action, e.staff) for e in entries] == [("export", "admin")]


def test_staff_who_may_only_read_cannot_make_one(psc: Psc, person_id: int) -> None:
    psc.add_staff("yamada", "山田 花子")
    psc.grant("yamada", "read_only")
    with pytest.raises(NotAllowed):
        psc.acting_as("yamada").job_card(person_id)


def test_draft_edit_and_write_through_the_cli(psc: Psc, person_id: int, psc_cli,  # type: ignore[no-untyped-def]
                                             tmp_path: Path) -> None:
    draft = tmp_path / "card.json"
    result = psc_cli("jobcard", "draft", str(person_id), "-o", str(draft))
    assert result.exit_code == 0, result.output
    data = json.loads(draft.read_text(encoding="utf-8"))
    data["career_plan"]["strengths"] = "几帳面で、最後までやり遂げる"
    data["licences"] = [{"name": "普通自動車第一種運転免許", "obtained_on": "2011-08-01",
                        "issuer": "宮城県公安委員会"}]
    data["results"][0]["abilities"][0]["rating"] = "A"
    draft.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    xlsx, page = tmp_path / "card.xlsx", tmp_path / "card.html"
    for target in (xlsx, page):
        result = psc_cli("jobcard", "write", "--from", str(draft), "-o", str(target))
        assert result.exit_code == 0, result.output
    book = load_workbook(xlsx)
    assert book.sheetnames == ["様式1-1", "様式2", "様式3-1", "様式3-2", "様式3-3", "様式3-3-2"]
    plan = {r[0]: r[1] for r in book["様式1-1"].iter_rows(min_row=3, values_only=True)}
    assert plan["氏名"] == "千葉 大地" and plan["生年月日"] == "1992年7月14日"
    assert plan["強み（弱みの克服を含む）"] == "几帳面で、最後までやり遂げる"
    history = list(book["様式2"].iter_rows(min_row=3, values_only=True))
    assert history[0] == ("期間", "事業所名", "雇用形態", "職務内容", "事業所の確認")
    assert history[1][:3] == ("2012年4月〜2018年3月", "青葉食堂", "パート")
    licences = list(book["様式3-1"].iter_rows(min_row=3, values_only=True))
    assert licences[1] == ("普通自動車第一種運転免許", "2011年8月", "宮城県公安委員会")
    rated = list(book["様式3-3"].iter_rows(min_row=3, values_only=True))
    assert ("働く意識と取組", "法令・職場のルール、慣行などを守っている", "A") in rated
    text = page.read_text(encoding="utf-8")
    assert "様式1-1 キャリア・プランシート" in text and "几帳面で" in text
    assert "break-after: page" in text  # a sheet per printed page


def test_a_wrong_edit_is_named_and_nothing_is_written(psc: Psc, person_id: int, psc_cli,  # type: ignore[no-untyped-def]
                                                     tmp_path: Path) -> None:
    draft = tmp_path / "card.json"
    psc_cli("jobcard", "draft", str(person_id), "-o", str(draft))
    data = json.loads(draft.read_text(encoding="utf-8"))
    data["work_history"][0]["ended_on"] = "2010-01-01"  # before it started
    data["licences"] = [{"obtained_on": "2011-13-01"}]
    draft.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    target = tmp_path / "card.xlsx"
    result = psc_cli("jobcard", "write", "--from", str(draft), "-o", str(target), lang="en")
    assert result.exit_code != 0
    assert "$.work_history[0].ended_on" in result.output
    assert "$.licences[0].name" in result.output and "$.licences[0].obtained_on" in result.output
    assert not target.exists()
    draft.write_text("{ not json", encoding="utf-8")
    result = psc_cli("jobcard", "write", "--from", str(draft), "-o", str(target))
    assert result.exit_code != 0 and "JSON として読めません" in result.output


def test_write_needs_one_source(psc: Psc, person_id: int, psc_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = str(tmp_path / "card.html")
    for args in ([], ["--person", str(person_id), "--from", "x.json"]):
        result = psc_cli("jobcard", "write", *args, "-o", target)
        assert result.exit_code != 0 and "--person か --from" in result.output
    result = psc_cli("jobcard", "write", "--person", str(person_id), "-o", target)
    assert result.exit_code == 0, result.output


def test_a_card_without_records_says_so(psc: Psc) -> None:
    from psccore.documents.jobcard import card_html

    person = psc.add_person({"name": "新 一郎", "kana": "シン イチロウ"})
    card = psc.job_card(person.id or 0)
    assert not card.with_work_experience  # sheet 1-2
    page = card_html(card, "ja")
    assert "様式1-2" in page and page.count("（記入なし）") == 4  # sheets 2, 3-1, 3-2, 3-3


def test_a_card_shows_only_the_programs_the_staff_member_works_in(psc: Psc) -> None:
    person = psc.add_person({"name": "菅原 光", "kana": "スガワラ ヒカル"})
    pid = person.id or 0
    budget = psc.open_case(pid, PROGRAM, {"monthly_income": 0, "housing": "rented"},
                           D(2025, 4, 1)).case.id or 0
    plan = psc.draft_plan(budget, {"wishes": "家計のことは内密に", "long_term_goal": "家計を立て直す",
                                   "period_start": "2025-04-10", "period_end": "2025-09-30",
                                   "goals": [{"text": "借金を整理する"}]}, today=D(2025, 4, 5))
    psc.record_meeting({"held_on": "2025-04-08"}, [{"plan_id": plan.plan.id,
                                                    "decision": "approve"}])
    psc.add_employment(budget, {"employer_name": "家計の側の仕事", "start_on": "2025-05-01",
                                "employment_type": "part_time"})
    housing = psc.open_case(pid, "housing_support", {"rent": 40000}, D(2025, 4, 1)).case.id or 0
    psc.add_employment(housing, {"employer_name": "住居の側の仕事", "start_on": "2025-06-01",
                                 "employment_type": "part_time"})
    psc.add_staff("kato", "加藤 誠")
    psc.grant("kato", "caseworker", "housing_support")
    card = psc.acting_as("kato").job_card(pid)
    assert [w.employer_name for w in card.work_history] == ["住居の側の仕事"]
    assert card.career_plan.work_wanted is None and card.career_plan.next_steps is None
    assert [w.employer_name for w in psc.job_card(pid).work_history] == [
        "家計の側の仕事", "住居の側の仕事"]  # an administrator of all programs sees both


def test_text_beginning_with_equals_stays_text_in_the_workbook(psc: Psc, person_id: int,
                                                               tmp_path: Path) -> None:
    from psccore.documents.jobcard import write_card_xlsx

    card = psc.job_card(person_id)
    card.career_plan.self_pr = '=HYPERLINK("http://example.invalid","x")'
    write_card_xlsx(card, tmp_path / "card.xlsx", "ja")
    sheet = load_workbook(tmp_path / "card.xlsx")["様式1-1"]
    cell = next(c for row in sheet.iter_rows() for c in row if c.value and "HYPERLINK" in
                str(c.value))
    assert cell.data_type == "s"


def test_a_completed_draft_is_not_replaced_without_asking(psc: Psc, person_id: int, psc_cli,  # type: ignore[no-untyped-def]
                                                          tmp_path: Path) -> None:
    draft = tmp_path / "card.json"
    draft.write_text('{"written": "with the person"}', encoding="utf-8")
    result = psc_cli("jobcard", "draft", str(person_id), "-o", str(draft))
    assert result.exit_code == 2 and "--overwrite" in result.output
    assert "with the person" in draft.read_text(encoding="utf-8")
    result = psc_cli("jobcard", "draft", str(person_id), "-o", str(draft), "--overwrite")
    assert result.exit_code == 0 and "千葉 大地" in draft.read_text(encoding="utf-8")


def test_adding_work_history_to_a_draft_makes_it_sheet_1_1(psc: Psc) -> None:
    from psccore.documents.jobcard import card_html, card_json, read_card

    person = psc.add_person({"name": "新 二郎", "kana": "シン ジロウ"})
    data = json.loads(card_json(psc.job_card(person.id or 0)))
    data["work_history"] = [{"employer_name": "株式会社テスト", "started_on": "2018-04-01",
                             "ended_on": "2020-03-31"}]
    page = card_html(read_card(json.dumps(data)), "en")
    assert "Sheet 1-1 Career plan (with work experience)" in page
