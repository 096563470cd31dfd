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
from aiact.engine.fines import compute_fines, conclusion_tiers
from aiact.engine.law import Law, Question
from aiact.engine.load import load_law
from aiact.engine.profile import ONGOING, Profile
from aiact.engine.result import (
    SCHEMA_VERSION,
    ActInfo,
    Assessment,
    Conclusion,
    ContestedReading,
    FactUsed,
    LawInfo,
    LiftedOut,
    Obligation,
    OpenQuestion,
    ProfileInfo,
    ReadingOutcome,
    ReadingSourceInfo,
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
# the value a field takes when another finding makes it moot (it is then "not examined")
NEUTRAL: dict[str, Any] = {
    "prohibited": [], "applies_from": None, "high_risk_basis": None, "high_risk_bases": [], "art_6_3_exempt": False, "transparency": [],
    "roles": [], "fria_required": False, "registration": "none", "conformity": "none",
}
OUT_OF_SCOPE = "not examined: the Act does not reach this system (Art. 2)"
PROHIBITED = "not examined: a prohibited practice applies (Art. 5)"
NOT_YOURS = ("not examined: nothing you owe depends on it; only the model's provider has duties that "
             "depend on systemic risk (Art. 53-55)")
# rules whose note the report prints when they hold (a one-line consequence worth knowing)
NOTE_RULES = ("gpai.below_threshold_not_designated",)
# obligation tiers (law/obligations/*.yaml) that a prohibited practice makes moot
MOOT_WHEN_PROHIBITED = {"high", "transparency"}
# groups whose rules' exceptions can take a system out of a tier, and the field they affect
LIFT_GROUPS = {"prohibited": "prohibited", "annex3_points": "high_risk_bases", "transparency": "transparency"}
# rules that, when they hold, take the system out of a tier or duty it would otherwise have
# (and the tier the system must have for it to matter: Art. 111(2) speaks of high-risk systems)
LIFT_RULES = {"art6_3.exempt": ("high_risk_bases", None), "art2_2": ("conformity", None),
              "art111_2": ("applies_from", "high")}


def today() -> _dt.date:
    return _dt.date.today()


def followed_readings(profile: Profile, law: Law, override: dict[str, str] | None = None) -> dict[str, str]:
    """The reading each contested point follows: ``override``, else the one the profile records,
    else the stricter one (points whose input the profile answers directly are left out)."""
    out: dict[str, str] = {}
    for pid, point in law.readings.items():
        if pid in profile.answers or pid in profile.unknown:
            continue
        if override and pid in override:
            out[pid] = override[pid]
        elif pid in profile.readings:
            out[pid] = profile.readings[pid].reading
        else:
            out[pid] = point.stricter
    return out


def evaluation_for(profile: Profile, as_of: _dt.date | None = None, law: Law | None = None,
                   readings: dict[str, str] | None = None) -> Evaluation:
    """The profile's answers under the law as of a day; each contested point's input takes the
    value of the reading followed (``readings`` overrides the profile's and the stricter)."""
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
    answers = profile.answers
    followed = followed_readings(profile, law, readings)
    if followed:
        answers = {**answers, **{pid: law.readings[pid].readings[name].value for pid, name in followed.items()}}
    return Evaluation(law, answers, day, overrides, frozenset(profile.unknown))


def check_contradictions(e: Evaluation, profile: Profile) -> None:
    """Raise if the answers contradict each other (rules of the group 'contradictions')."""
    for rid in e.law.groups.get("contradictions", []):
        if e.rule(rid) is True:
            facts = [f for f in e.decisive(rid) if f in e.law.questions]
            first = facts[0] if facts else None
            raise ContradictionError(
                f"contradictory answers: {e.words(e.law.rules[rid].label)} ({', '.join(facts)})",
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
    subject = e.fact("subject.kind")  # the words for the subject assessed (a model has its own)
    return _fast(
        StepModel,
        rule=step.id,
        ref=step.ref,
        label=step.label,
        value=_out(step.value),
        determined=step.value is not UNKNOWN,
        in_force=step.in_force,
        facts=[
            _fast(FactUsed, id=f, question=e.words(law.questions[f].text_at(e.as_of, subject)), answer=_out(v),
                  answer_text=_reading_words(law, f, v) or answer_text(law.questions[f], v, subject),
                  known=v is not UNKNOWN)
            for f, v in step.facts
        ],
        because=[_step_model(e, s) for s in step.because],
        note=step.note or None,
        repeated=step.repeated,
    )


def _reading_words(law: Law, fid: str, value: Any) -> str | None:
    """A contested point's input in words: the reading it follows (see the report's readings)."""
    point = law.readings.get(fid)
    reading = point.reading_for(value) if point is not None else None
    if point is None or reading is None:
        return None
    return f"{'yes' if value else 'no'}: the {reading.label} (contested; see readings)"


def answer_text(q: Question, value: Any, subject: Any = None) -> str:
    """An answer in words: the option's label for a choice (in the words for the subject
    assessed, see ``Question.for_model``), yes/no, a date, a number."""
    if value is UNKNOWN:
        return "unknown"
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if value == ONGOING:
        return "ongoing"
    if q.type == "choice":
        return q.options_for(subject).get(str(value), str(value))
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


def _own_start(e: Evaluation) -> tuple[_dt.date | None, str | None]:
    """The asker's own start (a provider's launch, a deployer's first use), and its name."""
    start = e.rule("timeline.asker_start")
    if not isinstance(start, _dt.date):
        return None, None
    if e.rule("role.system_provider") is True or e.fact("subject.kind") == "model":
        return start, "your launch"
    if e.rule("role.deployer") is True and e.fact("timeline.use_start") is not UNKNOWN:
        return start, "your first use"
    return start, "its release"


def _lifted_out(e: Evaluation, moot: dict[str, str]) -> list[LiftedOut]:
    """The exceptions and rules that took the system out of a tier or duty it would have had."""
    law = e.law
    out: list[LiftedOut] = []
    for group, field in LIFT_GROUPS.items():
        if field in moot:
            continue
        for rid in law.groups.get(group, []):
            candidates = [rid] + [r for r in dict.fromkeys(e.decisive(rid)) if r in law.rules]
            for cid in candidates:
                if e.rule(cid) is not False or e.before_exceptions(cid) is not True:
                    continue
                for xid in law.rules[cid].exceptions:
                    if e.rule(xid) is True:
                        x = law.rules[xid]
                        out.append(LiftedOut(field=field, ref=x.ref, label=x.label, rule=xid))
    for rid, (field, tier) in LIFT_RULES.items():
        if tier is not None and e.rule("outcome.category") != tier:
            continue
        if field not in moot and e.rule(rid) is True:
            r = law.rules[rid]
            out.append(LiftedOut(field=field, ref=r.ref, label=r.label, rule=rid))
    return list({x.rule: x for x in out}.values())


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
    readings: dict[str, str] | None = None,
    contested: bool = True,
) -> Assessment:
    """What the Act makes of the profiled system, for the asker, as of a date.

    Each contested point (law/readings.yaml) follows the reading the profile records, else the
    stricter one; ``readings`` overrides that (to compute the outcome under another reading).
    With ``contested``, the points the outcome depends on are listed with the outcome under
    each reading.
    """
    law = law or load_law()
    e = evaluation_for(profile, as_of, law, readings)
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
    # fields another finding makes moot are not examined: they keep a neutral value, are not
    # asked about, and the report says why (never "no" or "none")
    # a model assessed on its own is called the model, not the system
    thing = "model" if e.fact("subject.kind") == "model" else "system"
    if in_scope is False:
        moot = {f: OUT_OF_SCOPE.replace("this system", f"this {thing}") for f in NEUTRAL if f not in SCOPE_FIELDS}
    elif prohibited_now:
        moot = {f: PROHIBITED for f in NEUTRAL if f not in PROHIBITED_FIELDS}
    else:
        moot = {}
    sr = e.rule("art51")
    if e.rule("gpai.status_matters_for_asker") is False and (
            sr is None or (sr is UNKNOWN and not e.rule_opens("art51") - e.dont_know)):
        # nothing the asker owes depends on it: a user of another's system is not asked about
        # the model's classification at all, a downstream provider may answer "don't know"
        moot["systemic_risk"] = NOT_YOURS
    # While the scope or a prohibited practice is still open, a field that either would make
    # moot is settled only if it has its neutral value already: a later answer could
    # otherwise replace it, and a determined conclusion must never change.
    scope_open = in_scope is UNKNOWN
    prohibited_open = category_now is UNKNOWN and any(
        e.rule(rid) is not False for rid in law.groups.get("prohibited", []))

    def may_become_moot(name: str) -> bool:
        by_scope = scope_open and name not in SCOPE_FIELDS
        by_ban = prohibited_open and name not in PROHIBITED_FIELDS
        if by_scope or (by_ban and scope_open):
            need(name, partial(e.rule_opens, "art2.in_scope"))
        if by_ban:
            need(name, partial(_group_opens, e, "prohibited"))
        return by_scope or by_ban

    for name, rid in SCALAR_FIELDS.items():
        if name in moot:
            values[name] = NEUTRAL.get(name)
            continue
        v = e.rule(rid)
        if v is not UNKNOWN and name in NEUTRAL and v != NEUTRAL[name] and may_become_moot(name):
            v = UNKNOWN
        values[name] = v
        if v is UNKNOWN:
            need(name, partial(e.rule_opens, rid))
    lists: dict[str, list[str]] = {}
    for name, group in LIST_FIELDS.items():
        if name in moot:
            lists[name] = list(NEUTRAL[name])
            continue
        refs, unknown = _group_refs(e, group, names=(name == "roles"))
        if refs and may_become_moot(name):
            unknown = True
        lists[name] = refs
        if unknown:
            need(name, partial(_group_opens, e, group))

    obligations: list[Obligation] = []
    possible: list[Obligation] = []
    relevant_tiers: set[str] = set()
    pending_tiers: dict[str, list[Callable[[bool], frozenset[str]]]] = {}  # tier -> what could make it relevant
    own_start, own_start_label = _own_start(e)
    if in_scope is not False:
        for ob in law.obligations:
            if not ob.in_law(day) or (prohibited_now and ob.tier in MOOT_WHEN_PROHIBITED):
                continue
            when = ob.when.ev(e)
            if when is False:
                continue
            start = ob.applies_from.ev(e)
            start_out = start if isinstance(start, _dt.date) else None
            later = own_start if start_out and own_start and own_start > start_out else None
            item = Obligation(
                id=ob.id,
                ref=ob.ref,
                summary=e.words(ob.summary),
                owed_by=ob.owed_by,
                applies_from=start_out,
                applies_now=((later or start_out) <= day) if start_out else None,
                own_start=later,
                own_start_label=own_start_label if later else None,
                fine_tier=ob.fine_tier,
                detail=e.words(ob.detail) or None,
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
                need("obligations", partial(ob.when.opens, e))
                if in_scope is UNKNOWN:
                    need("obligations", partial(e.rule_opens, "art2.in_scope"))
                if ob.fine_tier:
                    pending_tiers.setdefault(ob.fine_tier, []).append(partial(ob.when.opens, e))
                    if in_scope is UNKNOWN:
                        pending_tiers[ob.fine_tier].append(partial(e.rule_opens, "art2.in_scope"))
    relevant_tiers |= conclusion_tiers(e)
    for tier in law.fines.tiers.values():  # a conclusion not settled yet may still bring a tier in
        if tier.relevant_if is not None and tier.relevant_if.ev(e) is UNKNOWN:
            pending_tiers.setdefault(tier.id, []).append(partial(tier.relevant_if.opens, e))
    fines, max_fine = compute_fines(e, relevant_tiers)
    pending = set(pending_tiers) - relevant_tiers
    highest = compute_fines(e, relevant_tiers | pending)[1] if pending else max_fine
    if max_fine is UNKNOWN or highest is UNKNOWN:  # the organisation's kind, size or turnover decides
        fine_law = law.fines
        # the offender's kind (the rule on undertakings reads it) and turnover, then its size
        facts_missing = e.rule_opens(fine_law.undertaking_rule) | (
            frozenset((fine_law.turnover_fact,)) if e.fact(fine_law.turnover_fact) is UNKNOWN else frozenset())

        def fine_facts(_first: bool) -> frozenset[str]:
            return facts_missing

        need("max_fine_eur", fine_facts)
        for lower in fine_law.lower_of_two:
            if e.in_force(lower.rule):
                need("max_fine_eur", partial(e.rule_opens, lower.rule))
    if pending and highest != max_fine:
        max_fine = UNKNOWN  # a tier that may still become relevant would change the ceiling
        for tid in pending:
            for fn in pending_tiers[tid]:
                need("max_fine_eur", fn)

    if in_scope is False:  # out of scope: only the scope conclusions remain worth settling
        sources = {k: v for k, v in sources.items() if k in SCOPE_FIELDS}
    elif values["category"] == "prohibited":  # the practice must stop: the lesser tiers are moot
        # (duties outside those tiers, e.g. a model provider's, stay open until settled)
        sources = {k: v for k, v in sources.items() if k in PROHIBITED_FIELDS or (k == "obligations" and possible)}
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
            text=e.words(w.text),
            topic=q.topic,
            type=q.type,
            options=w.options,
            help=e.words(w.help) or None,
            refs=w.refs,
            affects=sorted(affects[q.id]),
            answered_unknown=q.id in profile.unknown,
            judgement=q.judgement,
            ask_next=q.id in frontier,
        )
        for q in sorted((law.questions[f] for f in affects), key=lambda q: q.order)
        for w in (q.wording(day, e.fact("subject.kind")),)  # the words in force on the assessment date, for the subject
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
        notes.append(f"Out of scope: none of the Act's duties apply to this {thing} for the asker.")
    if prohibited_now:
        notes.append("A prohibited practice (Art. 5) must not be placed on the market, put into service or "
                     "used from the date the prohibition applies; no FRIA, registration or conformity "
                     "assessment makes it lawful, so those are reported as none.")
    for name, rid in SCALAR_FIELDS.items():
        gap = law.rules[rid].gap
        if gap and values[name] is not UNKNOWN:
            notes.append(gap)
    for rid in NOTE_RULES:
        if rid in law.rules and e.rule(rid) is True and law.rules[rid].note:
            notes.append(f"{law.rules[rid].note} ({law.rules[rid].ref})")

    forbidden: list[str] = []
    if "annex3.use_forbidden_elsewhere" in law.rules and e.rule("annex3.use_forbidden_elsewhere") is True:
        forbidden = [law.rules[rid].ref for rid in law.groups.get("annex3_permitted_only", []) if e.rule(rid) is True]

    result = Assessment(
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
        lifted_out=_lifted_out(e, moot) if in_scope is not False else [],
        not_examined=moot,
        forbidden_by_other_law=forbidden,
    )
    if contested and law.readings:
        _add_readings(result, profile, e, law, readings)
    return result


# the fields an outcome under another reading is given by (its open questions are asked)
TIER_FIELDS = {"category", "prohibited", "high_risk_bases", "transparency"}


def _signature(r: Assessment) -> tuple[Any, ...]:
    """What a reading can change: the tier, its findings and the duties."""
    return (r.category, r.prohibited, r.high_risk_bases, r.transparency, r.fria_required, r.registration,
            r.conformity, sorted(o.id for o in r.obligations), sorted(o.id for o in r.possible_obligations))


_TIER_WORDS = {"prohibited": "prohibited", "high": "high-risk", "transparency": "transparency duties only",
               "minimal": "minimal risk", "out_of_scope": "out of scope", "gpai_model_only": "general-purpose AI model",
               "undetermined": "not settled yet"}


def _summary(r: Assessment) -> str:
    """An outcome in a few words, with the provisions behind it."""
    refs = {"prohibited": r.prohibited, "high": r.high_risk_bases, "transparency": r.transparency}.get(r.category, [])
    words = _TIER_WORDS[r.category] + (f" ({', '.join(refs)})" if refs else "")
    if r.category in ("high", "prohibited") and r.transparency and "transparency" not in r.not_examined:
        words += f"; transparency duties ({', '.join(r.transparency)})"
    return words


def _add_readings(result: Assessment, profile: Profile, e: Evaluation, law: Law,
                  override: dict[str, str] | None) -> None:
    """List the contested points the outcome depends on, with the outcome under each reading.

    The result itself follows the reading recorded in the profile, else the stricter one, so
    a contested reading never leaves a conclusion undetermined. The questions another reading
    needs to say what tier it gives are added to the open questions (field "readings").
    """
    followed = followed_readings(profile, law, override)
    known = {q.id for q in result.open_questions}
    for pid, name in followed.items():
        point = law.readings[pid]
        users = [r.id for r in law.rules.values() if any(pid in v.node.refs() for v in r.versions)]
        others: dict[str, Assessment] = {}
        for other in point.readings:
            if other == name:
                continue
            alt = evaluation_for(profile, e.as_of, law, {**(override or {}), pid: other})
            if any(alt.rule(u) != e.rule(u) for u in users):
                others[other] = assess(profile, e.as_of, law, explain=False, check=False,
                                       readings={**(override or {}), pid: other}, contested=False)
        differs = any(_signature(a) != _signature(result) for a in others.values())
        if not differs and pid not in profile.readings:
            continue
        outcomes = []
        for rname, reading in point.readings.items():
            r = others.get(rname, result)
            outcomes.append(ReadingOutcome(
                name=rname, label=reading.label, text=reading.text,
                sources=[_source_info(s) for s in reading.sources],
                category=r.category, prohibited=r.prohibited, high_risk_bases=r.high_risk_bases,
                transparency=r.transparency, obligations=list(dict.fromkeys(o.ref for o in r.obligations)),
                summary=_summary(r), open=[q.id for q in r.open_questions if not q.answered_unknown]))
        recorded = profile.readings.get(pid)
        result.readings.append(ContestedReading(
            id=pid, ref=point.ref, question=point.question, followed=name,
            adopted=recorded.reading if recorded else None, reason=recorded.reason if recorded else None,
            stricter=point.stricter, outcomes=outcomes, guidance=[_source_info(s) for s in point.guidance],
            differs=differs))
        for alt_result in others.values():  # what the other readings still need to know of the tier
            for q in alt_result.open_questions:
                if q.id in known or law.questions[q.id].reading or not TIER_FIELDS & set(q.affects):
                    continue
                known.add(q.id)
                result.open_questions.append(q.model_copy(update={"affects": ["readings"]}))
                if "readings" not in result.undetermined:
                    result.undetermined.append("readings")
    result.open_questions.sort(key=lambda q: law.questions[q.id].order)


def _source_info(s: Any) -> ReadingSourceInfo:
    return ReadingSourceInfo(ref=s.ref, doc=s.doc, date=s.date, status=s.status, says=s.says, text=s.words())


_ORDER = [
    "ai_system", "in_scope", "scope_basis", "category", "prohibited", "high_risk_basis",
    "high_risk_bases", "art_6_3_exempt", "transparency", "gpai_model", "systemic_risk", "roles",
    "fria_required", "registration", "conformity", "obligations", "applies_from", "max_fine_eur",
]


def _field_order(name: str) -> int:
    return _ORDER.index(name) if name in _ORDER else len(_ORDER)


def assess_many(profiles: Iterable[Profile], as_of: _dt.date | None = None) -> list[Assessment]:
    law = load_law()
    return [assess(p, as_of, law) for p in profiles]
