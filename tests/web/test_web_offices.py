"""Several offices on the web: a case moved to another office from its page (the
library's refusals beside the fields, nothing written), and reports by office or
organisation."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

from psccore import ReportPeriod
from tests.web.client import signed_in as _signed_in

Office = Any
ORG, ORG2 = "法人", "社会福祉法人 南"
HOME, NORTH, SOUTH = "本所", "北拠点", "南拠点"


def _sites(office: Office) -> None:
    """A second office of the organisation, another organisation's office, and a
    caseworker who works at the first office only."""
    psc = office.psc
    psc.add_office(ORG, {"name": NORTH})
    psc.add_organisation(ORG2)
    psc.add_office(ORG2, {"name": SOUTH})
    psc.add_staff("home.cw", "本所 担当")
    psc.grant("home.cw", "caseworker", "*", office=HOME)
    psc.set_password("home.cw", office.password)


def _office_of(office: Office) -> str:
    case = office.psc.get_case(office.case).case
    return next(o.name for o in office.psc.offices() if o.id == case.office_id)


def test_one_office_offers_no_transfer(office: Office) -> None:
    client, _ = _signed_in(office, "sato")
    assert "/transfer" not in client.get(f"/cases/{office.case}").text
    assert client.get(f"/cases/{office.case}/transfer").status_code == 404


def test_the_case_page_names_its_office_and_offers_a_transfer_to_writers(
        office: Office) -> None:
    _sites(office)
    sato, _ = _signed_in(office, "sato")
    shown = sato.get(f"/cases/{office.case}").text
    assert HOME in shown and f"/cases/{office.case}/transfer" in shown
    form = sato.get(f"/cases/{office.case}/transfer")
    assert form.status_code == 200 and NORTH in form.text and SOUTH in form.text
    assert 'name="version"' in form.text and 'name="with_sensitive"' in form.text
    yomi, _ = _signed_in(office, "yomi")  # read-only: no button, no form
    assert "/transfer" not in yomi.get(f"/cases/{office.case}").text
    assert yomi.get(f"/cases/{office.case}/transfer").status_code == 404


def test_refusals_are_shown_beside_the_fields_and_nothing_is_written(office: Office) -> None:
    _sites(office)
    client, token = _signed_in(office, "sato")
    path, version = f"/cases/{office.case}/transfer", office.psc.get_case(office.case).case.version
    chosen = client.post(path, data={"csrf": token, "version": version, "to": ""})
    assert chosen.status_code == 400 and 'id="to-error"' in chosen.text
    # taking part in the program is itself sensitive: it cannot go without them
    bare = client.post(path, data={"csrf": token, "version": version, "to": NORTH})
    assert bare.status_code == 400
    assert re.search(r'id="with_sensitive-error">[^<]*要配慮', bare.text), bare.text
    # another organisation: no consent naming it
    admin, admin_token = _signed_in(office, "admin")
    refused = admin.post(path, data={"csrf": admin_token, "version": version, "to": SOUTH,
                                     "with_sensitive": "1"})
    assert refused.status_code == 400
    assert re.search(rf'id="to-error">[^<]*{ORG2}[^<]*同意', refused.text), refused.text
    stale = client.post(path, data={"csrf": token, "version": version - 1, "to": NORTH,
                                    "with_sensitive": "1"})
    assert stale.status_code == 409 and "他の人が変更しました" in stale.text
    assert f'name="version" value="{version}"' in stale.text
    assert _office_of(office) == HOME
    assert office.psc.get_case(office.case).case.version == version
    assert not [e for e in office.psc.audit_log(limit=1000) if e.action.startswith("transfer")]
    assert office.psc.list_disclosures(office.person) == []


def test_a_transfer_within_the_organisation_moves_the_case(office: Office) -> None:
    _sites(office)
    client, token = _signed_in(office, "sato")
    version = office.psc.get_case(office.case).case.version
    moved = client.post(f"/cases/{office.case}/transfer", data={
        "csrf": token, "version": version, "to": NORTH, "with_sensitive": "1"})
    assert moved.status_code == 303 and moved.headers["location"] == f"/cases/{office.case}"
    assert _office_of(office) == NORTH
    assert office.canary in repr(office.psc.get_case(office.case).enrollments)  # it went
    assert NORTH in client.get(f"/cases/{office.case}").text


def test_a_case_moved_out_of_sight_says_so(office: Office) -> None:
    _sites(office)
    client, token = _signed_in(office, "home.cw")
    version = office.psc.get_case(office.case).case.version
    moved = client.post(f"/cases/{office.case}/transfer", data={
        "csrf": token, "version": version, "to": NORTH, "with_sensitive": "1"})
    assert moved.status_code == 200 and NORTH in moved.text and "移しました" in moved.text
    assert _office_of(office) == NORTH
    assert client.get(f"/cases/{office.case}").status_code == 404


def test_the_transfer_form_in_a_browser(office: Office, page: Any, shot: Any,
                                        sign_in: Any) -> None:
    _sites(office)
    sign_in("sato")
    page.goto(f"/cases/{office.case}")
    page.get_by_role("link", name="拠点を移す").click()
    page.get_by_label("移管先の拠点").select_option(NORTH)
    page.get_by_role("button", name="移管する").click()  # without the sensitive answers
    assert page.locator("#with_sensitive-error").is_visible()
    shot("case-transfer")
    page.get_by_label("要配慮個人情報も移す").check()
    page.get_by_role("button", name="移管する").click()
    page.wait_for_url(f"**/cases/{office.case}")
    assert NORTH in page.locator("dl.facts").inner_text()


# --- reports by office --------------------------------------------------------------

FY = ReportPeriod.fiscal_year(2026)


def _figures(page: str) -> dict[str, str]:
    return {key: html.unescape(value) for key, value in re.findall(
        r'<tr data-row="([^"]+)"><th scope="row">[^<]*</th><td class="n">([^<]*)</td>', page)}


def _expected(site: Office, **scope: str) -> dict[str, str]:
    sections = site.psc.report(FY, **scope)
    return {f"{s.key}.{r.key or i}": f"{r.value:,}" if isinstance(r.value, int)
            else str(r.value) for s in sections for i, r in enumerate(s.rows)}


def test_one_office_offers_no_scope(office: Office) -> None:
    client, _ = _signed_in(office, "admin")
    assert 'name="scope"' not in client.get("/reports?fy=2026").text


def test_reports_by_office_and_organisation_show_the_librarys_figures(office: Office) -> None:
    _sites(office)
    psc = office.psc
    person = psc.add_person({"name": "北 次郎", "kana": "キタ ジロウ"}, organisation=ORG)
    psc.open_case(person.id or 0, "consultation", {"route": "visit", "topics": ["income"]},
                  dt.date(2026, 5, 1), office=NORTH)
    admin, _ = _signed_in(office, "admin")
    form = admin.get("/reports?fy=2026").text
    for value in (f"organisation:{ORG}", f"office:{HOME}", f"office:{NORTH}",
                  f"organisation:{ORG2}", f"office:{SOUTH}"):
        assert f'value="{value}"' in form
    for scope in ({"office": NORTH}, {"office": HOME}, {"organisation": ORG}):
        [(kind, name)] = scope.items()
        page = admin.get("/reports", params={"fy": "2026", "scope": f"{kind}:{name}"})
        assert page.status_code == 200 and name in page.text
        shown = _figures(page.text)
        assert shown == _expected(office, **scope) and shown
        every = {s.key for s in psc.report(FY)}
        assert {k.split(".")[0] for k in shown} == every - {"job_placement"}
    assert _expected(office, office=NORTH) != _expected(office, office=HOME)
    # a section not counted by office, said beside the select
    wrong = admin.get("/reports", params={"fy": "2026", "scope": f"office:{NORTH}",
                                          "section": "job_placement"})
    assert wrong.status_code == 400
    assert re.search(r'id="scope-error">[^<]*job_placement', wrong.text), wrong.text


def test_an_offices_downloads_name_it_and_are_audited_so(office: Office) -> None:
    from urllib.parse import unquote

    _sites(office)
    admin, _ = _signed_in(office, "admin")
    page = admin.get("/reports", params={"fy": "2026", "scope": f"office:{NORTH}"}).text
    links = re.findall(r'href="(/reports/file/\w+\?[^"]+)"', page)
    assert len(links) == 4 and all("scope=office%3A" in link for link in links)
    csv_link = html.unescape(next(link for link in links if "/csv?" in link))
    before = [e.seq for e in office.psc.audit_log(staff="admin")]
    got = admin.get(csv_link)
    assert got.status_code == 200
    assert f"拠点_{NORTH}" in unquote(got.headers["content-disposition"])
    assert got.content.decode("utf-8-sig").splitlines()[0] == (
        f"令和8年度（2026年度） 実績報告（拠点: {NORTH}）")
    [audited] = [e for e in office.psc.audit_log(staff="admin") if e.seq not in before]
    assert (audited.action, audited.entity) == ("export", "reports")
    assert f"office:{NORTH}" in audited.fields
    client, _ = _signed_in(office, "home.cw")  # no role at 北拠点: the uniform refusal
    refused = client.get(csv_link)
    assert refused.status_code in (403, 404) and "令和8年度" not in refused.text


def test_an_office_caseworker_is_offered_only_their_office(office: Office) -> None:
    _sites(office)
    client, _ = _signed_in(office, "home.cw")
    form = client.get("/reports?fy=2026").text
    assert f'value="office:{HOME}"' in form and f'value="office:{NORTH}"' not in form
    # the organisation's and the whole installation's need each of their offices
    assert f'value="organisation:{ORG}"' not in form and ORG2 not in form
    assert 'value=""' not in form.split('name="scope"')[1].split("</select>")[0]
    assert HOME in form.split("<h1")[1].split("</h1>")[0]  # their office's report first
    refused = client.get("/reports", params={"fy": "2026", "scope": f"office:{NORTH}"})
    assert refused.status_code == 400 and 'id="scope-error"' in refused.text
    assert "data-row=" not in refused.text


def test_a_report_for_one_office_in_a_browser(office: Office, page: Any, shot: Any,
                                              sign_in: Any) -> None:
    _sites(office)
    sign_in("admin")
    page.goto("/reports?fy=2026")
    page.get_by_label("拠点・法人").select_option(f"office:{NORTH}")
    page.get_by_role("button", name="表示").click()
    page.wait_for_url("**scope=office*")
    assert NORTH in page.locator("h1").inner_text()
    shot("report-by-office", height=900)
