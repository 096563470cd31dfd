"""The interview of a system in the inventory, one screen at a time, as the browser and the API
run it: which screen to show, how far along it is, saving a screen's answers, going back.

The engine decides everything about the law: which screens are still worth showing
(``aiact.api.next_screens``), what a response answers (``aiact.api.answer``) and how a screen
is pre-filled from earlier answers (``planner.prefill``). This module keeps the answers (every
screen saves the system's profile, with its version check and audit entry) and the trail of
screens answered (``System.interview``: ``{"screen": id, "covers": [question ids]}`` in the
order they were answered), which going back walks.

Going back changes nothing by itself: it reopens an answered screen, pre-filled with the
answers given; answering it again replaces those answers (and keeps the trail entry in place).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from aiact import api
from aiact.engine.answers import ONGOING
from aiact.engine.errors import AiactError
from aiact.engine.planner import prefill
from aiact.inventory import systems
from aiact.inventory.accounts import Actor
from aiact.inventory.errors import Conflict, Invalid
from aiact.inventory.models import AssessmentRecord, System


@dataclass
class Progress:
    """How far the interview is, honestly: screens answered, and how many more it will take.

    The planner lists every screen still open (``at_most``), but answers often make later
    ones moot; the screens that can decide an open conclusion now (``likely``) are the
    better guess of what is left.
    """

    answered: int
    likely: int
    at_most: int

    @property
    def done(self) -> bool:
        return self.at_most == 0

    @property
    def percent(self) -> int:
        if self.done:
            return 100
        return round(100 * self.answered / (self.answered + self.likely)) if self.answered else 0

    @property
    def words(self) -> str:
        answered = f"{self.answered} screen{'' if self.answered == 1 else 's'} answered"
        if self.done:
            return f"{answered}; nothing left that could change the outcome"
        more = f"about {self.likely} more"
        if self.at_most > self.likely:
            more += f" (at most {self.at_most}; your answers decide which are still needed)"
        return f"{answered}, {more}"


@dataclass
class View:
    """What the interview shows now for a system."""

    system: System
    screen: api.Screen | None  # None: nothing left to ask (or a reopened screen that no longer matters)
    progress: Progress
    prefill: dict[str, Any] = field(default_factory=dict)  # the response that repeats earlier answers
    at: int | None = None  # index in the trail of the screen reopened by "back", else None
    remaining: list[api.Screen] = field(default_factory=list)  # the screens still open, first = screen


def _typed(value: Any) -> Any:
    """A pre-filled answer as a person would type it (JSON-ready): "ongoing", a date, a number."""
    if value == ONGOING:
        return "ongoing"
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _prefill(screen: api.Screen | None, profile: api.Profile) -> dict[str, Any]:
    return {k: _typed(v) for k, v in prefill(screen, profile.answers).items()} if screen is not None else {}


def _profile(system: System) -> api.Profile:
    return api.read_profile(system.profile, source=f"system {system.id}")


def _trail(system: System) -> list[dict[str, Any]]:
    return [dict(e) for e in (system.interview or []) if isinstance(e, dict) and "screen" in e]


def _progress(system: System, screens: list[api.Screen]) -> Progress:
    likely = sum(1 for x in screens if x.ask_next) or (1 if screens else 0)
    return Progress(len(_trail(system)), likely, len(screens))


def view(s: Session, actor: Actor, system_id: int, *, include_unknown: bool = False,
         revisited_since: int | None = None) -> View:
    """The screen to show now: the first the engine still finds worth asking.

    With ``include_unknown`` the questions answered "don't know" are asked again (pre-filled
    as not sure); ``revisited_since`` (a place in the trail) leaves out the screens answered
    since then, so a pass over the "don't know" answers shows each screen once."""
    system = systems.get_system(s, actor, system_id)
    profile = _profile(system)
    screens = api.next_screens(profile, include_unknown=include_unknown)
    if include_unknown and revisited_since is not None:
        seen = {e["screen"] for e in _trail(system)[max(revisited_since, 0):]}
        screens = [x for x in screens if x.id not in seen]
    first = screens[0] if screens else None
    filled = _prefill(first, profile) if include_unknown else {}
    return View(system, first, _progress(system, api.next_screens(profile) if include_unknown else screens),
                filled, None, screens)


def _reopen(system: System, at: int) -> tuple[api.Screen | None, api.Profile]:
    """The screen answered ``at``-th (0-based), as the planner shows it once its own answers are
    set aside, and the profile without them (the base that answering it again starts from)."""
    trail = _trail(system)
    if not 0 <= at < len(trail):
        raise Invalid(f"there is no answered screen {at + 1} to go back to (screens answered: {len(trail)})",
                      field="at")
    entry = trail[at]
    bare = _profile(system)
    for qid in entry.get("covers", []):
        bare.clear_answer(qid)
    screen = next((x for x in api.next_screens(bare) if x.id == entry["screen"]), None)
    base = _profile(system)
    if screen is not None:
        for qid in screen.covers:
            base.clear_answer(qid)
    return screen, base


def reopen(s: Session, actor: Actor, system_id: int, at: int | None = None) -> View:
    """Go back: the answered screen ``at`` (default: the last one), pre-filled with the answers
    given. ``screen`` is None when later answers made every question on it moot."""
    system = systems.get_system(s, actor, system_id)
    trail = _trail(system)
    if at is None:
        if not trail:
            raise Invalid("no screen has been answered in this interview yet, so there is nothing to go back to",
                          field="at")
        at = len(trail) - 1
    screen, _ = _reopen(system, at)
    profile = _profile(system)
    filled = _prefill(screen, profile)
    return View(system, screen, _progress(system, api.next_screens(profile)), filled, at)


def _missing(screen: api.Screen, response: Mapping[str, Any]) -> None:
    """Every question of a screen needs an answer ("don't know" is one); an unticked checklist
    item says "no" by itself."""
    for f in screen.fields:
        if f.kind == "question" and (f.id not in response or response[f.id] is None
                                     or (isinstance(response[f.id], str) and not response[f.id].strip())):
            raise Invalid("answer this question, or choose \"don't know\"", field=f.id)


@dataclass
class Saved:
    system: System
    answers: dict[str, Any]  # what the screen answered, by question id (as stored)
    screen: api.Screen


def answer(s: Session, actor: Actor, system_id: int, version: int | None, screen_id: str,
           response: Mapping[str, Any], *, at: int | None = None, include_unknown: bool = False) -> Saved:
    """Save the answers to one screen (autosave): the profile changes under the version check,
    the audit log keeps the answers that changed, and the trail records the screen.

    ``screen_id`` must be one of the screens still open (or, with ``at``, the screen reopened
    by going back: its answers are replaced, its trail entry kept in place). Bad values are
    refused with the question (or checklist item) as the field; nothing is saved then.
    """
    system = systems.get_system(s, actor, system_id, "editor")
    systems.check_version(system, version)  # before anything else: a stale form is refused as such
    if not isinstance(response, Mapping):
        raise Invalid("the response must be an object: question or item id -> answer", field="response")
    trail = _trail(system)
    if at is not None:
        screen, profile = _reopen(system, at)
        if screen is None or screen.id != screen_id:
            raise Invalid(f"screen '{screen_id}' is not the answered screen {at + 1}"
                          + (" (your later answers made it moot)" if screen is None else f" ('{screen.id}')"),
                          field="screen")
    else:
        profile = _profile(system)
        open_screens = api.next_screens(profile, include_unknown=include_unknown)
        found = next((x for x in open_screens if x.id == screen_id), None)
        if found is None:
            still = ", ".join(x.id for x in open_screens[:5]) or "none: the interview is complete"
            raise Invalid(f"screen '{screen_id}' is not one of the screens still open (next: {still})",
                          field="screen")
        screen = found
    _missing(screen, response)
    try:
        answers = api.answer(profile, screen, response)
    except AiactError as exc:
        raise Invalid(exc.message, field=exc.field or "response") from None
    entry = {"screen": screen.id, "covers": list(screen.covers)}
    if at is not None:
        trail[at] = entry
    else:
        trail.append(entry)
    try:
        systems.set_profile(s, actor, system.id, api.profile_data(profile), version, interview=trail)
    except StaleDataError:  # another editor's save landed between our read and our write
        raise Conflict("someone else answered in the meantime; reload the interview and answer again",
                       field="version") from None
    stored = api.profile_data(profile).get("answers", {})
    return Saved(system, {q: stored.get(q) for q in answers}, screen)


def finish(s: Session, actor: Actor, system_id: int) -> AssessmentRecord:
    """End the interview (nothing left to ask, or the person stops): assess and keep the result."""
    return systems.assess_system(s, actor, system_id)
