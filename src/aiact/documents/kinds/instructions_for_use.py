"""Facts for the instructions for use of a high-risk AI system (Art. 13), including what the
deployer needs from them to meet its own duties (Art. 26, Art. 27, Art. 86)."""

from __future__ import annotations

from typing import Any

from aiact.documents.kinds._audit import audit_facts
from aiact.documents.kinds._provider import own_start, provider_facts

# The deployer duties of Art. 26 that the assessment lists for an asker who also uses the system.
DEPLOYER_DUTIES = ("art26_1", "art26_2", "art26_4", "art26_5", "art26_6", "art26_7", "art26_8", "art26_9",
                   "art26_10", "art26_11", "art26_12", "art27_1", "art86_1")


def context(ctx: dict[str, Any]) -> dict[str, Any]:
    facts = provider_facts(ctx)
    basis = facts["basis"] or ""
    annex3 = basis.startswith("Annex III")
    own = [ctx["ob"](oid) for oid in DEPLOYER_DUTIES if ctx["has"](oid)]
    return {
        **facts,
        "duty_from": own_start(ctx, "art13"),
        "deployer_log_months": ctx["param"]("art26.log_retention_months"),
        "provider_log_months": ctx["param"]("art19.log_retention_months"),
        "rbi": basis == "Annex III 1(a)",
        # Art. 26(11), Art. 27(1) and Art. 86(1) reach deployers of Annex III systems (Art. 27(1)
        # and Art. 86(1) except point 2); which deployer owes them is for its own assessment.
        "annex3": annex3,
        "annex3_not_point2": annex3 and basis != "Annex III 2",
        "own_deployer_duties": [o for o in own if o is not None],
        "au": audit_facts(ctx["audit"]),
    }
