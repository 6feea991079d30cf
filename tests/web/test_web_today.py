"""*Today* shows the soonest agenda items, says how many there are and links to all."""

from __future__ import annotations

import re
from typing import Any

import pytest
from starlette.testclient import TestClient

from psccore.web.app import create_app
from psccore.web.routes import today

Office = Any


def _sato(office: Office) -> TestClient:
    client = TestClient(create_app(office.psc), follow_redirects=False)
    form = client.get("/login").text
    token = re.search(r'name="csrf" value="([^"]+)"', form)
    assert token
    answer = client.post("/login", data={"csrf": token[1], "login": "sato",
                                         "password": office.password})
    assert answer.status_code == 303, answer.text
    return client


def _rows(page: str) -> int:
    agenda = page.split('id="agenda"', 1)[1].split("</table>", 1)[0]
    return agenda.count("<tr") - 1  # less the heading's row


def test_today_shows_the_first_items_and_links_to_all(office: Office,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    client = _sato(office)
    every = client.get("/?all=1").text
    total = _rows(every)
    assert total >= 2, every  # the office has more than one item due for sato
    assert "shown" not in every and "件を表示" not in every
    monkeypatch.setattr(today, "SHOWN", 1)
    first = client.get("/").text
    assert _rows(first) == 1
    assert f"全 {total:,} 件中 1 件を表示" in first and 'href="/?all=1"' in first
