"""The activities of the readiness timetable, with their usual times and places.

Work programs (作業プログラム) are light work taken on from local businesses, done
together in the center (施設内) or outside it (施設外); skill-up courses
(スキルアッププログラム) are held in the center. Times follow the center's
timetable (様式-1): gather at 9:30 or 13:00, work 10:00–12:00 and 13:00–15:00,
the PC course 10:00–11:50 and 13:00–14:50 with its first half hour for self-study.
"""

from __future__ import annotations

import attrs

from psccore import Coded, Label


class Half(Coded):
    """午前・午後: the timetable's two sittings a day."""

    AM = ("am", "午前", "morning")
    PM = ("pm", "午後", "afternoon")


class Setting(Coded):
    IN_FACILITY = ("in_facility", "施設内", "in the center")
    OFF_SITE = ("off_site", "施設外", "off-site")


class Kind(Coded):
    SKILL_UP = ("skill_up", "スキルアップ", "skill-up")
    WORK = ("work", "作業", "work")


@attrs.frozen
class Times:
    gather: str
    start: str
    end: str


@attrs.frozen
class Usual:
    """How an activity usually runs: kind, setting, times per half, place, places."""

    kind: Kind
    setting: Setting
    am: Times | None
    pm: Times | None
    place: Label
    capacity: int
    grid: str  # the timetable's own word for it (PC講座, 生活講座 …)
    note: Label | None = None


class Activity(Coded):
    """An activity of the readiness timetable."""

    PIECEWORK = ("piecework", "内部作業（内職・軽作業）", "in-facility piecework")
    FLYER_FOLDING = ("flyer_folding", "チラシ折込作業", "flyer folding")
    ENVELOPE_STUFFING = ("envelope_stuffing", "封入・封緘作業", "envelope stuffing and sealing")
    TSHIRT_FOLDING = ("tshirt_folding", "Tシャツたたみ作業", "T-shirt folding")
    SOCIAL_FARM = ("social_farm", "ソーシャルファーム（農作業）", "social farm")
    POSTING = ("posting", "ポスティング", "leaflet posting")
    APARTMENT_CLEANING = ("apartment_cleaning", "マンション清掃", "apartment cleaning")
    PC = ("pc", "PC講座", "PC course")
    JOB_HUNTING = ("job_hunting", "就活講座", "job-hunting course")
    SHORT_JOB_HUNTING = ("short_job_hunting", "短期就活（就活実践コース）",
                         "short job-hunting practice")
    INTENSIVE_JOB_HUNTING = ("intensive_job_hunting", "集中就活講座",
                             "intensive job-hunting course")
    COMMUNICATION = ("communication", "コミュニケーション講座", "communication course")
    VOICE_TRAINING = ("voice_training", "ボイストレーニング", "voice training")
    LIFE_AND_HEALTH = ("life_and_health", "生活・健康講座", "life and health course")
    LEISURE = ("leisure", "余暇講座", "leisure course")

    @property
    def usual(self) -> Usual:
        return USUAL[self]

    @property
    def off_site(self) -> bool:
        return self.usual.setting is Setting.OFF_SITE


WORK_AM, WORK_PM = Times("9:30", "10:00", "12:00"), Times("13:00", "13:00", "15:00")
CENTER = Label("センター", "the center")
ROOM = Label("センター研修室", "the center's training room")


def _work(place: Label, capacity: int, grid: str, setting: Setting = Setting.IN_FACILITY,
          pm: Times | None = WORK_PM) -> Usual:
    return Usual(Kind.WORK, setting, WORK_AM, pm, place, capacity, grid)


def _course(grid: str, am: Times | None = WORK_AM, capacity: int = 8) -> Usual:
    return Usual(Kind.SKILL_UP, Setting.IN_FACILITY, am, WORK_PM, ROOM, capacity, grid)


OFF = Setting.OFF_SITE
USUAL: dict[Activity, Usual] = {
    Activity.PIECEWORK: _work(CENTER, 10, "内部作業"),
    Activity.FLYER_FOLDING: _work(CENTER, 10, "チラシ折込"),
    Activity.ENVELOPE_STUFFING: _work(CENTER, 10, "封入・封緘"),
    Activity.TSHIRT_FOLDING: _work(CENTER, 10, "Tシャツたたみ"),
    Activity.SOCIAL_FARM: _work(Label("ソーシャルファーム（農園）", "the social farm"), 6,
                                "ソーシャルファーム", OFF),
    Activity.POSTING: _work(Label("配布地域", "the delivery area"), 4, "ポスティング", OFF),
    Activity.APARTMENT_CLEANING: _work(Label("清掃先のマンション", "the apartment building"), 3,
                                       "マンション清掃", OFF),
    Activity.PC: Usual(Kind.SKILL_UP, Setting.IN_FACILITY, Times("9:30", "10:00", "11:50"),
                       Times("13:00", "13:00", "14:50"), ROOM, 6, "PC講座",
                       Label("最初の30分は自習", "the first half hour is self-study")),
    Activity.JOB_HUNTING: _course("就活講座"),
    Activity.SHORT_JOB_HUNTING: _course("短期就活"),
    Activity.INTENSIVE_JOB_HUNTING: _course("集中就活講座"),
    Activity.COMMUNICATION: _course("コミュニケーション講座"),
    Activity.VOICE_TRAINING: _course("ボイストレーニング"),
    Activity.LIFE_AND_HEALTH: _course("生活講座"),
    Activity.LEISURE: _course("余暇講座"),
}


def find_activity(text: str) -> Activity | None:
    """An activity by its code, its label or the timetable's word for it."""
    wanted = text.strip()
    for activity in Activity:
        names = {activity.value, activity.label.ja, activity.label.en, activity.usual.grid}
        if wanted in names or wanted.lower() in {n.lower() for n in names}:
            return activity
    return None


def find_half(text: str) -> Half | None:
    wanted = text.strip().lower()
    for half in Half:
        if wanted in (half.value, half.label.ja, half.label.en):
            return half
    return None
