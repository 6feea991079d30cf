"""Placements: internships, trainings, employment and its retention, and the
employment-support table."""

from __future__ import annotations

from typing import Any

import click

from psccore.cli.base import PscGroup, T, emit_json, json_option, state, table
from psccore.cli.catalog import about
from psccore.cli.inputs import choice_of
from psccore.cli.names import CASE, EMPLOYER, INTERNSHIP, OPENING, PERSON, person_name
from psccore.cli.options import day_or_today, given, on_option


def internship_group() -> click.Group:
    @click.group(cls=PscGroup, help=about("職業体験実習", "internships"))
    def internship() -> None:
        pass

    @internship.command(help=T("職業体験実習を登録します（5〜20日）",
                               "register an internship (5 to 20 days)"))
    @click.argument("case_id", type=CASE, metavar="CASE")
    @click.option("--host", "host_id", type=EMPLOYER, required=True, help=T("実習先", "host employer"))
    @click.option("--from", "start_on", required=True, help=T("開始日", "starts"))
    @click.option("--to", "end_on", required=True, help=T("終了日", "ends"))
    @click.option("--days", type=int, required=True, help=T("実習日数", "days"))
    @click.option("--hours", "hours_per_day", type=float, help=T("1日の時間数", "hours a day"))
    @click.option("--stipend", "stipend_per_day", type=int, help=T("奨励金（日額）", "stipend a day"))
    @click.option("--fee", "host_fee", type=int, help=T("受入れ謝金", "fee to the host"))
    @click.option("--uninsured", "insured", flag_value=False, default=None,
                  help=T("保険なし", "not insured"))
    @click.option("--step", "step_id", type=int, help=T("プランのステップ", "plan step"))
    @json_option
    def add(case_id: int, as_json: bool, **fields: Any) -> None:
        created = state().psc().add_internship(case_id, given(**fields))
        if as_json:
            emit_json(created)
        else:
            click.echo(T(f"職業体験実習を登録しました（ID {created.id}）",
                         f"Registered internship {created.id}"))

    @internship.command(help=T("出欠を記録します", "record a day's attendance"))
    @click.argument("internship_id", type=INTERNSHIP, metavar="INTERNSHIP")
    @click.option("--absent", is_flag=True, help=T("欠席", "absent"))
    @click.option("--hours", type=float, help=T("時間数", "hours"))
    @click.option("--note", help=T("記録", "note"))
    @on_option
    def attend(internship_id: int, absent: bool, hours: float | None, note: str | None,
               on: str | None) -> None:
        state().psc().record_attendance(internship_id, given(
            on=day_or_today(on).isoformat(), present=not absent, hours=hours, note=note))
        click.echo(T("出欠を記録しました", "Attendance recorded"))

    @internship.command(help=T("実習先の評価を記録します", "record the host's evaluation"))
    @click.argument("internship_id", type=INTERNSHIP, metavar="INTERNSHIP")
    @click.argument("text")
    def evaluate(internship_id: int, text: str) -> None:
        state().psc().evaluate_internship(internship_id, text)
        click.echo(T("評価を記録しました", "Evaluation recorded"))

    return internship


def training_group() -> click.Group:
    from psccore.domain.placements import TrainingType

    @click.group(cls=PscGroup, help=about("認定就労訓練", "certified training"))
    def training() -> None:
        pass

    @training.command(help=T("就労訓練を登録します（認定就労訓練は3〜6か月、認定外は1年以内）",
                             "register training (city-certified: 3 to 6 months; "
                             "uncertified: up to a year)"))
    @click.argument("case_id", type=CASE, metavar="CASE")
    @click.option("--provider", "provider_id", type=EMPLOYER, required=True,
                  help=T("訓練事業所", "provider"))
    @click.option("--type", "training_type", required=True,
                  type=choice_of(TrainingType),
                  help=T("訓練の種類（名称かその一部・コード）", "training type (label, part of it, or code)"))
    @click.option("--from", "start_on", required=True, help=T("開始日", "starts"))
    @click.option("--to", "end_on", required=True, help=T("終了日", "ends"))
    @click.option("--step", "step_id", type=int, help=T("プランのステップ", "plan step"))
    @click.option("--uncertified", is_flag=True, help=T(
        "市の認定を受けていない訓練（実績表の就労訓練には数えません）",
        "training outside the city's certification (not counted as certified training)"))
    @json_option
    def add(case_id: int, as_json: bool, uncertified: bool, **fields: Any) -> None:
        created = state().psc().add_training(case_id, {**given(**fields),
                                                       "certified": not uncertified})
        if as_json:
            emit_json(created)
        else:
            click.echo(T(f"就労訓練を登録しました（ID {created.id}）",
                         f"Registered training {created.id}"))

    return training


def employment_group() -> click.Group:
    from psccore.domain.employers import WageType
    from psccore.domain.placements import EmploymentType

    @click.group(cls=PscGroup, help=about("就労決定と定着支援", "employment and retention"))
    def employment() -> None:
        pass

    @employment.command(help=T("就労決定を記録します（定着支援を1・3・6か月後に予定）",
                               "record a job obtained (follow-ups at 1, 3, 6 months)"))
    @click.argument("case_id", type=CASE, metavar="CASE")
    @click.option("--employer", "employer_id", type=EMPLOYER, help=T("登録事業所", "registered employer"))
    @click.option("--employer-name", help=T("勤務先名（未登録の場合）", "employer name"))
    @click.option("--from", "start_on", required=True, help=T("就労開始日", "starts"))
    @click.option("--type", "employment_type", required=True,
                  type=choice_of(EmploymentType),
                  help=T("雇用形態（名称かその一部・コード）", "employment type (label, part of it, or code)"))
    @click.option("--hours-per-week", type=float, help=T("週の時間数", "hours a week"))
    @click.option("--wage", type=int, help=T("賃金（円）", "wage (yen)"))
    @click.option("--wage-type", type=choice_of(WageType),
                  help=T("賃金の形態（時給・日給・月給）", "wage type (hourly, daily, monthly)"))
    @click.option("--step", "step_id", type=int, help=T("プランのステップ", "plan step"))
    @json_option
    def add(case_id: int, as_json: bool, **fields: Any) -> None:
        created = state().psc().add_employment(case_id, given(**fields))
        if as_json:
            emit_json(created)
        else:
            click.echo(T(f"就労決定を記録しました（ID {created.id}）",
                         f"Recorded employment {created.id}"))

    @employment.command(help=T("定着支援を記録します", "record a retention follow-up"))
    @click.argument("check_id", type=int, metavar="FOLLOWUP")
    @click.option("--employed/--left", "still_employed", required=True,
                  help=T("就労継続中か離職か", "still employed, or left"))
    @click.option("--note", help=T("記録", "note"))
    @on_option
    def followup(check_id: int, still_employed: bool, note: str | None, on: str | None) -> None:
        state().psc().record_retention(check_id, given(
            still_employed=still_employed, note=note, done_on=day_or_today(on).isoformat()))
        click.echo(T("定着支援を記録しました", "Follow-up recorded"))

    @employment.command(help=T(
        "収入の変化（月の就労収入）を記録します。上がれば国の統計の増収者です",
        "record a change in monthly earned income (a rise counts as higher income "
        "in the national statistics)"))
    @click.argument("case_id", type=CASE, metavar="CASE")
    @click.option("--before", type=int, required=True,
                  help=T("以前の月収（円）", "monthly income before (yen)"))
    @click.option("--after", type=int, required=True,
                  help=T("現在の月収（円）", "monthly income now (yen)"))
    @click.option("--note", help=T("内容（昇給・勤務時間の増加など）",
                                   "note (a raise, more hours …)"))
    @on_option
    @json_option
    def income(case_id: int, before: int, after: int, note: str | None, on: str | None,
               as_json: bool) -> None:
        created = state().psc().add_income_change(case_id, given(
            before=before, after=after, note=note, on=day_or_today(on).isoformat()))
        if as_json:
            emit_json(created)
        elif created.rose:
            click.echo(T(f"収入の変化を記録しました（増収: {before:,}円 → {after:,}円）",
                         f"Income change recorded (higher: ¥{before:,} → ¥{after:,})"))
        else:
            click.echo(T(f"収入の変化を記録しました（{before:,}円 → {after:,}円）",
                         f"Income change recorded (¥{before:,} → ¥{after:,})"))

    return employment


def statistics_table(years: list[Any]) -> None:
    """The seed's table: one column per fiscal year, labelled in the Japanese era."""
    from psccore.dates import fiscal_year_label
    from psccore.domain.placements import SINCE_FY, STATISTICS_ROWS
    from psccore.i18n import current_lang

    def shown(year: Any, key: str) -> object:  # "–": no such figure that year
        return "–" if year.fiscal_year < SINCE_FY.get(key, 0) else getattr(year, key)

    lang = current_lang()
    table(["", *(fiscal_year_label(y.fiscal_year, lang).split("（")[0] for y in years)],
          [(label, *(shown(y, key) for y in years)) for key, label in STATISTICS_ROWS])


def referral_group() -> click.Group:
    from psccore.domain.employers import EmploymentLength
    from psccore.domain.job_placement import ReferralOutcome
    from psccore.domain.placements import EmploymentType

    @click.group(cls=PscGroup, help=about(
        "無料職業紹介: 求職登録・紹介・結果", "free job placement: registrations, referrals, "
        "outcomes", "紹介は psc match refer PERSON OPENING（求人との適合を見てから）。",
        "Refer with psc match refer PERSON OPENING (after matching)."))
    def referral() -> None:
        pass

    @referral.command(help=T("求職登録します（希望する仕事は希望条件から、有効期間3か月）",
                             "register a job seeker (work wanted from the preferences; in "
                             "force three months)"))
    @click.argument("person_id", type=PERSON, metavar="PERSON")
    @click.option("--until", "valid_until", help=T("有効期限", "valid until"))
    @click.option("--work", "desired_work", multiple=True,
                  help=T("希望する仕事（繰り返し可）", "work wanted (repeatable)"))
    @click.option("--length", "employment_length",
                  type=choice_of(EmploymentLength),
                  help=T("希望する雇用期間", "employment length wanted"))
    @click.option("--overseas", is_flag=True, default=None, help=T("国外を希望", "overseas"))
    @on_option
    @json_option
    def register(person_id: int, on: str | None, as_json: bool, **fields: Any) -> None:
        created = state().psc().register_seeker(person_id, given(
            applied_on=day_or_today(on).isoformat(), **fields))
        if as_json:
            emit_json(created)
            return
        click.echo(T(f"求職登録しました（ID {created.id}、{created.valid_until} まで有効）",
                     f"Registered job application {created.id} (in force until "
                     f"{created.valid_until})"))

    @referral.command(help=T("紹介の結果（採用・不採用・辞退）を記録します。採用なら就労も記録",
                             "record a referral's outcome (hired, not hired, declined); a "
                             "hire records the employment"))
    @click.argument("referral_id", type=int, metavar="REFERRAL")
    @click.argument("outcome", type=choice_of(ReferralOutcome))
    @click.option("--type", "employment_type",
                  type=choice_of(EmploymentType),
                  help=T("雇用形態（採用のとき）", "employment type (when hired)"))
    @click.option("--hours-per-week", "hours_per_week", type=float,
                  help=T("週の時間数", "hours a week"))
    @on_option
    def outcome(referral_id: int, outcome: str, on: str | None, **job: Any) -> None:
        done = state().psc().record_referral_outcome(referral_id, outcome, day_or_today(on),
                                                     given(**job) or None)
        label = done.outcome.label.text() if done.outcome else ""
        click.echo(T(f"紹介 {done.id}: {label}", f"Referral {done.id}: {label}")
                   + (T(f"（就労 {done.employment_id}）", f" (employment {done.employment_id})")
                      if done.employment_id else ""))

    @referral.command(name="list", help=T("紹介の一覧", "list referrals"))
    @click.option("--person", "person_id", type=PERSON, help=T("相談者", "person"))
    @click.option("--opening", "opening_id", type=OPENING, help=T("求人", "opening"))
    @click.option("--waiting", is_flag=True, help=T("結果待ちのみ", "awaiting an outcome only"))
    @json_option
    def list_(person_id: int | None, opening_id: int | None, waiting: bool,
              as_json: bool) -> None:
        found = state().psc().list_referrals(person_id=person_id, opening_id=opening_id,
                                             waiting=waiting)
        if as_json:
            emit_json(found)
            return
        table(["ID", T("紹介日", "referred"), T("相談者", "person"), T("求人", "opening"),
               T("結果", "outcome"), T("結果の日付", "on")],
              [(r.id, r.referred_on.isoformat(), person_name(r.person_id), r.opening_id,
                r.outcome.label if r.outcome else T("結果待ち", "waiting"),
                r.outcome_on.isoformat() if r.outcome_on else "") for r in found])

    return referral
