"""The REST API under ``/api/v1``: one module per kind of thing, the same operations as the pages."""

from fastapi import APIRouter

from aiact.web.api import admin, documents, interview, orgs, systems, tasks, transfer

router = APIRouter(prefix="/api/v1")
for module in (orgs, admin, systems, interview, documents, tasks, transfer):
    router.include_router(module.router)
