"""Facts for the serious incident report (Art. 73, Art. 3(49); Art. 26(5) for deployers).

Options (``aiact docs incident-report --option ...``):

``aware_on``       the date the provider (or deployer) became aware of the serious incident;
                   the periods of Art. 73(2)-(4) run from it. Default: the assessment date.
``incident_kind``  death | widespread | critical_infrastructure | other: marks the period that
                   applies (Art. 73(4), 73(3), 73(3), 73(2)).

The periods are dated parameters (law/parameters/art73/); nothing here fixes a number of days.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from aiact.engine.errors import InputError

# The periods of Art. 73, shortest first: (id, provision, parameter, the incident kinds it covers).
PERIODS: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("widespread", "Art. 73(3)", "art73.widespread_days", ("widespread", "critical_infrastructure")),
    ("death", "Art. 73(4)", "art73.death_days", ("death",)),
    ("general", "Art. 73(2)", "art73.general_days", ("other",)),
]
KINDS = ("death", "widespread", "critical_infrastructure", "other")
# The point of Art. 3(49) an incident kind names (a widespread infringement is Art. 3(61), not a point of 3(49)).
POINT_OF_KIND = {"death": "(a)", "critical_infrastructure": "(b)"}


def _aware_on(value: Any, default: _dt.date) -> tuple[_dt.date, bool]:
    if value is None or value == "":
        return default, True
    if isinstance(value, _dt.datetime):
        return value.date(), False
    if isinstance(value, _dt.date):
        return value, False
    try:
        return _dt.date.fromisoformat(str(value).strip()), False
    except ValueError as exc:
        raise InputError(f"aware_on must be a date (YYYY-MM-DD), not '{value}'", field="aware_on") from exc


def context(ctx: dict[str, Any]) -> dict[str, Any]:
    options = ctx["options"]
    aware, defaulted = _aware_on(options.get("aware_on"), ctx["as_of"])
    kind = options.get("incident_kind")
    if kind in ("", None):
        kind = None
    elif kind not in KINDS:
        raise InputError(f"incident_kind must be one of {', '.join(KINDS)}, not '{kind}'", field="incident_kind")
    deadlines = []
    for pid, ref, param, kinds in PERIODS:
        days = ctx["param"](param)
        deadlines.append({
            "id": pid, "ref": ref, "days": days, "due": aware + _dt.timedelta(days=days),
            "applies": kind in kinds if kind else None,
        })
    assessment = ctx["assessment"]
    has = ctx["has"]
    return {
        "aware_on": aware,
        "aware_defaulted": defaulted,
        "incident_kind": kind,
        "kind_point": POINT_OF_KIND.get(kind or ""),
        "deadlines": {d["id"]: d for d in deadlines},
        "applicable": next((d for d in deadlines if d["applies"]), None),
        "as_provider": has("art73"),
        "as_deployer": has("art26_5"),
        "annex3": [b for b in assessment.high_risk_bases if b.startswith("Annex III")],
        "device": ctx["rule"]("art73_10.device") is True,
        "basis_words": (ctx["provision"](assessment.high_risk_basis)
                        if (assessment.high_risk_basis or "").startswith("Annex III") else None),
        "points": {p: ctx["provision"](f"Art. 3(49){p}") for p in ("(a)", "(b)", "(c)", "(d)")},
    }
