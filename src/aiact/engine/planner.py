"""The interview planner: which screens to show next, and what a screen's answers mean.

An assessment lists the open questions: those whose answer could still change a conclusion
the asker needs (``aiact.engine.assess``). The planner groups them into the screens of the
law room (``law/screens.yaml``): a screen shows only its questions that are still open, so
an owner is never asked what cannot change what they owe. Screens holding a question that
can decide an open conclusion now (``ask_next``) come first, in the order of the law.

Answers to a screen come back keyed by question id (for a question) or item id (for a
checklist item: ticked ``true``, unticked ``false``, not sure ``"unknown"``), and become
answers keyed by question id, so profiles keep one format whatever the screens look like.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from aiact.engine.answers import UNKNOWN_WORDS, parse_answer
from aiact.engine.assess import assess
from aiact.engine.errors import InputError
from aiact.engine.law import Checklist, Law, Question
from aiact.engine.load import load_law, screen_order
from aiact.engine.profile import Profile
from aiact.engine.result import Assessment, OpenQuestion, Screen, ScreenField, ScreenItem
from aiact.engine.tri import UNKNOWN


def pending_questions(result: Assessment, profile: Profile, *, include_unknown: bool = False) -> list[OpenQuestion]:
    """Open questions not answered yet (with ``include_unknown``: also those answered "don't know")."""
    return [q for q in result.open_questions
            if (include_unknown and q.answered_unknown) or not profile.answered(q.id)]


def next_screens(
    profile: Profile, as_of: _dt.date | None = None, law: Law | None = None, *, include_unknown: bool = False
) -> list[Screen]:
    """The screens still worth showing, in asking order; the interview shows the first."""
    law = law or load_law()
    result = assess(profile, as_of, law, explain=False)
    return screens_for(result, profile, law, include_unknown=include_unknown)


def screens_for(result: Assessment, profile: Profile, law: Law, *, include_unknown: bool = False) -> list[Screen]:
    """Group an assessment's pending questions into screens."""
    pending = pending_questions(result, profile, include_unknown=include_unknown)
    if not pending:
        return []
    asked = {q.id: q for q in pending}  # with their words as of the assessment's date, for the subject
    first = {q.id for q in pending if q.ask_next}
    subject = profile.answers.get("subject.kind")  # a model assessed on its own has its own words
    groups: dict[str, list[str]] = {}
    for q in pending:
        groups.setdefault(law.screen_of.get(q.id, q.id), []).append(q.id)
    out: list[Screen] = []
    for sid in groups:
        if sid in law.screens:
            screen = _build(law, sid, asked, first, subject)
        else:
            screen = _single(law.questions[sid], asked[sid], sid in first)
        if screen is not None:
            out.append(screen)
    out.sort(key=lambda s: (not s.ask_next, _order(law, s)))
    return out


def _order(law: Law, screen: Screen) -> int:
    if screen.id in law.screens:
        return law.screens[screen.id].order
    q = law.questions[screen.id]
    return screen_order(law.topics[q.topic], q.order, lone=True)


def _field(q: Question, oq: OpenQuestion) -> ScreenField:
    return ScreenField(kind="question", id=q.id, text=oq.text, type=q.type, options=oq.options, unit=q.unit,
                       minimum=q.minimum, allow_ongoing=q.allow_ongoing, help=oq.help, refs=oq.refs,
                       judgement=q.judgement, gate=None)


def _single(q: Question, oq: OpenQuestion, ask_next: bool) -> Screen:
    f = _field(q, oq)
    kind: Any = q.type
    return Screen(id=q.id, text=oq.text, type=kind, topic=q.topic, help=oq.help, refs=oq.refs,
                  covers=[q.id], options=oq.options, fields=[f], ask_next=ask_next)


def _build(law: Law, sid: str, asked: dict[str, OpenQuestion], first: set[str], subject: Any = None) -> Screen | None:
    spec = law.screens[sid]
    fields: list[ScreenField] = []
    covers: list[str] = []
    for n, part in enumerate(spec.parts):
        if not isinstance(part, Checklist):
            if part in asked and (part not in spec.next_only or part in first):
                fields.append(_field(law.questions[part], asked[part]))
                covers.append(part)
            continue
        items = [
            ScreenItem(id=it.id, question=it.question, value=it.ticked, text=it.label_for(subject),
                       help=it.help_for(subject) or asked[it.question].help, refs=asked[it.question].refs,
                       judgement=law.questions[it.question].judgement)
            for it in part.items if it.question in asked
        ]
        gate = part.gate if part.gate in asked else None
        if gate and not any(i.question in part.gate_of for i in items):
            fields.append(_field(law.questions[gate], asked[gate]))  # its items are answered: ask it as such
            covers.append(gate)
            gate = None
        if not items:
            continue
        asked_here = list(dict.fromkeys(i.question for i in items))
        fields.append(ScreenField(
            kind="checklist", id=f"{sid}:checklist{n}", text=part.text_for(subject) or spec.text_for(subject),
            type="checklist",
            items=items, unticked={q: v for q, v in part.unticked.items() if q in asked_here},
            gate=gate, gate_of=[q for q in part.gate_of if q in asked_here] if gate else [],
            refs=_refs(asked_here, asked),
        ))
        covers += asked_here + ([gate] if gate else [])
    if not fields:
        return None
    if len(fields) == 1 and fields[0].kind == "question":  # only one question left: ask it alone
        q = law.questions[fields[0].id]
        return _single(q, asked[q.id], q.id in first)
    kind: Any = "checklist" if len(fields) == 1 else "form"
    return Screen(
        id=sid, text=spec.text_for(subject), type=kind, topic=spec.topic, help=spec.help_for(subject) or None,
        refs=_refs(covers, asked), covers=covers,
        items=fields[0].items if kind == "checklist" else [], fields=fields,
        ask_next=any(c in first for c in covers),
    )


def _refs(qids: list[str], asked: dict[str, OpenQuestion]) -> list[str]:
    return list(dict.fromkeys(r for q in qids for r in asked[q].refs))


# ----------------------------------------------------------------------------- answers


def screen_answers(screen: Screen, response: Mapping[str, Any], law: Law | None = None,
                   known: Mapping[str, Any] | None = None, *, lenient: bool = True) -> dict[str, Any]:
    """What a response to a screen answers, by question id (values typed; UNKNOWN for not sure).

    ``response`` maps question ids (for questions) and item ids (for checklist items: true
    when ticked, false or absent when not, "unknown" when not sure) to answers. ``known``
    are answers given before, used for a gate whose items were partly answered earlier.
    """
    law = law or load_law()
    allowed = set(screen.covers) | {i.id for f in screen.fields for i in f.items}
    for key in response:
        if key not in allowed:
            raise InputError(f"'{key}' is not a question or item of screen '{screen.id}'", field=key)
    out: dict[str, Any] = {}
    for f in screen.fields:
        if f.kind == "question":
            if f.id in response:
                out[f.id] = parse_answer(law.questions[f.id], response[f.id], lenient=lenient)
            continue
        state: dict[str, Any] = {}  # item id -> True / False / UNKNOWN
        for item in f.items:
            raw = response.get(item.id, False)
            if raw is UNKNOWN or (isinstance(raw, str) and raw.strip().lower() in UNKNOWN_WORDS):
                state[item.id] = UNKNOWN
            elif raw is True or raw is False:
                state[item.id] = raw
            else:
                raise InputError(f"expected true, false or unknown for item '{item.id}', found {raw!r}",
                                 field=item.id)
        for qid in dict.fromkeys(i.question for i in f.items):
            mine = [i for i in f.items if i.question == qid]
            if law.questions[qid].type == "bool":
                out[qid] = state[mine[0].id]
                continue
            ticked = [i for i in mine if state[i.id] is True]
            if len(ticked) > 1:
                raise InputError(f"tick at most one of: {'; '.join(i.text for i in ticked)}", field=qid)
            if ticked:
                out[qid] = ticked[0].value
            elif any(state[i.id] is UNKNOWN for i in mine):
                out[qid] = UNKNOWN
            else:
                out[qid] = f.unticked[qid]
        if f.gate:
            values = [out.get(q, (known or {}).get(q, UNKNOWN)) for q in law.screens[screen.id].gate_items(f.gate)]
            out[f.gate] = True if any(v is True for v in values) else (
                False if all(v is False for v in values) else UNKNOWN)
    return out


def answer_screen(profile: Profile, screen: Screen, response: Mapping[str, Any], law: Law | None = None,
                  *, lenient: bool = True) -> dict[str, Any]:
    """Apply a response to a screen to the profile; returns the answers it set."""
    answers = screen_answers(screen, response, law, {**profile.answers, **{q: UNKNOWN for q in profile.unknown}},
                             lenient=lenient)
    for qid, value in answers.items():
        profile.set_answer(qid, value)
    return answers


def prefill(screen: Screen, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The response to a screen that answers it as ``answers`` do (for pre-filled forms).

    A question or item whose question ``answers`` leave out, or answer unknown, is given as
    not sure ("unknown"), so the screen's answers never say more than the profile did.
    """
    response: dict[str, Any] = {}
    for f in screen.fields:
        if f.kind == "question":
            v = answers.get(f.id, UNKNOWN)
            response[f.id] = "unknown" if v is UNKNOWN else v
            continue
        for item in f.items:
            v = answers.get(item.question, UNKNOWN)
            if v is UNKNOWN and f.gate and item.question in f.gate_of and answers.get(f.gate) is False:
                v = False  # "in none of these areas" answers each of them
            response[item.id] = "unknown" if v is UNKNOWN else v == item.value
    return response


OUTCOME_FIELDS = ("ai_system", "in_scope", "scope_basis", "category", "prohibited", "high_risk_basis",
                  "high_risk_bases", "art_6_3_exempt", "transparency", "gpai_model", "systemic_risk", "roles",
                  "fria_required", "registration", "conformity", "applies_from", "max_fine_eur", "obligations",
                  "undetermined")


@dataclass
class Replay:
    """An interview replayed from a full profile: the screens shown and both outcomes."""

    screens: list[str]
    answered: int
    interviewed: dict[str, Any]
    complete: dict[str, Any]
    still_open: list[str]  # open questions not answered "don't know" once the interview ended


def replay(full: Profile, as_of: _dt.date | None = None, law: Law | None = None) -> Replay:
    """Answer the interview screen by screen from ``full``, as its owner would.

    Shows the first screen the planner offers, answers it from the profile (what the profile
    leaves out is "not sure"), and repeats until nothing is left to ask. The outcome fields
    of the result can be compared with those of the full profile.
    """
    law = law or load_law()
    asked = Profile(as_of=full.as_of, scenario=full.scenario)
    shown: list[str] = []
    known = {**full.answers}
    for _ in range(len(law.questions) + 1):
        screens = next_screens(asked, as_of, law)
        if not screens:
            break
        screen = screens[0]
        shown.append(screen.id)
        answer_screen(asked, screen, prefill(screen, known), law, lenient=False)
    else:  # pragma: no cover - every screen answers at least one open question
        raise RuntimeError("the interview did not end")

    def outcome(p: Profile) -> dict[str, Any]:
        data = assess(p, as_of, law, explain=False).to_json_dict()
        data["obligations"] = [o["ref"] for o in data["obligations"]]
        return {f: data[f] for f in OUTCOME_FIELDS}

    final = assess(asked, as_of, law, explain=False)
    still_open = [q.id for q in final.open_questions if not q.answered_unknown]
    return Replay(shown, len(asked.answers) + len(asked.unknown), outcome(asked), outcome(full), still_open)


def part_of(screen: Screen, field: ScreenField) -> Screen:
    """One part of a screen as a screen of its own (to answer a form part by part)."""
    covers = [field.id] if field.kind == "question" else list(
        dict.fromkeys([i.question for i in field.items] + ([field.gate] if field.gate else [])))
    return screen.model_copy(update={"fields": [field], "covers": covers})
