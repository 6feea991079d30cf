"""The support workflow at the command line: assess, plan, meeting, step, record,
evaluate, agenda."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from psccore.cli.base import (
    PscCommand,
    PscGroup,
    T,
    cut_notice,
    emit_json,
    json_option,
    office_today,
    record,
    state,
    table,
)
from psccore.cli.catalog import about
from psccore.cli.inputs import choice_of, parse_on, read_data
from psccore.cli.names import CASE, PLAN, PROGRAM, STAFF, STEP_TO_END, STEP_TO_START, case_name
from psccore.errors import InvalidInput, Problem
from psccore.i18n import Label

BAD_PAIR = Label("{option} は {form} の形で指定してください: {value}",
                 "{option} takes {form}: {value}")


def _pairs(values: tuple[str, ...], option: str, form: str) -> list[tuple[str, str]]:
    out = []
    for value in values:
        key, sep, rest = value.partition("=")
        if not sep or not key.strip():
            raise InvalidInput([Problem(option, BAD_PAIR,
                                        {"option": option, "form": form, "value": value})])
        out.append((key.strip(), rest.strip()))
    return out


def _data_option(f: Any) -> Any:
    return click.option("--data", "data_file", type=click.Path(path_type=Path),
                        help=T("JSONファイルから読み込む", "read from a JSON file"))(f)


# --- assess -----------------------------------------------------------------------------

def assess_command() -> click.Command:
    from psccore.domain.catalogues import AutonomyStage, Barrier, LifeDomain
    from psccore.domain.names import split_list

    @click.command(cls=PscCommand, help=about(
        "アセスメントを記録します", "record an assessment",
        "生活領域: " + "、".join(d.label.ja for d in LifeDomain) + "\n\n"
        "阻害要因: " + "、".join(b.label.ja for b in Barrier) + "\n\n"
        "コードでも日本語でも入力できます（--rate 健康=2、--barrier 長期の離職）。",
        "Life domains: " + ", ".join(d.value for d in LifeDomain) + "\n\n"
        "Barriers: " + ", ".join(b.value for b in Barrier)))
    @click.argument("case_id", type=CASE, metavar="CASE")
    @click.option("--stage", type=choice_of(AutonomyStage),
                  help=T("自立段階", "autonomy stage"))
    @click.option("--rate", "rates", multiple=True, metavar="DOMAIN=1..5[:NOTE]",
                  help=T("生活領域の評価（1=困難〜5=安定）", "life-domain rating (1 hard – 5 stable)"))
    @click.option("--barrier", "barriers", multiple=True, metavar="CODE",
                  help=T("就労阻害要因（繰り返し可）", "employment barrier (repeatable)"))
    @click.option("--barrier-notes", help=T("阻害要因の補足", "notes on barriers"))
    @click.option("--summary", help=T("総合所見", "summary"))
    @click.option("--on", help=T("実施日（既定: 今日）", "date (default: today)"))
    @_data_option
    @json_option
    def assess(case_id: int, stage: str | None, rates: tuple[str, ...],
               barriers: tuple[str, ...], barrier_notes: str | None, summary: str | None,
               on: str | None, data_file: Path | None, as_json: bool) -> None:
        data = read_data(data_file, ())
        ratings = []
        for domain, rest in _pairs(rates, "--rate", "DOMAIN=1..5[:NOTE]"):
            rating, _, note = rest.partition(":")
            ratings.append({"domain": domain, "rating": rating, "note": note or None})
        data.setdefault("assessed_on", (parse_on(on) or office_today()).isoformat())
        for key, value in (("autonomy_stage", stage), ("barrier_notes", barrier_notes),
                           ("summary", summary), ("ratings", ratings or None),
                           ("barriers", [b for x in barriers for b in split_list(x)] or None)):
            if value is not None:
                data[key] = value
        done = state().psc().record_assessment(case_id, data)
        if as_json:
            emit_json(done)
            return
        click.echo(T(f"アセスメント第{done.number}回を記録しました",
                     f"Recorded assessment no. {done.number}"))
        record([(T("自立段階", "stage"), done.autonomy_stage.label),
                *((r.domain.label.text(), f"{r.rating}  {r.note or ''}".rstrip())
                  for r in done.ratings),
                (T("就労阻害要因", "barriers"), [b.label for b in done.barriers])])

    return assess


# --- plan -------------------------------------------------------------------------------

def plan_group() -> click.Group:
    @click.group(cls=PscGroup, help=about("プランの作成・再プラン・表示", "draft, re-plan and show plans"))
    def plan() -> None:
        pass

    @plan.command(help=T(
        "プラン案を作成します。ステップは 支援メニュー@開始日[..終了日][#職員] の形です"
        "（例: 作業プログラム@R8.4.20..R8.6.30#伊藤明）。支援メニューは名称かその一部"
        "（psc readiness menu などで一覧）。",
        "draft a plan; a step is SUPPORT@START[..END][#STAFF] (e.g. 'work program@"
        "2026-04-20..2026-06-30#ito.a'): the support by its name or a clear part of it "
        "(listed by psc readiness menu and the like)."))
    @click.argument("case_id", type=CASE, metavar="CASE")
    @click.option("--goal", "long_term_goal", help=T("長期目標", "long-term goal"))
    @click.option("--short", "goals", multiple=True, help=T("短期目標（繰り返し可）",
                                                            "short-term goal (repeatable)"))
    @click.option("--from", "period_start", help=T("計画期間の開始", "period starts"))
    @click.option("--to", "period_end", help=T("計画期間の終了", "period ends"))
    @click.option("--wishes", help=T("本人の希望", "the person's wishes"))
    @click.option("--problems", help=T("解決すべき課題", "problems to solve"))
    @click.option("--care", "points_of_care", help=T("支援上の留意点", "points of care"))
    @click.option("--step", "steps", multiple=True, metavar=T("支援メニュー@開始日[..終了日][#職員]",
                                                    "SUPPORT@START[..END][#STAFF]"),
                  help=T("支援ステップ（繰り返し可）。日付は 2026-04-20・R8.4.20・令和8年4月20日、"
                         "職員はログイン名か氏名",
                         "support step (repeatable); dates as 2026-04-20 or R8.4.20, the "
                         "staff member by login or name"))
    @click.option("--employment-support", is_flag=True, default=None,
                  help=T("就労支援の対象とする（国の統計の就労支援対象者）",
                         "the plan aims at work (counted as employment support nationally)"))
    @click.option("--on", help=T("作成日（既定: 今日）", "drafted on (default: today)"))
    @_data_option
    @json_option
    def draft(case_id: int, data_file: Path | None, as_json: bool, goals: tuple[str, ...],
              steps: tuple[str, ...], on: str | None, **fields: str | bool | None) -> None:
        data = read_data(data_file, ())
        data.update({k: v for k, v in fields.items() if v is not None})
        if goals:
            data["goals"] = [{"text": g} for g in goals]
        if steps:
            data["steps"] = [_step(s, i) for i, s in enumerate(steps)]
        _show_plan(state().psc().draft_plan(case_id, data, parse_on(on)), as_json)

    @plan.command(help=T("プランから新しい版（案）を作ります。元の版は残ります。",
                         "make a new draft version from a plan; the old one stays"))
    @click.argument("plan_id", type=PLAN, metavar="PLAN")
    @click.option("--set", "sets", multiple=True, metavar="KEY=VALUE",
                  help=T("変更する項目", "field to change"))
    @click.option("--on", help=T("作成日（既定: 今日）", "drafted on (default: today)"))
    @json_option
    def replan(plan_id: int, sets: tuple[str, ...], on: str | None, as_json: bool) -> None:
        _show_plan(state().psc().replan(plan_id, read_data(None, sets), parse_on(on)), as_json)

    @plan.command(help=T("プランを表示します", "show a plan"))
    @click.argument("plan_id", type=PLAN, metavar="PLAN")
    @json_option
    def show(plan_id: int, as_json: bool) -> None:
        _show_plan(state().psc().get_plan(plan_id), as_json)

    @plan.command(name="list", help=T("ケースのプラン（全版）", "every plan version of a case"))
    @click.argument("case_id", type=CASE, metavar="CASE")
    @json_option
    def list_(case_id: int, as_json: bool) -> None:
        plans = state().psc().list_plans(case_id)
        if as_json:
            emit_json(plans)
            return
        table([T("プラン", "plan"), T("版", "version"), T("状態", "status"),
               T("期間", "period"), T("長期目標", "long-term goal")],
              [(p.plan.id, p.plan.number, p.plan.status.label,
                f"{p.plan.period_start}..{p.plan.period_end}", p.plan.long_term_goal)
               for p in plans])

    return plan


_BAD_STEP = Label("ステップは 支援メニュー@開始日[..終了日][#職員] の形です: {value}",
                  "a step is SUPPORT@START[..END][#STAFF]: {value}")
_UNKNOWN_STEP = Label("「{value}」に当たる支援メニューが一つに決まりません。次のいずれかです: {choices}",
                      "'{value}' names no single support; give one of: {choices}")


def _step(text: str, index: int) -> dict[str, Any]:
    """A step as staff write it: the support by its label (or a clear part of it, or
    ``program.kind``), its dates in any form, the staff member by login or name."""
    head, _, staff = text.partition("#")
    what, _, period = head.partition("@")
    start, _, end = period.partition("..")
    if not (what.strip() and start.strip()):
        raise InvalidInput([Problem(f"$.steps[{index}]", _BAD_STEP, {"value": text})])
    program, kind = support_of(what.strip(), f"$.steps[{index}]")
    login = STAFF.convert(staff.strip(), None, None) if staff.strip() else None
    return {"program": program, "kind": kind, "start_on": start.strip(),
            "end_on": end.strip() or None, "staff": login}


def support_of(text: str, path: str) -> tuple[str, str]:
    """The (program, kind) of a support menu item named by ``text``: its label in either
    language or a clear part of it (``作業プログラム``, ``作業``), or ``program.kind``."""
    from psccore.domain.names import read_choice

    menu = list(state().registry().menu)
    program, dot, kind = text.partition(".")
    if dot and any(m.program == program and m.kind == kind for m in menu):
        return program, kind
    found = read_choice(menu, lambda m: [f"{m.program}.{m.kind}", m.label.ja, m.label.en],
                        text)
    if found is None:
        if dot and text.isascii():  # a code of a program not installed: the plan says so
            return program, kind
        choices = T("、", ", ").join(m.label.text() for m in menu)
        raise InvalidInput([Problem(path, _UNKNOWN_STEP, {"value": text, "choices": choices})])
    return found.program, found.kind


def support_label(program: str, kind: str) -> str:
    """A step's support as staff know it (its menu label; the codes when not installed)."""
    for item in state().registry().menu:
        if item.program == program and item.kind == kind:
            return item.label.text()
    return f"{program}.{kind}"


def _show_plan(detail: Any, as_json: bool) -> None:
    if as_json:
        emit_json(detail)
        return
    p = detail.plan
    record([
        (T("プラン", "plan"), T(f"{p.id}（第{p.number}版）", f"{p.id} (version {p.number})")),
        (T("ケース", "case"), case_name(p.case_id)),
        (T("状態", "status"), p.status.label),
        (T("期間", "period"), f"{p.period_start} .. {p.period_end}"),
        (T("本人の希望", "wishes"), p.wishes),
        (T("解決すべき課題", "problems"), p.problems),
        (T("長期目標", "long-term goal"), p.long_term_goal),
        (T("支援上の留意点", "points of care"), p.points_of_care),
        (T("就労支援の対象", "aims at work"), T("はい", "yes") if p.employment_support
         else T("いいえ", "no")),
        (T("承認日", "approved on"), p.approved_on),
    ])
    if detail.goals:
        click.echo()
        table([T("目標", "goal"), T("内容", "text"), T("達成時期", "by")],
              [(g.id, g.text, g.target_date) for g in detail.goals])
    if detail.steps:
        click.echo()
        table([T("ステップ", "step"), T("支援メニュー", "support"), T("開始", "start"),
               T("終了", "end"), T("状態", "status")],
              [(s.id, support_label(s.program, s.kind), s.started_on or s.start_on,
                s.ended_on or s.end_on, s.status.label) for s in detail.steps])


# --- meeting ------------------------------------------------------------------------------

def meeting_group() -> click.Group:
    @click.group(cls=PscGroup, help=about("支援調整会議の記録", "coordination meetings"))
    def meeting() -> None:
        pass

    @meeting.command(name="record", help=T(
        "会議と、各プランへの決定（承認・修正・支援終了）を記録します",
        "record a meeting and its decision on each plan (approve, revise, end)"))
    @click.option("--on", "held_on", help=T("開催日（既定: 今日）", "date (default: today)"))
    @click.option("--staff", "staff", multiple=True, type=STAFF,
                  help=T("出席職員（ログイン名か氏名。繰り返し可）",
                         "staff present (login or name; repeatable)"))
    @click.option("--org", "organisations", multiple=True,
                  help=T("出席機関（繰り返し可）", "organisation present (repeatable)"))
    @click.option("--notes", help=T("記録", "notes"))
    @click.option("--approve", "approve", multiple=True, type=PLAN, metavar="PLAN",
                  help=T("承認するプラン", "plan to approve"))
    @click.option("--revise", "revise", multiple=True, metavar="PLAN=REASON",
                  help=T("修正を求めるプランと理由", "plan to revise, with the reason"))
    @click.option("--end", "end", multiple=True, metavar="PLAN=REASON",
                  help=T("支援を終えるプランと理由", "plan to end, with the reason"))
    @json_option
    def record_(held_on: str | None, staff: tuple[str, ...], organisations: tuple[str, ...],
                notes: str | None, approve: tuple[int, ...], revise: tuple[str, ...],
                end: tuple[str, ...], as_json: bool) -> None:
        decisions: list[dict[str, Any]] = [{"plan_id": p, "decision": "approve"} for p in approve]
        for kind, values in (("revise", revise), ("end", end)):
            decisions += [{"plan_id": plan, "decision": kind, "reason": reason}
                          for plan, reason in _pairs(values, f"--{kind}", "PLAN=REASON")]
        data = {"held_on": (parse_on(held_on) or office_today()).isoformat(),
                "staff": list(staff), "organisations": list(organisations), "notes": notes}
        held, written = state().psc().record_meeting(data, decisions)
        if as_json:
            emit_json({"meeting": held, "decisions": written})
            return
        click.echo(T(f"支援調整会議を記録しました（{held.held_on}）",
                     f"Recorded the coordination meeting of {held.held_on}"))
        table([T("プラン", "plan"), T("決定", "decision"), T("理由", "reason")],
              [(d.plan_id, d.decision.label, d.reason) for d in written])
        from psccore.cli.consultation import tell_programs_to_enroll

        tell_programs_to_enroll([d.plan_id for d in written if d.decision.value == "approve"])

    return meeting


# --- steps, records, evaluation --------------------------------------------------------------

def step_group() -> click.Group:
    @click.group(cls=PscGroup, help=about("プランのステップの開始・終了", "start and end plan steps"))
    def step() -> None:
        pass

    @step.command(help=T("ステップを開始します（承認済みプランのみ）",
                         "start a step (approved plans only)"))
    @click.argument("step_id", type=STEP_TO_START, metavar="STEP")
    @click.option("--on", help=T("日付（既定: 今日）", "date (default: today)"))
    @json_option
    def start(step_id: int, on: str | None, as_json: bool) -> None:
        _show_step(state().psc().start_step(step_id, parse_on(on)), as_json)

    @step.command(help=T("ステップを終了または中止します", "end or cancel a step"))
    @click.argument("step_id", type=STEP_TO_END, metavar="STEP")
    @click.option("--on", help=T("日付（既定: 今日）", "date (default: today)"))
    @click.option("--cancel", is_flag=True, help=T("開始前に中止する", "cancel before it starts"))
    @json_option
    def end(step_id: int, on: str | None, cancel: bool, as_json: bool) -> None:
        _show_step(state().psc().end_step(step_id, parse_on(on), cancel), as_json)

    return step


def _show_step(step: Any, as_json: bool) -> None:
    if as_json:
        emit_json(step)
    else:
        click.echo(f"{T('ステップ', 'step')} {step.id} {support_label(step.program, step.kind)}: "
                   f"{step.status.label.text()}")


def record_group() -> click.Group:
    from psccore.domain.catalogues import ContactKind

    @click.group("record", cls=PscGroup, help=about("支援経過記録", "support records"))
    def record_() -> None:
        pass

    @record_.command(name="export", help=T(
        "全ケースの支援経過を CSV に書き出します（管理者・主任。大量でも少ないメモリで）",
        "write every case's support records to a CSV file (administrators and "
        "supervisors; streamed, for any number)"))
    @click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
                  help=T("書き出すファイル（.csv）", "file to write (.csv)"))
    @click.option("--from", "start", help=T("この日から", "from this day"))
    @click.option("--to", "end", help=T("この日まで", "to this day"))
    @click.option("--overwrite", is_flag=True,
                  help=T("既にあるファイルを置き換える", "replace an existing file"))
    def export_(output: Path, start: str | None, end: str | None, overwrite: bool) -> None:
        from psccore.documents.files import check_target

        check_target(output, (".csv",), overwrite=overwrite)
        count = state().psc().export_records(output, parse_on(start, "$.from"),
                                             parse_on(end, "$.to"), overwrite=overwrite)
        click.echo(T(f"{count:,} 件を {output} に書き出しました",
                     f"Wrote {count:,} records to {output}"))

    @record_.command(help=T("支援経過を記録します", "record a contact"))
    @click.argument("case_id", type=CASE, metavar="CASE")
    @click.option("--kind", required=True, type=choice_of(ContactKind),
                  help=T("種別", "kind"))
    @click.option("--summary", required=True, help=T("内容", "what happened"))
    @click.option("--on", help=T("日付（既定: 今日）", "date (default: today)"))
    @click.option("--step", "step_id", type=int, help=T("関係するステップ", "the step it concerns"))
    @click.option("--at", help=T("時刻（例: 14:30）", "time (e.g. 14:30)"))
    @click.option("--minutes", type=int, help=T("所要時間（分）", "duration (minutes)"))
    @json_option
    def add(case_id: int, kind: str, summary: str, on: str | None, step_id: int | None,
            at: str | None, minutes: int | None, as_json: bool) -> None:
        done = state().psc().add_record(case_id, {
            "on": (parse_on(on) or state().psc().today()).isoformat(), "kind": kind,
            "summary": summary, "step_id": step_id, "at": at, "minutes": minutes})
        if as_json:
            emit_json(done)
        else:
            click.echo(T(f"記録しました（{done.on} {done.kind.label.ja}）",
                         f"Recorded ({done.on} {done.kind.label.en})"))

    return record_


def evaluate_command() -> click.Command:
    from psccore.domain.workflow import GoalResult, NextAction

    @click.command(cls=PscCommand, help=about(
        "プランを目標ごとに評価します", "evaluate a plan goal by goal",
        "結果: " + ", ".join(r.value for r in GoalResult),
        "Results: " + ", ".join(r.value for r in GoalResult)))
    @click.argument("plan_id", type=PLAN, metavar="PLAN")
    @click.option("--goal", "goals", multiple=True, metavar="GOAL=RESULT[:NOTE]",
                  help=T("目標ごとの評価（繰り返し可）", "result per goal (repeatable)"))
    @click.option("--next", "next_action", required=True,
                  type=choice_of(NextAction),
                  help=T("今後の方針", "next action"))
    @click.option("--note", help=T("所見", "note"))
    @click.option("--on", help=T("評価日（既定: 今日）", "date (default: today)"))
    @json_option
    def evaluate(plan_id: int, goals: tuple[str, ...], next_action: str, note: str | None,
                 on: str | None, as_json: bool) -> None:
        results = []
        for goal, rest in _pairs(goals, "--goal", "GOAL=RESULT[:NOTE]"):
            result, _, goal_note = rest.partition(":")
            results.append({"goal_id": goal, "result": result, "note": goal_note or None})
        done = state().psc().evaluate(plan_id, {
            "evaluated_on": (parse_on(on) or office_today()).isoformat(), "results": results,
            "next_action": next_action, "note": note})
        if as_json:
            emit_json(done)
            return
        click.echo(T("評価を記録しました", "Evaluation recorded"))
        table([T("目標", "goal"), T("達成度", "result"), T("所見", "note")],
              [(r.goal_id, r.result.label, r.note) for r in done.results])

    return evaluate


# --- agenda -----------------------------------------------------------------------------------

def agenda_command() -> click.Command:
    @click.command(cls=PscCommand, help=about(
        "期日の近い予定・期限切れの一覧", "what is due or late", "既定では操作する職員の担当分。--all で全員分。",
        "By default the acting staff member's; --all for everyone's."))
    @click.option("--all", "everyone", is_flag=True, help=T("全職員分", "everyone's"))
    @click.option("--staff", "login", type=STAFF,
                  help=T("この職員の分（ログイン名か氏名）", "this staff member's (login or name)"))
    @click.option("--program", type=PROGRAM,
                  help=T("この事業の分（名称かその一部・コード）",
                         "this program's (name, part of it, or code)"))
    @click.option("--days", type=click.IntRange(0, 365), default=14, show_default=True,
                  help=T("何日先まで", "how many days ahead"))
    @click.option("--no-contact-days", type=click.IntRange(1, 3650), default=30,
                  show_default=True, help=T("連絡が途絶えたとみなす日数",
                                            "days without contact before flagging"))
    @click.option("--today", help=T("基準日（既定: 今日）", "as of (default: today)"))
    @click.option("--limit", type=click.IntRange(1, 1_000_000), default=200, show_default=True,
                  help=T("表示する件数（期日の近い順。超えた分は件数を表示）",
                         "how many to show, soonest first (a cut list says how many more)"))
    @json_option
    def agenda(everyone: bool, login: str | None, program: str | None, days: int,
               no_contact_days: int, today: str | None, limit: int | None,
               as_json: bool) -> None:
        from psccore import AgendaQuery

        psc = state().psc()
        if program:
            psc.program(program)  # an unknown code is an input error
        who = None if everyone else login or psc.staff_login
        staff_id = psc.staff_id(who) if who else None
        page = psc.agenda_page(AgendaQuery(today=parse_on(today) or psc.today(),
                                           staff_id=staff_id, program=program,
                                           days_ahead=days, no_contact_days=no_contact_days,
                                           limit=limit))
        items = page.items
        if as_json:
            emit_json(items)
            return
        if not items:
            click.echo(T("期限の近い予定はありません", "Nothing due"))
            return
        table([T("期日", "due"), T("状況", "state"), T("ケース", "case"), T("相談者", "person"),
               T("担当", "staff"), T("内容", "what")],
              [(i.due_on.isoformat(), T("期限切れ", "LATE") if i.late else "", i.case_id,
                i.person_name, i.staff_name, i.text) for i in items])
        cut_notice(len(items), page.total, "--limit")

    return agenda
