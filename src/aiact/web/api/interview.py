"""The interview over the API: the screens still worth showing, answering one, going back.

The screens are the engine's (``aiact.Screen``, as ``aiact next PROFILE --json`` prints them);
a response maps question ids to answers (text as typed: "yes", "9 bn", "2028-03", "unknown")
and checklist item ids to true (ticked), false or absent (not ticked) or "unknown" (not sure).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from aiact.engine.result import Screen
from aiact.inventory import interview as iv
from aiact.web.api.schemas import ERRORS, Strict
from aiact.web.deps import DB, APICaller

router = APIRouter(tags=["interview"], responses=ERRORS)


class ProgressOut(BaseModel):
    answered: int = Field(description="Screens answered so far in this system's interview.")
    likely_remaining: int = Field(description="Screens that can decide an open conclusion now: the best guess of "
                                              "what is left (answers often make the others moot).")
    at_most_remaining: int = Field(description="Every screen still open; the interview asks no more than these.")
    done: bool = Field(description="Nothing is left that could change the outcome.")
    words: str


class ScreensOut(BaseModel):
    system_id: int
    version: int = Field(description="The system's version: send it with the answers.")
    screens: list[Screen] = Field(description="The screens still worth showing, in asking order: show the first.")
    progress: ProgressOut


class AnswerIn(Strict):
    version: int = Field(description="The version you read; answers on a newer version are refused (409).")
    screen: str = Field(description="The id of the screen answered (one of the open screens, or the one reopened).")
    response: dict[str, Any] = Field(description="Question id -> answer; checklist item id -> true, false or "
                                                 "'unknown'. Every question of the screen needs an answer "
                                                 "('unknown' is one).")
    at: int | None = Field(None, ge=0, description="To answer again a screen reopened by going back: its place in "
                                                   "the trail (0-based), as /interview/back returned it.")
    include_unknown: bool = Field(False, description="Answering a screen that asks again what was answered "
                                                     "'unknown' (GET .../screens?include_unknown=true).")


class AnswerOut(BaseModel):
    system_id: int
    version: int = Field(description="The system's new version.")
    answers: dict[str, Any] = Field(description="What the screen answered, by question id, as stored.")
    next: Screen | None = Field(description="The screen to show next, or null when nothing is left to ask.")
    progress: ProgressOut


class BackIn(Strict):
    at: int | None = Field(None, ge=0, description="Reopen the screen before this place in the trail "
                                                   "(default: reopen the last screen answered).")


class BackOut(BaseModel):
    system_id: int
    version: int
    at: int = Field(description="The reopened screen's place in the trail: send it back with the answers.")
    screen: Screen | None = Field(description="The screen as answered, or null when later answers made it moot.")
    prefill: dict[str, Any] = Field(description="The response that repeats the answers given ('unknown' where "
                                                "none was given).")
    progress: ProgressOut


def progress_out(p: iv.Progress) -> ProgressOut:
    return ProgressOut(answered=p.answered, likely_remaining=p.likely, at_most_remaining=p.at_most, done=p.done,
                       words=p.words)


@router.get("/systems/{system_id}/screens", response_model=ScreensOut)
def screens(system_id: int, s: DB, caller: APICaller, include_unknown: bool = False) -> ScreensOut:
    """The interview screens still worth showing for the system (the engine decides), with progress.
    ``include_unknown`` also asks again what was answered "don't know"."""
    v = iv.view(s, caller.actor, system_id, include_unknown=include_unknown)
    return ScreensOut(system_id=v.system.id, version=v.system.version, screens=v.remaining,
                      progress=progress_out(v.progress))


@router.post("/systems/{system_id}/answers", response_model=AnswerOut)
def answers(system_id: int, body: AnswerIn, s: DB, caller: APICaller) -> AnswerOut:
    """Answer one screen: the answers are saved at once (version check: 409 if someone answered
    in the meantime), the audit log keeps what changed; returns the next screen."""
    saved = iv.answer(s, caller.actor, system_id, body.version, body.screen, body.response, at=body.at,
                      include_unknown=body.include_unknown)
    v = iv.view(s, caller.actor, system_id, include_unknown=body.include_unknown)
    return AnswerOut(system_id=saved.system.id, version=saved.system.version, answers=saved.answers, next=v.screen,
                     progress=progress_out(v.progress))


@router.post("/systems/{system_id}/interview/back", response_model=BackOut)
def back(system_id: int, s: DB, caller: APICaller, body: BackIn | None = None) -> BackOut:
    """Go back: reopen the last screen answered (or the one before ``at``), pre-filled. Nothing
    changes until it is answered again (POST .../answers with ``at``), which replaces its answers."""
    at = body.at if body is not None else None
    v = iv.reopen(s, caller.actor, system_id, None if at is None else at - 1)
    assert v.at is not None
    return BackOut(system_id=v.system.id, version=v.system.version, at=v.at, screen=v.screen, prefill=v.prefill,
                   progress=progress_out(v.progress))
