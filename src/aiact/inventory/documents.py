"""A system's page in the inventory: what it needs, as the engine and ``aiact.documents`` say.

- ``overview``: the system, its kept assessments, the latest outcome, its open obligations and
  the documents that outcome calls for (``aiact.documents.needs``);
- ``document_file``: one of those documents, built from the latest kept assessment
  (``aiact.documents.build``) and rendered by ``aiact.documents.formats``, as ``aiact docs`` does;
- ``reassess_org`` / ``run_results``: every system of an organisation assessed again, and which
  outcomes changed (``systems.reassess_all`` and ``systems.diff``).

Nothing here decides a point of law: it rebuilds the stored result and hands it to the modules
that do.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aiact import documents
from aiact.documents import formats
from aiact.documents.render import requirement
from aiact.engine.errors import AiactError
from aiact.engine.result import Assessment
from aiact.inventory import systems
from aiact.inventory.accounts import Actor
from aiact.inventory.errors import Invalid, NotFound
from aiact.inventory.models import AssessmentRecord, AuditEntry, Organisation, System, Task, User

MEDIA_TYPES = {
    "markdown": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "json": "application/json",
}
OPEN_STATUSES = ("open", "in_progress")
# the CLI's option names in the documents' errors, as the web app's parameters
_FIELDS = {"--language": "language", "--format": "format", "KIND": "kind"}


@functools.cache
def pdf_available() -> bool:
    """Whether WeasyPrint (the optional ``pdf`` extra) can be imported here."""
    try:
        import weasyprint  # noqa: F401
    except Exception:  # noqa: BLE001 - missing, or its system libraries are
        return False
    return True


def formats_offered() -> list[str]:
    """The formats every document comes in (PDF only where WeasyPrint is installed)."""
    return ["markdown", "html", "docx"] + (["pdf"] if pdf_available() else [])


def latest_record(s: Session, system_id: int) -> AssessmentRecord | None:
    return s.scalars(select(AssessmentRecord).where(AssessmentRecord.system_id == system_id)
                     .order_by(AssessmentRecord.id.desc()).limit(1)).first()


def assessment_of(record: AssessmentRecord) -> Assessment:
    """The kept result as the engine's Assessment again."""
    return Assessment.model_validate(record.result)


@dataclass
class Overview:
    """What the system page shows."""

    system: System
    org: Organisation
    records: list[AssessmentRecord]  # newest first
    assessment: Assessment | None  # the latest, rebuilt
    needs: list[documents.Need]
    open_tasks: int
    people: dict[int | None, str]  # who made the assessments: user id -> e-mail address

    @property
    def latest(self) -> AssessmentRecord | None:
        return self.records[0] if self.records else None


def overview(s: Session, actor: Actor, system_id: int) -> Overview:
    system = systems.get_system(s, actor, system_id)
    records = systems.assessments(s, actor, system_id)
    assessment = assessment_of(records[0]) if records else None
    open_tasks = s.scalar(select(func.count()).select_from(Task).where(
        Task.system_id == system.id, Task.current.is_(True), Task.status.in_(OPEN_STATUSES))) or 0
    org = s.get(Organisation, system.org_id)
    assert org is not None
    ids = {r.created_by for r in records if r.created_by}
    people: dict[int | None, str] = {None: "aiact (command line)"}
    if ids:
        people.update({u.id: u.email for u in s.scalars(select(User).where(User.id.in_(ids)))})
    return Overview(system, org, records, assessment, documents.needs(assessment) if assessment else [], open_tasks,
                    people)


def last_change(s: Session, system: System) -> AuditEntry | None:
    """The audit entry of the system's latest change: who saved it, and when (the conflict page)."""
    return s.scalars(select(AuditEntry).where(AuditEntry.entity == "system", AuditEntry.entity_id == str(system.id))
                     .order_by(AuditEntry.id.desc()).limit(1)).first()


@dataclass
class Needed:
    system: System
    record: AssessmentRecord | None
    needs: list[documents.Need]


def needed(s: Session, actor: Actor, system_id: int) -> Needed:
    """The documents the system's latest kept assessment calls for (none before the first)."""
    system = systems.get_system(s, actor, system_id)
    record = latest_record(s, system.id)
    return Needed(system, record, documents.needs(assessment_of(record)) if record else [])


@dataclass
class File:
    filename: str
    media_type: str
    content: bytes
    title: str
    attachment: bool


def _stem(system: System) -> str:
    ascii_name = unicodedata.normalize("NFKD", system.name).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9]+", "-", ascii_name).strip("-").lower()[:60].strip("-")
    return stem or f"system-{system.id}"


def document_file(s: Session, actor: Actor, system_id: int, kind: str, fmt: str = "markdown",
                  language: str = "en") -> File:
    """One document the system needs, built from its latest kept assessment, in a format.

    A document the assessment does not call for is refused with the reason (as ``aiact docs``
    refuses it without ``--force``)."""
    system = systems.get_system(s, actor, system_id)
    catalogue = documents.known_kinds()
    if kind not in catalogue:
        raise NotFound(f"no document kind '{kind}' (known: {', '.join(catalogue)})", field="kind")
    if fmt not in formats.FORMATS:
        raise Invalid(f"unknown format '{fmt}' (known: {', '.join(formats.FORMATS)})", field="format")
    record = latest_record(s, system.id)
    if record is None:
        raise Invalid("this system has not been assessed yet: assess it first, then its documents follow",
                      field="system_id")
    assessment = assessment_of(record)
    required, reason, _ = requirement(catalogue[kind], assessment)
    if not required:
        raise Invalid(f"not needed for this system: {reason}", field="kind")
    org = s.get(Organisation, system.org_id)
    try:
        doc = documents.build(kind, systems.profile_of(system, org, record.profile), assessment, language=language)
        data = formats.render_bytes(doc, fmt)
    except AiactError as exc:
        raise Invalid(exc.message, field=_FIELDS.get(exc.field or "", exc.field)) from None
    return File(formats.default_name(doc, fmt, _stem(system)), MEDIA_TYPES[fmt], data,
                doc.kind.title_in(language), attachment=fmt in formats.BINARY)


def reassess_org(s: Session, actor: Actor, org_id: int, as_of: _dt.date | None = None) -> list[systems.Reassessed]:
    """Every system of the organisation assessed again (editors and admins)."""
    return systems.reassess_all(s, actor, org_ids=[org_id], as_of=as_of)


def run_results(s: Session, actor: Actor, org_id: int, first: int, last: int) -> list[systems.Reassessed]:
    """A reassessment run read back from the assessments it kept (ids ``first`` to ``last``), each
    compared with the assessment of the same system before it."""
    actor.require(org_id, "viewer")
    if first < 1 or last < first:
        raise Invalid("not a run of assessments", field="first")
    out: list[systems.Reassessed] = []
    for after in s.scalars(select(AssessmentRecord).where(
            AssessmentRecord.org_id == org_id, AssessmentRecord.id >= first, AssessmentRecord.id <= last)
            .order_by(AssessmentRecord.id)):
        before = s.scalars(select(AssessmentRecord).where(AssessmentRecord.system_id == after.system_id,
                                                          AssessmentRecord.id < after.id)
                           .order_by(AssessmentRecord.id.desc()).limit(1)).first()
        system = s.get(System, after.system_id)
        if system is None:  # pragma: no cover - a kept assessment always has its system
            raise NotFound("no such system", field="system_id")
        out.append(systems.Reassessed(system, before, after, systems.diff(before, after) if before else None))
    return out
