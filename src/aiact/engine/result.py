"""The assessment report as data: a versioned, documented JSON schema (pydantic models).

``Assessment.model_json_schema()`` is the schema; ``docs/assessment-schema.json`` is
generated from it and checked by the tests.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.2"

Category = Literal[
    "out_of_scope", "prohibited", "high", "transparency", "minimal", "gpai_model_only", "undetermined"
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ActInfo(_Model):
    id: str = Field(description="Official number, e.g. '2024/1689'.")
    title: str
    in_force: _dt.date
    eli: str


class LawInfo(_Model):
    """Which text of the law the assessment applied."""

    as_of: _dt.date = Field(description="The date the assessment is made on.")
    version: str = Field(description="The text in force on as_of, as a lawyer would cite it.")
    version_id: str = Field(description="Stable id: base act @ date of the latest amendment applied.")
    acts: list[ActInfo] = Field(description="Acts in force on as_of that the engine applied.")
    scenario: str | None = Field(None, description="A named what-if scenario the user opted into, or null.")


class ProfileInfo(_Model):
    name: str | None = None
    organisation: str | None = None
    path: str | None = None
    description: str | None = None


class FactUsed(_Model):
    id: str
    question: str
    answer: Any = Field(description="The answer given; null when unknown.")
    answer_text: str = Field(description="The answer in words (the option's label for a choice).")
    known: bool


class Step(_Model):
    """One link of the explanation trail."""

    rule: str = Field(description="Rule id (the slug of the provision it encodes).")
    ref: str = Field(description="The provision, e.g. 'Art. 5(1)(f)'.")
    label: str
    value: Any = Field(description="The rule's value: true, false, a value, or null when undetermined.")
    determined: bool
    in_force: bool = Field(True, description="False when the provision is not part of the law on as_of.")
    facts: list[FactUsed] = Field(default_factory=list)
    because: list[Step] = Field(default_factory=list)
    note: str | None = None
    repeated: bool = Field(False, description="Explained earlier in the same report; not expanded again.")


class Conclusion(_Model):
    field: str = Field(description="The report field this step explains.")
    value: Any
    trail: Step


class Obligation(_Model):
    id: str = Field(description="Stable id of the duty in aiact's catalogue.")
    ref: str = Field(description="The provision that lays down the duty.")
    summary: str = Field(description="One line in plain words.")
    owed_by: str = Field(description="The role that owes it: provider, deployer, importer, ...")
    applies_from: _dt.date | None = Field(description="Date from which the duty applies; null if undetermined.")
    applies_now: bool | None = Field(description="Whether it already applies on as_of, to this system (see own_start).")
    own_start: _dt.date | None = Field(None, description="The asker's own start (launch or first use) when later than applies_from: the duty reaches this system from then.")
    own_start_label: str | None = Field(None, description="What own_start is, in words: 'your launch', 'your first use', 'its release'.")
    fine_tier: str | None = Field(None, description="The penalty provision for breaching it (art99_3, art99_4, art101).")
    detail: str | None = None
    documents: list[str] = Field(default_factory=list, description="Document kinds the duty calls for (`aiact docs KIND`), e.g. fria, technical-documentation.")


class LiftedOut(_Model):
    """A provision that took the system out of a tier or a duty it would otherwise fall in."""

    field: str = Field(description="The report field it affects, e.g. high_risk_bases, prohibited, in_scope.")
    ref: str = Field(description="The provision, e.g. 'Annex III 1(a), second subparagraph' or 'Art. 6(3)'.")
    label: str
    rule: str = Field(description="The rule (or exception) that applied.")


class ReadingSourceInfo(_Model):
    """What supports a reading: the Act's own text or recitals, or another document with its status."""

    ref: str | None = Field(None, description="A provision or recital of the AI Act, e.g. 'Art. 6(3)', 'rec54'.")
    doc: str | None = Field(None, description="Another document (a guideline, the Charter, the GDPR).")
    date: _dt.date | None = None
    status: Literal["law", "guidance", "draft"] = Field(
        description="law: adopted law; guidance: published, not binding; draft: not adopted.")
    says: str = Field("", description="What the source says on the point.")
    text: str = Field(description="The source in one line, its status named when it is not the Act itself.")


class ReadingOutcome(_Model):
    """What the Act makes of the system under one reading."""

    name: str
    label: str
    text: str = Field(description="What the reading says.")
    sources: list[ReadingSourceInfo]
    category: Category
    prohibited: list[str] = Field(default_factory=list)
    high_risk_bases: list[str] = Field(default_factory=list)
    transparency: list[str] = Field(default_factory=list)
    obligations: list[str] = Field(default_factory=list, description="References of the duties owed under this reading.")
    summary: str = Field(description="The outcome in a few words, e.g. 'High-risk (Annex III 1(b))'.")
    open: list[str] = Field(default_factory=list, description="Questions still open under this reading.")


class ContestedReading(_Model):
    """A provision whose reading is debated and on which this assessment depends."""

    id: str = Field(description="The contested point (law/readings.yaml); record a reading under this id in the profile.")
    ref: str
    question: str = Field(description="The debated question.")
    followed: str = Field(description="The reading whose outcome the report gives.")
    adopted: str | None = Field(description="The reading the profile records, or null (the report then follows the stricter one).")
    reason: str | None = Field(None, description="Why the profile adopts it.")
    stricter: str = Field(description="The reading that widens what the Act requires.")
    outcomes: list[ReadingOutcome] = Field(description="The outcome under each reading.")
    guidance: list[ReadingSourceInfo] = Field(default_factory=list, description="Guidance on the point not tied to one reading (drafts labelled).")
    differs: bool = Field(True, description="False when every reading gives the same outcome (listed because the profile records a reading).")


class Fine(_Model):
    tier: str = Field(description="art99_3 | art99_4 | art99_5 | art100_2 | art100_3 | art101")
    ref: str
    basis: str = Field(description="What the tier punishes.")
    fixed_eur: int | None
    share: float | None = Field(description="Share of total worldwide annual turnover, e.g. 0.07.")
    turnover_eur: float | None
    rule: str = Field(description="higher | lower | fixed | member_state")
    ceiling_eur: int | None = Field(description="The maximum fine; null if undetermined or left to Member States.")
    applies_from: _dt.date | None
    relevant: bool = Field(description="Whether an obligation or prohibition of the asker falls in this tier.")
    note: str | None = None


class OpenQuestion(_Model):
    id: str
    text: str
    topic: str
    type: str
    options: dict[str, str] = Field(default_factory=dict)
    help: str | None = None
    refs: list[str]
    affects: list[str] = Field(description="Report fields the answer could settle or change.")
    answered_unknown: bool = Field(description="True if the profile answered 'unknown' already.")
    judgement: bool = False
    ask_next: bool = Field(False, description="Among the questions to ask next (the first undecided condition of each open rule); the others may become moot.")


ScreenType = Literal["bool", "choice", "number", "date", "checklist", "form"]


class ScreenItem(_Model):
    """A box of a checklist: ticking it answers ``question`` with ``value``."""

    id: str = Field(description="The item's id: the question id, or 'question=option' for a choice.")
    question: str
    value: Any = Field(description="The answer the question takes when the item is ticked.")
    text: str = Field(description="The item's words.")
    help: str | None = None
    refs: list[str]
    judgement: bool = False


class ScreenField(_Model):
    """One part of a screen: a question asked on its own line, or a checklist of items."""

    kind: Literal["question", "checklist"]
    id: str = Field(description="The question id, or the screen id + ':checklist'.")
    text: str
    type: str = Field(description="bool | choice | number | date | checklist")
    options: dict[str, str] = Field(default_factory=dict)
    unit: str | None = None
    minimum: float | None = None
    allow_ongoing: bool = False
    help: str | None = None
    refs: list[str] = Field(default_factory=list)
    judgement: bool = False
    items: list[ScreenItem] = Field(default_factory=list)
    unticked: dict[str, Any] = Field(default_factory=dict, description="Value of a choice question none of whose items is ticked.")
    gate: str | None = Field(None, description="A yes/no question answered by whether any of gate_of is ticked.")
    gate_of: list[str] = Field(default_factory=list)


class Screen(_Model):
    """What the interview shows at once: one question, a checklist, or a short form."""

    id: str
    text: str
    type: ScreenType
    topic: str
    help: str | None = None
    refs: list[str]
    covers: list[str] = Field(description="The question ids that answering this screen settles.")
    options: dict[str, str] = Field(default_factory=dict, description="For a single choice question.")
    items: list[ScreenItem] = Field(default_factory=list, description="For a checklist screen.")
    fields: list[ScreenField] = Field(description="Every part of the screen, in order.")
    ask_next: bool = Field(description="Holds a question that can decide an open conclusion now.")


class Assessment(_Model):
    """What the EU AI Act makes of one AI system, for the asker, on one date."""

    schema_: str = Field(f"aiact.assessment/{SCHEMA_VERSION}", alias="schema")
    aiact_version: str
    profile: ProfileInfo
    law: LawInfo
    ai_system: bool | None = Field(description="Art. 3(1) definition met; null if undetermined.")
    in_scope: bool | None = Field(description="Art. 2: the Regulation applies; null if undetermined.")
    scope_basis: str | None = Field(description="When out of scope: the provision that puts it out.")
    category: Category = Field(description="Most severe tier that applies; gpai_model_only for a model on its own.")
    prohibited: list[str] = Field(description="Art. 5 points that apply.")
    high_risk_basis: str | None = Field(description="The main high-risk basis: 'Art. 6(1)' or an Annex III point.")
    high_risk_bases: list[str] = Field(description="Every high-risk basis that applies.")
    art_6_3_exempt: bool | None
    transparency: list[str] = Field(description="Art. 50 paragraphs whose duties the asker owes.")
    gpai_model: bool | None = Field(description="The system is, or is built on, a general-purpose AI model.")
    systemic_risk: bool | None = Field(description="That model has systemic risk (Art. 51).")
    roles: list[str] = Field(description="Operator roles the asker holds (Art. 3, Art. 25).")
    fria_required: bool | None = Field(description="Art. 27 fundamental rights impact assessment owed by the asker.")
    registration: str | None = Field(description="public | non_public | national | none (Art. 49); null if undetermined.")
    conformity: str | None = Field(description="internal | notified_body | none (Art. 43); null if undetermined.")
    obligations: list[Obligation] = Field(description="Duties of the asker that follow, with dates.")
    possible_obligations: list[Obligation] = Field(
        default_factory=list, description="Duties that apply depending on open questions."
    )
    applies_from: _dt.date | None = Field(description="When the asker's main obligations apply.")
    max_fine_eur: int | None = Field(description="Art. 99 (or Art. 100) ceiling of the most serious relevant tier.")
    fines: list[Fine] = Field(default_factory=list)
    undetermined: list[str] = Field(description="Report fields the answers do not settle yet.")
    open_questions: list[OpenQuestion] = Field(description="The questions that would settle them, in asking order.")
    explanation: list[Conclusion] = Field(description="For each conclusion: the rule, its reference and the answers it used.")
    notes: list[str] = Field(default_factory=list)
    lifted_out: list[LiftedOut] = Field(
        default_factory=list,
        description="Provisions that took the system out of a tier or duty: an Annex III carve-out, Art. 6(3), Art. 2(2), an exception of Art. 5 or Art. 50, Art. 111(2).")
    readings: list[ContestedReading] = Field(
        default_factory=list,
        description="Contested readings the outcome depends on: the outcome under each, the one followed (recorded, or the stricter) and the sources.")
    forbidden_by_other_law: list[str] = Field(
        default_factory=list,
        description="Annex III points (1, 6, 7) whose use the profile states other Union or national law forbids: the use must not take place; the classification and obligations stay.")
    not_examined: dict[str, str] = Field(
        default_factory=dict,
        description="Fields another finding made moot (out of scope, a prohibited practice), with the reason; their value is neutral, not a finding.")

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def to_json_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True)
