"""People and access: who you are, your API tokens, an organisation's members and roles, and
the audit log (an organisation's entries, and the check of the whole chain)."""

from __future__ import annotations

import datetime as _dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from aiact.inventory import accounts, audit
from aiact.inventory.models import ApiToken, AuditEntry
from aiact.web.api.schemas import ERRORS, Id, OrganisationOut, Page, Strict
from aiact.web.deps import DB, APICaller

router = APIRouter(responses=ERRORS)

Role = Literal["viewer", "editor", "admin"]


class MeOut(BaseModel):
    id: int
    email: str
    name: str
    via: str = Field(description="How you came: session (a browser) or token (a script).")
    organisations: list[OrganisationOut]


class MemberOut(BaseModel):
    user_id: int
    email: str
    name: str
    role: str


class MemberIn(Strict):
    email: str = Field(min_length=3, max_length=254)
    role: Role
    name: str = Field("", max_length=200)
    password: str | None = Field(None, description="The initial password of a new account (at least 10 "
                                 "characters); leave it out to add an existing account.")


class RoleIn(Strict):
    role: Role


class TokenOut(BaseModel):
    id: int
    name: str
    prefix: str = Field(description="The first characters of the secret, to recognise it.")
    created_at: _dt.datetime
    revoked_at: _dt.datetime | None


class TokenIn(Strict):
    name: str = Field(min_length=1, max_length=200, description="What the token is for (a script's name).")


class NewTokenOut(TokenOut):
    secret: str = Field(description="The token itself: shown this once, never again. Send it as "
                        "'Authorization: Bearer <secret>'.")


class AuditEntryOut(BaseModel):
    id: int
    at: _dt.datetime
    actor: str
    actor_id: int | None
    action: str
    entity: str
    entity_id: str
    before: Any
    after: Any
    hash: str


class VerificationOut(BaseModel):
    entries: int = Field(description="Entries checked (and found intact) before any break.")
    ok: bool
    broken_at: int | None = Field(description="The id of the first entry that does not hold, if any.")
    problem: str | None
    last_hash: str | None


def member_out(m: accounts.Member) -> MemberOut:
    return MemberOut(user_id=m.user_id, email=m.email, name=m.name, role=m.role)


def token_out(t: ApiToken) -> TokenOut:
    return TokenOut(id=t.id, name=t.name, prefix=t.prefix, created_at=t.created_at, revoked_at=t.revoked_at)


def entry_out(e: AuditEntry) -> AuditEntryOut:
    return AuditEntryOut(id=e.id, at=e.at, actor=e.actor, actor_id=e.actor_id, action=e.action, entity=e.entity,
                         entity_id=e.entity_id, before=e.before, after=e.after, hash=e.hash)


@router.get("/me", response_model=MeOut, tags=["people"])
def me(s: DB, caller: APICaller) -> MeOut:
    """Who you are, and your role in each of your organisations."""
    orgs = [OrganisationOut(id=o.id, name=o.name, role=caller.actor.roles[o.id])
            for o in accounts.organisations(s, caller.actor)]
    return MeOut(id=caller.user.id, email=caller.user.email, name=caller.user.name, via=caller.actor.via,
                 organisations=orgs)


@router.get("/orgs/{org_id}/members", response_model=list[MemberOut], tags=["people"])
def list_members(org_id: Id, s: DB, caller: APICaller) -> list[MemberOut]:
    """The organisation's people and their roles (admins only)."""
    return [member_out(m) for m in accounts.members(s, caller.actor, org_id)]


@router.post("/orgs/{org_id}/members", response_model=MemberOut, status_code=201, tags=["people"])
def add_member(org_id: Id, body: MemberIn, s: DB, caller: APICaller) -> MemberOut:
    """Add a person (admins only): an existing account by e-mail address, or a new account with
    the initial password you give."""
    return member_out(accounts.add_member(s, caller.actor, org_id, body.email, body.role,
                                          password=body.password, name=body.name))


@router.patch("/orgs/{org_id}/members/{user_id}", response_model=MemberOut, tags=["people"])
def change_role(org_id: Id, user_id: Id, body: RoleIn, s: DB, caller: APICaller) -> MemberOut:
    """Change a member's role (admins only); the last admin keeps theirs (409)."""
    return member_out(accounts.change_role(s, caller.actor, org_id, user_id, body.role))


@router.delete("/orgs/{org_id}/members/{user_id}", status_code=204, tags=["people"])
def remove_member(org_id: Id, user_id: Id, s: DB, caller: APICaller) -> Response:
    """Take a person out of the organisation (admins only; never the last admin). The account stays."""
    accounts.remove_member(s, caller.actor, org_id, user_id)
    return Response(status_code=204)


@router.get("/tokens", response_model=list[TokenOut], tags=["people"])
def list_tokens(s: DB, caller: APICaller) -> list[TokenOut]:
    """Your API tokens, newest first (revoked ones show when)."""
    return [token_out(t) for t in accounts.tokens(s, caller.actor)]


@router.post("/tokens", response_model=NewTokenOut, status_code=201, tags=["people"])
def create_token(body: TokenIn, s: DB, caller: APICaller) -> NewTokenOut:
    """A new API token for you; its secret is in this answer only."""
    secret, tok = accounts.new_token(s, caller.actor, body.name)
    return NewTokenOut(**token_out(tok).model_dump(), secret=secret)


@router.delete("/tokens/{token_id}", status_code=204, tags=["people"])
def revoke_token(token_id: Id, s: DB, caller: APICaller) -> Response:
    """Revoke one of your tokens: it stops working at once."""
    accounts.revoke_token(s, caller.actor, token_id)
    return Response(status_code=204)


@router.get("/orgs/{org_id}/audit", response_model=Page[AuditEntryOut], tags=["audit"])
def list_audit(
    org_id: Id, s: DB, caller: APICaller,
    entity: Annotated[str | None, Query(max_length=50, description="Kind of thing: system, task, ...")] = None,
    entity_id: Annotated[str | None, Query(max_length=50)] = None,
    actor: Annotated[str | None, Query(max_length=254, description="Who: an e-mail address.")] = None,
    page: Annotated[int, Query(ge=1)] = 1,
    per_page: Annotated[int, Query(ge=1, le=500)] = 50,
) -> Page[AuditEntryOut]:
    """The organisation's audit entries, newest first, a page at a time."""
    listing = audit.entries(s, caller.actor, org_id, entity=entity, entity_id=entity_id, actor_email=actor,
                            page=page, per_page=per_page)
    return Page[AuditEntryOut](items=[entry_out(e) for e in listing.items], total=listing.total,
                               page=listing.page, per_page=listing.per_page)


@router.get("/audit/verify", response_model=VerificationOut, tags=["audit"])
def verify_audit(s: DB, caller: APICaller) -> VerificationOut:
    """Check the whole hash chain (every organisation's entries): was any entry changed,
    removed, inserted or reordered?"""
    result = audit.verify(s)
    return VerificationOut(entries=result.entries, ok=result.ok, broken_at=result.broken_at,
                           problem=result.problem, last_hash=result.last_hash)
