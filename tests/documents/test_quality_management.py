"""Quality management system outline (Art. 17): points (a)-(m) of Art. 17(1), proportionality
(Art. 17(2) as amended), sectoral law (Art. 17(3)), financial institutions (Art. 17(4)) for an
Annex III point 5 system, and the Art. 63 derogation where its text can apply."""

from __future__ import annotations

import pytest

from aiact import documents

from .conftest import blanks, make, points, refused_then_forced, section

KIND = "quality-management"


def art17_1_refs() -> list[str]:
    labels = points("05-operators-obligations.md", "## Article 17", until="2. The implementation")
    return [f"Art. 17(1){p}" for p in labels if p.startswith("(")]


def test_art17_1_is_read_whole():
    refs = art17_1_refs()
    assert refs[0] == "Art. 17(1)(a)" and refs[-1] == "Art. 17(1)(m)" and len(refs) == 13


@pytest.mark.parametrize("case", ["online-exam-cheating-detection", "life-insurer-underwriting-pricing",
                                  "casino-self-exclusion-face-check", "gas-grid-leak-isolation-small-midcap"])
def test_every_point_of_art17_is_a_heading(case):
    doc = make(KIND, case)
    assert doc.required
    for ref in [*art17_1_refs(), "Art. 17(2)", "Art. 17(3)"]:
        assert any(s.endswith(f"({ref})") for s in doc.sections), f"{case}: no heading for {ref}"


def test_sme_prefill_and_art63_as_amended():
    doc = make(KIND, "online-exam-cheating-detection")
    md = doc.markdown
    about = section(md, "(Art. 17(1))")
    assert "| Provider | Tallinn education-technology start-up |" in about
    assert "| Art. 17 applies to this system from | 1 January 2028 |" in about
    assert "conformity assessment procedure based on internal control (Annex VI)" in section(md, "(Art. 17(1)(a))")
    two = section(md, "(Art. 17(2))")
    assert "35 persons employed; the provider is an SME, including a start-up" in two
    assert "or an SMC" in two and "as replaced by Regulation (EU) 2026/1744" in two
    art63 = section(md, "Simplified compliance for SMEs (Art. 63(1))")
    assert "provided that they do not have partner enterprises or linked enterprises" in art63
    # Art. 73 periods come from the dated parameters
    assert "not later than 15 days" in md and "not later than 2 days" in md and "not later than 10 days" in md
    assert "period ending 10 years" in section(md, "(Art. 17(1)(k))")
    assert not any(s.endswith("(Art. 17(4))") for s in doc.sections)


def test_sme_still_to_fill_exactly():
    assert blanks(make(KIND, "online-exam-cheating-detection")) == [
        "version and date of this quality management system outline",
        "procedure for the management of modifications",
        "policy or procedure for point (a)",
        "design, design control and design verification procedures",
        "development, quality control and quality assurance procedures",
        "examination, test and validation procedures",
        "frequency of examination, test and validation",
        "technical specifications and standards applied",
        "means of compliance where standards do not cover all requirements, or 'not needed'",
        "data management systems and procedures",
        "reference to the risk management system",
        "post-market monitoring procedure",
        "serious incident procedure",
        "communication procedure and contact points",
        "record-keeping systems and procedures",
        "resource management and security-of-supply measures",
        "accountable member of the management",
        "responsibilities for aspects (a) to (l)",
        "how the system is scaled to the size of the organisation",
        "sectoral quality management system used, or 'none'",
        "partner or linked enterprises, or 'none'",
        "elements complied with in a simplified manner, or 'none'",
    ]


def _exam_provider(staff, turnover):
    import aiact

    from .conftest import case_profile

    p = case_profile("online-exam-cheating-detection")
    p.set_answer("org.staff_headcount", staff)
    if turnover is None:
        p.clear_answer("org.annual_turnover_eur")
    else:
        p.set_answer("org.annual_turnover_eur", turnover)
    return documents.build(KIND, p, aiact.assess(p, "2026-05-01"))


def test_art63_in_its_2024_text_is_for_microenterprises():
    doc = _exam_provider(8, 1_500_000)
    art63 = section(doc.markdown, "Simplified compliance for microenterprises (Art. 63(1))")
    assert "Microenterprises within the meaning of Recommendation 2003/361/EC" in art63
    assert "The provider is a microenterprise (fewer than 10 persons employed" in art63
    assert "partner or linked enterprises, or 'none'" in blanks(doc)
    assert "or an SMC" not in section(doc.markdown, "(Art. 17(2))")


def test_art63_in_its_2024_text_asks_when_the_size_is_not_known():
    doc = _exam_provider(8, None)
    art63 = section(doc.markdown, "Simplified compliance for microenterprises (Art. 63(1))")
    assert "the derogation applies only if it is also a microenterprise" in art63
    assert "microenterprise without partner or linked enterprises (yes/no)" in blanks(doc)


def test_art63_in_its_2024_text_leaves_out_an_sme_that_is_not_micro():
    doc = make(KIND, "online-exam-cheating-detection", as_of="2026-05-01")  # 35 people: an SME, not micro
    assert not any("Art. 63" in s for s in doc.sections)


def test_no_art63_for_a_small_mid_cap_or_a_large_provider():
    smc = make(KIND, "gas-grid-leak-isolation-small-midcap")
    assert not any("Art. 63" in s for s in smc.sections)
    assert "620 persons employed; the provider is a small mid-cap enterprise (SMC)" in section(smc.markdown, "(Art. 17(2))")
    large = make(KIND, "life-insurer-underwriting-pricing")
    assert not any("Art. 63" in s for s in large.sections)


def test_insurer_gets_the_financial_institution_paragraph():
    doc = make(KIND, "life-insurer-underwriting-pricing")
    four = section(doc.markdown, "(Art. 17(4))")
    assert "except Art. 17(1) points (g), (h) and (i)" in four
    assert "financial institution status and the financial services law concerned, or 'not a financial institution'" in blanks(doc)


def test_notified_body_assesses_the_system_for_a_biometric_system():
    md = make(KIND, "casino-self-exclusion-face-check").markdown
    assert "a notified body assesses this quality management system (Annex VII, point 3.2)" in md
    assert ", the notified body," in section(md, "(Art. 17(1)(j))")


@pytest.mark.parametrize("case", ["retail-group-cv-ranking", "grocery-demand-forecasting"])
def test_refused_where_the_law_does_not_require_it(case):
    refused_then_forced(KIND, case)
