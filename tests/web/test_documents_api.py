"""The documents API (which documents a system needs, each as a file) and reassessing an
organisation's inventory through the API."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import yaml
from sqlalchemy import func, select, update

from aiact.inventory import accounts, demo
from aiact.inventory.db import Database
from aiact.inventory.documents import pdf_available
from aiact.inventory.models import AssessmentRecord, System, User
from aiact.web.deps import SESSION_COOKIE

PROFILES = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in demo.PROFILES.glob("*.yaml")}
CV = PROFILES["retail-group-cv-ranking"]
CHAT = PROFILES["utility-faq-chat-widget"]
HOUSING = PROFILES["city-housing-allowance-eligibility"]


def add(p: Any, name: str, profile: dict[str, Any] | None, as_of: str | None = "2026-12-01") -> int:
    r = p.api.post(f"/api/v1/orgs/{p.org_id}/systems", json={"name": name, "profile": profile})
    assert r.status_code == 201, r.text
    sid: int = r.json()["id"]
    if as_of:
        assert p.api.post(f"/api/v1/systems/{sid}/assessments", json={"as_of": as_of}).status_code == 201
    return sid


def test_the_documents_a_system_needs_follow_its_latest_assessment(person: Any) -> None:
    ada = person("ada@example.org")
    sid = add(ada, "Housing allowance", HOUSING)
    latest = ada.api.get(f"/api/v1/systems/{sid}/assessments").json()[0]["id"]
    r = ada.api.get(f"/api/v1/systems/{sid}/documents")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["assessment_id"] == latest
    found = {d["kind"]: d for d in body["documents"]}
    assert list(found) == ["fria", "registration", "notices", "ai-literacy", "incident-report"]
    fria = found["fria"]
    assert fria["status"] == "required" and "Art. 27(1)" in fria["refs"] and fria["owed_by"] == ["deployer"]
    assert any(o.startswith("art27") and o.endswith("/deployer") for o in fria["obligations"])
    assert {"de", "en", "fr"} <= set(fria["languages"]) and fria["formats"][:3] == ["markdown", "html", "docx"]
    assert "json" in found["registration"]["formats"] and "json" not in fria["formats"]
    assert found["incident-report"]["status"] == "on_event"

    # before its first assessment a system needs nothing yet, and says so
    fresh = add(ada, "New", None, as_of=None)
    assert ada.api.get(f"/api/v1/systems/{fresh}/documents").json() == {
        "system_id": fresh, "assessment_id": None, "documents": []}
    r = ada.api.get(f"/api/v1/systems/{fresh}/documents/ai-literacy")
    assert r.status_code == 422 and "not been assessed" in r.json()["error"]["message"]


def test_a_document_downloads_in_each_format(person: Any) -> None:
    ada = person("ada@example.org")
    sid = add(ada, "Housing allowance", HOUSING)
    url = f"/api/v1/systems/{sid}/documents"

    md = ada.api.get(f"{url}/fria", params={"format": "markdown"})
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert md.text.startswith("# Fundamental rights impact assessment") and "Housing allowance" in md.text
    assert "[TO FILL:" in md.text

    page = ada.api.get(f"{url}/fria", params={"format": "html"})
    assert page.headers["content-type"].startswith("text/html")
    assert "<title>Fundamental rights impact assessment</title>" in page.text
    assert page.headers["content-disposition"].startswith('inline; filename="housing-allowance-fria.html"')

    word = ada.api.get(f"{url}/fria", params={"format": "docx"})
    assert word.headers["content-disposition"].startswith('attachment; filename="housing-allowance-fria.docx"')
    with zipfile.ZipFile(io.BytesIO(word.content)) as z:
        assert "word/document.xml" in z.namelist()
        assert "Fundamental rights impact assessment" in z.read("docProps/core.xml").decode()

    german = ada.api.get(f"{url}/fria", params={"format": "markdown", "language": "de"})
    assert german.status_code == 200 and "Grundrechte" in german.text
    assert 'filename="housing-allowance-fria.de.md"' in german.headers["content-disposition"]

    data = ada.api.get(f"{url}/registration", params={"format": "json"})
    assert data.status_code == 200 and data.json()["document"]["kind"] == "registration"

    if pdf_available():
        pdf = ada.api.get(f"{url}/ai-literacy", params={"format": "pdf"})
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_document_the_system_does_not_need_is_refused_with_the_reason(person: Any) -> None:
    ada = person("ada@example.org")
    sid = add(ada, "CV ranking", CV)  # a private employer deploying it: no FRIA (Art. 27(1))
    url = f"/api/v1/systems/{sid}/documents"
    r = ada.api.get(f"{url}/fria")
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["field"] == "kind"
    assert error["message"].startswith("not needed for this system: the law does not require the fundamental rights")
    assert "category high, roles deployer" in error["message"]

    r = ada.api.get(f"{url}/no-such-document")
    assert r.status_code == 404 and r.json()["error"]["field"] == "kind"
    r = ada.api.get(f"{url}/ai-literacy", params={"format": "odt"})
    assert r.status_code == 422 and r.json()["error"]["field"] == "format"
    r = ada.api.get(f"{url}/ai-literacy", params={"format": "json"})
    assert r.status_code == 422 and r.json()["error"]["field"] == "format" and "no JSON form" in r.json()["error"]["message"]
    r = ada.api.get(f"{url}/ai-literacy", params={"language": "xx"})
    assert r.status_code == 422 and r.json()["error"]["field"] == "language"


def test_documents_are_read_by_viewers_and_hidden_from_other_organisations(person: Any) -> None:
    ada = person("ada@example.org", "Org A")
    vic = person("vic@example.org", "Org A", role="viewer")
    bob = person("bob@example.org", "Org B")
    sid = add(ada, "Chat", CHAT)
    assert vic.api.get(f"/api/v1/systems/{sid}/documents").status_code == 200
    assert vic.api.get(f"/api/v1/systems/{sid}/documents/notices").status_code == 200
    for url in (f"/api/v1/systems/{sid}/documents", f"/api/v1/systems/{sid}/documents/notices",
                "/api/v1/systems/999/documents"):
        r = bob.api.get(url)
        assert r.status_code == 404 and r.json()["error"]["field"] == "system_id", url
    assert ada.api.get(f"/api/v1/systems/{sid}/documents", headers={"Authorization": "Bearer nope"}).status_code == 401


def _count(db: Database) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(AssessmentRecord)) or 0


def test_reassess_returns_exactly_the_systems_whose_outcome_changed(person: Any, db: Database) -> None:
    ada = person("ada@example.org", "Org A")
    vic = person("vic@example.org", "Org A", role="viewer")
    bob = person("bob@example.org", "Org B")
    cv, chat, housing = add(ada, "CV", CV), add(ada, "Chat", CHAT), add(ada, "Housing", HOUSING)
    other = add(bob, "Bob's", CHAT)
    before = {sid: ada.api.get(f"/api/v1/systems/{sid}/assessments").json()[0]["id"] for sid in (cv, chat, housing)}

    # nothing changed: reassessing on the same day changes no outcome
    r = ada.api.post(f"/api/v1/orgs/{ada.org_id}/reassess", json={"as_of": "2026-12-01"})
    assert r.status_code == 200, r.text
    assert r.json() == {"reassessed": 3, "changed": []}

    # the stored answers of one system change behind the app's back: only it is listed
    with db.session() as s:
        answers = dict(CV["answers"], **{"annex3_4_a.recruitment": False})
        s.execute(update(System).where(System.id == cv).values(profile={"aiact_profile": 1, "answers": answers}))
    r = ada.api.post(f"/api/v1/orgs/{ada.org_id}/reassess", json={"as_of": "2026-12-01"})
    changed = r.json()["changed"]
    assert r.json()["reassessed"] == 3 and [c["system_id"] for c in changed] == [cv]
    row = changed[0]
    assert row["before"] == "high" and row["after"] != "high" and "category" in row["changes"]
    kept = [a["id"] for a in ada.api.get(f"/api/v1/systems/{cv}/assessments").json()]
    assert row["after_assessment"] == kept[0] and row["before_assessment"] == kept[1] != before[cv]
    # the other organisation's system was not touched
    assert len(bob.api.get(f"/api/v1/systems/{other}/assessments").json()) == 1

    n = _count(db)
    r = vic.api.post(f"/api/v1/orgs/{ada.org_id}/reassess")
    assert r.status_code == 403 and "viewer" in r.json()["error"]["message"]
    assert bob.api.post(f"/api/v1/orgs/{ada.org_id}/reassess").status_code == 404
    r = ada.api.post(f"/api/v1/orgs/{ada.org_id}/reassess", json={"as_of": "someday"})
    assert r.status_code == 422 and r.json()["error"]["field"] == "as_of"
    r = ada.api.post(f"/api/v1/orgs/{ada.org_id}/reassess", json={"as_if": "2026-12-01"})
    assert r.status_code == 422
    assert _count(db) == n


def test_the_page_link_serves_the_same_file_as_the_api(client: Any, person: Any) -> None:
    ada = person("ada@example.org")
    sid = add(ada, "Chat", CHAT)
    with client.app.state.db.session() as s:
        token, _ = accounts.open_session(s, s.scalars(select(User)).one())
    client.cookies.set(SESSION_COOKIE, token)
    for kind in ("notices", "ai-literacy"):
        page = client.get(f"/systems/{sid}/documents/{kind}", params={"format": "markdown"})
        api = ada.api.get(f"/api/v1/systems/{sid}/documents/{kind}", params={"format": "markdown"})
        assert page.status_code == 200 and page.content == api.content
    refused = client.get(f"/systems/{sid}/documents/fria")
    assert refused.status_code == 422 and "not needed for this system" in refused.text
