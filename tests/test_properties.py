"""Properties of the engine over random profiles (hypothesis).

* Answering an unknown question never changes a conclusion that was already determined
  (three-valued logic: unknown can only be refined, never contradicted).
* A prohibited practice that applies always makes the tier "prohibited"; a high-risk basis
  that applies makes it at least "high".
* Replacing an answer by "unknown" never turns "high" or "prohibited" into "minimal".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from aiact.engine.assess import assess
from aiact.engine.errors import ContradictionError
from aiact.engine.load import load_law
from aiact.engine.profile import ONGOING, Profile

LAW = load_law()
AS_OF = dt.date(2026, 11, 27)
NUMBERS = [0, 1, 9, 30, 249, 250, 700, 749, 750, 5000, 2e6, 4.3e7, 5e7, 1.2e8, 1.5e8, 3e9,
           1e20, 1e22, 1e23, 2e24, 1e25, 1.1e25, 4e25]
DATES = [dt.date(2024, 1, 1), dt.date(2025, 2, 1), dt.date(2025, 6, 1), dt.date(2025, 8, 2),
         dt.date(2026, 3, 1), dt.date(2026, 8, 2), dt.date(2026, 12, 2), dt.date(2027, 12, 2),
         dt.date(2028, 2, 1), dt.date(2028, 8, 2), dt.date(2031, 1, 1)]
FIELDS = ["ai_system", "in_scope", "scope_basis", "category", "prohibited", "high_risk_basis",
          "high_risk_bases", "art_6_3_exempt", "transparency", "gpai_model", "systemic_risk", "roles",
          "fria_required", "registration", "conformity", "applies_from", "max_fine_eur"]
SEVERITY = {"minimal": 0, "transparency": 1, "high": 2, "prohibited": 3}


IN_SCOPE = {
    "subject.kind": "system",
    "art3_1.machine_based_autonomy": True,
    "art3_1.infers": True,
    "art3_1.only_simple_techniques": False,
    "art3_1.outputs_influence": True,
    "art2_1.placed_in_eu": True,
    "art2.exclusion": "none",
    "art2_12.free_open_source": False,
}


def value_for(qid: str, p_true: float = 0.5) -> st.SearchStrategy[Any]:
    q = LAW.questions[qid]
    if q.type == "bool":
        return st.floats(0, 1).map(lambda x: x < p_true)
    if q.type == "choice":
        return st.sampled_from(list(q.options))
    if q.type == "number":
        return st.sampled_from([n for n in NUMBERS if q.minimum is None or n >= q.minimum])
    dates = DATES + ([ONGOING] if q.allow_ongoing else [])
    return st.sampled_from(dates)


@st.composite
def profiles(draw: st.DrawFn, density: float = 0.7, p_true: float = 0.5) -> Profile:
    """Random answers; most profiles describe an in-scope AI system so that tiers vary."""
    answers: dict[str, Any] = {}
    in_scope = draw(st.floats(0, 1)) < 0.85
    for qid in LAW.questions:
        if in_scope and qid in IN_SCOPE:
            answers[qid] = IN_SCOPE[qid]
        elif draw(st.floats(0, 1)) < density:
            answers[qid] = draw(value_for(qid, p_true))
    return Profile(answers=answers)


def run(p: Profile) -> Any:
    try:
        return assess(p, AS_OF, LAW, explain=False)
    except ContradictionError:
        assume(False)


def field_value(result: Any, name: str) -> Any:
    return getattr(result, name)


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(profiles(), st.data())
def test_answering_an_open_question_never_changes_a_determined_conclusion(p, data):
    before = run(p)
    unanswered = [qid for qid in LAW.questions if qid not in p.answers]
    assume(unanswered)
    qid = data.draw(st.sampled_from(unanswered))
    p2 = Profile(answers={**p.answers, qid: data.draw(value_for(qid))})
    after = run(p2)
    for name in FIELDS:
        if name in before.undetermined:
            continue
        assert field_value(after, name) == field_value(before, name), (name, qid)


@SETTINGS
@given(profiles(density=0.95, p_true=0.35))
def test_a_prohibited_practice_or_high_risk_basis_is_never_reported_milder(p):
    r = run(p)
    if r.in_scope is not True or r.category == "gpai_model_only":
        return
    if r.prohibited:
        assert r.category == "prohibited"
    elif r.high_risk_bases and r.category != "undetermined":
        assert r.category in ("high", "prohibited")


@SETTINGS
@given(profiles(density=0.95, p_true=0.35), st.data())
def test_forgetting_an_answer_never_turns_high_or_prohibited_into_minimal(p, data):
    r = run(p)
    assume(r.category in ("high", "prohibited"))
    qid = data.draw(st.sampled_from(sorted(p.answers)))
    answers = dict(p.answers)
    del answers[qid]
    r2 = run(Profile(answers=answers, unknown={qid}))
    assert r2.category != "minimal"
    assert r2.category in (r.category, "undetermined")
