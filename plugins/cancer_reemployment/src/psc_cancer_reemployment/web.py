"""The program's web page: its participants, their treatment status (only to staff who
may read it: sensitive) and how their work stands (the latest follow-up)."""

from __future__ import annotations

from psc_cancer_reemployment import service
from psc_cancer_reemployment.plugin import PARTICIPANTS
from psccore import Label, NotFound, PageContent, PageLink, PageRequest, PageTable

CODE = service.CODE
WITHHELD = Label("（非表示）", "(withheld)")


def participants(request: PageRequest) -> PageContent:
    """One row a participant: case, track, treatment status, work status, next follow-up."""
    psc = request.psc
    people = [p for p in psc.participants(CODE) if p.closed_on is None]
    with psc.program_read(CODE) as conn:
        followups = service.followups_of(conn, [p.enrollment_id for p in people])
    latest = {f.enrollment_id: f for f in followups}  # in date order: the last one stays
    rows = []
    for who in people:
        try:
            detail = psc.get_case(who.case_id)  # sensitive answers masked as the reader may
        except NotFound:
            continue
        enrollment = next(e for e in detail.enrollments if e.program == CODE)
        masked = f"{CODE}.treatment_status" in detail.masked_fields
        follow = latest.get(who.enrollment_id)
        rows.append((PageLink(text=f"#{who.case_id}", href=f"/cases/{who.case_id}"), who.name,
                     _track(enrollment.intake.get("track")),
                     WITHHELD if masked else enrollment.intake.get("treatment_status"),
                     f"{request.text(follow.work_status.label)}（{follow.on}）" if follow
                     else None, follow.next_on.isoformat() if follow and follow.next_on
                     else None))
    table = PageTable(columns=(Label("ケース", "case"), Label("氏名", "name"),
                               Label("支援の種類", "track"), Label("治療の状況", "treatment status"),
                               Label("就労の状況", "work status"),
                               Label("次の状況確認", "next follow-up")),
                      rows=rows, empty=Label("利用中の人はいません", "No one takes part now"))
    return PageContent(title=PARTICIPANTS, tables=(table,), lead=Label(
        "治療の状況は要配慮個人情報です。読む権限のない職員には表示されません。",
        "Treatment status is sensitive: staff who may not read it see it withheld."))


def _track(value: object) -> object:
    from psc_cancer_reemployment.intake import Track

    return {t.value: t.label for t in Track}.get(str(value), value)
