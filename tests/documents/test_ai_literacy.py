"""AI literacy record (Art. 4): the wording in force on the assessment date, the 2024 text
until it was replaced by Regulation (EU) 2026/1744, the new Art. 4 from then."""

from __future__ import annotations

import re

import pytest

from aiact.engine.lawtext import TEXT_ROOT

from .conftest import blanks, make, refused_then_forced

AMENDED = "Art. 4(1) as replaced by Regulation (EU) 2026/1744"
OLD_QUOTE = "> Providers and deployers of AI systems shall take measures to ensure, to their best extent, a sufficient level of AI literacy"
NEW_QUOTE = "> Providers and deployers of AI systems shall take measures to support the development of AI literacy"


def amended_paragraphs() -> list[str]:
    """The paragraph numbers of Art. 4 as replaced, read from the amending text."""
    text = (TEXT_ROOT / "amendments-2026-1744.md").read_text(encoding="utf-8")
    block = text[text.index("Article 4 is replaced"):text.index("the following Article is inserted")]
    return re.findall(r"^> (\d+)\. ", block, flags=re.M)


def test_after_the_amendment_each_paragraph_of_the_new_article_4_has_a_section():
    doc = make("ai-literacy", "furniture-maker-vendor-ai-literacy-only")
    assert doc.required
    paragraphs = amended_paragraphs()
    assert paragraphs == ["1", "2", "3"]
    for p in paragraphs:
        assert any(s.endswith(f"(Art. 4({p}))") for s in doc.sections), p
    assert "What AI literacy means (Art. 3(56))" in doc.sections
    assert AMENDED + ", in force since 27 July 2026" in doc.markdown
    assert NEW_QUOTE in doc.markdown and OLD_QUOTE not in doc.markdown
    assert "does not require providers or deployers to guarantee any specific level of AI literacy" in doc.markdown
    assert "Until 26 July 2026 Art. 4 required" in doc.markdown


def test_before_the_amendment_the_2024_text_applies():
    doc = make("ai-literacy", "ride-on-toy-car-auto-braking")  # as_of 1 June 2026
    assert doc.record["as_of"] == "2026-06-01"
    assert "The obligation on 1 June 2026 (Art. 4)" in doc.sections
    assert OLD_QUOTE in doc.markdown and NEW_QUOTE not in doc.markdown
    assert not any("(Art. 4(2))" in s or "(Art. 4(3))" in s for s in doc.sections)
    assert "From 27 July 2026, Regulation (EU) 2026/1744 replaces Art. 4" in doc.markdown
    assert "how the sufficiency of the level reached is assessed" in blanks(doc)
    assert "| Role | provider, product manufacturer |" in doc.markdown


@pytest.mark.parametrize("as_of, new", [("2026-07-26", False), ("2026-07-27", True)])
def test_the_wording_changes_on_the_day_the_amendment_enters_into_force(as_of, new):
    doc = make("ai-literacy", "furniture-maker-vendor-ai-literacy-only", as_of=as_of)
    assert (NEW_QUOTE in doc.markdown) is new
    assert (OLD_QUOTE in doc.markdown) is not new


def test_prefilled_values():
    doc = make("ai-literacy", "furniture-maker-vendor-ai-literacy-only")
    md = doc.markdown
    assert "| Organisation | Family-owned furniture manufacturer, Poland |" in md
    assert "| Role | deployer |" in md
    assert "| Staff headcount | 180 |" in md
    assert "| Category of the system | minimal-risk AI system |" in md
    assert "It applies since 2 February 2025 (Art. 113, third paragraph, point (a))." in md


def test_blanks_of_the_furniture_maker_record():
    doc = make("ai-literacy", "furniture-maker-vendor-ai-literacy-only")
    assert blanks(doc) == [
        "name and function of the person keeping this record",
        "date this record was last updated",
        "person or group (staff, contractors, others acting on the organisation's behalf)",
        "function or task",
        "their technical knowledge, experience, education and training",
        "the context the AI system is used in (tasks, decisions, setting)",
        "the persons or groups of persons on whom the AI system is used",
        "other AI systems, or 'none'",
        "date of the measure",
        "measure taken",
        "persons or groups concerned",
        "content of the measure",
        "when this record is next reviewed",
        "practical examples of the Commission used, or 'none'",
    ]


def test_workers_affected_are_named_from_the_answers():
    doc = make("ai-literacy", "truck-cab-anger-panic-safety-alerts")
    assert "the organisation's own workers, who are subject to the system at work (Art. 26(7))" in doc.markdown


@pytest.mark.parametrize("case", ["accounting-firm-bonus-spreadsheet", "army-drone-target-recognition"])
def test_refused_outside_the_act_and_forced_says_so(case):
    doc = refused_then_forced("ai-literacy", case)
    assert "outside the scope of the AI Act" in doc.markdown
