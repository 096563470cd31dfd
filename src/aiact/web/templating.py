"""Jinja2 templates for the pages (``aiact/web/templates``), with the filters they share."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

from fastapi.templating import Jinja2Templates

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))

TIER_WORDS = {
    "out_of_scope": "out of scope", "prohibited": "prohibited practice", "high": "high-risk",
    "transparency": "transparency duties", "minimal": "minimal risk", "gpai_model_only": "general-purpose AI model",
    "undetermined": "undetermined", None: "not assessed",
}
STATUS_WORDS = {"idea": "idea", "development": "in development", "market": "on the market / in use",
                "retired": "retired", "open": "open", "in_progress": "in progress", "done": "done",
                "not_applicable": "not applicable"}


def _day(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, _dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value)


templates.env.filters["tier"] = lambda v: TIER_WORDS.get(v, str(v))
templates.env.filters["status"] = lambda v: STATUS_WORDS.get(v, str(v))
templates.env.filters["day"] = _day
