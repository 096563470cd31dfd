"""The interview in the browser and over the API, and the report page of a kept assessment."""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient
from sqlalchemy import select
from tests.web.conftest import login

from aiact import api
from aiact.engine.answers import ONGOING
from aiact.engine.planner import prefill
from aiact.inventory import demo
from aiact.inventory.db import Database
from aiact.inventory.models import AuditEntry, System


@pytest.fixture(autouse=True)
def _cheap_password_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests are about the interview: cheap argon2 parameters keep them fast."""
    from argon2 import PasswordHasher

    from aiact.inventory import accounts

    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


CV = yaml.safe_load((demo.PROFILES / "retail-group-cv-ranking.yaml").read_text(encoding="utf-8"))
FULL = api.read_profile(CV)


def _new_system(person: Any, name: str = "CV ranking") -> dict[str, Any]:
    r = person.api.post(f"/api/v1/orgs/{person.org_id}/systems", json={"name": name})
    assert r.status_code == 201, r.text
    return dict(r.json())


def _hidden(html: str, name: str) -> str | None:
    m = re.search(rf'<input type="hidden" name="{re.escape(name)}" value="([^"]*)"', html)
    return m.group(1) if m else None


def _form(screen: api.Screen, response: dict[str, Any]) -> dict[str, str]:
    """The form fields a person fills in to give ``response`` (the engine's form of it)."""
    out: dict[str, str] = {}
    for f in screen.fields:
        if f.kind == "question":
            v = response.get(f.id, "unknown")
            if v == "unknown":
                if f.type in ("number", "date"):
                    out[f"dk.{f.id}"] = "1"
                else:
                    out[f"q.{f.id}"] = "unknown"
            elif v is True or v is False:
                out[f"q.{f.id}"] = "yes" if v else "no"
            elif v == ONGOING:
                out[f"ongoing.{f.id}"] = "1"
            elif isinstance(v, _dt.date):
                out[f"q.{f.id}"] = v.isoformat()
            else:
                out[f"q.{f.id}"] = str(v)
        for item in f.items:
            v = response.get(item.id, False)
            if v is True:
                out[f"tick.{item.id}"] = "1"
            elif v == "unknown":
                out[f"unsure.{item.id}"] = "1"
    return out


def _submit(client: TestClient, system_id: int, html: str, fields: dict[str, str], **extra: str) -> Any:
    data = {"csrf_token": _hidden(html, "csrf_token") or "", "version": _hidden(html, "version") or "",
            "screen": _hidden(html, "screen") or "", "action": "next", **fields, **extra}
    at = _hidden(html, "at")
    if at is not None and "at" not in extra:
        data["at"] = at
    return client.post(f"/systems/{system_id}/interview", data=data, follow_redirects=False)


def _screens(person: Any, system_id: int) -> dict[str, Any]:
    r = person.api.get(f"/api/v1/systems/{system_id}/screens")
    assert r.status_code == 200, r.text
    return dict(r.json())


def test_a_full_interview_in_the_browser_ends_with_the_cli_category(client: TestClient, person: Any,
                                                                    db: Database) -> None:
    ada = person("ada@example.org")
    system = _new_system(ada)
    login(client, ada.email)
    shown: list[str] = []
    page = client.get(f"/systems/{system['id']}/interview")
    for _ in range(40):
        assert page.status_code == 200, page.text
        listed = _screens(ada, system["id"])["screens"]
        if not listed:
            break
        screen = api.Screen.model_validate(listed[0])
        assert _hidden(page.text, "screen") == screen.id  # the page shows the engine's first screen
        assert screen.text in page.text.replace("&#39;", "'").replace("&quot;", '"')
        shown.append(screen.id)
        r = _submit(client, system["id"], page.text, _form(screen, prefill(screen, FULL.answers)))
        assert r.status_code == 303, r.text
        if r.headers["location"].startswith("/assessments/"):
            break
        page = client.get(r.headers["location"])
    else:
        pytest.fail("the interview did not end")
    # the last screen took us to the report of a kept assessment
    report = client.get(r.headers["location"])
    assert report.status_code == 200
    expected = api.assess(FULL)
    kept = ada.api.get(f"/api/v1/systems/{system['id']}/assessments").json()
    assert kept[0]["category"] == expected.category == "high"
    assert "High-risk" in report.text and "Annex III 4(a)" in report.text
    assert len(shown) == len(set(shown)) and "definition" in shown and "practices" in shown
    with db.session() as s:
        row = s.get(System, system["id"])
        assert row is not None
        assert [e["screen"] for e in row.interview] == shown
        assert row.profile["answers"]["annex3_4_a.recruitment"] is True
        answered = s.scalars(select(AuditEntry).where(AuditEntry.action == "answer")).all()
        assert len(answered) == len(shown)  # every screen saved on its own (autosave)


def test_checklist_not_sure_records_unknown_and_back_reopens_it_prefilled(client: TestClient, person: Any,
                                                                          db: Database) -> None:
    ada = person("ada@example.org")
    system = _new_system(ada)
    login(client, ada.email)
    page = client.get(f"/systems/{system['id']}/interview")
    first = api.Screen.model_validate(_screens(ada, system["id"])["screens"][0])
    assert first.id == "definition"
    items = [i.id for f in first.fields for i in f.items]
    fields = {"q.subject.kind": "system", f"tick.{items[0]}": "1", f"unsure.{items[1]}": "1",
              f"tick.{items[2]}": "1"}
    r = _submit(client, system["id"], page.text, fields)
    assert r.status_code == 303 and r.headers["location"] == f"/systems/{system['id']}/interview"
    with db.session() as s:
        row = s.get(System, system["id"])
        assert row is not None
        answers = row.profile["answers"]
    assert answers[items[0]] is True and answers[items[1]] == "unknown" and answers[items[3]] is False
    assert row.interview == [{"screen": "definition", "covers": list(first.covers)}]

    # Back reopens the screen with the answers given
    page = client.get(f"/systems/{system['id']}/interview")
    assert f'href="/systems/{system["id"]}/interview?at=0"' in page.text
    back = client.get(f"/systems/{system['id']}/interview?at=0")
    assert _hidden(back.text, "screen") == "definition" and _hidden(back.text, "at") == "0"
    assert re.search(rf'name="tick\.{re.escape(items[0])}" value="1" data-pair="[^"]*" checked', back.text)
    assert re.search(rf'name="unsure\.{re.escape(items[1])}" value="1" data-pair="[^"]*" checked', back.text)
    assert re.search(r'name="q\.subject\.kind" value="system" checked', back.text)
    # answering again replaces the answers, and keeps the one trail entry
    r = _submit(client, system["id"], back.text, {"q.subject.kind": "system", f"tick.{items[0]}": "1",
                                                  f"tick.{items[1]}": "1", f"tick.{items[2]}": "1"})
    assert r.status_code == 303 and r.headers["location"] == f"/systems/{system['id']}/interview"
    with db.session() as s:
        row = s.get(System, system["id"])
        assert row is not None
        assert row.profile["answers"][items[1]] is True
        assert [e["screen"] for e in row.interview] == ["definition"]


def test_a_bad_value_shows_the_error_at_the_field_and_saves_nothing(client: TestClient, person: Any,
                                                                    db: Database) -> None:
    ada = person("ada@example.org")
    profile = {"answers": {k: v for k, v in CV["answers"].items()
                           if not k.startswith("org.") and k not in ("art27_1.public_service",
                                                                     "art49_3.on_behalf_of_public_authority")}}
    system = ada.api.post(f"/api/v1/orgs/{ada.org_id}/systems", json={"name": "CV", "profile": profile}).json()
    login(client, ada.email)
    page = client.get(f"/systems/{system['id']}/interview")
    screen = api.Screen.model_validate(_screens(ada, system["id"])["screens"][0])
    assert screen.id == "organisation" and screen.type == "form"
    fields = _form(screen, prefill(screen, FULL.answers))
    fields["q.org.annual_turnover_eur"] = "nine billion"
    r = _submit(client, system["id"], page.text, fields)
    assert r.status_code == 422
    assert re.search(r'class="field-error" id="err-org\.annual_turnover_eur" role="alert">expected a number', r.text)
    assert 'value="nine billion"' in r.text  # what was typed stays in the form
    assert "EUR" in r.text  # the unit next to the number
    # a question left blank is refused too
    fields["q.org.annual_turnover_eur"] = "9 bn"
    del fields["q.art27_1.public_service"]
    r = _submit(client, system["id"], page.text, fields)
    assert r.status_code == 422 and "answer this question, or choose" in r.text
    with db.session() as s:
        row = s.get(System, system["id"])
        assert row is not None
        assert row.version == system["version"] and row.interview == []
        assert "org.annual_turnover_eur" not in row.profile["answers"]
    fields["q.art27_1.public_service"] = "no"
    r = _submit(client, system["id"], page.text, fields)
    assert r.status_code == 303
    with db.session() as s:
        row = s.get(System, system["id"])
        assert row is not None
        assert row.profile["answers"]["org.annual_turnover_eur"] == 9_000_000_000
    back = client.get(f"/systems/{system['id']}/interview?at=0")
    assert 'value="9 000 000 000"' in back.text  # the number as a person reads it, and parses back


def test_a_viewer_cannot_answer(client: TestClient, person: Any, db: Database) -> None:
    ada = person("ada@example.org")
    person("vic@example.org", role="viewer")
    system = _new_system(ada)
    login(client, "vic@example.org")
    page = client.get(f"/systems/{system['id']}/interview")
    assert page.status_code == 200 and "answering needs the editor role" in page.text
    assert "<fieldset class=\"plain\" disabled>" in page.text
    r = _submit(client, system["id"], page.text, {"q.subject.kind": "system"})
    assert r.status_code == 403
    r = client.post(f"/systems/{system['id']}/interview/finish", data={"csrf_token": _hidden(page.text, "csrf_token")})
    assert r.status_code == 403
    with db.session() as s:
        row = s.get(System, system["id"])
        assert row is not None and row.version == system["version"] and row.profile["answers"] == {}


def test_a_stale_form_says_someone_else_answered(client: TestClient, person: Any, db: Database) -> None:
    ada = person("ada@example.org")
    system = _new_system(ada)
    login(client, ada.email)
    page = client.get(f"/systems/{system['id']}/interview")
    # meanwhile someone answers the same screen over the API
    r = ada.api.post(f"/api/v1/systems/{system['id']}/answers",
                     json={"version": system["version"], "screen": "definition",
                           "response": {"subject.kind": "model"}})
    assert r.status_code == 200, r.text
    r = _submit(client, system["id"], page.text, {"q.subject.kind": "system"})
    assert r.status_code == 303 and r.headers["location"].endswith("conflict=1")
    shown = client.get(r.headers["location"])
    assert "Someone else answered in the meantime" in shown.text
    with db.session() as s:
        row = s.get(System, system["id"])
        assert row is not None and row.profile["answers"]["subject.kind"] == "model"


def test_a_missing_csrf_token_is_refused(client: TestClient, person: Any) -> None:
    ada = person("ada@example.org")
    system = _new_system(ada)
    login(client, ada.email)
    page = client.get(f"/systems/{system['id']}/interview")
    r = _submit(client, system["id"], page.text, {"q.subject.kind": "system"}, csrf_token="forged")
    assert r.status_code == 403


def test_save_and_stop_shows_the_report_with_the_trail_folded(client: TestClient, person: Any) -> None:
    ada = person("ada@example.org")
    system = _new_system(ada)
    login(client, ada.email)
    page = client.get(f"/systems/{system['id']}/interview")
    screen = api.Screen.model_validate(_screens(ada, system["id"])["screens"][0])
    r = _submit(client, system["id"], page.text, _form(screen, prefill(screen, FULL.answers)), action="stop")
    assert r.status_code == 303 and r.headers["location"].startswith("/assessments/")
    report = client.get(r.headers["location"]).text
    assert "Undetermined" in report and "Answer the open questions" in report
    assert f'href="/systems/{system["id"]}/interview"' in report


def test_the_report_shows_conclusions_obligations_trail_and_law(client: TestClient, person: Any) -> None:
    ada = person("ada@example.org")
    system = ada.api.post(f"/api/v1/orgs/{ada.org_id}/systems", json={"name": "CV", "profile": CV}).json()
    record = ada.api.post(f"/api/v1/systems/{system['id']}/assessments", json={"as_of": "2026-12-01"}).json()
    login(client, ada.email)
    page = client.get(f"/assessments/{record['id']}")
    assert page.status_code == 200
    html = page.text
    result = api.Assessment.model_validate(record["result"])
    assert "High-risk (Annex III 4(a))" in html
    assert result.law.version in html and result.law.version_id in html and "2026-12-01" in html
    # the obligations table, one row per obligation with its provision
    assert html.count("<tr>\n    <td class=\"ref nowrap\">") == len(result.obligations) > 5
    for o in result.obligations:
        assert o.ref in html
    # the explanation trail, folded: one <details> per conclusion, steps nested
    assert html.count('<details class="conclusion"') == len(result.explanation)
    assert '<details class="step">' in html
    tier = next(c for c in result.explanation if c.field == "category")
    assert 'id="why-category"' in html and tier.trail.label in html

    def facts(step: Any) -> list[Any]:
        return list(step.facts) + [f for sub in step.because for f in facts(sub)]

    used = [f for c in result.explanation for f in facts(c.trail)]
    recruitment = next(f for f in used if f.id == "annex3_4_a.recruitment")
    assert f'<span class="q">{recruitment.question}</span>' in html.replace("&#39;", "'")
    assert f"<strong>{recruitment.answer_text}</strong> <code class=\"qid\">annex3_4_a.recruitment</code>" in html
    # another organisation cannot read it
    bob = person("bob@example.org", "Org B")
    other = TestClient(client.app)
    login(other, bob.email)
    assert other.get(f"/assessments/{record['id']}").status_code == 404


def test_the_provision_page_shows_the_acts_words(client: TestClient, person: Any) -> None:
    person("ada@example.org")
    login(client, "ada@example.org")
    r = client.get("/law", params={"ref": "Art. 5(1)(f)"})
    assert r.status_code == 200 and "emotions" in r.text
    assert client.get("/law", params={"ref": "Art. 999"}).status_code == 404


# ----------------------------------------------------------------------------- the API


def test_api_screens_answers_and_back(person: Any, db: Database) -> None:
    ada = person("ada@example.org")
    system = _new_system(ada)
    data = _screens(ada, system["id"])
    assert data["version"] == system["version"] and data["progress"]["answered"] == 0
    assert data["progress"]["likely_remaining"] >= 1
    assert data["progress"]["at_most_remaining"] == len(data["screens"]) > 1
    first = api.Screen.model_validate(data["screens"][0])
    assert [s.id for s in api.next_screens(api.profile({}))] == [x["id"] for x in data["screens"]]
    r = ada.api.post(f"/api/v1/systems/{system['id']}/answers",
                     json={"version": data["version"], "screen": first.id,
                           "response": {"subject.kind": "system", "art3_1.infers": "unknown",
                                        "art3_1.machine_based_autonomy": True, "art3_1.outputs_influence": True}})
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["version"] == system["version"] + 1
    assert out["answers"]["subject.kind"] == "system" and out["answers"]["art3_1.infers"] == "unknown"
    assert out["answers"]["art3_1.only_simple_techniques"] is False
    assert out["progress"]["answered"] == 1 and out["next"]["id"] != first.id

    back = ada.api.post(f"/api/v1/systems/{system['id']}/interview/back")
    assert back.status_code == 200, back.text
    b = back.json()
    assert b["at"] == 0 and b["screen"]["id"] == first.id
    assert b["prefill"]["subject.kind"] == "system" and b["prefill"]["art3_1.infers"] == "unknown"
    assert b["prefill"]["art3_1.machine_based_autonomy"] is True and b["prefill"]["art3_1.only_simple_techniques"] is False
    r = ada.api.post(f"/api/v1/systems/{system['id']}/answers",
                     json={"version": out["version"], "screen": first.id, "at": 0,
                           "response": dict(b["prefill"], **{"art3_1.infers": True})})
    assert r.status_code == 200, r.text
    with db.session() as s:
        row = s.get(System, system["id"])
        assert row is not None
        assert row.profile["answers"]["art3_1.infers"] is True and len(row.interview) == 1
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "answer").order_by(AuditEntry.id)).all()
        assert audit[-1].before == {"art3_1.infers": "unknown", "version": out["version"]}
        assert audit[-1].after == {"art3_1.infers": True, "version": out["version"] + 1}
    # nothing before the first screen
    r = ada.api.post(f"/api/v1/systems/{system['id']}/interview/back", json={"at": 0})
    assert r.status_code == 422 and r.json()["error"]["field"] == "at"


def test_api_answers_refuses_bad_input_and_changes_nothing(person: Any, db: Database) -> None:
    ada = person("ada@example.org")
    vic = person("vic@example.org", role="viewer")
    bob = person("bob@example.org", "Org B")
    system = _new_system(ada)
    url = f"/api/v1/systems/{system['id']}/answers"
    ok = {"version": system["version"], "screen": "definition", "response": {"subject.kind": "system"}}
    cases = [
        (ada, dict(ok, screen="no-such-screen"), 422, "screen"),
        (ada, dict(ok, response={"subject.kind": "a robot"}), 422, "subject.kind"),
        (ada, dict(ok, response={}), 422, "subject.kind"),
        (ada, dict(ok, response={"subject.kind": "system", "no.such": True}), 422, "no.such"),
        (ada, dict(ok, response={"subject.kind": "system", "art3_1.infers": "perhaps"}), 422, "art3_1.infers"),
        (ada, dict(ok, version=system["version"] + 5), 409, "version"),
        (ada, {"screen": "definition", "response": {}}, 422, "version"),
        (ada, dict(ok, at=3), 422, "at"),
        (vic, ok, 403, None),
        (bob, ok, 404, "system_id"),
    ]
    for who, body, status, field in cases:
        r = who.api.post(url, json=body)
        assert r.status_code == status, (body, r.text)
        assert r.json()["error"]["field"] == field, (body, r.json())
    assert bob.api.get(f"/api/v1/systems/{system['id']}/screens").status_code == 404
    assert ada.api.get("/api/v1/systems/999/screens").status_code == 404
    assert ada.api.post(f"/api/v1/systems/{system['id']}/interview/back").status_code == 422
    with db.session() as s:
        row = s.get(System, system["id"])
        assert row is not None and row.version == system["version"] and row.profile["answers"] == {}
        assert s.scalars(select(AuditEntry).where(AuditEntry.action == "answer")).first() is None
    assert ada.api.post(url, json=ok).status_code == 200


def test_api_include_unknown_asks_again_what_was_dont_know(person: Any) -> None:
    ada = person("ada@example.org")
    answers = dict(CV["answers"], **{"org.staff_headcount": "unknown", "org.balance_sheet_eur": "unknown"})
    system = ada.api.post(f"/api/v1/orgs/{ada.org_id}/systems",
                          json={"name": "CV", "profile": {"answers": answers}}).json()
    assert _screens(ada, system["id"])["screens"] == []
    again = ada.api.get(f"/api/v1/systems/{system['id']}/screens", params={"include_unknown": True}).json()
    assert again["screens"] and "org.staff_headcount" in again["screens"][0]["covers"]


def test_two_editors_answering_at_once_one_is_told_of_the_conflict(person: Any, app: Any, db: Database) -> None:
    import threading

    ada = person("ada@example.org")
    eve = person("eve@example.org", role="editor")
    system = _new_system(ada)
    url = f"/api/v1/systems/{system['id']}/answers"
    bodies = [{"version": system["version"], "screen": "definition", "response": {"subject.kind": kind}}
              for kind in ("system", "model")]
    barrier = threading.Barrier(2)
    results: list[int] = []

    def send(who: Any, body: dict[str, Any]) -> None:
        barrier.wait()
        results.append(who.api.post(url, json=body).status_code)

    threads = [threading.Thread(target=send, args=(who, body)) for who, body in zip((ada, eve), bodies, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [200, 409]
    with db.session() as s:
        row = s.get(System, system["id"])
        assert row is not None and row.version == system["version"] + 1 and len(row.interview) == 1


def test_revisiting_dont_know_answers_shows_each_screen_once(client: TestClient, person: Any, db: Database) -> None:
    ada = person("ada@example.org")
    answers = dict(CV["answers"], **{"org.staff_headcount": "unknown", "org.balance_sheet_eur": "unknown"})
    system = ada.api.post(f"/api/v1/orgs/{ada.org_id}/systems",
                          json={"name": "CV", "profile": {"answers": answers}}).json()
    login(client, ada.email)
    done = client.get(f"/systems/{system['id']}/interview")
    assert "Nothing left to ask that could change the outcome" in done.text
    assert "1 screen holds \"don't know\" answers" in done.text.replace("&#34;", '"')
    page = client.get(f"/systems/{system['id']}/interview?unsure=1")
    assert _hidden(page.text, "screen") == "organisation" and _hidden(page.text, "since") == "0"
    assert re.search(r'name="dk\.org\.staff_headcount" value="1" checked', page.text)
    assert "org.annual_turnover_eur" not in page.text  # only what was "don't know" is asked again
    fields = {"dk.org.staff_headcount": "1", "dk.org.balance_sheet_eur": "1"}
    r = _submit(client, system["id"], page.text, fields, unsure="1", since="0")
    assert r.status_code == 303 and r.headers["location"].startswith("/assessments/")  # not the same screen again
    with db.session() as s:
        row = s.get(System, system["id"])
        assert row is not None and row.profile["answers"]["org.staff_headcount"] == "unknown"
        assert [e["screen"] for e in row.interview] == ["organisation"]
