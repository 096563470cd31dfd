"""Import and export: the JSON export round-trips exactly; CSV and XLSX for spreadsheets; a
register read with a column mapping, a dry run and an error per row; CLI profiles; the CLI."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select
from tests.web.conftest import login

from aiact.cli.main import main
from aiact.inventory import demo
from aiact.inventory.db import Database
from aiact.inventory.models import AuditEntry, Evidence, System, Task

CV = demo.PROFILES / "retail-group-cv-ranking.yaml"
CV_PROFILE = yaml.safe_load(CV.read_text(encoding="utf-8"))


def _strip(value: Any) -> Any:
    """The document without what an import cannot keep: ids, the organisation, the export time."""
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in ("id", "organisation", "exported_at")}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def _counts(db: Database) -> tuple[int, ...]:
    with db.session() as s:
        return tuple(s.scalar(select(func.count()).select_from(t)) or 0 for t in (System, Task, AuditEntry))


def _populate(db: Database, ada: Any) -> int:
    """Two systems (one assessed twice, one deleted), a task in progress with evidence."""
    cv = ada.api.post(f"/api/v1/orgs/{ada.org_id}/systems",
                      json={"name": "CV ranking", "owner": "HR", "vendor": "TalentRank", "status": "development",
                            "profile": CV_PROFILE}).json()
    ada.api.post(f"/api/v1/systems/{cv['id']}/assessments", json={"as_of": "2026-12-01"})
    ada.api.post(f"/api/v1/systems/{cv['id']}/assessments", json={"as_of": "2027-09-01"})
    gone = ada.api.post(f"/api/v1/orgs/{ada.org_id}/systems", json={"name": "Old bot", "status": "retired"}).json()
    ada.api.delete(f"/api/v1/systems/{gone['id']}", params={"version": gone["version"]})
    content = b"risk management plan, version 3\n"
    with db.session() as s:
        task = s.scalars(select(Task).where(Task.system_id == cv["id"]).order_by(Task.id)).first()
        assert task is not None
        task.owner, task.status, task.version = "Compliance", "in_progress", 2
        task.reason = "started in Q3"
        s.add(Evidence(task_id=task.id, org_id=ada.org_id, filename="rmp.txt", content_type="text/plain",
                       sha256=hashlib.sha256(content).hexdigest(), size=len(content), content=content,
                       uploaded_by=ada.user_id))
        s.get(System, cv["id"]).interview = [{"screen": "definition", "covers": ["art3_1.infers"]}]  # type: ignore[union-attr]
    return int(cv["id"])


def test_the_json_export_imports_into_another_organisation_exactly(db: Database, person: Any) -> None:
    ada = person("ada@example.org", "Org A")
    _populate(db, ada)
    first = ada.api.get(f"/api/v1/orgs/{ada.org_id}/export", params={"include_files": "true"}).json()
    assert first["aiact_inventory_export"] == 1 and len(first["systems"]) == 2
    cv = first["systems"][0]
    assert [a["as_of"] for a in cv["assessments"]] == ["2026-12-01", "2027-09-01"]
    assert cv["assessments"][0]["result"]["category"] == "high" and cv["assessments"][0]["created_by"] == "ada@example.org"
    assert cv["interview"] == [{"screen": "definition", "covers": ["art3_1.infers"]}]
    started = next(t for t in cv["tasks"] if t["status"] == "in_progress")
    assert started["owner"] == "Compliance" and started["reason"] == "started in Q3" and started["due_date"]
    ev = started["evidence"][0]
    assert base64.b64decode(ev["content_base64"]) == b"risk management plan, version 3\n"
    assert first["systems"][1]["deleted_at"] is not None

    other = ada.api.post("/api/v1/orgs", json={"name": "Org C"}).json()
    dry = ada.api.post(f"/api/v1/orgs/{other['id']}/import", params={"dry_run": "true"}, json=first)
    assert dry.status_code == 200 and dry.json()["imported"] == 0
    assert ada.api.get(f"/api/v1/orgs/{other['id']}/export").json()["systems"] == []
    r = ada.api.post(f"/api/v1/orgs/{other['id']}/import", json=first)
    assert r.status_code == 200, r.text
    assert r.json()["imported"] == 2 and r.json()["notes"] == []
    again = ada.api.get(f"/api/v1/orgs/{other['id']}/export", params={"include_files": "true"}).json()
    assert again["organisation"]["name"] == "Org C"
    assert _strip(again) == _strip(first)
    # the import is audited: one entry per system, and one for the import
    entries = ada.api.get(f"/api/v1/orgs/{other['id']}/audit", params={"entity": "system"}).json()["items"]
    assert [e["action"] for e in entries] == ["import", "import"]
    assert entries[-1]["after"]["from"] == {"organisation": "Org A", "system_id": cv["id"]}
    assert entries[-1]["after"]["tasks"] == len(cv["tasks"]) and entries[-1]["after"]["evidence"] == 1


def test_without_files_evidence_is_left_out_and_the_import_says_so(db: Database, person: Any) -> None:
    ada = person("ada@example.org", "Org A")
    _populate(db, ada)
    doc = ada.api.get(f"/api/v1/orgs/{ada.org_id}/export").json()
    listed = [e for t in doc["systems"][0]["tasks"] for e in t["evidence"]]
    assert [e["filename"] for e in listed] == ["rmp.txt"] and "content_base64" not in listed[0]
    other = ada.api.post("/api/v1/orgs", json={"name": "Org C"}).json()
    r = ada.api.post(f"/api/v1/orgs/{other['id']}/import", json=doc).json()
    assert r["imported"] == 2 and "1 evidence file(s) not imported" in r["notes"][0]


@pytest.mark.parametrize("change, field", [
    (lambda d: d.pop("aiact_inventory_export"), "aiact_inventory_export"),
    (lambda d: d["systems"][0].update(status="live"), "systems.0.status"),
    (lambda d: d["systems"][0].update(name=""), "systems.0.name"),
    (lambda d: d["systems"][0]["tasks"][0].update(status="finished"), "systems.0.tasks.0.status"),
    (lambda d: d["systems"][0]["profile"]["answers"].update({"no.such.question": True}),
     "systems.0.profile.answers.no.such.question"),
    (lambda d: d["systems"][1].update(created_at="yesterday"), "systems.1.created_at"),
    (lambda d: d["systems"][0].update(colour="red"), "systems.0.colour"),
])
def test_a_bad_export_is_refused_whole_naming_the_field(db: Database, person: Any, change: Any,
                                                        field: str) -> None:
    ada = person("ada@example.org", "Org A")
    _populate(db, ada)
    doc = ada.api.get(f"/api/v1/orgs/{ada.org_id}/export").json()
    change(doc)
    before = _counts(db)
    r = ada.api.post(f"/api/v1/orgs/{ada.org_id}/import", json=doc)
    assert r.status_code == 422, r.text
    assert r.json()["error"]["field"] == field, r.json()
    assert _counts(db) == before


def test_evidence_whose_content_does_not_match_its_hash_is_refused(db: Database, person: Any) -> None:
    ada = person("ada@example.org", "Org A")
    _populate(db, ada)
    doc = ada.api.get(f"/api/v1/orgs/{ada.org_id}/export", params={"include_files": "true"}).json()
    task = next(i for i, t in enumerate(doc["systems"][0]["tasks"]) if t["evidence"])
    doc["systems"][0]["tasks"][task]["evidence"][0]["content_base64"] = base64.b64encode(b"forged").decode()
    before = _counts(db)
    r = ada.api.post(f"/api/v1/orgs/{ada.org_id}/import", json=doc)
    assert r.status_code == 422 and "sha256" in r.json()["error"]["message"]
    assert r.json()["error"]["field"] == f"systems.0.tasks.{task}.evidence.0.content_base64"
    assert _counts(db) == before


def test_export_and_import_respect_roles_and_organisations(db: Database, person: Any) -> None:
    ada = person("ada@example.org", "Org A")
    vic = person("vic@example.org", "Org A", role="viewer")
    bob = person("bob@example.org", "Org B")
    _populate(db, ada)
    doc = vic.api.get(f"/api/v1/orgs/{ada.org_id}/export").json()  # a viewer may read it all
    assert len(doc["systems"]) == 2
    assert vic.api.post(f"/api/v1/orgs/{ada.org_id}/import", json=doc).status_code == 403
    for path in ("export", "export.csv", "export.xlsx"):
        assert bob.api.get(f"/api/v1/orgs/{ada.org_id}/{path}").status_code == 404
    assert bob.api.post(f"/api/v1/orgs/{ada.org_id}/import", json=doc).status_code == 404
    assert bob.api.post(f"/api/v1/orgs/{ada.org_id}/import/register",
                        files={"file": ("r.csv", b"name\nA\n")}, data={"mapping": "{}"}).status_code == 404


def test_csv_and_xlsx_exports_have_a_row_per_system_and_the_obligations(db: Database, person: Any) -> None:
    ada = person("ada@example.org", "Org A")
    _populate(db, ada)
    ada.api.post(f"/api/v1/orgs/{ada.org_id}/systems", json={"name": "=HYPERLINK(\"http://x\")", "owner": "@ops"})
    r = ada.api.get(f"/api/v1/orgs/{ada.org_id}/export.csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert [row["name"] for row in rows] == ["'=HYPERLINK(\"http://x\")", "CV ranking"]  # the deleted one is not listed
    cv = rows[1]
    assert (cv["owner"], cv["vendor"], cv["status"], cv["tier"]) == ("HR", "TalentRank", "development", "high")
    assert cv["roles"] == "deployer" and cv["next deadline"] and cv["last assessed"]
    assert int(cv["open obligations"]) > 0
    assert rows[0]["owner"] == "'@ops" and rows[0]["tier"] == "not assessed"

    r = ada.api.get(f"/api/v1/orgs/{ada.org_id}/export.xlsx")
    book = load_workbook(io.BytesIO(r.content))
    assert book.sheetnames == ["Systems", "Obligations"]
    systems = list(book["Systems"].iter_rows(values_only=True))
    assert systems[0][:3] == ("id", "name", "owner") and systems[2][1] == "CV ranking"
    assert systems[1][1] == "=HYPERLINK(\"http://x\")" and book["Systems"]["B2"].data_type == "s"  # text, not a formula
    tasks = list(book["Obligations"].iter_rows(values_only=True))
    assert tasks[0][:3] == ("system id", "system", "obligation")
    started = [t for t in tasks[1:] if t[8] == "in_progress"]
    assert len(started) == 1 and started[0][7] == "Compliance" and started[0][1] == "CV ranking"
    assert int(cv["open obligations"]) == sum(1 for t in tasks[1:] if t[8] in ("open", "in_progress"))


# A small register with the mistakes people make (a missing name, unknown words)
REGISTER = (Path(__file__).resolve().parents[2] / "examples" / "inventory" / "register.csv").read_bytes().decode("utf-8")
MAPPING = {"System name": "name", "Business owner": "owner", "Stage": "status", "Vendor": "vendor",
           "Used for recruitment?": "answer:annex3_4_a.recruitment"}


def _register(ada: Any, content: bytes | str, mapping: dict[str, str] | None = None, name: str = "register.csv",
              **data: str) -> Any:
    body = content.encode() if isinstance(content, str) else content
    return ada.api.post(f"/api/v1/orgs/{ada.org_id}/import/register", files={"file": (name, body)},
                        data={"mapping": json.dumps(MAPPING if mapping is None else mapping), **data})


def test_a_register_is_mapped_and_a_dry_run_reports_each_row(db: Database, person: Any) -> None:
    ada = person("ada@example.org")
    cols = ada.api.post(f"/api/v1/orgs/{ada.org_id}/import/register/columns",
                        files={"file": ("register.csv", REGISTER.encode())}).json()
    assert cols["rows"] == 4
    assert {c["column"]: c["suggested"] for c in cols["columns"]} == {
        "System name": "name", "Business owner": "owner", "Stage": "status", "Vendor": "vendor",
        "Used for recruitment?": ""}
    before = _counts(db)
    r = _register(ada, REGISTER, dry_run="true")
    assert r.status_code == 200, r.text
    report = r.json()
    assert [(x["row"], x["name"], x["status"], x["ok"]) for x in report["systems"]] == [
        (2, "CV screening", "market", True), (3, "Chatbot", "market", True), (4, "", "idea", False),
        (5, "Forecast", None, False)]
    errors = {(e["row"], e["column"]) for e in report["errors"]}
    assert errors == {(4, "System name"), (5, "Stage"), (5, "Used for recruitment?")}
    messages = " ".join(e["message"] for e in report["errors"])
    assert "unknown status 'someday'" in messages and "a system needs a name" in messages
    assert "found 'maybe'" in messages
    assert _counts(db) == before


def test_a_register_imports_all_or_nothing_or_the_valid_rows(db: Database, person: Any) -> None:
    ada = person("ada@example.org")
    before = _counts(db)
    r = _register(ada, REGISTER, mode="all")
    assert r.status_code == 422
    assert r.json()["error"]["message"].startswith("row 4, column 'System name': a system needs a name (and 2 more)")
    assert r.json()["error"]["field"] == "rows.4.System name"
    assert _counts(db) == before
    r = _register(ada, REGISTER, mode="valid")
    assert r.status_code == 200 and r.json()["imported"] == 2
    listed = ada.api.get(f"/api/v1/orgs/{ada.org_id}/systems").json()["items"]
    cv = next(x for x in listed if x["name"] == "CV screening")
    assert (cv["owner"], cv["status"], cv["vendor"]) == ("HR", "market", "TalentRank")
    assert cv["tier"] is not None  # assessed at once
    detail = ada.api.get(f"/api/v1/systems/{cv['id']}").json()
    assert detail["profile"]["answers"] == {"annex3_4_a.recruitment": True}
    imports = ada.api.get(f"/api/v1/orgs/{ada.org_id}/audit", params={"entity": "organisation"}).json()["items"]
    assert imports[0]["action"] == "import" and imports[0]["after"]["rows_with_errors"] == [4, 5]


def test_an_xlsx_register_is_read_and_bad_files_are_refused(db: Database, person: Any) -> None:
    ada = person("ada@example.org")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Name", "Status", "annex3_4_a.recruitment"])
    sheet.append(["Hiring assistant", "Live", "yes"])
    sheet.append(["Planner", "decommissioned", None])
    out = io.BytesIO()
    book.save(out)
    cols = ada.api.post(f"/api/v1/orgs/{ada.org_id}/import/register/columns",
                        files={"file": ("reg.xlsx", out.getvalue())}).json()
    suggested = {c["column"]: c["suggested"] for c in cols["columns"]}
    assert suggested == {"Name": "name", "Status": "status", "annex3_4_a.recruitment": "answer:annex3_4_a.recruitment"}
    r = _register(ada, out.getvalue(), suggested, name="reg.xlsx", assess="false")
    assert r.status_code == 200 and r.json()["imported"] == 2
    assert {x["name"]: x["status"] for x in ada.api.get(f"/api/v1/orgs/{ada.org_id}/systems").json()["items"]} == {
        "Hiring assistant": "market", "Planner": "retired"}
    before = _counts(db)
    for name, content, words in (
        ("reg.xlsx", b"this is not a workbook", "not an XLSX workbook"),
        ("reg.csv", "Name\n".encode("utf-16"), "not UTF-8"),
        ("reg.csv", b"", "empty"),
        ("reg.pdf", b"%PDF", "neither a CSV nor an XLSX"),
        ("reg.csv", b"Name,Name\nA,B\n", "two columns are headed 'Name'"),
    ):
        r = _register(ada, content, {}, name=name)
        assert r.status_code == 422 and r.json()["error"]["field"] == "file", (name, r.text)
        assert words in r.json()["error"]["message"]
    for mapping, field, words in (
        ({"Nope": "name"}, "mapping.Nope", "no column 'Nope'"),
        ({"Name": "colour"}, "mapping.Name", "is not a field"),
        ({"Name": "answer:no.such.question"}, "mapping.Name", "is not a field"),
        ({"Name": "owner"}, "mapping", "name"),
        ({"Name": "name", "Status": "name"}, "mapping.Status", "both mapped to name"),
    ):
        r = _register(ada, "Name,Status\nA,idea\n", mapping)
        assert r.status_code == 422 and r.json()["error"]["field"] == field, (mapping, r.text)
        assert words in r.json()["error"]["message"]
    r = ada.api.post(f"/api/v1/orgs/{ada.org_id}/import/register", files={"file": ("r.csv", b"Name\nA\n")},
                     data={"mapping": "not json"})
    assert r.status_code == 422 and r.json()["error"]["field"] == "mapping"
    r = ada.api.post(f"/api/v1/orgs/{ada.org_id}/import/register", data={"mapping": "{}"})
    assert r.status_code == 422 and r.json()["error"]["field"] == "file"
    big = b"Name\n" + b"x" * (1024 * 1024 + 10)
    r = _register(ada, big, {"Name": "name"})
    assert r.status_code == 413 and r.json()["error"]["field"] == "file"
    assert _counts(db) == before


def test_cli_profiles_become_systems_all_or_nothing(db: Database, person: Any) -> None:
    ada = person("ada@example.org")
    good = CV.read_bytes()
    other = json.dumps({"name": "FAQ bot", "answers": {"subject.kind": "system"}}).encode()
    bad = b"name: Broken\nanswers:\n  annex3_4_a.recruitment: perhaps\n"
    url = f"/api/v1/orgs/{ada.org_id}/import/profiles"
    before = _counts(db)
    r = ada.api.post(url, files=[("files", ("cv.yaml", good)), ("files", ("bad.yaml", bad))])
    assert r.status_code == 422
    assert r.json()["error"]["message"].startswith("bad.yaml:3, field 'annex3_4_a.recruitment'")
    assert _counts(db) == before
    r = ada.api.post(url, files=[("files", ("cv.yaml", good)), ("files", ("faq.json", other))],
                     data={"assess": "false"})
    assert r.status_code == 200 and r.json()["imported"] == 2
    names = [x["name"] for x in ada.api.get(f"/api/v1/orgs/{ada.org_id}/systems").json()["items"]]
    assert names == ["FAQ bot", CV_PROFILE["name"]]


def test_the_import_and_export_pages_work_through_a_register(db: Database, person: Any, client: TestClient) -> None:
    import re

    ada = person("ada@example.org")
    login(client, "ada@example.org")
    assert "Download XLSX" in client.get(f"/o/{ada.org_id}/export").text
    xlsx = client.get(f"/o/{ada.org_id}/export/inventory.xlsx")
    assert xlsx.status_code == 200 and "attachment" in xlsx.headers["content-disposition"]
    page = client.get(f"/o/{ada.org_id}/import")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    r = client.post(f"/o/{ada.org_id}/import/register", data={"csrf_token": token},
                    files={"file": ("register.csv", REGISTER.encode())})
    assert r.status_code == 200 and "System name" in r.text and "Dry run" in r.text
    content = re.search(r'name="content" value="([^"]+)"', r.text).group(1)  # type: ignore[union-attr]
    form = {"csrf_token": token, "filename": "register.csv", "content": content, "mode": "all",
            "map": list(MAPPING.values()), "action": "check"}
    r = client.post(f"/o/{ada.org_id}/import/register/run", data=form)
    assert r.status_code == 200 and "2 of 4 rows would be created" in r.text and "unknown status" in r.text
    before = _counts(db)
    r = client.post(f"/o/{ada.org_id}/import/register/run", data=form | {"action": "import"})
    assert r.status_code == 422 and "nothing was imported" in r.text and "unknown status" in r.text
    assert _counts(db) == before
    r = client.post(f"/o/{ada.org_id}/import/register/run", data=form | {"action": "import", "mode": "valid"})
    assert r.status_code == 200 and "Imported 2 systems" in r.text
    r = client.post(f"/o/{ada.org_id}/import/register", data={"csrf_token": token},
                    files={"file": ("r.xlsx", b"not a workbook")})
    assert r.status_code == 422 and "not an XLSX workbook" in r.text
    person("vic@example.org", role="viewer")
    viewer = TestClient(client.app)
    login(viewer, "vic@example.org")
    assert viewer.get(f"/o/{ada.org_id}/import").status_code == 403


# --- the command line -----------------------------------------------------------------------


def test_the_cli_exports_and_imports(sqlite_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from aiact.inventory import accounts

    with sqlite_db.session() as s:
        user = accounts.create_user(s, "ada@example.org", "long enough pw")
        accounts.create_organisation(s, "Acme", admin=user)
        accounts.create_organisation(s, "Copy", admin=user)
    path = sqlite_db.url.removeprefix("sqlite:///")
    register = tmp_path / "register.csv"
    register.write_text(REGISTER, encoding="utf-8")
    assert main(["inventory", "import", "Acme", str(register), "--db", path, "--dry-run",
                 "--map", "Used for recruitment?=answer:annex3_4_a.recruitment"]) == 1
    out = capsys.readouterr().out
    assert f"{register}:2: would create 'CV screening'" in out
    assert f"{register}:5, field 'Stage': unknown status 'someday'" in out
    assert main(["inventory", "import", "Acme", str(register), "--db", path]) == 2
    err = capsys.readouterr().err
    assert f"error: {register}:4, field 'System name': a system needs a name" in err
    assert "nothing was imported" in err.splitlines()[-1]
    assert main(["inventory", "import", "1", str(register), str(CV), "--db", path, "--mode", "valid",
                 "--no-assess"]) == 0
    assert "imported 2 system(s)" in capsys.readouterr().out
    export = tmp_path / "acme.json"
    assert main(["inventory", "export", "Acme", "--db", path, "-o", str(export)]) == 0
    doc = json.loads(export.read_text())
    assert sorted(x["name"] for x in doc["systems"]) == sorted(["CV screening", "Chatbot", CV_PROFILE["name"]])
    assert main(["inventory", "import", "Copy", str(export), "--db", path]) == 0
    copy = tmp_path / "copy.json"
    assert main(["inventory", "export", "2", "--db", path, "-o", str(copy)]) == 0
    assert _strip(json.loads(copy.read_text())) == _strip(doc)
    xlsx = tmp_path / "acme.xlsx"
    assert main(["inventory", "export", "Acme", "--db", path, "-o", str(xlsx)]) == 0
    assert load_workbook(xlsx).sheetnames == ["Systems", "Obligations"]
    capsys.readouterr()
    assert main(["inventory", "export", "Acme", "--db", path, "--format", "csv"]) == 0
    assert "CV screening" in capsys.readouterr().out
    with sqlite_db.session() as s:
        assert s.scalars(select(AuditEntry.actor).where(AuditEntry.action == "import")).first() == "aiact-cli"


def test_the_cli_refuses_bad_input_in_one_line(sqlite_db: Database, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    path = sqlite_db.url.removeprefix("sqlite:///")
    bad_xlsx = tmp_path / "reg.xlsx"
    bad_xlsx.write_bytes(b"not a workbook")
    broken = tmp_path / "broken.json"
    broken.write_text('{"aiact_inventory_export": 1, "organisation": {"name": "X"}, "systems": [{"name": 5}]}')
    cases = [
        (["inventory", "import", "Nope", str(bad_xlsx), "--db", path], "no organisation 'Nope'"),
        (["inventory", "export", "Nope", "--db", path], "no organisation 'Nope'"),
        (["inventory", "import", "Acme", str(tmp_path / "missing.csv"), "--db", path], "missing.csv: file not found"),
        (["inventory", "export", "Acme", "--db", path, "--format", "pdf"], "unknown format 'pdf'"),
    ]
    from aiact.inventory import accounts

    with sqlite_db.session() as s:
        accounts.create_organisation(s, "Acme", admin=accounts.create_user(s, "ada@example.org", "long enough pw"))
    cases += [
        (["inventory", "import", "Acme", str(bad_xlsx), "--db", path], f"{bad_xlsx}, field 'file': this is not an XLSX"),
        (["inventory", "import", "Acme", str(broken), "--db", path], f"{broken}, field 'systems.0.name'"),
    ]
    for argv, words in cases:
        assert main(argv) == 2, argv
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and err.startswith("error: ") and words in err, (argv, err)
