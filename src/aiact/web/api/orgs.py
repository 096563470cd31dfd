"""Organisations the caller belongs to."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import select

from aiact.inventory import accounts
from aiact.inventory.models import Organisation
from aiact.web.api.schemas import ERRORS, OrganisationIn, OrganisationOut
from aiact.web.deps import DB, APICaller

router = APIRouter(tags=["organisations"], responses=ERRORS)


@router.get("/orgs", response_model=list[OrganisationOut])
def list_orgs(s: DB, caller: APICaller) -> list[OrganisationOut]:
    """The organisations you belong to, with your role in each."""
    orgs = s.scalars(select(Organisation).where(Organisation.id.in_(caller.actor.roles)).order_by(Organisation.name))
    return [OrganisationOut(id=o.id, name=o.name, role=caller.actor.roles[o.id]) for o in orgs]


@router.post("/orgs", response_model=OrganisationOut, status_code=201)
def create_org(body: OrganisationIn, s: DB, caller: APICaller) -> OrganisationOut:
    """A new organisation, with you as its admin."""
    org = accounts.create_organisation(s, body.name, admin=caller.user, by=caller.actor)
    return OrganisationOut(id=org.id, name=org.name, role="admin")
