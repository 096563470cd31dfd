"""The inventory's base: first run, login, systems through the API, kept assessments, audit chain."""

from __future__ import annotations

from typing import Any

import yaml
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from tests.web.conftest import form_token

from aiact.inventory import audit, demo
from aiact.inventory.db import Database
from aiact.inventory.models import AuditEntry

CV_PROFILE = yaml.safe_load((demo.PROFILES / "retail-group-cv-ranking.yaml").read_text(encoding="utf-8"))


def test_first_run_creates_the_first_account_and_then_only_logs_in(client: TestClient) -> None:
    assert client.get("/", follow_redirects=False).headers["location"].startswith("/login")
    assert client.get("/login", follow_redirects=False).headers["location"] == "/setup"
    token = form_token(client, "/setup")
    r = client.post("/setup", data={"email": "ada@example.org", "password": "short", "organisation": "Acme",
                                    "csrf_token": token})
    assert r.status_code == 422 and "at least 10 characters" in r.text
    forged = client.post("/setup", data={"email": "eve@example.org", "password": "long enough pw",
                                         "organisation": "Eve", "csrf_token": "forged"})
    assert forged.status_code == 403 and "did not come from aiact" in forged.text
    r = client.post("/setup", data={"email": "ada@example.org", "password": "long enough pw", "csrf_token": token,
                                    "organisation": "Acme"}, follow_redirects=False)
    assert r.status_code == 303
    assert client.get("/api/v1/orgs").json() == [{"id": 1, "name": "Acme", "role": "admin"}]
    # a second visitor cannot take over the first-run page
    other = TestClient(client.app)
    assert other.get("/setup", follow_redirects=False).headers["location"] == "/login"


def test_login_is_rate_limited_and_wrong_passwords_are_refused(client: TestClient, person: Any) -> None:
    person("ada@example.org")
    for _ in range(5):
        r = client.post("/login", data={"email": "ada@example.org", "password": "wrong password",
                                        "csrf_token": form_token(client)})
        assert r.status_code == 401 and "wrong e-mail address or password" in r.text
    r = client.post("/login", data={"email": "ada@example.org", "password": "correct horse battery",
                                    "csrf_token": form_token(client)})
    assert r.status_code == 429 and "too many failed logins" in r.text


def test_a_system_is_assessed_and_every_assessment_is_kept(person: Any) -> None:
    ada = person("ada@example.org")
    r = ada.api.post(f"/api/v1/orgs/{ada.org_id}/systems", json={"name": "CV ranking", "profile": CV_PROFILE})
    assert r.status_code == 201, r.text
    system = r.json()
    first = ada.api.post(f"/api/v1/systems/{system['id']}/assessments", json={"as_of": "2026-12-01"}).json()
    assert first["category"] == "high" and first["result"]["high_risk_bases"] == ["Annex III 4(a)"]
    changed = dict(CV_PROFILE["answers"], **{"annex3_4_a.recruitment": False, "annex3_4_b.work_relationship": False})
    r = ada.api.put(f"/api/v1/systems/{system['id']}/profile",
                    json={"version": system["version"], "profile": {"answers": changed}})
    assert r.status_code == 200, r.text
    second = ada.api.post(f"/api/v1/systems/{system['id']}/assessments", json={"as_of": "2026-12-01"}).json()
    assert second["category"] != "high"
    kept = ada.api.get(f"/api/v1/systems/{system['id']}/assessments").json()
    assert [a["id"] for a in kept] == [second["id"], first["id"]]
    diff = ada.api.get(f"/api/v1/assessments/{first['id']}/diff/{second['id']}").json()
    assert diff["outcome_changed"] is True
    assert {"field": "annex3_4_a.recruitment", "before": True, "after": False} in diff["answers"]
    assert any(c["field"] == "category" and c["before"] == "high" for c in diff["outcome"])


def test_an_edit_on_a_stale_version_is_refused_not_lost(person: Any) -> None:
    ada = person("ada@example.org")
    system = ada.api.post(f"/api/v1/orgs/{ada.org_id}/systems", json={"name": "Chatbot"}).json()
    ok = ada.api.patch(f"/api/v1/systems/{system['id']}", json={"version": system["version"], "owner": "Ops"})
    assert ok.status_code == 200 and ok.json()["version"] == system["version"] + 1
    stale = ada.api.patch(f"/api/v1/systems/{system['id']}", json={"version": system["version"], "vendor": "X"})
    assert stale.status_code == 409
    assert stale.json()["error"]["field"] == "version"
    assert ada.api.get(f"/api/v1/systems/{system['id']}").json()["owner"] == "Ops"


def test_other_organisations_cannot_see_a_system(person: Any) -> None:
    ada = person("ada@example.org", "Org A")
    bob = person("bob@example.org", "Org B")
    system = ada.api.post(f"/api/v1/orgs/{ada.org_id}/systems", json={"name": "Secret"}).json()
    assert bob.api.get(f"/api/v1/systems/{system['id']}").status_code == 404
    assert bob.api.get(f"/api/v1/orgs/{ada.org_id}/systems").status_code == 404


def test_a_viewer_reads_but_cannot_change(person: Any) -> None:
    ada = person("ada@example.org", "Org A")
    vic = person("vic@example.org", "Org A", role="viewer")
    system = ada.api.post(f"/api/v1/orgs/{ada.org_id}/systems", json={"name": "Tool"}).json()
    assert vic.api.get(f"/api/v1/systems/{system['id']}").status_code == 200
    r = vic.api.patch(f"/api/v1/systems/{system['id']}", json={"version": system["version"], "owner": "me"})
    assert r.status_code == 403 and "viewer" in r.json()["error"]["message"]


def test_the_audit_chain_verifies_and_detects_a_changed_entry(db: Database, person: Any) -> None:
    ada = person("ada@example.org")
    ada.api.post(f"/api/v1/orgs/{ada.org_id}/systems", json={"name": "Tool"})
    with db.session() as s:
        result = audit.verify(s)
        assert result.ok and result.entries >= 4
        target = s.scalars(select(AuditEntry).where(AuditEntry.entity == "system")).one()
        s.execute(update(AuditEntry).where(AuditEntry.id == target.id).values(actor="mallory@example.org"))
    with db.session() as s:
        broken = audit.verify(s)
        assert not broken.ok and broken.broken_at == target.id and "changed" in (broken.problem or "")


def test_search_matches_the_text_as_typed(person: Any) -> None:
    ada = person("ada@example.org")
    for name in ("Scoring 100% of applicants", "Chat_bot", "Forecast"):
        assert ada.api.post(f"/api/v1/orgs/{ada.org_id}/systems", json={"name": name}).status_code == 201

    def found(q: str) -> list[str]:
        return [x["name"] for x in ada.api.get(f"/api/v1/orgs/{ada.org_id}/systems", params={"q": q}).json()["items"]]

    assert found("100%") == ["Scoring 100% of applicants"]
    assert found("%") == ["Scoring 100% of applicants"]  # not a wildcard
    assert found("_") == ["Chat_bot"]
    assert found("CHAT") == ["Chat_bot"]
