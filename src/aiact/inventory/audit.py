"""The audit trail: every change appended with who, when, what before and after.

Each entry's ``hash`` is the SHA-256 of its content and the previous entry's hash, so
changing, removing or reordering any entry breaks the chain from there on; ``verify``
finds the first break (``aiact audit-log verify``). Appends are serialised: SQLite takes
one writer at a time (``BEGIN IMMEDIATE``), PostgreSQL an advisory lock held until the
transaction ends; and ``prev_hash`` is unique, so a fork cannot be stored.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from aiact.inventory.models import AuditEntry, utcnow

if TYPE_CHECKING:
    from aiact.inventory.accounts import Actor

GENESIS = "0" * 64
_LOCK = 0x41494143  # "AIAC": the advisory lock key on PostgreSQL


def _stamp(at: _dt.datetime) -> str:
    if at.tzinfo is not None:
        at = at.astimezone(_dt.UTC).replace(tzinfo=None)
    return at.isoformat(timespec="seconds")


def entry_hash(prev_hash: str, *, org_id: int | None, at: _dt.datetime, actor: str, action: str,
               entity: str, entity_id: str, before: Any, after: Any) -> str:
    body = {"prev": prev_hash, "org": org_id, "at": _stamp(at), "actor": actor, "action": action,
            "entity": entity, "id": entity_id, "before": before, "after": after}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def plain(value: Any) -> Any:
    """``value`` as JSON data (dates as ISO text), as it will read back from the database."""
    return json.loads(json.dumps(value, default=str)) if value is not None else None


def append(session: Session, *, actor: str, action: str, entity: str, entity_id: Any,
           org_id: int | None = None, actor_id: int | None = None, before: Any = None,
           after: Any = None) -> AuditEntry:
    """Add one entry to the chain, in the caller's transaction (so the change and its entry
    are saved together or not at all)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK})
    last = session.scalars(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)).first()
    prev = last or GENESIS
    at = utcnow()
    before, after = plain(before), plain(after)
    entry = AuditEntry(org_id=org_id, at=at, actor_id=actor_id, actor=actor, action=action, entity=entity,
                       entity_id=str(entity_id), before=before, after=after, prev_hash=prev)
    entry.hash = entry_hash(prev, org_id=org_id, at=at, actor=actor, action=action, entity=entity,
                            entity_id=str(entity_id), before=before, after=after)
    session.add(entry)
    session.flush()
    return entry


@dataclass
class Verification:
    entries: int
    ok: bool
    broken_at: int | None = None
    problem: str | None = None
    last_hash: str | None = None


def verify(session: Session, batch: int = 1000) -> Verification:
    """Walk the whole chain in order; stop at the first entry whose links or content do not hold."""
    prev = GENESIS
    count = 0
    last_id = 0
    while True:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.id > last_id)
                               .order_by(AuditEntry.id).limit(batch)).all()
        if not rows:
            return Verification(count, True, last_hash=prev if count else None)
        for e in rows:
            if e.prev_hash != prev:
                return Verification(count, False, e.id, "its link to the entry before does not match "
                                    "(an entry was removed, inserted or reordered)")
            expected = entry_hash(prev, org_id=e.org_id, at=e.at, actor=e.actor, action=e.action,
                                  entity=e.entity, entity_id=e.entity_id, before=e.before, after=e.after)
            if e.hash != expected:
                return Verification(count, False, e.id, "its content does not match its hash (it was changed)")
            prev = e.hash
            count += 1
            last_id = e.id
        session.expunge_all()


@dataclass
class Listing:
    items: list[AuditEntry]
    total: int
    page: int
    per_page: int


def entries(session: Session, actor: Actor, org_id: int, *, entity: str | None = None,
            entity_id: str | None = None, actor_email: str | None = None, page: int = 1,
            per_page: int = 50) -> Listing:
    """One organisation's entries, newest first, a page at a time (any member may read them).
    The chain is global; this lists only the entries of ``org_id``."""
    from aiact.inventory.errors import Invalid

    actor.require(org_id, "viewer")
    if page < 1:
        raise Invalid("pages start at 1", field="page")
    if not 1 <= per_page <= 500:
        raise Invalid("per_page must be between 1 and 500", field="per_page")
    stmt = select(AuditEntry).where(AuditEntry.org_id == org_id)
    if entity:
        stmt = stmt.where(AuditEntry.entity == entity)
    if entity_id:
        stmt = stmt.where(AuditEntry.entity_id == str(entity_id))
    if actor_email:
        stmt = stmt.where(AuditEntry.actor == actor_email.strip().lower())
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    items = list(session.scalars(stmt.order_by(AuditEntry.id.desc()).offset((page - 1) * per_page)
                                 .limit(per_page)))
    return Listing(items, total, page, per_page)


def facets(session: Session, actor: Actor, org_id: int) -> tuple[list[str], list[str]]:
    """The kinds of entity and the actors that occur in the organisation's entries (for filters)."""
    actor.require(org_id, "viewer")
    kinds = session.scalars(select(AuditEntry.entity).where(AuditEntry.org_id == org_id).distinct())
    actors = session.scalars(select(AuditEntry.actor).where(AuditEntry.org_id == org_id).distinct())
    return sorted(kinds), sorted(actors)
