"""What every request needs: a database session (one transaction per request, rolled back if
the request fails), the person acting, and CSRF checks for browser forms."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from aiact.inventory import accounts
from aiact.inventory.accounts import Actor
from aiact.inventory.db import Database
from aiact.inventory.errors import Forbidden, NotAuthenticated
from aiact.inventory.models import User, WebSession

SESSION_COOKIE = "aiact_session"
CSRF_HEADER = "x-csrf-token"
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def database(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def db_session(request: Request) -> Iterator[Session]:
    """The request's transaction. A GET only reads (it must not change anything), so on SQLite
    it does not wait for the write lock."""
    with database(request).session(read_only=request.method in ("GET", "HEAD")) as s:
        yield s


# scope="function": the transaction commits before the response is sent, so a client told "saved"
# finds its change on any app process at once, and a failing commit is an error, not a lost change
# (the default, "request", would commit after the response has gone out).
DB = Annotated[Session, Depends(db_session, scope="function")]


@dataclass
class Caller:
    """The person behind a request, how they came (browser session or API token)."""

    user: User
    actor: Actor
    web_session: WebSession | None = None

    @property
    def csrf(self) -> str:
        return self.web_session.csrf_token if self.web_session else ""


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return None


def optional_caller(request: Request, s: DB) -> Caller | None:
    token = _bearer(request)
    if token is not None:
        user = accounts.token_user(s, token)
        if user is None:
            raise NotAuthenticated("this API token is unknown or revoked", field="authorization")
        actor = accounts.actor_for(user)
        actor.via = "token"
        return Caller(user, actor)
    found = accounts.session_user(s, request.cookies.get(SESSION_COOKIE))
    if found is None:
        return None
    user, ws = found
    return Caller(user, accounts.actor_for(user), ws)


def api_caller(request: Request, caller: Annotated[Caller | None, Depends(optional_caller)]) -> Caller:
    """An API caller: a bearer token, or a browser session that sends its CSRF token in the
    ``X-CSRF-Token`` header for every change."""
    if caller is None:
        raise NotAuthenticated("log in, or send 'Authorization: Bearer <API token>'", field="authorization")
    if caller.web_session is not None and request.method in UNSAFE:
        sent = request.headers.get(CSRF_HEADER, "")
        if not secrets.compare_digest(sent, caller.csrf):
            raise Forbidden("missing or wrong CSRF token (send the X-CSRF-Token header)", field=CSRF_HEADER)
    return caller


APICaller = Annotated[Caller, Depends(api_caller)]


class LoginRequired(Exception):
    """A page was asked for without a session: the app redirects to the login page."""

    def __init__(self, next_url: str):
        self.next_url = next_url


def page_caller(request: Request, caller: Annotated[Caller | None, Depends(optional_caller)]) -> Caller:
    if caller is None or caller.web_session is None:
        raise LoginRequired(str(request.url.path))
    return caller


PageCaller = Annotated[Caller, Depends(page_caller)]


def check_csrf(caller: Caller, sent: str | None) -> None:
    """A form's hidden ``csrf_token`` must match the session's."""
    if not secrets.compare_digest(sent or "", caller.csrf):
        raise Forbidden("this form has expired or did not come from aiact; reload the page and try again",
                        field="csrf_token")
