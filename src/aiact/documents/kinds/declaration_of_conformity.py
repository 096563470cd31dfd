"""Facts for the EU declaration of conformity (Art. 47, Annex V).

The conformity assessment route is the assessment's (``assessment.conformity``, Art. 43); the
Annex I Section A legislation (Art. 47(3)) is the rule ``annex1.section_a``; the retention
period is the dated parameter ``art47.retention_years``. The points of Annex V are read from
the Act's text.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from aiact.documents.kinds._lawpoints import annex_v
from aiact.documents.kinds._provider import ROUTE_WORDS, years_after
from aiact.documents.kinds.registration import words
from aiact.engine.load import load_law

# Answers that, by the definitions of the Act, mean the system processes personal data
# (Annex V 5): profiling is automated processing of personal data (Art. 3(52), Art. 4(4) GDPR);
# biometric data are personal data (Art. 3(34)).
PERSONAL_DATA_ANSWERS = {
    "art3_52.profiling": "it performs profiling of natural persons (Art. 3(52): automated processing of personal data)",
    "art3_41.remote_biometric_identification": "it identifies natural persons from their biometric data (Art. 3(34), Art. 3(41))",
    "art3_40.biometric_categorisation": "it assigns natural persons to categories on the basis of their biometric data (Art. 3(34), Art. 3(40))",
    "art3_39.infers_emotions": "it infers emotions or intentions of natural persons from their biometric data (Art. 3(34), Art. 3(39))",
}


def context(ctx: dict[str, Any]) -> dict[str, Any]:
    a = ctx["assessment"]
    answers = ctx["answers"]
    rule = ctx["rule"]
    law = load_law()
    roles = set(a.roles)
    basis = a.high_risk_basis

    # Annex V 1: the type of system, as the assessment classifies it.
    if basis and basis.startswith("Annex III"):
        system_type = f"high-risk AI system referred to in {basis} (Art. 6(2)): {words(ctx, basis)}"
    elif basis == "Art. 6(1)":
        system_type = "high-risk AI system under Art. 6(1): a safety component of a product, or itself a product, covered by the Union harmonisation legislation listed in Annex I"
    else:
        system_type = None

    # Art. 47(3): other Union harmonisation legislation that also requires a declaration.
    section_a = rule("annex1.section_a") is True
    product = answers.get("art6_1.product_legislation")
    product_words = law.questions["art6_1.product_legislation"].options.get(product) if section_a else None

    # Annex V 7 and Art. 43: the procedure performed.
    point1 = any(rule(r) is True for r in ("annex3_1_a", "annex3_1_b", "annex3_1_c"))
    if a.conformity == "internal":
        procedure = ROUTE_WORDS["internal"] + (", Art. 43(1), first subparagraph, point (a)" if point1 else ", Art. 43(2)")
    elif a.conformity == "notified_body" and rule("art6_1") is True:
        procedure = ("the conformity assessment procedure required under the Union harmonisation legislation "
                     "listed in Annex I, Section A, of which the requirements of Chapter III, Section 2 and the "
                     "assessment of the quality management system (Art. 17) are part (Art. 43(3))")
    elif a.conformity == "notified_body":
        procedure = ROUTE_WORDS["notified_body"] + ", Art. 43(1)"
    else:
        procedure = None

    # Annex V 5: whether the answers show the processing of personal data.
    personal_data = [why for qid, why in PERSONAL_DATA_ANSWERS.items() if answers.get(qid) is True]

    first = answers.get("timeline.first_placed") if "provider" in roles else None
    years = ctx["param"]("art47.retention_years")
    keep_until = years_after(first, years) if isinstance(first, _dt.date) else None
    ob = ctx["ob"]("art47")
    return {
        "provider_name": ctx["org"]["name"] if "provider" in roles else None,
        "system_type": system_type,
        "annex_v": dict(annex_v()),
        "section_a": section_a,
        "product_words": product_words,
        "procedure": procedure,
        "notified_body": a.conformity == "notified_body",
        "standards_in_full": answers.get("art43_1.standards_applied_in_full"),
        "personal_data": personal_data,
        "first_placed": first,
        "retention_years": years,
        "keep_until": keep_until,
        "applies_from": ob.applies_from if ob else None,
        "authorised_rep_needed": ctx["has"]("art22_1"),
    }
