"""The encoded law as loaded objects: acts, dated parameters, questions, rules, obligations.

The content lives as YAML under ``aiact/law/``; ``aiact.engine.load`` reads and checks it.
Nothing here does I/O.
"""

from __future__ import annotations

import bisect
import datetime as _dt
from dataclasses import dataclass, field
from typing import Any

from aiact.engine.errors import LawError
from aiact.engine.expr import Node


@dataclass(frozen=True)
class Act:
    """A legal act that is part of the encoded law (the AI Act and its amending acts)."""

    id: str
    title: str
    short: str
    eli: str
    published: _dt.date
    in_force: _dt.date
    amends: str | None = None
    celex: str | None = None
    role: str = "base"  # base | amending | referenced


@dataclass(frozen=True)
class Source:
    act: str
    ref: str
    amends: str | None = None
    note: str | None = None


@dataclass
class Parameter:
    """A value the law fixes, with the date from which each value holds (OpenFisca style).

    Each key is the day the act that set the value entered into force; a lookup as of D
    takes the latest key on or before D.
    """

    id: str
    description: str
    unit: str
    reference: str
    keys: list[_dt.date]
    values: list[Any]
    sources: list[Source]
    path: str
    expected: list[tuple[_dt.date, Any, Source]] = field(default_factory=list)

    def index_at(self, day: _dt.date) -> int:
        i = bisect.bisect_right(self.keys, day) - 1
        if i < 0:
            raise LawError(
                f"parameter '{self.id}' has no value on {day.isoformat()} "
                f"(first value from {self.keys[0].isoformat()})",
                path=self.path,
            )
        return i

    def at(self, day: _dt.date) -> Any:
        return self.values[self.index_at(day)]

    def source_at(self, day: _dt.date) -> Source:
        return self.sources[self.index_at(day)]


@dataclass
class Question:
    """A fact a user can be asked, in plain words."""

    id: str
    text: str
    type: str  # bool | choice | number | date
    topic: str
    help: str = ""
    options: dict[str, str] = field(default_factory=dict)
    unit: str | None = None
    minimum: float | None = None
    allow_ongoing: bool = False
    refs: list[str] = field(default_factory=list)
    judgement: bool = False
    order: int = 0  # global order: topic order, then position in its file
    path: str = ""
    line: int | None = None


@dataclass
class Topic:
    id: str
    title: str
    order: int
    path: str


@dataclass
class ScreenItem:
    """One box of a checklist: ticking it gives ``question`` the value ``ticked``."""

    question: str
    label: str
    ticked: Any = True
    help: str = ""

    @property
    def id(self) -> str:
        return self.question if self.ticked is True else f"{self.question}={self.ticked}"


@dataclass
class Checklist:
    """Several yes/no facts asked at once: "tick every one that applies".

    ``unticked`` gives the value of a choice question none of whose items is ticked;
    ``gate`` is a yes/no question answered by whether any of ``gate_of`` is ticked (the
    question "is it used in any of these areas?" answered by the areas themselves).
    """

    text: str
    items: list[ScreenItem]
    unticked: dict[str, Any] = field(default_factory=dict)
    gate: str | None = None
    gate_of: list[str] = field(default_factory=list)

    def questions(self) -> list[str]:
        out: list[str] = []
        for it in self.items:
            if it.question not in out:
                out.append(it.question)
        if self.gate and self.gate not in out:
            out.append(self.gate)
        return out


@dataclass
class Screen:
    """What the interview shows at once: a checklist, or a short form of related facts.

    A part is a question id or a ``Checklist``. Questions in no screen are asked alone.
    """

    id: str
    text: str
    topic: str
    parts: list[str | Checklist]
    help: str = ""
    order: int = 0
    next_only: set[str] = field(default_factory=set)  # shown only when they can decide something now
    path: str = ""
    line: int | None = None

    def questions(self) -> list[str]:
        out: list[str] = []
        for part in self.parts:
            for qid in part.questions() if isinstance(part, Checklist) else [part]:
                if qid not in out:
                    out.append(qid)
        return out

    def gate_items(self, gate: str) -> list[str]:
        """Every question whose answer decides the gate question ``gate``."""
        for part in self.parts:
            if isinstance(part, Checklist) and part.gate == gate:
                return part.gate_of
        return []


@dataclass
class RuleVersion:
    valid_from: _dt.date
    valid_until: _dt.date | None
    node: Node
    source: str | None = None  # the act that made this version, e.g. "2026/1744"
    raw: Any = None  # the YAML it was compiled from (for export and `aiact explain`)
    base: Node | None = None  # a rule with exceptions: its condition before the exceptions


@dataclass
class Rule:
    """A conclusion the law draws, with the provision it encodes."""

    id: str
    ref: str
    label: str
    kind: str  # "bool" or "value"
    type: str  # bool | choice | date | number | text | list
    versions: list[RuleVersion]
    path: str
    line: int | None
    note: str = ""
    parent: str | None = None  # for exceptions: the rule they are an exception to
    exceptions: list[str] = field(default_factory=list)
    options: list[str] = field(default_factory=list)
    gap: str = ""  # a judgement the law leaves open, stated where it occurs

    def version_at(self, day: _dt.date) -> RuleVersion | None:
        for v in reversed(self.versions):
            if v.valid_from <= day and (v.valid_until is None or day <= v.valid_until):
                return v
        return None


@dataclass
class Obligation:
    """A duty the law places on an operator, with who owes it and from when."""

    id: str
    ref: str
    summary: str
    owed_by: str
    when: Node
    applies_from: Node
    fine_tier: str | None
    valid_from: _dt.date
    valid_until: _dt.date | None
    path: str
    line: int | None
    detail: str = ""
    documents: list[str] = field(default_factory=list)
    raw_when: Any = None
    raw_applies_from: Any = None
    tier: str = "general"  # prohibited | high | transparency | gpai | general (the file's tier)

    def in_law(self, day: _dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


@dataclass
class Scenario:
    """A named what-if (a proposal): parameter values the user can opt into."""

    id: str
    title: str
    status: str
    source: str
    note: str
    overrides: dict[str, tuple[_dt.date, Any]]
    path: str

    def values_at(self, day: _dt.date) -> dict[str, Any]:
        return {pid: v for pid, (start, v) in self.overrides.items() if start <= day}


@dataclass
class Law:
    """Everything aiact knows about the Act, loaded once."""

    acts: dict[str, Act]
    params: dict[str, Parameter]
    topics: dict[str, Topic]
    questions: dict[str, Question]
    rules: dict[str, Rule]
    groups: dict[str, list[str]]
    obligations: list[Obligation]
    root: str
    scenarios: dict[str, Scenario] = field(default_factory=dict)
    screens: dict[str, Screen] = field(default_factory=dict)
    screen_of: dict[str, str] = field(default_factory=dict)  # question id -> screen id

    def acts_in_force(self, day: _dt.date) -> list[Act]:
        return [a for a in self.acts.values() if a.in_force <= day]

    def version_label(self, day: _dt.date) -> str:
        """The text in force on a day, named as a lawyer would cite it."""
        acts = [a for a in self.acts_in_force(day) if a.role != "referenced"]
        base = next((a for a in acts if a.role == "base"), None)
        if base is None:
            return "no AI Act in force (before 1 August 2024)"
        amending = [a for a in acts if a.amends == base.id]
        label = f"Regulation (EU) {base.id}"
        if amending:
            label += " as amended by " + ", ".join(f"Regulation (EU) {a.id}" for a in amending)
        return label

    def version_id(self, day: _dt.date) -> str:
        """A stable id of the text in force: base act @ date of the latest amendment."""
        acts = [a for a in self.acts_in_force(day) if a.role != "referenced"]
        base = next((a for a in acts if a.role == "base"), None)
        if base is None:
            return "none"
        latest = max(acts, key=lambda a: a.in_force)
        return f"{base.id}@{latest.in_force.isoformat()}"
