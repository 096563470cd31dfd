"""People and access: accounts with argon2 password hashes, browser sessions, API tokens,
per-organisation roles, and the login rate limit. Sessions, tokens and failed logins live in
the database, so any number of app processes share them."""

from __future__ import annotations

import datetime as _dt
import hashlib
import secrets
from dataclasses import dataclass, field

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from aiact.inventory import audit
from aiact.inventory.errors import Forbidden, Invalid, NotAuthenticated, NotFound, RateLimited
from aiact.inventory.models import (
    ROLES,
    ApiToken,
    LoginAttempt,
    Membership,
    Organisation,
    User,
    WebSession,
    utcnow,
)

SESSION_DAYS = 14
LOGIN_WINDOW = _dt.timedelta(minutes=15)
LOGIN_LIMIT = 5  # failed attempts per e-mail address (and per client address) in the window
MIN_PASSWORD = 10

_hasher = PasswordHasher()


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass
class Actor:
    """Who is acting: a user and their role in each organisation."""

    user_id: int
    email: str
    name: str
    roles: dict[int, str] = field(default_factory=dict)  # org id -> role
    via: str = "session"  # session | token | system

    def role(self, org_id: int) -> str | None:
        return self.roles.get(org_id)

    def require(self, org_id: int, role: str = "viewer") -> None:
        """Refuse unless the actor holds ``role`` (or a stronger one) in the organisation.
        An organisation the actor does not belong to is reported as not found."""
        held = self.roles.get(org_id)
        if held is None:
            raise NotFound("no such organisation", field="org_id")
        if ROLES.index(held) < ROLES.index(role):
            raise Forbidden(f"your role in this organisation is {held}; this needs {role}")


SYSTEM_ACTOR = Actor(0, "aiact", "aiact", via="system")


def actor_for(user: User) -> Actor:
    return Actor(user.id, user.email, user.name, {m.org_id: m.role for m in user.memberships})


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise Invalid(f"a password needs at least {MIN_PASSWORD} characters", field="password")
    return _hasher.hash(password)


def _email(email: str) -> str:
    email = (email or "").strip().lower()
    if "@" not in email or len(email) > 254 or " " in email:
        raise Invalid("not an e-mail address", field="email")
    return email


def create_user(s: Session, email: str, password: str, name: str = "", *, by: Actor = SYSTEM_ACTOR) -> User:
    email = _email(email)
    if s.scalar(select(User.id).where(User.email == email)) is not None:
        raise Invalid("an account with this e-mail address exists already", field="email")
    user = User(email=email, name=name.strip(), password_hash=hash_password(password))
    s.add(user)
    s.flush()
    audit.append(s, actor=by.email, actor_id=by.user_id or None, action="create", entity="user",
                 entity_id=user.id, after={"email": email, "name": user.name})
    return user


def create_organisation(s: Session, name: str, *, admin: User, by: Actor = SYSTEM_ACTOR) -> Organisation:
    name = (name or "").strip()
    if not name:
        raise Invalid("an organisation needs a name", field="name")
    if s.scalar(select(Organisation.id).where(Organisation.name == name)) is not None:
        raise Invalid("an organisation with this name exists already", field="name")
    org = Organisation(name=name)
    s.add(org)
    s.flush()
    audit.append(s, actor=by.email, actor_id=by.user_id or None, org_id=org.id, action="create",
                 entity="organisation", entity_id=org.id, after={"name": name})
    set_role(s, org.id, admin, "admin", by=by)
    return org


def set_role(s: Session, org_id: int, user: User, role: str | None, *, by: Actor = SYSTEM_ACTOR) -> None:
    """Give ``user`` a role in the organisation, change it, or (``None``) remove them."""
    if role is not None and role not in ROLES:
        raise Invalid(f"role must be one of {', '.join(ROLES)}", field="role")
    member = s.scalar(select(Membership).where(Membership.org_id == org_id, Membership.user_id == user.id))
    before = {"email": user.email, "role": member.role} if member else None
    if role is None:
        if member is None:
            raise NotFound("this person is not a member", field="user_id")
        s.delete(member)
    elif member is None:
        s.add(Membership(org_id=org_id, user_id=user.id, role=role))
    else:
        member.role = role
    s.flush()
    s.expire(user, ["memberships"])
    audit.append(s, actor=by.email, actor_id=by.user_id or None, org_id=org_id,
                 action="remove" if role is None else "set_role", entity="membership",
                 entity_id=user.id, before=before, after={"email": user.email, "role": role} if role else None)


def _check_rate(s: Session, keys: list[str]) -> None:
    since = utcnow() - LOGIN_WINDOW
    for key in keys:
        n = s.scalar(select(func.count()).select_from(LoginAttempt)
                     .where(LoginAttempt.key == key, LoginAttempt.at >= since)) or 0
        if n >= LOGIN_LIMIT:
            raise RateLimited(f"too many failed logins; try again in {LOGIN_WINDOW.seconds // 60} minutes")


def authenticate(s: Session, email: str, password: str, client: str = "") -> User:
    """The user with these credentials. Refuses while over the rate limit; a failure is
    recorded in its own transaction (``record_failure``), so the caller's rollback keeps it."""
    email = (email or "").strip().lower()
    keys = login_keys(email, client)
    _check_rate(s, keys)
    user = s.scalar(select(User).where(User.email == email))
    ok = False
    if user is not None and user.active:
        try:
            ok = _hasher.verify(user.password_hash, password or "")
        except (VerificationError, InvalidHashError):
            ok = False
    if not ok or user is None:
        raise NotAuthenticated("wrong e-mail address or password", field="password")
    s.execute(delete(LoginAttempt).where(LoginAttempt.key == f"email:{email}"))
    return user


def login_keys(email: str, client: str = "") -> list[str]:
    return [f"email:{(email or '').strip().lower()}"] + ([f"client:{client}"] if client else [])


def record_failure(s: Session, email: str, client: str = "") -> None:
    for key in login_keys(email, client):
        s.add(LoginAttempt(key=key))


def open_session(s: Session, user: User) -> tuple[str, WebSession]:
    """A new browser session: returns the cookie value (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    ws = WebSession(token_hash=digest(token), user_id=user.id, csrf_token=secrets.token_urlsafe(24),
                    expires_at=utcnow() + _dt.timedelta(days=SESSION_DAYS))
    s.add(ws)
    s.flush()
    return token, ws


def session_user(s: Session, token: str | None) -> tuple[User, WebSession] | None:
    if not token:
        return None
    ws = s.get(WebSession, digest(token))
    if ws is None:
        return None
    if ws.expires_at < utcnow():
        return None
    user = s.get(User, ws.user_id)
    if user is None or not user.active:
        return None
    return user, ws


def close_session(s: Session, token: str | None) -> None:
    if token:
        s.execute(delete(WebSession).where(WebSession.token_hash == digest(token)))


def create_token(s: Session, user: User, name: str) -> tuple[str, ApiToken]:
    """A new API token for ``user``: the secret is returned once and never stored."""
    secret = "aiact_" + secrets.token_urlsafe(32)
    tok = ApiToken(user_id=user.id, name=(name or "token").strip()[:200], token_hash=digest(secret),
                   prefix=secret[:12])
    s.add(tok)
    s.flush()
    audit.append(s, actor=user.email, actor_id=user.id, action="create", entity="api_token",
                 entity_id=tok.id, after={"name": tok.name, "prefix": tok.prefix})
    return secret, tok


def revoke_token(s: Session, actor: Actor, token_id: int) -> ApiToken:
    tok = s.get(ApiToken, token_id)
    if tok is None or tok.user_id != actor.user_id:
        raise NotFound("no such token", field="token_id")
    if tok.revoked_at is None:
        tok.revoked_at = utcnow()
        audit.append(s, actor=actor.email, actor_id=actor.user_id, action="revoke", entity="api_token",
                     entity_id=tok.id, before={"revoked": False}, after={"revoked": True})
    return tok


def token_user(s: Session, secret: str | None) -> User | None:
    if not secret:
        return None
    tok = s.scalar(select(ApiToken).where(ApiToken.token_hash == digest(secret)))
    if tok is None or tok.revoked_at is not None:
        return None
    user = s.get(User, tok.user_id)
    return user if user is not None and user.active else None


def has_users(s: Session) -> bool:
    return s.scalar(select(User.id).limit(1)) is not None
