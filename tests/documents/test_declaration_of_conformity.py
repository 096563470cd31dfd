"""EU declaration of conformity (Art. 47, Annex V): every point of Annex V as its own heading,
the conformity route of the assessment (Annex VI or VII, or the Annex I procedure), the
personal-data statement of Annex V 5, Art. 47(1)-(4)."""

from __future__ import annotations

import pytest

from aiact import documents

from .conftest import blanks, make, points, refused_then_forced

ANNEX_V = [p.rstrip(".") for p in points("annex-V-VI-VII.md", "## ANNEX V", until="## ANNEX VI")]
ARTICLE_47 = ["Art. 47(1)", "Art. 47(2)", "Art. 47(3)", "Art. 47(4)"]


def annex_v_headings(doc: documents.Document) -> list[str]:
    return [n for n in ANNEX_V for s in doc.sections if s.startswith(f"{n}. ") and s.endswith(f"(Annex V {n})")]


@pytest.mark.parametrize("case", ["life-insurer-underwriting-pricing", "casino-self-exclusion-face-check",
                                  "retinal-screening-medical-software", "water-network-contamination-shutoff"])
def test_every_point_of_annex_v_and_every_paragraph_of_art47_has_its_heading(case):
    doc = make("declaration-of-conformity", case)
    assert doc.required
    assert ANNEX_V == ["1", "2", "3", "4", "5", "6", "7", "8"]
    assert annex_v_headings(doc) == ANNEX_V
    for ref in ARTICLE_47:
        assert any(s.endswith(f"({ref})") for s in doc.sections), ref


def test_internal_control_declaration_of_an_in_house_insurer():
    doc = make("declaration-of-conformity", "life-insurer-underwriting-pricing")
    md = doc.markdown
    assert "| Provider | Life insurer, Belgium and Luxembourg |" in md
    assert "- Name: Life insurer builds its own underwriting and pricing model" in md
    assert "- Type: high-risk AI system referred to in Annex III 5(c) (Art. 6(2)): AI systems intended to be used for risk assessment and pricing" in md
    assert "issued under the sole responsibility of the provider, Life insurer, Belgium and Luxembourg." in md
    assert ('The AI system "Life insurer builds its own underwriting and pricing model" is in conformity with '
            "Regulation (EU) 2024/1689 as amended by Regulation (EU) 2026/1744") in md
    # Annex V 5: the system profiles applicants, so it processes personal data
    assert "it performs profiling of natural persons" in md
    assert "The AI system complies with Regulations (EU) 2016/679 and (EU) 2018/1725 and Directive (EU) 2016/680." in md
    assert ("- Conformity assessment procedure performed: conformity assessment procedure based on internal control "
            "(Annex VI), Art. 43(2)") in md
    assert "- Notified body and certificate: not applicable, no notified body is involved in this procedure." in md
    assert "for 10 years after the system has been placed on the market or put into service: with the date answered (1 January 2028), until at least 1 January 2038." in md
    assert "| Art. 47 applies from | 2 December 2027 |" in md
    assert blanks(doc) == [
        "unambiguous reference of the AI system (version, identifier)",
        "address of the provider",
        "other Union law providing for an EU declaration of conformity, or 'none'",
        "harmonised standards and common specifications applied (references), or 'none'",
        "requirements of Chapter III, Section 2 they cover",
        "place of issue",
        "date of issue",
        "name and function of the person signing",
        "signature",
        "form of the declaration (machine-readable file, signed paper, electronic signature)",
        "Member States where the system is placed on the market or made available, and the languages of the declaration",
    ]


def test_biometric_system_without_full_standards_names_its_notified_body():
    doc = make("declaration-of-conformity", "casino-self-exclusion-face-check")
    md = doc.markdown
    assert "| Provider | Antwerp security-technology company |" in md
    assert "with the involvement of a notified body (Annex VII), Art. 43(1)" in md
    assert "were not applied in full (Art. 43(1))" in md
    assert "it identifies natural persons from their biometric data" in md
    assert "until at least 1 March 2038" in md
    labels = blanks(doc)
    assert "name and identification number of the notified body" in labels
    assert "identification of the certificate issued by the notified body" in labels


def test_annex_i_product_gets_a_single_declaration_under_art47_3():
    doc = make("declaration-of-conformity", "retinal-screening-medical-software")
    md = doc.markdown
    assert "a single EU declaration of conformity is drawn up in respect of all Union law applicable to the system" in md
    assert "Annex I, Section A (Medical devices, including software that is itself a medical device" in md
    assert "(Art. 43(3))" in md
    assert "| Art. 47 applies from | 2 August 2028 |" in md
    labels = blanks(doc)
    assert "title and number of the Union harmonisation legislation (Annex I, Section A)" in labels
    assert "name and identification number of the notified body" in labels


def test_when_the_answers_do_not_show_personal_data_annex_v_5_is_left_to_fill():
    doc = make("declaration-of-conformity", "water-network-contamination-shutoff")
    assert "whether the system processes personal data (if it does not, leave out the statement below)" in blanks(doc)
    assert "Art. 43(2)" in doc.markdown


@pytest.mark.parametrize("case", ["retail-group-cv-ranking", "grocery-demand-forecasting"])
def test_no_declaration_for_a_deployer_or_a_minimal_risk_system(case):
    refused_then_forced("declaration-of-conformity", case, match="declaration-of-conformity: not written")
