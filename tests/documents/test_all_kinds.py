"""What every document kind owes its reader, checked on one example of each: headings that
cite their provision, a header that traces it to its assessment, the same sections in Word
as in Markdown, and a check that finds every blank."""

from __future__ import annotations

import datetime as dt
import io
import re

import docx
import pytest

from aiact import documents
from aiact.documents import formats
from aiact.documents.check import check

from .conftest import make

# (kind, reference case, options): one case where the law asks for the document
EXAMPLES = [
    ("fria", "city-housing-allowance-eligibility", {}),
    ("technical-documentation", "online-exam-cheating-detection", {}),
    ("declaration-of-conformity", "water-network-contamination-shutoff", {}),
    ("registration", "life-insurer-underwriting-pricing", {}),
    ("non-high-risk-finding", "admissions-document-sorting-duplicates", {}),
    ("notices", "utility-faq-chat-widget", {}),
    ("ai-literacy", "grocery-demand-forecasting", {}),
    ("incident-report", "online-exam-cheating-detection", {"aware_on": dt.date(2028, 3, 2)}),
    ("testing-plan", "casino-self-exclusion-face-check", {"test_start": dt.date(2027, 9, 1)}),
    ("gpai-documentation", "open-weights-7b-language-model", {}),
    ("instructions-for-use", "evidence-manipulation-scoring-for-police", {}),
    ("quality-management", "online-exam-cheating-detection", {}),
]
CITATION = re.compile(r"\((?:[^()]|\([^()]*\))*?(?:Art\.|Annex|Recital|Regulation)(?:[^()]|\([^()]*\))*\)$")


def test_every_kind_has_an_example_and_an_english_template():
    assert sorted(k for k, _, _ in EXAMPLES) == sorted(documents.known_kinds())
    for kind in documents.known_kinds().values():
        assert "en" in kind.languages, kind.id


@pytest.fixture(scope="module", params=EXAMPLES, ids=[k for k, _, _ in EXAMPLES])
def example(request):
    kind, case, options = request.param
    return make(kind, case, **options)


def test_the_law_asks_for_it(example):
    assert example.required, example.reason


def test_every_section_cites_the_provision_that_asks_for_it(example):
    assert example.sections
    for title in example.sections:
        assert CITATION.search(title), f"{example.kind.id}: section without its provision: {title!r}"


def test_the_header_traces_the_document_to_its_assessment(example):
    head = example.markdown.split("\n## ", 1)[0]
    assert "Regulation (EU) 2024/1689 as amended by Regulation (EU) 2026/1744" in head
    assert "`2024/1689@2026-07-27`" in head
    assert re.search(r"`sha256:[0-9a-f]{16}`", head)
    assert example.record["kind"] == example.kind.id
    assert example.record["sections"] == example.sections


def test_the_list_at_the_end_is_every_blank(example):
    tail = example.markdown.split("\n## Still to fill\n", 1)[1]
    listed = re.findall(r"^\d+\. (.*)$", tail, flags=re.M)
    assert listed == [f"{b.label} — {b.section}" for b in example.to_fill]
    body = example.markdown.split("\n## Still to fill\n", 1)[0]
    assert len(re.findall(r"\[TO FILL: ", body)) == len(example.to_fill)


def test_word_holds_the_same_sections_as_markdown(example):
    word = docx.Document(io.BytesIO(formats.to_docx_bytes(example)))
    headings = [p.text for p in word.paragraphs if p.style.name in ("Heading 1", "Heading 2")]
    assert headings == example.sections + ["Still to fill"]


def test_html_holds_every_section(example):
    page = formats.to_html(example)
    found = re.findall(r"<h[23]>(.*?)</h[23]>", page)
    assert [re.sub(r"<[^>]+>", "", h).replace("&#x27;", "'").replace("&quot;", '"').replace("&amp;", "&")
            for h in found] == example.sections + ["Still to fill"]


def test_check_on_the_fresh_document_finds_every_blank(example, tmp_path):
    for fmt in ("markdown", "docx"):
        path = tmp_path / f"doc{formats.SUFFIX[fmt]}"
        path.write_bytes(formats.render_bytes(example, fmt))
        result = check(path)
        assert result.kind == example.kind.id
        assert result.missing == []
        assert [b for s in result.sections for b in s.blanks] == [b.label for b in example.to_fill]
