"""``psc cancer_reemployment …``: referrals, follow-ups, the return plan, and the
work-accommodation summary for an employer."""

from __future__ import annotations

import re

import click

from psc_cancer_reemployment import service
from psc_cancer_reemployment.catalogue import Expert, Outcome, WorkStatus
from psccore import InvalidInput, Label, Problem, program_group
from psccore.cli.kit import (
    CASE,
    CONTACT_BY,
    DATA_CATEGORY,
    EMPLOYER,
    PERSON_CONFIRMED,
    CodedChoice,
    T,
    command,
    current_psc,
    echo_ok,
    emit_json,
    json_option,
    parse_on,
    table,
)

CODE = service.CODE
BAD_PHASE = Label("段階は 開始日:時間:日数 の形で書いてください（例: 2026-12-01:4:3）: {value}",
                  "write a phase as FROM:HOURS:DAYS (e.g. 2026-12-01:4:3): {value}")
NOTHING_ON_HEALTH = Label(
    "健康状態を含む提供の同意がないため、配慮事項は載せていません。",
    "No consent covers health, so no accommodation was included.")


def register(cli: click.Group) -> None:
    group = program_group(cli, CODE)
    for make in (_refer, _outcome, _referrals, _followup, _followups, _return_plan, _summary):
        group.add_command(make())


def _refer() -> click.Command:
    @command(name="refer", help=T("専門家に紹介します（社会保険労務士、病院の相談支援センター等）",
                                  "refer to an expert (labour consultant, the hospital's center …)"))
    @click.argument("case_id", type=CASE, metavar="CASE")
    @click.argument("expert", type=CodedChoice(Expert))
    @click.option("--on", required=True, help=T("紹介日", "referred on"))
    @click.option("--purpose", required=True, help=T("相談の内容", "what about"))
    def refer(case_id: int, expert: str, on: str, purpose: str) -> None:
        made = service.refer(current_psc(), case_id, expert, parse_on(on), purpose)
        echo_ok(T(f"紹介を記録しました（番号 {made.id}）", f"Referral {made.id} recorded"))

    return refer


def _outcome() -> click.Command:
    @command(name="referral-outcome", help=T("紹介の結果を記録します", "record how a referral went"))
    @click.argument("referral_id", type=int)
    @click.argument("outcome", type=CodedChoice(Outcome))
    @click.option("--on", required=True, help=T("日付", "on"))
    @click.option("--note", help=T("結果の記録", "what came of it"))
    def outcome(referral_id: int, outcome: str, on: str, note: str | None) -> None:
        done = service.record_outcome(current_psc(), referral_id, outcome,
                                      parse_on(on), note)
        echo_ok(T(f"紹介 {done.id}: {done.outcome.label.ja if done.outcome else ''}",
                  f"Referral {done.id}: {done.outcome.label.en if done.outcome else ''}"))

    return outcome


def _referrals() -> click.Command:
    @command(name="referrals", help=T("専門家への紹介の一覧", "a case's referrals"))
    @click.argument("case_id", type=CASE, metavar="CASE")
    @json_option
    def referrals(case_id: int, as_json: bool) -> None:
        found = service.referrals(current_psc(), case_id)
        if as_json:
            emit_json(found)
            return
        table([T("番号", "id"), T("紹介日", "on"), T("紹介先", "expert"), T("内容", "about"),
               T("結果", "outcome"), T("記録", "note")],
              [(r.id, r.referred_on, r.expert.label, r.purpose,
                r.outcome.label if r.outcome else None, r.outcome_note) for r in found])

    return referrals


def _followup() -> click.Command:
    @command(name="followup", help=T("治療と仕事の状況確認を記録します（次回の予定つき）",
                                     "record a follow-up on treatment and work (and the next)"))
    @click.argument("case_id", type=CASE, metavar="CASE")
    @click.argument("work_status", type=CodedChoice(WorkStatus))
    @click.option("--on", required=True, help=T("実施日", "on"))
    @click.option("--next", "next_on", help=T("次回の予定日", "next follow-up on"))
    @click.option("--note", help=T("治療と仕事の状況（要配慮個人情報として暗号化）",
                                   "treatment and work (kept encrypted as sensitive data)"))
    @click.option("--by", "contact", type=CONTACT_BY, default="visit",
                  show_default=True, help=T("面談か電話か", "in person or by phone"))
    def followup(case_id: int, work_status: str, on: str, next_on: str | None,
                 note: str | None, contact: str) -> None:
        done = service.follow_up(current_psc(), case_id, {
            "on": on, "work_status": work_status, "next_on": next_on, "note": note},
            contact=contact)
        echo_ok(T(f"状況確認を記録しました（次回 {done.next_on or '-'}）",
                  f"Follow-up recorded (next: {done.next_on or '-'})"))

    return followup


def _followups() -> click.Command:
    @command(name="followups", help=T("状況確認の一覧", "a case's follow-ups"))
    @click.argument("case_id", type=CASE, metavar="CASE")
    @json_option
    def followups(case_id: int, as_json: bool) -> None:
        found = service.followups(current_psc(), case_id)
        if as_json:
            emit_json(found)
            return
        table([T("日付", "on"), T("就労の状況", "work"), T("記録", "note"), T("次回", "next")],
              [(f.on, f.work_status.label, f.note, f.next_on) for f in found])

    return followups


def _return_plan() -> click.Command:
    @command(name="return-plan", help=T(
        "職場復帰の計画（段階的な勤務、事業所との面談は同意のもとで）",
        "plan a return to work (phased hours; a meeting with the employer under consent)"))
    @click.argument("case_id", type=CASE, metavar="CASE")
    @click.option("--return-on", required=True, help=T("復職日", "return on"))
    @click.option("--phase", "phases", multiple=True, metavar="FROM:HOURS:DAYS",
                  help=T("段階（繰り返し可）例: 2026-12-01:4:3", "a phase (repeatable)"))
    @click.option("--meeting-on", help=T("事業所との面談日", "meeting with the employer on"))
    @click.option("--consent", "consent_id", type=int, help=T("面談で健康状態を伝える同意の番号",
                                                               "the consent for the meeting"))
    def return_plan(case_id: int, return_on: str, phases: tuple[str, ...],
                    meeting_on: str | None, consent_id: int | None) -> None:
        plan = service.plan_return(current_psc(), case_id, {
            "return_on": return_on, "phases": [_phase(p) for p in phases],
            "meeting_on": meeting_on, "consent_id": consent_id})
        echo_ok(T(f"職場復帰の計画を記録しました（復職日 {plan.return_on}）",
                  f"Return plan recorded (back on {plan.return_on})"))

    return return_plan


def _phase(text: str) -> dict[str, str]:
    match = re.fullmatch(r"\s*([^:]+):([\d.]+):(\d+)\s*", text)
    if not match:
        raise InvalidInput([Problem("$.phases", BAD_PHASE, {"value": text})])
    return {"starts_on": match.group(1), "hours_per_day": match.group(2),
            "days_per_week": match.group(3)}


def _summary() -> click.Command:
    @command(name="summary", help=T(
        "事業所向けの就労上の配慮のまとめ（本人が同意した範囲だけ。提供記録が残ります）",
        "a work-accommodation summary for an employer (only what the person consented "
        "to share; the disclosure is recorded)"))
    @click.argument("person_id", type=PERSON_CONFIRMED, metavar="PERSON")
    @click.option("--employer", "employer_id", type=EMPLOYER, required=True,
                  help=T("提供先の事業所（名前・フリガナ・ID）", "the employer (name, kana or ID)"))
    @click.option("--category", "categories", multiple=True, type=DATA_CATEGORY,
                  help=T("載せる区分（、区切りで複数可）（既定: 同意の範囲すべて）", "categories (default: all consented)"))
    @click.option("--on", "--date", "on", help=T("日付（既定: 今日。過去の日付で後から作成できます）",
                                               "on (default: today; an earlier day to "
                                               "enter it afterwards)"))
    def summary(person_id: int, employer_id: int, categories: tuple[str, ...],
                on: str | None) -> None:
        sheet = current_psc().introduce(person_id, employer_id, list(categories) or None,
                                        parse_on(on))
        click.echo(T(f"就労上の配慮のまとめ（{sheet.employer} 様、{sheet.on}）",
                     f"Work-accommodation summary for {sheet.employer} ({sheet.on})"))
        for section in sheet.sections:
            click.echo(f"\n■ {section.category.label.text()}")
            for item in section.items:
                click.echo(f"  {item.label.text()}: {item.value}")
        if not any(s.category.value == "health" for s in sheet.sections):
            click.echo("\n" + NOTHING_ON_HEALTH.text())
        click.echo(T(f"\n（提供の記録 {sheet.disclosure_id}、同意 {sheet.consent_id}）",
                     f"\n(disclosure {sheet.disclosure_id} under consent {sheet.consent_id})"))

    return summary
