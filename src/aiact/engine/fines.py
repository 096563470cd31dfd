"""Penalty ceilings: Art. 99(3)-(6a), Art. 100 and Art. 101, from dated parameters.

Each ceiling is a fixed amount or a share of total worldwide annual turnover: the higher
of the two for undertakings (Art. 99(3)-(5), Art. 101), the lower for SMEs (Art. 99(6)) and,
in the tiers of Art. 99(4) and (5) only, for small mid-caps (Art. 99(6a), from 27 July 2026).
Fines on public authorities are for each Member State to lay down (Art. 99(8)); Union
institutions are fined under Art. 100.
"""

from __future__ import annotations

import math
from typing import Any

from aiact.engine.evaluate import Evaluation
from aiact.engine.result import Fine
from aiact.engine.tri import UNKNOWN

TIERS: dict[str, tuple[str, str, str | None, str | None]] = {
    # tier: (ref, what it punishes, amount parameter, share parameter)
    "art99_3": ("Art. 99(3)", "non-compliance with the prohibition of the AI practices in Art. 5",
                "art99.prohibited_amount", "art99.prohibited_share"),
    "art99_4": ("Art. 99(4)", "non-compliance with the obligations of operators listed in Art. 99(4) "
                "(Arts 16, 22, 23, 24, 26, 50 and, from 27 July 2026, 25(2) and (4))",
                "art99.operator_amount", "art99.operator_share"),
    "art99_5": ("Art. 99(5)", "supplying incorrect, incomplete or misleading information to notified "
                "bodies or national competent authorities in reply to a request",
                "art99.information_amount", "art99.information_share"),
    "art101": ("Art. 101(1)", "infringements by providers of general-purpose AI models",
               "art101.amount", "art101.share"),
}

UNION_TIERS = {
    "art99_3": ("art100_2", "Art. 100(2)", "art100.prohibited_amount"),
    "art99_4": ("art100_3", "Art. 100(3)", "art100.other_amount"),
    "art99_5": ("art100_3", "Art. 100(3)", "art100.other_amount"),
}


def _int(x: float) -> int:
    return int(math.floor(x + 0.5))


def compute_fines(e: Evaluation, relevant: set[str]) -> tuple[list[Fine], Any]:
    """All tiers for the asker, and the ceiling of the most serious relevant Art. 99/100 tier.

    Returns (fines, max_fine) where max_fine is an int, None (no relevant tier, or left to
    Member States) or UNKNOWN (turnover or size not known).
    """
    kind = e.fact("org.kind")
    fines: list[Fine] = []
    maxima: list[Any] = []
    for tier, (ref, basis, amount_p, share_p) in TIERS.items():
        applies_from = e.param("art113.art101") if tier == "art101" else e.param("art113.chapter_5_gpai")
        is_relevant = tier in relevant
        if kind == "union_body" and tier in UNION_TIERS:
            utier, uref, uamount = UNION_TIERS[tier]
            union_amount = int(e.param(uamount))
            fines.append(Fine(tier=utier, ref=uref, basis=basis, fixed_eur=union_amount, share=None,
                              turnover_eur=None, rule="fixed", ceiling_eur=union_amount,
                              applies_from=applies_from, relevant=is_relevant,
                              note="Union institutions, bodies, offices and agencies: fined by the EDPS (Art. 100)."))
            if is_relevant:
                maxima.append(union_amount)
            continue
        if kind == "union_body" and tier == "art101":
            continue
        amount: int | None = int(e.param(amount_p)) if amount_p else None
        share = float(e.param(share_p)) if share_p else None
        turnover = e.fact("org.annual_turnover_eur")
        note = None
        if kind == "public_body" and tier != "art101":
            rule = "member_state"
            ceiling: Any = None
            note = "Each Member State decides whether and to what extent fines may be imposed on public authorities and bodies (Art. 99(8))."
        elif kind is UNKNOWN:
            rule, ceiling = "higher", UNKNOWN
        elif kind != "company":
            rule, ceiling = "fixed", amount  # the share applies only 'if the offender is an undertaking'
        else:
            lower: Any = False
            if tier != "art101":
                sme = e.rule("org.sme")
                smc = e.rule("org.smc") if tier in ("art99_4", "art99_5") and e.param("art99.smc_lower_of_two") else False
                lower = UNKNOWN if sme is UNKNOWN or smc is UNKNOWN else bool(sme) or bool(smc)
                if sme is True:
                    note = "SME, including start-ups: the lower of the two amounts (Art. 99(6))."
                elif smc is True:
                    note = "Small mid-cap: the lower of the two amounts in the tiers of Art. 99(4) and (5) (Art. 99(6a))."
            if lower is UNKNOWN or turnover is UNKNOWN:
                rule = "lower" if lower is True else "higher"
                ceiling = UNKNOWN
            else:
                by_share = float(turnover) * (share or 0.0)
                rule = "lower" if lower else "higher"
                ceiling = _int(min(amount or 0, by_share) if lower else max(amount or 0, by_share))
        fines.append(Fine(tier=tier, ref=ref, basis=basis, fixed_eur=amount, share=share,
                          turnover_eur=None if turnover is UNKNOWN else float(turnover),
                          rule=rule, ceiling_eur=None if ceiling is UNKNOWN else ceiling,
                          applies_from=applies_from, relevant=is_relevant, note=note))
        if is_relevant and tier in ("art99_3", "art99_4", "art99_5"):
            maxima.append(ceiling)
    if not maxima:
        return fines, None
    if any(m is UNKNOWN for m in maxima):
        return fines, UNKNOWN
    known = [m for m in maxima if m is not None]
    return fines, (max(known) if known else None)
