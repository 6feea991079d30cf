"""Every option of `psc` (core and the installed programs) is explained in both
languages; repeatable choices take lists; plan steps, internships and exported cases
are named as staff know them; cut lists say so."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from psccore.app import Psc

D = dt.date
INTAKE = {"route": "visit", "topics": ["job_search"]}


def _walk(command: click.Command, ctx: click.Context,
          path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], click.Command, click.Context]]:
    from psccore.cli.base import State

    yield path, command, ctx
    if not isinstance(command, click.Group):
        return
    for name in command.list_commands(ctx):
        if not path:
            ctx.obj = State()  # each program's commands load that plugin alone
        with ctx.scope(cleanup=False):
            sub = command.get_command(ctx, name)
        if sub is not None:
            yield from _walk(sub, click.Context(sub, parent=ctx, info_name=name, obj=ctx.obj),
                             (*path, name))


def _tree(lang: str) -> list[tuple[tuple[str, ...], click.Command, click.Context]]:
    from psccore.cli import build_cli
    from psccore.cli.base import State
    from psccore.i18n import reset_lang, set_lang

    token = set_lang(lang)
    try:
        root = build_cli()
        return list(_walk(root, click.Context(root, info_name="psc", obj=State()), ()))
    finally:
        reset_lang(token)


@pytest.fixture(scope="module")
def trees() -> dict[str, list[tuple[tuple[str, ...], click.Command, click.Context]]]:
    return {lang: _tree(lang) for lang in ("ja", "en")}


def test_every_option_has_help_in_both_languages(trees) -> None:
    missing = [f"{lang}: psc {' '.join(path)} {'/'.join(p.opts)}"
               for lang, tree in trees.items() for path, command, ctx in tree
               for p in command.get_params(ctx)
               if isinstance(p, click.Option) and not p.hidden and not (p.help or "").strip()]
    assert missing == []
    programs = {path[0] for path, _, _ in trees["ja"] if path}
    assert {"readiness", "jm_training", "cancer_reemployment",
            "childcare_aftercare"} <= programs  # the programs' commands were walked too


def test_japanese_help_has_no_english_notes(trees) -> None:
    for path, command, ctx in trees["ja"]:
        if path[-1:] in (("opening",), ("add",)) or path == ("consent", "add"):
            text = command.get_help(ctx)
            assert "[required]" not in text and "[default:" not in text, path


def test_help_names_the_forms_answers_take(psc_cli) -> None:
    root = psc_cli("--help").output
    assert all(w in root for w in ("令和8年4月1日", "令和8年度", "R8.4", "カンマ区切り", "フリガナ"))
    english = psc_cli("--help", lang="en").output
    assert all(w in english for w in ("R8.4.1", "令和8年度", "commas", "kana"))
    assert "--until 日付" in psc_cli("consent", "add", "--help").output
    assert "--until DATE" in psc_cli("consent", "add", "--help", lang="en").output
    draft = psc_cli("plan", "draft", "--help").output
    assert "支援メニュー@開始日" in draft and "R8.4.20" in draft


def test_arguments_are_told_apart_from_options_and_say_what_they_take(trees) -> None:
    """A person, case, employer … argument says what it may be given, under its own
    heading; none stands bare among the options."""
    from psccore.i18n import reset_lang, set_lang

    for lang, heading, words in (("ja", "引数:", "ケース（番号か"), ("en", "Arguments:",
                                                                  "a case (its number")):
        token = set_lang(lang)
        try:
            helps = [(path, command, ctx, command.get_help(ctx))
                     for path, command, ctx in trees[lang]]
        finally:
            reset_lang(token)
        for path, command, ctx, text in helps:
            options = text.split("オプション:" if lang == "ja" else "Options:")[-1]
            arguments = [p for p in command.get_params(ctx) if isinstance(p, click.Argument)]
            assert not any(f"\n  {a.make_metavar(ctx)}\n" in options for a in arguments), path
            if path == ("case", "show"):
                assert heading in text and words in text


def test_every_repeatable_choice_takes_a_list(trees) -> None:
    from psccore.cli.base import ListOption

    repeatable = [(path, p) for path, command, ctx in trees["ja"]
                  for p in command.get_params(ctx)
                  if isinstance(p, click.Option) and p.multiple
                  and getattr(p.type, "splits_lists", False)]
    assert len(repeatable) >= 4  # --category (consent, introduce, refer, summary), --relax …
    assert all(isinstance(p, ListOption) for _, p in repeatable), repeatable
    for _, p in repeatable:
        first, second, *_ = list(p.type.coded)
        with click.Context(click.Command("x")) as ctx:
            values = p.type_cast_value(ctx, (f"{first.label.ja}、{second.label.en}",
                                             first.value))
        assert values == (first.value, second.value, first.value), p.opts


def test_every_coded_option_takes_its_code_and_both_labels(trees) -> None:
    """Found from the commands themselves (core's and the four programs'), so an option
    added later is checked too."""
    from psccore.cli.inputs import CodedChoice

    coded = [(path, p) for path, command, ctx in trees["ja"] for p in command.get_params(ctx)
             if isinstance(p.type, CodedChoice)]
    assert {path[0] for path, _ in coded} >= {"readiness", "jm_training",
                                              "cancer_reemployment", "childcare_aftercare"}
    for path, p in coded:
        for member in p.type.coded:
            for typed in (member.value, member.label.ja, member.label.en):
                assert p.type.convert(typed, p, None) == member.value, (path, p.opts, typed)
    plain = {(path, p.name) for path, command, ctx in trees["ja"]
             for p in command.get_params(ctx)
             if isinstance(p.type, click.Choice) and not isinstance(p.type, CodedChoice)}
    assert {name for _, name in plain} <= {"lang", "fmt"}, plain  # language and file format codes


def test_people_cases_and_employers_are_taken_by_name_everywhere(trees) -> None:
    """Core's commands and the programs': no case, person or employer as a bare number."""
    from psccore.cli.names import Named

    by_number = [(path, p.name) for path, command, ctx in trees["ja"]
                 for p in command.get_params(ctx)
                 if p.name in ("case_id", "case_ids", "person_id", "employer_id", "host_id",
                               "provider_id", "opening_id")
                 and not isinstance(p.type, Named)]
    assert by_number == []


@pytest.fixture
def person(psc: Psc) -> int:
    return psc.add_person({"name": "山田 花子", "kana": "ヤマダ ハナコ",
                           "birth_date": "1990-03-04"}).id or 0


def test_a_step_by_its_supports_label(psc: Psc, psc_cli, person: int) -> None:
    psc.open_case(person, "consultation", INTAKE,
                  D(2026, 4, 1))
    item, label = ("consultation", "counselling"), "継続的な相談支援（面談・同行）"
    done = psc_cli("plan", "draft", "山田花子", "--goal", "就職する", "--from", "R8.4.10",
                   "--to", "R8.9.30", "--step", f"{label}@R8.4.20..R8.5.20",
                   "--step", "ongoing counselling (interviews, accompanying)@2026-05-01",
                   "--step", "継続的な相談@R8.5.10#admin", "--step", "consultation.counselling@R8.6.1")
    assert done.exit_code == 0, done.output
    steps = psc.list_plans(psc.list_cases()[0].case.id)[-1].steps
    assert [(s.program, s.kind) for s in steps] == [item] * 4
    assert label in done.output and "consultation.counselling" not in done.output
    unclear = psc_cli("plan", "draft", "山田花子", "--goal", "x", "--from", "R8.4.10",
                      "--to", "R8.9.30", "--step", "支援@R8.4.20")
    assert unclear.exit_code == 2 and "--step" in unclear.output and label in unclear.output


def _internship(psc: Psc, psc_cli, person: int) -> None:
    psc.open_case(person, "consultation", INTAKE,
                  D(2026, 4, 1))
    for args in (("employer", "add", "--name", "株式会社みどり商事", "--kana", "みどりしょうじ"),
                 ("employer", "role", "add", "みどり", "職業体験実習", "--since", "R8.4.1"),
                 ("internship", "add", "山田花子", "--host", "みどり", "--from", "R8.5.7",
                  "--to", "R8.5.14", "--days", "5")):
        assert psc_cli(*args).exit_code == 0, args


def test_an_internship_by_its_persons_name(psc: Psc, psc_cli, person: int) -> None:
    _internship(psc, psc_cli, person)
    attended = psc_cli("internship", "attend", "やまだ はなこ", "--on", "R8.5.7", "--hours", "5")
    assert attended.exit_code == 0, attended.output
    evaluated = psc_cli("internship", "evaluate", "山田花子", "丁寧")
    assert evaluated.exit_code == 0, evaluated.output
    case = psc.list_cases()[0].case.id
    found = psc.placements_of(case)
    assert found.internships[0].host_evaluation == "丁寧"
    assert len(found.attendance[found.internships[0].id or 0]) == 1
    nobody = psc_cli("internship", "attend", "佐藤")
    assert nobody.exit_code == 3


def test_a_cut_agenda_says_how_many_and_how_to_see_all(psc: Psc, psc_cli,
                                                       person: int) -> None:
    _internship(psc, psc_cli, person)
    everything = psc_cli("agenda", "--all", "--today", "R8.5.1", "--days", "60")
    total = everything.output.count("山田 花子")
    assert total >= 2 and "件を表示" not in everything.output
    cut = psc_cli("agenda", "--all", "--today", "R8.5.1", "--days", "60", "--limit", "1")
    assert cut.exit_code == 0
    assert f"{total} 件中 1 件を表示" in cut.output and f"--limit {total}" in cut.output
    english = psc_cli("agenda", "--all", "--today", "R8.5.1", "--days", "60", "--limit", "1",
                      lang="en")
    assert f"1 of {total} shown" in english.output


def test_a_cut_audit_log_says_so(psc_cli, person: int) -> None:
    cut = psc_cli("audit", "log", "--limit", "1")
    assert cut.exit_code == 0 and "ほかにもあります" in cut.output and "--limit" in cut.output


def test_a_case_export_by_name_in_a_script_needs_the_number(psc: Psc, psc_cli, person: int,
                                                            tmp_path: Path) -> None:
    case = psc.open_case(person, "consultation", INTAKE,
                         D(2026, 4, 1)).case.id
    target = tmp_path / "case.json"
    by_name = psc_cli("case", "export", "山田花子", "-o", str(target))
    assert by_name.exit_code == 2 and f"ケース {case}" in by_name.output
    assert not target.exists()
    by_number = psc_cli("case", "export", str(case), "-o", str(target))
    assert by_number.exit_code == 0 and target.exists()


def test_jm_training_fiscal_years_in_era_forms(psc_cli) -> None:
    for year in ("令和8年度", "R8", "2026"):
        done = psc_cli("jm_training", "costs", "--fy", year)
        assert done.exit_code == 0, (year, done.output)
    wrong = psc_cli("jm_training", "costs", "--fy", "平成100年度")
    assert wrong.exit_code == 2 and "--fy" in wrong.output


def test_programs_and_staff_by_name(psc: Psc, psc_cli, person: int) -> None:
    opened = psc_cli("case", "open", "山田花子", "--program", "自立相談", "--on", "R8.4.1",
                     "--set", "相談経路=来所", "--set", "相談内容=就職")
    assert opened.exit_code == 0, opened.output
    listed = psc_cli("case", "list", "--program", "self-reliance consultation", "--all")
    assert listed.exit_code == 0 and "山田 花子" in listed.output
    psc.add_staff("ito.a", "伊藤 明")
    psc.grant("ito.a", "caseworker", "consultation")
    granted = psc_cli("staff", "grant", "ito.a", "caseworker", "--program", "就労準備")
    assert granted.exit_code == 0, granted.output
    agenda = psc_cli("agenda", "--staff", "伊藤明", "--program", "自立相談")
    assert agenda.exit_code == 0, agenda.output
    unknown = psc_cli("case", "list", "--program", "nope")
    assert unknown.exit_code == 2 and "nope" in unknown.output


def test_every_command_sending_data_out_confirms_a_named_person(trees) -> None:
    from psccore.cli.names import CASE_CONFIRMED, PERSON_CONFIRMED

    confirmed = {path for path, command, ctx in trees["ja"] for p in command.get_params(ctx)
                 if p.type in (PERSON_CONFIRMED, CASE_CONFIRMED)}
    assert {("introduce",), ("person", "export"), ("person", "erase"), ("case", "export"),
            ("match", "refer"), ("cancer_reemployment", "summary")} <= confirmed


def test_every_command_speaks_the_users_language_and_names_options_in_errors(trees) -> None:
    """Each command (core's and the programs') is one of psc's own: its help has Japanese
    headings, and a wrong value is reported at the option it was typed at."""
    from psccore.cli.base import PscCommand, PscGroup

    plain = [" ".join(path) for path, command, _ in trees["ja"]
             if not isinstance(command, (PscCommand, PscGroup))]
    assert plain == []
    for path, command, ctx in trees["ja"]:
        text = command.get_help(ctx)
        assert "Usage:" not in text and "Show this message" not in text, path


def test_a_forms_wrong_date_is_named_by_its_option(psc_cli) -> None:
    wrong = psc_cli("form", "records", "1", "--from", "2026-02-30", "-o", "x.pdf")
    assert wrong.exit_code == 2
    assert "--from $.from:" in wrong.output
    assert "使い方: psc form" in psc_cli("form", "--help").output


def test_japanese_help_names_what_an_option_takes_in_japanese(trees, psc_cli) -> None:
    import re

    clicks = re.compile(r"^ +-\S.* (INTEGER( RANGE)?|FLOAT( RANGE)?|TEXT|PATH)( |$)", re.M)
    english = [f"psc {' '.join(path)}: {m.group(0).strip()}" for path, command, ctx in trees["ja"]
               for m in clicks.finditer(command.get_help(ctx))]
    assert english == []
    assert "--days 整数" in psc_cli("agenda", "--help").output
    assert "--days INTEGER RANGE" in psc_cli("agenda", "--help", lang="en").output
