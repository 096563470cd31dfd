"""Facts for the outline of the quality management system of a provider of a high-risk AI
system (Art. 17; the Art. 63 derogation where it can apply)."""

from __future__ import annotations

from typing import Any

from aiact.documents.kinds._provider import own_start, provider_facts


def context(ctx: dict[str, Any]) -> dict[str, Any]:
    facts = provider_facts(ctx)
    org = ctx["org"]
    basis = facts["basis"] or ""
    # Art. 63(1): in the 2024 text, microenterprises (Recommendation 2003/361/EC); as replaced by
    # Regulation (EU) 2026/1744, SMEs including start-ups; in both, only without partner or linked
    # enterprises. A microenterprise is an SME, so the paragraph can only apply to an SME.
    # True, False, or None when the answers do not settle it; an open status keeps the section,
    # with the status left for the provider to state
    micro = ctx["rule"]("org.micro")
    art63 = None
    if ctx["amended"] and org["sme"] is not False:
        art63 = "sme"
    elif not ctx["amended"] and micro is not False:
        art63 = "micro"
    return {
        "micro": micro,
        **facts,
        "duty_from": own_start(ctx, "art17"),
        "art63": art63,
        # Art. 72(4), second subparagraph, ties Annex III point 5 to financial institutions; the
        # Art. 17(4) section is shown for a system of that point (whether the provider is such an
        # institution is left for the provider to state: no question asks it).
        "financial": basis.startswith("Annex III 5"),
        "retention_years": ctx["param"]("art18.retention_years"),
        "provider_log_months": ctx["param"]("art19.log_retention_months"),
        "incident_days": ctx["param"]("art73.general_days"),
        "widespread_days": ctx["param"]("art73.widespread_days"),
        "death_days": ctx["param"]("art73.death_days"),
        "notified_body": ctx["assessment"].conformity == "notified_body",
    }
