"""`aiact interview`: a guided interview, one screen at a time, that asks only what matters.

A screen is one question, a checklist ("tick every one that applies") or a short form of
related facts; the planner (`aiact.engine.planner`) decides which screen comes next, from
what can still change what the asker owes, in the order of the law. The interview accepts
"don't know", saves the profile after every answer, resumes where it stopped, and ends
with the report. This module only asks; parsing answers is the engine's
(`aiact.engine.answers`).
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Annotated, Any

import typer

from aiact.cli.assess import Format
from aiact.engine.errors import InputError

HELP_KEYS = "Type ? for don't know, h for help, b to go back, q to save and stop."
TICK_KEYS = ("Give the numbers that apply (e.g. 1 3), 0 for none of these, ?N if not sure about N; "
             "h for help, b to go back, q to save and stop.")


def _wrap(text: str, indent: str = "") -> str:
    import shutil
    import textwrap

    width = max(40, min(100, shutil.get_terminal_size((100, 24)).columns - 2))
    return textwrap.fill(" ".join(text.split()), width=width, initial_indent=indent,
                         subsequent_indent=" " * len(indent))


class _Back(Exception):
    pass


class _Quit(Exception):
    pass


def _command(raw: str, on_help: Any) -> bool:
    """Handle q/b/h; True if the input was a help request (ask again)."""
    low = raw.strip().lower()
    if low in ("q", "quit", "exit"):
        raise _Quit
    if low in ("b", "back"):
        raise _Back
    if low in ("h", "help"):
        on_help()
        return True
    return False


def _ask(field: Any, law: Any, echo: Any, prompt: Any) -> Any:
    """Ask one question until a valid answer (or a command) is given."""
    from aiact.engine.answers import hint, parse_answer

    q = law.questions[field.id]
    echo("")
    echo(_wrap(field.text))  # the words as of the assessment's date
    if q.judgement:
        echo("  (This asks for a legal judgement; answer ? if unsure.)")
    if q.type == "choice":
        for i, label in enumerate((field.options or q.options).values(), 1):  # the words for the subject
            echo(_wrap(label, indent=f"  {i}. "))

    def show_help() -> None:
        echo(_wrap(field.help or "No further help for this question."))
        echo("Provisions: " + ", ".join(field.refs))
        echo(HELP_KEYS)

    while True:
        raw = str(prompt(f"[{hint(q)}, ?, h, b, q]"))
        if _command(raw, show_help):
            continue
        try:
            return parse_answer(q, raw, lenient=True)
        except InputError:
            echo(f"Sorry, I could not read '{raw.strip()}' as {hint(q)}. {HELP_KEYS}")


def _tick(field: Any, echo: Any, prompt: Any) -> dict[str, Any]:
    """Ask a checklist; returns the response by item id."""
    from aiact.engine.answers import parse_ticks

    echo("")
    echo(_wrap(field.text))
    for i, item in enumerate(field.items, 1):
        echo(_wrap(item.text + (" (a legal judgement)" if item.judgement else ""), indent=f"  {i:>2}. "))

    def show_help() -> None:
        for i, item in enumerate(field.items, 1):
            if item.help:
                echo(_wrap(f"{item.help} ({', '.join(item.refs)})", indent=f"  {i:>2}. "))
        echo(TICK_KEYS)

    while True:
        raw = str(prompt("[numbers, 0, ?N, h, b, q]"))
        if _command(raw, show_help):
            continue
        try:
            ticked, unsure = parse_ticks(raw, len(field.items))
        except ValueError:
            echo(f"Sorry, I could not read '{raw.strip()}'. {TICK_KEYS}")
            continue
        return {item.id: True if i in ticked else ("unknown" if i in unsure else False)
                for i, item in enumerate(field.items, 1)}


def interview_command(
    profile: Annotated[Path | None, typer.Option("--profile", "-p", help="Profile file to create or resume (YAML or JSON).")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Assess as of this date (YYYY-MM-DD).")] = None,
    review: Annotated[bool, typer.Option("--review", help="Review and change earlier answers first.")] = False,
    report_format: Annotated[Format, typer.Option("--format", "-f", help="Format of the final report.")] = Format.text,
) -> None:
    """Interview about an AI system, one screen at a time, then print the report."""
    from aiact.cli.assess import _as_of
    from aiact.engine.assess import assess
    from aiact.engine.load import load_law
    from aiact.engine.planner import answer_screen, part_of, screens_for
    from aiact.engine.profile import Profile, load_profile, save_profile
    from aiact.report import render

    law = load_law()
    day = _as_of(as_of)
    echo = typer.echo

    def prompt(text: str) -> str:
        return str(typer.prompt(text, default="", show_default=False))

    if profile is None:
        profile = Path(typer.prompt("Save the answers to which file?", default="ai-system.yaml"))
    if profile.exists():
        prof = load_profile(profile, law)
        echo(f"Resuming {profile} ({len(prof.answers) + len(prof.unknown)} answers so far).")
    else:
        if profile.suffix.lower() not in (".yaml", ".yml", ".json"):
            raise InputError("the profile file must end in .yaml, .yml or .json", path=profile)
        prof = Profile(path=str(profile))
        echo("A new profile. Answer in plain words; " + HELP_KEYS)
        name = typer.prompt("Name of the AI system", default="", show_default=False).strip()
        org = typer.prompt("Your organisation", default="", show_default=False).strip()
        prof.name = name or None
        prof.organisation = org or None
        save_profile(prof, profile, law)
    if day is not None:
        prof.as_of = day

    if review:
        _review(prof, law, profile, echo, prompt)

    history: list[list[str]] = []  # question ids set by each answer, to go back
    shown = 0
    while True:
        result = assess(prof, day, law, explain=False)
        screens = screens_for(result, prof, law)
        if not screens:
            break
        screen = screens[0]
        shown += 1
        echo(f"\n== Screen {shown}: {law.topics[screen.topic].title} ({_settled(result)}) ==")
        if screen.type == "form":
            echo(_wrap(screen.text))
        try:
            for field in screen.fields:
                part = part_of(screen, field)
                if field.kind == "checklist":
                    response = _tick(field, echo, prompt)
                else:
                    response = {field.id: _ask(field, law, echo, prompt)}
                history.append(list(answer_screen(prof, part, response, law)))
                save_profile(prof, profile, law)
        except _Quit:
            save_profile(prof, profile, law)
            echo(f"Saved to {profile}. Run the same command to continue.")
            raise typer.Exit(0) from None
        except _Back:
            if history:
                for qid in history.pop():
                    prof.clear_answer(qid)
                save_profile(prof, profile, law)
            else:
                echo("Nothing to go back to in this session.")
            shown -= 1
            continue
    done = assess(prof, day, law)
    unsure = [q for q in done.open_questions if q.answered_unknown]
    echo(f"\nAll questions that matter are answered. Saved to {profile}.")
    if unsure:
        echo(f"{len(unsure)} conclusion(s) stay open only because you answered \"don't know\"; "
             "the report lists those answers.")
    echo("")
    typer.echo(render(done, report_format.value), nl=False)


def _settled(result: Any) -> str:
    """Progress in words: which conclusions are settled already."""
    open_fields = set(result.undetermined)
    main = ["category", "roles", "obligations"]
    done = [f for f in main if f not in open_fields]
    words = {"category": f"tier: {result.category.replace('_', ' ')}", "roles": "your roles",
             "obligations": "your obligations"}
    if not done:
        return "nothing settled yet"
    return "settled: " + ", ".join(words[f] for f in done)


def _review(prof: Any, law: Any, path: Path, echo: Any, prompt: Any) -> None:
    from aiact.engine.assess import answer_text
    from aiact.engine.profile import save_profile
    from aiact.engine.result import ScreenField
    from aiact.engine.tri import UNKNOWN

    while True:
        ids = [qid for qid in law.questions if prof.answered(qid)]
        if not ids:
            echo("No answers yet.")
            return
        day = prof.as_of or _dt.date.today()
        subject = prof.answers.get("subject.kind")  # a model assessed on its own has its own words
        for i, qid in enumerate(ids, 1):
            value = prof.answers.get(qid, UNKNOWN)
            q = law.questions[qid]
            echo(f"{i:3}. {q.text_at(day, subject)[:90]} -> {answer_text(q, value, subject)}")
        choice = typer.prompt("Number to change (Enter to continue)", default="", show_default=False).strip()
        if not choice:
            return
        if not choice.isdigit() or not 1 <= int(choice) <= len(ids):
            echo("Please give one of the numbers above.")
            continue
        qid = ids[int(choice) - 1]
        q = law.questions[qid]
        field = ScreenField(kind="question", id=qid, text=q.text_at(day, subject), type=q.type,
                            options=q.options_for(subject), help=q.help_at(day, subject) or None, gate=None)
        try:
            value = _ask(field, law, echo, prompt)
        except (_Back, _Quit):
            continue
        prof.set_answer(qid, value)
        save_profile(prof, path, law)


def register(app: typer.Typer) -> None:
    app.command("interview")(interview_command)
