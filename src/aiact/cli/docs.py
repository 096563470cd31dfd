"""`aiact docs`: the documents the Act asks for, pre-filled from the assessment, and checked.

    aiact docs list PROFILE             which documents this system needs from you, and why
    aiact docs KIND PROFILE [--format]  write one (fria, technical-documentation, ...)
    aiact docs check FILE               what is still missing in an edited document
"""

from __future__ import annotations

import datetime as _dt
import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from aiact.cli.assess import _as_of
from aiact.engine.errors import InputError

docs_app = typer.Typer(
    name="docs",
    help="The documents the Act asks for, pre-filled from the assessment: list, write, check.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


class DocFormat(StrEnum):
    markdown = "markdown"
    html = "html"
    docx = "docx"
    pdf = "pdf"
    json = "json"


class IncidentKind(StrEnum):
    death = "death"
    widespread = "widespread"
    critical_infrastructure = "critical_infrastructure"
    other = "other"


ProfileArg = Annotated[Path, typer.Argument(help="A profile file (YAML or JSON).", show_default=False)]
ProfileOrFolder = Annotated[Path, typer.Argument(help="A profile file (YAML or JSON), or a folder of them.", show_default=False)]
AsOf = Annotated[str | None, typer.Option("--as-of", help="Apply the law in force on this date (YYYY-MM-DD); default: the profile's as_of, else today.")]
Audit = Annotated[Path | None, typer.Option("--audit", help="An `aiact audit --format json` result: its accuracy and group error figures go under Annex IV 2(g) and 3.")]
Fmt = Annotated[DocFormat, typer.Option("--format", "-f", help="markdown, html, docx or pdf (pdf needs the 'pdf' extra); json where the document has a structured form (registration).")]
Language = Annotated[str, typer.Option("--language", "-l", help="Language of the document: en; fria and notices also de, fr.")]
Out = Annotated[Path | None, typer.Option("--out", "-o", help="Write to this file (default: the terminal for markdown, html and json; PROFILE-KIND.docx/.pdf in the current folder).")]
Force = Annotated[bool, typer.Option("--force", help="Write it even if the law does not require it (the document says so on its first page).")]


def _load(profile: Path, as_of: str | None) -> tuple[Any, Any]:
    import aiact

    prof = aiact.load_profile(profile)
    return prof, aiact.assess(prof, _as_of(as_of))


def _audit(path: Path | None) -> Any:
    if path is None:
        return None
    from pydantic import ValidationError

    from aiact.audit.models import AuditResult

    raw = _json_file(path, "--audit")
    try:
        return AuditResult.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(x) for x in err["loc"]) or "(top level)"
        raise InputError(f"not an `aiact audit` JSON result: {where}: {err['msg']}", path=path, field="--audit") from None


def _json_file(path: Path | None, option: str) -> Any:
    if path is None:
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=path, field=option) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"not JSON: {getattr(exc, 'msg', exc)}", path=path, line=getattr(exc, "lineno", None), field=option) from None


def _date(value: str | None, option: str) -> _dt.date | None:
    if value is None:
        return None
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"'{value}' is not a date; write YYYY-MM-DD", field=option) from None


def write_document(kind: str, profile: Path, as_of: str | None, audit: Path | None, fmt: DocFormat,
                   language: str, out: Path | None, force: bool, options: dict[str, Any]) -> None:
    from aiact import documents
    from aiact.documents import formats

    audit_result = _audit(audit)
    prof, assessment = _load(profile, as_of)
    doc = documents.build(kind, prof, assessment, language=language, force=force, audit=audit_result,
                          options={k: v for k, v in options.items() if v is not None})
    data = formats.render_bytes(doc, fmt.value)
    if out is None and fmt.value in formats.BINARY:
        out = Path(formats.default_name(doc, fmt.value, profile.stem))
    if out is None:
        typer.echo(data.decode("utf-8"), nl=False)
        return
    formats.write_atomic(out, data)
    missing = len(doc.to_fill)
    typer.echo(f"wrote {out} ({doc.kind.title_in(language)}, {fmt.value}; "
               f"{missing} field{'s' if missing != 1 else ''} still to fill)", err=True)


def _make_command(kind_id: str, help_text: str) -> Any:
    """One command per kind; a few kinds take their own options."""
    if kind_id == "incident-report":
        def incident(profile: ProfileArg, as_of: AsOf = None, fmt: Fmt = DocFormat.markdown, language: Language = "en",
                     out: Out = None, force: Force = False,
                     aware_on: Annotated[str | None, typer.Option("--aware-on", help="The date you became aware of the serious incident (YYYY-MM-DD); default: the assessment date.")] = None,
                     incident_kind: Annotated[IncidentKind | None, typer.Option("--incident-kind", help="death, widespread (or critical_infrastructure: Art. 3(49)(b)) or other: marks the deadline that applies.")] = None,
                     ) -> None:
            write_document(kind_id, profile, as_of, None, fmt, language, out, force,
                           {"aware_on": _date(aware_on, "--aware-on"),
                            "incident_kind": incident_kind.value if incident_kind else None})
        fn: Any = incident
    elif kind_id == "testing-plan":
        def testing(profile: ProfileArg, as_of: AsOf = None, fmt: Fmt = DocFormat.markdown, language: Language = "en",
                    out: Out = None, force: Force = False,
                    test_start: Annotated[str | None, typer.Option("--test-start", help="Planned start of the test in real-world conditions (YYYY-MM-DD): the plan prints its latest end dates.")] = None,
                    plan_submitted: Annotated[str | None, typer.Option("--plan-submitted", help="Date the plan is (or was) submitted to the market surveillance authority (YYYY-MM-DD): the plan prints when tacit approval arrives.")] = None,
                    ) -> None:
            write_document(kind_id, profile, as_of, None, fmt, language, out, force,
                           {"test_start": _date(test_start, "--test-start"),
                            "plan_submitted": _date(plan_submitted, "--plan-submitted")})
        fn = testing
    elif kind_id == "gpai-documentation":
        def gpai(profile: ProfileArg, as_of: AsOf = None, fmt: Fmt = DocFormat.markdown, language: Language = "en",
                 out: Out = None, force: Force = False,
                 compute: Annotated[Path | None, typer.Option("--compute", help="The JSON that `aiact compute --json` printed: training compute and energy figures.")] = None,
                 ) -> None:
            write_document(kind_id, profile, as_of, None, fmt, language, out, force,
                           {"compute": _json_file(compute, "--compute")})
        fn = gpai
    else:
        def plain(profile: ProfileArg, as_of: AsOf = None, audit: Audit = None, fmt: Fmt = DocFormat.markdown,
                  language: Language = "en", out: Out = None, force: Force = False) -> None:
            write_document(kind_id, profile, as_of, audit, fmt, language, out, force, {})
        fn = plain
    fn.__doc__ = help_text
    return fn


def list_command(
    profile: ProfileOrFolder,
    as_of: AsOf = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Name the documents this system needs from you, with the provision, the date or trigger, and why."""
    from aiact.documents import needs
    from aiact.engine.law import long_date

    if profile.is_dir():
        _list_folder(profile, as_of, as_json)
        return
    _, assessment = _load(profile, as_of)
    found = needs(assessment)
    if as_json:
        typer.echo(json.dumps([{
            "kind": n.kind.id, "title": n.kind.title, "status": n.status, "refs": n.refs, "owed_by": n.owed_by,
            "applies_from": n.applies_from.isoformat() if n.applies_from else None, "applies_now": n.applies_now,
            "due": n.kind.due, "trigger": n.kind.trigger, "why": n.why(assessment),
            "command": f"aiact docs {n.kind.id} {profile}",
        } for n in found], indent=2, ensure_ascii=False))
        return
    a = assessment
    typer.echo(f"Documents for {a.profile.name or profile.name} as of {long_date(a.law.as_of)} "
               f"({a.category.replace('_', ' ')}; you are: {', '.join(a.roles) or 'no operator role'})")
    if not found:
        typer.echo("The Act asks for no document from you for this system.")
        return
    label = {"required": "required", "on_event": "when it happens", "optional": "if you choose to",
             "possible": "may be required"}
    for n in found:
        when = n.kind.trigger or n.kind.due or ""
        start = f"from {long_date(n.applies_from)}" if n.applies_from else "date not determined"
        typer.echo(f"\n  {n.kind.id:<27} {n.kind.title}  [{label[n.status]}]")
        typer.echo(f"    {', '.join(n.refs)}" + ("" if n.status == "optional" else f" · {start}"))
        typer.echo(f"    {when}")
        typer.echo(f"    write it: aiact docs {n.kind.id} {profile}")
    if any(n.status == "possible" for n in found):
        typer.echo("\nOpen questions decide the documents marked 'may be required': run `aiact interview` on the profile.")


def _list_folder(folder: Path, as_of: str | None, as_json: bool) -> None:
    """One line per profile of a folder (an organisation's inventory): the documents each needs."""
    from aiact.documents import needs
    from aiact.engine.errors import AiactError
    from aiact.report.summary import profile_files

    rows: list[dict[str, Any]] = []
    problems = 0
    for path in profile_files(folder):
        try:
            _, a = _load(path, as_of)
        except AiactError as exc:
            problems += 1
            rows.append({"file": path.name, "error": exc.describe()})
            continue
        found = needs(a)
        rows.append({"file": path.name, "name": a.profile.name, "category": a.category, "roles": a.roles,
                     "documents": {n.kind.id: n.status for n in found}})
    if as_json:
        typer.echo(json.dumps({"folder": str(folder), "profiles": rows, "errors": problems}, indent=2, ensure_ascii=False))
    else:
        mark = {"required": "", "on_event": " (on event)", "optional": " (if chosen)", "possible": " (maybe)"}
        for row in rows:
            if "error" in row:
                typer.echo(f"{row['file']}: error: {row['error']}")
                continue
            docs = ", ".join(f"{k}{mark[v]}" for k, v in row["documents"].items()) or "none"
            typer.echo(f"{row['file']}: {row['category'].replace('_', ' ')}; {', '.join(row['roles']) or 'no role'}: {docs}")
    if problems:
        raise typer.Exit(2)


def all_command(
    profile: ProfileArg,
    out_dir: Annotated[Path, typer.Option("--out-dir", "-o", help="Folder to write the documents to (created if missing).")] = Path("."),
    as_of: AsOf = None,
    fmt: Fmt = DocFormat.docx,
    language: Language = "en",
    include_optional: Annotated[bool, typer.Option("--include-optional", help="Also write documents needed only by choice (a real-world testing plan).")] = False,
) -> None:
    """Write every document the Act asks of you for this system, one file each."""
    from aiact import documents
    from aiact.documents import formats

    if fmt == DocFormat.json:
        raise InputError("json is the registration data's own form (aiact docs registration -f json); "
                         "write all documents as markdown, html, docx or pdf", field="--format")
    prof, assessment = _load(profile, as_of)
    wanted = [n for n in documents.needs(assessment)
              if n.status in ("required", "on_event") or (include_optional and n.status == "optional")]
    if not wanted:
        typer.echo("The Act asks for no document from you for this system.", err=True)
        return
    rendered = []
    for n in wanted:  # render everything first: an error leaves no half-written set behind
        language_here = language if language in n.kind.languages else "en"  # notices are in de, fr too
        doc = documents.build(n.kind.id, prof, assessment, language=language_here)
        rendered.append((doc, fmt.value, formats.render_bytes(doc, fmt.value)))
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create the folder: {exc.strerror or exc}", path=out_dir, field="--out-dir") from None
    for doc, fmt_here, data in rendered:
        target = out_dir / formats.default_name(doc, fmt_here, profile.stem)
        formats.write_atomic(target, data)
        typer.echo(f"wrote {target} ({doc.kind.title_in(doc.language)}; {len(doc.to_fill)} fields still to fill)", err=True)


def check_command(
    file: Annotated[Path, typer.Argument(help="A document written by `aiact docs` and edited since (.md or .docx).", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Report what is still missing in an edited document, section by section (exit 1 if anything is)."""
    from aiact.documents.check import check

    result = check(file)
    if as_json:
        typer.echo(json.dumps(result.to_json_dict(), indent=2, ensure_ascii=False))
    else:
        head = f"{file}: {result.kind or 'unknown kind (no aiact-document record found)'}"
        typer.echo(head)
        for s in result.sections:
            if not s.present:
                typer.echo(f"  MISSING  {s.title}")
            elif s.blanks:
                typer.echo(f"  {len(s.blanks):>3} to fill  {s.title}")
                for b in s.blanks:
                    typer.echo(f"             - {b}")
            else:
                typer.echo(f"  complete {s.title}")
        for section, label in result.extra_blanks:
            typer.echo(f"  to fill  {section}: {label}")
        if result.complete:
            typer.echo("Complete: every section is there and no field is left to fill.")
        else:
            typer.echo(f"{len(result.missing)} section(s) missing, {result.blank_count} field(s) still to fill.")
    if not result.complete:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    from aiact.documents.catalogue import kinds

    docs_app.command("list")(list_command)
    docs_app.command("all")(all_command)
    docs_app.command("check")(check_command)
    for kind in kinds().values():
        text = f"Write the {kind.title.lower()} ({', '.join(kind.refs)})."
        docs_app.command(kind.id, help=text)(_make_command(kind.id, text))
    app.add_typer(docs_app, name="docs")
