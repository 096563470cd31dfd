"""The app: routers for the REST API (``/api/v1``) and the pages, and one error format."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from aiact import __version__
from aiact.inventory.db import Database
from aiact.inventory.errors import InventoryError
from aiact.web.deps import LoginRequired
from aiact.web.templating import templates

STATIC = Path(__file__).parent / "static"
MAX_UPLOAD_BYTES = 25 * 1024 * 1024


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def error_body(message: str, field: str | None = None) -> dict[str, Any]:
    return {"error": {"message": message, "field": field}}


def _field(loc: Sequence[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "form")]
    return ".".join(parts) or ".".join(str(p) for p in loc)


def create_app(db: Database, *, max_upload_bytes: int = MAX_UPLOAD_BYTES) -> FastAPI:
    """The web app on an opened (migrated) database."""
    from aiact.web.api import router as api_router
    from aiact.web.pages import router as page_router

    app = FastAPI(title="aiact inventory", version=__version__,
                  description="The AI system inventory of aiact: organisations, AI systems, their assessments "
                              "under the EU AI Act, obligations as tasks, evidence and the audit trail.",
                  docs_url=None, redoc_url=None, openapi_url="/api/v1/openapi.json")
    app.state.db = db
    app.state.max_upload_bytes = max_upload_bytes
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api_router)
    app.include_router(page_router)

    @app.exception_handler(InventoryError)
    async def _inventory_error(request: Request, exc: InventoryError) -> Response:
        if _is_api(request):
            return JSONResponse(error_body(exc.message, exc.field), status_code=exc.status)
        return templates.TemplateResponse(request, "error.html", {"message": exc.message, "status": exc.status},
                                          status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {"msg": "invalid request", "loc": ()}
        message = str(first.get("msg", "invalid request")).replace("Value error, ", "")
        if _is_api(request):
            return JSONResponse(error_body(message, _field(first.get("loc", ()))), status_code=422)
        return templates.TemplateResponse(request, "error.html",
                                          {"message": f"{_field(first.get('loc', ()))}: {message}", "status": 422},
                                          status_code=422)

    @app.get("/api/docs", include_in_schema=False)
    def api_docs(request: Request) -> Response:
        """The API reference, read from the OpenAPI document and served from here (no CDN)."""
        return templates.TemplateResponse(request, "api_docs.html", {"spec": app.openapi()})

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        # A defect, not the caller's mistake: answer in the API's format, say nothing internal.
        if _is_api(request):
            return JSONResponse(error_body("internal error: the request was not carried out"), status_code=500)
        return templates.TemplateResponse(request, "error.html", {
            "message": "Something went wrong on our side; nothing was changed.", "status": 500}, status_code=500)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "error"
        if _is_api(request):
            return JSONResponse(error_body(message), status_code=exc.status_code, headers=exc.headers)
        return templates.TemplateResponse(request, "error.html", {"message": message, "status": exc.status_code},
                                          status_code=exc.status_code)

    async def _data_error(request: Request, exc: Exception) -> Response:
        # A value the database cannot hold (an id beyond PostgreSQL's 32 or SQLite's 64 bits, a text
        # longer than its column) is bad input; the request's transaction has been rolled back.
        message = "a value does not fit: a number out of range or a text too long"
        if _is_api(request):
            return JSONResponse(error_body(message), status_code=422)
        return templates.TemplateResponse(request, "error.html", {"message": message, "status": 422},
                                          status_code=422)

    app.add_exception_handler(DataError, _data_error)
    app.add_exception_handler(OverflowError, _data_error)

    @app.exception_handler(LoginRequired)
    async def _login_required(request: Request, exc: LoginRequired) -> Response:
        return RedirectResponse(f"/login?next={exc.next_url}", status_code=303)

    return app
