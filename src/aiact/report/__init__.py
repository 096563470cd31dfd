"""Rendering an assessment for people: terminal text (Rich), Markdown, JSON."""

from __future__ import annotations

import json

from aiact.engine.result import Assessment


def render(result: Assessment, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(result.to_json_dict(), indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        from aiact.report.markdown import to_markdown

        return to_markdown(result)
    from aiact.report.text import to_text

    return to_text(result)
