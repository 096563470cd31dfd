"""Logging in and out, and the first run: the first visitor creates the first account."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from aiact.inventory import accounts
from aiact.inventory.errors import InventoryError, NotAuthenticated
from aiact.web.deps import DB, SESSION_COOKIE, PageCaller, check_csrf, database
from aiact.web.templating import templates

router = APIRouter()


def _safe_next(url: str | None) -> str:
    return url if url and url.startswith("/") and not url.startswith("//") else "/"


def _client(request: Request) -> str:
    return request.client.host if request.client else ""


def _signed_in(request: Request, token: str, next_url: str) -> Response:
    response = RedirectResponse(_safe_next(next_url), status_code=303)
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax",
                        secure=request.url.scheme == "https", max_age=accounts.SESSION_DAYS * 86400)
    return response


@router.get("/login")
def login_page(request: Request, s: DB, next: str = "/") -> Response:
    if not accounts.has_users(s):
        return RedirectResponse("/setup", status_code=303)
    return templates.TemplateResponse(request, "login.html", {"next": _safe_next(next)})


@router.post("/login")
def login(request: Request, email: Annotated[str, Form()], password: Annotated[str, Form()],
          next: Annotated[str, Form()] = "/") -> Response:
    db = database(request)
    try:
        with db.session() as s:
            user = accounts.authenticate(s, email, password, _client(request))
            token, _ = accounts.open_session(s, user)
    except InventoryError as exc:
        if isinstance(exc, NotAuthenticated):
            with db.session() as s:
                accounts.record_failure(s, email, _client(request))
        return templates.TemplateResponse(request, "login.html", {"next": _safe_next(next), "error": exc.message,
                                                                  "email": email}, status_code=exc.status)
    return _signed_in(request, token, next)


@router.post("/logout")
def logout(request: Request, s: DB, caller: PageCaller, csrf_token: Annotated[str, Form()] = "") -> Response:
    check_csrf(caller, csrf_token)
    accounts.close_session(s, request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/setup")
def setup_page(request: Request, s: DB) -> Response:
    if accounts.has_users(s):
        return RedirectResponse("/login", status_code=303)
    return templates.TemplateResponse(request, "setup.html", {})


@router.post("/setup")
def setup(request: Request, email: Annotated[str, Form()], password: Annotated[str, Form()],
          organisation: Annotated[str, Form()], name: Annotated[str, Form()] = "") -> Response:
    """The first account of a new database, admin of its first organisation."""
    try:
        with database(request).session() as s:
            if accounts.has_users(s):
                return RedirectResponse("/login", status_code=303)
            user = accounts.create_user(s, email, password, name)
            accounts.create_organisation(s, organisation, admin=user)
            token, _ = accounts.open_session(s, user)
    except InventoryError as exc:
        return templates.TemplateResponse(request, "setup.html", {"error": exc.message, "field": exc.field,
                                                                  "email": email, "name": name,
                                                                  "organisation": organisation},
                                          status_code=exc.status)
    return _signed_in(request, token, "/")


@router.get("/")
def home(s: DB, caller: PageCaller) -> Response:
    """The inventory of your first organisation."""
    if not caller.actor.roles:
        return RedirectResponse("/orgs/new", status_code=303)
    return RedirectResponse(f"/o/{min(caller.actor.roles)}/systems", status_code=303)
