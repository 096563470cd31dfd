"""`aiact inventory export` and `aiact inventory import`: an organisation's inventory in and out,
for scripts (the same service functions as the web app's Export and Import pages)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from aiact.cli.web import DB_PATH, DB_URL, _open
from aiact.engine.errors import InputError
from aiact.inventory.errors import InventoryError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from aiact.inventory.accounts import Actor

CLI_ACTOR = "aiact-cli"
FORMATS = ("json", "csv", "xlsx")
REGISTERS = (".csv", ".tsv", ".txt", ".xlsx")


def _actor(s: Session, org: str) -> tuple[Actor, int]:
    """The command line acts as an admin of the organisation (given by id or exact name); its
    audit entries say ``aiact-cli``."""
    from sqlalchemy import select

    from aiact.inventory.accounts import Actor
    from aiact.inventory.models import Organisation

    found = None
    if org.isdigit():
        found = s.get(Organisation, int(org))
    if found is None:
        found = s.scalar(select(Organisation).where(Organisation.name == org))
    if found is None:
        names = ", ".join(f"{o.id} ({o.name})" for o in s.scalars(select(Organisation).order_by(Organisation.id)))
        raise InputError(f"no organisation '{org}' in this database (there are: {names or 'none'})", field="ORG")
    return Actor(0, CLI_ACTOR, "aiact command line", {found.id: "admin"}, via="system"), found.id


def _where(path: Path, exc: InventoryError, line: int | None = None) -> InputError:
    return InputError(exc.message, path=path, line=line, field=exc.field)


def register(app: typer.Typer) -> None:
    inv = typer.Typer(help="An organisation's inventory in and out (JSON, CSV, XLSX; registers; profiles).",
                      no_args_is_help=True)
    app.add_typer(inv, name="inventory")

    @inv.command("export")
    def export(
        org: Annotated[str, typer.Argument(help="The organisation: its id or exact name.")],
        output: Annotated[Path | None, typer.Option("-o", "--output", help="File to write (default: standard "
                                                    "output, for json and csv).")] = None,
        fmt: Annotated[str | None, typer.Option("--format", help="json | csv | xlsx (default: from the "
                                                "file's extension, else json).")] = None,
        include_files: Annotated[bool, typer.Option("--include-files", help="JSON: put the evidence files' "
                                                    "content in (base64).")] = False,
        database_url: Annotated[str | None, DB_URL] = None,
        db: Annotated[str | None, DB_PATH] = None,
    ) -> None:
        """Write the organisation's inventory: the whole of it as JSON (imports again exactly), or one
        row per system as CSV, or an XLSX workbook with a second sheet of obligations."""
        from aiact.inventory import transfer

        kind = (fmt or (output.suffix.lstrip(".").lower() if output and output.suffix else "json")).lower()
        if kind not in FORMATS:
            raise InputError(f"unknown format '{kind}' (use {', '.join(FORMATS)})", field="--format")
        if kind == "xlsx" and output is None:
            raise InputError("an XLSX workbook needs a file: give -o FILE.xlsx", field="--output")
        database = _open(database_url, db)
        try:
            with database.session() as s:
                actor, org_id = _actor(s, org)
                if kind == "json":
                    doc = transfer.export_json(s, actor, org_id, include_files=include_files)
                    data = (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode()
                elif kind == "csv":
                    data = transfer.export_csv(s, actor, org_id)
                else:
                    data = transfer.export_xlsx(s, actor, org_id)
        finally:
            database.dispose()
        if output is None:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
            return
        try:
            output.write_bytes(data)
        except OSError as exc:
            raise InputError(f"cannot write the file: {exc.strerror}", path=output) from None
        typer.echo(f"wrote {output} ({kind}, {len(data)} bytes)", err=True)

    @inv.command("import")
    def import_(
        org: Annotated[str, typer.Argument(help="The organisation: its id or exact name.")],
        files: Annotated[list[Path], typer.Argument(help="An inventory export (.json), a register (.csv, "
                                                    ".xlsx), or profiles (.yaml, .json).")],
        dry_run: Annotated[bool, typer.Option("--dry-run", help="Check and report; save nothing.")] = False,
        mapping: Annotated[list[str] | None, typer.Option("--map", help="A register's column: "
                                                          "'COLUMN=FIELD' (name, owner, purpose, vendor, status, "
                                                          "answer:QUESTION_ID, or empty to ignore). Repeat it; "
                                                          "columns with known headings are mapped already.")] = None,
        mode: Annotated[str, typer.Option("--mode", help="A register with bad rows: 'all' imports nothing, "
                                          "'valid' imports the valid rows.")] = "all",
        no_assess: Annotated[bool, typer.Option("--no-assess", help="Do not assess the new systems.")] = False,
        database_url: Annotated[str | None, DB_URL] = None,
        db: Annotated[str | None, DB_PATH] = None,
    ) -> None:
        """Add systems to the organisation from files: all or nothing, audited. Exit status 0 when
        done (or a dry run found no error), 1 when a dry run found errors, 2 on bad input."""
        from aiact.inventory import transfer

        if mode not in ("all", "valid"):
            raise InputError(f"unknown mode '{mode}' (use all or valid)", field="--mode")
        contents = []
        for path in files:
            try:
                contents.append((path, path.read_bytes()))
            except FileNotFoundError:
                raise InputError("file not found", path=path) from None
            except OSError as exc:
                raise InputError(f"cannot read the file: {exc.strerror}", path=path) from None
        registers = [(p, c) for p, c in contents if p.suffix.lower() in REGISTERS]
        exports = []
        for p, c in contents:
            if p.suffix.lower() == ".json":
                try:
                    data = json.loads(c.decode("utf-8-sig"))
                except (UnicodeDecodeError, ValueError) as exc:
                    raise InputError(f"not JSON: {exc}", path=p) from None
                if transfer.is_export(data):
                    exports.append((p, data))
        profiles = [(p, c) for p, c in contents if p.suffix.lower() in (".yaml", ".yml", ".json")
                    and p not in {e[0] for e in exports}]
        unknown = [p for p, _ in contents if p.suffix.lower() not in (*REGISTERS, ".json", ".yaml", ".yml")]
        if unknown:
            raise InputError("not a file aiact imports (.json, .csv, .xlsx, .yaml)", path=unknown[0])
        database = _open(database_url, db)
        errors = 0
        try:
            with database.session() as s:
                actor, org_id = _actor(s, org)
                for path, data in exports:
                    try:
                        report = transfer.import_json(s, actor, org_id, data, dry_run=dry_run, source=path.name)
                    except InventoryError as exc:
                        raise _where(path, exc) from None
                    _print(report, path)
                for path, content in registers:
                    errors += _register(s, actor, org_id, path, content, mapping or [], mode, dry_run, not no_assess)
                if profiles:
                    try:
                        report = transfer.import_profiles(s, actor, org_id, [(str(p), c) for p, c in profiles],
                                                          dry_run=dry_run, assess=not no_assess)
                    except InventoryError as exc:
                        raise InputError(exc.message) from None  # the message names the file and line
                    _print(report, None)
        finally:
            database.dispose()
        if errors:
            raise typer.Exit(1)


def _register(s: Session, actor: Actor, org_id: int, path: Path, content: bytes, pairs: list[str], mode: str,
              dry_run: bool, assess: bool) -> int:
    from aiact.inventory import transfer

    try:
        table = transfer.read_table(path.name, content)
    except InventoryError as exc:
        raise _where(path, exc) from None
    mapping = transfer.suggest_mapping(table)
    for pair in pairs:
        column, sep, target = pair.partition("=")
        if not sep:
            raise InputError(f"'{pair}' is not COLUMN=FIELD", field="--map")
        mapping[column.strip()] = target.strip()
    try:
        report = transfer.import_register(s, actor, org_id, table, mapping, mode=mode,  # type: ignore[arg-type]
                                          dry_run=dry_run, assess=assess, source=path.name)
    except InventoryError as exc:
        if exc.field and exc.field.startswith("rows."):  # all or nothing: say every bad row, save none
            checked = transfer.import_register(s, actor, org_id, table, mapping, mode="all", dry_run=True)
            for e in checked.errors:
                typer.echo(f"error: {path}:{e['row']}, field '{e['column']}': {e['message']}", err=True)
            raise InputError(f"{len({e['row'] for e in checked.errors})} row(s) with errors; nothing was "
                             "imported (fix them, or --mode valid to import the others)", path=path) from None
        raise _where(path, exc) from None
    _print(report, path)
    return len(report.errors) if dry_run else 0


def _print(report: Any, path: Path | None) -> None:
    where = f"{path}: " if path else ""
    verb = "would create" if report.dry_run else "created"
    for item in report.systems:
        label = f"{path}:{item['row']}" if "row" in item and path and "file" not in item else item.get("file", "")
        ident = f" #{item['id']}" if item.get("id") else ""
        if item.get("ok", True):
            if report.dry_run or item.get("id"):
                typer.echo(f"{label}: {verb} '{item['name']}'{ident}")
        else:
            for e in report.errors:
                if e["row"] == item["row"]:
                    typer.echo(f"{path}:{e['row']}, field '{e['column']}': {e['message']}"
                               + ("" if report.dry_run else " (skipped)"))
    for note in report.notes:
        typer.echo(f"{where}note: {note}")
    summary = "dry run: nothing saved" if report.dry_run else f"imported {report.imported} system(s)"
    typer.echo(f"{where}{summary}")
