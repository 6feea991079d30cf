"""What the readiness tests share: a center with participants, clients and sessions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from psc_readiness.orders import add_order
from psc_readiness.records import Session, WorkOrder
from psc_readiness.sessions import add_session
from psccore import Psc

DATA = Path(__file__).parent / "data"
CODE = "readiness"


class Center:
    """A readiness center on a fresh database, in August 2017."""

    def __init__(self, psc: Psc) -> None:
        self.psc = psc
        self._people = 0

    def participant(self, name: str = "山田 太郎", on: dt.date = dt.date(2017, 7, 3),
                    stage: str = "daily_living") -> int:
        """Enroll someone in readiness support; return the case id."""
        self._people += 1
        person = self.psc.add_person({"name": name, "kana": f"ヤマダ {'タロウ' * self._people}",
                                      "birth_date": "1990-04-01"}, allow_duplicate=True)
        detail = self.psc.open_case(person.id or 0, CODE, {
            "referral_route": "consultation_center", "daily_rhythm": "irregular",
            "goals_for_period": "週3日通う", "autonomy_stage_at_start": stage}, opened_on=on)
        return detail.case.id or 0

    def client(self, name: str) -> int:
        return self.psc.add_employer({"name": name}, on=dt.date(2017, 4, 1)).id or 0

    def session(self, day: str, half: str = "am", activity: str = "piecework",
                **extra: Any) -> Session:
        return add_session(self.psc, {"held_on": day, "half": half,
                                              "activity": activity, **extra})

    def order(self, **changes: Any) -> WorkOrder:
        data: dict[str, Any] = {
            "client_id": self.client("株式会社テスト印刷"), "task": "チラシ折り",
            "activity": "flyer_folding", "quantity": 1000, "unit": "枚", "unit_price": "0.8",
            "received_on": "2017-08-07", "due_on": "2017-08-18"}
        data.update(changes)
        return add_order(self.psc, data)
