"""Core's own commands, contributed the way a plugin contributes its group.

``COMMANDS`` says where each built-in command is made; each command holds its own help.
``psc --help`` must not import the command modules, so the names and one-line help
(ja and en) are generated from the commands into :mod:`psccore.cli.builtin`, a
checked-in file (``python -m psccore.cli.catalog`` rewrites it; a test fails when it
is stale). Checked in rather than built at first run: core's commands change only with
core's code, never with what else is installed, and a command then never needs a
writable cache to start quickly.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import click

from psccore.cli.base import T
from psccore.i18n import LANGS, language_scope, set_lang

# Where each built-in command is made ("module:factory"), in the order help lists them.
COMMANDS: tuple[str, ...] = (
    "psccore.cli.db:init_command",
    "psccore.cli.db:db_group",
    "psccore.cli.plugin:programs_command",
    "psccore.cli.demo:demo_command",
    "psccore.cli.serve:serve_command",
    "psccore.cli.staff:staff_group",
    "psccore.cli.people:person_group",
    "psccore.cli.cases:case_group",
    "psccore.cli.consultation:screen_command",
    "psccore.cli.workflow:assess_command",
    "psccore.cli.workflow:plan_group",
    "psccore.cli.workflow:meeting_group",
    "psccore.cli.workflow:step_group",
    "psccore.cli.workflow:record_group",
    "psccore.cli.workflow:evaluate_command",
    "psccore.cli.workflow:agenda_command",
    "psccore.cli.employers:employer_group",
    "psccore.cli.employers:opening_group",
    "psccore.cli.employers:prefs_group",
    "psccore.cli.employers:match_group",
    "psccore.cli.consent:consent_group",
    "psccore.cli.consent:introduce_command",
    "psccore.cli.placements:internship_group",
    "psccore.cli.placements:training_group",
    "psccore.cli.placements:employment_group",
    "psccore.cli.placements:referral_group",
    "psccore.cli.reports:report_group",
    "psccore.cli.jobcard:jobcard_group",
    "psccore.cli.forms:form_command",
    "psccore.cli.office:office_group",
    "psccore.cli.sites:site_group",
    "psccore.cli.sites:organisation_group",
    "psccore.cli.sites:municipality_group",
    "psccore.cli.bulk:import_group",
    "psccore.cli.plugin:plugin_group",
    "psccore.cli.keys:keys_group",
    "psccore.cli.audit:audit_group",
)

GENERATED = Path(__file__).with_name("builtin.py")


def about(summary_ja: str, summary_en: str, more_ja: str = "", more_en: str = "") -> str:
    """A command's help: its one-line summary (what ``psc --help`` lists), then more."""
    return T(f"{summary_ja}。\n\n{more_ja}" if more_ja else summary_ja,
             f"{summary_en}.\n\n{more_en}" if more_en else summary_en)


def make(ref: str) -> click.Command:
    """Build the command made at ``ref`` ("module:factory")."""
    module, factory = ref.split(":")
    command: click.Command = getattr(importlib.import_module(module), factory)()
    return command


def add_commands(cli: click.Group) -> None:
    """Core's commands, which core's default plugin adds through ``psc_register_commands``."""
    for ref in COMMANDS:
        cli.add_command(make(ref))


def summary(command: click.Command) -> str:
    """The one line ``psc --help`` shows: the short help, else the help's first paragraph."""
    text = command.short_help or (command.help or "").split("\n\n")[0]
    return " ".join(text.split()).rstrip("。.")


def describe(refs: tuple[str, ...] = COMMANDS) -> dict[str, tuple[str, str, str]]:
    """Each command's name, where it is made and its summary in Japanese and English."""
    found: dict[str, dict[str, str]] = {}
    with language_scope():
        for lang in LANGS:
            set_lang(lang)
            for ref in refs:
                command = make(ref)
                assert command.name, ref
                found.setdefault(command.name, {"ref": ref})[lang] = summary(command)
    return {name: (d["ref"], d["ja"], d["en"]) for name, d in found.items()}


def generated_text() -> str:
    """The text of :mod:`psccore.cli.builtin`, from the commands as they are now."""
    rows = "".join(f"    {name!r}: ({ref!r},\n{' ' * 8}{ja!r},\n{' ' * 8}{en!r}),\n"
                   for name, (ref, ja, en) in describe().items())
    return (
        '"""Core\'s commands and their one-line help: generated from the commands by\n'
        '``python -m psccore.cli.catalog``; do not edit."""\n\n'
        "# name -> (\"module:factory\", Japanese summary, English summary)\n"
        f"BUILTIN: dict[str, tuple[str, str, str]] = {{\n{rows}}}\n"
    )


if __name__ == "__main__":
    GENERATED.write_text(generated_text(), encoding="utf-8")
    print(f"written: {GENERATED}")
