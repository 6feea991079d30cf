"""``psc audit``: check that the audit trail is whole."""

from __future__ import annotations

import click

from psccore.cli.base import PscGroup, T, emit_json, json_option, state
from psccore.cli.catalog import about

REASONS = {
    "edited": ("内容が書き換えられています", "content was edited"),
    "missing": ("記録が欠けています", "entries are missing"),
    "reordered": ("順序または連鎖が壊れています", "order or chain is broken"),
    "head": ("末尾が先頭記録と一致しません（末尾の削除）", "the end does not match the head (truncated)"),
}


def audit_group() -> click.Group:
    @click.group(cls=PscGroup, help=about("audit"))
    def audit() -> None:
        pass

    @audit.command(help=T("監査記録の改ざん・削除・並べ替えを検出します",
                          "detect edited, deleted or reordered audit entries"))
    @json_option
    def verify(as_json: bool) -> None:
        count, breaks = state().psc().verify_audit()
        if as_json:
            emit_json({"entries": count, "intact": not breaks, "breaks": breaks})
        elif not breaks:
            click.echo(T(f"監査記録は完全です（{count}件）", f"Audit trail intact ({count} entries)"))
        else:
            click.echo(T(f"監査記録に問題があります（{count}件中）:",
                         f"The audit trail is broken ({count} entries):"), err=True)
            for b in breaks:
                ja, en = REASONS[b.reason]
                click.echo(f"  #{b.seq}: {T(ja, en)}", err=True)
        if breaks:
            raise click.exceptions.Exit(1)

    return audit
