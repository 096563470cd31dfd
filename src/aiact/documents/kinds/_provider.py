"""Facts shared by the documents a provider of a high-risk AI system draws up: the technical
documentation (Art. 11, Annex IV), the instructions for use (Art. 13) and the quality
management system (Art. 17). Facts only: the tier, the roles, the conformity route and the
dates come from the assessment and the dated parameters."""

from __future__ import annotations

import datetime as _dt
from typing import Any

# The words of the conformity route the assessment found (Art. 43). The route itself is the
# assessment's; this only names the procedure its value stands for.
ROUTE_WORDS = {
    "internal": "conformity assessment procedure based on internal control (Annex VI)",
    "notified_body": ("conformity assessment based on an assessment of the quality management system and of the "
                      "technical documentation, with the involvement of a notified body (Annex VII)"),
}
SECTORAL_ROUTE = ("the conformity assessment procedure of the relevant Union harmonisation legislation listed in "
                  "Section A of Annex I, of which the requirements of Chapter III Section 2 and the assessment of the "
                  "quality management system are part (Art. 43(3))")
REGISTRATION_WORDS = {
    "public": "in the EU database (Art. 49(1), Art. 71), public section",
    "non_public": "in the secure non-public section of the EU database (Art. 49(4))",
    "national": "at national level (Art. 49(5))",
    "none": "no registration owed by the asker (Art. 49)",
}


def basis_words(ctx: dict[str, Any], basis: str | None) -> str | None:
    """The words of the Annex III point (or Art. 6(1)) the system is high-risk under."""
    if not basis:
        return None
    text = ctx["provision"](basis)
    return None if text == basis else text.strip()


def years_after(day: _dt.date, years: int) -> _dt.date:
    """The same calendar day ``years`` later (28 February for 29 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def own_start(ctx: dict[str, Any], *ids: str) -> _dt.date | None:
    """When the first of these obligations reaches the system (its own start, else the date it applies)."""
    days = []
    for oid in ids:
        ob = ctx["ob"](oid)
        if ob is not None:
            day = ob.own_start or ob.applies_from
            if day is not None:
                days.append(day)
    return min(days) if days else None


def provider_facts(ctx: dict[str, Any]) -> dict[str, Any]:
    a = ctx["assessment"]
    answers = ctx["answers"]
    roles = set(a.roles)
    basis = a.high_risk_basis
    route: str | None
    if a.conformity == "notified_body" and basis == "Art. 6(1)":
        route = SECTORAL_ROUTE
    else:
        route = ROUTE_WORDS.get(a.conformity or "")
    first_placed = answers.get("timeline.first_placed")
    established = answers.get("art2_1.established_in_eu")
    if ctx["has"]("art22_1"):
        auth_rep = "required"
    elif established is True:
        auth_rep = "not_required"
    else:
        auth_rep = None
    org = ctx["org"]
    size = None
    if org["sme"]:
        size = "an SME, including a start-up (Art. 3(14a); Recommendation 2003/361/EC)" if ctx["amended"] \
            else "an SME, including a start-up (Recommendation 2003/361/EC)"
    elif org["smc"]:
        size = "a small mid-cap enterprise (SMC) (Art. 3(14b); Recommendation (EU) 2025/1099)"
    return {
        "provider_name": org["name"] if "provider" in roles else None,
        "also_deployer": "deployer" in roles,
        "basis": basis,
        "basis_words": basis_words(ctx, basis),
        "annex1_product": basis == "Art. 6(1)",
        "route_words": route,
        "registration_words": REGISTRATION_WORDS.get(a.registration or ""),
        "first_placed": first_placed if isinstance(first_placed, _dt.date) else None,
        "auth_rep": auth_rep,
        "size_words": size,
        "law_enforcement": answers.get("context.law_enforcement") is True,
        "third_party_parts": answers.get("art25_4.third_party_parts"),
        "bias_special_categories": answers.get("art4a.bias_special_categories"),
    }
