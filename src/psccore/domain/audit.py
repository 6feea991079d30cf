"""Audit entries, chained by hash so that an edited, deleted or reordered row shows.

An entry names who did what to which record and which fields changed; it never
holds a value. Each entry's hash covers its content and the previous hash.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
from collections.abc import Mapping
from typing import Any

import attrs

GENESIS = "0" * 64
DELETED = "deleted"  # the data digest of a row removed by psccore (an erasure)


def row_digest(table: str, row: Mapping[str, Any]) -> str:
    """A digest of a data row's whole content (its table and every column), the same
    however often it is read: values in a canonical JSON form."""
    # an empty column counts as absent: a column a migration adds (empty) leaves it as it was
    body = json.dumps([table, {k: _plain(v) for k, v in row.items() if v is not None}],
                      sort_keys=True,
                      ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(body.encode()).hexdigest()


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.isoformat(timespec="microseconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | float):
        return str(decimal.Decimal(str(value)).normalize())
    if isinstance(value, bytes):
        return value.hex()
    return value


@attrs.frozen(kw_only=True)
class AuditEntry:
    """One entry of the audit trail: who did what to which row, when (names of fields,
    never their values), chained to the entry before it by ``prev_hash`` and ``hash``."""

    seq: int
    at: dt.datetime  # UTC
    staff: str
    action: str  # create, update, delete, read, refuse, ...
    entity: str  # person, case, enrollment, staff, or a plugin's table
    entity_id: int | None = None
    person_id: int | None = None
    fields: list[str] = attrs.field(factory=list)
    prev_hash: str = GENESIS
    hash: str = ""
    # A digest of the row's content after this write (``DELETED`` once it is gone):
    # ``psc audit verify --data`` compares it with the row as it now is.
    data_digest: str | None = None

    def compute_hash(self) -> str:
        """The entry's hash: its content (and the written row's digest, if any) chained
        to ``prev_hash``."""
        at = self.at.astimezone(dt.UTC).replace(tzinfo=None).isoformat(timespec="microseconds")
        content: list[object] = [self.seq, at, self.staff, self.action, self.entity,
                                 self.entity_id, self.person_id, sorted(self.fields),
                                 self.prev_hash]
        if self.data_digest is not None:  # entries from before digests hash as they did
            content.append(self.data_digest)
        body = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(body.encode()).hexdigest()

    def sealed(self) -> AuditEntry:
        """The entry with its ``hash`` computed."""
        return attrs.evolve(self, hash=self.compute_hash())


@attrs.frozen
class RowChange:
    """A data row not as psccore last wrote it: ``changed`` (its content differs from the
    digest audited with its last write), ``unrecorded`` (no audited write made it) or
    ``removed`` (gone, though no erasure removed it). Never a value."""

    table: str
    row_id: int
    reason: str


@attrs.frozen
class ChainBreak:
    """Where ``audit verify`` found the chain broken: the entry's number and why
    (``edited``, ``missing``, ``reordered``, or ``head``: the head row disagrees)."""

    seq: int
    reason: str  # "edited", "missing", "reordered", "head"


def verify_chain(entries: list[AuditEntry], head_seq: int, head_hash: str) -> list[ChainBreak]:
    """Check entries (in ``seq`` order as stored) against each other and the head row."""
    breaks: list[ChainBreak] = []
    prev_hash, expected_seq = GENESIS, 1
    for entry in entries:
        if entry.seq != expected_seq:
            breaks.append(ChainBreak(entry.seq, "missing" if entry.seq > expected_seq
                                     else "reordered"))
        elif entry.prev_hash != prev_hash:
            breaks.append(ChainBreak(entry.seq, "reordered"))
        if entry.compute_hash() != entry.hash:
            breaks.append(ChainBreak(entry.seq, "edited"))
        prev_hash, expected_seq = entry.hash, entry.seq + 1
    if expected_seq - 1 != head_seq or prev_hash != head_hash:
        breaks.append(ChainBreak(head_seq, "head"))
    return breaks
