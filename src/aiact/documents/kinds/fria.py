"""Facts for the fundamental rights impact assessment (Art. 27; Art. 5(2)), in the document's
language (the phrases below are the only words this module adds; the template holds the rest)."""

from __future__ import annotations

from typing import Any

from aiact.engine.answers import ONGOING

PHRASES = {
    "en": {
        "annex3_5bc": "deployer of a high-risk system of {basis} (Art. 27(1))",
        "public": "deployer that is a body governed by public law (Art. 27(1))",
        "public_or_service": "deployer that is a body governed by public law or a private entity providing public services (Art. 27(1))",
        "rbi": "law enforcement use of real-time remote biometric identification (Art. 5(2), second subparagraph)",
        "forced": "not required (written on request)",
        "workers": "the deployer's own workers, who are subject to the system at work (Art. 26(7))",
        "persons": "the natural persons about whom the system helps make decisions (Art. 26(11))",
        "ongoing": "ongoing",
    },
    "de": {
        "annex3_5bc": "Betreiber eines Hochrisiko-KI-Systems nach {basis} (Art. 27(1))",
        "public": "Betreiber, der eine Einrichtung des öffentlichen Rechts ist (Art. 27(1))",
        "public_or_service": "Betreiber, der eine Einrichtung des öffentlichen Rechts oder eine private Einrichtung ist, die öffentliche Dienste erbringt (Art. 27(1))",
        "rbi": "Verwendung biometrischer Echtzeit-Fernidentifizierung zu Strafverfolgungszwecken (Art. 5(2), Unterabsatz 2)",
        "forced": "nicht vorgeschrieben (auf Wunsch erstellt)",
        "workers": "die eigenen Beschäftigten des Betreibers, die am Arbeitsplatz der Verwendung des Systems unterliegen (Art. 26(7))",
        "persons": "die natürlichen Personen, über die mit Hilfe des Systems entschieden wird (Art. 26(11))",
        "ongoing": "fortlaufend",
    },
    "fr": {
        "annex3_5bc": "déployeur d’un système d’IA à haut risque relevant de {basis} (Art. 27(1))",
        "public": "déployeur qui est un organisme de droit public (Art. 27(1))",
        "public_or_service": "déployeur qui est un organisme de droit public ou une entité privée fournissant des services publics (Art. 27(1))",
        "rbi": "utilisation de l’identification biométrique à distance en temps réel à des fins répressives (Art. 5(2), deuxième alinéa)",
        "forced": "non exigée (établie sur demande)",
        "workers": "les propres travailleurs du déployeur, soumis au système sur le lieu de travail (Art. 26(7))",
        "persons": "les personnes physiques faisant l’objet de décisions prises à l’aide du système (Art. 26(11))",
        "ongoing": "sans date de fin",
    },
}
ANNEX = {"en": "Annex III", "de": "Anhang III", "fr": "annexe III"}


def context(ctx: dict[str, Any]) -> dict[str, Any]:
    words = PHRASES[ctx["language"]]
    a = ctx["assessment"]
    answers = ctx["answers"]
    roles = set(a.roles)
    basis = a.high_risk_basis
    basis_here = basis.replace("Annex III", ANNEX[ctx["language"]]) if basis else None
    why: list[str] = []
    if ctx["has"]("art27_1"):
        if basis in ("Annex III 5(b)", "Annex III 5(c)"):
            why.append(words["annex3_5bc"].format(basis=basis_here))
        elif ctx["org"]["public_body"]:
            why.append(words["public"])
        else:
            why.append(words["public_or_service"])
    if ctx["has"]("art5_2_fria"):
        why.append(words["rbi"])
    end = answers.get("timeline.end_of_use")
    affected = []
    if answers.get("art26_7.workers_affected") is True:
        affected.append(words["workers"])
    if answers.get("art26_11.decisions_about_people") is True:
        affected.append(words["persons"])
    return {
        "provider_name": ctx["org"]["name"] if "provider" in roles else None,
        "basis_here": basis_here,
        # the words of the Annex III point, from the English text of the Act shipped with aiact
        "basis_words": ctx["provision"](basis) if basis and basis.startswith("Annex III") else None,
        "why_required": "; ".join(why) or words["forced"],
        "first_use": answers.get("timeline.use_start") or (answers.get("timeline.first_placed") if "provider" in roles else None),
        "end_of_use": None if end is None else (words["ongoing"] if end == ONGOING else ctx["date"](end)),
        "affected": affected,
        "rbi": ctx["has"]("art5_2_fria"),
    }
