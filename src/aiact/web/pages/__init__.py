"""The pages: server-rendered HTML forms, no front-end build; one module per area."""

from fastapi import APIRouter

from aiact.web.pages import auth, interview, systems, tasks

router = APIRouter(include_in_schema=False)
for module in (auth, systems, interview, tasks):
    router.include_router(module.router)
