"""The pages: server-rendered HTML forms, no front-end build; one module per area."""

from fastapi import APIRouter

from aiact.web.pages import admin, auth, transfer

router = APIRouter(include_in_schema=False)
for module in (auth, admin, transfer):
    router.include_router(module.router)
