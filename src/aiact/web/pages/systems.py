"""The inventory's pages: the list of systems, a system's details and history, its documents,
how two assessments differ, and reassessing the whole inventory.

Every route is thin: it reads the form, calls the service function the API calls too
(``aiact.inventory.systems`` and ``aiact.inventory.documents``), and renders or redirects.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from aiact import api
from aiact.engine.assess import answer_text
from aiact.engine.errors import AiactError
from aiact.engine.load import load_law
from aiact.engine.result import Assessment
from aiact.inventory import documents as docs
from aiact.inventory import systems as inv
from aiact.inventory.errors import Conflict, Invalid
from aiact.inventory.models import SYSTEM_STATUSES, Organisation
from aiact.web.api.documents import file_response
from aiact.web.deps import DB, Caller, PageCaller, check_csrf
from aiact.web.pages.common import organisation
from aiact.web.templating import TIER_WORDS, templates

router = APIRouter()

PER_PAGE = 50
COLUMNS = [  # (sort key or None, heading)
    ("name", "Name"), ("tier", "Tier"), (None, "Roles"), ("status", "Status"), ("owner", "Owner"),
    ("vendor", "Vendor"), ("deadline", "Next deadline"), ("assessed", "Last assessed"),
]
OUTCOME_LABELS = {
    "category": "Tier", "ai_system": "AI system (Art. 3(1))", "in_scope": "In scope (Art. 2)",
    "prohibited": "Prohibited practices (Art. 5)", "high_risk_bases": "High-risk bases (Art. 6)",
    "art_6_3_exempt": "Art. 6(3) exemption", "transparency": "Transparency duties (Art. 50)",
    "gpai_model": "General-purpose AI model", "systemic_risk": "Systemic risk (Art. 51)",
    "roles": "Your roles", "fria_required": "Fundamental rights impact assessment (Art. 27)",
    "registration": "Registration (Art. 49)", "conformity": "Conformity assessment (Art. 43)",
    "applies_from": "Applies from", "max_fine_eur": "Maximum fine", "undetermined": "Still undetermined",
}
DOC_STATUS = {"required": "required", "on_event": "when it happens", "optional": "if you choose to",
              "possible": "may be required"}
NOTICES = {
    "created": "The system is in the inventory. Next: answer the interview, then assess it.",
    "saved": "Your changes are saved.",
    "assessed": "Assessed: the outcome below is the new latest assessment (the earlier ones are kept).",
    "deleted": "The system was deleted: it left the inventory; its assessments and audit entries are kept.",
}
FORMAT_LABELS = {"markdown": "Markdown", "html": "HTML", "docx": "Word", "pdf": "PDF", "json": "JSON"}


# ---------------------------------------------------------------- helpers


def _can_edit(caller: Caller, org_id: int) -> bool:
    return caller.actor.role(org_id) in ("editor", "admin")


def _date(value: str | None, field: str) -> _dt.date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise Invalid(f"'{value}' is not a date; write YYYY-MM-DD", field=field) from None


def _int(value: str | None, field: str, default: int | None = None) -> int:
    value = (value or "").strip()
    if not value and default is not None:
        return default
    try:
        return int(value)
    except ValueError:
        raise Invalid(f"'{value}' is not a whole number", field=field) from None


def _url(path: str, params: dict[str, Any]) -> str:
    kept = {k: v for k, v in params.items() if v not in (None, "", False)}
    return path + ("?" + urlencode(kept) if kept else "")


def role_names() -> list[str]:
    """The operator roles the law knows (its ``roles`` group), as the assessment names them."""
    return [rid.split(".", 1)[1] for rid in load_law().groups.get("roles", [])]


def words(value: Any, field: str = "") -> str:
    """An outcome value in words."""
    if field == "category":
        return TIER_WORDS.get(value, str(value))
    if field == "max_fine_eur" and isinstance(value, int | float):
        return money(value)
    if value is None:
        return "undetermined" if field else "—"
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, list):
        return ", ".join(str(v).replace("_", " ") for v in value) or "none"
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value).replace("_", " ")


def money(value: float | None) -> str:
    return "—" if value is None else "EUR " + f"{value:,.0f}".replace(",", " ")


def answer_words(qid: str, value: Any) -> str:
    """A stored answer in words (the option's label for a choice)."""
    if value is None:
        return "not answered"
    question = load_law().questions.get(qid)
    if question is None:
        return str(value)
    try:
        return answer_text(question, api.parse_answer(qid, value))
    except AiactError:
        return str(value)


def question_text(qid: str) -> str:
    question = load_law().questions.get(qid)
    return question.text if question else f"{qid} (no longer asked by this version of the law)"


@dataclass
class AnswerRow:
    id: str
    topic: str
    question: str
    answer: str


def answer_rows(profile: dict[str, Any]) -> list[AnswerRow]:
    law = load_law()
    rows = []
    for qid, value in (profile.get("answers") or {}).items():
        q = law.questions.get(qid)
        topic = law.topics[q.topic].title if q and q.topic in law.topics else ""
        rows.append(AnswerRow(qid, topic, question_text(qid), answer_words(qid, value)))
    return rows


def _render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    return templates.TemplateResponse(request, name, context, status_code=status)


# ---------------------------------------------------------------- the inventory


@router.get("/o/{org_id}/systems")
def inventory(request: Request, org_id: int, s: DB, caller: PageCaller) -> Response:
    """The inventory: search, filter, sort, a page at a time (paged in SQL)."""
    org = organisation(s, caller, org_id)
    qp = request.query_params
    filters = {"q": (qp.get("q") or "").strip(), "tier": qp.get("tier") or "", "role": qp.get("role") or "",
               "status": qp.get("status") or "", "deadline_before": qp.get("deadline_before") or ""}
    sort = qp.get("sort") or "name"
    descending = qp.get("desc") in ("1", "true", "on")
    per_page = _int(qp.get("per_page"), "per_page", PER_PAGE)
    page = _int(qp.get("page"), "page", 1)
    listing = inv.list_systems(s, caller.actor, org_id, q=filters["q"] or None, tier=filters["tier"] or None,
                               role=filters["role"] or None, status=filters["status"] or None,
                               deadline_before=_date(filters["deadline_before"], "deadline_before"),
                               sort=sort, descending=descending, page=page, per_page=per_page)
    pages = max(1, -(-listing.total // per_page))
    base = f"/o/{org_id}/systems"
    here = dict(filters, sort=sort if sort != "name" else "", desc="1" if descending else "",
                per_page=per_page if per_page != PER_PAGE else "")
    headers = []
    for key, label in COLUMNS:
        if key is None:
            headers.append({"label": label, "url": None, "aria": None, "arrow": ""})
            continue
        active = key == sort
        flip = active and not descending
        headers.append({"label": label, "url": _url(base, dict(here, sort=key, desc="1" if flip else "", page="")),
                        "aria": ("descending" if descending else "ascending") if active else None,
                        "arrow": ("▼" if descending else "▲") if active else ""})
    links = {"first": _url(base, dict(here, page=1)) if page > 1 else None,
             "prev": _url(base, dict(here, page=page - 1)) if page > 1 else None,
             "next": _url(base, dict(here, page=page + 1)) if page < pages else None,
             "last": _url(base, dict(here, page=pages)) if page < pages else None}
    return _render(request, "systems.html", {
        "caller": caller, "org": org, "listing": listing, "filters": filters, "sort": sort, "desc": descending,
        "headers": headers, "links": links, "pages": pages, "per_page": per_page,
        "tiers": [t for t in TIER_WORDS if t], "roles": role_names(), "statuses": SYSTEM_STATUSES,
        "can_edit": _can_edit(caller, org_id), "filtered": any(filters.values()),
        "notice": NOTICES.get(qp.get("notice") or ""),
        "first_row": (page - 1) * per_page + 1 if listing.items else 0,
        "last_row": (page - 1) * per_page + len(listing.items),
    })


# ---------------------------------------------------------------- create and edit


def _form_values(name: str, owner: str, purpose: str, vendor: str, status: str) -> dict[str, str]:
    return {"name": name, "owner": owner, "purpose": purpose, "vendor": vendor, "status": status}


@router.get("/o/{org_id}/systems/new")
def new_system_page(request: Request, org_id: int, s: DB, caller: PageCaller) -> Response:
    org = organisation(s, caller, org_id, "editor")
    return _render(request, "system_form.html", {
        "caller": caller, "org": org, "system": None, "values": _form_values("", "", "", "", "idea"),
        "statuses": SYSTEM_STATUSES})


@router.post("/o/{org_id}/systems/new")
def create_system(
    request: Request, org_id: int, s: DB, caller: PageCaller, csrf_token: Annotated[str, Form()] = "",
    name: Annotated[str, Form()] = "", owner: Annotated[str, Form()] = "", purpose: Annotated[str, Form()] = "",
    vendor: Annotated[str, Form()] = "", status: Annotated[str, Form()] = "idea",
) -> Response:
    check_csrf(caller, csrf_token)
    org = organisation(s, caller, org_id, "editor")
    values = _form_values(name, owner, purpose, vendor, status)
    try:
        with s.begin_nested():  # a refused change is undone; the page answers
            system = inv.create_system(s, caller.actor, org_id, values)
    except Invalid as exc:
        return _render(request, "system_form.html", {
            "caller": caller, "org": org, "system": None, "values": values, "statuses": SYSTEM_STATUSES,
            "error": exc.message, "field": exc.field}, status=exc.status)
    return RedirectResponse(f"/systems/{system.id}?notice=created", status_code=303)


@router.get("/systems/{system_id}/edit")
def edit_system_page(request: Request, system_id: int, s: DB, caller: PageCaller) -> Response:
    system = inv.get_system(s, caller.actor, system_id, "editor")
    values = _form_values(system.name, system.owner, system.purpose, system.vendor, system.status)
    return _render(request, "system_form.html", {
        "caller": caller, "org": s.get(Organisation, system.org_id), "system": system, "values": values,
        "original": values, "version": system.version, "statuses": SYSTEM_STATUSES})


@router.post("/systems/{system_id}/edit")
def edit_system(
    request: Request, system_id: int, s: DB, caller: PageCaller, csrf_token: Annotated[str, Form()] = "",
    version: Annotated[str, Form()] = "",
    name: Annotated[str, Form()] = "", owner: Annotated[str, Form()] = "", purpose: Annotated[str, Form()] = "",
    vendor: Annotated[str, Form()] = "", status: Annotated[str, Form()] = "idea",
    orig_name: Annotated[str, Form()] = "", orig_owner: Annotated[str, Form()] = "",
    orig_purpose: Annotated[str, Form()] = "", orig_vendor: Annotated[str, Form()] = "",
    orig_status: Annotated[str, Form()] = "",
) -> Response:
    """Save the details, on the version the person opened; if someone else saved since, show both."""
    check_csrf(caller, csrf_token)
    values = _form_values(name, owner, purpose, vendor, status)
    original = _form_values(orig_name, orig_owner, orig_purpose, orig_vendor, orig_status)
    try:
        with s.begin_nested():  # a refused change is undone; the page answers
            inv.update_system(s, caller.actor, system_id, values, _int(version, "version"))
    except (Conflict, Invalid) as exc:
        system = inv.get_system(s, caller.actor, system_id, "editor")
        context: dict[str, Any] = {
            "caller": caller, "org": s.get(Organisation, system.org_id), "system": system, "values": values,
            "original": original, "statuses": SYSTEM_STATUSES, "error": exc.message, "field": exc.field,
            "version": system.version if isinstance(exc, Conflict) else (int(version) if version.isdigit() else 0)}
        if isinstance(exc, Conflict):
            theirs = _form_values(system.name, system.owner, system.purpose, system.vendor, system.status)
            context["conflict"] = {
                "by": docs.last_change(s, system),
                "rows": [{"field": k, "original": original[k], "theirs": theirs[k], "yours": values[k],
                          "they_changed": theirs[k] != original[k], "you_changed": values[k].strip() != original[k],
                          "differ": theirs[k] != values[k].strip()} for k in values],
            }
            context["original"] = theirs  # a second save now applies over their version, knowingly
        return _render(request, "system_form.html", context, status=exc.status)
    return RedirectResponse(f"/systems/{system_id}?notice=saved", status_code=303)


# ---------------------------------------------------------------- the system page


@router.get("/systems/{system_id}")
def system_page(request: Request, system_id: int, s: DB, caller: PageCaller) -> Response:
    view = docs.overview(s, caller.actor, system_id)
    a: Assessment | None = view.assessment
    outcome = None
    if a is not None:
        outcome = {"tier": a.category, "bases": a.high_risk_bases, "roles": a.roles, "applies_from": a.applies_from,
                   "max_fine": money(a.max_fine_eur) if a.max_fine_eur is not None else "—",
                   "prohibited": a.prohibited, "transparency": a.transparency, "undetermined": a.undetermined,
                   "open_questions": len(a.open_questions), "law": a.law.version, "as_of": a.law.as_of}
    return _render(request, "system.html", {
        "caller": caller, "org": view.org, "system": view.system, "view": view, "outcome": outcome,
        "can_edit": _can_edit(caller, view.org.id), "answers": answer_rows(view.system.profile),
        "formats": docs.formats_offered(), "format_labels": FORMAT_LABELS, "doc_status": DOC_STATUS,
        "notice": NOTICES.get(request.query_params.get("notice") or ""),
        "roles": [r for r in view.system.roles.split(",") if r],
    })


@router.post("/systems/{system_id}/assess")
def assess_now(system_id: int, s: DB, caller: PageCaller, csrf_token: Annotated[str, Form()] = "",
               as_of: Annotated[str, Form()] = "") -> Response:
    check_csrf(caller, csrf_token)
    inv.assess_system(s, caller.actor, system_id, as_of=_date(as_of, "as_of"))
    return RedirectResponse(f"/systems/{system_id}?notice=assessed", status_code=303)


@router.post("/systems/{system_id}/delete")
def delete_system(system_id: int, s: DB, caller: PageCaller, csrf_token: Annotated[str, Form()] = "",
                  version: Annotated[str, Form()] = "") -> Response:
    check_csrf(caller, csrf_token)
    system = inv.delete_system(s, caller.actor, system_id, _int(version, "version"))
    return RedirectResponse(f"/o/{system.org_id}/systems?notice=deleted", status_code=303)


@router.get("/systems/{system_id}/compare")
def compare(system_id: int, s: DB, caller: PageCaller, older: str = "", newer: str = "") -> Response:
    """The history's "compare" form (two radio buttons) leads to the diff page."""
    inv.get_system(s, caller.actor, system_id, deleted=True)
    a, b = sorted((_int(older, "older"), _int(newer, "newer")))
    return RedirectResponse(f"/assessments/{a}/diff/{b}", status_code=303)


@router.get("/systems/{system_id}/documents/{kind}")
def document(system_id: int, kind: str, s: DB, caller: PageCaller, format: str = "markdown",
             language: str = "en") -> Response:
    """One document the system needs, built from its latest assessment (the API's file)."""
    return file_response(docs.document_file(s, caller.actor, system_id, kind, format, language))


# ---------------------------------------------------------------- how two assessments differ


@router.get("/assessments/{older_id}/diff/{newer_id}")
def diff_page(request: Request, older_id: int, newer_id: int, s: DB, caller: PageCaller) -> Response:
    older = inv.get_assessment(s, caller.actor, older_id)
    newer = inv.get_assessment(s, caller.actor, newer_id)
    if older.system_id != newer.system_id:
        raise Invalid("the two assessments are of different systems", field="newer_id")
    system = inv.get_system(s, caller.actor, older.system_id, deleted=True)
    d = inv.diff(older, newer)
    obligations = {inv.task_key(o): o for o in older.result.get("obligations", [])}
    obligations.update({inv.task_key(o): o for o in newer.result.get("obligations", [])})
    return _render(request, "diff.html", {
        "caller": caller, "org": s.get(Organisation, system.org_id), "system": system, "d": d,
        "older": older, "newer": newer, "obligations": obligations,
        "outcome": [{"label": OUTCOME_LABELS.get(c.field, c.field), "before": words(c.before, c.field),
                     "after": words(c.after, c.field)} for c in d.outcome],
        "answers": [{"id": c.field, "question": question_text(c.field), "before": answer_words(c.field, c.before),
                     "after": answer_words(c.field, c.after)} for c in d.answers],
    })


# ---------------------------------------------------------------- reassess the inventory


def what_changed(r: inv.Reassessed) -> str:
    """A reassessed system's changes in a line."""
    d = r.difference
    if d is None:
        return "first assessment"
    labels = [OUTCOME_LABELS.get(c.field, c.field) for c in d.outcome]
    parts = [label[0].lower() + label[1:] for label in labels]
    for items, label in ((d.obligations_added, "added"), (d.obligations_removed, "no longer owed"),
                         (d.obligations_redated, "with a new date")):
        if items:
            parts.append(f"{len(items)} obligation{'s' if len(items) != 1 else ''} {label}")
    return "; ".join(parts)


@router.get("/o/{org_id}/reassess")
def reassess_page(request: Request, org_id: int, s: DB, caller: PageCaller) -> Response:
    org = organisation(s, caller, org_id)
    qp = request.query_params
    run = None
    if qp.get("first") and qp.get("last"):
        done = docs.run_results(s, caller.actor, org_id, _int(qp.get("first"), "first"), _int(qp.get("last"), "last"))
        run = {"done": done, "changed": [(r, what_changed(r)) for r in done if r.changed],
               "as_of": qp.get("as_of") or ""}
    return _render(request, "reassess.html", {
        "caller": caller, "org": org, "run": run, "none": qp.get("none") == "1",
        "can_edit": _can_edit(caller, org_id), "law": load_law()})


@router.post("/o/{org_id}/reassess")
def reassess(org_id: int, s: DB, caller: PageCaller, csrf_token: Annotated[str, Form()] = "",
             as_of: Annotated[str, Form()] = "") -> Response:
    check_csrf(caller, csrf_token)
    day = _date(as_of, "as_of")
    done = docs.reassess_org(s, caller.actor, org_id, day)
    if not done:
        return RedirectResponse(f"/o/{org_id}/reassess?none=1", status_code=303)
    ids = [r.after.id for r in done]
    return RedirectResponse(_url(f"/o/{org_id}/reassess", {"first": min(ids), "last": max(ids),
                                                           "as_of": day.isoformat() if day else ""}), status_code=303)

