"""The readiness center's records: sessions of the timetable, attendance, reviews of a
participant's autonomy stage, and work orders (受注) with the work done on them."""

from __future__ import annotations

import datetime as dt
import decimal

import attrs

from psc_readiness.catalogue import Activity, Half, Kind
from psc_readiness.intake import AutonomyStage
from psccore import Coded, Label, Problem, rules

TIME = rules.matches(r"([01]?\d|2[0-3]):[0-5]\d", "10:00")
ENDS_FIRST = Label("終了時刻が開始時刻より前です", "ends before it starts")
WRONG_HALF = Label("{half}の時間ではありません（午前は12:00まで、午後は12:00から）",
                   "is not in the {half} (mornings end at 12:00, afternoons start at 12:00)")
REASON_NEEDED = Label("欠席の理由を選んでください", "give the reason for the absence")
REASON_ONLY_WHEN_AWAY = Label("出席のときは理由を付けません", "a reason is only for absence, "
                              "lateness or leaving early")
MINUTES_ONLY_WHEN_LATE = Label("遅刻のときだけ入力します", "is only for lateness")
DUE_BEFORE_RECEIVED = Label("納期が受注日より前です", "the deadline is before the order was received")
TWO_PLACES = Label("小数点以下は2桁までです", "at most two decimal places")
NOT_WORK = Label("{activity} は作業プログラムではありません", "{activity} is not a work program")


def _sen(value: decimal.Decimal) -> tuple[Label, dict[str, object]] | None:
    """Prices are kept to the sen (two places), so a third place would be lost."""
    exponent = value.normalize().as_tuple().exponent
    return (TWO_PLACES, {}) if isinstance(exponent, int) and exponent < -2 else None


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


@attrs.define(kw_only=True)
class Session(rules.Validated):
    """One sitting of the timetable: an activity on a date, morning or afternoon."""

    id: int | None = None
    held_on: dt.date = rules.field(Label("実施日", "date"))
    half: Half = rules.field(Label("午前・午後", "half"))
    activity: Activity = rules.field(Label("活動", "activity"))
    place: str = rules.field(Label("場所", "place"), rules=[rules.required(), rules.max_length(100)])
    capacity: int = rules.field(Label("定員", "capacity"), rules=[rules.between(1, 50)])
    staff_id: int | None = rules.field(Label("担当職員", "staff"), default=None)
    gather_at: str = rules.field(Label("集合時刻", "gathering time"), rules=[TIME])
    starts_at: str = rules.field(Label("開始時刻", "starts at"), rules=[TIME])
    ends_at: str = rules.field(Label("終了時刻", "ends at"), rules=[TIME])
    topic: str | None = rules.field(Label("テーマ", "topic"), default=None, rules=[rules.max_length(200)])
    work_order_id: int | None = rules.field(Label("受注", "work order"), default=None)
    cancelled_reason: str | None = rules.field(Label("中止の理由", "why cancelled"), default=None,
                                         rules=[rules.max_length(200)])
    version: int = 1

    def cross_rules(self) -> list[Problem]:
        problems = []
        if TIME(self.starts_at) is None and TIME(self.ends_at) is None:
            start, end = _minutes(self.starts_at), _minutes(self.ends_at)
            if end <= start:
                problems.append(Problem("$.ends_at", ENDS_FIRST))
            if (start >= 12 * 60) != (self.half is Half.PM):
                problems.append(Problem("$.starts_at", WRONG_HALF, {"half": self.half.label}))
        return problems


class Presence(Coded):
    PRESENT = ("present", "出席", "present")
    LATE = ("late", "遅刻", "late")
    LEFT_EARLY = ("left_early", "早退", "left early")
    ABSENT = ("absent", "欠席", "absent")

    @property
    def came(self) -> bool:
        return self is not Presence.ABSENT


class AbsenceReason(Coded):
    ILLNESS = ("illness", "体調不良", "unwell")
    HOSPITAL = ("hospital", "通院", "hospital visit")
    FAMILY = ("family", "家庭の事情", "family matters")
    JOB_HUNTING = ("job_hunting", "就職活動・面接", "job hunting or interview")
    OVERSLEPT = ("overslept", "寝坊・生活リズム", "overslept / daily rhythm")
    NO_CONTACT = ("no_contact", "連絡なし", "no word")
    OTHER = ("other", "その他", "other")


#: Reasons that say something about health (要配慮個人情報): shown only to staff who may
#: read sensitive data, and never put on an introduction sheet.
HEALTH_REASONS = frozenset({AbsenceReason.ILLNESS, AbsenceReason.HOSPITAL})


@attrs.define(kw_only=True)
class Attendance(rules.Validated):
    """Whether a participant came to a session; late, early or absent with the reason."""

    id: int | None = None
    session_id: int
    enrollment_id: int
    presence: Presence = rules.field(Label("出欠", "attendance"))
    reason: AbsenceReason | None = rules.field(Label("理由", "reason"), default=None)
    minutes_late: int | None = rules.field(Label("遅刻（分）", "minutes late"), default=None,
                                     rules=[rules.between(1, 300)])
    note: str | None = rules.field(Label("記録", "note"), default=None, rules=[rules.max_length(400)])
    version: int = 1

    def cross_rules(self) -> list[Problem]:
        problems = []
        if self.presence is Presence.ABSENT and self.reason is None:
            problems.append(Problem("$.reason", REASON_NEEDED))
        if self.presence is Presence.PRESENT and self.reason is not None:
            problems.append(Problem("$.reason", REASON_ONLY_WHEN_AWAY))
        if self.presence is not Presence.LATE and self.minutes_late is not None:
            problems.append(Problem("$.minutes_late", MINUTES_ONLY_WHEN_LATE))
        return problems


@attrs.define(kw_only=True)
class StageReview(rules.Validated):
    """A review of where a participant stands on the way to autonomy (自立段階の見直し)."""

    id: int | None = None
    enrollment_id: int
    reviewed_on: dt.date = rules.field(Label("見直し日", "reviewed on"))
    stage: AutonomyStage = rules.field(Label("自立段階", "autonomy stage"))
    note: str | None = rules.field(Label("所見", "notes"), default=None, rules=[rules.max_length(1000)])
    staff_id: int | None = None


class Acceptance(Coded):
    ACCEPTED = ("accepted", "検収済み", "accepted")
    RETURNED = ("returned", "手直し依頼", "returned for rework")


@attrs.define(kw_only=True)
class WorkOrder(rules.Validated):
    """受注: light work a local business orders from the center, done by participants."""

    id: int | None = None
    client_id: int = rules.field(Label("発注元", "client"))
    client_name: str = rules.field(Label("発注元名", "client name"), rules=[rules.required(), rules.max_length(200)])
    task: str = rules.field(Label("作業内容", "task"), rules=[rules.required(), rules.max_length(200)])
    activity: Activity = rules.field(Label("作業プログラム", "work program"))
    quantity: int = rules.field(Label("数量", "quantity"), rules=[rules.between(1, 10_000_000)])
    unit: str = rules.field(Label("単位", "unit"), default="個", rules=[rules.required(), rules.max_length(10)])
    unit_price: decimal.Decimal = rules.field(Label("単価（円）", "unit price (yen)"),
                                              rules=[rules.between(0, 1_000_000), _sen])
    received_on: dt.date = rules.field(Label("受注日", "received on"))
    due_on: dt.date = rules.field(Label("納期", "due on"))
    staff_id: int | None = rules.field(Label("担当職員", "staff"), default=None)
    delivered_on: dt.date | None = rules.field(Label("納品日", "delivered on"), default=None)
    acceptance: Acceptance | None = rules.field(Label("検収", "acceptance"), default=None)
    accepted_on: dt.date | None = rules.field(Label("検収日", "acceptance date"), default=None)
    acceptance_note: str | None = rules.field(Label("検収の記録", "acceptance note"), default=None,
                                              rules=[rules.max_length(400)])
    rework: int = 0  # pieces sent back for rework, to be made again
    version: int = 1

    def cross_rules(self) -> list[Problem]:
        problems = []
        if self.due_on < self.received_on:
            problems.append(Problem("$.due_on", DUE_BEFORE_RECEIVED))
        if self.activity.usual.kind is not Kind.WORK:
            problems.append(Problem("$.activity", NOT_WORK, {"activity": self.activity.label}))
        return problems

    @property
    def amount(self) -> decimal.Decimal:
        return self.unit_price * self.quantity

    @property
    def to_make(self) -> int:
        """The order's pieces, and again those sent back for rework."""
        return self.quantity + self.rework


@attrs.define(kw_only=True)
class WorkDone(rules.Validated):
    """How much of an order was done, on which day, at which session and by whom
    (``enrollment_id``; ``None`` for work staff did themselves)."""

    id: int | None = None
    work_order_id: int
    done_on: dt.date = rules.field(Label("作業日", "done on"))
    quantity: int = rules.field(Label("数量", "quantity"), rules=[rules.between(1, 10_000_000)])
    session_id: int | None = rules.field(Label("セッション", "session"), default=None)
    enrollment_id: int | None = None
    note: str | None = rules.field(Label("記録", "note"), default=None, rules=[rules.max_length(400)])


__all__ = ["HEALTH_REASONS", "AbsenceReason", "Acceptance", "Attendance", "Presence", "Session", "StageReview",
           "WorkDone", "WorkOrder"]
