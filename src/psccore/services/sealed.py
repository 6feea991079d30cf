"""A program's own sealed text (e.g. a note on treatment in its own table): sealed
only by staff who may write the program's sensitive data, opened only for those who may
read it, and every opening audited (field names, never values).

A sealed value is bound to its row (table, id and field): copied to another row it no
longer opens, and reads as a damaged record. A new row is sealed into once it has its id
(``Transaction.insert(..., sealed=lambda new_id: {...})``)."""

from __future__ import annotations

from collections.abc import Mapping

from psccore.crypto import Place
from psccore.domain.access import Action, FieldClass
from psccore.services import access
from psccore.services.context import Context
from psccore.services.programs import may_read, reading_check


def may_read_sensitive(ctx: Context, program: str) -> bool:
    """Whether the staff member, who must be able to read ``program``'s records, may
    also read its sensitive data (要配慮個人情報)."""
    with ctx.read() as uow:
        reading_check(uow, program)
        return may_read(uow, program, FieldClass.SENSITIVE)


def seal(ctx: Context, program: str, name: str, value: str, *, table: str,
         row_id: int) -> str:
    """``value`` encrypted, bound to ``table``'s row ``row_id`` and its field ``name``, if
    the staff member may write ``program``'s sensitive data."""
    with ctx.read() as uow:
        access.for_program(uow, program, Action.WRITE, FieldClass.SENSITIVE)
        return uow.keys().encrypt(value, Place(table, row_id, name))


def open_sealed(ctx: Context, program: str, table: str, row_id: int, person_id: int,
                sealed: Mapping[str, str]) -> dict[str, str] | None:
    """``sealed`` (``name → stored``) of ``table``'s row ``row_id`` in the clear for a
    staff member who may read the program's sensitive data, ``None`` for anyone else who
    is registered. Either way the attempt is audited: ``read`` or ``refuse``; a value
    that does not open in its row is a damaged record (audited ``damaged``)."""
    with ctx.read() as uow:
        allowed = may_read(uow, program, FieldClass.SENSITIVE)
    if sealed:
        with ctx.write() as uow:
            uow.tx.audit("read" if allowed else "refuse", table, row_id, person_id=person_id,
                         fields=sorted(sealed))
    if not allowed:
        return None
    with ctx.read() as uow:  # a damaged value is audited as the unit ends
        keys = uow.keys()
        return {name: keys.decrypt(value, Place(table, row_id, name))
                for name, value in sealed.items()}
