"""Logging in and out, and the first run: the first visitor creates the first account."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from aiact.inventory import accounts
from aiact.inventory.errors import Forbidden, InventoryError, NotAuthenticated
from aiact.web.deps import DB, SESSION_COOKIE, PageCaller, check_csrf, database
from aiact.web.templating import templates

router = APIRouter()


def _safe_next(url: str | None) -> str:
    return url if url and url.startswith("/") and not url.startswith("//") else "/"


def _client(request: Request) -> str:
    return request.client.host if request.client else ""


LOGIN_CSRF_COOKIE = "aiact_login_csrf"


def _form_page(request: Request, name: str, context: dict[str, object], status_code: int = 200) -> Response:
    """The login or first-run page. No session exists yet, so its CSRF token is a cookie of its
    own that the form sends back (double submit): a form posted from another site lacks it."""
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(24)
    response = templates.TemplateResponse(request, name, {**context, "login_csrf": token}, status_code=status_code)
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https", max_age=3600)
    return response


def _check_login_csrf(request: Request, sent: str) -> None:
    expected = request.cookies.get(LOGIN_CSRF_COOKIE) or ""
    if not expected or not secrets.compare_digest(sent or "", expected):
        raise Forbidden("this form has expired or did not come from aiact; reload the page and try again",
                        field="csrf_token")


def _signed_in(request: Request, token: str, next_url: str) -> Response:
    response = RedirectResponse(_safe_next(next_url), status_code=303)
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax",
                        secure=request.url.scheme == "https", max_age=accounts.SESSION_DAYS * 86400)
    return response


@router.get("/login")
def login_page(request: Request, s: DB, next: str = "/") -> Response:
    if not accounts.has_users(s):
        return RedirectResponse("/setup", status_code=303)
    return _form_page(request, "login.html", {"next": _safe_next(next)})


@router.post("/login")
def login(request: Request, email: Annotated[str, Form()], password: Annotated[str, Form()],
          next: Annotated[str, Form()] = "/", csrf_token: Annotated[str, Form()] = "") -> Response:
    _check_login_csrf(request, csrf_token)
    db = database(request)
    try:
        with db.session() as s:
            user = accounts.authenticate(s, email, password, _client(request))
            token, _ = accounts.open_session(s, user)
    except InventoryError as exc:
        if isinstance(exc, NotAuthenticated):
            with db.session() as s:
                accounts.record_failure(s, email, _client(request))
        return _form_page(request, "login.html", {"next": _safe_next(next), "error": exc.message, "email": email},
                          exc.status)
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
    return _form_page(request, "setup.html", {})


@router.post("/setup")
def setup(request: Request, email: Annotated[str, Form()], password: Annotated[str, Form()],
          organisation: Annotated[str, Form()], name: Annotated[str, Form()] = "",
          csrf_token: Annotated[str, Form()] = "") -> Response:
    """The first account of a new database, admin of its first organisation."""
    _check_login_csrf(request, csrf_token)
    try:
        with database(request).session() as s:
            if accounts.has_users(s):
                return RedirectResponse("/login", status_code=303)
            user = accounts.create_user(s, email, password, name)
            accounts.create_organisation(s, organisation, admin=user)
            token, _ = accounts.open_session(s, user)
    except InventoryError as exc:
        return _form_page(request, "setup.html", {"error": exc.message, "field": exc.field, "email": email,
                                                  "name": name, "organisation": organisation}, exc.status)
    return _signed_in(request, token, "/")


@router.get("/")
def home(s: DB, caller: PageCaller) -> Response:
    """The inventory of your first organisation."""
    if not caller.actor.roles:
        return RedirectResponse("/orgs/new", status_code=303)
    return RedirectResponse(f"/o/{min(caller.actor.roles)}/systems", status_code=303)
