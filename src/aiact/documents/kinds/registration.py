"""Facts for the registration data of the EU database (Art. 49, Art. 71, Annex VIII).

Which registration the asker owes comes from the assessment: the obligations art49_1 (provider,
Section A), art49_2 (provider that relied on Art. 6(3), Section B), art49_3 and
art5_2_registration (deployer that is a public authority, Section C), art49_5 (Annex III point 2,
national registration), and ``assessment.registration`` (public, non_public, national) for the
section of the database. The points are read from the Act's text (Annex VIII); the dated
parameters say which points of Section B are still in force (annex8.section_b_points) and which
points the secure non-public section takes (art49.non_public_points, Art. 49(4)).

The structured form (``data``) is the same content as the Markdown, one field per point:
``{"schema": "aiact.registration/1", "section", "database", "fields": [{"point", "ref",
"label", "value", "missing", "note"}], "registrations": [...]}``; ``value`` is what the answers
give (or null) and ``missing`` names what a person still has to enter.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from aiact.documents.kinds._lawpoints import annex_viii
from aiact.engine.answers import ONGOING
from aiact.engine.load import load_law

SCHEMA = "aiact.registration/1"

# The registration duties and the Annex VIII section each one enters.
DUTIES: list[tuple[str, str, str]] = [
    ("art49_1", "A", "Art. 49(1)"),
    ("art49_5", "A", "Art. 49(5)"),
    ("art49_2", "B", "Art. 49(2)"),
    ("art49_3", "C", "Art. 49(3)"),
    ("art5_2_registration", "C", "Art. 5(2), second subparagraph; Art. 49(3)"),
]
WHO = {"A": "provider", "B": "provider", "C": "deployer"}
NON_PUBLIC_POINT = {"A": "Art. 49(4)(a)", "B": "Art. 49(4)(b)", "C": "Art. 49(4)(c)"}
SECTION_B_DELETION = "deleted by Regulation (EU) 2026/1744 (Art. 1, point (42))"
# Short titles for the headings; the law's own words (``label``) are quoted under each.
TITLES = {
    "A": {"1": "Provider", "2": "Person submitting on the provider's behalf", "3": "Authorised representative",
          "4": "Trade name and reference", "5": "Intended purpose, components and functions",
          "6": "Information used and operating logic", "7": "Status of the system",
          "8": "Notified body certificate", "9": "Copy of the certificate", "10": "Member States",
          "11": "EU declaration of conformity", "12": "Electronic instructions for use",
          "13": "URL for additional information"},
    "B": {"1": "Provider", "2": "Person submitting on the provider's behalf", "3": "Authorised representative",
          "4": "Trade name and reference", "5": "Intended purpose", "6": "Condition of Art. 6(3) relied on",
          "7": "Grounds for considering the system not high-risk", "8": "Status of the system", "9": "Member States"},
    "C": {"1": "Deployer", "2": "Person submitting on the deployer's behalf", "3": "The provider's entry in the EU database",
          "4": "Findings of the fundamental rights impact assessment", "5": "Data protection impact assessment"},
}


def words(ctx: dict[str, Any], ref: str) -> str:
    """The 2024 words of a provision (``provision`` drops its list number) without a closing
    '; or' that joins it to the next point."""
    text = ctx["provision"](ref)
    return re.sub(r"[;,]?\s+(or|and)$", "", text)


def _ref(section: str, point: str) -> str:
    return f"Annex VIII Section {section} {point}"


def _status(answers: dict[str, Any], as_of: _dt.date, say: Any) -> str | None:
    """Annex VIII A 7 / B 8 in the words of the database, from the dates answered."""
    first = answers.get("timeline.first_placed")
    end = answers.get("timeline.end_of_use")
    if isinstance(end, _dt.date) and end != ONGOING and end <= as_of:
        return f"no longer placed on the market / in service (since {say(end)})"
    if not isinstance(first, _dt.date):
        return None
    if first > as_of:
        return f"not yet on the market or in service (planned from {say(first)})"
    return f"on the market / in service (since {say(first)})"


def _field(section: str, point: str, label: str, value: Any = None, missing: list[str] | None = None,
           note: str | None = None) -> dict[str, Any]:
    return {"point": point, "ref": _ref(section, point), "label": label,
            "title": TITLES[section].get(point, label), "value": value, "missing": list(missing or []), "note": note}


def _fields(section: str, ctx: dict[str, Any], basis_words: str | None) -> list[dict[str, Any]]:
    """Every point of the section (2024 text), with what the answers give."""
    a = ctx["assessment"]
    answers = ctx["answers"]
    who = WHO[section]
    org = ctx["org"]["name"]
    roles = set(a.roles)
    status = _status(answers, a.law.as_of, ctx["date"])
    out: list[dict[str, Any]] = []
    for point, label in annex_viii(section):
        f = _field(section, point, label)
        key = (section, point)
        if point == "1":
            f["value"] = org
            f["missing"] = [f"name of the {who}"] if not org else []
            f["missing"] += [f"address of the {who}", f"contact details of the {who}"]
        elif point == "2" and section in ("A", "B"):
            f["missing"] = ["name, address and contact details of the person submitting on the provider's behalf, or 'none'"]
        elif point == "2":
            f["missing"] = ["name, address and contact details of the person submitting on the deployer's behalf"]
        elif point == "3" and section in ("A", "B"):
            if "authorised_representative" in roles:
                f["value"] = org
                f["missing"] = ["address of the authorised representative", "contact details of the authorised representative"]
            elif ctx["has"]("art22_1"):
                f["missing"] = ["name, address and contact details of the authorised representative (Art. 22(1))"]
                f["note"] = "The provider is established outside the Union and appoints an authorised representative (Art. 22(1))."
            elif answers.get("art2_1.established_in_eu") is True:
                f["value"] = "not applicable: the provider is established in the Union (Art. 22(1))"
            else:
                f["missing"] = ["name, address and contact details of the authorised representative, or 'not applicable'"]
        elif point == "4" and section in ("A", "B"):
            f["value"] = ctx["system"]["name"]
            f["missing"] = (["trade name of the AI system"] if not f["value"] else []) + [
                "additional unambiguous reference (version, model or product number)"]
        elif key == ("A", "5"):
            f["missing"] = ["intended purpose of the AI system, and the components and functions it supports"]
            f["note"] = basis_words
        elif key == ("B", "5"):
            f["missing"] = ["intended purpose of the AI system"]
            f["note"] = basis_words
        elif key == ("A", "6"):
            f["missing"] = ["basic and concise description of the information used (data, inputs) and the operating logic"]
        elif key in (("A", "7"), ("B", "8")):
            f["value"] = status
            if status is None:
                f["missing"] = ["status of the AI system"]
        elif key in (("A", "8"), ("A", "9")):
            if a.conformity == "notified_body":
                f["missing"] = (["type, number and expiry date of the certificate; name or identification number of the notified body"]
                                if point == "8" else ["scanned copy of the notified body's certificate"])
                f["note"] = "Conformity assessment with a notified body (Art. 43)."
            elif a.conformity == "internal":
                f["value"] = "not applicable: conformity assessment based on internal control (Annex VI), no notified body certificate"
            else:
                f["missing"] = ["certificate of the notified body, or 'not applicable'"]
        elif key in (("A", "10"), ("B", "9")):
            f["missing"] = ["Member States where the system is placed on the market, put into service or made available"]
        elif key == ("A", "11"):
            f["missing"] = ["copy of the EU declaration of conformity (attach)"]
            f["note"] = "The declaration is drawn up under Art. 47 (aiact docs declaration-of-conformity)."
        elif key == ("A", "12"):
            f["missing"] = ["electronic instructions for use (file or URL)"]
        elif key == ("A", "13"):
            f["missing"] = ["URL for additional information (optional), or 'none'"]
        elif key == ("B", "6"):
            law = load_law()
            met = [rid for rid in ("art6_3_a", "art6_3_b", "art6_3_c", "art6_3_d") if ctx["rule"](rid) is True]
            if met:
                f["value"] = "; ".join(f"{law.rules[r].ref}: {words(ctx, law.rules[r].ref)}" for r in met)
            else:
                f["missing"] = ["the condition of Art. 6(3)(a)-(d) relied on"]
        elif key == ("B", "7"):
            f["missing"] = ["short summary of the grounds on which the system is considered not high-risk"]
            f["note"] = "The grounds are those documented under Art. 6(4) (aiact docs non-high-risk-finding)."
        elif key == ("C", "3"):
            f["missing"] = ["URL of the provider's entry of the AI system in the EU database"]
        elif key == ("C", "4"):
            f["missing"] = ["summary of the findings of the fundamental rights impact assessment"]
            f["note"] = ("The assessment is the one of Art. 27 (aiact docs fria)."
                         if a.fria_required else None)
        elif key == ("C", "5"):
            f["missing"] = ["summary of the data protection impact assessment (Art. 26(8)), or 'not applicable'"]
        out.append(f)
    return out


def _registration(section: str, duty: str, basis: str, ctx: dict[str, Any], basis_words: str | None) -> dict[str, Any]:
    a = ctx["assessment"]
    param = ctx["param"]
    ob = ctx["ob"](duty)
    database = a.registration if a.registration in ("public", "non_public", "national") else None
    fields = _fields(section, ctx, basis_words)
    omitted: list[dict[str, str]] = []
    if section == "B":
        in_force = set(param("annex8.section_b_points"))
        omitted += [{"point": f["point"], "ref": f["ref"], "why": SECTION_B_DELETION}
                    for f in fields if f["point"] not in in_force]
        fields = [f for f in fields if f["point"] in in_force]
    if database == "non_public":
        allowed = set(param("art49.non_public_points")[section])
        omitted += [{"point": f["point"], "ref": f["ref"],
                     "why": f"not entered in the secure non-public section ({NON_PUBLIC_POINT[section]})"}
                    for f in fields if f["point"] not in allowed]
        fields = [f for f in fields if f["point"] in allowed]
    return {
        "section": section,
        "basis": basis,
        "obligation": duty,
        "registrant": WHO[section],
        "database": database,
        "due_before": (ob.own_start or ob.applies_from).isoformat() if ob and (ob.own_start or ob.applies_from) else None,
        "due_label": ob.own_start_label if ob and ob.own_start else None,
        "applies_from": ob.applies_from.isoformat() if ob and ob.applies_from else None,
        "fields": fields,
        "omitted": sorted(omitted, key=lambda o: int(o["point"])),
    }


def context(ctx: dict[str, Any]) -> dict[str, Any]:
    a = ctx["assessment"]
    law = load_law()
    points = [rid for rid in law.groups["annex3_points"] if ctx["rule"](rid) is True]
    basis_words = "; ".join(f"{law.rules[r].ref}: {words(ctx, law.rules[r].ref)}" for r in points) or None
    registrations = [_registration(section, duty, basis, ctx, basis_words)
                     for duty, section, basis in DUTIES if ctx["has"](duty)]
    first = registrations[0] if registrations else None
    data: dict[str, Any] = {
        "schema": SCHEMA,
        "law_version": a.law.version_id,
        "as_of": a.law.as_of.isoformat(),
        "system": ctx["system"]["name"],
        "registrant": ctx["org"]["name"],
        "annex_iii": [law.rules[r].ref for r in points],
        "section": first["section"] if first else None,
        "database": first["database"] if first else (a.registration or None),
        "basis": first["basis"] if first else None,
        "fields": first["fields"] if first else [],
        "omitted": first["omitted"] if first else [],
        "registrations": registrations,
    }
    return {"registrations": registrations, "annex3_words": basis_words, "data": data}
