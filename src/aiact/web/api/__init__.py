"""The REST API under ``/api/v1``: one module per kind of thing, the same operations as the pages."""

from fastapi import APIRouter

from aiact.web.api import documents, orgs, systems

router = APIRouter(prefix="/api/v1")
for module in (orgs, systems, documents):
    router.include_router(module.router)
