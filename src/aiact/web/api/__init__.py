"""The REST API under ``/api/v1``: one module per kind of thing, the same operations as the pages."""

from fastapi import APIRouter

from aiact.web.api import documents, interview, orgs, systems, tasks

router = APIRouter(prefix="/api/v1")
for module in (orgs, systems, interview, documents, tasks):
    router.include_router(module.router)
