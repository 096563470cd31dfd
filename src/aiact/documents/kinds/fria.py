"""Facts for the fundamental rights impact assessment (Art. 27; Art. 5(2))."""

from __future__ import annotations

from typing import Any

from aiact.engine.answers import ONGOING


def context(ctx: dict[str, Any]) -> dict[str, Any]:
    a = ctx["assessment"]
    answers = ctx["answers"]
    roles = set(a.roles)
    basis = a.high_risk_basis
    why: list[str] = []
    if ctx["has"]("art27_1"):
        if basis in ("Annex III 5(b)", "Annex III 5(c)"):
            why.append(f"deployer of a high-risk system of {basis} (Art. 27(1))")
        elif ctx["org"]["public_body"]:
            why.append("deployer that is a body governed by public law (Art. 27(1))")
        else:
            why.append("deployer that is a body governed by public law or a private entity providing public services (Art. 27(1))")
    if ctx["has"]("art5_2_fria"):
        why.append("law enforcement use of real-time remote biometric identification (Art. 5(2), second subparagraph)")
    end = answers.get("timeline.end_of_use")
    affected = []
    if answers.get("art26_7.workers_affected") is True:
        affected.append("the deployer's own workers, who are subject to the system at work (Art. 26(7))")
    if answers.get("art26_11.decisions_about_people") is True:
        affected.append("the natural persons about whom the system helps make decisions (Art. 26(11))")
    return {
        "provider_name": ctx["org"]["name"] if "provider" in roles else None,
        "basis_words": ctx["provision"](basis) if basis and basis.startswith("Annex III") else None,
        "why_required": "; ".join(why) or "not required (written on request)",
        "first_use": answers.get("timeline.use_start") or (answers.get("timeline.first_placed") if "provider" in roles else None),
        "end_of_use": None if end is None else ("ongoing" if end == ONGOING else ctx["date"](end)),
        "affected": affected,
        "rbi": ctx["has"]("art5_2_fria"),
    }
