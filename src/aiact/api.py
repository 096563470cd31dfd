"""aiact's public Python API: assess a system, plan the interview, read answers.

Everything the CLI and the web app show comes from these functions; they never print.

>>> import aiact
>>> p = aiact.profile({"subject.kind": "system"}, as_of="2026-11-27")
>>> screen = aiact.next_screens(p)[0]
>>> screen.id, screen.type, screen.covers[0]
('definition', 'checklist', 'art3_1.machine_based_autonomy')
>>> aiact.answer(p, screen, {"art3_1.machine_based_autonomy": True, "art3_1.infers": True,
...                          "art3_1.outputs_influence": True})["art3_1.only_simple_techniques"]
False
>>> aiact.assess(p).ai_system
True
>>> aiact.parse_answer("org.annual_turnover_eur", "9bn")
9000000000.0

See docs/api.md for a walk-through.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from aiact.engine import answers as _answers
from aiact.engine import assess as _assess
from aiact.engine import planner as _planner
from aiact.engine import profile as _profile
from aiact.engine.errors import InputError
from aiact.engine.load import load_law
from aiact.engine.profile import Profile
from aiact.engine.result import Assessment, Screen

__all__ = [
    "Assessment", "Profile", "Screen", "answer", "assess", "load_profile", "next_screens", "parse_answer",
    "profile", "profile_data", "read_profile", "save_profile",
]

Answers = Profile | Mapping[str, Any]
Day = _dt.date | str | None


def _day(value: Day) -> _dt.date | None:
    if value is None or isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"'{value}' is not a date; write YYYY-MM-DD", field="as_of") from None


def profile(answers: Mapping[str, Any] | None = None, *, name: str | None = None,
            organisation: str | None = None, as_of: Day = None, scenario: str | None = None) -> Profile:
    """A profile from a plain dict of answers keyed by question id, checked like a file.

    Answers take the strict form of profile files (``True``, ``"professional"``, a date or
    ``"2028-01-01"``, a number); ``"unknown"`` records "don't know".
    """
    data: dict[str, Any] = {"answers": dict(answers or {})}
    for key, value in (("name", name), ("organisation", organisation), ("scenario", scenario)):
        if value is not None:
            data[key] = value
    if as_of is not None:
        data["as_of"] = _day(as_of)
    return _profile.profile_from_data(data, load_law())


def load_profile(path: str | Path) -> Profile:
    """Read a profile file (YAML or JSON); errors name the file, line and field."""
    return _profile.load_profile(path, load_law())


def save_profile(p: Profile, path: str | Path) -> None:
    """Write a profile atomically (YAML, or JSON for a .json path)."""
    _profile.save_profile(p, path, load_law())


def _as_profile(p: Answers) -> Profile:
    return p if isinstance(p, Profile) else profile(p)


def assess(p: Answers, as_of: Day = None, *, scenario: str | None = None, explain: bool = True) -> Assessment:
    """What the Act makes of the system for the asker, under the law in force on ``as_of``.

    ``as_of`` defaults to the profile's own date, else today. ``scenario`` opts into a
    named what-if (a proposal, never the default).
    """
    prof = _as_profile(p)
    if scenario is not None:
        prof.scenario = scenario
    return _assess.assess(prof, _day(as_of), load_law(), explain=explain)


def next_screens(p: Answers, as_of: Day = None, *, include_unknown: bool = False) -> list[Screen]:
    """The interview screens still worth showing, in asking order (show the first)."""
    return _planner.next_screens(_as_profile(p), _day(as_of), load_law(), include_unknown=include_unknown)


def answer(p: Profile, screen: Screen, response: Mapping[str, Any]) -> dict[str, Any]:
    """Apply a response to a screen to the profile; returns the answers it set, by question id.

    ``response`` maps question ids to answers (text as typed is accepted: "yes", "9bn",
    "2028-03") and checklist item ids to ``True`` (ticked), ``False`` or absent (not
    ticked) or ``"unknown"`` (not sure).
    """
    return _planner.answer_screen(p, screen, response, load_law())


def parse_answer(question_id: str, text: Any) -> Any:
    """Read one answer as a person types it; returns the typed value (or UNKNOWN)."""
    law = load_law()
    if question_id not in law.questions:
        raise InputError("unknown question id", field=question_id)
    return _answers.parse_answer(law.questions[question_id], text, lenient=True)


def read_profile(data: Mapping[str, Any], source: str | None = None) -> Profile:
    """A profile from the data of a profile file (``aiact_profile``, ``answers``, ``notes``...),
    checked like a file; errors name ``source`` and the field."""
    return _profile.profile_from_data(dict(data), load_law(), source=source)


def profile_data(p: Profile) -> dict[str, Any]:
    """The profile as the plain data of a profile file (JSON-ready), answers in question order."""
    import json

    data = _profile.profile_to_data(p, load_law())
    return dict(json.loads(json.dumps(data, default=lambda v: v.isoformat())))
