"""Employers, job openings, job preferences and matching."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from psccore.cli.base import PscGroup, T, cut_notice, emit_json, json_option, record, state, table
from psccore.cli.catalog import about
from psccore.cli.inputs import choice_of, read_data
from psccore.cli.names import (
    EMPLOYER,
    OPENING,
    PERSON,
    PERSON_CONFIRMED,
    employer_name,
    person_name,
)
from psccore.cli.options import data_options, day_or_today, given, on_option


def employer_group() -> click.Group:
    from psccore.domain.employers import DevelopmentStage, VisitPurpose

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
    @data_options
    @on_option
    @json_option
    def add(sets: tuple[str, ...], data_file: Path | None, on: str | None, as_json: bool,
            **fields: Any) -> None:
        data = read_data(data_file, sets) | given(**fields)
        created = state().psc().add_employer(data, day_or_today(on))
        if as_json:
            emit_json(created)
        else:
            click.echo(T(f"事業所を登録しました: {created.name}（ID {created.id}）",
                         f"Registered employer {created.name} (ID {created.id})"))

    @employer.command(help=T("開拓段階を進めます（履歴に残ります）",
                             "move along the development pipeline (kept in the history)"))
    @click.argument("employer_id", type=EMPLOYER, metavar="EMPLOYER")
    @click.argument("stage", type=choice_of(DevelopmentStage))
    @click.option("--note", help=T("メモ", "note"))
    @on_option
    def stage(employer_id: int, stage: str, note: str | None, on: str | None) -> None:
        moved = state().psc().move_employer_stage(employer_id, stage, day_or_today(on), note)
        click.echo(f"{moved.name}: {moved.stage.label.text()}")

    @employer.command(help=T("訪問を記録します", "record a visit"))
    @click.argument("employer_id", type=EMPLOYER, metavar="EMPLOYER")
    @click.option("--purpose", required=True, type=choice_of(VisitPurpose),
                  help=T("段階（準備・初回訪問・受け入れ調整）", "stage of the visit"))
    @click.option("--notes", help=T("記録", "notes"))
    @on_option
    def visit(employer_id: int, purpose: str, notes: str | None, on: str | None) -> None:
        state().psc().record_visit(employer_id, {"on": day_or_today(on).isoformat(),
                                                 "purpose": purpose, "notes": notes})
        click.echo(T("訪問を記録しました", "Visit recorded"))

    employer.add_command(role_group())

    @employer.command(help=T("事業所を表示します（開拓の履歴・訪問・受入れ実績）",
                             "show an employer (history, visits, interns hosted)"))
    @click.argument("employer_id", type=EMPLOYER, metavar="EMPLOYER")
    @json_option
    def show(employer_id: int, as_json: bool) -> None:
        detail = state().psc().get_employer(employer_id)
        if as_json:
            emit_json(detail)
            return
        e = detail.employer
        record([("ID", e.id), (T("事業所名", "name"), e.name), (T("業種", "industry"), e.industry),
                (T("フリガナ", "kana"), e.kana), (T("区", "ward"), e.ward),
                (T("所在地", "address"), e.address), (T("電話番号", "phone"), e.phone),
                (T("担当者", "contact"), e.contact_name),
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
    @click.option("--stage", type=choice_of(DevelopmentStage),
                  help=T("開拓段階で絞り込む（名称かその一部・コード）", "only employers at this stage (label, part of it, or code)"))
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


class _RoleGroup(PscGroup):
    """``psc employer role EMPLOYER ROLE`` adds an agreement (as before ``end`` and
    ``renew`` existed); ``psc employer role end|renew …`` change one."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["add", *args]
        return super().parse_args(ctx, args)


def role_group() -> click.Group:
    from psccore.domain.employers import PartnerRole

    roles = choice_of(PartnerRole)

    @click.group(name="role", cls=_RoleGroup, help=T(
        "協力事業所の協定（実習受入れ・認定訓練など）: 登録・終了・更新。"
        "psc employer role EMPLOYER ROLE --since DATE で登録",
        "partner agreements (internship host, training provider …): add, end, renew. "
        "psc employer role EMPLOYER ROLE --since DATE adds one"))
    def role() -> None:
        pass

    @role.command(help=T("協定を登録します（同じ内容の協定と期間が重なるものは受け付けません）",
                         "add an agreement (refused where it overlaps one of the same role)"))
    @click.argument("employer_id", type=EMPLOYER, metavar="EMPLOYER")
    @click.argument("role", type=roles)
    @click.option("--since", help=T("開始日（既定: 今日）", "from (default: today)"))
    @click.option("--until", help=T("終了日", "until"))
    def add(employer_id: int, role: str, since: str | None, until: str | None) -> None:
        state().psc().add_partner_role(employer_id, given(
            role=role, since=since or state().psc().today().isoformat(), until=until))
        click.echo(T("協力の内容を登録しました", "Partner role registered"))

    @role.command(help=T("有効な協定を終了します（--on がその最終日）",
                         "end the agreement in force (--on is its last day)"))
    @click.argument("employer_id", type=EMPLOYER, metavar="EMPLOYER")
    @click.argument("role", type=roles)
    @on_option
    def end(employer_id: int, role: str, on: str | None) -> None:
        ended = state().psc().end_partner_role(employer_id, role, day_or_today(on))
        click.echo(T(f"協定を終了しました（{ended.since}〜{ended.until}）",
                     f"Agreement ended ({ended.since} to {ended.until})"))

    @role.command(help=T("終了した協定を更新します（翌日から、--until まで）",
                         "renew an ended agreement (from the next day, until --until)"))
    @click.argument("employer_id", type=EMPLOYER, metavar="EMPLOYER")
    @click.argument("role", type=roles)
    @click.option("--since", help=T("開始日（既定: 前の協定の翌日）",
                                    "from (default: the day after the last one)"))
    @click.option("--until", help=T("終了日（省くと期限なし）", "until (none: no end)"))
    def renew(employer_id: int, role: str, since: str | None, until: str | None) -> None:
        from psccore.cli.inputs import parse_on

        new = state().psc().renew_partner_role(
            employer_id, role, parse_on(until, "$.until"), parse_on(since, "$.since"))
        click.echo(T(f"協定を更新しました（{new.since}〜{new.until or ''}）",
                     f"Agreement renewed ({new.since} to {new.until or ''})"))

    return role


def opening_group() -> click.Group:
    from psccore.domain.employers import (
        EmploymentLength,
        OpeningStatus,
        Relaxation,
        TimeOfDay,
        WageType,
    )

    @click.group(cls=PscGroup, help=about("求人の登録と一覧", "job openings"))
    def opening() -> None:
        pass

    @opening.command(help=T("求人を登録します", "register a job opening"))
    @click.argument("employer_id", type=EMPLOYER, metavar="EMPLOYER")
    @click.option("--title", required=True, help=T("職種", "job title"))
    @click.option("--duties", required=True, help=T("仕事内容", "duties"))
    @click.option("--hours", "hours_per_day", type=float, required=True,
                  help=T("1日の時間数", "hours a day"))
    @click.option("--days", "days_per_week", type=int, required=True,
                  help=T("週の勤務日数", "days a week"))
    @click.option("--time", "time_of_day", required=True,
                  type=choice_of(TimeOfDay), help=T("時間帯", "time of day"))
    @click.option("--wage", type=int, required=True, help=T("賃金（円）", "wage (yen)"))
    @click.option("--wage-type", default="hourly", show_default=True,
                  type=choice_of(WageType),
                  help=T("賃金の形態（時給・日給・月給）", "wage type (hourly, daily, monthly)"))
    @click.option("--ward", help=T("就業場所の区", "ward of the workplace"))
    @click.option("--headcount", type=int, help=T("人数", "headcount"))
    @click.option("--relax", "relaxations", multiple=True,
                  type=choice_of(Relaxation),
                  help=T("緩和できる条件（中間的就労）", "a condition that can be relaxed"))
    @click.option("--min-hours", "min_hours_per_day", type=float,
                  help=T("短時間の下限", "shortest hours a day allowed"))
    @click.option("--length", "employment_length",
                  type=choice_of(EmploymentLength),
                  help=T("雇用期間（常用・臨時・日雇、既定: 常用）",
                         "employment length (default: regular)"))
    @click.option("--overseas", is_flag=True, default=None, help=T("国外の求人", "overseas"))
    @data_options
    @json_option
    def add(employer_id: int, sets: tuple[str, ...], data_file: Path | None, as_json: bool,
            **fields: Any) -> None:
        data = read_data(data_file, sets) | given(employer_id=employer_id, **fields)
        created = state().psc().add_opening(data)
        if as_json:
            emit_json(created)
        else:
            click.echo(T(f"求人を登録しました（ID {created.id}）", f"Registered opening {created.id}"))

    @opening.command(help=T("求人の状態を変えます", "change an opening's status"))
    @click.argument("opening_id", type=OPENING, metavar="OPENING")
    @click.argument("status", type=choice_of(OpeningStatus))
    def status(opening_id: int, status: str) -> None:
        changed = state().psc().set_opening_status(opening_id, status)
        click.echo(f"{changed.id} {changed.title}: {changed.status.label.text()}")

    @opening.command(name="list", help=T("求人の一覧", "list job openings"))
    @click.option("--status", default="open", show_default=True,
                  type=choice_of(OpeningStatus),
                  help=T("求人の状態で絞り込む（名称かコード）", "only openings in this status (label or code)"))
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
    @click.argument("person_id", type=PERSON, metavar="PERSON")
    @click.option("--duty", "duties", multiple=True, help=T("希望する仕事", "work wanted"))
    @click.option("--industry", "industries", multiple=True, help=T("希望する業種", "industry"))
    @click.option("--max-hours", "max_hours_per_day", type=float,
                  help=T("1日の上限時間", "most hours a day"))
    @click.option("--max-days", "max_days_per_week", type=int,
                  help=T("週の上限日数", "most days a week"))
    @click.option("--time", "times_of_day", multiple=True,
                  type=choice_of(TimeOfDay), help=T("時間帯", "time of day"))
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
        saved = state().psc().set_preferences(person_id, given(**fields))
        if as_json:
            emit_json(saved)
        else:
            click.echo(T("希望条件を保存しました", "Preferences saved"))

    return prefs


def data_categories() -> Any:
    """The categories of data a consent covers, as a choice of labels."""
    from psccore.domain.consent import DataCategory

    return choice_of(DataCategory)


def match_group() -> click.Group:
    @click.group(cls=PscGroup, help=about("求人と相談者のマッチング", "matching people and openings"))
    def match() -> None:
        pass

    @match.command(help=T("相談者に合う求人を順に並べます", "rank openings for a person"))
    @click.argument("person_id", type=PERSON, metavar="PERSON")
    @click.option("--limit", type=click.IntRange(1, 500), default=10, show_default=True,
                  help=T("表示する候補の数（適合度の高い順）", "how many to show, best first"))
    @click.option("--explain/--brief", default=True,
                  help=T("条件ごとの説明を付ける／付けない", "explain each condition, or not"))
    @json_option
    def person(person_id: int, limit: int, explain: bool, as_json: bool) -> None:
        found = state().psc().match_person(person_id, limit + 1)
        show_matches(found[:limit], explain, as_json, True)
        if len(found) > limit and not as_json:
            cut_notice(limit, None, "--limit")

    @match.command(help=T(
        "相談者を求人に紹介します（無料職業紹介: 求職登録と事業所への同意が必要、提供を記録）",
        "refer a person to an opening (free job placement: needs a job application and "
        "consent for the employer; the disclosure is recorded)"))
    @click.argument("person_id", type=PERSON_CONFIRMED, metavar="PERSON")
    @click.argument("opening_id", type=OPENING, metavar="OPENING")
    @click.option("--category", "categories", multiple=True, type=data_categories(),
                  help=T("提供する情報の区分（、区切り・繰り返し可。既定: 同意の範囲すべて）",
                         "category of data to give (a comma list or repeated; default: "
                         "all the consent covers)"))
    @on_option
    @json_option
    def refer(person_id: int, opening_id: int, categories: tuple[str, ...], on: str | None,
              as_json: bool) -> None:
        show_referral(state().psc().refer(person_id, opening_id, day_or_today(on),
                                          list(categories) or None), as_json)

    @match.command(help=T("求人に合う相談者を順に並べます", "rank people for an opening"))
    @click.argument("opening_id", type=OPENING, metavar="OPENING")
    @click.option("--limit", type=click.IntRange(1, 500), default=10, show_default=True,
                  help=T("表示する候補の数（適合度の高い順）", "how many to show, best first"))
    @click.option("--explain/--brief", default=True,
                  help=T("条件ごとの説明を付ける／付けない", "explain each condition, or not"))
    @json_option
    def opening(opening_id: int, limit: int, explain: bool, as_json: bool) -> None:
        found = state().psc().match_opening(opening_id, limit + 1)
        show_matches(found[:limit], explain, as_json, False)
        if len(found) > limit and not as_json:
            cut_notice(limit, None, "--limit")

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
        who = (f"{T('求人', 'opening')} {m.opening.id} {m.opening.title}"
               f"（{employer_name(m.opening.employer_id)}）" if by_opening
               else f"{person_name(m.person_id)}（ID {m.person_id}）")
        warn = T("（条件外あり）", " (breaks a hard limit)") if m.breaks_hard_limit else ""
        click.echo(f"{rank_no}. {who}  {T('適合度', 'score')} {m.score}{warn}")
        if explain:
            for j in m.judgements:
                click.echo(f"     {_MARK[j.fit.value]} {j.label.text()}: {j.text()}")
    if matches:
        import shlex

        m = matches[0]
        how = f"psc match refer {shlex.quote(person_name(m.person_id))} {m.opening.id}"
        click.echo(T(f"紹介するには: {how}", f"To refer: {how}"))


def show_referral(made: Any, as_json: bool) -> None:
    """A referral made, and what the employer received."""
    if as_json:
        emit_json(made)
        return
    r, sheet = made.referral, made.sheet
    click.echo(T(f"紹介しました（紹介 {r.id}、求人 {r.opening_id}、{sheet.employer}、{r.referred_on}）",
                 f"Referred (referral {r.id}, opening {r.opening_id}, {sheet.employer}, "
                 f"{r.referred_on})"))
    for section in sheet.sections:
        click.echo(f"■ {section.category.label.text()}")
        for item in section.items:
            click.echo(f"  {item.label.text()}: {item.value}")
