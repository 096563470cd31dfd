"""Penalty ceilings: the arithmetic over the penalty provisions of the law room (fines.yaml).

Which tiers exist, what each punishes, its amount, share and date parameters, the Art. 100
ceilings for Union bodies, the Member States' discretion for public bodies and who gets the
lower of the two amounts are law data (``aiact/law/fines.yaml``, loaded as ``Law.fines``).
Here only: a ceiling is the fixed amount, or for an undertaking the fixed amount or the
share of its turnover, the higher of the two, or the lower where a lower-of-two rule applies.
"""

from __future__ import annotations

import math
from typing import Any

from aiact.engine.evaluate import Evaluation
from aiact.engine.result import Fine
from aiact.engine.tri import UNKNOWN


def _int(x: float) -> int:
    return int(math.floor(x + 0.5))


def conclusion_tiers(e: Evaluation) -> set[str]:
    """Tiers made relevant by a conclusion rather than an obligation (a prohibited practice)."""
    return {t.id for t in e.law.fines.tiers.values() if t.relevant_if is not None and t.relevant_if.ev(e) is True}


def _lower_of_two(e: Evaluation, tier: str) -> tuple[Any, str | None]:
    """Whether the lower of the two amounts applies in a tier (True, False or UNKNOWN), and why."""
    values: list[Any] = []
    note = None
    for rule in e.law.fines.lower_of_two:
        v = e.rule(rule.rule) if tier in rule.tiers and e.param(rule.in_force) else False
        values.append(v)
        if v is True and note is None:
            note = rule.note
    if any(v is UNKNOWN for v in values):
        return UNKNOWN, note
    return any(v is True for v in values), note


def compute_fines(e: Evaluation, relevant: set[str]) -> tuple[list[Fine], Any]:
    """All tiers for the asker, and the ceiling of the most serious relevant tier counted in
    the highest ceiling.

    Returns (fines, max_fine) where max_fine is an int, None (no relevant tier, or left to
    Member States) or UNKNOWN (turnover or size not known).
    """
    law = e.law.fines
    union = e.rule(law.union_rule) if law.union_rule else False
    public = e.rule(law.public_rule) if law.public_rule else False
    undertaking = e.rule(law.undertaking_rule) if law.undertaking_rule else UNKNOWN
    turnover: Any = e.fact(law.turnover_fact) if law.turnover_fact else UNKNOWN
    fines: list[Fine] = []
    maxima: list[Any] = []
    for tier in law.tiers.values():
        basis = tier.punishes.at(e.as_of, tier.punishes.values[0])
        applies_from = e.param(tier.applies_from)
        is_relevant = tier.id in relevant
        if union is True:
            utier = law.union_tiers.get(tier.id)
            if utier is None:  # not a tier Union bodies are fined under
                continue
            union_amount = int(e.param(utier.amount))
            fines.append(Fine(tier=utier.id, ref=utier.ref, basis=basis, fixed_eur=union_amount, share=None,
                              turnover_eur=None, rule="fixed", ceiling_eur=union_amount,
                              applies_from=applies_from, relevant=is_relevant, note=law.union_note))
            if is_relevant and tier.in_max_fine:
                maxima.append(union_amount)
            continue
        amount: int | None = int(e.param(tier.amount)) if tier.amount else None
        share = float(e.param(tier.share)) if tier.share else None
        note = None
        if public is True and tier.id in law.public_tiers:
            rule = "member_state"
            ceiling: Any = None
            note = law.public_note
        elif undertaking is UNKNOWN:
            rule, ceiling = "higher", UNKNOWN
        elif undertaking is False:
            rule, ceiling = "fixed", amount  # the share applies only 'if the offender is an undertaking'
        else:
            lower, note = _lower_of_two(e, tier.id)
            if lower is UNKNOWN or turnover is UNKNOWN:
                rule = "lower" if lower is True else "higher"
                ceiling = UNKNOWN
            else:
                by_share = float(turnover) * (share or 0.0)
                rule = "lower" if lower else "higher"
                ceiling = _int(min(amount or 0, by_share) if lower else max(amount or 0, by_share))
        fines.append(Fine(tier=tier.id, ref=tier.ref, basis=basis, fixed_eur=amount, share=share,
                          turnover_eur=None if turnover is UNKNOWN else float(turnover),
                          rule=rule, ceiling_eur=None if ceiling is UNKNOWN else ceiling,
                          applies_from=applies_from, relevant=is_relevant, note=note))
        if is_relevant and tier.in_max_fine:
            maxima.append(ceiling)
    if not maxima:
        return fines, None
    if any(m is UNKNOWN for m in maxima):
        return fines, UNKNOWN
    known = [m for m in maxima if m is not None]
    return fines, (max(known) if known else None)
