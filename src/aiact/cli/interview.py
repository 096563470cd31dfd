"""`aiact interview`: a guided interview that asks only what can still change the outcome.

It asks one question at a time in the order of the law (AI system and scope, prohibited
practices, high-risk, transparency, models, role details, organisation), accepts "don't
know", saves the profile after every answer, resumes where it stopped, and ends with the
report. The questions come from the planner (`aiact.engine.assess.next_questions`); this
module only asks them.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path
from typing import Annotated, Any

import typer

from aiact.cli.assess import Format
from aiact.engine.errors import InputError

HELP_KEYS = "Type ? for don't know, h for help, b to go back, q to save and stop."
_SUFFIX = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "mn": 1e6, "bn": 1e9, "billion": 1e9, "b": 1e9}


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


def parse_number(text: str) -> float:
    """Numbers as people type them: 9e9, 9 000 000, 9,5 million, 9bn, 2.5 x 10^24."""
    t = text.strip().lower().replace("eur", "").replace("€", "").strip()
    m = re.fullmatch(r"([0-9.,\s]+)\s*(?:x|\*|×)\s*10\s*\^\s*([0-9]+)", t)
    if m:
        return float(m.group(1).replace(" ", "").replace(",", ".")) * 10 ** int(m.group(2))
    m = re.fullmatch(r"([0-9][0-9.,\s_]*(?:e[+-]?[0-9]+)?)\s*([a-z]*)", t)
    if not m:
        raise ValueError(text)
    digits, suffix = m.group(1).replace(" ", "").replace("_", ""), m.group(2)
    if suffix and suffix not in _SUFFIX:
        raise ValueError(text)
    if digits.count(",") == 1 and "." not in digits and len(digits.split(",")[1]) != 3:
        digits = digits.replace(",", ".")  # decimal comma
    digits = digits.replace(",", "")
    return float(digits) * (_SUFFIX[suffix] if suffix else 1)


def parse_date_answer(text: str, allow_ongoing: bool) -> Any:
    from aiact.engine.profile import ONGOING

    t = text.strip().lower()
    if allow_ongoing and t in ("ongoing", "none", "no end", "never"):
        return ONGOING
    if re.fullmatch(r"\d{4}-\d{2}", t):
        t += "-01"
    return _dt.date.fromisoformat(t)


def _ask(question: Any, law: Any, echo: Any, prompt: Any) -> Any:
    """Ask one question until a valid answer (or a command) is given."""
    from aiact.engine.tri import UNKNOWN

    q = law.questions[question.id]
    echo("")
    echo(_wrap(question.text))  # an open question of the assessment: the words as of its date
    if q.judgement:
        echo("  (This asks for a legal judgement; answer ? if unsure.)")
    options = list(q.options.items())
    if q.type == "choice":
        for i, (_value, label) in enumerate(options, 1):
            echo(_wrap(label, indent=f"  {i}. "))
    hint = {"bool": "y/n", "choice": f"1-{len(options)}", "number": q.unit or "number",
            "date": "YYYY-MM-DD" + (" or ongoing" if q.allow_ongoing else "")}[q.type]
    while True:
        raw = str(prompt(f"[{hint}, ?, h, b, q]")).strip()
        low = raw.lower()
        if low in ("q", "quit", "exit"):
            raise _Quit
        if low in ("b", "back"):
            raise _Back
        if low in ("h", "help"):
            echo(_wrap(question.help or "No further help for this question."))
            echo("Provisions: " + ", ".join(question.refs))
            echo(HELP_KEYS)
            continue
        if low in ("?", "dk", "don't know", "dont know", "unknown", "u"):
            return UNKNOWN
        try:
            if q.type == "bool":
                if low in ("y", "yes", "true", "j", "ja", "oui"):
                    return True
                if low in ("n", "no", "false", "nein", "non"):
                    return False
                raise ValueError(raw)
            if q.type == "choice":
                if low.isdigit() and 1 <= int(low) <= len(options):
                    return options[int(low) - 1][0]
                if raw in q.options:
                    return raw
                raise ValueError(raw)
            if q.type == "number":
                value = parse_number(raw)
                if q.minimum is not None and value < q.minimum:
                    raise ValueError(raw)
                return value
            if q.type == "date":
                return parse_date_answer(raw, q.allow_ongoing)
        except ValueError:
            echo(f"Sorry, I could not read '{raw}' as {hint}. {HELP_KEYS}")


def interview_command(
    profile: Annotated[Path | None, typer.Option("--profile", "-p", help="Profile file to create or resume (YAML or JSON).")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Assess as of this date (YYYY-MM-DD).")] = None,
    review: Annotated[bool, typer.Option("--review", help="Review and change earlier answers first.")] = False,
    report_format: Annotated[Format, typer.Option("--format", "-f", help="Format of the final report.")] = Format.text,
) -> None:
    """Interview about an AI system, one question at a time, then print the report."""
    from aiact.cli.assess import _as_of
    from aiact.engine.assess import assess
    from aiact.engine.load import load_law
    from aiact.engine.profile import Profile, load_profile, save_profile
    from aiact.report import render

    law = load_law()
    day = _as_of(as_of)
    echo = typer.echo
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
        _review(prof, law, profile, echo)

    history: list[str] = []
    topic = None
    while True:
        result = assess(prof, day, law, explain=False)
        pending = [q for q in result.open_questions if not q.answered_unknown and not prof.answered(q.id)]
        pending = [q for q in pending if q.ask_next] + [q for q in pending if not q.ask_next]
        if not pending:
            break
        question = pending[0]
        qtopic = law.questions[question.id].topic
        topics = sorted(law.topics.values(), key=lambda t: t.order)
        if qtopic != topic:
            topic = qtopic
            index = next(i for i, t in enumerate(topics, 1) if t.id == topic)
            echo(f"\n== Part {index} of {len(topics)}: {law.topics[topic].title} ==")
        answered = len(prof.answers) + len(prof.unknown)
        echo(f"\n[{answered} answered so far; {_settled(result)}]")
        try:
            value = _ask(question, law, echo, lambda text: typer.prompt(text, default="", show_default=False))
        except _Quit:
            save_profile(prof, profile, law)
            echo(f"Saved to {profile}. Run the same command to continue.")
            raise typer.Exit(0) from None
        except _Back:
            if history:
                prof.clear_answer(history.pop())
                save_profile(prof, profile, law)
            else:
                echo("Nothing to go back to in this session.")
            continue
        prof.set_answer(question.id, value)
        history.append(question.id)
        save_profile(prof, profile, law)
    echo(f"\nAll questions that matter are answered. Saved to {profile}.\n")
    typer.echo(render(assess(prof, day, law), report_format.value), nl=False)


def _settled(result: Any) -> str:
    """Progress in words: which conclusions are settled already."""
    open_fields = set(result.undetermined)
    main = ["category", "roles", "obligations"]
    done = [f for f in main if f not in open_fields]
    words = {"category": f"tier ({result.category.replace('_', ' ')})", "roles": "your roles",
             "obligations": "your obligations"}
    if not done:
        return "nothing settled yet"
    return "settled: " + ", ".join(words[f] for f in done)


def _review(prof: Any, law: Any, path: Path, echo: Any) -> None:
    from aiact.engine.assess import answer_text
    from aiact.engine.profile import save_profile
    from aiact.engine.tri import UNKNOWN

    while True:
        ids = [qid for qid in law.questions if prof.answered(qid)]
        if not ids:
            echo("No answers yet.")
            return
        for i, qid in enumerate(ids, 1):
            value = prof.answers.get(qid, UNKNOWN)
            echo(f"{i:3}. {law.questions[qid].text[:90]} -> {answer_text(law.questions[qid], value)}")
        choice = typer.prompt("Number to change (Enter to continue)", default="", show_default=False).strip()
        if not choice:
            return
        if not choice.isdigit() or not 1 <= int(choice) <= len(ids):
            echo("Please give one of the numbers above.")
            continue
        qid = ids[int(choice) - 1]
        try:
            value = _ask(law.questions[qid], law, echo, lambda text: typer.prompt(text, default="", show_default=False))
        except (_Back, _Quit):
            continue
        prof.set_answer(qid, value)
        save_profile(prof, path, law)


def register(app: typer.Typer) -> None:
    app.command("interview")(interview_command)
