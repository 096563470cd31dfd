"""The audit log: an organisation's entries (newest first, filtered, paginated) through the API
and the page, with a readable before/after; the chain check, and that a break shows."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select, update
from tests.web.conftest import login

from aiact.inventory.db import Database
from aiact.inventory.models import AuditEntry
from aiact.web.pages.admin import changes


def test_the_api_lists_only_this_organisations_entries_newest_first(person: Any) -> None:
    ada = person("ada@example.org", "Org A")
    bob = person("bob@example.org", "Org B")
    system = ada.api.post(f"/api/v1/orgs/{ada.org_id}/systems", json={"name": "Chatbot"}).json()
    ada.api.patch(f"/api/v1/systems/{system['id']}", json={"version": system["version"], "owner": "Ops"})
    bob.api.post(f"/api/v1/orgs/{bob.org_id}/systems", json={"name": "Bob's secret"})
    page = ada.api.get(f"/api/v1/orgs/{ada.org_id}/audit").json()
    ids = [e["id"] for e in page["items"]]
    assert ids == sorted(ids, reverse=True) and page["total"] == len(ids)
    assert "Bob's secret" not in str(page) and "bob@example.org" not in str(page)
    newest = page["items"][0]
    assert (newest["action"], newest["entity"], newest["entity_id"]) == ("update", "system", str(system["id"]))
    assert newest["before"]["owner"] == "" and newest["after"]["owner"] == "Ops"
    systems_only = ada.api.get(f"/api/v1/orgs/{ada.org_id}/audit", params={"entity": "system"}).json()
    assert [e["action"] for e in systems_only["items"]] == ["update", "create"]
    by_actor = ada.api.get(f"/api/v1/orgs/{ada.org_id}/audit", params={"actor": "nobody@example.org"}).json()
    assert by_actor == {"items": [], "total": 0, "page": 1, "per_page": 50}
    second = ada.api.get(f"/api/v1/orgs/{ada.org_id}/audit", params={"per_page": 1, "page": 2}).json()
    assert second["items"][0]["id"] == ids[1] and second["total"] == len(ids)
    for params, field in (({"page": 0}, "page"), ({"per_page": 1000}, "per_page"), ({"page": "x"}, "page")):
        r = ada.api.get(f"/api/v1/orgs/{ada.org_id}/audit", params=params)
        assert r.status_code == 422 and r.json()["error"]["field"] == field
    assert bob.api.get(f"/api/v1/orgs/{ada.org_id}/audit").status_code == 404


def test_verify_checks_the_whole_chain_for_any_user_and_shows_a_break(db: Database, person: Any,
                                                                      client: TestClient) -> None:
    ada = person("ada@example.org", "Org A")
    vic = person("vic@example.org", "Org A", role="viewer")
    ada.api.post(f"/api/v1/orgs/{ada.org_id}/systems", json={"name": "Tool"})
    r = vic.api.get("/api/v1/audit/verify")
    assert r.status_code == 200
    body = r.json()
    assert body["ok"] is True and body["broken_at"] is None and body["entries"] >= 5
    assert TestClient(client.app).get("/api/v1/audit/verify").status_code == 401
    login(client, "vic@example.org")
    page = client.get(f"/o/{ada.org_id}/audit", params={"verify": "true"})
    assert page.status_code == 200 and "The chain is intact" in page.text
    with db.session() as s:
        target = s.scalars(select(AuditEntry).where(AuditEntry.entity == "system")).one()
        s.execute(update(AuditEntry).where(AuditEntry.id == target.id).values(after={"name": "Forged"}))
    broken = vic.api.get("/api/v1/audit/verify").json()
    assert broken["ok"] is False and broken["broken_at"] == target.id and "changed" in broken["problem"]
    page = client.get(f"/o/{ada.org_id}/audit", params={"verify": "true"})
    assert f"BROKEN at entry {target.id}" in page.text


def test_the_page_shows_who_did_what_with_a_readable_diff_and_filters(person: Any, client: TestClient) -> None:
    ada = person("ada@example.org")
    system = ada.api.post(f"/api/v1/orgs/{ada.org_id}/systems", json={"name": "Chatbot"}).json()
    ada.api.patch(f"/api/v1/systems/{system['id']}", json={"version": system["version"], "vendor": "Acme AI"})
    login(client, "ada@example.org")
    page = client.get(f"/o/{ada.org_id}/audit")
    assert page.status_code == 200
    text = page.text
    assert "<details>" in text and "ada@example.org" in text and "<strong>update</strong> system" in text
    assert '<td class="after">Acme AI</td>' in text and "Verify the chain" in text
    only_members = client.get(f"/o/{ada.org_id}/audit", params={"entity": "membership"}).text
    assert "<strong>set_role</strong> membership" in only_members and "<strong>update</strong> system" not in only_members
    assert client.get(f"/o/{ada.org_id + 5}/audit").status_code == 404


def test_changes_lists_what_changed_and_everything_of_a_creation() -> None:
    assert changes({"owner": "", "name": "A", "version": 1}, {"owner": "Ops", "name": "A", "version": 2}) == [
        {"key": "owner", "before": "", "after": "Ops"}, {"key": "version", "before": "1", "after": "2"}]
    assert changes(None, {"name": "A"}) == [{"key": "name", "before": "—", "after": "A"}]
    assert changes({"email": "x", "role": "viewer"}, None) == [{"key": "email", "before": "x", "after": "—"},
                                                               {"key": "role", "before": "viewer", "after": "—"}]
    assert changes({"answers": {"q": True, "r": 1}}, {"answers": {"q": False, "r": 1}}) == [
        {"key": "answers.q", "before": "true", "after": "false"}]
