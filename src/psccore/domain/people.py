"""People supported (相談者) and the staff who support them."""

from __future__ import annotations

import datetime as dt

import attrs

from psccore.clock import office_today
from psccore.domain.kana import normalize_kana, normalize_name, normalize_phone
from psccore.domain.rules import (
    Validated,
    field,
    katakana,
    matches,
    max_length,
    required,
    single_line,
)
from psccore.errors import Problem
from psccore.i18n import Label

BIRTH_IN_FUTURE = Label("生年月日が未来の日付です", "birth date is in the future")
BIRTH_TOO_EARLY = Label("生年月日は1900年以降で入力してください", "birth date must be in 1900 or later")


@attrs.define(kw_only=True)
class Person(Validated):
    """A person supported. Never a "customer"."""

    id: int | None = None
    name: str = field(Label("氏名", "name"), rules=[required(), max_length(100), single_line()],
                      converter=normalize_name)
    kana: str = field(
        Label("フリガナ", "name in kana"),
        rules=[required(), max_length(100), katakana()],
        converter=normalize_kana,
    )
    birth_date: dt.date | None = field(Label("生年月日", "birth date"), default=None)
    phone: str | None = field(
        Label("電話番号", "phone"),
        default=None,
        rules=[matches(r"[0-9+()\- ]{6,20}", "022-123-4567")],
        converter=normalize_phone,
    )
    email: str | None = field(
        Label("メールアドレス", "e-mail"),
        default=None,
        rules=[matches(r"[^@\s]+@[^@\s]+\.[^@\s]+", "name@example.jp")],
    )
    postal_code: str | None = field(
        Label("郵便番号", "postal code"), default=None, rules=[matches(r"\d{3}-?\d{4}", "980-0802")]
    )
    ward: str | None = field(Label("区・市町村", "ward / municipality"), default=None,
                             rules=[max_length(40), single_line()])
    address: str | None = field(Label("住所", "address"), default=None,
                                rules=[max_length(200), single_line()])
    version: int = 1
    #: registered once per organisation (``psccore.domain.offices``)
    organisation_id: int = attrs.field(default=1)

    def cross_rules(self) -> list[Problem]:
        if self.birth_date and self.birth_date > office_today():
            return [Problem("$.birth_date", BIRTH_IN_FUTURE)]
        if self.birth_date and self.birth_date.year < 1900:
            return [Problem("$.birth_date", BIRTH_TOO_EARLY)]
        return []


@attrs.define(kw_only=True)
class Staff(Validated):
    """A member of staff; the acting staff member is recorded on every write."""

    id: int | None = None
    login: str = field(
        Label("ログイン名", "login"),
        rules=[required(), matches(r"[a-z][a-z0-9_.\-]{1,39}", "sato.h")],
    )
    name: str = field(Label("氏名", "name"), rules=[required(), max_length(100), single_line()])
    active: bool = True
    version: int = 1


