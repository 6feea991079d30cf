"""The program's coded answers: experts, referral outcomes, work statuses (a light module:
the case view names a work status without loading the service)."""

from __future__ import annotations

from psccore import Coded


class Expert(Coded):
    LABOUR_CONSULTANT = ("labour_consultant", "社会保険労務士", "labour and social security attorney")
    HOSPITAL_CENTER = ("hospital_center", "病院のがん相談支援センター",
                       "the hospital's cancer consultation center")
    HELLO_WORK = ("hello_work", "ハローワーク（就職支援ナビゲーター）", "Hello Work navigator")
    OTHER = ("other", "その他", "other")


class Outcome(Coded):
    RESOLVED = ("resolved", "解決・助言を得た", "resolved / advice given")
    ONGOING = ("ongoing", "継続中", "ongoing")
    NOT_USED = ("not_used", "利用しなかった", "not used")


class WorkStatus(Coded):
    WORKING = ("working", "通常勤務", "working as usual")
    REDUCED = ("reduced", "配慮を受けて勤務", "working with accommodations")
    ON_LEAVE = ("on_leave", "休職中", "on sick leave")
    JOB_SEEKING = ("job_seeking", "求職中", "looking for work")
    LEFT_JOB = ("left_job", "離職", "left the job")

    @property
    def working(self) -> bool:
        return self in (WorkStatus.WORKING, WorkStatus.REDUCED)
