"""A case from intake to closure, through the CLI only."""

import json

PROGRAM = "household_budget"


def _json(result) -> object:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_case_from_intake_to_closure(psc_cli) -> None:
    run = psc_cli
    assert run("staff", "add", "kato.m", "--name", "加藤 誠").exit_code == 0
    person = _json(run("person", "add", "--name", "佐々木 悠斗", "--kana", "ササキ ユウト",
                       "--birth-date", "H10.7.7", "--json"))
    case = _json(run("case", "open", str(person["id"]), "--program", PROGRAM, "--on", "2026-04-01",
                     "--set", "monthly_income=80000", "--set", "housing=rented", "--json"))
    case_id = str(case["case"]["id"])
    assessed = _json(run("assess", case_id, "--on", "2026-04-03", "--stage", "social_life",
                         "--rate", "housing=3", "--rate", "income=1:収入なし",
                         "--barrier", "long_gap", "--barrier", "life_rhythm", "--json"))
    assert assessed["number"] == 1

    draft = _json(run("plan", "draft", case_id, "--on", "2026-04-05", "--goal", "半年以内に就職する",
                      "--short", "毎朝9時に起きる", "--from", "2026-04-10", "--to", "2026-12-31",
                      "--step", f"{PROGRAM}.budget_plan@2026-04-20..2026-06-30#kato.m", "--json"))
    first_plan = str(draft["plan"]["id"])
    # the meeting sends it back
    rejected = run("meeting", "record", "--on", "2026-04-08", "--staff", "admin",
                   "--org", "仙台市青葉区保護課", "--revise", f"{first_plan}=期間が長すぎる")
    assert rejected.exit_code == 0, rejected.output
    not_yet = run("step", "start", str(draft["steps"][0]["id"]), "--on", "2026-04-20", lang="en")
    assert not_yet.exit_code == 2 and "has not been approved" in not_yet.output

    second = _json(run("plan", "replan", first_plan, "--set", "period_end=2026-09-30",
                       "--on", "2026-04-10", "--json"))
    assert second["plan"]["number"] == 2 and second["plan"]["status"] == "draft"
    second_plan = str(second["plan"]["id"])
    approved = run("meeting", "record", "--on", "2026-04-15", "--staff", "admin",
                   "--approve", second_plan)
    assert approved.exit_code == 0, approved.output
    step = str(second["steps"][0]["id"])
    assert run("step", "start", step, "--on", "2026-04-20").exit_code == 0
    assert run("record", "add", case_id, "--kind", "accompaniment", "--on", "2026-04-20",
               "--summary", "初日に同行", "--step", step).exit_code == 0
    assert run("step", "end", step, "--on", "2026-06-30").exit_code == 0
    goal = str(second["goals"][0]["id"])
    evaluation = run("evaluate", second_plan, "--on", "2026-07-01", "--goal", f"{goal}=achieved",
                     "--next", "close")
    assert evaluation.exit_code == 0, evaluation.output
    assert run("case", "close", case_id, "--reason", "employment", "--on", "2026-07-10"
               ).exit_code == 0

    plans = _json(run("plan", "list", case_id, "--json"))
    assert [(p["plan"]["number"], p["plan"]["status"]) for p in plans] == [
        (1, "superseded"), (2, "ended")]
    timeline = run("case", "timeline", case_id, lang="en")
    lines = [line for line in timeline.output.splitlines() if line[:4] == "2026"]
    assert lines[2].endswith("管理者")  # who did it: the staff column, last
    assert [line.split(maxsplit=1)[1].removesuffix("管理者").rstrip() for line in lines] == [
        "case opened",
        "enrolled in Household budget support",
        "assessment no. 1 (social-life autonomy)",
        "plan version 1 drafted: 半年以内に就職する",
        "coordination meeting: plan version 1, revise（期間が長すぎる）",
        "plan version 2 drafted: 半年以内に就職する",
        "coordination meeting: plan version 2, approve",
        "step started: budget plan (Household budget support)",
        "accompaniment: 初日に同行",
        "step ended: budget plan (Household budget support)",
        "evaluation (plan version 2): achieved → close",
        "closed: employment",
    ]
    assert [line.split()[0] for line in lines] == sorted(line.split()[0] for line in lines)


def test_person_add_warns_of_a_possible_duplicate(psc_cli) -> None:
    first = psc_cli("person", "add", "--name", "高橋 美咲", "--kana", "タカハシ ミサキ",
                    "--birth-date", "1999-09-09")
    assert first.exit_code == 0
    again = psc_cli("person", "add", "--name", "高橋美咲", "--kana", "ﾀｶﾊｼﾐｻｷ",
                    "--birth-date", "平成11年9月9日", lang="en")
    assert again.exit_code == 2
    assert "may already be registered" in again.output and "タカハシ ミサキ" in again.output
    forced = psc_cli("person", "add", "--name", "高橋美咲", "--kana", "ﾀｶﾊｼﾐｻｷ",
                     "--birth-date", "平成11年9月9日", "--allow-duplicate")
    assert forced.exit_code == 0


def test_agenda_lists_what_is_due_for_the_acting_staff(psc_cli) -> None:
    person = _json(psc_cli("person", "add", "--name", "熊谷 蓮", "--kana", "クマガイ レン",
                           "--json"))
    case = _json(psc_cli("case", "open", str(person["id"]), "--program", PROGRAM, "--on",
                         "2026-01-05", "--set", "monthly_income=0", "--set", "housing=public",
                         "--json"))
    done = psc_cli("assess", str(case["case"]["id"]), "--on", "2026-01-06", "--stage",
                   "social_life")  # else "no assessment" is due
    assert done.exit_code == 0, done.output
    result = psc_cli("agenda", "--today", "2026-03-01", lang="en")
    assert result.exit_code == 0
    assert "no contact for 55 days" in result.output and "LATE" in result.output
    assert "Nothing due" in psc_cli("agenda", "--today", "2026-01-10", lang="en").output
