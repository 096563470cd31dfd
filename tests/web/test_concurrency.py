"""Two editors save the same system at once: exactly one wins, the other is told (409, with a
message saying what to do), and neither change is lost silently. On SQLite and PostgreSQL.

First in the service layer with the moment of the race pinned (the second save arrives while the
first holds its transaction open), then over HTTP: two editors' requests fired together at a real
server (uvicorn, in this process, on the test's database), round after round.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import uvicorn
from browser import free_port
from sqlalchemy import select

from aiact.inventory import accounts, systems
from aiact.inventory.db import Database
from aiact.inventory.errors import Conflict
from aiact.inventory.models import AuditEntry, System
from aiact.web.app import create_app

PASSWORD = "correct horse battery"


def editors(db: Database) -> tuple[accounts.Actor, accounts.Actor, int, str, str]:
    """Two editors of one organisation, an admin's system to edit, and the editors' API tokens."""
    with db.session() as s:
        admin = accounts.create_user(s, "admin@example.org", PASSWORD)
        org = accounts.create_organisation(s, "Acme", admin=admin)
        tokens = []
        for email in ("eve@example.org", "ed@example.org"):
            user = accounts.create_user(s, email, PASSWORD)
            accounts.set_role(s, org.id, user, "editor")
            tokens.append(accounts.create_token(s, user, "test")[0])
        actor = accounts.actor_for(admin)
        system = systems.create_system(s, actor, org.id, {"name": "Chatbot"})
        eve = accounts.actor_for(s.scalar(select(accounts.User).where(accounts.User.email == "eve@example.org")))
        ed = accounts.actor_for(s.scalar(select(accounts.User).where(accounts.User.email == "ed@example.org")))
        return eve, ed, system.id, tokens[0], tokens[1]


def test_the_second_of_two_racing_saves_is_refused_and_the_first_is_kept(db: Database) -> None:
    eve, ed, system_id, _, _ = editors(db)
    first_saved_uncommitted = threading.Event()
    let_first_commit = threading.Event()
    outcome: dict[str, Any] = {}

    def first() -> None:
        with db.session() as s:
            systems.update_system(s, eve, system_id, {"owner": "Eve's team"}, version=1)
            first_saved_uncommitted.set()
            let_first_commit.wait(10)
        outcome["first"] = "saved"

    def second() -> None:
        try:
            with db.session() as s:
                systems.update_system(s, ed, system_id, {"vendor": "Ed's vendor"}, version=1)
            outcome["second"] = "saved"
        except Conflict as exc:
            outcome["second"] = exc

    t1 = threading.Thread(target=first)
    t1.start()
    assert first_saved_uncommitted.wait(10)
    t2 = threading.Thread(target=second)
    t2.start()
    time.sleep(0.3)  # the second save is now waiting on the first's transaction
    assert t2.is_alive(), "the second save should wait for the first, not pass it"
    let_first_commit.set()
    t1.join(10)
    t2.join(35)

    assert outcome["first"] == "saved"
    refused = outcome["second"]
    assert isinstance(refused, Conflict), refused
    assert refused.status == 409 and refused.field == "version"
    assert "someone else" in refused.message and "apply your change again" in refused.message
    with db.session() as s:
        system = s.get(System, system_id)
        assert system is not None
        assert (system.owner, system.vendor, system.version) == ("Eve's team", "", 2)
        updates = s.scalars(select(AuditEntry).where(AuditEntry.entity == "system", AuditEntry.action == "update"))
        assert [e.actor for e in updates] == ["eve@example.org"]


@pytest.fixture
def live(db: Database) -> Iterator[str]:
    """The app on the test's database, served by uvicorn on a free port (threads serve requests
    at the same time, as in production)."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


def save(together: threading.Barrier, answers: dict[str, httpx.Response], who: str, client: httpx.Client,
         url: str, body: dict[str, Any]) -> None:
    together.wait()
    answers[who] = client.patch(url, json=body)


def test_two_editors_saving_at_once_over_http_one_wins_the_other_is_told(db: Database, live: str) -> None:
    _, _, system_id, eve_token, ed_token = editors(db)
    url = f"/api/v1/systems/{system_id}"
    with httpx.Client(base_url=live, headers={"Authorization": f"Bearer {eve_token}"}, timeout=60) as eve, \
            httpx.Client(base_url=live, headers={"Authorization": f"Bearer {ed_token}"}, timeout=60) as ed:
        for round_ in range(8):
            version = eve.get(url).json()["version"]
            together = threading.Barrier(2)
            answers: dict[str, httpx.Response] = {}

            threads = [threading.Thread(target=save, args=(together, answers, who, client, url,
                                                           {"version": version, "purpose": f"{who} {round_}"}))
                       for who, client in (("eve", eve), ("ed", ed))]
            for t in threads:
                t.start()
            for t in threads:
                t.join(60)
            statuses = sorted(r.status_code for r in answers.values())
            assert statuses == [200, 409], {k: (r.status_code, r.text) for k, r in answers.items()}
            winner = next(k for k, r in answers.items() if r.status_code == 200)
            loser = answers["ed" if winner == "eve" else "eve"].json()["error"]
            assert loser["field"] == "version" and "someone else" in loser["message"]
            now = eve.get(url).json()
            assert (now["purpose"], now["version"]) == (f"{winner} {round_}", version + 1)
    with db.session() as s:
        entries = list(s.scalars(select(AuditEntry).where(AuditEntry.entity == "system",
                                                          AuditEntry.action == "update")))
        assert len(entries) == 8  # one per round: the winner's


def test_a_reader_does_not_wait_for_a_writer(db: Database) -> None:
    """While one save holds its transaction open, a page or list (a GET: a reading transaction)
    answers at once, with the state before that save."""
    eve, _, system_id, _, _ = editors(db)
    writing = threading.Event()
    done_reading = threading.Event()

    def writer() -> None:
        with db.session() as s:
            systems.update_system(s, eve, system_id, {"owner": "Eve's team"}, version=1)
            writing.set()
            done_reading.wait(10)

    t = threading.Thread(target=writer)
    t.start()
    try:
        assert writing.wait(10)
        started = time.monotonic()
        with db.session(read_only=True) as s:
            system = s.get(System, system_id)
            assert system is not None and (system.owner, system.version) == ("", 1)
        assert time.monotonic() - started < 2, "the reader waited for the writer"
    finally:
        done_reading.set()
        t.join(10)
    with db.session(read_only=True) as s:
        assert s.get(System, system_id).version == 2  # type: ignore[union-attr]
