"""Employers, job openings, preferences, matching, consent and introductions,
placements, and the employment-support table."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from psccore.cli.base import PscCommand, PscGroup, T, emit_json, json_option, record, state, table
from psccore.cli.catalog import about
from psccore.cli.inputs import parse_on, read_data


def _given(**values: Any) -> dict[str, Any]:
    """Options the user gave (empty tuples and ``None`` left out)."""
    return {k: list(v) if isinstance(v, tuple) else v for k, v in values.items()
            if v is not None and v != ()}


def _sets(f: Any) -> Any:
    f = click.option("--set", "sets", multiple=True, metavar="KEY=VALUE",
                     help=T("その他の項目（繰り返し可）", "any other field (repeatable)"))(f)
    return click.option("--data", "data_file", type=click.Path(path_type=Path),
                        help=T("JSONファイルから読み込む", "read from a JSON file"))(f)


def _on(f: Any) -> Any:
    return click.option("--on", help=T("日付（既定: 今日）", "date (default: today)"))(f)


def _today(on: str | None) -> dt.date:
    return parse_on(on) or state().psc().today()


# --- employers --------------------------------------------------------------------------------

def employer_group() -> click.Group:
    from psccore.domain.employers import DevelopmentStage, PartnerRole, VisitPurpose

    @click.group(cls=PscGroup, help=about(
        "事業所の登録・開拓・訪問", "employers: registration, development, visits"))
    def employer() -> None:
        pass

    @employer.command(help=T("事業所を登録します（開拓段階は①情報収集から）",
                             "register an employer (development starts at research)"))
    @click.option("--name", required=True, help=T("事業所名", "name"))
    @click.option("--kana", help=T("フリガナ", "kana"))
    @click.option("--industry", help=T("業種", "industry"))
    @click.option("--ward", help=T("区・市町村", "ward"))
    @click.option("--address", help=T("所在地", "address"))
    @click.option("--phone", help=T("電話番号", "phone"))
    @click.option("--contact", "contact_name", help=T("担当者", "contact person"))
    @click.option("--employees", type=int, help=T("従業員数", "employees"))
    @_sets
    @_on
    @json_option
    def add(sets: tuple[str, ...], data_file: Path | None, on: str | None, as_json: bool,
            **fields: Any) -> None:
        data = read_data(data_file, sets) | _given(**fields)
        created = state().psc().add_employer(data, _today(on))
        if as_json:
            emit_json(created)
        else:
            click.echo(T(f"事業所を登録しました（ID {created.id}）", f"Registered employer {created.id}"))

    @employer.command(help=T("開拓段階を進めます（履歴に残ります）",
                             "move along the development pipeline (kept in the history)"))
    @click.argument("employer_id", type=int, metavar="EMPLOYER")
    @click.argument("stage", type=click.Choice([s.value for s in DevelopmentStage]))
    @click.option("--note", help=T("メモ", "note"))
    @_on
    def stage(employer_id: int, stage: str, note: str | None, on: str | None) -> None:
        moved = state().psc().move_employer_stage(employer_id, stage, _today(on), note)
        click.echo(f"{moved.name}: {moved.stage.label.text()}")

    @employer.command(help=T("訪問を記録します", "record a visit"))
    @click.argument("employer_id", type=int, metavar="EMPLOYER")
    @click.option("--purpose", required=True, type=click.Choice([v.value for v in VisitPurpose]),
                  help=T("段階（準備・初回訪問・受け入れ調整）", "stage of the visit"))
    @click.option("--notes", help=T("記録", "notes"))
    @_on
    def visit(employer_id: int, purpose: str, notes: str | None, on: str | None) -> None:
        state().psc().record_visit(employer_id, {"on": _today(on).isoformat(),
                                                 "purpose": purpose, "notes": notes})
        click.echo(T("訪問を記録しました", "Visit recorded"))

    @employer.command(help=T("協力の内容（実習受入れ・認定訓練など）を登録します",
                             "register a partner role (internship host, training provider …)"))
    @click.argument("employer_id", type=int, metavar="EMPLOYER")
    @click.argument("role", type=click.Choice([r.value for r in PartnerRole]))
    @click.option("--since", help=T("開始日（既定: 今日）", "from (default: today)"))
    @click.option("--until", help=T("終了日", "until"))
    def role(employer_id: int, role: str, since: str | None, until: str | None) -> None:
        state().psc().add_partner_role(employer_id, _given(
            role=role, since=since or state().psc().today().isoformat(), until=until))
        click.echo(T("協力の内容を登録しました", "Partner role registered"))

    @employer.command(help=T("事業所を表示します（開拓の履歴・訪問・受入れ実績）",
                             "show an employer (history, visits, interns hosted)"))
    @click.argument("employer_id", type=int, metavar="EMPLOYER")
    @json_option
    def show(employer_id: int, as_json: bool) -> None:
        detail = state().psc().get_employer(employer_id)
        if as_json:
            emit_json(detail)
            return
        e = detail.employer
        record([("ID", e.id), (T("事業所名", "name"), e.name), (T("業種", "industry"), e.industry),
                (T("区", "ward"), e.ward), (T("担当者", "contact"), e.contact_name),
                (T("開拓段階", "stage"), e.stage.label),
                (T("協力の内容", "partner roles"),
                 [f"{r.role.label.text()} {r.since}〜{r.until or ''}" for r in detail.roles]),
                (T("実習受入れ", "interns hosted"),
                 T(f"{detail.interns_hosted}名・{detail.internship_days}日",
                   f"{detail.interns_hosted} people, {detail.internship_days} days"))])
        click.echo()
        table([T("日付", "date"), T("開拓の履歴", "history")],
              [(c.on.isoformat(), c.stage.label) for c in detail.history])
        if detail.visits:
            click.echo()
            table([T("訪問日", "visited"), T("段階", "purpose"), T("記録", "notes")],
                  [(v.on.isoformat(), v.purpose.label, v.notes) for v in detail.visits])

    @employer.command(name="list", help=T("事業所の一覧", "list employers"))
    @click.option("--stage", type=click.Choice([s.value for s in DevelopmentStage]))
    @json_option
    def list_(stage: str | None, as_json: bool) -> None:
        found = state().psc().list_employers(stage)
        if as_json:
            emit_json(found)
            return
        table(["ID", T("事業所名", "name"), T("業種", "industry"), T("区", "ward"),
               T("開拓段階", "stage")],
              [(e.id, e.name, e.industry, e.ward, e.stage.label) for e in found])

    return employer


# --- openings, preferences, matching --------------------------------------------------------

def opening_group() -> click.Group:
    from psccore.domain.employers import OpeningStatus, Relaxation, TimeOfDay, WageType

    @click.group(cls=PscGroup, help=about("求人の登録と一覧", "job openings"))
    def opening() -> None:
        pass

    @opening.command(help=T("求人を登録します", "register a job opening"))
    @click.argument("employer_id", type=int, metavar="EMPLOYER")
    @click.option("--title", required=True, help=T("職種", "job title"))
    @click.option("--duties", required=True, help=T("仕事内容", "duties"))
    @click.option("--hours", "hours_per_day", type=float, required=True,
                  help=T("1日の時間数", "hours a day"))
    @click.option("--days", "days_per_week", type=int, required=True,
                  help=T("週の勤務日数", "days a week"))
    @click.option("--time", "time_of_day", required=True,
                  type=click.Choice([x.value for x in TimeOfDay]), help=T("時間帯", "time of day"))
    @click.option("--wage", type=int, required=True, help=T("賃金（円）", "wage (yen)"))
    @click.option("--wage-type", default="hourly", show_default=True,
                  type=click.Choice([x.value for x in WageType]))
    @click.option("--ward", help=T("就業場所の区", "ward of the workplace"))
    @click.option("--headcount", type=int, help=T("人数", "headcount"))
    @click.option("--relax", "relaxations", multiple=True,
                  type=click.Choice([x.value for x in Relaxation]),
                  help=T("緩和できる条件（中間的就労）", "a condition that can be relaxed"))
    @click.option("--min-hours", "min_hours_per_day", type=float,
                  help=T("短時間の下限", "shortest hours a day allowed"))
    @_sets
    @json_option
    def add(employer_id: int, sets: tuple[str, ...], data_file: Path | None, as_json: bool,
            **fields: Any) -> None:
        data = read_data(data_file, sets) | _given(employer_id=employer_id, **fields)
        created = state().psc().add_opening(data)
        if as_json:
            emit_json(created)
        else:
            click.echo(T(f"求人を登録しました（ID {created.id}）", f"Registered opening {created.id}"))

    @opening.command(help=T("求人の状態を変えます", "change an opening's status"))
    @click.argument("opening_id", type=int, metavar="OPENING")
    @click.argument("status", type=click.Choice([x.value for x in OpeningStatus]))
    def status(opening_id: int, status: str) -> None:
        changed = state().psc().set_opening_status(opening_id, status)
        click.echo(f"{changed.id} {changed.title}: {changed.status.label.text()}")

    @opening.command(name="list", help=T("求人の一覧", "list job openings"))
    @click.option("--status", default="open", show_default=True,
                  type=click.Choice([x.value for x in OpeningStatus]))
    @json_option
    def list_(status: str, as_json: bool) -> None:
        found = state().psc().list_openings(status)
        if as_json:
            emit_json(found)
            return
        table(["ID", T("職種", "title"), T("時間", "hours"), T("日数", "days"),
               T("時間帯", "time"), T("賃金", "wage"), T("区", "ward"), T("緩和", "relaxable")],
              [(o.id, o.title, o.hours_per_day, o.days_per_week, o.time_of_day.label,
                f"{o.wage_type.label.text()} {o.wage}", o.ward,
                [r.label for r in o.relaxations]) for o in found])

    return opening


def prefs_group() -> click.Group:
    from psccore.domain.employers import TimeOfDay

    @click.group(cls=PscGroup, help=about("相談者の希望条件", "a person's job preferences"))
    def prefs() -> None:
        pass

    @prefs.command(name="set", help=T("希望条件を登録・更新します", "set job preferences"))
    @click.argument("person_id", type=int, metavar="PERSON")
    @click.option("--duty", "duties", multiple=True, help=T("希望する仕事", "work wanted"))
    @click.option("--industry", "industries", multiple=True, help=T("希望する業種", "industry"))
    @click.option("--max-hours", "max_hours_per_day", type=float,
                  help=T("1日の上限時間", "most hours a day"))
    @click.option("--max-days", "max_days_per_week", type=int,
                  help=T("週の上限日数", "most days a week"))
    @click.option("--time", "times_of_day", multiple=True,
                  type=click.Choice([x.value for x in TimeOfDay]), help=T("時間帯", "time of day"))
    @click.option("--area", "areas", multiple=True, help=T("希望する地域（区）", "area (ward)"))
    @click.option("--min-wage", "min_hourly_wage", type=int,
                  help=T("希望時給の下限", "lowest hourly wage"))
    @click.option("--cannot", "cannot_do", multiple=True, help=T("できないこと", "cannot do"))
    @click.option("--experienced/--no-experience", "has_experience", default=None,
                  help=T("就労経験の有無", "has work experience"))
    @click.option("--gradual-start/--no-gradual-start", "needs_gradual_start", default=None,
                  help=T("段階的な開始が必要", "needs a gradual start"))
    @json_option
    def set_(person_id: int, as_json: bool, **fields: Any) -> None:
        saved = state().psc().set_preferences(person_id, _given(**fields))
        if as_json:
            emit_json(saved)
        else:
            click.echo(T("希望条件を保存しました", "Preferences saved"))

    return prefs


def match_group() -> click.Group:
    @click.group(cls=PscGroup, help=about("求人と相談者のマッチング", "matching people and openings"))
    def match() -> None:
        pass

    @match.command(help=T("相談者に合う求人を順に並べます", "rank openings for a person"))
    @click.argument("person_id", type=int, metavar="PERSON")
    @click.option("--limit", type=click.IntRange(1, 500), default=10, show_default=True)
    @click.option("--explain/--brief", default=True, help=T("条件ごとの説明", "explain each condition"))
    @json_option
    def person(person_id: int, limit: int, explain: bool, as_json: bool) -> None:
        show_matches(state().psc().match_person(person_id, limit), explain, as_json, True)

    @match.command(help=T("求人に合う相談者を順に並べます", "rank people for an opening"))
    @click.argument("opening_id", type=int, metavar="OPENING")
    @click.option("--limit", type=click.IntRange(1, 500), default=10, show_default=True)
    @click.option("--explain/--brief", default=True, help=T("条件ごとの説明", "explain each condition"))
    @json_option
    def opening(opening_id: int, limit: int, explain: bool, as_json: bool) -> None:
        show_matches(state().psc().match_opening(opening_id, limit), explain, as_json, False)

    return match


_MARK = {"fits": "○", "relaxable": "△", "no_fit": "×"}


def show_matches(matches: list[Any], explain: bool, as_json: bool, by_opening: bool) -> None:
    if as_json:
        emit_json([{"opening_id": m.opening.id, "person_id": m.person_id, "score": m.score,
                    "breaks_hard_limit": m.breaks_hard_limit,
                    "conditions": [{"condition": j.condition, "fit": j.fit.value, "hard": j.hard,
                                    "reason": j.text()} for j in m.judgements]}
                   for m in matches])
        return
    if not matches:
        click.echo(T("候補がありません", "No candidates"))
        return
    for rank_no, m in enumerate(matches, 1):
        who = (f"{T('求人', 'opening')} {m.opening.id} {m.opening.title}" if by_opening
               else f"{T('相談者', 'person')} {m.person_id}")
        warn = T("（条件外あり）", " (breaks a hard limit)") if m.breaks_hard_limit else ""
        click.echo(f"{rank_no}. {who}  {T('適合度', 'score')} {m.score}{warn}")
        if explain:
            for j in m.judgements:
                click.echo(f"     {_MARK[j.fit.value]} {j.label.text()}: {j.text()}")


# --- consent, history, introductions ------------------------------------------------------------

def consent_group() -> click.Group:
    from psccore.domain.consent import DataCategory

    @click.group(cls=PscGroup, help=about("情報提供への同意", "consents"))
    def consent() -> None:
        pass

    @consent.command(help=T(
        "同意を記録します: 事業所・機関への情報提供、または --collect で要配慮個人情報の取得",
        "record a consent: to share information with an employer or organisation, or "
        "with --collect to collect sensitive data at all"))
    @click.argument("person_id", type=int, metavar="PERSON")
    @click.option("--collect", is_flag=True, help=T(
        "要配慮個人情報（健康状態など）の取得への同意（提供先なし、health を含む）",
        "consent to collect sensitive data (no recipient; covers health)"))
    @click.option("--employer", "employer_id", type=int, help=T("提供先の事業所", "employer"))
    @click.option("--org", "organisation", help=T("提供先の機関", "organisation"))
    @click.option("--category", "categories", multiple=True, required=True,
                  type=click.Choice([c.value for c in DataCategory]),
                  help=T("提供する情報（繰り返し可）", "category (repeatable)"))
    @click.option("--purpose", required=True, help=T("利用目的", "purpose"))
    @click.option("--from", "valid_from", help=T("有効期間の開始（既定: 今日）", "valid from"))
    @click.option("--until", "valid_until", required=True, help=T("有効期間の終了", "valid until"))
    @click.option("--form", "form_reference", help=T("同意書の番号・保管場所", "signed form reference"))
    @json_option
    def add(person_id: int, as_json: bool, valid_from: str | None, collect: bool,
            **fields: Any) -> None:
        saved = state().psc().add_consent(person_id, _given(
            valid_from=_today(valid_from).isoformat(), kind="collect" if collect else None,
            **fields))
        if as_json:
            emit_json(saved)
        else:
            click.echo(T(f"同意を記録しました（ID {saved.id}）", f"Consent {saved.id} recorded"))

    @consent.command(help=T("同意の撤回を記録します（すぐに効力を持ちます）",
                            "record a withdrawal (effective at once)"))
    @click.argument("consent_id", type=int, metavar="CONSENT")
    @_on
    def withdraw(consent_id: int, on: str | None) -> None:
        state().psc().withdraw_consent(consent_id, _today(on))
        click.echo(T("撤回を記録しました", "Withdrawal recorded"))

    @consent.command(name="list", help=T("相談者の同意の一覧", "a person's consents"))
    @click.argument("person_id", type=int, metavar="PERSON")
    @json_option
    def list_(person_id: int, as_json: bool) -> None:
        psc = state().psc()
        found = psc.list_consents(person_id)
        if as_json:
            emit_json(found)
            return
        today = psc.today()
        table(["ID", T("提供先", "recipient"), T("情報", "categories"), T("期間", "valid"),
               T("状態", "state")],
              [(c.id, c.kind.label if c.kind.value == "collect"
                else c.organisation or f"{T('事業所', 'employer')} {c.employer_id}",
                [x.value for x in c.categories], f"{c.valid_from}..{c.valid_until}",
                T("有効", "in force") if c.in_force(today) else
                T("撤回", "withdrawn") if c.withdrawn_on else T("無効", "not in force"))
               for c in found])

    return consent


def introduce_command() -> click.Command:
    from psccore.domain.consent import DataCategory

    @click.command(cls=PscCommand, help=about(
        "事業所への紹介票を作成します", "make an introduction sheet for an employer",
        "有効な同意がある情報だけを載せ、提供の記録を残します。",
        "Only what an in-force consent covers; the disclosure is recorded."))
    @click.argument("person_id", type=int, metavar="PERSON")
    @click.option("--employer", "employer_id", type=int, required=True,
                  help=T("提供先の事業所", "employer"))
    @click.option("--category", "categories", multiple=True,
                  type=click.Choice([c.value for c in DataCategory]),
                  help=T("載せる情報（既定: 同意の範囲すべて）", "categories (default: all consented)"))
    @_on
    @json_option
    def introduce(person_id: int, employer_id: int, categories: tuple[str, ...],
                  on: str | None, as_json: bool) -> None:
        sheet = state().psc().introduce(person_id, employer_id, list(categories) or None,
                                        _today(on))
        if as_json:
            emit_json(sheet)
            return
        click.echo(T(f"紹介票（{sheet.employer} 様）  {sheet.on}",
                     f"Introduction sheet for {sheet.employer}  {sheet.on}"))
        for section in sheet.sections:
            click.echo(f"\n[{section.category.label.text()}]")
            record([(i.label.text(), i.value) for i in section.items] or [("-", "-")])
        click.echo(T(f"\n提供を記録しました（記録 {sheet.disclosure_id}、同意 {sheet.consent_id}）",
                     f"\nDisclosure {sheet.disclosure_id} recorded (consent {sheet.consent_id})"),
                   err=True)

    return introduce


# --- placements --------------------------------------------------------------------------------

def internship_group() -> click.Group:
    @click.group(cls=PscGroup, help=about("職業体験実習", "internships"))
    def internship() -> None:
        pass

    @internship.command(help=T("職業体験実習を登録します（5〜20日）",
                               "register an internship (5 to 20 days)"))
    @click.argument("case_id", type=int, metavar="CASE")
    @click.option("--host", "host_id", type=int, required=True, help=T("実習先", "host employer"))
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
        created = state().psc().add_internship(case_id, _given(**fields))
        if as_json:
            emit_json(created)
        else:
            click.echo(T(f"職業体験実習を登録しました（ID {created.id}）",
                         f"Registered internship {created.id}"))

    @internship.command(help=T("出欠を記録します", "record a day's attendance"))
    @click.argument("internship_id", type=int, metavar="INTERNSHIP")
    @click.option("--absent", is_flag=True, help=T("欠席", "absent"))
    @click.option("--hours", type=float, help=T("時間数", "hours"))
    @click.option("--note", help=T("記録", "note"))
    @_on
    def attend(internship_id: int, absent: bool, hours: float | None, note: str | None,
               on: str | None) -> None:
        state().psc().record_attendance(internship_id, _given(
            on=_today(on).isoformat(), present=not absent, hours=hours, note=note))
        click.echo(T("出欠を記録しました", "Attendance recorded"))

    @internship.command(help=T("実習先の評価を記録します", "record the host's evaluation"))
    @click.argument("internship_id", type=int, metavar="INTERNSHIP")
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
    @click.argument("case_id", type=int, metavar="CASE")
    @click.option("--provider", "provider_id", type=int, required=True,
                  help=T("訓練事業所", "provider"))
    @click.option("--type", "training_type", required=True,
                  type=click.Choice([x.value for x in TrainingType]))
    @click.option("--from", "start_on", required=True, help=T("開始日", "starts"))
    @click.option("--to", "end_on", required=True, help=T("終了日", "ends"))
    @click.option("--step", "step_id", type=int, help=T("プランのステップ", "plan step"))
    @click.option("--uncertified", is_flag=True, help=T(
        "市の認定を受けていない訓練（実績表の就労訓練には数えません）",
        "training outside the city's certification (not counted as certified training)"))
    @json_option
    def add(case_id: int, as_json: bool, uncertified: bool, **fields: Any) -> None:
        created = state().psc().add_training(case_id, {**_given(**fields),
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
    @click.argument("case_id", type=int, metavar="CASE")
    @click.option("--employer", "employer_id", type=int, help=T("登録事業所", "registered employer"))
    @click.option("--employer-name", help=T("勤務先名（未登録の場合）", "employer name"))
    @click.option("--from", "start_on", required=True, help=T("就労開始日", "starts"))
    @click.option("--type", "employment_type", required=True,
                  type=click.Choice([x.value for x in EmploymentType]))
    @click.option("--hours-per-week", type=float, help=T("週の時間数", "hours a week"))
    @click.option("--wage", type=int, help=T("賃金（円）", "wage (yen)"))
    @click.option("--wage-type", type=click.Choice([x.value for x in WageType]))
    @click.option("--step", "step_id", type=int, help=T("プランのステップ", "plan step"))
    @json_option
    def add(case_id: int, as_json: bool, **fields: Any) -> None:
        created = state().psc().add_employment(case_id, _given(**fields))
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
    @_on
    def followup(check_id: int, still_employed: bool, note: str | None, on: str | None) -> None:
        state().psc().record_retention(check_id, _given(
            still_employed=still_employed, note=note, done_on=_today(on).isoformat()))
        click.echo(T("定着支援を記録しました", "Follow-up recorded"))

    @employment.command(help=T(
        "収入の変化（月の就労収入）を記録します。上がれば国の統計の増収者です",
        "record a change in monthly earned income (a rise counts as higher income "
        "in the national statistics)"))
    @click.argument("case_id", type=int, metavar="CASE")
    @click.option("--before", type=int, required=True,
                  help=T("以前の月収（円）", "monthly income before (yen)"))
    @click.option("--after", type=int, required=True,
                  help=T("現在の月収（円）", "monthly income now (yen)"))
    @click.option("--note", help=T("内容（昇給・勤務時間の増加など）",
                                   "note (a raise, more hours …)"))
    @_on
    @json_option
    def income(case_id: int, before: int, after: int, note: str | None, on: str | None,
               as_json: bool) -> None:
        created = state().psc().add_income_change(case_id, _given(
            before=before, after=after, note=note, on=_today(on).isoformat()))
        if as_json:
            emit_json(created)
        elif created.rose:
            click.echo(T(f"収入の変化を記録しました（増収: {before:,}円 → {after:,}円）",
                         f"Income change recorded (higher: ¥{before:,} → ¥{after:,})"))
        else:
            click.echo(T(f"収入の変化を記録しました（{before:,}円 → {after:,}円）",
                         f"Income change recorded (¥{before:,} → ¥{after:,})"))

    return employment


# --- report -----------------------------------------------------------------------------------

def statistics_table(years: list[Any]) -> None:
    """The seed's table: one column per fiscal year, labelled in the Japanese era."""
    from psccore.dates import fiscal_year_label
    from psccore.domain.placements import STATISTICS_ROWS
    from psccore.i18n import current_lang

    lang = current_lang()
    table(["", *(fiscal_year_label(y.fiscal_year, lang).split("（")[0] for y in years)],
          [(label, *(getattr(y, key) for y in years)) for key, label in STATISTICS_ROWS])
