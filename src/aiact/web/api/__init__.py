"""The REST API under ``/api/v1``: one module per kind of thing, the same operations as the pages."""

from fastapi import APIRouter

from aiact.web.api import admin, orgs, systems, transfer

router = APIRouter(prefix="/api/v1")
for module in (orgs, systems, admin, transfer):
    router.include_router(module.router)
