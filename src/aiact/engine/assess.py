"""Assess one profile: evaluate the outcome rules and assemble the report.

This is the one place where conclusions are gathered for the surfaces (CLI, API, web);
the conclusions themselves come from the rules in ``aiact/law``.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from aiact import __version__
from aiact.engine.errors import ContradictionError, InputError
from aiact.engine.evaluate import Evaluation, Step
from aiact.engine.fines import compute_fines
from aiact.engine.law import Law, Question
from aiact.engine.load import load_law
from aiact.engine.profile import ONGOING, Profile
from aiact.engine.result import (
    SCHEMA_VERSION,
    ActInfo,
    Assessment,
    Conclusion,
    FactUsed,
    LawInfo,
    Obligation,
    OpenQuestion,
    ProfileInfo,
)
from aiact.engine.result import Step as StepModel
from aiact.engine.tri import UNKNOWN

# report field -> rule id (yes/no or value rules)
SCALAR_FIELDS: dict[str, str] = {
    "ai_system": "art3_1",
    "in_scope": "art2.in_scope",
    "scope_basis": "art2.scope_basis",
    "category": "outcome.category",
    "high_risk_basis": "art6.basis",
    "art_6_3_exempt": "art6_3.exempt",
    "gpai_model": "art3_63",
    "systemic_risk": "art51",
    "fria_required": "art27_1",
    "registration": "art49.registration",
    "conformity": "art43.conformity",
    "applies_from": "outcome.applies_from",
}
# report field -> group of yes/no rules whose references (or role names) are listed
LIST_FIELDS: dict[str, str] = {
    "prohibited": "prohibited",
    "high_risk_bases": "high_risk_bases",
    "transparency": "transparency",
    "roles": "roles",
}
SCOPE_FIELDS = {"ai_system", "in_scope", "scope_basis", "category", "gpai_model", "systemic_risk"}
PROHIBITED_FIELDS = SCOPE_FIELDS | {"prohibited", "roles", "applies_from", "max_fine_eur"}
# fields that only make sense for what is in scope
DUTY_FIELDS = {"fria_required": False, "registration": "none", "conformity": "none"}
# lists that are moot (empty) when the Act does not apply, and when a prohibited practice
# must stop (no transparency duty makes it lawful; the high-risk bases exclude it already)
MOOT_OUT_OF_SCOPE = {"prohibited", "high_risk_bases", "transparency", "roles"}
MOOT_PROHIBITED = {"transparency"}


def today() -> _dt.date:
    return _dt.date.today()


def evaluation_for(profile: Profile, as_of: _dt.date | None = None, law: Law | None = None) -> Evaluation:
    law = law or load_law()
    day = as_of or profile.as_of or today()
    overrides = None
    if profile.scenario:
        scenario = law.scenarios.get(profile.scenario)
        if scenario is None:
            raise InputError(
                f"unknown scenario '{profile.scenario}' (known: {', '.join(law.scenarios) or 'none'})",
                path=profile.path, line=profile.lines.get("scenario"), field="scenario",
            )
        overrides = scenario.values_at(day)
    return Evaluation(law, profile.answers, day, overrides, frozenset(profile.unknown))


def check_contradictions(e: Evaluation, profile: Profile) -> None:
    """Raise if the answers contradict each other (rules of the group 'contradictions')."""
    for rid in e.law.groups.get("contradictions", []):
        if e.rule(rid) is True:
            facts = [f for f in e.decisive(rid) if f in e.law.questions]
            first = facts[0] if facts else None
            raise ContradictionError(
                f"contradictory answers: {e.law.rules[rid].label} ({', '.join(facts)})",
                path=profile.path,
                line=profile.lines.get(first) if first else None,
                field=first,
            )


def _out(value: Any) -> Any:
    if value is UNKNOWN:
        return None
    if value == ONGOING:
        return "ongoing"
    return value


def _fast(cls: Any, **values: Any) -> Any:
    """Build a report model from data the engine made, without validation (hot path)."""
    obj = cls.__new__(cls)
    object.__setattr__(obj, "__dict__", values)
    object.__setattr__(obj, "__pydantic_fields_set__", set(values))
    object.__setattr__(obj, "__pydantic_extra__", None)
    object.__setattr__(obj, "__pydantic_private__", None)
    return obj


def _step_model(e: Evaluation, step: Step) -> StepModel:
    """The trail as report models; built without re-validation (the engine made the data)."""
    law = e.law
    return _fast(
        StepModel,
        rule=step.id,
        ref=step.ref,
        label=step.label,
        value=_out(step.value),
        determined=step.value is not UNKNOWN,
        in_force=step.in_force,
        facts=[
            _fast(FactUsed, id=f, question=law.questions[f].text, answer=_out(v),
                  answer_text=answer_text(law.questions[f], v), known=v is not UNKNOWN)
            for f, v in step.facts
        ],
        because=[_step_model(e, s) for s in step.because],
        note=step.note or None,
        repeated=step.repeated,
    )


def answer_text(q: Question, value: Any) -> str:
    """An answer in words: the option's label for a choice, yes/no, a date, a number."""
    if value is UNKNOWN:
        return "unknown"
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if value == ONGOING:
        return "ongoing"
    if q.type == "choice":
        return q.options.get(str(value), str(value))
    if isinstance(value, float):
        return f"{value:,.0f}".replace(",", " ") if value.is_integer() and abs(value) < 1e15 else f"{value:g}"
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value)


def _group_refs(e: Evaluation, group: str, names: bool = False) -> tuple[list[str], bool]:
    """References (or role names) of the group's rules that hold, and whether any is unknown."""
    out: list[str] = []
    unknown = False
    for rid in e.law.groups.get(group, []):
        v = e.rule(rid)
        if v is True:
            label = rid.split(".", 1)[1] if names else e.law.rules[rid].ref
            if label not in out:
                out.append(label)
        elif v is UNKNOWN:
            unknown = True
    return out, unknown


def _group_opens(e: Evaluation, group: str, first: bool = False) -> frozenset[str]:
    out: set[str] = set()
    for rid in e.law.groups.get(group, []):
        out |= e.rule_opens(rid, first)
    return frozenset(out)


def assess(
    profile: Profile,
    as_of: _dt.date | None = None,
    law: Law | None = None,
    *,
    explain: bool = True,
    check: bool = True,
) -> Assessment:
    """What the Act makes of the profiled system, for the asker, as of a date."""
    law = law or load_law()
    e = evaluation_for(profile, as_of, law)
    if check:
        check_contradictions(e, profile)
    day = e.as_of
    # field -> functions giving the facts that could settle it (first=True: ask these next)
    sources: dict[str, list[Callable[[bool], frozenset[str]]]] = {}

    def need(name: str, fn: Callable[[bool], frozenset[str]]) -> None:
        sources.setdefault(name, []).append(fn)

    values: dict[str, Any] = {}

    in_scope = e.rule("art2.in_scope")
    category_now = e.rule("outcome.category")
    prohibited_now = category_now == "prohibited"
    # Out of scope, or a prohibited practice, makes some fields moot (fixed values below).
    # While either is still open, a field is determined only if its value is the moot one
    # already: otherwise a later answer could replace it, and a determined conclusion must
    # never change.
    scope_open = in_scope is UNKNOWN
    prohibited_open = category_now is UNKNOWN and any(
        e.rule(rid) is not False for rid in law.groups.get("prohibited", [])
    )
    scope_opens = partial(e.rule_opens, "art2.in_scope")
    prohibited_opens = partial(_group_opens, e, "prohibited")

    def moot_may_come(name: str, out_of_scope: bool, prohibited: bool) -> bool:
        """Whether an open scope or prohibited practice could still make the field moot."""
        may = False
        if out_of_scope and scope_open:
            need(name, scope_opens)
            may = True
        if prohibited and prohibited_open:
            need(name, prohibited_opens)
            if scope_open:
                need(name, scope_opens)
            may = True
        return may

    for name, rid in SCALAR_FIELDS.items():
        v = e.rule(rid)
        if name in DUTY_FIELDS:
            if in_scope is False or prohibited_now:
                # out of scope, or a prohibited practice that must stop: no procedure of the
                # lesser tiers (FRIA, registration, conformity assessment) can make it lawful
                v = DUTY_FIELDS[name]
            elif v is not UNKNOWN and v != DUTY_FIELDS[name] and moot_may_come(name, True, True):
                v = UNKNOWN
        values[name] = v
        if v is UNKNOWN:
            need(name, partial(e.rule_opens, rid))
    lists: dict[str, list[str]] = {}
    for name, group in LIST_FIELDS.items():
        refs, unknown = _group_refs(e, group, names=(name == "roles"))
        if (in_scope is False and name in MOOT_OUT_OF_SCOPE) or (prohibited_now and name in MOOT_PROHIBITED):
            refs, unknown = [], False
        elif refs and moot_may_come(name, name in MOOT_OUT_OF_SCOPE, name in MOOT_PROHIBITED):
            unknown = True
        lists[name] = refs
        if unknown:
            need(name, partial(_group_opens, e, group))

    obligations: list[Obligation] = []
    possible: list[Obligation] = []
    possible_when: list[tuple[str, Any]] = []  # (fine tier, condition) of possible obligations
    relevant_tiers: set[str] = set()
    if in_scope is not False:
        for ob in law.obligations:
            if not ob.in_law(day):
                continue
            when = ob.when.ev(e)
            if when is False:
                continue
            start = ob.applies_from.ev(e)
            start_out = start if isinstance(start, _dt.date) else None
            item = Obligation(
                id=ob.id,
                ref=ob.ref,
                summary=ob.summary,
                owed_by=ob.owed_by,
                applies_from=start_out,
                applies_now=(start_out <= day) if start_out else None,
                fine_tier=ob.fine_tier,
                detail=ob.detail or None,
                documents=ob.documents,
            )
            if when is True and in_scope is True:
                obligations.append(item)
                if ob.fine_tier:
                    relevant_tiers.add(ob.fine_tier)
                if start is UNKNOWN:
                    need("obligations", partial(ob.applies_from.opens, e))
            else:
                possible.append(item)
                if ob.fine_tier:
                    possible_when.append((ob.fine_tier, ob.when))
                need("obligations", partial(ob.when.opens, e))
                if in_scope is UNKNOWN:
                    need("obligations", partial(e.rule_opens, "art2.in_scope"))
    if values["category"] == "prohibited":
        relevant_tiers.add("art99_3")
    fines, max_fine = compute_fines(e, relevant_tiers)
    if max_fine is UNKNOWN:
        fine_opens: set[str] = set()
        for fid in ("org.kind", "org.annual_turnover_eur"):
            if e.fact(fid) is UNKNOWN:
                fine_opens.add(fid)
        facts_missing = frozenset(fine_opens)

        def fine_facts(_first: bool) -> frozenset[str]:
            return facts_missing

        need("max_fine_eur", fine_facts)
        need("max_fine_eur", partial(e.rule_opens, "org.sme"))
        if e.in_force("org.smc"):
            need("max_fine_eur", partial(e.rule_opens, "org.smc"))
    # Tiers that obligations still possible, or a prohibited practice still possible, would
    # add: the ceiling is settled only if they cannot raise it.
    open_tiers = {tier for tier, _ in possible_when} - relevant_tiers
    if prohibited_open:
        open_tiers.add("art99_3")
    raising = {t for t in open_tiers if max_fine is not UNKNOWN
               and compute_fines(e, relevant_tiers | {t})[1] != max_fine}
    if raising:
        max_fine = UNKNOWN
        for tier, when in possible_when:
            if tier in raising:
                need("max_fine_eur", partial(when.opens, e))
        if scope_open:
            need("max_fine_eur", scope_opens)
        if "art99_3" in raising and prohibited_open:
            need("max_fine_eur", prohibited_opens)

    if in_scope is False:  # out of scope: only the scope conclusions remain worth settling
        sources = {k: v for k, v in sources.items() if k in SCOPE_FIELDS}
    elif values["category"] == "prohibited":  # the practice must stop: the lesser tiers are moot
        sources = {k: v for k, v in sources.items() if k in PROHIBITED_FIELDS}
    opens_by_field = {k: frozenset().union(*(fn(False) for fn in fns)) for k, fns in sources.items()}
    frontier: set[str] = set()
    for fns in sources.values():
        for fn in fns:
            frontier |= fn(True)
    affects: dict[str, list[str]] = {}
    for fname, opens in opens_by_field.items():
        for fid in opens:
            affects.setdefault(fid, []).append(fname)
    open_questions = [
        OpenQuestion(
            id=q.id,
            text=q.text,
            topic=q.topic,
            type=q.type,
            options=q.options,
            help=q.help or None,
            refs=q.refs,
            affects=sorted(affects[q.id]),
            answered_unknown=q.id in profile.unknown,
            judgement=q.judgement,
            ask_next=q.id in frontier,
        )
        for q in sorted((law.questions[f] for f in affects), key=lambda q: q.order)
    ]

    explanation: list[Conclusion] = []
    if explain:
        # the findings that hold first (each explained in full once), then the other conclusions
        seen: set[str] = set()
        for name, group in LIST_FIELDS.items():
            for rid in law.groups.get(group, []):
                v = e.rule(rid)
                if (v is True or v is UNKNOWN) and rid not in seen:
                    explanation.append(
                        Conclusion.model_construct(field=name, value=_out(v), trail=_step_model(e, e.explain(rid, _seen=seen)))
                    )
        for name, rid in SCALAR_FIELDS.items():
            if rid in seen:
                continue
            explanation.append(
                Conclusion.model_construct(field=name, value=_out(values[name]), trail=_step_model(e, e.explain(rid, _seen=seen)))
            )

    category = values["category"]
    notes: list[str] = []
    if in_scope is False:
        notes.append("Out of scope: none of the Act's duties apply to this system for the asker.")
    if prohibited_now:
        notes.append("A prohibited practice (Art. 5) must not be placed on the market, put into service or "
                     "used from the date the prohibition applies; no FRIA, registration or conformity "
                     "assessment makes it lawful, so those are reported as none.")
    for name, rid in SCALAR_FIELDS.items():
        gap = law.rules[rid].gap
        if gap and values[name] is not UNKNOWN:
            notes.append(gap)

    return Assessment(
        schema=f"aiact.assessment/{SCHEMA_VERSION}",
        aiact_version=__version__,
        profile=ProfileInfo(
            name=profile.name, organisation=profile.organisation, path=profile.path,
            description=profile.description,
        ),
        law=LawInfo(
            as_of=day,
            version=law.version_label(day),
            version_id=law.version_id(day),
            acts=[ActInfo(id=a.id, title=a.title, in_force=a.in_force, eli=a.eli)
                  for a in law.acts_in_force(day) if a.role != "referenced"],
            scenario=(f"{profile.scenario}: {law.scenarios[profile.scenario].title} "
                      f"({law.scenarios[profile.scenario].status}; not the law in force)")
            if profile.scenario else None,
        ),
        ai_system=_out(values["ai_system"]),
        in_scope=_out(values["in_scope"]),
        scope_basis=_out(values["scope_basis"]),
        category="undetermined" if category is UNKNOWN else category,
        prohibited=lists["prohibited"],
        high_risk_basis=_out(values["high_risk_basis"]),
        high_risk_bases=lists["high_risk_bases"],
        art_6_3_exempt=_out(values["art_6_3_exempt"]),
        transparency=lists["transparency"],
        gpai_model=_out(values["gpai_model"]),
        systemic_risk=_out(values["systemic_risk"]),
        roles=lists["roles"],
        fria_required=_out(values["fria_required"]),
        registration=_out(values["registration"]),
        conformity=_out(values["conformity"]),
        obligations=obligations,
        possible_obligations=possible,
        applies_from=_out(values["applies_from"]),
        max_fine_eur=None if max_fine is UNKNOWN else max_fine,
        fines=fines,
        undetermined=sorted(opens_by_field, key=_field_order),
        open_questions=open_questions,
        explanation=explanation,
        notes=notes,
    )


_ORDER = [
    "ai_system", "in_scope", "scope_basis", "category", "prohibited", "high_risk_basis",
    "high_risk_bases", "art_6_3_exempt", "transparency", "gpai_model", "systemic_risk", "roles",
    "fria_required", "registration", "conformity", "obligations", "applies_from", "max_fine_eur",
]


def _field_order(name: str) -> int:
    return _ORDER.index(name) if name in _ORDER else len(_ORDER)


def next_questions(
    profile: Profile, as_of: _dt.date | None = None, law: Law | None = None, *, include_unknown: bool = False
) -> list[OpenQuestion]:
    """Questions still worth asking, in asking order (planner for the interview and `aiact next`)."""
    result = assess(profile, as_of, law, explain=False)
    qs = [q for q in result.open_questions if include_unknown or not q.answered_unknown]
    return [q for q in qs if q.ask_next] + [q for q in qs if not q.ask_next]


def assess_many(profiles: Iterable[Profile], as_of: _dt.date | None = None) -> list[Assessment]:
    law = load_law()
    return [assess(p, as_of, law) for p in profiles]
