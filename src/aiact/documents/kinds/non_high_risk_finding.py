"""Facts for the documentation of an Art. 6(3) assessment (Art. 6(4)).

The conclusion that the Annex III system is not high-risk is the assessment's
(``art_6_3_exempt``, rule ``art6_3.exempt``); this module only lists which Annex III point the
system falls under (rules of the group ``annex3_points``), which condition of Art. 6(3) the
answers rely on (rules ``art6_3_a`` to ``art6_3_d``), and the answers on significant risk and
profiling that the rule ``art6_3`` used.
"""

from __future__ import annotations

from typing import Any

from aiact.documents.kinds.registration import words
from aiact.engine.load import load_law

CONDITIONS = ("art6_3_a", "art6_3_b", "art6_3_c", "art6_3_d")


def context(ctx: dict[str, Any]) -> dict[str, Any]:
    a = ctx["assessment"]
    answers = ctx["answers"]
    rule = ctx["rule"]
    law = load_law()
    points = [law.rules[r].ref for r in law.groups["annex3_points"] if rule(r) is True]
    chosen = answers.get("art6_3.condition")
    options = law.questions["art6_3.condition"].options
    conditions = [{
        "ref": law.rules[rid].ref,
        "words": words(ctx, law.rules[rid].ref),
        "relied_on": rule(rid) is True,
    } for rid in CONDITIONS]
    ob = ctx["ob"]("art6_4")
    return {
        "provider_name": ctx["org"]["name"] if "provider" in a.roles else None,
        "annex3": [{"ref": ref, "words": words(ctx, ref)} for ref in points],
        "conditions": conditions,
        "relied": [c for c in conditions if c["relied_on"]],
        "condition_answer": options.get(chosen) if chosen and chosen != "none" else None,
        "significant_risk": answers.get("art6_3.significant_risk"),
        "profiling": answers.get("art3_52.profiling"),
        "reading": " ".join((law.rules["art6_3"].note or "").split()) or None,
        "guidelines_due": ctx["param"]("art6.guidelines_due"),
        "first_placed": answers.get("timeline.first_placed"),
        "applies_from": ob.applies_from if ob else None,
        "due_before": (ob.own_start or ob.applies_from) if ob else None,
        "due_label": ob.own_start_label if ob and ob.own_start else None,
        "exempt": a.art_6_3_exempt,
    }
