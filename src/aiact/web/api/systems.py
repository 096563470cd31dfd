"""AI systems of an organisation: the inventory, their answers, and their kept assessments."""

from __future__ import annotations

import datetime as _dt
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from aiact.inventory import systems as inv
from aiact.inventory.errors import Invalid
from aiact.inventory.models import AssessmentRecord, System
from aiact.web.api.schemas import (
    ERRORS,
    AssessIn,
    AssessmentDetail,
    AssessmentOut,
    ChangeOut,
    DiffOut,
    Page,
    ProfileIn,
    SystemDetail,
    SystemIn,
    SystemOut,
    SystemPatch,
)
from aiact.web.deps import DB, APICaller

router = APIRouter(tags=["systems"], responses=ERRORS)


def system_out(system: System, detail: bool = False) -> SystemOut:
    data: dict[str, Any] = dict(id=system.id, org_id=system.org_id, name=system.name, owner=system.owner, purpose=system.purpose,
                vendor=system.vendor, status=system.status, tier=system.tier,
                roles=[r for r in system.roles.split(",") if r], next_deadline=system.next_deadline,
                assessed_at=system.assessed_at, version=system.version, created_at=system.created_at,
                updated_at=system.updated_at)
    return SystemDetail(**data, profile=system.profile) if detail else SystemOut(**data)


def assessment_out(record: AssessmentRecord, detail: bool = False) -> AssessmentOut:
    data: dict[str, Any] = dict(id=record.id, system_id=record.system_id, created_at=record.created_at, created_by=record.created_by,
                as_of=record.as_of, law_version=record.law_version, scenario=record.scenario,
                category=record.category)
    return AssessmentDetail(**data, profile=record.profile, result=record.result) if detail else AssessmentOut(**data)


@router.get("/orgs/{org_id}/systems", response_model=Page[SystemOut])
def list_systems(
    org_id: int, s: DB, caller: APICaller,
    q: Annotated[str | None, Query(description="Text in the name, purpose, vendor or owner.")] = None,
    tier: Annotated[str | None, Query(description="Category of the latest assessment, e.g. high.")] = None,
    role: Annotated[str | None, Query(description="A role the organisation holds, e.g. deployer.")] = None,
    status: Annotated[str | None, Query()] = None,
    deadline_before: Annotated[_dt.date | None, Query(description="Next application date on or before.")] = None,
    sort: Annotated[str, Query(description="name | updated | tier | deadline | status | created | owner | vendor | assessed")] = "name",
    desc: bool = False,
    page: Annotated[int, Query(ge=1)] = 1,
    per_page: Annotated[int, Query(ge=1, le=500)] = 50,
) -> Page[SystemOut]:
    """The inventory: search, filter and sort an organisation's AI systems, a page at a time."""
    listing = inv.list_systems(s, caller.actor, org_id, q=q, tier=tier, role=role, status=status,
                               deadline_before=deadline_before, sort=sort, descending=desc, page=page,
                               per_page=per_page)
    return Page[SystemOut](items=[system_out(x) for x in listing.items], total=listing.total, page=listing.page,
                           per_page=listing.per_page)


@router.post("/orgs/{org_id}/systems", response_model=SystemDetail, status_code=201)
def create_system(org_id: int, body: SystemIn, s: DB, caller: APICaller) -> SystemOut:
    """Add a system to the inventory (optionally with its answers, as a CLI profile)."""
    values = body.model_dump(exclude={"profile"})
    return system_out(inv.create_system(s, caller.actor, org_id, values, body.profile), detail=True)


@router.get("/systems/{system_id}", response_model=SystemDetail)
def get_system(system_id: int, s: DB, caller: APICaller) -> SystemOut:
    return system_out(inv.get_system(s, caller.actor, system_id), detail=True)


@router.patch("/systems/{system_id}", response_model=SystemDetail)
def update_system(system_id: int, body: SystemPatch, s: DB, caller: APICaller) -> SystemOut:
    """Change a system's details; send the version you read (409 if someone changed it since)."""
    values = body.model_dump(exclude={"version"}, exclude_none=True)
    return system_out(inv.update_system(s, caller.actor, system_id, values, body.version), detail=True)


@router.put("/systems/{system_id}/profile", response_model=SystemDetail)
def set_profile(system_id: int, body: ProfileIn, s: DB, caller: APICaller) -> SystemOut:
    """Replace the system's interview answers (an aiact profile); send the version you read."""
    return system_out(inv.set_profile(s, caller.actor, system_id, body.profile, body.version), detail=True)


@router.delete("/systems/{system_id}", status_code=204)
def delete_system(system_id: int, s: DB, caller: APICaller,
                  version: Annotated[int, Query(description="The version you read.")]) -> Response:
    """Mark a system deleted: it leaves the inventory; its assessments and audit entries stay."""
    inv.delete_system(s, caller.actor, system_id, version)
    return Response(status_code=204)


@router.post("/systems/{system_id}/assessments", response_model=AssessmentDetail, status_code=201)
def assess(system_id: int, s: DB, caller: APICaller, body: AssessIn | None = None) -> AssessmentOut:
    """Assess the system now (or as of a date) and keep the result; its tasks follow."""
    body = body or AssessIn(as_of=None)
    record = inv.assess_system(s, caller.actor, system_id, as_of=body.as_of, scenario=body.scenario)
    return assessment_out(record, detail=True)


@router.get("/systems/{system_id}/assessments", response_model=list[AssessmentOut])
def list_assessments(system_id: int, s: DB, caller: APICaller) -> list[AssessmentOut]:
    """Every kept assessment of the system, newest first."""
    return [assessment_out(r) for r in inv.assessments(s, caller.actor, system_id)]


@router.get("/assessments/{assessment_id}", response_model=AssessmentDetail)
def get_assessment(assessment_id: int, s: DB, caller: APICaller) -> AssessmentOut:
    return assessment_out(inv.get_assessment(s, caller.actor, assessment_id), detail=True)


@router.get("/assessments/{older_id}/diff/{newer_id}", response_model=DiffOut)
def diff(older_id: int, newer_id: int, s: DB, caller: APICaller) -> DiffOut:
    """How two assessments of one system differ, and why (the answers and law version that changed)."""
    older = inv.get_assessment(s, caller.actor, older_id)
    newer = inv.get_assessment(s, caller.actor, newer_id)
    if older.system_id != newer.system_id:
        raise Invalid("the two assessments are of different systems", field="newer_id")
    d = inv.diff(older, newer)

    def ch(c: inv.Change) -> ChangeOut:
        return ChangeOut(field=c.field, before=c.before, after=c.after)

    return DiffOut(older=older.id, newer=newer.id, outcome_changed=d.outcome_changed,
                   outcome=[ch(c) for c in d.outcome], obligations_added=d.obligations_added,
                   obligations_removed=d.obligations_removed, obligations_redated=[ch(c) for c in d.obligations_redated],
                   answers=[ch(c) for c in d.answers], law=ch(d.law) if d.law else None,
                   as_of=ch(d.as_of) if d.as_of else None)
