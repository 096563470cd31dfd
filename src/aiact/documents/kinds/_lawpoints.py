"""The numbered points of an annex, read from the Act's text shipped with aiact.

Document kinds whose sections are the points of an annex (Annex V, Annex VIII) take the
point numbers and the law's own words from here, so that a template never retypes them.
"""

from __future__ import annotations

import functools
import re

from aiact.engine.lawtext import TEXT_ROOT

_POINT = re.compile(r"^\s*-\s*(\d+)\.\s+(.*\S)\s*$")


@functools.cache
def annex_points(file: str, heading: str, until: str | None = None) -> tuple[tuple[str, str], ...]:
    """(number, words) of each '- N. ...' point under ``heading`` in ``file``, up to ``until``.

    The words are the 2024 text without the closing ';' or '.'.
    """
    text = (TEXT_ROOT / file).read_text(encoding="utf-8")
    start = text.index(heading)
    end = text.index(until, start + len(heading)) if until else len(text)
    out: list[tuple[str, str]] = []
    for line in text[start:end].splitlines():
        m = _POINT.match(line)
        if m:
            words = m.group(2).rstrip(";.").strip()
            # The OJ text misses a space in "Article 6(3)based" (Annex VIII, Section B, point 6).
            words = re.sub(r"(\))(?=[a-z])", r"\1 ", words)
            out.append((m.group(1), words))
    return tuple(out)


def annex_v() -> tuple[tuple[str, str], ...]:
    """Annex V, points 1 to 8: the contents of the EU declaration of conformity."""
    return annex_points("annex-V-VI-VII.md", "## ANNEX V", "## ANNEX VI")


SECTION_HEADINGS = {
    "A": ("#### Section A", "#### Section B"),
    "B": ("#### Section B", "#### Section C"),
    "C": ("#### Section C", None),
}


def annex_viii(section: str) -> tuple[tuple[str, str], ...]:
    """Annex VIII, Section A, B or C: the information registered under Art. 49 (2024 text)."""
    start, until = SECTION_HEADINGS[section]
    return annex_points("annex-VIII.md", start, until)
