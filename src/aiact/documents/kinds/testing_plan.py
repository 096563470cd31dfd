"""Facts for the real-world testing plan (Art. 60, Art. 61, Annex IX; Art. 60a).

Which article governs the testing follows the high-risk basis the assessment found and the
text in force on the assessment date: Art. 60 for Annex III systems (and, since Regulation
(EU) 2026/1744, for products of Annex I Section A); Art. 60a for products of Annex I
Section B (Art. 2(2) as replaced). The registration route of Art. 60(4)(c) follows the rules
the assessment uses for Art. 49(4) and 49(5). The periods are the dated parameters
``art60.*``; the dates are computed only when the planned start (option ``test_start``) or
the date the plan is submitted (option ``plan_submitted``) is given.
"""

from __future__ import annotations

import calendar
import datetime as _dt
from typing import Any

from aiact.engine.errors import InputError


def last_day(start: _dt.date, months: int) -> _dt.date:
    """The last day of a period of ``months`` that starts on (and counts) ``start``: the day
    before the same date ``months`` later, or the last day of that month where the date does
    not occur in it (as Regulation (EEC, Euratom) No 1182/71, Art. 3(2)(c), ends such periods).

    >>> last_day(_dt.date(2027, 3, 1), 6), last_day(_dt.date(2027, 8, 31), 6)
    (datetime.date(2027, 8, 31), datetime.date(2028, 2, 29))
    """
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    days_in_month = calendar.monthrange(year, month)[1]
    if start.day > days_in_month:
        return _dt.date(year, month, days_in_month)
    return _dt.date(year, month, start.day) - _dt.timedelta(days=1)


def _day(options: dict[str, Any], key: str) -> _dt.date | None:
    value = options.get(key)
    if value is None or isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value))
    except ValueError:
        raise InputError(f"'{value}' is not a date; write YYYY-MM-DD", field=key) from None


def _route(ctx: dict[str, Any]) -> str:
    """'art60' (Annex III), 'art60_annex1a' (Annex I Section A, amended Art. 60(1)),
    'art60a' (Annex I Section B, Art. 60a) or 'none' (no Art. 60 route for this system)."""
    basis = ctx["assessment"].high_risk_basis or ""
    rule, amended = ctx["rule"], ctx["amended"]
    if basis.startswith("Annex III"):
        return "art60"
    if basis == "Art. 6(1)" and amended:
        if rule("art2_2"):
            return "art60a"
        if rule("annex1.section_a"):
            return "art60_annex1a"
    return "none"


def _registration(ctx: dict[str, Any]) -> str:
    """The Art. 60(4)(c) route: 'non_public' (Art. 49(4)(d)), 'national' (Art. 49(5)) or
    'annex_ix' (Art. 71(4), Annex IX)."""
    if ctx["rule"]("art49_4"):
        return "non_public"
    if ctx["rule"]("annex3_2"):
        return "national"
    return "annex_ix"


def context(ctx: dict[str, Any]) -> dict[str, Any]:
    param, answers, options = ctx["param"], ctx["answers"], ctx["options"]
    roles = set(ctx["assessment"].roles)
    max_months = param("art60.max_months")
    extension_months = param("art60.extension_months")
    tacit_days = param("art60.tacit_approval_days")
    start = _day(options, "test_start")
    submitted = _day(options, "plan_submitted")
    end_first = last_day(start, max_months) if start else None
    end_extended = last_day(start, max_months + extension_months) if start else None
    tacit_on = submitted + _dt.timedelta(days=tacit_days) if submitted else None
    route = _route(ctx)
    registration = _registration(ctx)
    basis = ctx["assessment"].high_risk_basis
    provider = ctx["org"]["name"] if roles & {"provider", "product_manufacturer"} else None
    established = answers.get("art2_1.established_in_eu")
    law_enforcement = answers.get("context.law_enforcement") is True
    data = {
        "kind": "testing-plan",
        "route": route,
        "periods": {"max_months": max_months, "extension_months": extension_months,
                    "tacit_approval_days": tacit_days},
        "test_start": start.isoformat() if start else None,
        "latest_end_first_period": end_first.isoformat() if end_first else None,
        "latest_end_with_extension": end_extended.isoformat() if end_extended else None,
        "plan_submitted": submitted.isoformat() if submitted else None,
        "tacit_approval_period_ends": tacit_on.isoformat() if tacit_on else None,
        "registration": registration,
        "annex_ix": {
            "1": None,
            "2": {"provider": provider, "deployers": None},
            "3": {"system": ctx["system"]["name"], "description": ctx["system"]["description"]},
            "4": None,
            "5": None,
        },
    }
    return {
        "route": route,
        "registration_route": registration,
        "provider_name": provider,
        "provider_deploys": "deployer" in roles and "provider" in roles,
        "basis_words": ctx["provision"](basis) if basis and basis.startswith("Annex III") else None,
        "established_in_eu": established,
        "law_enforcement": law_enforcement,
        "max_months": max_months,
        "extension_months": extension_months,
        "tacit_days": tacit_days,
        "test_start": start,
        "end_first": end_first,
        "end_extended": end_extended,
        "plan_submitted": submitted,
        "tacit_on": tacit_on,
        "incident_days": {k: param(f"art73.{k}_days") for k in ("general", "widespread", "death")},
        "data": data,
    }
