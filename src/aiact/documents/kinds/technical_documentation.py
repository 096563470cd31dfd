"""Facts for the technical documentation of a high-risk AI system (Art. 11, Annex IV; the
post-market monitoring plan of Art. 72(3) is part of it, Annex IV point 9)."""

from __future__ import annotations

from typing import Any

from aiact.documents.kinds._audit import audit_facts
from aiact.documents.kinds._provider import own_start, provider_facts, years_after


def context(ctx: dict[str, Any]) -> dict[str, Any]:
    facts = provider_facts(ctx)
    org = ctx["org"]
    # Art. 11(1), second subparagraph: SMEs, including start-ups (2024 text), and from
    # Regulation (EU) 2026/1744 also SMCs, may use the Commission's simplified form.
    if ctx["amended"]:
        simplified = "SME" if org["sme"] else ("SMC" if org["smc"] else None)
    else:
        simplified = "SME" if org["sme"] else None
    retention = ctx["param"]("art18.retention_years")
    placed = facts["first_placed"]
    return {
        **facts,
        "simplified": simplified,
        "duty_from": own_start(ctx, "art11"),
        "retention_years": retention,
        "keep_until": years_after(placed, retention) if placed else None,
        "pmm_template_by": ctx["param"]("art72.pmm_template_by"),
        "annex3_point5": (facts["basis"] or "").startswith("Annex III 5"),
        "au": audit_facts(ctx["audit"]),
    }
