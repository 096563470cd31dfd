"""Import and export: the whole inventory as JSON (imports again exactly), CSV and XLSX for
spreadsheets, a register from CSV/XLSX with a column mapping and a dry run, CLI profiles."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, File, Form, Query, Request, Response, UploadFile
from pydantic import BaseModel, Field

from aiact.inventory import transfer
from aiact.inventory.errors import Invalid, TooLarge
from aiact.web.api.schemas import ERRORS, Id
from aiact.web.deps import DB, APICaller

router = APIRouter(tags=["import and export"], responses=ERRORS)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class RowError(BaseModel):
    row: int = Field(description="The row number in the file (the headings are row 1).")
    column: str
    message: str


class ImportReportOut(BaseModel):
    dry_run: bool
    imported: int = Field(description="Systems created (0 in a dry run).")
    systems: list[dict[str, Any]] = Field(description="Each row or file: its name, whether it is valid, "
                                          "and the id of the system created.")
    errors: list[RowError]
    notes: list[str]


class ColumnOut(BaseModel):
    column: str
    samples: list[str]
    suggested: str = Field(description="The field suggested for it ('' = ignore): name, owner, purpose, "
                           "vendor, status, or 'answer:QUESTION_ID'.")


class ColumnsOut(BaseModel):
    rows: int
    columns: list[ColumnOut]


def read_upload(request: Request, upload: UploadFile, field: str = "file") -> bytes:
    limit: int = request.app.state.max_upload_bytes
    content = upload.file.read(limit + 1)
    if len(content) > limit:
        raise TooLarge(f"the file is larger than {limit // (1024 * 1024) or 1} MB", field=field)
    return content


def parse_mapping(text: str) -> dict[str, str]:
    try:
        mapping = json.loads(text)
    except ValueError:
        raise Invalid("the mapping is a JSON object of column heading -> field", field="mapping") from None
    if not isinstance(mapping, dict):
        raise Invalid("the mapping is a JSON object of column heading -> field", field="mapping")
    return mapping


def report_out(report: transfer.ImportReport) -> ImportReportOut:
    return ImportReportOut.model_validate(transfer.report_data(report))


@router.get("/orgs/{org_id}/export", response_model=dict[str, Any])
def export_json(org_id: Id, s: DB, caller: APICaller,
                include_files: Annotated[bool, Query(description="Put each evidence file's content in, "
                                                     "as base64.")] = False) -> dict[str, Any]:
    """The organisation's whole inventory as one JSON document (import it with POST .../import)."""
    return transfer.export_json(s, caller.actor, org_id, include_files=include_files)


@router.get("/orgs/{org_id}/export.csv", response_class=Response,
            responses={200: {"content": {"text/csv": {}}, "description": "One row per system."}})
def export_csv(org_id: Id, s: DB, caller: APICaller) -> Response:
    """The inventory as CSV, one row per system, for spreadsheets."""
    return Response(transfer.export_csv(s, caller.actor, org_id), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="inventory-{org_id}.csv"'})


@router.get("/orgs/{org_id}/export.xlsx", response_class=Response,
            responses={200: {"content": {XLSX: {}}, "description": "Sheets: Systems, Obligations."}})
def export_xlsx(org_id: Id, s: DB, caller: APICaller) -> Response:
    """The inventory as an XLSX workbook: a sheet of systems and a sheet of their obligations."""
    return Response(transfer.export_xlsx(s, caller.actor, org_id), media_type=XLSX,
                    headers={"Content-Disposition": f'attachment; filename="inventory-{org_id}.xlsx"'})


@router.post("/orgs/{org_id}/import", response_model=ImportReportOut)
def import_json(org_id: Id, s: DB, caller: APICaller,
                document: Annotated[dict[str, Any], Body(description="A document from GET .../export.")],
                dry_run: bool = False) -> ImportReportOut:
    """Read a whole inventory export into this organisation (all or nothing, audited)."""
    return report_out(transfer.import_json(s, caller.actor, org_id, document, dry_run=dry_run,
                                           source="API upload"))


@router.post("/orgs/{org_id}/import/register/columns", response_model=ColumnsOut)
def register_columns(org_id: Id, request: Request, s: DB, caller: APICaller,
                           file: Annotated[UploadFile, File(description="A CSV or XLSX register.")]) -> ColumnsOut:
    """The file's columns, a few sample values of each, and the field suggested for each."""
    caller.actor.require(org_id, "editor")
    table = transfer.read_table(file.filename or "", read_upload(request, file))
    suggested = transfer.suggest_mapping(table)
    return ColumnsOut(rows=len(table.rows), columns=[ColumnOut(column=c, samples=table.sample(i),
                                                               suggested=suggested[c])
                                                     for i, c in enumerate(table.columns)])


@router.post("/orgs/{org_id}/import/register", response_model=ImportReportOut)
def import_register(
    org_id: Id, request: Request, s: DB, caller: APICaller,
    file: Annotated[UploadFile, File(description="A CSV (UTF-8) or XLSX register; row 1 names the columns.")],
    mapping: Annotated[str, Form(description='JSON: column heading -> field, e.g. {"System": "name", '
                                 '"Stage": "status", "Used for hiring?": "answer:annex3_4_a.recruitment"}; '
                                 "columns left out are ignored.")],
    mode: Annotated[Literal["valid", "all"], Form(description="all: nothing is saved if a row has an error; "
                                                  "valid: the valid rows are saved.")] = "all",
    dry_run: Annotated[bool, Form()] = False,
    assess: Annotated[bool, Form(description="Assess each new system at once.")] = True,
) -> ImportReportOut:
    """Bulk import of an existing register: each row becomes a system. A dry run reports per row
    what would be created and each error (row, column, message), saving nothing."""
    table = transfer.read_table(file.filename or "", read_upload(request, file))
    return report_out(transfer.import_register(s, caller.actor, org_id, table, parse_mapping(mapping), mode=mode,
                                               dry_run=dry_run, assess=assess, source=file.filename or "upload"))


@router.post("/orgs/{org_id}/import/profiles", response_model=ImportReportOut)
def import_profiles(
    org_id: Id, request: Request, s: DB, caller: APICaller,
    files: Annotated[list[UploadFile], File(description="Profiles as `aiact assess` reads them (YAML or JSON).")],
    dry_run: Annotated[bool, Form()] = False,
    assess: Annotated[bool, Form(description="Assess each new system at once.")] = True,
) -> ImportReportOut:
    """Each profile file becomes a system with its answers (all or nothing)."""
    read = [(f.filename or f"file {i + 1}", read_upload(request, f, "files")) for i, f in enumerate(files)]
    return report_out(transfer.import_profiles(s, caller.actor, org_id, read, dry_run=dry_run, assess=assess))
