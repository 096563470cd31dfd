"""Fixtures for the inventory app: the same tests run on SQLite and on a real PostgreSQL server.

``db`` is parametrised over both backends; the PostgreSQL one uses a schema of its own (dropped at
the end) on the server at AIACT_TEST_POSTGRES_URL, skipped with the reason when it cannot be
reached, and failing under CI. Between tests every table is emptied, so each test starts from an
empty, migrated inventory.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from aiact.inventory import accounts
from aiact.inventory.db import Database
from aiact.inventory.models import Base, User
from aiact.web.app import create_app
from pgserver import fresh_schema

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def _quick_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap argon2 parameters for test accounts (the real ones take most of a second each)."""
    from argon2 import PasswordHasher

    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture(scope="session")
def pg_schema_url() -> Iterator[str]:
    """A fresh schema on the PostgreSQL server; yields a SQLAlchemy URL that uses it."""
    with fresh_schema("aiact_web") as url:
        yield url


@pytest.fixture(scope="session")
def _databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Database]]:
    opened: dict[str, Database] = {}
    yield opened
    for database in opened.values():
        database.dispose()


def _empty(database: Database) -> None:
    with database.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(Base.metadata.sorted_tables):
                conn.execute(table.delete())
            conn.execute(text("DELETE FROM sqlite_sequence")) if conn.execute(
                text("SELECT 1 FROM sqlite_master WHERE name='sqlite_sequence'")).first() else None


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, _databases: dict[str, Database],
       tmp_path_factory: pytest.TempPathFactory) -> Database:
    """An empty, migrated inventory database: SQLite, then PostgreSQL."""
    backend = request.param
    if backend not in _databases:
        if backend == "sqlite":
            _databases[backend] = Database(path=tmp_path_factory.mktemp("inventory") / "inventory.db")
        else:
            _databases[backend] = Database(request.getfixturevalue("pg_schema_url"))
    database = _databases[backend]
    _empty(database)
    return database


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[Database]:
    """A SQLite inventory of the test's own (for tests that need a file, e.g. the CLI)."""
    database = Database(path=tmp_path / "inventory.db")
    yield database
    database.dispose()


@pytest.fixture
def app(db: Database) -> Any:
    return create_app(db, max_upload_bytes=1024 * 1024)


@pytest.fixture
def client(app: Any) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


@dataclass
class Person:
    """A user of the inventory with an API token: ``api.get(path)`` calls the API as them."""

    user_id: int
    email: str
    token: str
    org_id: int
    api: TestClient


@pytest.fixture
def person(db: Database, app: Any) -> Any:
    """``person(email, org=None, role="admin")``: an account with a role in an organisation (created
    when new) and an API client that sends its token."""
    orgs: dict[str, int] = {}

    def make(email: str, org: str = "Org A", role: str = "admin") -> Person:
        with db.session() as s:
            user = accounts.create_user(s, email, PASSWORD, email.split("@")[0])
            if org not in orgs:
                orgs[org] = accounts.create_organisation(s, org, admin=user).id
                if role != "admin":
                    accounts.set_role(s, orgs[org], user, role)
            else:
                accounts.set_role(s, orgs[org], user, role)
            secret, _ = accounts.create_token(s, user, "tests")
            uid = user.id
        api = TestClient(app, headers={"Authorization": f"Bearer {secret}"})
        return Person(uid, email, secret, orgs[org], api)

    return make


def form_token(client: Any, page: str = "/login") -> str:
    """Open the login (or first-run) page as a browser does and return the CSRF token its form
    carries (a cookie of its own, before any session exists)."""
    client.get(page)
    token: str = client.cookies["aiact_login_csrf"]
    return token


def login(client: TestClient, email: str, password: str = PASSWORD) -> None:
    """Log the browser client in (the session cookie stays on the client)."""
    r = client.post("/login", data={"email": email, "password": password, "csrf_token": form_token(client)},
                    follow_redirects=False)
    assert r.status_code == 303, r.text


def user(db: Database, email: str) -> User:
    with db.session() as s:
        from sqlalchemy import select

        found = s.scalar(select(User).where(User.email == email))
        assert found is not None
        return found
