"""`aiact assess`, `aiact next`, `aiact explain`, `aiact rules`: the rules engine on the command line."""

from __future__ import annotations

import datetime as _dt
import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from aiact.engine.errors import InputError


class Format(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


def _as_of(value: str | None) -> _dt.date | None:
    if value is None:
        return None
    if value == "today":
        return _dt.date.today()
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"'{value}' is not a date; write YYYY-MM-DD or 'today'", field="--as-of") from None


def assess_command(
    profile: Annotated[Path, typer.Argument(help="A profile file (YAML or JSON), or a folder of them.")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="Assess as of this date (YYYY-MM-DD); default: the profile's as_of, else today.")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report to this file instead of the terminal.")] = None,
    scenario: Annotated[str | None, typer.Option("--scenario", help="Opt into a named what-if scenario (a proposal, not law); see `aiact rules`.")] = None,
) -> None:
    """Assess an AI system: scope, tier, roles, obligations with dates, fines, open questions."""
    from aiact.engine.assess import assess
    from aiact.engine.load import load_law
    from aiact.engine.profile import load_profile
    from aiact.report import render

    law = load_law()
    day = _as_of(as_of)
    if profile.is_dir():
        from aiact.report.summary import assess_folder

        text, problems = assess_folder(profile, day, fmt.value)
        _emit(text, output)
        for problem in problems:
            typer.echo(f"error: {problem}", err=True)
        if problems:
            raise typer.Exit(2)
        return
    else:
        prof = load_profile(profile, law)
        if scenario is not None:
            prof.scenario = scenario
        result = assess(prof, day, law)
        if fmt == Format.text and output is None:
            from rich.console import Console

            console = Console()
            if console.is_terminal:  # colours and the full width of the terminal
                from aiact.report.text import print_report

                print_report(result, console)
                return
        text = render(result, fmt.value)
    _emit(text, output)


def _emit(text: str, output: Path | None) -> None:
    if output is not None:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot write: {exc.strerror or exc}", path=output, field="--output") from None
    else:
        typer.echo(text, nl=not text.endswith("\n"))


def next_command(
    profile: Annotated[Path, typer.Argument(help="A profile file (YAML or JSON).")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="Assess as of this date (YYYY-MM-DD).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (for scripts and the web app).")] = False,
    include_unknown: Annotated[bool, typer.Option("--include-unknown", help="Also list questions answered 'unknown'.")] = False,
) -> None:
    """Print the screens still worth showing, in asking order (the interview shows the first)."""
    from aiact.engine.load import load_law
    from aiact.engine.planner import next_screens
    from aiact.engine.profile import load_profile

    law = load_law()
    screens = next_screens(load_profile(profile, law), _as_of(as_of), law, include_unknown=include_unknown)
    if as_json:
        typer.echo(json.dumps([s.model_dump(mode="json") for s in screens], indent=2, ensure_ascii=False))
        return
    if not screens:
        typer.echo("Nothing left to ask: every conclusion you need is determined, or you said you don't know.")
    for n, s in enumerate(screens, 1):
        typer.echo(f"{n}. [{s.type}] {s.text}  ({s.id}; settles {', '.join(s.covers)})")
        for f in s.fields:
            if f.kind == "question" and s.type == "form":
                typer.echo(f"     - {f.text}")
            for item in f.items:
                typer.echo(f"     [ ] {item.text}")


def register(app: typer.Typer) -> None:
    app.command("assess")(assess_command)
    app.command("next")(next_command)
