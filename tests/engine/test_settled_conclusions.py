"""A conclusion the report gives as determined never changes when an open question is
answered (the property of tests/test_properties.py), here for the report fields that a
scope exclusion or a prohibited practice makes moot, on the profiles that random runs
found to break it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from aiact.engine.assess import assess
from aiact.engine.load import load_law
from aiact.engine.profile import ONGOING, Profile

DAY = dt.date(2026, 11, 27)
AI = {
    "subject.kind": "system",
    "art3_1.machine_based_autonomy": True,
    "art3_1.infers": True,
    "art3_1.only_simple_techniques": False,
    "art3_1.outputs_influence": True,
}
IN_SCOPE = {"art2_1.placed_in_eu": True, "art2.exclusion": "none", "art3_4.use": "professional"}
NO_PRACTICE = {
    "art5_1_a.manipulative_technique": False,
    "art5_1_b.exploits_vulnerability": False,
    "art5_1a.generates_media": False,
    "art5_1_c.social_scoring": False,
    "art5_1_d.predicts_offending": False,
    "art5_1_e.face_database": False,
    "art3_39.infers_emotions": False,
    "art3_40.biometric_categorisation": False,
    "art3_41.remote_biometric_identification": False,
}


@pytest.fixture(scope="module")
def law() -> Any:
    return load_law()


def run(law: Any, *parts: dict[str, Any]) -> Any:
    """Assess the answers of all parts (a later part wins)."""
    answers: dict[str, Any] = {}
    for part in parts:
        answers.update(part)
    return assess(Profile(answers=answers), DAY, law, explain=False)


def test_a_practice_found_while_the_scope_is_open_is_listed_but_not_settled(law):
    emotions_at_work = {**AI, **NO_PRACTICE, "art3_3.develops": True, "art3_3.own_name": True,
                        "art3_39.infers_emotions": True, "art5_1_f.workplace_or_education": True,
                        "art5_1_f.for_medical_or_safety": False,
                        "timeline.first_placed": dt.date(2025, 6, 1), "timeline.end_of_use": ONGOING}
    open_scope = run(law, emotions_at_work)
    assert open_scope.in_scope is None
    assert open_scope.prohibited == ["Art. 5(1)(f)"]
    assert "prohibited" in open_scope.undetermined  # out of scope would clear the list
    assert {"art2.exclusion", "art3_4.use"} & {q.id for q in open_scope.open_questions}
    personal = run(law, emotions_at_work, {"art3_4.use": "personal"})
    assert personal.in_scope is False and personal.prohibited == []
    assert "prohibited" not in personal.undetermined
    in_scope = run(law, emotions_at_work, IN_SCOPE)
    assert in_scope.in_scope is True and in_scope.category == "prohibited"
    assert in_scope.prohibited == ["Art. 5(1)(f)"]


def test_roles_are_moot_out_of_scope_and_not_asked(law):
    personal = run(law, AI, {"art3_3.develops": True, "art3_4.use": "personal"})
    assert personal.in_scope is False
    assert personal.roles == [] and "roles" not in personal.undetermined
    assert "art3_3.own_name" not in {q.id for q in personal.open_questions}
    named = run(law, AI, {"art3_3.develops": True, "art3_3.own_name": True, "art3_4.use": "personal"})
    assert named.roles == []


def test_a_duty_field_waits_while_a_prohibited_practice_is_possible(law):
    admissions_profiling = {
        **AI, **IN_SCOPE, "art3_3.develops": True, "art3_3.own_name": True,
        "timeline.first_placed": dt.date(2027, 12, 2),
        "art5_1_d.solely_profiling": True, "art5_1_d.supports_human_assessment": False,
        "annex3.listed_area": True, "annex3_3.education": True, "annex3_3_a.admission": True,
        "annex3.use_not_permitted": True, "art6_1c.only_non_safety_risks": True,
        "art3_52.profiling": True,
    }
    open_practice = run(law, admissions_profiling)
    assert open_practice.category == "undetermined"
    assert open_practice.registration is None and "registration" in open_practice.undetermined
    assert open_practice.conformity is None and "conformity" in open_practice.undetermined
    assert "art5_1_d.predicts_offending" in {q.id for q in open_practice.open_questions}
    prohibited = run(law, admissions_profiling, {"art5_1_d.predicts_offending": True})
    assert prohibited.category == "prohibited"
    assert (prohibited.registration, prohibited.conformity) == ("none", "none")
    assert "registration" not in prohibited.undetermined


def test_the_highest_fine_waits_while_a_prohibited_practice_could_raise_it(law):
    chatbot = {**AI, **IN_SCOPE, "art3_3.develops": True, "art3_3.own_name": True,
               "art3_4.use": "none", "timeline.first_placed": dt.date(2026, 9, 1),
               "timeline.end_of_use": ONGOING, "art6_1.product_legislation": "none",
               "annex3.listed_area": False, "context.law_enforcement": False,
               "context.migration_border": False,
               "art50_1.interacts_directly": True, "art50_1.obviously_ai": False,
               "art50.generates_content": False, "art3_63.wide_range_of_tasks": False,
               "org.kind": "company", "org.staff_headcount": 1000,
               "org.annual_turnover_eur": 1e9}
    open_practice = run(law, chatbot)
    assert open_practice.transparency == ["Art. 50(1)"]
    assert open_practice.max_fine_eur is None and "max_fine_eur" in open_practice.undetermined
    assert "art5_1_a.manipulative_technique" in {
        q.id for q in open_practice.open_questions if "max_fine_eur" in q.affects}
    settled = run(law, chatbot, NO_PRACTICE)
    assert settled.max_fine_eur == 30_000_000  # Art. 99(4): 3% of EUR 1 bn over EUR 15 m
    assert "max_fine_eur" not in settled.undetermined
    manipulative = run(law, chatbot, NO_PRACTICE, {
        "art5_1_a.manipulative_technique": True, "art5_1.distorts_behaviour": True,
        "art5_1.significant_harm": True})
    assert manipulative.category == "prohibited"
    assert manipulative.max_fine_eur == 70_000_000  # Art. 99(3): 7% of EUR 1 bn over EUR 35 m
