"""Pages to export an organisation's inventory (JSON, CSV, XLSX) and to import one: a JSON
export, profiles written for the CLI, or a register from a spreadsheet (upload, map the
columns, dry run, import). The file being mapped travels in the form, so no process keeps it."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response

from aiact.inventory import transfer
from aiact.inventory.errors import Invalid, InventoryError
from aiact.web.api.transfer import XLSX, read_upload
from aiact.web.deps import DB, PageCaller, check_csrf
from aiact.web.pages.common import attempt, organisation
from aiact.web.templating import templates

router = APIRouter()


@router.get("/o/{org_id}/export")
def export_page(request: Request, org_id: int, s: DB, caller: PageCaller) -> Response:
    org = organisation(s, caller, org_id)
    return templates.TemplateResponse(request, "export.html", {"caller": caller, "org": org})


@router.get("/o/{org_id}/export/inventory.{kind}")
def export_file(org_id: int, kind: Literal["json", "csv", "xlsx"], s: DB, caller: PageCaller,
                include_files: bool = False) -> Response:
    org = organisation(s, caller, org_id)
    stem = "".join(c if c.isalnum() else "-" for c in org.name.lower()).strip("-") or f"org-{org_id}"
    headers = {"Content-Disposition": f'attachment; filename="{stem}-inventory.{kind}"'}
    if kind == "json":
        doc = transfer.export_json(s, caller.actor, org_id, include_files=include_files)
        return Response(json.dumps(doc, indent=2, ensure_ascii=False), media_type="application/json",
                        headers=headers)
    if kind == "csv":
        return Response(transfer.export_csv(s, caller.actor, org_id), media_type="text/csv; charset=utf-8",
                        headers=headers)
    return Response(transfer.export_xlsx(s, caller.actor, org_id), media_type=XLSX, headers=headers)


def _import_page(request: Request, s: Any, caller: Any, org_id: int, *, error: InventoryError | None = None,
                 report: transfer.ImportReport | None = None, kind: str = "") -> Response:
    org = organisation(s, caller, org_id, "editor")
    return templates.TemplateResponse(request, "import.html", {
        "caller": caller, "org": org, "error": error, "report": report, "kind": kind},
        status_code=error.status if error else 200)


@router.get("/o/{org_id}/import")
def import_page(request: Request, org_id: int, s: DB, caller: PageCaller) -> Response:
    return _import_page(request, s, caller, org_id)


@router.post("/o/{org_id}/import/json")
def import_json(request: Request, org_id: int, s: DB, caller: PageCaller,
                file: Annotated[UploadFile, File()], dry_run: Annotated[bool, Form()] = False,
                csrf_token: Annotated[str, Form()] = "") -> Response:
    check_csrf(caller, csrf_token)
    done: list[transfer.ImportReport] = []

    def run() -> None:
        content = read_upload(request, file)
        try:
            data = json.loads(content.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError):
            raise Invalid(f"{file.filename or 'the file'} is not JSON (it should come from Export → JSON)",
                          field="file") from None
        done.append(transfer.import_json(s, caller.actor, org_id, data, dry_run=dry_run,
                                         source=file.filename or "upload"))

    error = attempt(s, run)
    return _import_page(request, s, caller, org_id, error=error, report=done[0] if done else None, kind="json")


@router.post("/o/{org_id}/import/profiles")
def import_profiles(request: Request, org_id: int, s: DB, caller: PageCaller,
                    files: Annotated[list[UploadFile], File()], dry_run: Annotated[bool, Form()] = False,
                    csrf_token: Annotated[str, Form()] = "") -> Response:
    check_csrf(caller, csrf_token)
    done: list[transfer.ImportReport] = []

    def run() -> None:
        read = [(f.filename or f"file {i + 1}", read_upload(request, f, "files")) for i, f in enumerate(files)
                if f.filename]
        done.append(transfer.import_profiles(s, caller.actor, org_id, read, dry_run=dry_run))

    error = attempt(s, run)
    return _import_page(request, s, caller, org_id, error=error, report=done[0] if done else None,
                        kind="profiles")


def _register_page(request: Request, s: Any, caller: Any, org_id: int, *, filename: str, content: bytes,
                   mapping: dict[str, str] | None = None, mode: str = "all", assess: bool = True,
                   report: transfer.ImportReport | None = None, error: InventoryError | None = None) -> Response:
    org = organisation(s, caller, org_id, "editor")
    table = transfer.read_table(filename, content)
    mapping = mapping if mapping is not None else transfer.suggest_mapping(table)
    columns = [{"name": c, "samples": table.sample(i), "target": mapping.get(c, "")}
               for i, c in enumerate(table.columns)]
    return templates.TemplateResponse(request, "import_register.html", {
        "caller": caller, "org": org, "filename": filename, "content": base64.b64encode(content).decode("ascii"),
        "columns": columns, "rows": len(table.rows), "targets": transfer.targets(), "mode": mode, "assess": assess,
        "report": report, "error": error}, status_code=error.status if error else 200)


@router.post("/o/{org_id}/import/register")
def upload_register(request: Request, org_id: int, s: DB, caller: PageCaller, file: Annotated[UploadFile, File()],
                    csrf_token: Annotated[str, Form()] = "") -> Response:
    """Step 1: the file is read and its columns shown, each with a suggested field."""
    check_csrf(caller, csrf_token)
    try:
        content = read_upload(request, file)
        transfer.read_table(file.filename or "", content)
    except InventoryError as exc:
        return _import_page(request, s, caller, org_id, error=exc, kind="register")
    return _register_page(request, s, caller, org_id, filename=file.filename or "", content=content)


@router.post("/o/{org_id}/import/register/run")
def run_register(request: Request, org_id: int, s: DB, caller: PageCaller,
                 filename: Annotated[str, Form()] = "", content: Annotated[str, Form()] = "",
                 map: Annotated[list[str] | None, Form()] = None, mode: Annotated[str, Form()] = "all",
                 assess: Annotated[bool, Form()] = False, action: Annotated[str, Form()] = "check",
                 csrf_token: Annotated[str, Form()] = "") -> Response:
    """Step 2: a dry run (``action=check``) or the import (``action=import``) with the mapping
    chosen (one ``map`` value per column, in the file's order)."""
    check_csrf(caller, csrf_token)
    try:
        data = base64.b64decode(content, validate=True)
    except (binascii.Error, ValueError):
        raise Invalid("the uploaded file did not come back intact; upload it again", field="content") from None
    table = transfer.read_table(filename, data)
    targets = list(map or [])
    mapping = {c: (targets[i] if i < len(targets) else "") for i, c in enumerate(table.columns)}
    chosen: Any = mode
    dry_run = action != "import"
    done: list[transfer.ImportReport] = []
    error = attempt(s, lambda: done.append(transfer.import_register(
        s, caller.actor, org_id, table, mapping, mode=chosen, dry_run=dry_run, assess=assess, source=filename)))
    if error is None and not dry_run:
        return _import_page(request, s, caller, org_id, report=done[0], kind="register")
    if error is not None and not dry_run and error.field and error.field.startswith("rows."):
        # all or nothing, refused: show every row's errors, as the dry run does
        done.append(transfer.import_register(s, caller.actor, org_id, table, mapping, mode=chosen, dry_run=True))
    return _register_page(request, s, caller, org_id, filename=filename, content=data, mapping=mapping,
                          mode=mode, assess=assess, report=done[0] if done else None, error=error)
