"""``psc jm_training …``: tracks, the support schedule, milestones, costs and reports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from psc_jm_training import documents, service
from psc_jm_training.intake import Track
from psc_jm_training.milestones import Milestone, Rating, due_by
from psc_jm_training.records import ReportKind, Task
from psc_jm_training.tracks import RULES, CostItem, Payer
from psccore import (
    Label,
    NotFound,
    enrollment_of,
    fiscal_year,
    program_group,
)
from psccore.cli.kit import (
    CASE,
    FISCAL_YEAR,
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
REPORT = Label("報告", "report")


def register(cli: click.Group) -> None:
    group = program_group(cli, CODE)
    for make in (_tracks, _schedule, _done, _milestones, _assess, _cost, _costs, _report,
                 _reports):
        group.add_command(make())


def _tracks() -> click.Command:
    @command(name="tracks", help=T("実施区分ごとの期間・時間・費用負担",
                                         "each track's length, hours and who pays what"))
    def tracks() -> None:
        length = {Track.INTERNSHIP: T("5〜20日", "5–20 working days"),
                  Track.CERTIFIED_TRAINING: T("3〜6か月", "3–6 months"),
                  Track.REGIONAL_TRAINING: T("2週間・1・3・6か月", "2 weeks, 1, 3 or 6 months")}
        table([T("区分", "track"), T("期間", "length"), T("時間／日", "hours a day"),
               T("費用負担", "who pays")],
              [(t.label, length[t], RULES[t].hours_per_day,
                ", ".join(f"{i.label.text()}: {p.label.text()}" for i, p in RULES[t].payers.items()))
               for t in Track])

    return tracks


def _step_option(f: click.Command) -> click.Command:
    return click.option("--step", "step_id", type=int,
                        help=T("プランのステップ（既定: 最新）", "the plan step (default: latest)"))(f)


def _schedule() -> click.Command:
    @command(name="schedule", help=T("実習・訓練の支援予定と実施状況",
                                           "the support schedule of a placement"))
    @click.argument("case_id", type=CASE, metavar="CASE")
    @click.option("--step", "step_id", type=int,
                  help=T("プランのステップ（既定: 最新）", "the plan step (default: latest)"))
    @json_option
    def schedule(case_id: int, step_id: int | None, as_json: bool) -> None:
        with current_psc().program_read(CODE) as conn:
            placement = service.placement_of(conn, case_id, None, step_id)
            tasks = service.tasks_of(conn, placement.id or 0)
        if as_json:
            emit_json({"placement": placement, "tasks": tasks})
            return
        click.echo(f"{placement.track.label.text()} {placement.start_on}〜{placement.end_on}")
        today = current_psc().today()
        table([T("番号", "id"), T("期日", "due"), T("支援", "task"), T("状況", "state"),
               T("記録", "note")],
              [(t.id, t.due_on.isoformat(), t.kind.label, _state(t, today), t.note)
               for t in tasks])

    return schedule


def _state(task: Task, today: dt.date) -> str:
    if task.cancelled:
        return T("取消", "dropped")
    if task.done_on:
        return T(f"済 {task.done_on}", f"done {task.done_on}")
    return T("期限切れ", "LATE") if task.due_on < today else T("予定", "due")


def _done() -> click.Command:
    @command(name="done", help=T("支援予定を実施済みにします（支援経過にも記録）",
                                       "mark a support task done (also a support record)"))
    @click.argument("task_id", type=int)
    @click.option("--on", help=T("実施日（既定: 今日）", "done on (default: today)"))
    @click.option("--note", help=T("記録", "what happened"))
    def done(task_id: int, on: str | None, note: str | None) -> None:
        task = service.complete_task(current_psc(), task_id, parse_on(on), note)
        echo_ok(T(f"{task.kind.label.ja}（{task.due_on}予定）を {task.done_on} に実施と記録しました",
                  f"Recorded {task.kind.label.en} (due {task.due_on}) as done on {task.done_on}"))

    return done


def _milestones() -> click.Command:
    @command(name="milestones", help=T("月ごとの目標と評価", "the milestones and how they stand"))
    @click.argument("case_id", type=CASE, metavar="CASE")
    @click.option("--step", "step_id", type=int, help=T("プランのステップ", "the plan step"))
    @json_option
    def milestones(case_id: int, step_id: int | None, as_json: bool) -> None:
        with current_psc().program_read(CODE) as conn:
            placement = service.placement_of(conn, case_id, None, step_id)
            found = service.assessments(conn, placement.id or 0)
        if as_json:
            emit_json(found)
            return
        latest = service.latest_ratings(found)
        table([T("月", "month"), T("コード", "code"), T("目標", "milestone"), T("評価", "rating"),
               T("評価日", "on"), T("所見", "notes")],
              [(m.from_month, m.value, m.label, a.rating.label if a else "-",
                a.assessed_on if a else None, a.note if a else None)
               for m in due_by(placement.start_on, placement.end_on)
               for a in [latest.get(m)]])

    return milestones


def _assess() -> click.Command:
    @command(name="assess", help=T("目標を評価します（例: assess 12 greetings achieved）",
                                         "assess a milestone (e.g. assess 12 greetings achieved)"))
    @click.argument("case_id", type=CASE, metavar="CASE")
    @click.argument("milestone", type=CodedChoice(Milestone))
    @click.argument("rating", type=CodedChoice(Rating))
    @click.option("--on", help=T("評価日（既定: 今日）", "assessed on (default: today)"))
    @click.option("--note", help=T("所見", "notes"))
    @click.option("--step", "step_id", type=int, help=T("プランのステップ", "the plan step"))
    def assess(case_id: int, milestone: str, rating: str, on: str | None, note: str | None,
               step_id: int | None) -> None:
        done = service.assess(current_psc(), case_id, milestone, rating, parse_on(on), note,
                              step_id)
        echo_ok(f"{done.milestone.label.text()}: {done.rating.label.text()}（{done.assessed_on}）")

    return assess


def _cost() -> click.Command:
    @command(name="cost", help=T("費用を記録します（負担者は区分の決まりどおり）",
                                       "record a cost (who pays follows the track's rule)"))
    @click.argument("case_id", type=CASE, metavar="CASE")
    @click.argument("item", type=CodedChoice(CostItem))
    @click.argument("amount", type=int)
    @click.option("--on", "paid_on", required=True, help=T("支払日", "paid on"))
    @click.option("--payer", type=CodedChoice(Payer),
                  help=T("負担者（確認のため）", "who pays (checked against the rule)"))
    @click.option("--note",
                  help=T("メモ", "note"))
    @click.option("--step", "step_id", type=int, help=T("プランのステップ", "the plan step"))
    def cost(case_id: int, item: str, amount: int, paid_on: str, payer: str | None,
             note: str | None, step_id: int | None) -> None:
        done = service.add_cost(current_psc(), case_id, {
            "item": item, "amount": amount, "paid_on": paid_on, "payer": payer, "note": note},
            step_id)
        echo_ok(T(f"{done.item.label.ja} {done.amount:,}円（{done.payer.label.ja}負担）を記録しました",
                  f"Recorded {done.item.label.en}: {done.amount:,} yen, paid by "
                  f"{done.payer.label.en}"))

    return cost


def _costs() -> click.Command:
    @command(name="costs", help=T("年度の費用（訓練生ごと・負担者別）",
                                        "a fiscal year's costs per trainee, by who paid"))
    @click.option("--fy", type=FISCAL_YEAR,
                  help=T("年度（既定: 今年度）", "fiscal year (default: this one)"))
    @json_option
    def costs(fy: int | None, as_json: bool) -> None:
        year = fy or fiscal_year(current_psc().today())
        start, end = dt.date(year, 4, 1), dt.date(year + 1, 3, 31)
        with current_psc().program_read(CODE) as conn:
            lines = service.cost_lines(conn, start, end)
        if as_json:
            emit_json(lines)
            return
        rows: list[tuple[object, ...]] = [
            (ln.name, ln.placement.track.label, ln.placement.start_on, f"{ln.organisation:,}",
             f"{ln.company:,}") for ln in lines]
        rows.append((T("合計", "total"), "", None, f"{sum(ln.organisation for ln in lines):,}",
                     f"{sum(ln.company for ln in lines):,}"))
        table([T("訓練生", "trainee"), T("区分", "track"), T("開始", "from"),
               Payer.ORGANISATION.label.text(), Payer.COMPANY.label.text()], rows)

    return costs


def _report() -> click.Command:
    @command(name="report", help=T(
        "支援調整会議への報告を記録から作り、ケースに残します（--kind periodic|final|replan|employment）",
        "make a report to the coordination meeting from the records and keep it on the case"))
    @click.argument("case_id", type=CASE, metavar="CASE")
    @click.option("--kind", type=CodedChoice(ReportKind), required=True,
                  help=T("報告の種類（名称かその一部・コード）", "kind of report (label, part of it, or code)"))
    @click.option("--on", "--date", "on", help=T("作成日（既定: 今日。過去の日付で後から作成できます）",
                                               "made on (default: today; an earlier day "
                                               "to enter it afterwards)"))
    @click.option("--note", help=T("所見・今後の方針", "findings and next steps"))
    @click.option("--step", "step_id", type=int, help=T("プランのステップ", "the plan step"))
    @click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                  help=T("書き出すファイル（.txt）", "write it to this file"))
    @click.option("--overwrite", is_flag=True,
                  help=T("既にあるファイルを置き換える", "replace an existing file"))
    def report(case_id: int, kind: str, on: str | None, note: str | None, step_id: int | None,
               output: Path | None, overwrite: bool) -> None:
        from psccore.documents.files import check_target, write_atomically

        if output is not None:  # before anything is saved
            check_target(output, (".txt",), overwrite=overwrite)
        made = documents.make_report(current_psc(), case_id, kind, parse_on(on), note, step_id)
        if output is not None:
            write_atomically(output, lambda path: path.write_text(made.text + "\n",
                                                                  encoding="utf-8"),
                             overwrite=overwrite)
            echo_ok(T(f"{made.kind.label.ja}を {output} に書き出しました",
                      f"Wrote the {made.kind.label.en} to {output}"))
            return
        click.echo(made.text)

    return report


def _reports() -> click.Command:
    @command(name="reports", help=T("作成した報告の一覧", "the reports made for a case"))
    @click.argument("case_id", type=CASE, metavar="CASE")
    @click.option("--show", "show_id", type=int, help=T("この報告の本文", "print this report"))
    def reports(case_id: int, show_id: int | None) -> None:
        with current_psc().program_read(CODE) as conn:
            enrollment = enrollment_of(conn, case_id, CODE)
            found = [r for p in service.placements(conn, [enrollment.id or 0])
                     for r in documents.reports_of(conn, p.id or 0)]
        if show_id is not None:
            chosen = [made for made in found if made.id == show_id]
            if not chosen:
                raise NotFound.of(REPORT, show_id)
            click.echo(chosen[0].text)
            return
        table([T("番号", "id"), T("種類", "kind"), T("作成日", "made on"), T("対象期間", "period")],
              [(r.id, r.kind.label, r.made_on.isoformat(), f"{r.period_start}〜{r.period_end}")
               for r in found])

    return reports
