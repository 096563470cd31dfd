"""Facts for the AI literacy record (Art. 4): which wording of Art. 4 the assessment applies
(the 2024 text until it was replaced by Regulation (EU) 2026/1744, the new Art. 4 from then)
and the words of both, quoted from the text shipped with aiact."""

from __future__ import annotations

import re
from typing import Any

from aiact.engine.lawtext import provision_text
from aiact.engine.load import load_law


def amended_paragraphs() -> dict[str, str]:
    """The paragraphs of Art. 4 as replaced by Regulation (EU) 2026/1744, by number."""
    found = provision_text("Art. 4")
    text = next((a for a in (found.amendments if found else []) if "Article 4 is replaced" in a), "")
    out: dict[str, str] = {}
    for m in re.finditer(r"^> (\d+)\. (.+)$", text, flags=re.M):
        out[m.group(1)] = m.group(2).strip().rstrip(";").rstrip("’").strip()
    return out


def context(ctx: dict[str, Any]) -> dict[str, Any]:
    law = load_law()
    by_id = {o.id: o for o in law.obligations}
    has = ctx["has"]
    # The version the assessment applies: the obligation it lists (when forced, the text in force).
    if has("art4"):
        version = "art4"
    elif has("art4_2024"):
        version = "art4_2024"
    else:
        version = "art4" if ctx["amended"] else "art4_2024"
    current = ctx["ob"](version)
    answers = ctx["answers"]
    affected: list[str] = []
    if answers.get("art26_7.workers_affected") is True:
        affected.append("the organisation's own workers, who are subject to the system at work (Art. 26(7))")
    if answers.get("art26_11.decisions_about_people") is True:
        affected.append("the natural persons about whom the system helps make decisions (Art. 26(11))")
    return {
        "version": version,
        "current": current,
        "text_2024": ctx["provision"]("Art. 4"),
        "text_new": amended_paragraphs(),
        "new_from": by_id["art4"].valid_from,
        "old_until": by_id["art4_2024"].valid_until,
        "applies_from": current.applies_from if current else ctx["param"]("art113.chapters_1_2"),
        "literacy": ctx["provision"]("Art. 3(56)"),
        "affected": affected,
        "art4_ref": "Art. 4(1)" if version == "art4" else "Art. 4",
    }
