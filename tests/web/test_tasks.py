"""The obligation tracker: tasks from an assessment, their views, status changes with the version
check, evidence files (SHA-256, size, upload limit, download, removal), the audit trail, access."""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update
from tests.web.conftest import login

from aiact.inventory import accounts, demo, tasks
from aiact.inventory.db import Database
from aiact.inventory.models import ApiToken, AuditEntry, Evidence, Task, User

PASSWORD = "correct horse battery"
TODAY = _dt.date.today()



def profile(name: str = "retail-group-cv-ranking") -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((demo.PROFILES / f"{name}.yaml").read_text(encoding="utf-8"))
    return data


def assessed_system(p: Any, name: str = "retail-group-cv-ranking", title: str = "CV ranking") -> int:
    """A system of ``p``'s organisation made from a demo profile and assessed: its tasks exist."""
    r = p.api.post(f"/api/v1/orgs/{p.org_id}/systems", json={"name": title, "profile": profile(name)})
    assert r.status_code == 201, r.text
    sid: int = r.json()["id"]
    assert p.api.post(f"/api/v1/systems/{sid}/assessments", json={"as_of": "2026-12-01"}).status_code == 201
    return sid


def tasks_of(p: Any, **params: Any) -> dict[str, Any]:
    r = p.api.get(f"/api/v1/orgs/{p.org_id}/tasks", params={"per_page": 500, **params})
    assert r.status_code == 200, r.text
    data: dict[str, Any] = r.json()
    return data


def first_task(p: Any) -> dict[str, Any]:
    task: dict[str, Any] = tasks_of(p)["items"][0]
    return task


def audit_entries(db: Database, entity: str, entity_id: Any = None) -> list[AuditEntry]:
    with db.session() as s:
        stmt = select(AuditEntry).where(AuditEntry.entity == entity)
        if entity_id is not None:
            stmt = stmt.where(AuditEntry.entity_id == str(entity_id))
        return list(s.scalars(stmt.order_by(AuditEntry.id)))


def counts(db: Database) -> tuple[int, int]:
    """(evidence rows, audit entries): what a refused request must leave as it was."""
    with db.session() as s:
        return (s.scalar(select(func.count()).select_from(Evidence)) or 0,
                s.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def upload(p: Any, task_id: int, content: bytes, name: str = "dpia.pdf", ctype: str = "application/pdf") -> Any:
    return p.api.post(f"/api/v1/tasks/{task_id}/evidence", files={"file": (name, content, ctype)})


# --- the list and its views ------------------------------------------------------------------


def test_an_assessment_makes_tasks_listed_by_due_date_a_page_at_a_time(person: Any) -> None:
    ada = person("ada@example.org")
    sid = assessed_system(ada)
    data = tasks_of(ada)
    refs = {t["ref"] for t in data["items"]}
    assert data["total"] == len(data["items"]) >= 5
    assert {"Art. 26(1)", "Art. 26(2)", "Art. 4"} <= refs  # a deployer of a high-risk system (Annex III 4(a))
    task = data["items"][0]
    assert task["system_id"] == sid and task["system_name"] == "CV ranking"
    assert task["status"] == "open" and task["current"] is True and task["version"] == 1
    assert task["evidence_count"] == 0 and task["owed_by"] in ("deployer", "operator")
    dues = [t["due_date"] for t in data["items"]]
    assert dues == sorted(dues)
    page2 = tasks_of(ada, per_page=2, page=2)
    assert page2["total"] == data["total"] and page2["page"] == 2
    assert [t["id"] for t in page2["items"]] == [t["id"] for t in data["items"][2:4]]
    only = tasks_of(ada, system_id=sid + 1000)
    assert only["total"] == 0


def test_overdue_and_upcoming_views_follow_the_due_dates(db: Database, person: Any) -> None:
    ada = person("ada@example.org")
    assessed_system(ada)
    ids = [t["id"] for t in tasks_of(ada)["items"]]
    late, soon, later, late_but_done, undated = ids[:5]
    dates = {late: TODAY - _dt.timedelta(days=1), soon: TODAY + _dt.timedelta(days=30),
             later: TODAY + _dt.timedelta(days=91), late_but_done: TODAY - _dt.timedelta(days=10), undated: None}
    with db.session() as s:
        s.execute(update(Task).values(due_date=TODAY + _dt.timedelta(days=400)))
        for tid, day in dates.items():
            s.execute(update(Task).where(Task.id == tid).values(due_date=day))
        s.execute(update(Task).where(Task.id == late_but_done).values(status="done"))
        s.execute(update(Task).where(Task.id == soon).values(status="in_progress"))
    overdue = tasks_of(ada, view="overdue")
    assert [t["id"] for t in overdue["items"]] == [late]
    assert overdue["items"][0]["overdue"] is True
    assert [t["id"] for t in tasks_of(ada, view="upcoming")["items"]] == [soon]
    assert [t["id"] for t in tasks_of(ada, view="done")["items"]] == [late_but_done]
    assert late_but_done not in [t["id"] for t in tasks_of(ada, view="open")["items"]]
    assert [t["id"] for t in tasks_of(ada, status="in_progress")["items"]] == [soon]
    assert tasks_of(ada, owner="no one\u0000")["total"] == 0
    everything = tasks_of(ada)["items"]
    assert everything[-1]["id"] == undated and everything[0]["id"] == late_but_done  # undated last
    r = ada.api.get(f"/api/v1/orgs/{ada.org_id}/tasks", params={"view": "soonish"})
    assert r.status_code == 422 and r.json()["error"]["field"] == "view"
    r = ada.api.get(f"/api/v1/orgs/{ada.org_id}/tasks", params={"status": "finished"})
    assert r.status_code == 422 and r.json()["error"]["field"] == "status"


def test_an_obligation_no_longer_listed_is_kept_apart_not_deleted(db: Database, person: Any) -> None:
    ada = person("ada@example.org")
    sid = assessed_system(ada)
    before = tasks_of(ada)["total"]
    system = ada.api.get(f"/api/v1/systems/{sid}").json()
    answers = dict(system["profile"]["answers"], **{"annex3_4_a.recruitment": False,
                                                    "annex3_4_b.work_relationship": False})
    assert ada.api.put(f"/api/v1/systems/{sid}/profile",
                       json={"version": system["version"], "profile": {"answers": answers}}).status_code == 200
    assert ada.api.post(f"/api/v1/systems/{sid}/assessments", json={"as_of": "2026-12-01"}).status_code == 201
    current, gone = tasks_of(ada), tasks_of(ada, current="false")
    assert gone["total"] > 0 and current["total"] + gone["total"] == before
    assert all(t["current"] is False for t in gone["items"])
    assert "Art. 26(1)" in {t["ref"] for t in gone["items"]}
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Task)) == before


# --- changing a task ------------------------------------------------------------------------


def test_a_task_is_marked_done_with_an_owner_and_the_audit_log_keeps_before_and_after(
        db: Database, person: Any) -> None:
    ada = person("ada@example.org")
    assessed_system(ada)
    task = first_task(ada)
    r = ada.api.patch(f"/api/v1/tasks/{task['id']}", json={"version": 1, "status": "done", "owner": "  HR lead "})
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["status"] == "done" and out["owner"] == "HR lead" and out["version"] == 2
    assert out["latest_assessment_id"] is not None
    got = ada.api.get(f"/api/v1/tasks/{task['id']}").json()
    assert got["status"] == "done" and got["version"] == 2
    [entry] = audit_entries(db, "task", task["id"])
    assert entry.action == "update" and entry.actor == "ada@example.org"
    assert entry.before is not None and entry.after is not None
    assert (entry.before["status"], entry.after["status"]) == ("open", "done")
    assert (entry.before["owner"], entry.after["owner"]) == ("", "HR lead")
    assert entry.after["obligation"] == task["obligation_id"]


def test_not_applicable_needs_a_reason_and_leaving_it_clears_the_reason(db: Database, person: Any) -> None:
    ada = person("ada@example.org")
    assessed_system(ada)
    tid = first_task(ada)["id"]
    before = counts(db)
    r = ada.api.patch(f"/api/v1/tasks/{tid}", json={"version": 1, "status": "not_applicable"})
    assert r.status_code == 422 and r.json()["error"]["field"] == "reason"
    assert "reason" in r.json()["error"]["message"]
    r = ada.api.patch(f"/api/v1/tasks/{tid}", json={"version": 1, "status": "not_applicable", "reason": "   "})
    assert r.status_code == 422 and r.json()["error"]["field"] == "reason"
    assert counts(db) == before and ada.api.get(f"/api/v1/tasks/{tid}").json()["version"] == 1
    r = ada.api.patch(f"/api/v1/tasks/{tid}", json={"version": 1, "status": "not_applicable",
                                                    "reason": "We do not deploy it in the EU."})
    assert r.status_code == 200 and r.json()["reason"] == "We do not deploy it in the EU."
    r = ada.api.patch(f"/api/v1/tasks/{tid}", json={"version": 2, "owner": "Legal"})  # the reason stays
    assert r.json()["status"] == "not_applicable" and r.json()["reason"] == "We do not deploy it in the EU."
    r = ada.api.patch(f"/api/v1/tasks/{tid}", json={"version": 3, "status": "open"})
    assert r.json()["status"] == "open" and r.json()["reason"] == ""
    assert [e.after["status"] for e in audit_entries(db, "task", tid) if e.after] == [
        "not_applicable", "not_applicable", "open"]


BAD_CHANGES = [
    ({"version": 1, "status": "finished"}, "status"),
    ({"version": 1, "status": 3}, "status"),
    ({"status": "done"}, "version"),
    ({"version": "one", "status": "done"}, "version"),
    ({"version": 1, "due_date": "2030-01-01"}, "due_date"),
    ({"version": 1, "owner": "x" * 201}, "owner"),
    ({"version": 1, "status": "not_applicable", "reason": "no\u0000pe"}, "reason"),
]


def test_bad_changes_are_refused_with_the_field_and_nothing_changes(db: Database, person: Any) -> None:
    ada = person("ada@example.org")
    assessed_system(ada)
    tid = first_task(ada)["id"]
    before = counts(db)
    for body, field in BAD_CHANGES:
        r = ada.api.patch(f"/api/v1/tasks/{tid}", json=body)
        assert r.status_code == 422, (body, r.text)
        assert r.json()["error"]["field"] == field and r.json()["error"]["message"], body
    assert counts(db) == before
    assert ada.api.get(f"/api/v1/tasks/{tid}").json()["status"] == "open"


def test_a_change_on_a_stale_version_is_refused_and_the_first_change_kept(db: Database, person: Any) -> None:
    ada = person("ada@example.org")
    bob = person("bob@example.org", role="editor")
    assessed_system(ada)
    tid = first_task(ada)["id"]
    assert ada.api.patch(f"/api/v1/tasks/{tid}", json={"version": 1, "status": "in_progress"}).status_code == 200
    r = bob.api.patch(f"/api/v1/tasks/{tid}", json={"version": 1, "status": "done"})
    assert r.status_code == 409 and r.json()["error"]["field"] == "version"
    assert "changed by someone else" in r.json()["error"]["message"]
    got = ada.api.get(f"/api/v1/tasks/{tid}").json()
    assert got["status"] == "in_progress" and got["version"] == 2
    assert len(audit_entries(db, "task", tid)) == 1


# --- evidence ------------------------------------------------------------------------------


def test_evidence_is_kept_with_its_sha256_and_size_and_downloads_as_the_same_bytes(
        db: Database, person: Any) -> None:
    ada = person("ada@example.org")
    vic = person("vic@example.org", role="viewer")
    assessed_system(ada)
    tid = first_task(ada)["id"]
    content = b"%PDF-1.4 fundamental rights impact assessment\n" + bytes(range(256)) * 10
    r = upload(ada, tid, content, "FRIA résumé.pdf")
    assert r.status_code == 201, r.text
    ev = r.json()
    assert ev["sha256"] == hashlib.sha256(content).hexdigest() and ev["size"] == len(content)
    assert ev["filename"] == "FRIA résumé.pdf" and ev["content_type"] == "application/pdf"
    assert ev["uploaded_by"] == "ada@example.org" and ev["task_id"] == tid
    with db.session() as s:
        row = s.get(Evidence, ev["id"])
        assert row is not None and row.content == content and row.size == len(content)
    [listed] = vic.api.get(f"/api/v1/tasks/{tid}/evidence").json()
    assert listed == ev
    assert vic.api.get(f"/api/v1/tasks/{tid}").json()["evidence_count"] == 1
    got = vic.api.get(f"/api/v1/evidence/{ev['id']}")  # a viewer may download
    assert got.status_code == 200 and got.content == content
    assert got.headers["content-type"].startswith("application/pdf")
    assert got.headers["x-content-sha256"] == ev["sha256"]
    assert got.headers["content-disposition"].startswith("attachment;")
    assert "filename*=UTF-8''FRIA%20r%C3%A9sum%C3%A9.pdf" in got.headers["content-disposition"]
    assert got.headers["x-content-type-options"] == "nosniff"
    [entry] = audit_entries(db, "evidence", ev["id"])
    assert entry.action == "upload" and entry.after is not None
    assert entry.after["sha256"] == ev["sha256"] and entry.after["task"] == tid


def test_a_file_name_cannot_carry_a_path_or_break_the_header_and_an_odd_type_becomes_bytes(person: Any) -> None:
    ada = person("ada@example.org")
    assessed_system(ada)
    tid = first_task(ada)["id"]
    ev = upload(ada, tid, b"x", "../../etc/passwd", "text/html; charset=utf-8").json()
    assert ev["filename"] == "passwd" and ev["content_type"] == "text/html"
    ev = upload(ada, tid, b"y", "notes", "not a type").json()
    assert ev["content_type"] == "application/octet-stream"
    got = ada.api.get(f"/api/v1/evidence/{ev['id']}")
    assert got.headers["content-type"] == "application/octet-stream"
    assert got.headers["content-security-policy"].startswith("default-src 'none'")


@pytest.mark.parametrize("raw, clean", [
    ('..\\..\\evil"name\r\n.txt', "evil_name_.txt"), ("  ", "evidence"), (None, "evidence"),
    ("a/b/c/report.pdf", "report.pdf"), ("x" * 300 + ".pdf", "x" * 251 + ".pdf"), ("café.txt", "café.txt"),
])
def test_file_names_are_cleaned(raw: str | None, clean: str) -> None:
    assert tasks.clean_filename(raw) == clean


def test_an_oversized_or_empty_upload_is_refused_and_nothing_is_stored(db: Database, person: Any) -> None:
    ada = person("ada@example.org")
    assessed_system(ada)
    tid = first_task(ada)["id"]
    before = counts(db)
    limit = 1024 * 1024  # the test app's max_upload_bytes
    r = upload(ada, tid, b"0" * (limit + 1))
    assert r.status_code == 413 and r.json()["error"]["field"] == "file"
    assert "larger than the limit of 1 MB" in r.json()["error"]["message"]
    r = upload(ada, tid, b"")
    assert r.status_code == 422 and r.json()["error"] == {"message": "the file is empty", "field": "file"}
    r = ada.api.post(f"/api/v1/tasks/{tid}/evidence", data={"other": "x"})
    assert r.status_code == 422 and r.json()["error"]["field"] == "file"
    assert counts(db) == before
    assert upload(ada, tid, b"0" * limit).status_code == 201  # exactly the limit is fine


def test_removing_evidence_keeps_the_row_and_writes_an_audit_entry(db: Database, person: Any) -> None:
    ada = person("ada@example.org")
    vic = person("vic@example.org", role="viewer")
    assessed_system(ada)
    tid = first_task(ada)["id"]
    ev = upload(ada, tid, b"minutes of the oversight meeting").json()
    assert vic.api.delete(f"/api/v1/evidence/{ev['id']}").status_code == 403
    assert ada.api.delete(f"/api/v1/evidence/{ev['id']}").status_code == 204
    assert ada.api.get(f"/api/v1/tasks/{tid}/evidence").json() == []
    assert ada.api.get(f"/api/v1/evidence/{ev['id']}").status_code == 404
    assert ada.api.delete(f"/api/v1/evidence/{ev['id']}").status_code == 404
    with db.session() as s:
        row = s.get(Evidence, ev["id"])
        assert row is not None and row.deleted_at is not None and row.sha256 == ev["sha256"]
    entries = audit_entries(db, "evidence", ev["id"])
    assert [e.action for e in entries] == ["upload", "delete"]
    assert entries[1].before is not None and entries[1].after is not None
    assert entries[1].before["deleted"] is False and entries[1].after["deleted"] is True


# --- who may do what ------------------------------------------------------------------------


def test_a_viewer_reads_and_downloads_but_cannot_change_or_upload(db: Database, person: Any) -> None:
    ada = person("ada@example.org")
    vic = person("vic@example.org", role="viewer")
    assessed_system(ada)
    tid = first_task(ada)["id"]
    assert vic.api.get(f"/api/v1/tasks/{tid}").status_code == 200
    assert tasks_of(vic)["total"] > 0
    before = counts(db)
    r = vic.api.patch(f"/api/v1/tasks/{tid}", json={"version": 1, "status": "done"})
    assert r.status_code == 403 and "viewer" in r.json()["error"]["message"]
    assert upload(vic, tid, b"evidence").status_code == 403
    assert counts(db) == before and vic.api.get(f"/api/v1/tasks/{tid}").json()["status"] == "open"


def test_another_organisation_sees_none_of_it(person: Any) -> None:
    ada = person("ada@example.org", "Org A")
    bob = person("bob@example.org", "Org B")
    assessed_system(ada)
    tid = first_task(ada)["id"]
    eid = upload(ada, tid, b"secret").json()["id"]
    for method, url in [("get", f"/api/v1/orgs/{ada.org_id}/tasks"), ("get", f"/api/v1/tasks/{tid}"),
                        ("get", f"/api/v1/tasks/{tid}/evidence"), ("get", f"/api/v1/evidence/{eid}"),
                        ("delete", f"/api/v1/evidence/{eid}")]:
        r = getattr(bob.api, method)(url)
        assert r.status_code == 404, (url, r.text)
    assert bob.api.patch(f"/api/v1/tasks/{tid}", json={"version": 1, "status": "done"}).status_code == 404
    assert upload(bob, tid, b"x").status_code == 404
    assert tasks_of(bob)["total"] == 0


def test_a_revoked_token_or_none_is_refused(db: Database, person: Any, app: Any) -> None:
    ada = person("ada@example.org")
    assessed_system(ada)
    tid = first_task(ada)["id"]
    anonymous = TestClient(app)
    assert anonymous.get(f"/api/v1/tasks/{tid}").status_code == 401
    with db.session() as s:
        user_actor = accounts.actor_for(s.get(User, ada.user_id))  # type: ignore[arg-type]
        token_id = s.scalars(select(ApiToken.id).where(ApiToken.user_id == ada.user_id)).one()
        accounts.revoke_token(s, user_actor, token_id)
    for r in (ada.api.get(f"/api/v1/tasks/{tid}"), ada.api.get(f"/api/v1/orgs/{ada.org_id}/tasks"),
              upload(ada, tid, b"x")):
        assert r.status_code == 401 and r.json()["error"]["field"] == "authorization"


def test_unknown_ids_are_not_found(person: Any) -> None:
    ada = person("ada@example.org")
    for url in ["/api/v1/tasks/999999", "/api/v1/tasks/999999/evidence", "/api/v1/evidence/999999",
                "/api/v1/tasks/99999999999999999", "/api/v1/evidence/0", "/api/v1/orgs/999/tasks",
                "/api/v1/orgs/999/dashboard"]:
        r = ada.api.get(url)
        assert r.status_code == 404 and r.json()["error"]["message"].startswith("no such"), url
    assert ada.api.patch("/api/v1/tasks/999999", json={"version": 1, "status": "done"}).status_code == 404
    assert ada.api.delete("/api/v1/evidence/999999").status_code == 404
    assert upload(ada, 999999, b"x").status_code == 404


def test_a_deleted_systems_tasks_leave_the_tracker(person: Any) -> None:
    ada = person("ada@example.org")
    sid = assessed_system(ada)
    tid = first_task(ada)["id"]
    version = ada.api.get(f"/api/v1/systems/{sid}").json()["version"]
    assert ada.api.delete(f"/api/v1/systems/{sid}", params={"version": version}).status_code == 204
    assert tasks_of(ada)["total"] == 0
    assert ada.api.get(f"/api/v1/tasks/{tid}").status_code == 404


# --- the pages ------------------------------------------------------------------------------


def browser(client: TestClient, email: str) -> None:
    """Log the browser client in (the session cookie stays on the client)."""
    login(client, email)


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def test_the_tasks_page_has_its_tabs_and_marks_overdue_in_red(db: Database, client: TestClient,
                                                             person: Any) -> None:
    ada = person("ada@example.org")
    sid = assessed_system(ada)
    tid = first_task(ada)["id"]
    with db.session() as s:
        s.execute(update(Task).where(Task.id == tid).values(due_date=TODAY - _dt.timedelta(days=3)))
    browser(client, ada.email)
    r = client.get(f"/o/{ada.org_id}/tasks?tab=overdue")
    assert r.status_code == 200
    for label in ("Overdue", "Next 90 days", "All open", "Done", "Not applicable"):
        assert label in r.text
    assert f'href="/tasks/{tid}"' in r.text and 'class="due late"' in r.text
    assert r.text.count('href="/tasks/') == 1
    r = client.get(f"/o/{ada.org_id}/tasks?tab=open&group=system&system_id={sid}")
    assert r.status_code == 200 and 'class="group"' in r.text and f'href="/systems/{sid}"' in r.text
    assert client.get(f"/o/{ada.org_id}/tasks?tab=bogus").status_code == 422


def test_a_person_marks_an_obligation_done_with_evidence_in_the_browser(db: Database, client: TestClient,
                                                                       person: Any) -> None:
    ada = person("ada@example.org")
    assessed_system(ada)
    tid = first_task(ada)["id"]
    browser(client, ada.email)
    page = client.get(f"/tasks/{tid}")
    assert page.status_code == 200 and 'href="/assessments/' in page.text and 'href="/systems/' in page.text
    csrf = csrf_of(page.text)
    # without the form's token nothing happens
    r = client.post(f"/tasks/{tid}", data={"version": "1", "status": "done"})
    assert r.status_code == 403
    # not applicable without a reason: the page says so, nothing changes
    r = client.post(f"/tasks/{tid}", data={"csrf_token": csrf, "version": "1", "status": "not_applicable",
                                           "owner": "Legal", "reason": ""})
    assert r.status_code == 422 and "a reason is required" in r.text and 'value="Legal"' in r.text
    assert ada.api.get(f"/api/v1/tasks/{tid}").json()["version"] == 1
    r = client.post(f"/tasks/{tid}", data={"csrf_token": csrf, "version": "1", "status": "done", "owner": "HR"},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/tasks/{tid}?saved=status"
    assert ada.api.get(f"/api/v1/tasks/{tid}").json()["status"] == "done"
    # a stale form: the page says someone else changed it
    r = client.post(f"/tasks/{tid}", data={"csrf_token": csrf, "version": "1", "status": "open"})
    assert r.status_code == 409 and "changed by someone else" in r.text
    content = b"training attendance list"
    r = client.post(f"/tasks/{tid}/evidence", data={"csrf_token": csrf},
                    files={"file": ("attendance.csv", content, "text/csv")}, follow_redirects=False)
    assert r.status_code == 303
    page = client.get(f"/tasks/{tid}")
    assert "attendance.csv" in page.text and hashlib.sha256(content).hexdigest() in page.text
    eid = int(re.search(r'href="/evidence/(\d+)"', page.text).group(1))  # type: ignore[union-attr]
    got = client.get(f"/evidence/{eid}")
    assert got.content == content and got.headers["x-content-sha256"] == hashlib.sha256(content).hexdigest()
    r = client.post(f"/tasks/{tid}/evidence", data={"csrf_token": csrf},
                    files={"file": ("big.bin", b"0" * (1024 * 1024 + 1), "application/octet-stream")})
    assert r.status_code == 413 and "larger than the limit" in r.text
    r = client.post(f"/evidence/{eid}/delete", data={"csrf_token": csrf}, follow_redirects=False)
    assert r.status_code == 303
    assert "attendance.csv" not in client.get(f"/tasks/{tid}").text
    assert [e.action for e in audit_entries(db, "evidence")] == ["upload", "delete"]
    assert [e.after["status"] for e in audit_entries(db, "task", tid) if e.after] == ["done"]


def test_a_viewer_sees_the_task_page_without_forms(client: TestClient, person: Any) -> None:
    ada = person("ada@example.org")
    vic = person("vic@example.org", role="viewer")
    assessed_system(ada)
    tid = first_task(ada)["id"]
    browser(client, vic.email)
    page = client.get(f"/tasks/{tid}")
    assert page.status_code == 200 and "Status and owner" not in page.text and 'type="file"' not in page.text
    csrf = csrf_of(page.text)  # the log-out form's
    assert client.post(f"/tasks/{tid}", data={"csrf_token": csrf, "version": "1", "status": "done"}).status_code == 403
