"""The pages: server-rendered HTML forms, no front-end build; one module per area."""

from fastapi import APIRouter

from aiact.web.pages import admin, auth, interview, systems, tasks, transfer

router = APIRouter(include_in_schema=False)
for module in (auth, admin, systems, interview, tasks, transfer):
    router.include_router(module.router)
