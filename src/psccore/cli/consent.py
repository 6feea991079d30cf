"""Consent to share and introductions (with what each discloses)."""

from __future__ import annotations

from typing import Any

import click

from psccore.cli.base import PscCommand, PscGroup, T, emit_json, json_option, record, state, table
from psccore.cli.catalog import about
from psccore.cli.options import day_or_today, given, on_option


def consent_group() -> click.Group:
    from psccore.domain.consent import DataCategory

    @click.group(cls=PscGroup, help=about("情報提供への同意", "consents"))
    def consent() -> None:
        pass

    @consent.command(help=T(
        "同意を記録します: 事業所・機関への情報提供、または --collect で要配慮個人情報の取得",
        "record a consent: to share information with an employer or organisation, or "
        "with --collect to collect sensitive data at all"))
    @click.argument("person_id", type=int, metavar="PERSON")
    @click.option("--collect", is_flag=True, help=T(
        "要配慮個人情報（健康状態など）の取得への同意（提供先なし、health を含む）",
        "consent to collect sensitive data (no recipient; covers health)"))
    @click.option("--employer", "employer_id", type=int, help=T("提供先の事業所", "employer"))
    @click.option("--org", "organisation", help=T("提供先の機関", "organisation"))
    @click.option("--category", "categories", multiple=True, required=True,
                  type=click.Choice([c.value for c in DataCategory]),
                  help=T("提供する情報（繰り返し可）", "category (repeatable)"))
    @click.option("--purpose", required=True, help=T("利用目的", "purpose"))
    @click.option("--from", "valid_from", help=T("有効期間の開始（既定: 今日）", "valid from"))
    @click.option("--until", "valid_until", required=True, help=T("有効期間の終了", "valid until"))
    @click.option("--form", "form_reference", help=T("同意書の番号・保管場所", "signed form reference"))
    @json_option
    def add(person_id: int, as_json: bool, valid_from: str | None, collect: bool,
            **fields: Any) -> None:
        saved = state().psc().add_consent(person_id, given(
            valid_from=day_or_today(valid_from).isoformat(), kind="collect" if collect else None,
            **fields))
        if as_json:
            emit_json(saved)
        else:
            click.echo(T(f"同意を記録しました（ID {saved.id}）", f"Consent {saved.id} recorded"))

    @consent.command(help=T("同意の撤回を記録します（すぐに効力を持ちます）",
                            "record a withdrawal (effective at once)"))
    @click.argument("consent_id", type=int, metavar="CONSENT")
    @on_option
    def withdraw(consent_id: int, on: str | None) -> None:
        state().psc().withdraw_consent(consent_id, day_or_today(on))
        click.echo(T("撤回を記録しました", "Withdrawal recorded"))

    @consent.command(name="list", help=T("相談者の同意の一覧", "a person's consents"))
    @click.argument("person_id", type=int, metavar="PERSON")
    @json_option
    def list_(person_id: int, as_json: bool) -> None:
        psc = state().psc()
        found = psc.list_consents(person_id)
        if as_json:
            emit_json(found)
            return
        today = psc.today()
        table(["ID", T("提供先", "recipient"), T("情報", "categories"), T("期間", "valid"),
               T("状態", "state")],
              [(c.id, c.kind.label if c.kind.value == "collect"
                else c.organisation or f"{T('事業所', 'employer')} {c.employer_id}",
                [x.value for x in c.categories], f"{c.valid_from}..{c.valid_until}",
                T("有効", "in force") if c.in_force(today) else
                T("撤回", "withdrawn") if c.withdrawn_on else T("無効", "not in force"))
               for c in found])

    return consent


def introduce_command() -> click.Command:
    from psccore.domain.consent import DataCategory

    @click.command(cls=PscCommand, help=about(
        "事業所への紹介票を作成します", "make an introduction sheet for an employer",
        "有効な同意がある情報だけを載せ、提供の記録を残します。",
        "Only what an in-force consent covers; the disclosure is recorded."))
    @click.argument("person_id", type=int, metavar="PERSON")
    @click.option("--employer", "employer_id", type=int, required=True,
                  help=T("提供先の事業所", "employer"))
    @click.option("--category", "categories", multiple=True,
                  type=click.Choice([c.value for c in DataCategory]),
                  help=T("載せる情報（既定: 同意の範囲すべて）", "categories (default: all consented)"))
    @on_option
    @json_option
    def introduce(person_id: int, employer_id: int, categories: tuple[str, ...],
                  on: str | None, as_json: bool) -> None:
        sheet = state().psc().introduce(person_id, employer_id, list(categories) or None,
                                        day_or_today(on))
        if as_json:
            emit_json(sheet)
            return
        click.echo(T(f"紹介票（{sheet.employer} 様）  {sheet.on}",
                     f"Introduction sheet for {sheet.employer}  {sheet.on}"))
        for section in sheet.sections:
            click.echo(f"\n[{section.category.label.text()}]")
            record([(i.label.text(), i.value) for i in section.items] or [("-", "-")])
        click.echo(T(f"\n提供を記録しました（記録 {sheet.disclosure_id}、同意 {sheet.consent_id}）",
                     f"\nDisclosure {sheet.disclosure_id} recorded (consent {sheet.consent_id})"),
                   err=True)

    return introduce
