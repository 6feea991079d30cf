"""Audit entries, chained by hash so that an edited, deleted or reordered row shows.

An entry names who did what to which record and which fields changed; it never
holds a value. Each entry's hash covers its content and the previous hash.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import attrs

GENESIS = "0" * 64


@attrs.frozen(kw_only=True)
class AuditEntry:
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

    def compute_hash(self) -> str:
        at = self.at.astimezone(dt.UTC).replace(tzinfo=None).isoformat(timespec="microseconds")
        body = json.dumps(
            [self.seq, at, self.staff, self.action, self.entity, self.entity_id,
             self.person_id, sorted(self.fields), self.prev_hash],
            ensure_ascii=False, separators=(",", ":"),
        )
        return hashlib.sha256(body.encode()).hexdigest()

    def sealed(self) -> AuditEntry:
        return attrs.evolve(self, hash=self.compute_hash())


@attrs.frozen
class ChainBreak:
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
