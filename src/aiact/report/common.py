"""Words shared by the text and Markdown reports: every line names its provision."""

from __future__ import annotations

import datetime as _dt

from aiact.engine.result import Assessment, Fine, Step

CATEGORY_WORDS = {
    "out_of_scope": "Out of scope",
    "prohibited": "Prohibited practice",
    "high": "High-risk",
    "transparency": "Transparency obligations",
    "minimal": "Minimal risk",
    "gpai_model_only": "General-purpose AI model (no AI-system tier)",
    "undetermined": "Undetermined",
}

CATEGORY_REF = {
    "out_of_scope": "Art. 2",
    "prohibited": "Art. 5",
    "high": "Art. 6",
    "transparency": "Art. 50",
    "minimal": "Art. 2; no tier applies",
    "gpai_model_only": "Art. 3(63); Chapter V",
    "undetermined": "see open questions",
}

REGISTRATION_WORDS = {
    "public": "in the public part of the EU database",
    "non_public": "in the secure non-public section of the EU database (Art. 49(4))",
    "national": "at national level (Art. 49(5))",
    "none": "no registration duty for you",
}

CONFORMITY_WORDS = {
    "internal": "internal control (Annex VI)",
    "notified_body": "with a notified body",
    "none": "no conformity assessment by you",
}


def yn(value: bool | None, yes: str = "yes", no: str = "no") -> str:
    if value is None:
        return "undetermined"
    return yes if value else no


def eur(amount: float | int | None) -> str:
    if amount is None:
        return "undetermined"
    return f"EUR {amount:,.0f}".replace(",", " ")


def date(d: _dt.date | str | None) -> str:
    if d is None:
        return "undetermined"
    return d.isoformat() if isinstance(d, _dt.date) else str(d)


def value_words(step: Step) -> str:
    if not step.in_force:
        return "not in force on this date"
    if not step.determined:
        return "undetermined"
    if step.value is True:
        return "applies"
    if step.value is False:
        return "does not apply"
    if step.value is None:
        return "none"
    return str(step.value)


def fine_line(f: Fine) -> str:
    if f.rule == "member_state":
        return f"{f.ref}: left to the Member State for public bodies (Art. 99(8))"
    if f.rule == "fixed":
        return f"{f.ref}: up to {eur(f.fixed_eur)}"
    share = f"{(f.share or 0) * 100:g}% of worldwide annual turnover"
    if f.turnover_eur is not None:
        share += f" ({eur(f.turnover_eur)})"
    which = "whichever is lower" if f.rule == "lower" else "whichever is higher"
    return f"{f.ref}: up to {eur(f.ceiling_eur)} ({eur(f.fixed_eur)} or {share}, {which})"


def headline(result: Assessment) -> str:
    cat = CATEGORY_WORDS[result.category]
    if result.category == "high" and result.high_risk_basis:
        cat += f" ({result.high_risk_basis})"
    if result.category == "prohibited" and result.prohibited:
        cat += f" ({', '.join(result.prohibited)})"
    if result.category == "transparency" and result.transparency:
        cat += f" ({', '.join(result.transparency)})"
    if result.category == "out_of_scope" and result.scope_basis:
        cat += f" ({result.scope_basis})"
    return cat


def summary_rows(result: Assessment) -> list[tuple[str, str, str]]:
    """(question, answer, provision) rows for the summary table."""
    r = result
    rows = [
        ("AI system", yn(r.ai_system), "Art. 3(1)"),
        ("The Act applies", yn(r.in_scope) + (f" (out: {r.scope_basis})" if r.scope_basis else ""), "Art. 2"),
        ("Prohibited practices", ", ".join(r.prohibited) or ("none" if "prohibited" not in r.undetermined else "undetermined"), "Art. 5"),
        ("High-risk", ", ".join(r.high_risk_bases) or ("no" if "high_risk_bases" not in r.undetermined else "undetermined"), "Art. 6, Annex I, Annex III"),
        ("Lifted out by Art. 6(3)", yn(r.art_6_3_exempt), "Art. 6(3)"),
        ("Transparency duties", ", ".join(r.transparency) or ("none" if "transparency" not in r.undetermined else "undetermined"), "Art. 50"),
        ("General-purpose AI model involved", yn(r.gpai_model), "Art. 3(63)"),
        ("Systemic risk", yn(r.systemic_risk), "Art. 51"),
        ("Your roles", ", ".join(x.replace("_", " ") for x in r.roles) or ("none" if "roles" not in r.undetermined else "undetermined"), "Art. 3, Art. 25"),
        ("Fundamental rights impact assessment", yn(r.fria_required, "required", "not required of you"), "Art. 27"),
        ("Registration", REGISTRATION_WORDS.get(r.registration or "", "undetermined"), "Art. 49"),
        ("Conformity assessment", CONFORMITY_WORDS.get(r.conformity or "", "undetermined"), "Art. 43"),
        ("Main obligations apply from", date(r.applies_from) if r.applies_from or "applies_from" in r.undetermined else "-", "Art. 113, Art. 111"),
        ("Highest fine ceiling", eur(r.max_fine_eur) if r.max_fine_eur is not None or "max_fine_eur" in r.undetermined else "-", "Art. 99-101"),
    ]
    return rows


FIELD_WORDS = {
    "ai_system": "AI system",
    "in_scope": "scope",
    "scope_basis": "scope basis",
    "category": "tier",
    "prohibited": "prohibited practices",
    "high_risk_basis": "high-risk basis",
    "high_risk_bases": "high-risk bases",
    "art_6_3_exempt": "Art. 6(3) exemption",
    "transparency": "transparency duties",
    "gpai_model": "general-purpose AI model",
    "systemic_risk": "systemic risk",
    "roles": "your roles",
    "fria_required": "FRIA",
    "registration": "registration",
    "conformity": "conformity assessment",
    "obligations": "obligations",
    "applies_from": "dates",
    "max_fine_eur": "fines",
}
