"""The inventory's pages: the list (search, filters, sort, pages), create and edit with conflict
detection, the system page, soft delete, the diff of two assessments, and reassessing."""

from __future__ import annotations

import html
import re
from typing import Any

import yaml
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from aiact.engine.load import load_law
from aiact.inventory import accounts, demo
from aiact.inventory.db import Database
from aiact.inventory.models import AssessmentRecord, AuditEntry, System, User
from aiact.web.deps import SESSION_COOKIE

PROFILES = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in demo.PROFILES.glob("*.yaml")}
CV = PROFILES["retail-group-cv-ranking"]
CHAT = PROFILES["utility-faq-chat-widget"]
RECRUITMENT = "annex3_4_a.recruitment"


def browser(client: TestClient, email: str) -> TestClient:
    """A browser of its own (own cookie jar) with a session of ``email`` (opened directly: logging in
    is tested in test_foundation, and each password check costs a deliberate half second)."""
    db: Database = client.app.state.db  # type: ignore[attr-defined]
    with db.session() as s:
        user = s.scalars(select(User).where(User.email == email)).one()
        token, _ = accounts.open_session(s, user)
    b = TestClient(client.app)
    b.cookies.set(SESSION_COOKIE, token)
    return b


def csrf(b: TestClient, url: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', b.get(url).text)
    assert found, f"no form on {url}"
    return found.group(1)


def rows(page: str) -> list[str]:
    """The system names of the inventory table, in order."""
    return [html.unescape(n) for n in re.findall(r'<td><a href="/systems/\d+">([^<]+)</a></td>', page)]


def add(p: Any, name: str, profile: dict[str, Any] | None = None, assess: str | None = None, **values: str) -> int:
    r = p.api.post(f"/api/v1/orgs/{p.org_id}/systems", json={"name": name, "profile": profile, **values})
    assert r.status_code == 201, r.text
    sid: int = r.json()["id"]
    if assess:
        assert p.api.post(f"/api/v1/systems/{sid}/assessments", json={"as_of": assess}).status_code == 201
    return sid


def system_row(db: Database, sid: int) -> System:
    with db.session() as s:
        found = s.get(System, sid)
        assert found is not None
        return found


def test_the_inventory_searches_filters_sorts_and_pages(client: TestClient, person: Any) -> None:
    ada = person("ada@example.org")
    add(ada, "CV ranking", CV, "2026-12-01", owner="HR", vendor="TalentRank", status="development")
    add(ada, "FAQ chat", CHAT, "2026-12-01", owner="Customer service", vendor="own", status="market")
    for i, owner in enumerate(["Zed", "Amy", "Kim"]):
        add(ada, f"Idea {i}", owner=owner, purpose="spreadsheet cleanup")
    b = browser(client, "ada@example.org")
    base = f"/o/{ada.org_id}/systems"

    page = b.get(base).text
    assert rows(page) == ["CV ranking", "FAQ chat", "Idea 0", "Idea 1", "Idea 2"]
    assert '<span class="tier tier-high">high-risk</span>' in page and "Systems 1–5 of 5" in page
    assert f'href="/o/{ada.org_id}/systems/new"' in page  # admins add systems

    assert rows(b.get(base, params={"q": "CHAT"}).text) == ["FAQ chat"]
    assert rows(b.get(base, params={"q": "cleanup"}).text) == ["Idea 0", "Idea 1", "Idea 2"]
    assert rows(b.get(base, params={"tier": "high"}).text) == ["CV ranking"]
    assert rows(b.get(base, params={"role": "provider"}).text) == ["FAQ chat"]
    assert rows(b.get(base, params={"status": "market"}).text) == ["FAQ chat"]
    assert rows(b.get(base, params={"deadline_before": "2029-01-01", "tier": ""}).text) == ["CV ranking"]
    empty = b.get(base, params={"q": "nothing like this"}).text
    assert rows(empty) == [] and "No system matches these filters" in empty

    by_owner = b.get(base, params={"sort": "owner", "desc": "1"}).text
    assert rows(by_owner) == ["Idea 0", "Idea 2", "CV ranking", "FAQ chat", "Idea 1"]  # Zed Kim HR Customer Amy
    assert 'aria-sort="descending"' in by_owner
    # the active column's header flips the order; the others sort ascending
    assert f'href="{base}?sort=owner"' in by_owner and f'href="{base}?sort=tier&amp;desc=1"' not in by_owner

    second = b.get(base, params={"per_page": "2", "page": "2", "sort": "name"}).text
    assert rows(second) == ["Idea 0", "Idea 1"] and "Page 2 of 3" in second and "Systems 3–4 of 5" in second
    assert f'href="{base}?per_page=2&amp;page=3"' in second and f'href="{base}?per_page=2&amp;page=1"' in second

    bad = b.get(base, params={"deadline_before": "soon"})
    assert bad.status_code == 422 and "not a date" in bad.text


def test_a_system_is_created_on_the_page_and_leads_to_the_interview(client: TestClient, person: Any,
                                                                   db: Database) -> None:
    ada = person("ada@example.org")
    b = browser(client, "ada@example.org")
    token = csrf(b, f"/o/{ada.org_id}/systems/new")
    bad = b.post(f"/o/{ada.org_id}/systems/new", data={"csrf_token": token, "name": "  ", "owner": "HR"})
    assert bad.status_code == 422 and "a system needs a name" in bad.text and 'value="HR"' in bad.text
    assert ada.api.get(f"/api/v1/orgs/{ada.org_id}/systems").json()["total"] == 0

    r = b.post(f"/o/{ada.org_id}/systems/new", follow_redirects=False, data={
        "csrf_token": token, "name": "Shift planner", "owner": "Ops", "purpose": "Plans shifts", "vendor": "Acme",
        "status": "market"})
    assert r.status_code == 303
    sid = int(re.fullmatch(r"/systems/(\d+)\?notice=created", r.headers["location"]).group(1))  # type: ignore[union-attr]
    page = b.get(r.headers["location"]).text
    assert "Shift planner" in page and f'href="/systems/{sid}/interview"' in page and "Start the interview" in page
    assert "Not assessed yet" in page
    system = system_row(db, sid)
    assert (system.owner, system.vendor, system.status, system.version) == ("Ops", "Acme", "market", 1)
    no_csrf = b.post(f"/o/{ada.org_id}/systems/new", data={"name": "Sneaky"})
    assert no_csrf.status_code == 403
    assert ada.api.get(f"/api/v1/orgs/{ada.org_id}/systems").json()["total"] == 1


def test_two_editors_the_second_save_gets_the_conflict_and_the_first_change_is_kept(
        client: TestClient, person: Any, db: Database) -> None:
    ada = person("ada@example.org")
    person("bob@example.org", role="editor")
    sid = add(ada, "Chatbot", owner="Support", vendor="Bots Inc")
    a, b = browser(client, "ada@example.org"), browser(client, "bob@example.org")

    def form(who: TestClient) -> dict[str, str]:
        page = who.get(f"/systems/{sid}/edit").text
        fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', page))
        fields.update(name="Chatbot", owner="Support", purpose="", vendor="Bots Inc", status="idea")
        return fields

    ada_form, bob_form = form(a), form(b)
    assert ada_form["version"] == "1" and ada_form["orig_owner"] == "Support"
    r = a.post(f"/systems/{sid}/edit", data=dict(ada_form, owner="Operations"), follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/systems/{sid}?notice=saved"

    clash = b.post(f"/systems/{sid}/edit", data=dict(bob_form, vendor="Chat Co"))
    assert clash.status_code == 409
    assert "Someone else saved this system" in clash.text and "ada@example.org" in clash.text
    assert "<mark>Operations</mark>" in clash.text  # what they changed
    assert "<mark>Chat Co</mark>" in clash.text  # what you changed, not saved
    system = system_row(db, sid)
    assert (system.owner, system.vendor, system.version) == ("Operations", "Bots Inc", 2)

    # the conflict page's form holds Bob's values on Ada's version: saving it is a deliberate choice
    again = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', clash.text))
    assert again["version"] == "2" and again["orig_owner"] == "Operations"
    r = b.post(f"/systems/{sid}/edit", data=dict(again, name="Chatbot", owner="Operations", purpose="",
                                                 vendor="Chat Co", status="idea"), follow_redirects=False)
    assert r.status_code == 303
    system = system_row(db, sid)
    assert (system.owner, system.vendor, system.version) == ("Operations", "Chat Co", 3)


def test_the_system_page_shows_outcome_history_obligations_documents_and_answers(
        client: TestClient, person: Any) -> None:
    ada = person("ada@example.org")
    sid = add(ada, "CV ranking", CV, "2026-12-01", owner="HR")
    b = browser(client, "ada@example.org")
    token = csrf(b, f"/systems/{sid}")
    r = b.post(f"/systems/{sid}/assess", data={"csrf_token": token, "as_of": "2027-06-01"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/systems/{sid}?notice=assessed"
    kept = ada.api.get(f"/api/v1/systems/{sid}/assessments").json()
    assert [k["as_of"] for k in kept] == ["2027-06-01", "2026-12-01"]

    page = b.get(f"/systems/{sid}").text
    assert '<span class="tier tier-high">high-risk</span>' in page and "Annex III 4(a)" in page
    assert f'href="/assessments/{kept[0]["id"]}"' in page  # the full report
    assert f'href="/assessments/{kept[1]["id"]}/diff/{kept[0]["id"]}"' in page  # compare with the one before
    assert f'href="/o/{ada.org_id}/tasks?system_id={sid}"' in page
    assert re.search(r"<strong>\d+</strong> open obligations", page)
    # documents: the ones the assessment calls for, each in every format
    assert "AI literacy record" in page and "Transparency notices" in page
    assert "Fundamental rights impact assessment" not in page  # a private deployer of CV ranking owes none
    assert f'action="/systems/{sid}/documents/ai-literacy"' in page
    for fmt in ("markdown", "html", "docx"):
        assert f'name="format" value="{fmt}"' in page
    # the answers, as the law asks them
    assert html.escape(load_law().questions[RECRUITMENT].text, quote=False) in page
    assert f"{len(CV['answers'])} answers given" in page
    # the compare form leads to the diff page
    r = b.get(f"/systems/{sid}/compare", params={"older": kept[0]["id"], "newer": kept[1]["id"]},
              follow_redirects=False)
    assert r.headers["location"] == f"/assessments/{kept[1]['id']}/diff/{kept[0]['id']}"


def test_the_diff_page_shows_the_changed_answer_and_outcome(client: TestClient, person: Any) -> None:
    ada = person("ada@example.org")
    sid = add(ada, "CV ranking", CV, "2026-12-01")
    version = ada.api.get(f"/api/v1/systems/{sid}").json()["version"]
    answers = dict(CV["answers"], **{RECRUITMENT: False, "annex3_4_b.work_relationship": False})
    assert ada.api.put(f"/api/v1/systems/{sid}/profile",
                       json={"version": version, "profile": {"answers": answers}}).status_code == 200
    ada.api.post(f"/api/v1/systems/{sid}/assessments", json={"as_of": "2027-01-01"})
    newer, older = ada.api.get(f"/api/v1/systems/{sid}/assessments").json()
    b = browser(client, "ada@example.org")
    page = b.get(f"/assessments/{older['id']}/diff/{newer['id']}").text
    assert "1 answer changed" in page  # work_relationship was false already
    question = html.escape(load_law().questions[RECRUITMENT].text, quote=False)
    assert re.search(re.escape(question) + r'.*?<td class="before">yes</td><td class="after">no</td>', page, re.S)
    assert newer["category"] != "high"
    assert re.search(r'<th scope="row">Tier</th><td class="before">high-risk</td><td class="after">', page)
    assert "The date the law was applied on changed: 2026-12-01 → 2027-01-01" in page
    assert "no longer owed" in page  # the high-risk deployer duties went with the tier
    # the same system only
    other = add(ada, "Other", CHAT, "2026-12-01")
    other_id = ada.api.get(f"/api/v1/systems/{other}/assessments").json()[0]["id"]
    assert b.get(f"/assessments/{older['id']}/diff/{other_id}").status_code == 422


def test_delete_is_soft_and_audited(client: TestClient, person: Any, db: Database) -> None:
    ada = person("ada@example.org")
    sid = add(ada, "Old tool", CHAT, "2026-12-01")
    b = browser(client, "ada@example.org")
    token = csrf(b, f"/systems/{sid}")
    stale = b.post(f"/systems/{sid}/delete", data={"csrf_token": token, "version": "0"})
    assert stale.status_code == 409 and system_row(db, sid).deleted_at is None
    r = b.post(f"/systems/{sid}/delete", data={"csrf_token": token, "version": "1"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/o/{ada.org_id}/systems?notice=deleted"
    assert "was deleted" in b.get(r.headers["location"]).text
    assert rows(b.get(f"/o/{ada.org_id}/systems").text) == []
    assert b.get(f"/systems/{sid}").status_code == 404
    with db.session() as s:
        kept = s.get(System, sid)
        assert kept is not None and kept.deleted_at is not None
        assert s.scalar(select(AssessmentRecord.id).where(AssessmentRecord.system_id == sid)) is not None
        entry = s.scalars(select(AuditEntry).where(AuditEntry.entity == "system", AuditEntry.action == "delete")).one()
        assert entry.entity_id == str(sid) and entry.actor == "ada@example.org"
        assert entry.before["deleted"] is False and entry.after["deleted"] is True  # type: ignore[index]


def test_reassess_lists_exactly_the_systems_whose_outcome_changed(client: TestClient, person: Any,
                                                                 db: Database) -> None:
    ada = person("ada@example.org")
    cv = add(ada, "CV ranking", CV, "2026-12-01")
    chat = add(ada, "FAQ chat", CHAT, "2026-12-01")
    # the stored answers change behind the app's back (as a law-data change would change the outcome)
    with db.session() as s:
        answers = dict(CV["answers"], **{RECRUITMENT: False, "annex3_4_b.work_relationship": False})
        s.execute(update(System).where(System.id == cv).values(profile={"aiact_profile": 1, "answers": answers}))
    b = browser(client, "ada@example.org")
    page = b.get(f"/o/{ada.org_id}/reassess").text
    assert "Reassess all systems" in page
    r = b.post(f"/o/{ada.org_id}/reassess", data={"csrf_token": csrf(b, f"/o/{ada.org_id}/reassess"),
                                                  "as_of": "2026-12-01"}, follow_redirects=False)
    assert r.status_code == 303
    result = b.get(r.headers["location"]).text
    assert "Reassessed 2 systems as of 2026-12-01" in result and "<strong>1</strong> with a changed outcome" in result
    listed = re.findall(r'<td><a href="/systems/(\d+)">', result)
    assert listed == [str(cv)]
    assert re.search(r"<td>tier; in scope \(Art. 2\); high-risk bases \(Art. 6\);[^<]*\d+ obligations no longer owed</td>",
                     result)
    kept = ada.api.get(f"/api/v1/systems/{cv}/assessments").json()
    assert f'href="/assessments/{kept[1]["id"]}/diff/{kept[0]["id"]}"' in result
    assert len(ada.api.get(f"/api/v1/systems/{chat}/assessments").json()) == 2  # reassessed, unchanged


def test_a_viewer_sees_without_edit_buttons_and_another_organisation_sees_nothing(
        client: TestClient, person: Any, db: Database) -> None:
    ada = person("ada@example.org", "Org A")
    person("vic@example.org", "Org A", role="viewer")
    bob = person("bob@example.org", "Org B")
    org = ada.org_id
    sid = add(ada, "CV ranking", CV, "2026-12-01")
    ada.api.post(f"/api/v1/systems/{sid}/assessments", json={"as_of": "2027-01-01"})
    newer, older = (a["id"] for a in ada.api.get(f"/api/v1/systems/{sid}/assessments").json())

    v = browser(client, "vic@example.org")
    listing = v.get(f"/o/{org}/systems").text
    assert rows(listing) == ["CV ranking"] and "New system" not in listing and "Reassess all" not in listing
    page = v.get(f"/systems/{sid}").text
    assert "CV ranking" in page and "AI literacy record" in page
    for absent in ("Edit details", "Assess now", f"/systems/{sid}/delete", f"/systems/{sid}/interview"):
        assert absent not in page
    assert "Reassessing needs the editor role" in v.get(f"/o/{org}/reassess").text
    assert v.get(f"/assessments/{older}/diff/{newer}").status_code == 200
    assert v.get(f"/systems/{sid}/documents/ai-literacy", params={"format": "markdown"}).status_code == 200
    assert v.get(f"/o/{org}/systems/new").status_code == 403
    assert v.get(f"/systems/{sid}/edit").status_code == 403
    token = csrf(v, f"/systems/{sid}")  # the log-out form's: the session's token
    for url, data in ((f"/o/{org}/systems/new", {"name": "Mine"}),
                      (f"/systems/{sid}/edit", {"name": "Renamed", "version": "2"}),
                      (f"/systems/{sid}/assess", {}),
                      (f"/systems/{sid}/delete", {"version": "2"}),
                      (f"/o/{org}/reassess", {})):
        r = v.post(url, data=dict(data, csrf_token=token))
        assert r.status_code == 403 and "viewer" in r.text, url
    system = system_row(db, sid)
    assert (system.name, system.deleted_at) == ("CV ranking", None)
    assert len(ada.api.get(f"/api/v1/systems/{sid}/assessments").json()) == 2

    other = browser(client, "bob@example.org")
    token = csrf(other, f"/o/{bob.org_id}/systems")
    for url in (f"/o/{org}/systems", f"/systems/{sid}", f"/systems/{sid}/edit", f"/assessments/{older}/diff/{newer}",
                f"/systems/{sid}/documents/ai-literacy", f"/o/{org}/reassess", f"/o/{org}/systems/new",
                f"/systems/{sid}/compare?older={older}&newer={newer}"):
        assert other.get(url).status_code == 404, url
    for url in (f"/systems/{sid}/assess", f"/systems/{sid}/delete", f"/o/{org}/reassess", f"/systems/{sid}/edit"):
        assert other.post(url, data={"csrf_token": token, "version": "2", "name": "x"}).status_code == 404, url
    assert len(ada.api.get(f"/api/v1/systems/{sid}/assessments").json()) == 2


def test_pages_need_a_login(client: TestClient) -> None:
    for url in ("/systems/1", "/o/1/systems", "/o/1/reassess"):
        r = client.get(url, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == f"/login?next={url}"
