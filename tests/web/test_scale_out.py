"""Scale out: two ``aiact serve`` processes on one database (PostgreSQL, and one SQLite file) act as
one app. They start at once on a fresh database (one migrates, the other waits for it); a session
opened on one is good on the other (sessions live in the database), and so is its CSRF token; a
system created on one is read on the other; concurrent writes through both keep every change
(version checks across processes) and leave an audit chain that ``aiact audit-log verify`` accepts.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from browser import AppServer, aiact, database_args, start_app, wait_until_up
from sqlalchemy import func, select
from tests.web.conftest import form_token

from aiact.inventory import accounts
from aiact.inventory.db import Database
from aiact.inventory.models import AuditEntry, System, User, WebSession

PASSWORD = "correct horse battery"
ROUNDS = 20  # operations per thread


def open_database(args: list[str]) -> Database:
    return Database(path=args[1]) if args[0] == "--db" else Database(args[1])


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def two_apps(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[AppServer, AppServer, list[str]]]:
    """Two app processes started at the same moment on one fresh database."""
    with database_args(request.param, tmp_path) as args:
        a = start_app(args, tmp_path)
        b = start_app(args, tmp_path)
        try:
            wait_until_up(a)
            wait_until_up(b)
            yield a, b, args
        finally:
            a.stop()
            b.stop()


def test_two_processes_share_sessions_systems_and_one_audit_chain(
        two_apps: tuple[AppServer, AppServer, list[str]]) -> None:
    a, b, args = two_apps
    with httpx.Client(base_url=a.url) as on_a, httpx.Client(base_url=b.url) as on_b:
        # the first account, made on A; B sees that it exists
        r = on_a.post("/setup", data={"email": "ada@example.org", "password": PASSWORD, "organisation": "Acme",
                                      "csrf_token": form_token(on_a, "/setup")})
        assert r.status_code == 303, r.text
        assert on_b.get("/setup").headers["location"] == "/login"

        # log in on A; the same cookie is a session on B
        on_a.cookies.clear()
        r = on_a.post("/login", data={"email": "ada@example.org", "password": PASSWORD,
                                      "csrf_token": form_token(on_a)})
        assert r.status_code == 303, r.text
        cookie = on_a.cookies["aiact_session"]
        on_b.cookies.set("aiact_session", cookie)
        assert on_b.get("/api/v1/orgs").json() == [{"id": 1, "name": "Acme", "role": "admin"}]

        db = open_database(args)
        try:
            with db.session() as s:
                csrf = s.get(WebSession, accounts.digest(cookie)).csrf_token  # type: ignore[union-attr]
                ada = s.scalar(select(User).where(User.email == "ada@example.org"))
                assert ada is not None
                token, _ = accounts.create_token(s, ada, "scale-out test")
            csrf_header = {"X-CSRF-Token": csrf}

            # a system created on A (with the session and its CSRF token) is read, and changed, on B
            r = on_a.post("/api/v1/orgs/1/systems", json={"name": "Shared"}, headers=csrf_header)
            assert r.status_code == 201, r.text
            shared = r.json()
            seen = on_b.get(f"/api/v1/systems/{shared['id']}").json()
            assert (seen["name"], seen["version"]) == ("Shared", 1)
            r = on_b.patch(f"/api/v1/systems/{shared['id']}", json={"version": 1, "owner": "B"}, headers=csrf_header)
            assert r.status_code == 200, r.text
            stale = on_a.patch(f"/api/v1/systems/{shared['id']}", json={"version": 1, "owner": "A"},
                               headers=csrf_header)
            assert stale.status_code == 409 and stale.json()["error"]["field"] == "version"

            # two threads write at once, one through each process, with an API token
            outcome = race(a, b, token, shared["id"])
            assert outcome["errors"] == [], outcome["errors"]
            with db.session() as s:
                mine = s.scalar(select(func.count()).select_from(System).where(System.name.like("T%")))
                final = s.get(System, shared["id"])
                assert final is not None
                entries = s.scalar(select(func.count()).select_from(AuditEntry))
            assert mine == ROUNDS  # each thread created one system every other round
            # every successful change of the shared system counted, none lost: version 2 after B's
            # change above, then one more for each change that was not refused
            assert final.version == 2 + outcome["shared_saved"]
            assert outcome["shared_saved"] >= 1 and outcome["shared_saved"] + outcome["refused"] == 2 * ROUNDS

            # what one process answered "saved" is on the other at once: the transaction commits
            # before the answer goes out
            version = final.version
            for i in range(10):
                writer, reader = (on_a, on_b) if i % 2 else (on_b, on_a)
                r = writer.patch(f"/api/v1/systems/{shared['id']}", json={"version": version, "vendor": f"v{i}"},
                                 headers=csrf_header)
                assert r.status_code == 200, r.text
                version = r.json()["version"]
                assert reader.get(f"/api/v1/systems/{shared['id']}").json()["version"] == version
            with db.session() as s:
                entries = s.scalar(select(func.count()).select_from(AuditEntry))

            # logging out on A ends the session on B
            r = on_a.post("/logout", data={"csrf_token": csrf})
            assert r.status_code == 303
            assert on_b.get("/api/v1/orgs").status_code == 401
        finally:
            db.dispose()

    verified = aiact("audit-log", "verify", *args)
    assert verified.returncode == 0, verified.stderr
    assert f"audit log intact: {entries} entries" in verified.stdout


def race(a: AppServer, b: AppServer, token: str, shared_id: int) -> dict[str, Any]:
    """Thread 1 through A, thread 2 through B, at once: each creates systems, changes its own,
    and changes the shared one on the version it read (a 409 means someone was first)."""
    errors: list[str] = []
    counts = {"shared_saved": 0, "refused": 0}
    lock = threading.Lock()
    start = threading.Barrier(2)

    def work(server: AppServer, tag: str) -> None:
        with httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {token}"}, timeout=60) as c:
            start.wait()
            own: dict[str, Any] | None = None
            for i in range(ROUNDS):
                if i % 2 == 0:
                    r = c.post("/api/v1/orgs/1/systems", json={"name": f"T{tag}{i}"})
                    if r.status_code != 201:
                        errors.append(f"{tag} create: {r.status_code} {r.text}")
                        continue
                    own = r.json()
                elif own is not None:
                    r = c.patch(f"/api/v1/systems/{own['id']}", json={"version": own["version"], "owner": tag})
                    if r.status_code != 200:
                        errors.append(f"{tag} patch own: {r.status_code} {r.text}")
                current = c.get(f"/api/v1/systems/{shared_id}").json()
                r = c.patch(f"/api/v1/systems/{shared_id}", json={"version": current["version"],
                                                                   "purpose": f"{tag}{i}"})
                with lock:
                    if r.status_code == 200:
                        counts["shared_saved"] += 1
                    elif r.status_code == 409 and r.json()["error"]["field"] == "version":
                        counts["refused"] += 1
                    else:
                        errors.append(f"{tag} patch shared: {r.status_code} {r.text}")

    threads = [threading.Thread(target=work, args=(server, tag)) for server, tag in ((a, "A"), (b, "B"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"errors": errors, **counts}
