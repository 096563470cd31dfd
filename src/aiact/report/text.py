"""Terminal report (placeholder: plain text until the Rich renderer lands)."""

from __future__ import annotations

from aiact.engine.result import Assessment


def to_text(result: Assessment) -> str:
    d = result.to_json_dict()
    lines = [f"{k}: {d[k]}" for k in ("ai_system", "in_scope", "category", "roles", "applies_from", "max_fine_eur")]
    return "\n".join(lines) + "\n"
