"""Moving an inventory in and out: an organisation's whole inventory as JSON (which imports
again exactly), the inventory as CSV or XLSX for spreadsheets, a register kept in a
spreadsheet read in with a column mapping and a dry run, and profiles written for the CLI.

Every import is all-or-nothing unless said otherwise, and audited: each system it creates
gets an entry, and the import itself one more.
"""

from __future__ import annotations

import base64
import binascii
import csv
import datetime as _dt
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session, undefer

from aiact import __version__, api
from aiact.engine.errors import AiactError
from aiact.inventory import audit, systems
from aiact.inventory.accounts import Actor
from aiact.inventory.errors import Invalid
from aiact.inventory.models import (
    AssessmentRecord,
    Evidence,
    Organisation,
    System,
    Task,
    User,
)

FORMAT = 1
WORDS = Path(__file__).parent / "data" / "register.yaml"
MAX_ROWS = 10_000
FIELDS = ("name", "owner", "purpose", "vendor", "status")
ANSWER = "answer:"
IGNORE = ""


# --- dates as text --------------------------------------------------------------------------


def _ts(value: _dt.datetime | None) -> str | None:
    """A moment as ISO text in UTC (the database may give it back without a zone: it is UTC)."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=_dt.UTC)
    return value.astimezone(_dt.UTC).isoformat().replace("+00:00", "Z")


def _day(value: _dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


# --- the JSON export ------------------------------------------------------------------------


def _emails(s: Session, ids: set[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    return {uid: email for uid, email in s.execute(select(User.id, User.email).where(User.id.in_(wanted)))}


def export_json(s: Session, actor: Actor, org_id: int, *, include_files: bool = False) -> dict[str, Any]:
    """The organisation's whole inventory as one JSON document: every system (deleted ones
    too, marked) with its details, answers, interview trail, kept assessments, tasks and
    evidence (its metadata; its content as base64 with ``include_files``)."""
    actor.require(org_id, "viewer")
    org = s.get(Organisation, org_id)
    assert org is not None
    all_systems = list(s.scalars(select(System).where(System.org_id == org_id).order_by(System.id)))
    records = list(s.scalars(select(AssessmentRecord).where(AssessmentRecord.org_id == org_id)
                             .options(undefer(AssessmentRecord.result)).order_by(AssessmentRecord.id)))
    tasks = list(s.scalars(select(Task).where(Task.org_id == org_id).order_by(Task.id)))
    ev_query = select(Evidence).where(Evidence.org_id == org_id).order_by(Evidence.id)
    if include_files:
        ev_query = ev_query.options(undefer(Evidence.content))
    evidence = list(s.scalars(ev_query))
    emails = _emails(s, {r.created_by for r in records} | {e.uploaded_by for e in evidence})

    by_task: dict[int, list[dict[str, Any]]] = {}
    for e in evidence:
        item: dict[str, Any] = {
            "id": e.id, "filename": e.filename, "content_type": e.content_type, "sha256": e.sha256,
            "size": e.size, "uploaded_by": emails.get(e.uploaded_by or 0), "uploaded_at": _ts(e.uploaded_at),
            "deleted_at": _ts(e.deleted_at)}
        if include_files:
            item["content_base64"] = base64.b64encode(e.content or b"").decode("ascii")
        by_task.setdefault(e.task_id, []).append(item)
    by_system_tasks: dict[int, list[dict[str, Any]]] = {}
    for t in tasks:
        by_system_tasks.setdefault(t.system_id, []).append({
            "id": t.id, "obligation_id": t.obligation_id, "ref": t.ref, "summary": t.summary,
            "owed_by": t.owed_by, "due_date": _day(t.due_date), "owner": t.owner, "status": t.status,
            "reason": t.reason, "current": t.current, "version": t.version, "updated_at": _ts(t.updated_at),
            "evidence": by_task.get(t.id, [])})
    by_system_records: dict[int, list[dict[str, Any]]] = {}
    for r in records:
        by_system_records.setdefault(r.system_id, []).append({
            "id": r.id, "created_at": _ts(r.created_at), "created_by": emails.get(r.created_by or 0),
            "as_of": _day(r.as_of), "law_version": r.law_version, "scenario": r.scenario,
            "category": r.category, "profile": r.profile, "result": r.result})
    out_systems = [{
        "id": x.id, "name": x.name, "owner": x.owner, "purpose": x.purpose, "vendor": x.vendor,
        "status": x.status, "profile": x.profile, "interview": x.interview, "tier": x.tier,
        "roles": [r for r in x.roles.split(",") if r], "next_deadline": _day(x.next_deadline),
        "assessed_at": _ts(x.assessed_at), "version": x.version, "created_at": _ts(x.created_at),
        "updated_at": _ts(x.updated_at), "deleted_at": _ts(x.deleted_at),
        "assessments": by_system_records.get(x.id, []), "tasks": by_system_tasks.get(x.id, []),
    } for x in all_systems]
    return {"aiact_inventory_export": FORMAT, "aiact_version": __version__,
            "exported_at": _ts(_dt.datetime.now(_dt.UTC).replace(microsecond=0)),
            "organisation": {"id": org.id, "name": org.name}, "include_files": include_files,
            "systems": out_systems}


# --- the JSON import ------------------------------------------------------------------------


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EvidenceDoc(_Doc):
    id: int | None = None
    filename: str = Field(min_length=1, max_length=255)
    content_type: str = Field(max_length=100)
    sha256: str = Field(pattern="^[0-9a-f]{64}$")
    size: int = Field(ge=0)
    uploaded_by: str | None = None
    uploaded_at: _dt.datetime
    deleted_at: _dt.datetime | None = None
    content_base64: str | None = None


class TaskDoc(_Doc):
    id: int | None = None
    obligation_id: str = Field(min_length=1, max_length=100)
    ref: str = Field(max_length=200)
    summary: str
    owed_by: str = Field(max_length=50)
    due_date: _dt.date | None = None
    owner: str = Field("", max_length=200)
    status: Literal["open", "in_progress", "done", "not_applicable"] = "open"
    reason: str = ""
    current: bool = True
    version: int = Field(1, ge=1)
    updated_at: _dt.datetime
    evidence: list[EvidenceDoc] = []


class AssessmentDoc(_Doc):
    id: int | None = None
    created_at: _dt.datetime
    created_by: str | None = None
    as_of: _dt.date
    law_version: str = Field(max_length=100)
    scenario: str | None = Field(None, max_length=100)
    category: str = Field(max_length=30)
    profile: dict[str, Any]
    result: dict[str, Any]


class SystemDoc(_Doc):
    id: int | None = None
    name: str = Field(min_length=1, max_length=200)
    owner: str = Field("", max_length=200)
    purpose: str = ""
    vendor: str = Field("", max_length=200)
    status: Literal["idea", "development", "market", "retired"] = "idea"
    profile: dict[str, Any] = {}
    interview: list[Any] = []
    tier: str | None = Field(None, max_length=30)
    roles: list[str] = []
    next_deadline: _dt.date | None = None
    assessed_at: _dt.datetime | None = None
    version: int = Field(1, ge=1)
    created_at: _dt.datetime
    updated_at: _dt.datetime
    deleted_at: _dt.datetime | None = None
    assessments: list[AssessmentDoc] = []
    tasks: list[TaskDoc] = []


class OrganisationDoc(_Doc):
    id: int | None = None
    name: str


class ExportDoc(_Doc):
    aiact_inventory_export: Literal[1]
    aiact_version: str = ""
    exported_at: _dt.datetime | None = None
    organisation: OrganisationDoc
    include_files: bool = False
    systems: list[SystemDoc]


def _validation_error(exc: ValidationError, prefix: str = "") -> Invalid:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first.get("loc", ()))
    return Invalid(str(first.get("msg", "invalid")).replace("Value error, ", ""),
                   field=f"{prefix}{where}" if where else prefix.rstrip(".") or None)


def is_export(data: Any) -> bool:
    return isinstance(data, dict) and "aiact_inventory_export" in data


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do)."""

    systems: list[dict[str, Any]] = field(default_factory=list)  # {"row"/"file", "name", "id"}
    errors: list[dict[str, Any]] = field(default_factory=list)  # {"row", "column", "message"}
    notes: list[str] = field(default_factory=list)
    dry_run: bool = False
    imported: int = 0


def _aware(value: _dt.datetime | None) -> _dt.datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=_dt.UTC)
    return value


def import_json(s: Session, actor: Actor, org_id: int, data: Any, *, dry_run: bool = False,
                source: str = "upload") -> ImportReport:
    """Read a document written by ``export_json`` into the organisation, all or nothing: each
    system keeps its details, answers, interview trail, version, dates, kept assessments,
    tasks and evidence (evidence files only when the export holds their content)."""
    actor.require(org_id, "editor")
    if not isinstance(data, dict):
        raise Invalid("an inventory export is a JSON object (from GET /api/v1/orgs/ID/export)", field="document")
    if not is_export(data):
        raise Invalid("not an aiact inventory export: 'aiact_inventory_export' is missing",
                      field="aiact_inventory_export")
    try:
        doc = ExportDoc.model_validate(data)
    except ValidationError as exc:
        raise _validation_error(exc) from None
    users = {email: uid for email, uid in s.execute(select(User.email, User.id))}
    report = ImportReport(dry_run=dry_run)
    unknown_people: set[str] = set()
    skipped_files = 0
    contents: dict[tuple[int, int, int], bytes] = {}
    profiles: dict[int, dict[str, Any]] = {}
    for i, sd in enumerate(doc.systems):
        where = f"systems.{i}"
        if sd.profile:
            try:
                profiles[i] = systems.checked_profile(sd.profile, source=f"{source}: {where}")
            except Invalid as exc:
                raise Invalid(exc.message, field=f"{where}.{exc.field}") from None
        if len("," + ",".join(sd.roles) + ",") > 200:
            raise Invalid("at most 200 characters of roles", field=f"{where}.roles")
        keys = [t.obligation_id for t in sd.tasks]
        if len(keys) != len(set(keys)):
            raise Invalid("an obligation appears twice", field=f"{where}.tasks")
        for j, td in enumerate(sd.tasks):
            for k, ed in enumerate(td.evidence):
                if ed.content_base64 is None:
                    skipped_files += 1
                    continue
                efield = f"{where}.tasks.{j}.evidence.{k}.content_base64"
                try:
                    content = base64.b64decode(ed.content_base64, validate=True)
                except (binascii.Error, ValueError):
                    raise Invalid("not base64", field=efield) from None
                if hashlib.sha256(content).hexdigest() != ed.sha256 or len(content) != ed.size:
                    raise Invalid("the file does not match its sha256 and size", field=efield)
                contents[(i, j, k)] = content
        for a in sd.assessments:
            if a.created_by and a.created_by not in users:
                unknown_people.add(a.created_by)
        for td in sd.tasks:
            for ed in td.evidence:
                if ed.uploaded_by and ed.uploaded_by not in users:
                    unknown_people.add(ed.uploaded_by)
        report.systems.append({"row": i, "name": sd.name, "id": None})
    if skipped_files:
        report.notes.append(f"{skipped_files} evidence file(s) not imported: the export holds their metadata "
                            "only (export with ?include_files=true to move the files too)")
    if unknown_people:
        report.notes.append("these people have no account here, so their assessments and uploads are kept "
                            "without a name: " + ", ".join(sorted(unknown_people)))
    if dry_run:
        return report

    for i, sd in enumerate(doc.systems):
        system = System(org_id=org_id, name=sd.name.strip(), owner=sd.owner, purpose=sd.purpose, vendor=sd.vendor,
                        status=sd.status, profile=profiles.get(i, {"aiact_profile": 1, "answers": {}}),
                        interview=sd.interview, tier=sd.tier,
                        roles="," + ",".join(sd.roles) + "," if sd.roles else "",
                        next_deadline=sd.next_deadline, assessed_at=_aware(sd.assessed_at), version=sd.version,
                        created_at=_aware(sd.created_at), updated_at=_aware(sd.updated_at),
                        deleted_at=_aware(sd.deleted_at))
        s.add(system)
        s.flush()
        for a in sd.assessments:
            s.add(AssessmentRecord(system_id=system.id, org_id=org_id, created_at=_aware(a.created_at),
                                   created_by=users.get(a.created_by or ""), as_of=a.as_of,
                                   law_version=a.law_version, scenario=a.scenario, category=a.category,
                                   profile=a.profile, result=a.result))
        evidence_count = 0
        for j, td in enumerate(sd.tasks):
            task = Task(system_id=system.id, org_id=org_id, obligation_id=td.obligation_id, ref=td.ref,
                        summary=td.summary, owed_by=td.owed_by, due_date=td.due_date, owner=td.owner,
                        status=td.status, reason=td.reason, current=td.current, version=td.version,
                        updated_at=_aware(td.updated_at))
            s.add(task)
            s.flush()
            for k, ed in enumerate(td.evidence):
                if (i, j, k) not in contents:
                    continue
                s.add(Evidence(task_id=task.id, org_id=org_id, filename=ed.filename, content_type=ed.content_type,
                               sha256=ed.sha256, size=ed.size, content=contents[(i, j, k)],
                               uploaded_by=users.get(ed.uploaded_by or ""), uploaded_at=_aware(ed.uploaded_at),
                               deleted_at=_aware(ed.deleted_at)))
                evidence_count += 1
        s.flush()
        audit.append(s, actor=actor.email, actor_id=actor.user_id or None, org_id=org_id, action="import",
                     entity="system", entity_id=system.id,
                     after=systems.snapshot(system) | {"answers": system.profile.get("answers", {}),
                                                       "assessments": len(sd.assessments),
                                                       "tasks": len(sd.tasks), "evidence": evidence_count,
                                                       "from": {"organisation": doc.organisation.name,
                                                                "system_id": sd.id}})
        report.systems[i]["id"] = system.id
    report.imported = len(doc.systems)
    audit.append(s, actor=actor.email, actor_id=actor.user_id or None, org_id=org_id, action="import",
                 entity="organisation", entity_id=org_id,
                 after={"source": source, "kind": "inventory export", "from": doc.organisation.name,
                        "systems": report.imported, "notes": report.notes})
    return report


# --- spreadsheets out -----------------------------------------------------------------------

SUMMARY_COLUMNS = ("id", "name", "owner", "purpose", "vendor", "status", "tier", "roles", "next deadline",
                   "last assessed", "open obligations")
TASK_COLUMNS = ("system id", "system", "obligation", "provision", "summary", "owed by", "due date", "owner",
                "status", "reason")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _rows(s: Session, actor: Actor, org_id: int) -> tuple[list[list[Any]], list[list[Any]]]:
    actor.require(org_id, "viewer")
    live = list(s.scalars(select(System).where(System.org_id == org_id, System.deleted_at.is_(None))
                          .order_by(System.name, System.id)))
    open_counts = {sid: n for sid, n in s.execute(
        select(Task.system_id, func.count()).where(Task.org_id == org_id, Task.current.is_(True),
                                                   Task.status.in_(("open", "in_progress")))
        .group_by(Task.system_id))}
    summary = [[x.id, x.name, x.owner, x.purpose, x.vendor, x.status, x.tier or "not assessed",
                ", ".join(r for r in x.roles.split(",") if r), x.next_deadline,
                _naive(x.assessed_at), open_counts.get(x.id, 0)] for x in live]
    names = {x.id: x.name for x in live}
    tasks = list(s.scalars(select(Task).where(Task.org_id == org_id, Task.current.is_(True),
                                              Task.system_id.in_(names) if names else Task.id < 0)
                           .order_by(Task.system_id, Task.due_date, Task.id)))
    obligations = [[t.system_id, names[t.system_id], t.obligation_id, t.ref, t.summary, t.owed_by, t.due_date,
                    t.owner, t.status, t.reason] for t in tasks]
    return summary, obligations


def _naive(value: _dt.datetime | None) -> _dt.datetime | None:
    """A moment in UTC without its zone (spreadsheets have no time zones)."""
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(_dt.UTC).replace(tzinfo=None)
    return value


def _cell_text(value: Any) -> str:
    """A value as CSV text; text that a spreadsheet would run as a formula gets a leading '."""
    if value is None:
        return ""
    if isinstance(value, _dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, _dt.date):
        return value.isoformat()
    text = str(value)
    return "'" + text if isinstance(value, str) and text.startswith(_FORMULA_START) else text


def export_csv(s: Session, actor: Actor, org_id: int) -> bytes:
    """One row per system (UTF-8 with a byte-order mark, so spreadsheet programs read it right)."""
    summary, _ = _rows(s, actor, org_id)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(SUMMARY_COLUMNS)
    for row in summary:
        writer.writerow([_cell_text(v) for v in row])
    return out.getvalue().encode("utf-8-sig")


def export_xlsx(s: Session, actor: Actor, org_id: int) -> bytes:
    """A workbook: a sheet of systems (one row each) and a sheet of their obligations."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    summary, obligations = _rows(s, actor, org_id)
    book = Workbook()
    first = book.active
    assert first is not None
    sheets = ((first, "Systems", SUMMARY_COLUMNS, summary), (book.create_sheet(), "Obligations", TASK_COLUMNS,
                                                             obligations))
    for sheet, title, columns, rows in sheets:
        sheet.title = title
        sheet.append(list(columns))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
        for line in sheet.iter_rows(min_row=2):
            for cell in line:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text, never a formula
                elif isinstance(cell.value, _dt.datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm"
                elif isinstance(cell.value, _dt.date):
                    cell.number_format = "yyyy-mm-dd"
        sheet.freeze_panes = "A2"
        for index, name in enumerate(columns):
            width = max([len(name)] + [len(_cell_text(r[index])) for r in rows[:200]])
            sheet.column_dimensions[sheet.cell(row=1, column=index + 1).column_letter].width = min(60, width + 2)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- a register in, from CSV or XLSX --------------------------------------------------------


@dataclass
class Table:
    """A spreadsheet's first sheet: its column headings and its rows (as text)."""

    columns: list[str]
    rows: list[list[str]]  # the first data row is row 2 of the file

    def sample(self, index: int, n: int = 3) -> list[str]:
        return [r[index] for r in self.rows if index < len(r) and r[index]][:n]


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[-_/.]", " ", text).lower().split())


@cache
def words() -> dict[str, dict[str, str]]:
    """The synonyms table (``data/register.yaml``): status words and column headings."""
    data = yaml.safe_load(WORDS.read_text(encoding="utf-8"))
    out: dict[str, dict[str, str]] = {}
    for section in ("status", "columns"):
        out[section] = {}
        for target, synonyms in data[section].items():
            for word in [target, *synonyms]:
                out[section][_norm(str(word))] = target
    return out


def status_from(text: str) -> str:
    """The inventory status a person's word stands for (only the words in the table)."""
    found = words()["status"].get(_norm(text))
    if found is None:
        raise Invalid(f"unknown status '{text}': write one of idea, development, market, retired "
                      "(or a word listed in aiact/inventory/data/register.yaml, e.g. 'in production')",
                      field="status")
    return found


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if value.time() == _dt.time() else value.isoformat(sep=" ")
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    if text.startswith("'") and text[1:2] in _FORMULA_START:
        text = text[1:]  # the guard our own export puts before formula-like text
    return text


def read_table(filename: str, content: bytes) -> Table:
    """Read a CSV (UTF-8; comma, semicolon or tab) or XLSX file's first sheet; the first row
    holds the column headings."""
    name = (filename or "").lower()
    if name.endswith(".xlsx") or content[:4] == b"PK\x03\x04":
        raw = _read_xlsx(content)
    elif name.endswith((".csv", ".txt", ".tsv")) or not name:
        raw = _read_csv(content)
    else:
        raise Invalid(f"'{filename}' is neither a CSV nor an XLSX file", field="file")
    raw = [r for r in raw if any(c for c in r)]
    if not raw:
        raise Invalid("the file is empty: the first row should name the columns", field="file")
    columns = [c or f"column {i + 1}" for i, c in enumerate(raw[0])]
    seen: set[str] = set()
    for c in columns:
        if c in seen:
            raise Invalid(f"two columns are headed '{c}'; rename one", field="file")
        seen.add(c)
    rows = raw[1:]
    if len(rows) > MAX_ROWS:
        raise Invalid(f"the file has {len(rows)} rows; import at most {MAX_ROWS} at a time", field="file")
    return Table(columns, [r + [""] * (len(columns) - len(r)) for r in rows])


def _read_csv(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Invalid("the CSV is not UTF-8 text: save it as 'CSV UTF-8' and upload it again", field="file") from None
    if "\x00" in text:
        raise Invalid("this is not a CSV file (it holds binary data)", field="file")
    first = text.split("\n", 1)[0]
    try:
        dialect: Any = csv.Sniffer().sniff(first, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return [[_cell(c) for c in row] for row in csv.reader(io.StringIO(text), dialect)]
    except csv.Error as exc:
        raise Invalid(f"the CSV cannot be read: {exc}", field="file") from None


def _read_xlsx(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise Invalid("this is not an XLSX workbook (save it from the spreadsheet as .xlsx)", field="file") from None
    try:
        sheet = book.worksheets[0]
        return [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def suggest_mapping(table: Table) -> dict[str, str]:
    """A first guess at the mapping from the headings: the words in the synonyms table, and
    headings that are question ids. Unknown headings are ignored (the person chooses)."""
    known = words()["columns"]
    law = _questions()
    out: dict[str, str] = {}
    taken: set[str] = set()
    for col in table.columns:
        target = known.get(_norm(col))
        if target is None and col.strip() in law:
            target = ANSWER + col.strip()
        if target and target not in taken:
            out[col] = target
            taken.add(target)
        else:
            out[col] = IGNORE
    return out


def _questions() -> dict[str, Any]:
    from aiact.engine.load import load_law

    return dict(load_law().questions)


def targets() -> list[tuple[str, str]]:
    """Every field a column can map to, with a label: the system's details, then each question."""
    out = [(f, f) for f in FIELDS]
    out += [(ANSWER + qid, f"answer: {qid} — {q.text}") for qid, q in _questions().items()]
    return out


def check_mapping(table: Table, mapping: dict[str, str]) -> dict[int, str]:
    """The mapping by column index; refuses columns not in the file, unknown targets, a field
    taken twice, and no column for the name."""
    if not isinstance(mapping, dict):
        raise Invalid("the mapping is an object of column heading -> field", field="mapping")
    questions = _questions()
    by_index: dict[int, str] = {}
    used: dict[str, str] = {}
    for col, target in mapping.items():
        if not isinstance(target, str):
            raise Invalid("expected a field name", field=f"mapping.{col}")
        if col not in table.columns:
            raise Invalid(f"the file has no column '{col}' (it has: {', '.join(table.columns)})",
                          field=f"mapping.{col}")
        target = target.strip()
        if target == IGNORE:
            continue
        if target not in FIELDS and not (target.startswith(ANSWER) and target[len(ANSWER):] in questions):
            raise Invalid(f"'{target}' is not a field: map to one of {', '.join(FIELDS)} or 'answer:QUESTION_ID'",
                          field=f"mapping.{col}")
        if target in used:
            raise Invalid(f"columns '{used[target]}' and '{col}' are both mapped to {target}", field=f"mapping.{col}")
        used[target] = col
        by_index[table.columns.index(col)] = target
    if "name" not in used:
        raise Invalid("map one column to the system's name", field="mapping")
    return by_index


@dataclass
class Row:
    row: int
    values: dict[str, str]
    profile: dict[str, Any] | None
    errors: list[dict[str, Any]]


def plan_rows(table: Table, mapping: dict[str, str]) -> list[Row]:
    """Each row read through the mapping: the system it would create, or its errors (row
    number in the file, column, message)."""
    by_index = check_mapping(table, mapping)
    status_columns = {table.columns[i] for i, t in by_index.items() if t == "status"}
    out: list[Row] = []
    for n, raw in enumerate(table.rows, start=2):
        values: dict[str, str] = {}
        errors: list[dict[str, Any]] = []
        answer_cols: dict[str, str] = {}
        p = api.read_profile({"answers": {}})
        for index, target in by_index.items():
            col, text = table.columns[index], raw[index].strip()
            if target in FIELDS:
                if target == "status" and text:
                    try:
                        text = status_from(text)
                    except Invalid as exc:
                        errors.append({"row": n, "column": col, "message": exc.message})
                        continue
                limit = 200 if target != "purpose" else 100_000
                if len(text) > limit:
                    errors.append({"row": n, "column": col, "message": f"at most {limit} characters"})
                    continue
                values[target] = text
                continue
            if not text:
                continue
            qid = target[len(ANSWER):]
            answer_cols[qid] = col
            try:
                p.set_answer(qid, api.parse_answer(qid, text))
            except AiactError as exc:
                errors.append({"row": n, "column": col, "message": exc.message})
        if not values.get("name"):
            errors.append({"row": n, "column": table.columns[next(i for i, t in by_index.items() if t == "name")],
                           "message": "a system needs a name"})
        if not values.get("status") and not any(e["column"] in status_columns for e in errors):
            values["status"] = "idea"
        profile: dict[str, Any] | None = None
        if not errors:
            try:
                profile = systems.checked_profile(api.profile_data(p), source=f"row {n}")
            except Invalid as exc:
                qid = (exc.field or "").removeprefix("profile.answers.")
                errors.append({"row": n, "column": answer_cols.get(qid, qid or "answers"), "message": exc.message})
        out.append(Row(n, values, profile, errors))
    return out


def import_register(s: Session, actor: Actor, org_id: int, table: Table, mapping: dict[str, str], *,
                    mode: Literal["valid", "all"] = "all", dry_run: bool = False, assess: bool = True,
                    source: str = "register") -> ImportReport:
    """Create a system for each row. ``mode="all"``: nothing is saved if any row has an error;
    ``"valid"``: the valid rows are saved and the others reported. A dry run saves nothing."""
    actor.require(org_id, "editor")
    if mode not in ("valid", "all"):
        raise Invalid("mode is 'valid' (import the valid rows) or 'all' (all or nothing)", field="mode")
    rows = plan_rows(table, mapping)
    report = ImportReport(dry_run=dry_run)
    for r in rows:
        report.errors.extend(r.errors)
        report.systems.append({"row": r.row, "name": r.values.get("name", ""), "id": None,
                               "status": r.values.get("status"), "ok": not r.errors,
                               "answers": len((r.profile or {}).get("answers", {}))})
    if dry_run:
        return report
    if mode == "all" and report.errors:
        first = report.errors[0]
        more = f" (and {len(report.errors) - 1} more)" if len(report.errors) > 1 else ""
        raise Invalid(f"row {first['row']}, column '{first['column']}': {first['message']}{more}; "
                      "nothing was imported", field=f"rows.{first['row']}.{first['column']}")
    created = _create(s, actor, org_id, [(r.values, r.profile) for r in rows if not r.errors], assess)
    for entry, system_id in zip((e for e in report.systems if e["ok"]), created, strict=True):
        entry["id"] = system_id
    report.imported = len(created)
    audit.append(s, actor=actor.email, actor_id=actor.user_id or None, org_id=org_id, action="import",
                 entity="organisation", entity_id=org_id,
                 after={"source": source, "kind": "register", "mode": mode, "systems": report.imported,
                        "rows_with_errors": sorted({e["row"] for e in report.errors}),
                        "mapping": {k: v for k, v in mapping.items() if v}})
    return report


def _create(s: Session, actor: Actor, org_id: int, items: list[tuple[dict[str, str], dict[str, Any] | None]],
            assess: bool) -> list[int]:
    ids = []
    for values, profile in items:
        system = systems.create_system(s, actor, org_id, values, profile)
        if assess:
            systems.assess_system(s, actor, system.id)
        ids.append(system.id)
    return ids


# --- profiles written for the CLI -----------------------------------------------------------


def import_profiles(s: Session, actor: Actor, org_id: int, files: list[tuple[str, bytes]], *,
                    dry_run: bool = False, assess: bool = True) -> ImportReport:
    """Each profile file (YAML or JSON, as ``aiact assess`` reads) becomes a system with its
    answers, named after the profile's ``name`` (else the file). All or nothing: a bad file
    is refused naming the file, line and field."""
    from aiact.engine import yamlio

    actor.require(org_id, "editor")
    if not files:
        raise Invalid("give at least one profile file", field="files")
    items: list[tuple[dict[str, str], dict[str, Any] | None]] = []
    report = ImportReport(dry_run=dry_run)
    for filename, content in files:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise Invalid(f"{filename}: not UTF-8 text", field="files") from None
        try:
            data = yamlio.loads(text, source=filename)
            if is_export(data):
                raise Invalid(f"{filename}: this is a whole inventory export; import it as such", field="files")
            prof = api.read_profile(data if data is not None else {}, source=filename)
        except AiactError as exc:
            raise Invalid(exc.describe(), field="files") from None
        stem = Path(filename).stem or "profile"
        values = {"name": (prof.name or stem).strip()[:200] or stem, "purpose": (prof.description or "").strip()}
        items.append((values, api.profile_data(prof)))
        report.systems.append({"file": filename, "name": values["name"], "id": None,
                               "answers": len(prof.answers) + len(prof.unknown), "ok": True})
    if dry_run:
        return report
    for entry, system_id in zip(report.systems, _create(s, actor, org_id, items, assess), strict=True):
        entry["id"] = system_id
    report.imported = len(items)
    audit.append(s, actor=actor.email, actor_id=actor.user_id or None, org_id=org_id, action="import",
                 entity="organisation", entity_id=org_id,
                 after={"kind": "profiles", "files": [f for f, _ in files], "systems": report.imported})
    return report


def report_data(report: ImportReport) -> dict[str, Any]:
    return {"dry_run": report.dry_run, "imported": report.imported, "systems": report.systems,
            "errors": report.errors, "notes": report.notes}

