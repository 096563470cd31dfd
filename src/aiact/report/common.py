"""Words shared by the text and Markdown reports: every line names its provision."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from aiact.engine.result import Assessment, ContestedReading, Fine, Step

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


LIFTED_WORDS = {
    "prohibited": "Not prohibited, because",
    "high_risk_bases": "Not high-risk, because",
    "transparency": "No duty to inform, because",
    "conformity": "Only some articles apply, because",
    "applies_from": "Chapter III does not reach it, because",
}


def _listed(r: Assessment, field: str, values: list[str], empty: str) -> str:
    if field in r.not_examined:
        return r.not_examined[field]
    if values:
        return ", ".join(values)
    return "undetermined" if field in r.undetermined else empty


def _scalar(r: Assessment, field: str, words: str) -> str:
    return r.not_examined.get(field, words)


def summary_rows(result: Assessment) -> list[tuple[str, str, str]]:
    """(question, answer, provision) rows for the summary table; every row names its provision,
    and a conclusion another finding made moot says so instead of "no" or "none"."""
    r = result
    lifted = {x.field: x for x in r.lifted_out}
    rows = [
        ("AI system", yn(r.ai_system), "Art. 3(1)"),
        ("The Act applies", yn(r.in_scope) + (f" (out: {r.scope_basis})" if r.scope_basis else ""), "Art. 2"),
        ("Prohibited practices", _listed(r, "prohibited", r.prohibited, "none"), "Art. 5"),
        ("High-risk", _listed(r, "high_risk_bases", r.high_risk_bases, "no"), "Art. 6, Annex I, Annex III"),
        ("Lifted out by Art. 6(3)", _scalar(r, "art_6_3_exempt", yn(r.art_6_3_exempt)), "Art. 6(3)"),
        ("Transparency duties", _listed(r, "transparency", r.transparency, "none"), "Art. 50"),
        ("General-purpose AI model involved", _scalar(r, "gpai_model", yn(r.gpai_model)), "Art. 3(63)"),
        ("Systemic risk", _scalar(r, "systemic_risk", yn(r.systemic_risk)), "Art. 51"),
        ("Your roles", _listed(r, "roles", [x.replace("_", " ") for x in r.roles], "none"), "Art. 3, Art. 25"),
        ("Fundamental rights impact assessment",
         _scalar(r, "fria_required", yn(r.fria_required, "required", "not required of you")), "Art. 27"),
        ("Registration", _scalar(r, "registration", REGISTRATION_WORDS.get(r.registration or "", "undetermined")),
         "Art. 49"),
        ("Conformity assessment", _scalar(r, "conformity", CONFORMITY_WORDS.get(r.conformity or "", "undetermined")),
         "Art. 43"),
    ]
    for x in r.lifted_out:
        rows.append((LIFTED_WORDS.get(x.field, "Taken out by"), x.label, x.ref))
    if "applies_from" in r.not_examined:
        rows.append(("Main obligations apply from", r.not_examined["applies_from"], "Art. 113, Art. 111"))
    elif r.applies_from or "applies_from" in r.undetermined:
        rows.append(("Main obligations apply from", date(r.applies_from), "Art. 113, Art. 111"))
    elif "applies_from" in lifted:
        rows.append(("Main obligations apply from", "never: Chapter III does not reach this system", lifted["applies_from"].ref))
    else:
        rows.append(("Main obligations apply from", "-", "Art. 113, Art. 111"))
    rows.append(("Highest fine ceiling", _fine_words(r), "Art. 99-101"))
    return _collapse(rows)


def _collapse(rows: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """Neighbouring rows that another finding made moot, for the same reason, become one."""
    out: list[tuple[str, str, str]] = []
    for q, a, ref in rows:
        if out and a.startswith("not examined") and out[-1][1] == a:
            pq, _, pref = out[-1]
            out[-1] = (f"{pq}; {q}", a, f"{pref}; {ref}")
        else:
            out.append((q, a, ref))
    return out


def _fine_words(r: Assessment) -> str:
    if r.category == "out_of_scope":
        return r.not_examined.get("applies_from", "-")
    if r.max_fine_eur is not None or "max_fine_eur" in r.undetermined:
        return eur(r.max_fine_eur)
    if any(f.relevant and f.rule == "member_state" for f in r.fines):
        return "set by each Member State for public bodies (Art. 99(8))"
    return "-"


def now_words(applies_now: bool | None, own_start: _dt.date | None, own_start_label: str | None) -> str:
    """The "Now?" of an obligation: it may wait for the asker's own launch or first use."""
    if applies_now is None:
        return "undetermined"
    if applies_now:
        return "yes"
    if own_start:
        return f"not yet (from {own_start.isoformat()}, {own_start_label})"
    return "not yet"


def open_words(r: Assessment) -> dict[str, str]:
    """How the report speaks of what is still open: when every open question was answered
    "don't know", those answers are the reason (the interview asked everything else)."""
    if r.open_questions and all(q.answered_unknown for q in r.open_questions):
        return {"depend": "answers you gave as \"don't know\"",
                "settle": "It stays open only because you answered \"don't know\" to these questions:"}
    return {"depend": "open questions",
            "settle": "The answers to these questions would settle it (aiact interview asks them):"}


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


def documents_line(result: Assessment) -> str | None:
    """The documents the Act asks of the asker, by kind, with the provisions behind them."""
    from aiact.documents.catalogue import STATUSES, needs

    groups: dict[str, list[str]] = {}
    for n in needs(result):
        groups.setdefault(n.status, []).append(f"{n.kind.id} ({', '.join(n.refs)})")
    if not groups:
        return None
    heads = {"required": "Documents the Act asks of you: ", "on_event": "when it happens: ",
             "optional": "if you choose to: ", "possible": "depending on the open questions: "}
    parts = [heads[s] + ", ".join(groups[s]) for s in STATUSES if s in groups]
    text = "; ".join(parts)
    if "required" not in groups:
        text = "Documents: " + text
    return text + ". Write one with `aiact docs KIND PROFILE` (`aiact docs list PROFILE` says when)."


def stop_line(result: Assessment) -> str | None:
    """The first line of a report whose profile states that other law forbids the use."""
    refs = result.forbidden_by_other_law
    if not refs:
        return None
    return (f"STOP: this use is not permitted. You state that other Union or national law forbids it; "
            f"{', '.join(refs)} cover{'s' if len(refs) == 1 else ''} such systems \"in so far as their use is "
            "permitted under relevant Union or national law\", so it must not take place at all. That never "
            "makes the AI Act lighter: its classification and every duty below stay as they are "
            "(Annex III points 1, 6 and 7; recitals 54, 59, 60).")


def rests_on_reading(result: Assessment) -> bool:
    """The outcome depends on a contested reading the profile does not record."""
    return any(c.differs and c.adopted is None for c in result.readings)


def reading_block(c: ContestedReading) -> dict[str, Any]:
    """One contested point in words: its question, the outcome under each reading with its
    sources, and which reading the report follows and why."""
    outcomes = []
    for o in c.outcomes:
        marks = []
        if o.name == c.stricter:
            marks.append("stricter")
        if o.name == c.followed:
            marks.append("followed in this report")
        outcomes.append({
            "label": o.label, "marks": ", ".join(marks), "summary": o.summary, "text": o.text,
            "sources": [s.text for s in o.sources],
            "open": o.open,
        })
    followed = next(o.label for o in c.outcomes if o.name == c.followed)
    if c.adopted:
        why = f"This report follows the {followed}, which the profile records: {c.reason}"
    else:
        why = (f"This report follows the {followed}, the stricter one, because the profile records no reading; "
               f"it rests on a contested reading. To adopt one, add to the profile: readings: {{{c.id}: "
               "{reading: NAME, reason: WHY}} with NAME one of " + ", ".join(o.name for o in c.outcomes) + ".")
    if not c.differs:
        why += " Here every reading gives the same outcome."
    return {"head": f"Contested reading of {c.ref}: {c.question}", "outcomes": outcomes, "why": why,
            "guidance": [g.text for g in c.guidance], "id": c.id}
