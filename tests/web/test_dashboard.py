"""The dashboard: systems by tier and role, when obligations fall due, open obligations per system;
through the API and as a page of inline SVG charts with text fallbacks."""

from __future__ import annotations

import datetime as _dt
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
import yaml
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from tests.web.conftest import login

from aiact.inventory import accounts, demo
from aiact.inventory.db import Database
from aiact.inventory.models import System, Task

PASSWORD = "correct horse battery"
TODAY = _dt.date.today()
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def _quick_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


def add(p: Any, stem: str, assess: bool = True) -> int:
    data = yaml.safe_load((demo.PROFILES / f"{stem}.yaml").read_text(encoding="utf-8"))
    r = p.api.post(f"/api/v1/orgs/{p.org_id}/systems", json={"name": stem, "profile": data})
    assert r.status_code == 201, r.text
    sid: int = r.json()["id"]
    if assess:
        assert p.api.post(f"/api/v1/systems/{sid}/assessments", json={"as_of": "2026-12-01"}).status_code == 201
    return sid


def month_after(day: _dt.date, n: int) -> str:
    i = day.year * 12 + day.month - 1 + n
    return f"{i // 12:04d}-{i % 12 + 1:02d}"


def test_the_dashboard_counts_systems_by_tier_and_role(person: Any) -> None:
    ada = person("ada@example.org")
    add(ada, "retail-group-cv-ranking")  # high-risk, deployer
    add(ada, "bank-consumer-loan-credit-scoring")  # high-risk, deployer
    add(ada, "utility-faq-chat-widget")  # transparency, provider
    add(ada, "grocery-demand-forecasting")  # minimal, provider and deployer
    add(ada, "city-housing-allowance-eligibility", assess=False)  # not assessed yet
    d = ada.api.get(f"/api/v1/orgs/{ada.org_id}/dashboard").json()
    assert d["systems"] == 5
    assert d["by_tier"] == [{"tier": "high", "count": 2}, {"tier": "transparency", "count": 1},
                            {"tier": "minimal", "count": 1}, {"tier": None, "count": 1}]
    assert d["by_role"] == [{"role": "deployer", "count": 3}, {"role": "provider", "count": 2}]
    assert d["today"] == TODAY.isoformat()


def test_the_timeline_puts_open_obligations_in_their_month_and_overdue_apart(db: Database, person: Any) -> None:
    ada = person("ada@example.org")
    sid = add(ada, "retail-group-cv-ranking")
    with db.session() as s:
        ids = list(s.scalars(select(Task.id).order_by(Task.id)))
        assert len(ids) >= 6
        s.execute(update(Task).values(due_date=TODAY + _dt.timedelta(days=3 * 365)))  # beyond the timeline
        plan = {ids[0]: TODAY - _dt.timedelta(days=1), ids[1]: TODAY - _dt.timedelta(days=400),
                ids[2]: TODAY + _dt.timedelta(days=40), ids[3]: TODAY + _dt.timedelta(days=40),
                ids[4]: TODAY + _dt.timedelta(days=40), ids[5]: TODAY + _dt.timedelta(days=200)}
        for tid, day in plan.items():
            s.execute(update(Task).where(Task.id == tid).values(due_date=day))
        s.execute(update(Task).where(Task.id == ids[4]).values(status="done"))  # done: not on the timeline
        s.execute(update(System).where(System.id == sid).values(next_deadline=TODAY + _dt.timedelta(days=40)))
    d = ada.api.get(f"/api/v1/orgs/{ada.org_id}/dashboard").json()
    assert len(d["timeline"]) == 24 and d["timeline"][0]["month"] == TODAY.strftime("%Y-%m")
    by_month = {m["month"]: m for m in d["timeline"]}
    soon = (TODAY + _dt.timedelta(days=40)).strftime("%Y-%m")
    later = (TODAY + _dt.timedelta(days=200)).strftime("%Y-%m")
    assert by_month[soon] == {"month": soon, "obligations_due": 2, "system_deadlines": 1}
    assert by_month[later]["obligations_due"] == 1
    assert sum(m["obligations_due"] for m in d["timeline"]) == 3
    assert d["overdue"] == 2 and d["upcoming"] == 2
    assert d["overdue_deadlines"] == 0
    short = ada.api.get(f"/api/v1/orgs/{ada.org_id}/dashboard", params={"months": 3}).json()
    assert [m["month"] for m in short["timeline"]] == [month_after(TODAY, i) for i in range(3)]
    r = ada.api.get(f"/api/v1/orgs/{ada.org_id}/dashboard", params={"months": 0})
    assert r.status_code == 422 and r.json()["error"]["field"] == "months"


def test_open_obligations_per_system_count_by_status_most_open_first(person: Any) -> None:
    ada = person("ada@example.org")
    cv = add(ada, "retail-group-cv-ranking")
    faq = add(ada, "utility-faq-chat-widget")
    tasks = ada.api.get(f"/api/v1/orgs/{ada.org_id}/tasks", params={"system_id": cv, "per_page": 500}).json()
    total = tasks["total"]
    first, second = tasks["items"][:2]
    assert ada.api.patch(f"/api/v1/tasks/{first['id']}", json={"version": 1, "status": "done"}).status_code == 200
    assert ada.api.patch(f"/api/v1/tasks/{second['id']}", json={
        "version": 1, "status": "not_applicable", "reason": "not in use yet"}).status_code == 200
    d = ada.api.get(f"/api/v1/orgs/{ada.org_id}/dashboard").json()
    rows = {x["system_id"]: x for x in d["per_system"]}
    assert [x["system_id"] for x in d["per_system"]] == [cv, faq]
    assert rows[cv]["done"] == 1 and rows[cv]["not_applicable"] == 1
    assert rows[cv]["open"] + rows[cv]["in_progress"] == total - 2
    assert d["systems_with_open"] == 2 and d["systems_with_tasks"] == 2
    assert d["status_totals"]["done"] == 1
    assert len(ada.api.get(f"/api/v1/orgs/{ada.org_id}/dashboard", params={"top": 1}).json()["per_system"]) == 1
    # a system whose obligations are all met stays on the chart, all green
    for t in ada.api.get(f"/api/v1/orgs/{ada.org_id}/tasks", params={"system_id": faq}).json()["items"]:
        assert ada.api.patch(f"/api/v1/tasks/{t['id']}", json={"version": 1, "status": "done"}).status_code == 200
    d = ada.api.get(f"/api/v1/orgs/{ada.org_id}/dashboard").json()
    assert d["per_system"][1]["system_id"] == faq and d["per_system"][1]["open"] == 0
    assert d["per_system"][1]["done"] >= 1 and d["systems_with_open"] == 1


def test_the_dashboard_is_for_members_only(person: Any, app: Any) -> None:
    ada = person("ada@example.org", "Org A")
    vic = person("vic@example.org", "Org A", role="viewer")
    bob = person("bob@example.org", "Org B")
    add(ada, "utility-faq-chat-widget")
    assert vic.api.get(f"/api/v1/orgs/{ada.org_id}/dashboard").json()["systems"] == 1
    assert bob.api.get(f"/api/v1/orgs/{ada.org_id}/dashboard").status_code == 404
    assert bob.api.get(f"/api/v1/orgs/{bob.org_id}/dashboard").json()["systems"] == 0
    assert TestClient(app).get(f"/api/v1/orgs/{ada.org_id}/dashboard").status_code == 401


def test_the_dashboard_page_draws_four_accessible_charts(client: TestClient, person: Any) -> None:
    ada = person("ada@example.org")
    add(ada, "retail-group-cv-ranking")
    add(ada, "utility-faq-chat-widget")
    login(client, ada.email)
    page = client.get(f"/o/{ada.org_id}/dashboard")
    assert page.status_code == 200
    svgs = re.findall(r"<svg .*?</svg>", page.text, flags=re.S)
    assert len(svgs) == 4
    for markup in svgs:
        root = ET.fromstring(markup)  # well-formed
        assert root.get("role") == "img"
        title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
        assert title is not None and title.text and desc is not None and desc.text
        assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    tier = ET.fromstring(svgs[0])
    classes = [el.get("class") for el in tier.iter(f"{SVG}rect")]
    assert "c-tier-high" in classes and "c-tier-transparency" in classes
    assert "high-risk: 1" in (tier.find(f"{SVG}desc").text or "")  # type: ignore[union-attr]
    assert page.text.count("<details>") == 4 and "As a table" in page.text
    assert f'href="/o/{ada.org_id}/tasks?system_id=' in page.text
    assert 'class="c-overdue"' in svgs[2] and "overdue" in svgs[2]


def test_an_empty_organisation_gets_a_dashboard_that_says_so(client: TestClient, person: Any) -> None:
    ada = person("ada@example.org")
    login(client, ada.email)
    page = client.get(f"/o/{ada.org_id}/dashboard")
    assert page.status_code == 200 and "No systems in the inventory yet" in page.text
    assert "No obligations yet" in page.text
    assert client.get("/o/999/dashboard").status_code == 404
