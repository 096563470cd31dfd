"""The inventory's tables: organisations, people, AI systems, kept assessments, obligation
tasks, evidence files and the hash-chained audit log (SQLAlchemy 2 ORM).

The schema is created and upgraded by Alembic (``aiact/inventory/migrations``), never by
``create_all``: a database made by any release upgrades in place and keeps every row.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, deferred, mapped_column, relationship

ROLES = ("viewer", "editor", "admin")
"""Per-organisation roles, weakest first: viewers read, editors change, admins manage people."""

SYSTEM_STATUSES = ("idea", "development", "market", "retired")
"""Where a system stands: an idea, in development, on the market (or in use), retired."""

TASK_STATUSES = ("open", "in_progress", "done", "not_applicable")


def utcnow() -> _dt.datetime:
    return _dt.datetime.now(_dt.UTC).replace(microsecond=0)


class UTCDateTime(TypeDecorator[_dt.datetime]):
    """A moment in UTC, read back with its time zone on every database (SQLite forgets it)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: _dt.datetime | None, dialect: Any) -> _dt.datetime | None:
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(_dt.UTC)
        return value

    def process_result_value(self, value: _dt.datetime | None, dialect: Any) -> _dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=_dt.UTC) if value.tzinfo is None else value.astimezone(_dt.UTC)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Organisation(Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[_dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[_dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)

    memberships: Mapped[list[Membership]] = relationship(back_populates="user", lazy="selectin")


class Membership(Base):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "org_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    role: Mapped[str] = mapped_column(String(20))

    user: Mapped[User] = relationship(back_populates="memberships")
    organisation: Mapped[Organisation] = relationship(lazy="joined")


class WebSession(Base):
    """A browser session: the cookie holds a random token, the table only its SHA-256."""

    __tablename__ = "web_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[_dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[_dt.datetime] = mapped_column(UTCDateTime())


class ApiToken(Base):
    """A token for scripts, acting as its user; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[_dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    revoked_at: Mapped[_dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class LoginAttempt(Base):
    """Failed logins, kept in the database so every app process sees the same rate limit."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300), index=True)
    at: Mapped[_dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


class System(Base):
    """One AI system of an organisation, with its interview answers (an aiact profile)."""

    __tablename__ = "systems"
    __table_args__ = (
        # The inventory list: one index per sort key over the systems not deleted, so a page is
        # read in order and the count never touches the rows (the profile makes them wide); tier
        # with roles serves the filters (it replaces 0001's ix_systems_org_tier).
        *(Index(f"ix_systems_live_{'_'.join(cols)}", "org_id", *cols, sqlite_where=text("deleted_at IS NULL"),
                postgresql_where=text("deleted_at IS NULL"))
          for cols in (("name",), ("next_deadline",), ("updated_at",), ("created_at",), ("status",),
                       ("tier", "roles"))),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    owner: Mapped[str] = mapped_column(String(200), default="")
    purpose: Mapped[str] = mapped_column(Text, default="")
    vendor: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(20), default="idea")
    profile: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The interview's screens in the order they were answered ({"screen": id, "covers": [qid...]}),
    # so "back" can reopen the last one.
    interview: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # Copied from the latest assessment, so the inventory filters and sorts in SQL.
    tier: Mapped[str | None] = mapped_column(String(30), nullable=True)
    roles: Mapped[str] = mapped_column(String(200), default="")
    next_deadline: Mapped[_dt.date | None] = mapped_column(Date, nullable=True)
    assessed_at: Mapped[_dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[_dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[_dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    deleted_at: Mapped[_dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    # The version counts people's changes (each bumps it by hand); the mapper also checks it
    # on every UPDATE, so two writers racing on one row cannot both succeed.
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}


class AssessmentRecord(Base):
    """One assessment, kept: its date, law version, scenario, the answers it used, its result."""

    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    system_id: Mapped[int] = mapped_column(ForeignKey("systems.id"), index=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    created_at: Mapped[_dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    as_of: Mapped[_dt.date] = mapped_column(Date)
    law_version: Mapped[str] = mapped_column(String(100))
    scenario: Mapped[str | None] = mapped_column(String(100), nullable=True)
    category: Mapped[str] = mapped_column(String(30))
    profile: Mapped[dict[str, Any]] = mapped_column(JSON)
    result: Mapped[dict[str, Any]] = deferred(mapped_column(JSON))


class Task(Base):
    """An obligation of one system, tracked: owner, status, due date, evidence."""

    __tablename__ = "tasks"
    __table_args__ = (UniqueConstraint("system_id", "obligation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    system_id: Mapped[int] = mapped_column(ForeignKey("systems.id"), index=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    obligation_id: Mapped[str] = mapped_column(String(100))
    ref: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    owed_by: Mapped[str] = mapped_column(String(50))
    due_date: Mapped[_dt.date | None] = mapped_column(Date, nullable=True, index=True)
    owner: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(20), default="open")
    reason: Mapped[str] = mapped_column(Text, default="")
    current: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[_dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)

    # The version counts people's changes (each bumps it by hand); the mapper also checks it
    # on every UPDATE, so two writers racing on one row cannot both succeed.
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}


class Evidence(Base):
    """A file kept as evidence for a task: stored in the database, so any app process serves it."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), index=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    uploaded_at: Mapped[_dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    deleted_at: Mapped[_dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class AuditEntry(Base):
    """One change, appended: who, when, what before and after; each entry hashes the one before."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), nullable=True, index=True)
    at: Mapped[_dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    actor: Mapped[str] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(50))
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[str] = mapped_column(String(50))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hash: Mapped[str] = mapped_column(String(64), unique=True)
