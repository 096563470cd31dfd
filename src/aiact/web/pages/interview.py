"""The interview in the browser, one screen at a time, and the report of a kept assessment.

The pages only show and collect: the screens, what a response answers and every conclusion
of the report come from the engine (through ``aiact.inventory.interview`` and the stored
result); the words of the report are those of ``aiact.report.common``.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from aiact.engine.lawtext import parse_citation, provision_text
from aiact.engine.load import load_law
from aiact.engine.result import Assessment, Screen
from aiact.inventory import interview as iv
from aiact.inventory import systems as inv
from aiact.inventory.errors import Conflict, Invalid
from aiact.inventory.models import AssessmentRecord, Organisation, System, User
from aiact.report import common
from aiact.web.deps import DB, PageCaller, check_csrf
from aiact.web.templating import templates

router = APIRouter()


# ----------------------------------------------------------------------------- words


def ref_label(ref: str) -> str:
    """A provision as people cite it: 'rec55' -> 'recital 55'; other citations as written."""
    cit = parse_citation(ref)
    return cit.label() if cit is not None and cit.kind == "recital" else ref


def _number(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", " ")
    return f"{value:,}".replace(",", " ")


@dataclass
class Provision:
    ref: str
    label: str
    text: str | None
    amendments: list[str] = field(default_factory=list)


def provisions(refs: list[str]) -> list[Provision]:
    """The Act's words for each reference (the 2024 text and the 2026 amendments that touch it)."""
    out = []
    for ref in refs:
        found = provision_text(ref)
        out.append(Provision(ref, ref_label(ref), found.text if found else None, found.amendments if found else []))
    return out


templates.env.filters["ref"] = ref_label
templates.env.filters["step_value"] = common.value_words
def field_words(name: str) -> str:
    """A report field as the reports name it, starting with a capital ("FRIA" stays as it is)."""
    words = common.FIELD_WORDS.get(name, name.replace("_", " "))
    return words[:1].upper() + words[1:]


templates.env.filters["field_words"] = field_words
templates.env.filters["words"] = lambda v: str(v).replace("_", " ")


# ----------------------------------------------------------------------------- the form


@dataclass
class FormState:
    """What the screen's form shows: per question the text as typed (or "yes", "no",
    "unknown", "ongoing", an option id); per checklist item "tick", "unsure" or ""."""

    values: dict[str, str] = field(default_factory=dict)
    items: dict[str, str] = field(default_factory=dict)

    @property
    def blank(self) -> bool:
        return not any(self.values.values()) and not any(self.items.values())

    def response(self) -> dict[str, Any]:
        out: dict[str, Any] = {k: v for k, v in self.values.items() if v}
        for item_id, state in self.items.items():
            out[item_id] = True if state == "tick" else ("unknown" if state == "unsure" else False)
        return out


def state_from_prefill(screen: Screen | None, filled: dict[str, Any]) -> FormState:
    state = FormState()
    if screen is None:
        return state
    for f in screen.fields:
        if f.kind == "question":
            v = filled.get(f.id)
            if v is True or v is False:
                state.values[f.id] = "yes" if v else "no"
            elif isinstance(v, int | float):
                state.values[f.id] = _number(v)
            elif v is not None:
                state.values[f.id] = str(v)
        for item in f.items:
            v = filled.get(item.id)
            state.items[item.id] = "tick" if v is True else ("unsure" if v == "unknown" else "")
    return state


def state_from_form(screen: Screen, form: dict[str, str]) -> tuple[FormState, dict[str, str]]:
    """The form as submitted; an item both ticked and "not sure" is an error on that item."""
    state, errors = FormState(), {}
    for f in screen.fields:
        if f.kind == "question":
            if form.get(f"dk.{f.id}"):
                state.values[f.id] = "unknown"
            elif form.get(f"ongoing.{f.id}"):
                state.values[f.id] = "ongoing"
            else:
                state.values[f.id] = form.get(f"q.{f.id}", "").strip()
        for item in f.items:
            tick, unsure = bool(form.get(f"tick.{item.id}")), bool(form.get(f"unsure.{item.id}"))
            state.items[item.id] = "unsure" if unsure else ("tick" if tick else "")
            if tick and unsure:
                errors[item.id] = "tick it, or mark it \"not sure\", not both"
    return state, errors


async def form_data(request: Request) -> dict[str, str]:
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str)}


Form = Annotated[dict[str, str], Depends(form_data)]


# ----------------------------------------------------------------------------- pages


def _org(s: Any, system: System) -> Organisation | None:
    return s.get(Organisation, system.org_id)


def _url(system_id: int, *, at: int | None = None, unsure: bool = False, since: int | None = None,
         conflict: bool = False) -> str:
    params = [f"at={at}"] if at is not None else []
    params += ["unsure=1"] if unsure else []
    params += [f"since={since}"] if unsure and since is not None else []
    params += ["conflict=1"] if conflict else []
    return f"/systems/{system_id}/interview" + ("?" + "&".join(params) if params else "")


def _render(request: Request, s: Any, caller: Any, v: iv.View, *, unsure: bool, since: int | None = None,
            state: FormState | None = None,
            errors: dict[str, str] | None = None, conflict: bool = False, status: int = 200) -> Response:
    law = load_law()
    screen = v.screen
    trail = v.system.interview or []
    revisit = 0
    if screen is None and v.at is None and not unsure:
        revisit = len(iv.view(s, caller.actor, v.system.id, include_unknown=True).remaining)
    errors = errors or {}
    context = {
        "caller": caller, "org": _org(s, v.system), "system": v.system, "screen": screen, "v": v,
        "topic": _topic(law, screen),
        "state": state or state_from_prefill(screen, v.prefill), "errors": errors,
        "general_errors": [m for k, m in errors.items() if screen is None or k not in _field_keys(screen)],
        "provisions": provisions(screen.refs) if screen is not None else [],
        "can_answer": caller.actor.role(v.system.org_id) in ("editor", "admin"),
        "unsure": unsure, "since": len(trail) if since is None else since, "conflict": conflict,
        "trail_len": len(trail), "revisit": revisit,
        "back_url": _url(v.system.id, at=(v.at - 1 if v.at is not None else len(trail) - 1))
        if (v.at is None and trail) or (v.at is not None and v.at > 0) else None,
        "next_url": _url(v.system.id, at=v.at + 1) if v.at is not None and v.at + 1 < len(trail) else None,
        "current_url": _url(v.system.id),
    }
    return templates.TemplateResponse(request, "interview.html", context, status_code=status)


def _topic(law: Any, screen: Screen | None) -> str | None:
    """The screen's topic, as a heading above its question (unless it says the same)."""
    if screen is None or screen.topic not in law.topics:
        return None
    title: str = law.topics[screen.topic].title
    return None if title.lower().rstrip("?") == screen.text.lower().rstrip("?") else title


def _field_keys(screen: Screen) -> set[str]:
    return {f.id for f in screen.fields} | {k for f in screen.fields for i in f.items for k in (i.id, i.question)}


@router.get("/systems/{system_id}/interview")
def interview_page(request: Request, system_id: int, s: DB, caller: PageCaller,
                   at: Annotated[int | None, Query(ge=0)] = None, unsure: bool = False,
                   since: Annotated[int | None, Query(ge=0)] = None, conflict: bool = False) -> Response:
    """The screen to answer now (or, with ``at``, an answered one reopened by going back; with
    ``unsure``, the screens answered "don't know", each once from the trail's place ``since``)."""
    v = iv.reopen(s, caller.actor, system_id, at) if at is not None else iv.view(
        s, caller.actor, system_id, include_unknown=unsure, revisited_since=since)
    return _render(request, s, caller, v, unsure=unsure and at is None, since=since, conflict=conflict)


@router.post("/systems/{system_id}/interview")
def interview_submit(request: Request, system_id: int, s: DB, caller: PageCaller, form: Form) -> Response:
    """Save one screen (every submit saves); then the next screen, or the report at the end."""
    check_csrf(caller, form.get("csrf_token"))
    inv.get_system(s, caller.actor, system_id, "editor")
    at = int(form["at"]) if form.get("at", "").isdigit() else None
    unsure = form.get("unsure") == "1" and at is None
    since = int(form["since"]) if unsure and form.get("since", "").isdigit() else None
    stop = form.get("action") == "stop"
    try:
        version = int(form.get("version", ""))
    except ValueError:
        raise Invalid("the form lost the system's version; reload the page", field="version") from None
    v = iv.reopen(s, caller.actor, system_id, at) if at is not None else iv.view(
        s, caller.actor, system_id, include_unknown=unsure)
    screen = v.screen if v.screen is not None and v.screen.id == form.get("screen") else next(
        (x for x in v.remaining if x.id == form.get("screen")), None)
    if version != v.system.version or screen is None:
        return RedirectResponse(_url(system_id, conflict=True), status_code=303)
    state, errors = state_from_form(screen, form)
    if not errors and not (stop and state.blank):
        try:
            with s.begin_nested():  # a refused screen leaves the database as it was
                iv.answer(s, caller.actor, system_id, version, screen.id, state.response(), at=at,
                          include_unknown=unsure)
        except Conflict:
            return RedirectResponse(_url(system_id, conflict=True), status_code=303)
        except Invalid as exc:
            errors[exc.field or "screen"] = exc.message
    if errors:
        v.screen = screen
        return _render(request, s, caller, v, unsure=unsure, since=since, state=state, errors=errors, status=422)
    trail = s.get(System, system_id).interview or []  # type: ignore[union-attr]
    if not stop and at is not None and at + 1 < len(trail):
        return RedirectResponse(_url(system_id, at=at + 1), status_code=303)
    if not stop and iv.view(s, caller.actor, system_id, include_unknown=unsure,
                            revisited_since=since).screen is not None:
        return RedirectResponse(_url(system_id, unsure=unsure, since=since), status_code=303)
    record = iv.finish(s, caller.actor, system_id)
    return RedirectResponse(f"/assessments/{record.id}", status_code=303)


@router.post("/systems/{system_id}/interview/finish")
def interview_finish(system_id: int, s: DB, caller: PageCaller, form: Form) -> Response:
    """Stop here (everything answered is saved already): assess and show the report."""
    check_csrf(caller, form.get("csrf_token"))
    record = iv.finish(s, caller.actor, system_id)
    return RedirectResponse(f"/assessments/{record.id}", status_code=303)


@router.get("/assessments/{assessment_id}")
def report_page(request: Request, assessment_id: int, s: DB, caller: PageCaller) -> Response:
    """The report of a kept assessment, from its stored result, with its explanation trail folded."""
    record = inv.get_assessment(s, caller.actor, assessment_id)
    system = s.get(System, record.system_id)
    assert system is not None
    r = Assessment.model_validate(record.result)
    previous = s.scalars(select(AssessmentRecord.id).where(AssessmentRecord.system_id == record.system_id,
                                                           AssessmentRecord.id < record.id)
                         .order_by(AssessmentRecord.id.desc()).limit(1)).first()
    latest = s.scalars(select(AssessmentRecord.id).where(AssessmentRecord.system_id == record.system_id)
                       .order_by(AssessmentRecord.id.desc()).limit(1)).first()
    by = s.get(User, record.created_by) if record.created_by else None
    from aiact.documents.catalogue import needs

    context = {
        "caller": caller, "org": s.get(Organisation, record.org_id), "record": record, "system": system, "r": r,
        "by": by, "previous": previous, "latest": latest,
        "headline": common.headline(r), "category_ref": common.CATEGORY_REF[r.category],
        "rows": common.summary_rows(r), "now": common.now_words, "words": common.open_words(r),
        "fines": [(f, common.fine_line(f)) for f in r.fines if f.relevant],
        "undetermined": [common.FIELD_WORDS.get(u, u) for u in r.undetermined],
        "documents": needs(r), "all_unknown": bool(r.open_questions) and all(q.answered_unknown
                                                                              for q in r.open_questions),
        "can_answer": caller.actor.role(record.org_id) in ("editor", "admin") and system.deleted_at is None,
        "date": common.date,
    }
    return templates.TemplateResponse(request, "report.html", context)


@router.get("/law")
def law_page(request: Request, caller: PageCaller, ref: str) -> Response:
    """The Act's words for one provision (as ``aiact explain`` shows them)."""
    found = provisions([ref])[0]
    return templates.TemplateResponse(request, "provision.html", {"caller": caller, "p": found,
                                                                   "today": _dt.date.today()},
                                      status_code=200 if found.text else 404)
