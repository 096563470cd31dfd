"""What several pages share: the organisation a page is about, and a change that may be refused."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from aiact.inventory.errors import InventoryError, NotFound
from aiact.inventory.models import Organisation
from aiact.web.deps import Caller


def organisation(s: Session, caller: Caller, org_id: int, role: str = "viewer") -> Organisation:
    """The organisation, if the caller holds ``role`` in it (404 if they are not a member)."""
    caller.actor.require(org_id, role)
    org = s.get(Organisation, org_id)
    if org is None:
        raise NotFound("no such organisation", field="org_id")
    return org


def attempt(s: Session, change: Callable[[], Any]) -> InventoryError | None:
    """Run a change in a savepoint: on a refusal it is undone and the error returned, so the
    page can show it beside the form (the request's transaction goes on)."""
    try:
        with s.begin_nested():
            change()
    except InventoryError as exc:
        return exc
    return None
