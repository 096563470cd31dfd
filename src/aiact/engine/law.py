"""The encoded law as loaded objects: acts, dated parameters, questions, rules, obligations.

The content lives as YAML under ``aiact/law/``; ``aiact.engine.load`` reads and checks it.
Nothing here does I/O.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from aiact.engine.errors import LawError
from aiact.engine.expr import Node

T = TypeVar("T")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


def long_date(day: _dt.date) -> str:
    """A date as the Official Journal writes it: '2 February 2025'."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


# A label or summary names a parameter in braces, e.g. "in use on or after {art113.chapters_1_2}":
# the words show the parameter's value on the assessment date, never a date written in.
PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)\}")


def param_words(value: Any, unit: str) -> str:
    """A parameter value in the words of a label: '2 August 2026', 'EUR 15 000 000', '7%'."""
    if isinstance(value, _dt.date):
        return long_date(value)
    if unit == "EUR" and isinstance(value, int | float):
        return "EUR " + f"{value:,.0f}".replace(",", " ")
    if unit == "share" and isinstance(value, int | float):
        return f"{value * 100:g}%"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


@dataclass(frozen=True)
class Dated(Generic[T]):
    """Words the law changes over time (a text, a list of citations).

    Each key is the day an act that changed them entered into force; as of a day, the
    version of the latest key on or before it applies (none before the first key).
    """

    keys: tuple[_dt.date, ...]
    values: tuple[T, ...]

    def at(self, day: _dt.date, default: T) -> T:
        i = bisect.bisect_right(self.keys, day) - 1
        return self.values[i] if i >= 0 else default

    @property
    def latest(self) -> T:
        return self.values[-1]

    @property
    def dated(self) -> bool:
        return len(self.keys) > 1


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


@dataclass(frozen=True)
class Wording:
    """A question's words as of a day: its text, help, the provisions it cites and the
    labels of its options (for the assessed subject: see ``Question.for_model``)."""

    text: str
    help: str
    refs: list[str]
    options: dict[str, str] = field(default_factory=dict)


# The kind of subject whose own words a question, screen or checklist item may give
# (``for_model`` in questions/*.yaml and screens.yaml): an AI model assessed on its own.
MODEL = "model"


@dataclass
class Question:
    """A fact a user can be asked, in plain words.

    ``text``, ``help`` and ``refs`` are the current words; where the law changed what a
    question must say (a provision inserted or replaced), ``dated_text``, ``dated_help`` and
    ``dated_refs`` hold every version and :meth:`wording` gives those in force on a day.
    """

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
    dated_text: Dated[str] | None = None
    dated_help: Dated[str] | None = None
    dated_refs: Dated[list[str]] | None = None
    # the words for an AI model assessed on its own (subject.kind: model), where they differ:
    # text and help (dated like the others), and labels of some options
    model_text: Dated[str] | None = None
    model_help: Dated[str] | None = None
    model_options: dict[str, str] = field(default_factory=dict)
    reading: str | None = None  # a contested point's rule input (readings.yaml): set by a reading, never asked

    def text_at(self, day: _dt.date, subject: Any = None) -> str:
        if subject == MODEL and self.model_text is not None:
            return self.model_text.at(day, self.text)
        return self.dated_text.at(day, self.text) if self.dated_text is not None else self.text

    def help_at(self, day: _dt.date, subject: Any = None) -> str:
        if subject == MODEL and self.model_help is not None:
            return self.model_help.at(day, "")
        return self.dated_help.at(day, "") if self.dated_help is not None else self.help

    def refs_at(self, day: _dt.date) -> list[str]:
        return list(self.dated_refs.at(day, [])) if self.dated_refs is not None else self.refs

    def options_for(self, subject: Any = None) -> dict[str, str]:
        """The options with their labels, in their order, for the subject assessed."""
        if subject == MODEL and self.model_options:
            return {k: self.model_options.get(k, v) for k, v in self.options.items()}
        return self.options

    def wording(self, day: _dt.date, subject: Any = None) -> Wording:
        """The text, help and citations in force on ``day`` (help and citations never name
        law that was not yet adopted on that day), in the words for ``subject`` (the answer
        to subject.kind: a model assessed on its own has its own words where given)."""
        return Wording(self.text_at(day, subject), self.help_at(day, subject), self.refs_at(day),
                       self.options_for(subject))

    def all_refs(self) -> list[str]:
        """Every provision any version cites."""
        versions = self.dated_refs.values if self.dated_refs is not None else (self.refs,)
        return list(dict.fromkeys(r for refs in versions for r in refs))

    def versions(self) -> list[tuple[_dt.date, Wording]]:
        """Each day the wording changed, with the wording from that day (dated questions)."""
        days = sorted({d for dated in (self.dated_text, self.dated_help, self.dated_refs)
                       if dated is not None for d in dated.keys if d != _dt.date.min})
        return [(d, self.wording(d)) for d in days]


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
    model_label: str = ""  # the words for an AI model assessed on its own, where they differ
    model_help: str = ""

    @property
    def id(self) -> str:
        return self.question if self.ticked is True else f"{self.question}={self.ticked}"

    def label_for(self, subject: Any = None) -> str:
        return self.model_label if subject == MODEL and self.model_label else self.label

    def help_for(self, subject: Any = None) -> str:
        return self.model_help if subject == MODEL and self.model_help else self.help


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
    model_text: str = ""  # the words for an AI model assessed on its own, where they differ

    def text_for(self, subject: Any = None) -> str:
        return self.model_text if subject == MODEL and self.model_text else self.text

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
    model_text: str = ""  # the words for an AI model assessed on its own, where they differ
    model_help: str = ""

    def text_for(self, subject: Any = None) -> str:
        return self.model_text if subject == MODEL and self.model_text else self.text

    def help_for(self, subject: Any = None) -> str:
        return self.model_help if subject == MODEL and self.model_help else self.help

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
    derived_from: str | None = None  # a rule a family derives: the group member it was derived from

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


@dataclass(frozen=True)
class FineTier:
    """A penalty tier (Art. 99(3)-(5), Art. 101): its ceiling is a fixed amount or a share of
    turnover, the higher of the two unless a lower-of-two rule applies."""

    id: str
    ref: str
    punishes: Dated[str]  # what the tier punishes, as the law words it on a day
    amount: str | None  # parameter: the fixed amount (EUR)
    share: str | None  # parameter: the share of total worldwide annual turnover
    applies_from: str  # parameter: the date the tier applies from (Art. 113)
    in_max_fine: bool  # counts for the report's highest ceiling (max_fine_eur)
    relevant_if: Node | None = None  # the tier is relevant to the asker when this holds
    raw_relevant_if: Any = None


@dataclass(frozen=True)
class UnionTier:
    """The Art. 100 ceiling that takes the place of an Art. 99 tier for Union bodies."""

    id: str
    ref: str
    amount: str  # parameter


@dataclass(frozen=True)
class LowerOfTwo:
    """A rule giving some offenders the lower of the two amounts (Art. 99(6), 99(6a))."""

    rule: str  # the yes/no rule that says the offender qualifies (org.sme)
    ref: str
    tiers: tuple[str, ...]
    in_force: str  # bool parameter: whether the rule is part of the law on a day
    note: str


@dataclass(frozen=True)
class Fines:
    """The penalty provisions as data (fines.yaml); aiact.engine.fines does the arithmetic."""

    tiers: dict[str, FineTier]
    undertaking_rule: str  # the share of turnover applies only to undertakings
    turnover_fact: str
    public_rule: str  # public authorities and bodies (Art. 99(8))
    public_tiers: tuple[str, ...]
    public_note: str
    union_rule: str  # Union institutions, bodies, offices and agencies (Art. 100)
    union_tiers: dict[str, UnionTier]  # Art. 99 tier -> Art. 100 ceiling; others do not apply
    union_note: str
    lower_of_two: tuple[LowerOfTwo, ...]
    path: str = ""


NO_FINES = Fines({}, "", "", "", (), "", "", {}, "", ())


@dataclass(frozen=True)
class Evidence:
    """The provisions each evidence measurement serves (evidence.yaml), dated like the law."""

    audit: dict[str, Dated[list[str]]] = field(default_factory=dict)  # finding kind -> citations
    texts: dict[str, Dated[str]] = field(default_factory=dict)  # finding kind -> what the law allows
    biometric: dict[str, Dated[list[str]]] = field(default_factory=dict)  # mode -> citations
    path: str = ""

    def cites(self, section: str, key: str, day: _dt.date) -> list[str]:
        """The provisions in force on ``day`` that a finding or figure serves."""
        table = self.audit if section == "audit" else self.biometric
        if key not in table:
            raise LawError(f"evidence.yaml has no {section} entry '{key}'", path=self.path or None)
        return list(table[key].at(day, []))

    def text(self, key: str, day: _dt.date) -> str:
        if key not in self.texts:
            raise LawError(f"evidence.yaml has no text '{key}'", path=self.path or None)
        return self.texts[key].at(day, "")


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


@dataclass(frozen=True)
class ReadingSource:
    """What supports a reading: a provision or recital of the Act, or another document with
    its status (``law``: adopted law; ``guidance``: published, not binding; ``draft``: not adopted)."""

    ref: str | None = None  # a provision of the AI Act: 'Art. 6(3)', 'rec54'
    doc: str | None = None  # another document: 'Commission Guidelines on prohibited AI practices'
    date: _dt.date | None = None
    status: str = "law"  # law | guidance | draft
    says: str = ""

    def words(self) -> str:
        """The source in one line, its status named when it is not the Act itself."""
        name = self.ref or self.doc or ""
        if self.doc and self.date:
            name += f" ({long_date(self.date)})"
        tag = {"guidance": " [guidance, not binding]", "draft": " [DRAFT, not adopted]"}.get(self.status, "")
        return name + tag + (f": {self.says}" if self.says else "")


@dataclass(frozen=True)
class Reading:
    """One reading of a contested provision: what it says and the value it gives the rule input."""

    name: str
    label: str
    text: str
    value: Any
    sources: tuple[ReadingSource, ...]


@dataclass
class ContestedPoint:
    """A provision whose reading is genuinely debated (law/readings.yaml).

    ``id`` is also the id of the yes/no rule input the rules read (a question never asked in
    the interview): each reading gives it a value. ``facts`` are the questions that bring a
    system into the debated zone; ``stricter`` names the reading that widens what the Act
    requires, followed when the profile records no reading.
    """

    id: str
    ref: str
    question: str
    facts: list[str]
    readings: dict[str, Reading]
    stricter: str
    guidance: tuple[ReadingSource, ...] = ()
    note: str = ""
    path: str = ""
    line: int | None = None

    def reading_for(self, value: Any) -> Reading | None:
        return next((r for r in self.readings.values() if r.value == value), None)


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
    fines: Fines = NO_FINES
    evidence: Evidence = field(default_factory=Evidence)
    readings: dict[str, ContestedPoint] = field(default_factory=dict)  # contested points (readings.yaml)

    @property
    def first_day(self) -> _dt.date:
        """The day the law begins: the base act's entry into force."""
        return next(a.in_force for a in self.acts.values() if a.role == "base")

    def words(self, text: str, day: _dt.date, overrides: Mapping[str, Any] | None = None) -> str:
        """A label or summary with each ``{parameter}`` replaced by its value on ``day``
        (a scenario's value where it overrides one); where the parameter has no value yet,
        the provision that sets it is named instead."""
        if "{" not in text:
            return text

        def one(m: re.Match[str]) -> str:
            param = self.params[m.group(1)]
            if overrides is not None and param.id in overrides:
                return param_words(overrides[param.id], param.unit)
            if not param.keys or day < param.keys[0]:
                what = "date" if param.unit == "date" else "value"
                return f"the {what} in {param.reference}"
            return param_words(param.at(day), param.unit)

        return PLACEHOLDER.sub(one, text)

    def acts_in_force(self, day: _dt.date) -> list[Act]:
        return [a for a in self.acts.values() if a.in_force <= day]

    def version_label(self, day: _dt.date, amended: str = " as amended by ") -> str:
        """The text in force on a day, named as a lawyer would cite it."""
        acts = [a for a in self.acts_in_force(day) if a.role != "referenced"]
        base = next((a for a in acts if a.role == "base"), None)
        if base is None:
            first = min((a.in_force for a in self.acts.values() if a.role == "base"), default=None)
            return "no AI Act in force" + (f" (before {long_date(first)})" if first else "")
        amending = [a for a in acts if a.amends == base.id]
        label = f"Regulation (EU) {base.id}"
        if amending:
            label += amended + ", ".join(f"Regulation (EU) {a.id}" for a in amending)
        return label

    def version_id(self, day: _dt.date) -> str:
        """A stable id of the text in force: base act @ date of the latest amendment."""
        acts = [a for a in self.acts_in_force(day) if a.role != "referenced"]
        base = next((a for a in acts if a.role == "base"), None)
        if base is None:
            return "none"
        latest = max(acts, key=lambda a: a.in_force)
        return f"{base.id}@{latest.in_force.isoformat()}"
