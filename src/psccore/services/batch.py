"""Many calls as one transaction (e.g. loading the demo): all of them kept, or none."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from psccore.services import access
from psccore.services.context import Context


@contextmanager
def all_or_nothing(ctx: Context) -> Iterator[None]:
    """Every write made inside joins one transaction (each call still checks its own
    access). Administrators of all programs only: it holds the whole database meanwhile."""
    with ctx.write() as uow:
        access.for_managers(uow, "database")
        yield


@contextmanager
def kept_with(ctx: Context) -> Iterator[None]:
    """The calls made inside (each checking its own access) write their rows, audit rows
    included, in one short transaction, kept only if the block ends well: an export's
    audit row exists exactly when its file was written."""
    with ctx.write() as uow:
        uow.acting()  # a registered, active staff member
        yield
