"""Passwords, sessions and the throttle through ``Psc`` and ``psc staff``."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import sqlalchemy as sa

from psccore.errors import AccessRefused, InvalidInput, NotAllowed
from psccore.store import tables as t

Office = Any

PASSWORD = "correct horse 42"  # as the office fixture sets it


def _events(office: Office, since: int) -> list[tuple[str, str]]:
    return [(e.action, e.staff) for e in reversed(office.psc.audit_log(limit=50))
            if e.seq > since and e.entity == "staff"]


def test_signing_in_and_out_is_audited_under_the_staff_member(office: Office) -> None:
    psc = office.psc
    head = psc.audit_head()[0]
    signed = psc.sign_in("sato", PASSWORD)
    found = psc.web_session(signed.token)
    assert found is not None and (found.login, found.csrf) == ("sato", signed.csrf)
    assert psc.sign_out(signed.token) is True
    assert psc.web_session(signed.token) is None
    assert _events(office, head) == [("sign_in", "sato"), ("sign_out", "sato")]
    with psc.ctx.db.read() as conn:  # the cookie's value is not kept
        kept = conn.execute(sa.select(t.audit_log.c.fields)).scalars().all()
        assert signed.token not in str(kept)


def test_a_wrong_password_and_an_unknown_login_get_the_same_answer(office: Office) -> None:
    answers = []
    for login in ("sato", "nobody"):
        with pytest.raises(NotAllowed) as refused:
            office.psc.sign_in(login, "wrong password")
        answers.append(refused.value.text())
    assert answers[0] == answers[1]


def test_waits_after_five_and_is_locked_after_ten_until_unlocked(office: Office) -> None:
    psc = office.psc
    head = psc.audit_head()[0]
    for _ in range(5):
        with pytest.raises(NotAllowed):
            psc.sign_in("sato", "wrong password")
    with pytest.raises(NotAllowed, match="seconds"):
        psc.sign_in("sato", PASSWORD)  # waits, even with the right one
    for _ in range(5):  # as if each wait had passed
        _age_failures(office, "sato")
        with pytest.raises(NotAllowed):
            psc.sign_in("sato", "wrong password")
    _age_failures(office, "sato")
    with pytest.raises(NotAllowed, match="locked"):
        psc.sign_in("sato", PASSWORD)
    actions = [a for a, _ in _events(office, head)]
    assert actions.count("sign_in_failed") == 10 and actions.count("lock") == 1
    with pytest.raises(AccessRefused):
        psc.acting_as("yomi").unlock_login("sato")
    psc.unlock_login("sato")
    assert psc.sign_in("sato", PASSWORD).login == "sato"


def _age_failures(office: Office, login: str) -> None:
    long_ago = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    with office.psc.ctx.db.write("admin") as tx:
        tx.conn.execute(t.sign_in_throttle.update().where(t.sign_in_throttle.c.login == login)
                        .values(last_failure_at=long_ago))


def test_an_unknown_login_is_throttled_like_a_real_one(office: Office) -> None:
    for _ in range(5):
        with pytest.raises(NotAllowed):
            office.psc.sign_in("nobody", "wrong password")
    with pytest.raises(NotAllowed, match="seconds"):
        office.psc.sign_in("nobody", "wrong password")
    assert {s for _, s in _events(office, 0)} >= {"-"}  # audited without the typed login


def test_sessions_end_when_idle_too_old_password_changed_or_deactivated(office: Office) -> None:
    psc = office.psc
    now = dt.datetime.now(dt.UTC)
    idle = psc.sign_in("sato", PASSWORD).token
    assert psc.web_session(idle, now + dt.timedelta(minutes=29)) is not None
    assert psc.web_session(idle, now + dt.timedelta(minutes=29 + 31)) is None
    old = psc.sign_in("sato", PASSWORD).token
    for minutes in range(20, 12 * 60 + 40, 20):  # in use all along, until 12 hours old
        found = psc.web_session(old, now + dt.timedelta(minutes=minutes))
        assert (found is not None) == (minutes <= 12 * 60), minutes
    changed = psc.sign_in("sato", PASSWORD).token
    psc.acting_as("sato").set_password("sato", "another password 7")
    assert psc.web_session(changed) is None
    gone = psc.sign_in("yomi", PASSWORD).token
    psc.set_staff_active("yomi", False)
    assert psc.web_session(gone) is None
    with pytest.raises(NotAllowed):
        psc.sign_in("yomi", PASSWORD)


def test_passwords_have_rules_and_only_administrators_set_others(office: Office) -> None:
    with pytest.raises(InvalidInput):
        office.psc.set_password("sato", "short")
    with pytest.raises(InvalidInput):
        office.psc.set_password("sato.hasegawa", "sato.hasegawa")
    with pytest.raises(AccessRefused):
        office.psc.acting_as("sato").set_password("yomi", "a long password")
    with office.psc.ctx.db.read() as conn:
        stored = conn.execute(sa.select(t.staff_passwords.c.hash)).scalars().all()
    assert all(h.startswith("$argon2id$") for h in stored) and PASSWORD not in str(stored)


def test_psc_staff_password_and_unlock(office: Office, psc_cli: Any) -> None:
    result = psc_cli("staff", "password", "sato", "--stdin", input="from the cli 123\n")
    assert result.exit_code == 0, result.output
    assert office.psc.sign_in("sato", "from the cli 123").login == "sato"
    result = psc_cli("staff", "unlock", "sato")
    assert result.exit_code == 0, result.output
    refused = psc_cli("staff", "password", "admin", "--stdin", input="x\n")
    assert refused.exit_code == 2 and "Traceback" not in refused.output
