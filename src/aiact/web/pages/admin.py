"""Pages for people and access (members and roles, new organisations, API tokens) and the
audit log. Each calls the same service function as the API."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from aiact.inventory import accounts, audit
from aiact.inventory.errors import InventoryError
from aiact.inventory.models import ROLES, Organisation
from aiact.web.deps import DB, Caller, PageCaller, check_csrf
from aiact.web.pages.common import attempt, organisation
from aiact.web.templating import templates

router = APIRouter()


# --- members --------------------------------------------------------------------------------


def _members_page(request: Request, s: Session, caller: Caller, org_id: int, *, error: InventoryError | None = None,
                  form: dict[str, str] | None = None, notice: str = "") -> Response:
    org = organisation(s, caller, org_id, "admin")
    return templates.TemplateResponse(request, "members.html", {
        "caller": caller, "org": org, "members": accounts.members(s, caller.actor, org_id), "roles": ROLES,
        "error": error, "form": form or {}, "notice": notice}, status_code=error.status if error else 200)


@router.get("/o/{org_id}/members")
def members_page(request: Request, org_id: int, s: DB, caller: PageCaller, done: str = "") -> Response:
    notices = {"added": "Added.", "role": "Role changed.", "removed": "Removed from the organisation."}
    return _members_page(request, s, caller, org_id, notice=notices.get(done, ""))


@router.post("/o/{org_id}/members")
def add_member(request: Request, org_id: int, s: DB, caller: PageCaller,
               email: Annotated[str, Form()] = "", role: Annotated[str, Form()] = "viewer",
               name: Annotated[str, Form()] = "", password: Annotated[str, Form()] = "",
               csrf_token: Annotated[str, Form()] = "") -> Response:
    check_csrf(caller, csrf_token)
    error = attempt(s, lambda: accounts.add_member(s, caller.actor, org_id, email, role,
                                                   password=password or None, name=name))
    if error:
        return _members_page(request, s, caller, org_id, error=error,
                             form={"email": email, "name": name, "role": role})
    return RedirectResponse(f"/o/{org_id}/members?done=added", status_code=303)


@router.post("/o/{org_id}/members/{user_id}/role")
def change_role(request: Request, org_id: int, user_id: int, s: DB, caller: PageCaller,
                role: Annotated[str, Form()] = "", csrf_token: Annotated[str, Form()] = "") -> Response:
    check_csrf(caller, csrf_token)
    error = attempt(s, lambda: accounts.change_role(s, caller.actor, org_id, user_id, role))
    if error:
        return _members_page(request, s, caller, org_id, error=error)
    return RedirectResponse(f"/o/{org_id}/members?done=role", status_code=303)


@router.post("/o/{org_id}/members/{user_id}/remove")
def remove_member(request: Request, org_id: int, user_id: int, s: DB, caller: PageCaller,
                  csrf_token: Annotated[str, Form()] = "") -> Response:
    check_csrf(caller, csrf_token)
    error = attempt(s, lambda: accounts.remove_member(s, caller.actor, org_id, user_id))
    if error:
        return _members_page(request, s, caller, org_id, error=error)
    if user_id == caller.user.id:  # you left: your pages in this organisation are gone
        return RedirectResponse("/", status_code=303)
    return RedirectResponse(f"/o/{org_id}/members?done=removed", status_code=303)


# --- a new organisation ---------------------------------------------------------------------


@router.get("/orgs/new")
def new_org_page(request: Request, caller: PageCaller) -> Response:
    return templates.TemplateResponse(request, "org_new.html", {"caller": caller, "org": None, "form": {}})


@router.post("/orgs/new")
def new_org(request: Request, s: DB, caller: PageCaller, name: Annotated[str, Form()] = "",
            csrf_token: Annotated[str, Form()] = "") -> Response:
    check_csrf(caller, csrf_token)
    made: list[Organisation] = []
    error = attempt(s, lambda: made.append(accounts.create_organisation(s, name, admin=caller.user,
                                                                         by=caller.actor)))
    if error or not made:
        return templates.TemplateResponse(request, "org_new.html", {
            "caller": caller, "org": None, "error": error, "form": {"name": name}},
            status_code=error.status if error else 422)
    return RedirectResponse(f"/o/{made[0].id}/systems", status_code=303)


# --- API tokens -----------------------------------------------------------------------------


def _tokens_page(request: Request, s: Session, caller: Caller, *, secret: str = "", error: InventoryError | None = None,
                 notice: str = "") -> Response:
    orgs = accounts.organisations(s, caller.actor)
    return templates.TemplateResponse(request, "tokens.html", {
        "caller": caller, "org": orgs[0] if orgs else None, "tokens": accounts.tokens(s, caller.actor),
        "secret": secret, "error": error, "notice": notice}, status_code=error.status if error else 200)


@router.get("/tokens")
def tokens_page(request: Request, s: DB, caller: PageCaller, done: str = "") -> Response:
    return _tokens_page(request, s, caller, notice="Token revoked: it no longer works." if done == "revoked" else "")


@router.post("/tokens")
def create_token(request: Request, s: DB, caller: PageCaller, name: Annotated[str, Form()] = "",
                 csrf_token: Annotated[str, Form()] = "") -> Response:
    """Shows the new token's secret in this answer only (it is never stored)."""
    check_csrf(caller, csrf_token)
    made: list[str] = []
    error = attempt(s, lambda: made.append(accounts.new_token(s, caller.actor, name)[0]))
    return _tokens_page(request, s, caller, secret=made[0] if made and not error else "", error=error)


@router.post("/tokens/{token_id}/revoke")
def revoke_token(token_id: int, s: DB, caller: PageCaller, csrf_token: Annotated[str, Form()] = "") -> Response:
    check_csrf(caller, csrf_token)
    accounts.revoke_token(s, caller.actor, token_id)
    return RedirectResponse("/tokens?done=revoked", status_code=303)


# --- the audit log --------------------------------------------------------------------------


def _show(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def changes(before: Any, after: Any) -> list[dict[str, Any]]:
    """An entry's before and after as rows a person reads: each key, what it was, what it became
    (keys that did not change are left out, unless the thing was created or removed)."""
    b = before if isinstance(before, dict) else ({} if before is None else {"value": before})
    a = after if isinstance(after, dict) else ({} if after is None else {"value": after})
    keys = list(dict.fromkeys([*b, *a]))
    whole = before is None or after is None
    rows = []
    for key in keys:
        if not whole and b.get(key) == a.get(key):
            continue
        if isinstance(b.get(key), dict) or isinstance(a.get(key), dict):
            inner_b, inner_a = b.get(key) or {}, a.get(key) or {}
            if isinstance(inner_b, dict) and isinstance(inner_a, dict):
                for sub in dict.fromkeys([*inner_b, *inner_a]):
                    if whole or inner_b.get(sub) != inner_a.get(sub):
                        rows.append({"key": f"{key}.{sub}", "before": _show(inner_b.get(sub) if before else None),
                                     "after": _show(inner_a.get(sub) if after else None)})
                continue
        rows.append({"key": key, "before": _show(b.get(key)) if before is not None else "—",
                     "after": _show(a.get(key)) if after is not None else "—"})
    return rows


@router.get("/o/{org_id}/audit")
def audit_page(request: Request, org_id: int, s: DB, caller: PageCaller, entity: str = "", actor: str = "",
               page: int = 1, verify: bool = False) -> Response:
    org = organisation(s, caller, org_id)
    checked = audit.verify(s) if verify else None  # first: it walks (and then lets go of) the whole chain
    kinds, actors = audit.facets(s, caller.actor, org_id)
    listing = audit.entries(s, caller.actor, org_id, entity=entity or None, actor_email=actor or None,
                            page=max(page, 1), per_page=50)
    entries = [{"entry": e, "changes": changes(e.before, e.after)} for e in listing.items]
    pages = max(1, -(-listing.total // listing.per_page))
    return templates.TemplateResponse(request, "audit.html", {
        "caller": caller, "org": org, "entries": entries, "listing": listing, "pages": pages, "kinds": kinds,
        "actors": actors, "entity": entity, "actor": actor, "checked": checked})
