"""Synthetic, deterministic demo data: staff, people of Sendai, cases in every program.

All names and addresses are invented; nothing here is about a real person.
"""

from __future__ import annotations

import datetime as dt
import random

import attrs

from psccore.app import Psc
from psccore.domain.convert import structure
from psccore.domain.people import Person

FAMILY = [("佐藤", "サトウ"), ("鈴木", "スズキ"), ("高橋", "タカハシ"), ("田中", "タナカ"),
          ("伊藤", "イトウ"), ("渡辺", "ワタナベ"), ("菅原", "スガワラ"), ("阿部", "アベ"),
          ("千葉", "チバ"), ("及川", "オイカワ"), ("小野寺", "オノデラ"), ("遠藤", "エンドウ"),
          ("熊谷", "クマガイ"), ("佐々木", "ササキ"), ("斎藤", "サイトウ"), ("後藤", "ゴトウ")]
GIVEN = [("翔太", "ショウタ"), ("大輔", "ダイスケ"), ("健一", "ケンイチ"), ("拓海", "タクミ"),
         ("陽菜", "ヒナ"), ("美咲", "ミサキ"), ("由美", "ユミ"), ("さくら", "サクラ"),
         ("誠", "マコト"), ("恵子", "ケイコ"), ("蓮", "レン"), ("結衣", "ユイ"),
         ("和也", "カズヤ"), ("真由美", "マユミ"), ("悠斗", "ユウト"), ("明美", "アケミ")]
WARDS = [("青葉区", "980-0802", "二日町"), ("宮城野区", "983-0852", "榴岡"),
         ("若林区", "984-0051", "新寺"), ("太白区", "982-0011", "長町"),
         ("泉区", "981-3133", "泉中央")]
STAFF = [("sato.h", "佐藤 裕子"), ("kato.m", "加藤 誠"), ("ono.a", "小野 亜希")]

# Ages the demo tries, young first: programs' eligibility rules pick what fits.
AGE_BANDS = [(15, 24), (18, 35), (30, 64)]


@attrs.frozen
class DemoSummary:
    staff: int
    people: int
    cases: int
    by_program: dict[str, int]


def make_person(rng: random.Random, today: dt.date, ages: tuple[int, int]) -> Person:
    (family, family_kana), (given, given_kana) = rng.choice(FAMILY), rng.choice(GIVEN)
    ward, postal, town = rng.choice(WARDS)
    born = today - dt.timedelta(days=rng.randint(ages[0] * 365 + 1, ages[1] * 365))
    return structure({
        "name": f"{family} {given}", "kana": f"{family_kana} {given_kana}",
        "birth_date": born.isoformat(), "phone": f"022-{rng.randint(200, 399)}-{rng.randint(1000, 9999)}",
        "postal_code": postal, "ward": ward,
        "address": f"仙台市{ward}{town}{rng.randint(1, 5)}丁目{rng.randint(1, 30)}-{rng.randint(1, 20)}",
    }, Person)


def load_demo(psc: Psc, *, people_per_program: int = 6, seed: int = 2017,
              today: dt.date | None = None) -> DemoSummary:
    """Fill an empty database. The first staff member listed acts for every write."""
    rng = random.Random(seed)
    today = today or dt.date.today()
    if not psc.list_staff():
        psc.acting_as(STAFF[0][0]).add_staff(*STAFF[0])
    admin = psc.acting_as(psc.list_staff()[0].login)
    for login, name in STAFF:
        if login not in {s.login for s in admin.list_staff()}:
            admin.add_staff(login, name)
    by_program: dict[str, int] = {}
    for code, program in sorted(admin.programs.items()):
        by_program[code] = 0
        for _ in range(people_per_program):
            opened = today - dt.timedelta(days=rng.randint(0, 700))
            intake = dict(program.example_intake(rng)) if program.example_intake else {}
            person = _eligible_person(rng, today, opened, program, intake)
            if person is None:
                continue
            worker = psc.acting_as(rng.choice(STAFF)[0])
            created = worker.add_person(_plain(person))
            worker.open_case(created.id or 0, code, intake, opened)
            by_program[code] += 1
    return DemoSummary(len(STAFF), sum(by_program.values()), sum(by_program.values()), by_program)


def _eligible_person(rng: random.Random, today: dt.date, opened: dt.date, program: object,
                     intake: dict[str, object]) -> Person | None:
    from psccore.domain.program import Program

    assert isinstance(program, Program)
    answers: object = structure(intake, program.intake)
    for _ in range(30):
        person = make_person(rng, today, rng.choice(AGE_BANDS))
        if program.eligibility is None or not list(program.eligibility(person, answers, opened)):
            return person
    return None


def _plain(person: Person) -> dict[str, object]:
    data = attrs.asdict(person)
    for key in ("id", "version"):
        data.pop(key)
    return data
