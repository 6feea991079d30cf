"""Writes made at the same moment end in one clear outcome, never an internal error."""

from concurrent.futures import ThreadPoolExecutor

from psccore.app import Psc
from psccore.errors import ConcurrentEdit, NotAllowed

PROGRAM = "household_budget"


def test_registering_the_same_person_at_once_makes_one(psc: Psc) -> None:
    def add(_: int) -> str:
        try:
            psc.add_person({"name": "同時 登録", "kana": "ドウジ トウロク", "birth_date": "1990-01-01"})
            return "added"
        except NotAllowed:
            return "flagged"

    with ThreadPoolExecutor(max_workers=6) as pool:
        outcomes = list(pool.map(add, range(6)))
    assert sorted(outcomes) == ["added"] + ["flagged"] * 5


def test_drafting_at_once_never_ends_in_an_internal_error(psc: Psc) -> None:
    cases = []
    for i in range(4):
        person = psc.add_person({"name": f"並行{i}", "kana": "ヘイコウ" + "ア" * i})
        cases.append(psc.open_case(person.id or 0, PROGRAM, {"monthly_income": 0,
                                                              "housing": "owned"}).case.id)

    def draft(case: int) -> str:
        try:
            psc.record_assessment(case, {"assessed_on": psc.today().isoformat(),
                                         "autonomy_stage": "work"})
            return "ok"
        except ConcurrentEdit:
            return "clash"

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert set(pool.map(draft, cases * 3)) <= {"ok", "clash"}
    assert psc.verify_audit()[1] == []
