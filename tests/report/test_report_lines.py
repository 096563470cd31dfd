"""Reports that never contradict themselves, read as a user reads them (issue 6, section 4):
the text report for systems that exercise each rule, checked line by line."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import aiact
from aiact.report.text import to_text

AI = {"subject.kind": "system", "art3_1.machine_based_autonomy": True, "art3_1.infers": True,
      "art3_1.only_simple_techniques": False, "art3_1.outputs_influence": True,
      "art2_1.placed_in_eu": True, "art2_1.established_in_eu": True, "art2.exclusion": "none",
      "art2_12.free_open_source": False}
NO_PRACTICE = {q: False for q in (
    "art5_1_a.manipulative_technique", "art5_1_b.exploits_vulnerability", "art5_1a.generates_media",
    "art5_1_c.social_scoring", "art5_1_d.predicts_offending", "art5_1_e.face_database",
    "art3_39.infers_emotions", "art3_40.biometric_categorisation", "art3_41.remote_biometric_identification")}
DEPLOYER = {"art3_3.develops": False, "art3_4.use": "professional", "art25_1_b.substantial_modification": False,
            "art25_1_c.changed_purpose": False, "art25_3.with_own_product": False}
PROVIDER = {"art3_3.develops": True, "art3_3.own_name": True, "art3_4.use": "none", "art25_3.with_own_product": False}
NOT_HIGH_RISK = {"annex3.listed_area": False, "context.law_enforcement": False, "context.migration_border": False,
                 "context.used_by_public_authorities": False, "art6_1.product_legislation": "none"}
COMPANY = {"org.kind": "company", "org.staff_headcount": 300, "org.annual_turnover_eur": 80_000_000}


def report(answers: dict[str, Any], as_of: str = "2026-11-27") -> tuple[Any, str]:
    r = aiact.assess(aiact.profile(answers, as_of=as_of), explain=False)
    return r, to_text(r, explain=False, width=200)


def row(text: str, question: str) -> str:
    """The answer column of a summary row (wrapped lines joined)."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith(question):
            parts = [line[38:].strip()]
            for nxt in lines[i + 1:]:
                if nxt.startswith(" " * 38) and nxt.strip():
                    parts.append(nxt[38:].strip())
                else:
                    break
            return " ".join(parts)
    raise AssertionError(f"no row {question!r} in:\n{text}")


def test_a_prohibited_practice_leaves_the_lesser_tiers_not_examined_never_no():
    r, text = report({**AI, **DEPLOYER, **NO_PRACTICE, **COMPANY, "art3_39.infers_emotions": True,
                      "art5_1_f.workplace_or_education": True, "art5_1_f.for_medical_or_safety": False,
                      "timeline.end_of_use": "ongoing"})
    assert r.category == "prohibited"
    assert "not examined: a prohibited practice applies" in row(text, "High-risk")
    assert not re.search(r"^High-risk\s+no\b", text, re.M)
    assert not re.search(r"^Transparency duties\s+none\b", text, re.M)
    assert not any(o.ref.startswith("Art. 26") or o.ref.startswith("Art. 50") for o in r.obligations)


def test_a_deployer_of_a_vendors_llm_tool_is_told_that_systemic_risk_is_not_its_concern():
    r, text = report({**AI, **DEPLOYER, **NO_PRACTICE, **NOT_HIGH_RISK, **COMPANY,
                      "art3_63.built_on_gpai": True, "art50.generates_content": False,
                      "timeline.end_of_use": "ongoing"})
    assert r.gpai_model is True and r.systemic_risk is None
    assert "systemic_risk" not in r.undetermined
    assert "nothing you owe depends on it" in row(text, "Systemic risk")
    assert "undetermined" not in row(text, "Systemic risk")
    assert not any(q.id.startswith("art51") for q in r.open_questions)


def test_a_downstream_provider_below_the_threshold_reads_the_note_on_designation_and_notification():
    r, text = report({**AI, **PROVIDER, **NO_PRACTICE, **NOT_HIGH_RISK, **COMPANY,
                      "art3_63.wide_range_of_tasks": True, "art3_63.generates_language_or_images": True,
                      "art3_63.model_origin": "own", "art51_2.compute_range": "over_1e23_up_to_1e25",
                      "art51_1_b.designated": False, "art51_1_a.high_impact_capabilities": False,
                      "art53_2.open_source_licence": False, "rec97.internal_processes_only": False,
                      "timeline.first_placed": "2027-01-01", "timeline.end_of_use": "ongoing"})
    assert r.systemic_risk is False
    assert any("Art. 52(1)" in n and "Art. 51(1)(b)" in n for n in r.notes)


def test_after_a_finished_interview_only_dont_know_answers_are_open_and_are_named():
    answers = {**AI, **DEPLOYER, **NO_PRACTICE, **COMPANY, "annex3.listed_area": True,
               "annex3_4.employment": True, "annex3_2.critical_infrastructure": False, "annex3_3.education": False,
               "annex3_5.essential_services": False, "annex3_8.justice_democracy": False,
               "context.law_enforcement": False, "context.migration_border": False,
               "context.used_by_public_authorities": False, "art6_1.product_legislation": "none",
               "annex3_4_a.recruitment": True, "annex3_4_b.work_relationship": False, "art6_3.condition": "none",
               "timeline.use_start": "2028-03-01", "timeline.end_of_use": "ongoing",
               "timeline.first_placed": "unknown", "art3_63.built_on_gpai": False}
    p = aiact.profile(answers, as_of="2026-11-27")
    while screens := aiact.next_screens(p):  # the owner answers everything else with "no"
        s = screens[0]
        aiact.answer(p, s, {f.id: False for f in s.fields if f.kind == "question" and f.type == "bool"})
    r = aiact.assess(p, explain=False)
    text = to_text(r, explain=False, width=200)
    assert r.open_questions and all(q.answered_unknown for q in r.open_questions)
    assert "It stays open only because you answered \"don't know\"" in text
    assert "timeline.first_placed" in text and "(you said: don't know)" in text
    assert "would settle it (aiact interview asks them)" not in text


def test_a_legacy_system_under_art_111_2_gives_no_chapter_iii_date():
    r, text = report({**AI, **DEPLOYER, **NO_PRACTICE, **COMPANY, "annex3.listed_area": True,
                      "annex3_4.employment": True, "annex3_2.critical_infrastructure": False,
                      "annex3_3.education": False, "annex3_5.essential_services": False,
                      "annex3_8.justice_democracy": False, "context.law_enforcement": False,
                      "context.migration_border": False, "context.used_by_public_authorities": False,
                      "art6_1.product_legislation": "none", "annex3_4_a.recruitment": True,
                      "art6_3.condition": "none", "timeline.use_start": "2025-05-01",
                      "timeline.end_of_use": "ongoing", "art111_2.significant_change": False})
    assert r.category == "high" and r.applies_from is None
    assert row(text, "Main obligations apply from").startswith("never: Chapter III does not reach this system")
    assert "2027-12-02" not in row(text, "Main obligations apply from")
    assert any(x.ref == "Art. 111(2)" for x in r.lifted_out)
    assert not any(o.ref.startswith("Art. 26") for o in r.obligations)


def test_now_waits_for_the_systems_own_launch():
    r, text = report({**AI, **PROVIDER, **NO_PRACTICE, **NOT_HIGH_RISK, **COMPANY,
                      "art50.generates_content": True, "art50_1.interacts_directly": False,
                      "art50_2.standard_editing_only": False, "art50_2.no_substantial_alteration": False,
                      "art3_63.wide_range_of_tasks": False, "timeline.first_placed": "2028-02-01",
                      "timeline.end_of_use": "ongoing"})
    art50_2 = next(o for o in r.obligations if o.ref == "Art. 50(2)")
    assert art50_2.applies_from.isoformat() == "2026-08-02" and art50_2.applies_now is False
    assert art50_2.own_start.isoformat() == "2028-02-01" and art50_2.own_start_label == "your launch"
    from aiact.report.markdown import to_markdown

    assert "| Art. 50(2) | provider |" in to_markdown(r, explain=False)
    assert "not yet (from 2028-02-01, your launch) |" in to_markdown(r, explain=False)
    assert "not yet" in text


def test_a_public_body_reads_art_99_8_not_a_dash():
    r, text = report({**AI, **DEPLOYER, **NO_PRACTICE, "org.kind": "public_body", "annex3.listed_area": True,
                      "annex3_5.essential_services": True, "annex3_2.critical_infrastructure": False,
                      "annex3_3.education": False, "annex3_4.employment": False, "annex3_8.justice_democracy": False,
                      "context.law_enforcement": False, "context.migration_border": False,
                      "context.used_by_public_authorities": True, "art6_1.product_legislation": "none",
                      "annex3_5_a.public_benefits": True, "annex3_5_b.creditworthiness": False,
                      "annex3_5_c.life_health_insurance": False, "annex3_5_d.emergency": False,
                      "art6_3.condition": "none", "timeline.use_start": "2028-01-01",
                      "timeline.first_placed": "2028-01-01", "timeline.end_of_use": "ongoing"})
    assert r.max_fine_eur is None
    assert "Art. 99(8)" in row(text, "Highest fine ceiling")


def test_the_summary_names_what_took_a_system_out_of_a_tier():
    # an Annex III carve-out: financial-fraud detection (Annex III 5(b))
    r, text = report({**AI, **PROVIDER, **NO_PRACTICE, **COMPANY, "annex3.listed_area": True,
                      "annex3_5.essential_services": True, "annex3_2.critical_infrastructure": False,
                      "annex3_3.education": False, "annex3_4.employment": False, "annex3_8.justice_democracy": False,
                      "context.law_enforcement": False, "context.migration_border": False,
                      "context.used_by_public_authorities": False, "art6_1.product_legislation": "none",
                      "annex3_5_a.public_benefits": False, "annex3_5_b.creditworthiness": True,
                      "annex3_5_b.fraud_detection": True, "annex3_5_c.life_health_insurance": False,
                      "annex3_5_d.emergency": False, "art50.generates_content": False,
                      "art50_1.interacts_directly": False, "art3_63.wide_range_of_tasks": False,
                      "timeline.first_placed": "2028-01-01", "timeline.end_of_use": "ongoing"})
    assert r.high_risk_bases == []
    assert any(x.ref == "Annex III 5(b)" and x.field == "high_risk_bases" for x in r.lifted_out)
    assert "Not high-risk, because" in text and "financial fraud" in text


def test_a_prohibited_practice_leaves_a_model_providers_duties_open_with_their_questions():
    # found by the random property run: a banned practice built on a model whose origin is not
    # known listed the Art. 52-55 duties as possible, with no question that would settle them

    p = aiact.load_profile(Path(__file__).resolve().parents[1] / "cases" / "betting-app-subliminal-stake-cues.yaml")
    for qid in ("art3_63.built_on_gpai", "art3_63.wide_range_of_tasks", "art3_63.generates_language_or_images"):
        p.set_answer(qid, True)
    p.clear_answer("art3_63.model_origin")
    r = aiact.assess(p)
    assert r.category == "prohibited"
    assert {o.id for o in r.possible_obligations} >= {"art53_1_a", "art53_1_b"}
    assert "obligations" in r.undetermined
    assert "art3_63.model_origin" in [q.id for q in r.open_questions]
