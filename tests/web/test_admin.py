"""People and access: members and roles (admins only, never without an admin), new
organisations, API tokens, /me; through the API and the pages."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from tests.web.conftest import PASSWORD, login

from aiact.inventory.db import Database
from aiact.inventory.models import ApiToken, AuditEntry, Membership, User


def _counts(db: Database) -> tuple[int, int, int, int]:
    with db.session() as s:
        return tuple(s.scalar(select(func.count()).select_from(t)) or 0  # type: ignore[return-value]
                     for t in (User, Membership, ApiToken, AuditEntry))


def test_me_names_the_caller_and_their_organisations(person: Any) -> None:
    ada = person("ada@example.org", "Org A")
    r = ada.api.get("/api/v1/me")
    assert r.status_code == 200
    assert r.json() == {"id": ada.user_id, "email": "ada@example.org", "name": "ada", "via": "token",
                        "organisations": [{"id": ada.org_id, "name": "Org A", "role": "admin"}]}
    assert TestClient(ada.api.app).get("/api/v1/me").status_code == 401


def test_an_admin_adds_a_new_person_who_can_then_log_in(db: Database, person: Any, client: TestClient) -> None:
    ada = person("ada@example.org")
    r = ada.api.post(f"/api/v1/orgs/{ada.org_id}/members",
                     json={"email": "New.Person@Example.org", "role": "editor", "name": "New Person",
                           "password": "a long initial pw"})
    assert r.status_code == 201, r.text
    assert r.json()["email"] == "new.person@example.org" and r.json()["role"] == "editor"
    listed = ada.api.get(f"/api/v1/orgs/{ada.org_id}/members").json()
    assert [(m["email"], m["role"]) for m in listed] == [("ada@example.org", "admin"),
                                                         ("new.person@example.org", "editor")]
    login(client, "new.person@example.org", "a long initial pw")
    assert client.get("/api/v1/me").json()["organisations"][0]["role"] == "editor"
    with db.session() as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.entity.in_(("user", "membership")))
                            .order_by(AuditEntry.id.desc()).limit(2)).all()
        assert {(e.entity, e.action, e.actor) for e in entries} == {("user", "create", "ada@example.org"),
                                                                   ("membership", "set_role", "ada@example.org")}


def test_an_existing_account_is_added_by_its_address(person: Any) -> None:
    ada = person("ada@example.org", "Org A")
    bob = person("bob@example.org", "Org B")
    r = ada.api.post(f"/api/v1/orgs/{ada.org_id}/members", json={"email": "bob@example.org", "role": "viewer"})
    assert r.status_code == 201 and r.json()["user_id"] == bob.user_id
    orgs = {o["name"]: o["role"] for o in bob.api.get("/api/v1/me").json()["organisations"]}
    assert orgs == {"Org A": "viewer", "Org B": "admin"}
    again = ada.api.post(f"/api/v1/orgs/{ada.org_id}/members", json={"email": "bob@example.org", "role": "admin"})
    assert again.status_code == 422 and again.json()["error"]["field"] == "email"
    assert "member already" in again.json()["error"]["message"]


def test_bad_member_input_is_refused_and_nothing_changes(db: Database, person: Any) -> None:
    ada = person("ada@example.org")
    url = f"/api/v1/orgs/{ada.org_id}/members"
    before = _counts(db)
    cases = [
        ({"email": "x@example.org", "role": "editor"}, "password", "give an initial password"),
        ({"email": "x@example.org", "role": "editor", "password": "short"}, "password", "at least 10"),
        ({"email": "not-an-address", "role": "editor", "password": "long enough pw"}, "email", "e-mail"),
        ({"email": "x@example.org", "role": "owner", "password": "long enough pw"}, "role", ""),
        ({"email": "x@example.org"}, "role", ""),
        ({"email": 7, "role": "viewer"}, "email", ""),
        ({"email": "x@example.org", "role": "viewer", "extra": 1}, "extra", ""),
    ]
    for body, field, words in cases:
        r = ada.api.post(url, json=body)
        assert r.status_code == 422, (body, r.text)
        assert r.json()["error"]["field"] == field, (body, r.json())
        assert words in r.json()["error"]["message"]
    assert _counts(db) == before


def test_only_admins_manage_members(person: Any) -> None:
    ada = person("ada@example.org")
    eve = person("eve@example.org", role="editor")
    vic = person("vic@example.org", role="viewer")
    for who in (eve, vic):
        assert who.api.get(f"/api/v1/orgs/{ada.org_id}/members").status_code == 403
        r = who.api.post(f"/api/v1/orgs/{ada.org_id}/members", json={"email": "z@example.org", "role": "admin",
                                                                      "password": "long enough pw"})
        assert r.status_code == 403 and "needs admin" in r.json()["error"]["message"]
        r = who.api.patch(f"/api/v1/orgs/{ada.org_id}/members/{who.user_id}", json={"role": "admin"})
        assert r.status_code == 403
        assert who.api.delete(f"/api/v1/orgs/{ada.org_id}/members/{ada.user_id}").status_code == 403
    roles = {m["email"]: m["role"] for m in ada.api.get(f"/api/v1/orgs/{ada.org_id}/members").json()}
    assert roles == {"ada@example.org": "admin", "eve@example.org": "editor", "vic@example.org": "viewer"}


def test_another_organisation_is_not_found(person: Any) -> None:
    ada = person("ada@example.org", "Org A")
    bob = person("bob@example.org", "Org B")
    for r in (bob.api.get(f"/api/v1/orgs/{ada.org_id}/members"),
              bob.api.patch(f"/api/v1/orgs/{ada.org_id}/members/{ada.user_id}", json={"role": "viewer"}),
              bob.api.delete(f"/api/v1/orgs/{ada.org_id}/members/{ada.user_id}"),
              bob.api.get(f"/api/v1/orgs/{ada.org_id}/audit")):
        assert r.status_code == 404 and r.json()["error"]["field"] == "org_id"
    # and a member of another organisation cannot be changed through one's own
    r = ada.api.patch(f"/api/v1/orgs/{ada.org_id}/members/{bob.user_id}", json={"role": "viewer"})
    assert r.status_code == 404 and r.json()["error"]["field"] == "user_id"


def test_roles_change_and_the_last_admin_is_kept(db: Database, person: Any) -> None:
    ada = person("ada@example.org")
    eve = person("eve@example.org", role="editor")
    url = f"/api/v1/orgs/{ada.org_id}/members"
    r = ada.api.patch(f"{url}/{ada.user_id}", json={"role": "editor"})
    assert r.status_code == 409 and r.json()["error"]["field"] == "role"
    assert "at least one admin" in r.json()["error"]["message"]
    r = ada.api.delete(f"{url}/{ada.user_id}")
    assert r.status_code == 409 and "at least one admin" in r.json()["error"]["message"]
    assert ada.api.patch(f"{url}/{eve.user_id}", json={"role": "admin"}).json()["role"] == "admin"
    # now there are two admins: ada may step down, and eve may then remove her
    assert ada.api.patch(f"{url}/{ada.user_id}", json={"role": "viewer"}).status_code == 200
    assert eve.api.delete(f"{url}/{ada.user_id}").status_code == 204
    assert ada.api.get(f"/api/v1/orgs/{ada.org_id}/systems").status_code == 404  # she is out
    assert [m["email"] for m in eve.api.get(url).json()] == ["eve@example.org"]
    assert eve.api.patch(f"{url}/999", json={"role": "viewer"}).status_code == 404
    assert eve.api.patch(f"{url}/{eve.user_id}", json={"role": 3}).status_code == 422
    with db.session() as s:
        removed = s.scalars(select(AuditEntry).where(AuditEntry.action == "remove")).one()
        assert removed.before == {"email": "ada@example.org", "role": "viewer"} and removed.after is None


def test_tokens_are_listed_created_once_and_revoked(person: Any) -> None:
    ada = person("ada@example.org")
    r = ada.api.post("/api/v1/tokens", json={"name": "nightly export"})
    assert r.status_code == 201
    made = r.json()
    assert made["secret"].startswith(made["prefix"]) and made["revoked_at"] is None
    listed = ada.api.get("/api/v1/tokens").json()
    assert [t["name"] for t in listed] == ["nightly export", "tests"]
    assert all("secret" not in t for t in listed)
    script = TestClient(ada.api.app, headers={"Authorization": f"Bearer {made['secret']}"})
    assert script.get("/api/v1/me").json()["email"] == "ada@example.org"
    assert ada.api.delete(f"/api/v1/tokens/{made['id']}").status_code == 204
    r = script.get("/api/v1/me")
    assert r.status_code == 401 and "revoked" in r.json()["error"]["message"]
    assert ada.api.get("/api/v1/tokens").json()[0]["revoked_at"] is not None
    assert ada.api.post("/api/v1/tokens", json={"name": ""}).json()["error"]["field"] == "name"
    assert ada.api.post("/api/v1/tokens", json={}).status_code == 422


def test_a_token_of_someone_else_cannot_be_revoked(person: Any) -> None:
    ada = person("ada@example.org", "Org A")
    bob = person("bob@example.org", "Org B")
    bobs = bob.api.get("/api/v1/tokens").json()[0]["id"]
    r = ada.api.delete(f"/api/v1/tokens/{bobs}")
    assert r.status_code == 404 and r.json()["error"]["field"] == "token_id"
    assert bob.api.get("/api/v1/me").status_code == 200
    assert ada.api.delete("/api/v1/tokens/abc").status_code == 422


# --- the pages ------------------------------------------------------------------------------


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, html
    return found.group(1)


def test_the_members_page_adds_changes_and_refuses_with_a_message(db: Database, person: Any,
                                                                  client: TestClient) -> None:
    ada = person("ada@example.org")
    login(client, "ada@example.org")
    page = client.get(f"/o/{ada.org_id}/members")
    assert page.status_code == 200 and "ada@example.org" in page.text and "Add a person" in page.text
    token = _csrf(page.text)
    r = client.post(f"/o/{ada.org_id}/members", data={"email": "kim@example.org", "role": "viewer",
                                                      "password": "a long initial pw", "csrf_token": token},
                    follow_redirects=False)
    assert r.status_code == 303
    assert "kim@example.org" in client.get(r.headers["location"]).text
    r = client.post(f"/o/{ada.org_id}/members", data={"email": "lee@example.org", "role": "viewer",
                                                      "password": "short", "csrf_token": token})
    assert r.status_code == 422 and "at least 10 characters" in r.text and 'value="lee@example.org"' in r.text
    r = client.post(f"/o/{ada.org_id}/members/{ada.user_id}/role", data={"role": "viewer", "csrf_token": token})
    assert r.status_code == 409 and "at least one admin" in r.text
    r = client.post(f"/o/{ada.org_id}/members", data={"email": "x@example.org", "role": "viewer",
                                                      "password": "a long initial pw", "csrf_token": "forged"})
    assert r.status_code == 403
    with db.session() as s:
        assert s.scalar(select(User.id).where(User.email.in_(("lee@example.org", "x@example.org")))) is None
        kim = s.scalar(select(User).where(User.email == "kim@example.org"))
        assert kim is not None
        kim_id = kim.id
    r = client.post(f"/o/{ada.org_id}/members/{kim_id}/role", data={"role": "editor", "csrf_token": token},
                    follow_redirects=False)
    assert r.status_code == 303
    r = client.post(f"/o/{ada.org_id}/members/{kim_id}/remove", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303 and "kim@example.org" not in client.get(f"/o/{ada.org_id}/members").text


def test_the_members_page_is_for_admins_only(person: Any, client: TestClient) -> None:
    ada = person("ada@example.org")
    person("eve@example.org", role="editor")
    login(client, "eve@example.org")
    assert client.get(f"/o/{ada.org_id}/members").status_code == 403
    assert client.get(f"/o/{ada.org_id + 1}/members").status_code == 404
    anonymous = TestClient(client.app)
    assert anonymous.get(f"/o/{ada.org_id}/members", follow_redirects=False).headers["location"].startswith("/login")


def test_a_new_organisation_makes_its_creator_admin(person: Any, client: TestClient) -> None:
    person("ada@example.org", "Org A")
    login(client, "ada@example.org")
    page = client.get("/orgs/new")
    token = _csrf(page.text)
    r = client.post("/orgs/new", data={"name": "Org A", "csrf_token": token})
    assert r.status_code == 422 and "exists already" in r.text
    r = client.post("/orgs/new", data={"name": "Client Co", "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    orgs = {o["name"]: o["role"] for o in client.get("/api/v1/me").json()["organisations"]}
    assert orgs == {"Org A": "admin", "Client Co": "admin"}


def test_the_tokens_page_shows_a_new_secret_once_and_revokes(person: Any, client: TestClient) -> None:
    person("ada@example.org")
    login(client, "ada@example.org")
    page = client.get("/tokens")
    token = _csrf(page.text)
    r = client.post("/tokens", data={"name": "ci", "csrf_token": token})
    secret = re.search(r'value="(aiact_[^"]+)"', r.text)
    assert r.status_code == 200 and secret and "shown this once" in r.text
    assert secret.group(1) not in client.get("/tokens").text
    script = TestClient(client.app, headers={"Authorization": f"Bearer {secret.group(1)}"})
    assert script.get("/api/v1/me").status_code == 200
    newest = client.get("/api/v1/tokens").json()[0]
    r = client.post(f"/tokens/{newest['id']}/revoke", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    assert script.get("/api/v1/me").status_code == 401
    assert "revoked" in client.get("/tokens").text
    assert PASSWORD  # the fixtures' password is the one logged in with
