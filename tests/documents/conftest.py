"""Helpers for document tests: build a document from a reference-case profile, and read the
points of a provision from the reference text of the Act shipped with aiact."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

import aiact
from aiact import documents
from aiact.engine.lawtext import TEXT_ROOT

CASES = Path(__file__).resolve().parent.parent / "cases"


def case_profile(case: str) -> aiact.Profile:
    return aiact.load_profile(CASES / f"{case}.yaml")


def make(kind: str, case: str, *, as_of: str | None = None, force: bool = False,
         language: str = "en", audit: Any = None, **options: Any) -> documents.Document:
    """The document KIND for a reference case, as `aiact docs KIND` writes it."""
    p = case_profile(case)
    a = aiact.assess(p, as_of)
    return documents.build(kind, p, a, language=language, force=force, audit=audit, options=options)


def refused_then_forced(kind: str, case: str, *, match: str | None = None) -> documents.Document:
    """The kind is refused for the case (with ``match`` in the reason, if given); with ``force``
    it is written all the same, marked as not required on its first page."""
    with pytest.raises(documents.DocumentRefused, match=match):
        make(kind, case)
    doc = make(kind, case, force=True)
    assert doc.required is False
    assert "The law does not require this document for this system." in doc.markdown.split("## ", 1)[0]
    return doc


def points(file: str, heading: str, *, until: str | None = None) -> list[str]:
    """The point labels ('1', '(a)', ...) listed under a heading of a reference text file,
    read from the Act's text (e.g. points('annex-IV.md', 'ANNEX IV'))."""
    text = (TEXT_ROOT / file).read_text(encoding="utf-8")
    start = text.index(heading)
    end = text.index(until, start + len(heading)) if until else len(text)
    found = re.findall(r"^\s*(?:-\s*)?(\(\w+\)|\d+\.)\s", text[start:end], flags=re.M)
    return list(dict.fromkeys(found))


def section(markdown: str, ending: str) -> str:
    """The text under the heading ending with ``ending``, down to the next heading of its level or above."""
    lines = markdown.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("#") and line.rstrip().endswith(ending))
    level = len(lines[start]) - len(lines[start].lstrip("#"))
    out = []
    for line in lines[start + 1:]:
        m = re.match(r"^(#+)\s", line)
        if m and len(m.group(1)) <= level:
            break
        out.append(line)
    return "\n".join(out)


def blanks(doc: documents.Document) -> list[str]:
    return [b.label for b in doc.to_fill]


@pytest.fixture
def build():
    return make
