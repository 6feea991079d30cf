"""The case-work forms through HTTP (Starlette's TestClient): assessment, plan and
re-plan, coordination meeting, steps, evaluation, closure and reopening. Each form: a
valid and an invalid submission (errors beside the field, nothing saved), a stale
version shown and nothing overwritten, and a read-only staff member offered no action
whose POST writes nothing."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from tests.web.client import signed_in as _signed_in

Office = Any
DAY = dt.timedelta(days=1)


def _r(day: dt.date) -> str:
    """A date as staff type it in short era form: R8.4.1."""
    return f"R{day.year - 2018}.{day.month}.{day.day}"


def _era(day: dt.date) -> str:
    """A date in full era form: 令和8年4月1日."""
    return f"令和{day.year - 2018}年{day.month}月{day.day}日"


def _period(office: Office) -> dict[str, str]:
    """A plan period around the office's today (steps start today)."""
    today = office.psc.today()
    return {"period_start": (today - 30 * DAY).isoformat(),
            "period_end": (today + 180 * DAY).isoformat()}


def _error_beside(page: str, field_id: str) -> str:
    """The error paragraph the input ``field_id`` points at (aria-describedby)."""
    found = re.search(rf'id="{re.escape(field_id)}"[^>]*aria-describedby="([^"]+)"', page)
    assert found, f"{field_id} is not marked invalid"
    message = re.search(rf'<p class="error" id="{re.escape(found[1])}">([^<]+)</p>', page)
    assert message, f"no error beside {field_id}"
    return message[1]


def _writes(office: Office) -> list[tuple[str, str]]:
    """The audit trail's writes (reads of the pages shown are audited too)."""
    return [(e.action, e.entity) for e in office.psc.audit_log(limit=1000)
            if e.action in ("create", "update", "delete")]


def _approved_plan(office: Office) -> Any:
    """A plan with one goal and one step of the case's program, approved at a meeting."""
    psc = office.psc
    plan = psc.draft_plan(office.case, {
        "long_term_goal": "再就職する", **_period(office),
        "goals": [{"text": "週3日通院と両立する", "short_term": True}],
        "steps": [{"program": office.program, "kind": "reemployment",
                   "start_on": psc.today().isoformat()}]})
    psc.record_meeting({"held_on": psc.today().isoformat()},
                       [{"plan_id": plan.plan.id, "decision": "approve"}])
    return psc.get_plan(plan.plan.id or 0)


def test_an_assessment_is_saved_only_when_the_whole_form_is_valid(office: Office) -> None:
    client, token = _signed_in(office, "sato")
    form = client.get(f"/cases/{office.case}/assessments/new")
    assert form.status_code == 200
    assert "自立段階" in form.text and "日常生活自立" in form.text and "住まい" in form.text
    assert "daily_living" not in form.text.replace('value="daily_living"', "")  # labels only
    url = f"/cases/{office.case}/assessments/new"
    before = _writes(office)
    wrong = client.post(url, data={"csrf": token, "assessed_on": "令和8年2月30日",
                                   "autonomy_stage": "work", "ratings.0.note": "家賃滞納"})
    assert wrong.status_code == 400
    assert _writes(office) == before  # nothing written
    assert "日付" in _error_beside(wrong.text, "f-assessed_on")
    assert _error_beside(wrong.text, "rating-0")  # a note without its rating
    assert 'value="家賃滞納"' in wrong.text  # what was typed stays
    assert office.psc.list_assessments(office.case) == []

    today = office.psc.today()
    right = client.post(url, data={"csrf": token, "assessed_on": _r(today),
                                   "autonomy_stage": "work", "ratings.0.rating": "2",
                                   "ratings.0.note": "家賃滞納", "barriers": ["health"],
                                   "summary": "通院と両立できる仕事を探す"})
    assert right.status_code == 303
    [saved] = office.psc.list_assessments(office.case)
    assert saved.assessed_on == today and saved.ratings[0].rating == 2
    entry = office.psc.audit_log(person_id=office.person, limit=1)[0]
    assert (entry.action, entry.entity, entry.staff) == ("create", "assessments", "sato")
    case = client.get(f"/cases/{office.case}").text
    assert "就労自立" in case and "心身の不調" in case


def test_a_plan_drafted_from_the_menu_approved_at_a_meeting_then_its_step_starts(
        office: Office) -> None:
    client, token = _signed_in(office, "sato")
    url = f"/cases/{office.case}/plans/new"
    today, period = office.psc.today(), _period(office)
    form = client.get(url).text
    assert "再就職支援" in form and "<optgroup" in form  # the program's menu, by label
    assert 'aria-current="page"' not in form and ">今日</a>" in form  # the site's menu kept
    assert "（未利用: ステップ開始前に利用登録）" in form  # other programs: apply through the plan
    step = f"{office.program}.reemployment"
    wrong = client.post(url, data={"csrf": token, **period, "goals.0.text": "両立する",
                                   "goals.1.target_date": "R8.12.31",
                                   "steps.1.menu": step, "steps.1.start_on": "R8.2.30"})
    assert wrong.status_code == 400  # every problem at once, each beside its input
    assert _error_beside(wrong.text, "f-long_term_goal")
    assert _error_beside(wrong.text, "g-1-text")  # a goal's date without its goal
    assert "日付" in _error_beside(wrong.text, "s-1-start")
    outside = client.post(url, data={"csrf": token, "long_term_goal": "再就職する", **period,
                                     "steps.0.menu": step,
                                     "steps.0.start_on": _r(today - 31 * DAY)})
    assert "期間" in _error_beside(outside.text, "s-0-start")  # before the plan's period
    assert office.psc.list_plans(office.case) == []

    right = client.post(url, data={"csrf": token, "long_term_goal": "再就職する", **period,
                                   "goals.0.text": "両立する", "goals.0.target_date": _r(today + 90 * DAY),
                                   "steps.2.menu": step, "steps.2.start_on": _era(today),
                                   "steps.2.staff": "sato", "employment_support": "true"})
    assert right.status_code == 303, right.text
    [plan] = office.psc.list_plans(office.case)
    assert plan.plan.employment_support and [s.kind for s in plan.steps] == ["reemployment"]
    assert plan.plan.status.value == "draft"

    meeting = client.get(f"/meetings/new?plan={plan.plan.id}").text
    assert "山田 太郎" in meeting and 'value="approve" selected' in meeting
    revise = client.post("/meetings/new", data={
        "csrf": token, "held_on": _r(today), "staff": ["sato"],
        "decisions.0.plan_id": str(plan.plan.id), "decisions.0.decision": "revise"})
    assert revise.status_code == 400
    assert "理由" in _error_beside(revise.text, "d-0")  # beside that plan's decision
    assert office.psc.get_plan(plan.plan.id or 0).plan.status.value == "draft"

    approve = client.post("/meetings/new", data={
        "csrf": token, "held_on": _r(today), "staff": ["sato"], "organisations": "ハローワーク",
        "decisions.0.plan_id": str(plan.plan.id), "decisions.0.decision": "approve"})
    assert approve.status_code == 303, re.findall(r"class=\"error[^>]*>([^<]*)", approve.text)
    assert approve.headers["location"] == f"/cases/{office.case}#plans"
    [plan] = office.psc.list_plans(office.case)
    assert plan.plan.status.value == "approved"

    again = client.post("/meetings/new", data={  # decided meanwhile: the row says so
        "csrf": token, "held_on": _r(today),
        "decisions.0.plan_id": str(plan.plan.id), "decisions.0.decision": "approve"})
    assert again.status_code == 400 and "承認済み" in _error_beside(again.text, "d-0")

    [step_id] = [s.id for s in plan.steps]
    early = client.post(f"/cases/{office.case}/steps/{step_id}/start",
                        data={"csrf": token, "on": _r(today - DAY)})
    assert early.status_code == 400 and "承認日" in early.text
    assert office.psc.get_plan(plan.plan.id or 0).steps[0].status.value == "planned"
    started = client.post(f"/cases/{office.case}/steps/{step_id}/start",
                          data={"csrf": token, "on": _r(today)})
    assert started.status_code == 303
    assert office.psc.get_plan(plan.plan.id or 0).steps[0].started_on == today

    replan = client.get(f"{url}?from={plan.plan.id}").text
    assert 'value="再就職する"' in replan and 'name="from"' in replan
    second = client.post(url, data={"csrf": token, "from": str(plan.plan.id),
                                    "long_term_goal": "正社員で再就職する", **period,
                                    "goals.0.text": "両立する", "steps.0.menu": step,
                                    "steps.0.start_on": today.isoformat()})
    assert second.status_code == 303
    versions = office.psc.list_plans(office.case)
    assert [(p.plan.number, p.plan.status.value) for p in versions] == [
        (1, "approved"), (2, "draft")]
    page = client.get(f"/cases/{office.case}").text
    assert "第2版" in page and "第1版" in page and "再就職支援" in page


def test_an_evaluation_goal_by_goal(office: Office) -> None:
    plan = _approved_plan(office)
    client, token = _signed_in(office, "sato")
    url = f"/plans/{plan.plan.id}/evaluate"
    form = client.get(url).text
    assert "週3日通院と両立する" in form and "一部達成" in form and "再プラン" in form
    today = office.psc.today()
    wrong = client.post(url, data={"csrf": token, "evaluated_on": "R8.2.30",
                                   "results.0.result": "partly"})
    assert wrong.status_code == 400
    assert "日付" in _error_beside(wrong.text, "f-evaluated_on")
    assert "next_action-error" in wrong.text  # the choice left out, beside its buttons
    early = client.post(url, data={"csrf": token, "evaluated_on": _r(today - DAY),
                                   "results.0.result": "partly", "next_action": "continue"})
    assert "承認日" in _error_beside(early.text, "f-evaluated_on")
    assert 'value="partly" checked' in wrong.text
    assert office.psc.get_plan(plan.plan.id or 0).evaluations == []

    right = client.post(url, data={"csrf": token, "evaluated_on": _r(today),
                                   "results.0.result": "partly", "next_action": "continue"})
    assert right.status_code == 303
    [saved] = office.psc.get_plan(plan.plan.id or 0).evaluations
    assert saved.results[0].result.value == "partly" and saved.next_action.value == "continue"
    assert "一部達成" in client.get(f"/cases/{office.case}").text


def test_closing_refuses_a_stale_version_then_closes_and_reopens(office: Office) -> None:
    client, token = _signed_in(office, "sato")
    url = f"/cases/{office.case}/close"
    form = client.get(url).text
    assert "連絡途絶" in form and "lost_contact" in form  # the code is only a value
    version = re.search(r'name="version" value="(\d+)"', form)
    assert version
    wrong = client.post(url, data={"csrf": token, "version": version[1], "on": "R8.2.30"})
    assert wrong.status_code == 400
    assert _error_beside(wrong.text, "f-on") and _error_beside(wrong.text, "f-reason")
    assert office.psc.get_case(office.case).case.status.value == "open"

    office.psc.assign_case(office.case, "admin")  # someone else changes the case meanwhile
    stale = client.post(url, data={"csrf": token, "version": version[1],
                                   "reason": "employment", "note": "株式会社Aに就職"})
    assert stale.status_code == 409
    assert "他の人がこのケースを変更しました" in stale.text and "株式会社Aに就職" in stale.text
    assert office.psc.get_case(office.case).case.status.value == "open"  # nothing overwritten

    fresh = re.search(r'name="version" value="(\d+)"', stale.text)
    assert fresh and fresh[1] != version[1]
    today = office.psc.today()
    closed = client.post(url, data={"csrf": token, "version": fresh[1], "on": _r(today),
                                    "reason": "employment"})
    assert closed.status_code == 303
    case = office.psc.get_case(office.case).case
    assert case.status.value == "closed" and case.closed_on == today
    page = client.get(f"/cases/{office.case}").text
    assert f'href="/cases/{office.case}/reopen"' in page
    assert f'href="/cases/{office.case}/close"' not in page

    early = client.post(f"/cases/{office.case}/reopen", data={"csrf": token,
                                                                 "on": _r(today - DAY)})
    assert early.status_code == 400 and _error_beside(early.text, "f-on")
    again = client.post(f"/cases/{office.case}/reopen", data={"csrf": token})
    assert again.status_code == 303
    new_case = int(again.headers["location"].rsplit("/", 1)[1])
    assert office.psc.get_case(new_case).case.previous_case_id == office.case


def test_errors_in_english_for_staff_who_chose_it(office: Office) -> None:
    client, token = _signed_in(office, "sato", lang="en")
    page = client.post(f"/cases/{office.case}/close", data={"csrf": token, "on": "R8.2.30"})
    assert page.status_code == 400
    assert "Reason" in page.text and "not a date" in _error_beside(page.text, "f-on")
    plan = client.get(f"/cases/{office.case}/plans/new").text
    assert "Draft a plan" in plan and "re-employment support" in plan and "再就職支援" not in plan


def test_read_only_staff_get_no_action_and_their_posts_write_nothing(office: Office) -> None:
    plan = _approved_plan(office)
    client, token = _signed_in(office, "yomi")
    page = client.get(f"/cases/{office.case}").text
    assert 'class="actions"' not in page and "/steps/" not in page
    assert "第1版" in page  # the plan versions are there to read
    today = _r(office.psc.today())
    posts = {f"/cases/{office.case}/assessments/new": {"assessed_on": today,
                                                       "autonomy_stage": "work"},
             f"/cases/{office.case}/plans/new": {"long_term_goal": "x", **_period(office)},
             f"/plans/{plan.plan.id}/evaluate": {"evaluated_on": today,
                                                 "next_action": "continue"},
             f"/cases/{office.case}/steps/{plan.steps[0].id}/start": {"on": today},
             f"/cases/{office.case}/close": {"reason": "employment"},
             "/meetings/new": {"held_on": today, "decisions.0.plan_id": str(plan.plan.id),
                               "decisions.0.decision": "end", "decisions.0.reason": "x"}}
    before = _writes(office)
    for url, data in posts.items():
        answer = client.post(url, data={"csrf": token, **data})
        assert answer.status_code == 404, (url, answer.status_code)
    assert _writes(office) == before  # not a row written
    assert office.psc.list_assessments(office.case) == []
    [unchanged] = office.psc.list_plans(office.case)
    assert unchanged.evaluations == [] and unchanged.steps[0].status.value == "planned"
    assert unchanged.plan.status.value == "approved"
    assert office.psc.get_case(office.case).case.status.value == "open"

    kato, _ = _signed_in(office, "kato")  # no role in the case's programs
    assert kato.get(f"/cases/{office.case}/plans/new").status_code == 404
    assert kato.get(f"/plans/{plan.plan.id}/evaluate").status_code == 404
    assert "山田" not in kato.get("/meetings/new").text


def test_a_post_without_the_csrf_token_writes_nothing(office: Office) -> None:
    client, _ = _signed_in(office, "sato")
    answer = client.post(f"/cases/{office.case}/assessments/new",
                         data={"assessed_on": "R8.4.3", "autonomy_stage": "work"})
    assert answer.status_code == 403
    assert office.psc.list_assessments(office.case) == []


def test_a_closed_case_offers_no_quick_record_and_a_late_one_names_the_closure(
        office: Office) -> None:
    """The case page of a closed case says how to record further support instead of a
    form that would be refused; a record posted after the closure date is refused
    beside the date with the rule that applies, and nothing is saved."""
    closed_on = dt.date(2026, 5, 1)
    office.psc.close_case(office.case, "lost_contact", on=closed_on)
    client, token = _signed_in(office, "sato")
    page = client.get(f"/cases/{office.case}").text
    assert f'action="/cases/{office.case}/records"' not in page
    assert "このケースは終結しています（終結日 2026-05-01）" in page
    before = len(office.psc.list_records(office.case))
    late = client.post(f"/cases/{office.case}/records",
                       data={"csrf": token, "on": "2026-05-02", "kind": "phone",
                             "summary": "終結後の連絡"})
    assert late.status_code == 400
    assert "終結日（2026-05-01）より後の記録はできません" in late.text
    assert "未来の日付" not in late.text
    assert len(office.psc.list_records(office.case)) == before
    open_page = client.get(f"/cases/{office.case}").text  # still no form after the error
    assert f'action="/cases/{office.case}/records"' not in open_page


def test_the_case_export_is_a_download_for_those_who_may_export_only(office: Office) -> None:
    """An administrator gets the case in the transfer format as a file with a Japanese
    name (RFC 5987), audited as an export under them; without the form token, or as a
    caseworker (whose role may not export), nothing is exported and no button shown."""
    from urllib.parse import unquote

    url = f"/cases/{office.case}/export"

    def exports(login: str) -> int:
        return sum(1 for e in office.psc.audit_log(staff=login, limit=1000)
                   if e.action == "export")

    client, token = _signed_in(office, "admin")
    assert f'action="{url}"' in client.get(f"/cases/{office.case}").text
    assert client.post(url, data={}).status_code == 403 and exports("admin") == 0
    sent = client.post(url, data={"csrf": token})
    assert sent.status_code == 200 and sent.headers["content-type"] == "application/json"
    disposition = sent.headers["content-disposition"]
    today = office.psc.today().isoformat()
    assert f'filename="case-{office.case}-{today}.json"' in disposition
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == \
        f"ケース{office.case}_書き出し_{today}.json"
    document = sent.json()
    assert document["person"]["name"] == "山田 太郎" and office.canary in sent.text
    made = [(e.action, e.entity, e.entity_id) for e in
            office.psc.audit_log(staff="admin", limit=1000) if e.action == "export"]
    assert ("export", "cases", office.case) in made
    worker, worker_token = _signed_in(office, "sato")
    assert f'action="{url}"' not in worker.get(f"/cases/{office.case}").text
    refused = worker.post(url, data={"csrf": worker_token})
    assert refused.status_code == 404 and office.canary not in refused.text
    assert refused.text == worker.post("/cases/99999999/export",
                                       data={"csrf": worker_token}).text
    assert exports("sato") == 0
