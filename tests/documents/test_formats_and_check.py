"""A document opens where people work (browser, Word, PDF reader) and `docs check` finds what
is still missing after a person edited it."""

from __future__ import annotations

import builtins
import re
from pathlib import Path

import docx
import pytest

from aiact.documents import formats
from aiact.documents.check import check

from .conftest import make


@pytest.fixture(scope="module")
def fria():
    return make("fria", "life-insurer-underwriting-pricing")


def test_html_is_a_page_with_every_section_and_the_blanks_marked(fria):
    page = formats.to_html(fria)
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page
    for title in fria.sections:
        assert f"<h2>{title.replace(chr(39), '&#x27;')}</h2>" in page or f"<h2>{title}</h2>" in page
    assert page.count('<mark class="to-fill">') >= len(fria.to_fill)
    assert "<thead>\n<tr>\n<th></th>" not in page  # label/value tables have no empty header row


def test_docx_has_real_headings_tables_and_the_same_sections(fria, tmp_path):
    path = tmp_path / "fria.docx"
    path.write_bytes(formats.to_docx_bytes(fria))
    word = docx.Document(str(path))
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    # the Markdown's sections, then the list of what is still to fill
    assert headings == fria.sections + ["Still to fill"]
    assert word.paragraphs[0].style.name == "Title"
    assert len(word.tables) == 3  # header, "about", risks
    assert word.tables[1].cell(0, 0).text == "Deployer"
    assert word.tables[1].cell(0, 1).text == "Life insurer, Belgium and Luxembourg"
    bullets = [p for p in word.paragraphs if p.style.name == "List Bullet"]
    assert any(p.text.startswith("Frequency of use: [TO FILL:") for p in bullets)
    highlighted = [r.text for p in word.paragraphs for r in p.runs if r.font.highlight_color is not None]
    assert "[TO FILL: how often the system is used (e.g. per application, daily, continuously)]" in highlighted


def test_pdf_renders_to_pages(fria, tmp_path):
    pytest.importorskip("weasyprint", reason="PDF needs the 'pdf' extra (pip install 'aiact[pdf]')")
    pdfium = pytest.importorskip("pypdfium2")
    path = tmp_path / "fria.pdf"
    path.write_bytes(formats.to_pdf_bytes(fria))
    pdf = pdfium.PdfDocument(str(path))
    assert len(pdf) >= 2
    text = pdf[0].get_textpage().get_text_range()
    assert "Fundamental rights impact assessment" in text
    assert "27 November 2026" in text
    image = pdf[0].render(scale=1).to_pil().convert("L")
    dark = sum(image.histogram()[:160])
    assert dark > 5000  # ink on the page, not a blank render


def test_pdf_without_weasyprint_says_what_to_install(fria, monkeypatch):
    real_import = builtins.__import__

    def no_weasyprint(name, *args, **kwargs):
        if name == "weasyprint":
            raise ImportError("no weasyprint")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_weasyprint)
    with pytest.raises(Exception, match=re.escape("pip install 'aiact[pdf]'")):
        formats.to_pdf_bytes(fria)


def test_check_a_fresh_document_lists_every_blank_by_section(fria, tmp_path):
    path = tmp_path / "fria.md"
    path.write_text(fria.markdown, encoding="utf-8")
    result = check(path)
    assert result.kind == "fria"
    assert result.missing == []
    assert result.blank_count == len(fria.to_fill)
    by_section = {s.title: s.blanks for s in result.sections}
    assert by_section["(b) Period and frequency of use (Art. 27(1)(b))"] == [
        "how often the system is used (e.g. per application, daily, continuously)"]


def test_check_finds_a_deleted_section_and_a_placeholder_left(fria, tmp_path):
    text = fria.markdown
    # the person fills everything ...
    text = re.sub(r"\[TO FILL: [^\]]+\]", "done", text.split("## Still to fill")[0]) + "## Still to fill\n" + text.split("## Still to fill")[1]
    # ... but one placeholder in (e), and deletes section (c)
    text = text.replace("- How outputs are checked before they take effect: done",
                        "- How outputs are checked before they take effect: [TO FILL: oversight measures applied to the outputs]")
    start = text.index("## (c) ")
    text = text[:start] + text[text.index("## (d) "):]
    path = tmp_path / "edited.md"
    path.write_text(text, encoding="utf-8")
    result = check(path)
    assert result.missing == ["(c) Categories of natural persons and groups likely to be affected (Art. 27(1)(c))"]
    left = [(s.title, s.blanks) for s in result.sections if s.blanks]
    assert left == [("(e) Human oversight measures (Art. 27(1)(e))", ["oversight measures applied to the outputs"])]
    assert not result.complete


def test_check_reads_an_edited_word_document(fria, tmp_path):
    path = tmp_path / "fria.docx"
    path.write_bytes(formats.to_docx_bytes(fria))
    word = docx.Document(str(path))
    # delete the Art. 27(3) heading, as a person would in Word
    target = next(p for p in word.paragraphs if p.text.startswith("Notification of the results"))
    target._element.getparent().remove(target._element)
    word.save(str(path))
    result = check(path)
    assert result.missing == ["Notification of the results to the market surveillance authority (Art. 27(3))"]
    assert result.blank_count > 0


def test_check_refuses_files_it_cannot_read(tmp_path):
    odd = tmp_path / "x.pdf"
    odd.write_bytes(b"%PDF")
    with pytest.raises(Exception, match="give the Markdown"):
        check(odd)
    with pytest.raises(Exception, match="no such file"):
        check(tmp_path / "missing.md")


def test_write_atomic_leaves_an_existing_file_alone_when_it_cannot_write(tmp_path):
    target = tmp_path / "keep.md"
    target.write_text("saved before", encoding="utf-8")
    with pytest.raises(Exception, match="cannot write"):
        formats.write_atomic(Path("/proc/forbidden/keep.md"), b"x")
    assert target.read_text(encoding="utf-8") == "saved before"


def test_check_reads_the_html_page_too(fria, tmp_path):
    page = formats.to_html(fria)
    path = tmp_path / "fria.html"
    path.write_text(page.replace("[TO FILL: date of notification]", "3 May 2028"), encoding="utf-8")
    result = check(path)
    assert result.kind == "fria" and result.missing == []
    assert result.blank_count == len(fria.to_fill) - 1


def test_german_and_french_documents_speak_their_language_in_the_header():
    de = make("notices", "utility-faq-chat-widget", language="de")
    assert de.markdown.startswith("# Transparenzhinweise\n")
    assert "| Angewandtes Recht | Verordnung (EU) 2024/1689, geändert durch Verordnung (EU) 2026/1744" in de.markdown
    assert "| Stand | 27. November 2026 |" in de.markdown
    assert "> Warum dieses Dokument: vorgeschrieben durch Art. 50(1)." in de.markdown
    assert "\n## Noch auszufüllen\n" in de.markdown
    fr = make("notices", "utility-faq-chat-widget", language="fr")
    assert "| Droit appliqué | Règlement (UE) 2024/1689 modifié par le règlement (UE) 2026/1744" in fr.markdown
    assert "| À la date du | 27 novembre 2026 |" in fr.markdown
