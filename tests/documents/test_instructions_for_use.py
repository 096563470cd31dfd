"""Instructions for use (Art. 13): the form of Art. 13(2), every point of Art. 13(3) with every
sub-point of (b), and the deployer duties of Art. 26 (and Art. 27, 86) they serve."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from aiact.audit.api import audit as run_audit

from .conftest import blanks, make, points, refused_then_forced, section

ROOT = Path(__file__).resolve().parents[2]
KIND = "instructions-for-use"
ROMAN = {"(i)", "(ii)", "(iii)", "(iv)", "(v)", "(vi)", "(vii)"}


def art13_3_refs() -> list[str]:
    """'Art. 13(3)(a)', 'Art. 13(3)(b)(i)', ...: the points of Art. 13(3), read from the Act's text."""
    labels = points("04-high-risk-requirements.md", "3. The instructions for use shall contain",
                    until="## Article 14")
    return [f"Art. 13(3)(b){p}" if p in ROMAN else f"Art. 13(3){p}" for p in labels if p.startswith("(")]


def test_art13_3_is_read_whole():
    refs = art13_3_refs()
    assert refs[:3] == ["Art. 13(3)(a)", "Art. 13(3)(b)", "Art. 13(3)(b)(i)"]
    assert len(refs) == 13 and refs[-1] == "Art. 13(3)(f)"


@pytest.mark.parametrize("case", ["casino-self-exclusion-face-check", "life-insurer-underwriting-pricing",
                                  "evidence-manipulation-scoring-for-police", "water-network-contamination-shutoff"])
def test_every_point_of_art13_3_is_a_heading(case):
    doc = make(KIND, case)
    assert doc.required
    assert any(s.endswith("(Art. 13(2))") for s in doc.sections)
    for ref in art13_3_refs():
        assert any(s.endswith(f"({ref})") for s in doc.sections), f"{case}: no heading for {ref}"
    assert any(s.endswith("(Art. 26)") for s in doc.sections)


def test_casino_prefill_biometric_oversight_and_logs():
    doc = make(KIND, "casino-self-exclusion-face-check")
    md = doc.markdown
    about = section(md, "(Art. 13(2))")
    assert "| Provider | Antwerp security-technology company |" in about
    assert "| High-risk basis | Annex III 1(a): remote biometric identification systems." in about
    assert "| First placed on the market or put into service | 1 March 2028 |" in about
    a = section(md, "(Art. 13(3)(a))")
    assert "- Provider: Antwerp security-technology company" in a
    assert "Authorised representative: not applicable; the answers state that the provider is established in the Union" in a
    # Annex III 1(a): two-person verification (Art. 14(5)) and minimum logs (Art. 12(3))
    assert "at least two natural persons" in section(md, "(Art. 13(3)(d))")
    f = section(md, "(Art. 13(3)(f))")
    assert "(Art. 12(3)(a)-(d))" in f
    assert "at least 6 months, unless Union or national law provides otherwise (Art. 26(6))" in f
    deployer = section(md, "(Art. 26)")
    for ref in ("Art. 26(1)", "Art. 26(2)", "Art. 26(4)", "Art. 26(5)", "Art. 26(6)", "Art. 26(11)",
                "Art. 27(1)", "Art. 86(1)"):
        assert f"| {ref}" in deployer, ref
    assert "The provider also uses the system itself" not in md


def test_casino_still_to_fill_exactly():
    assert blanks(make(KIND, "casino-self-exclusion-face-check")) == [
        "version of the system these instructions are for",
        "format of the instructions (digital, printed, in the user interface ...)",
        "provider's trade name or trade mark, postal address and contact details",
        "contact point for deployers' reports",
        "uses the provider excludes",
        "accuracy metrics and the level that can be expected (or attach an aiact audit result)",
        "level of robustness tested and expected",
        "level of cybersecurity tested and expected",
        "circumstances that may affect accuracy, robustness or cybersecurity",
        "circumstances of use or foreseeable misuse that may lead to risks",
        "capabilities to explain the output, or 'not applicable'",
        "performance for specific persons or groups (or attach an aiact audit result)",
        "input data specifications and information on the data sets",
        "how to interpret the output and use it appropriately",
        "pre-determined changes, or 'none'",
        "oversight measures built into the system",
        "oversight measures the deployer implements",
        "how Art. 14(4)(a)-(e) are enabled",
        "computational and hardware resources needed",
        "expected lifetime of the system",
        "maintenance and care measures and their frequency, including software updates",
        "log mechanisms available to the deployer",
    ]


def test_in_house_provider_lists_its_own_deployer_duties():
    doc = make(KIND, "life-insurer-underwriting-pricing")
    md = doc.markdown
    assert "| Provider | Life insurer, Belgium and Luxembourg |" in md
    assert "| Art. 13 applies to this system from | 1 January 2028 |" in md
    deployer = section(md, "(Art. 26)")
    assert "The provider also uses the system itself (deployer, Art. 3(4))" in deployer
    for ref in ("Art. 26(1):", "Art. 26(6):", "Art. 26(11):", "Art. 27(1):", "Art. 86(1):"):
        assert f"- {ref}" in deployer, ref
    # no biometric rules for an insurance model
    assert "at least two natural persons" not in md and "Art. 12(3)" not in md


def test_critical_infrastructure_has_no_art27_or_art86_row():
    deployer = section(make(KIND, "water-network-contamination-shutoff").markdown, "(Art. 26)")
    assert "| Art. 26(11)" in deployer
    assert "Art. 27(1)" not in deployer and "Art. 86(1)" not in deployer


def test_audit_gives_the_accuracy_and_group_performance():
    result = run_audit(ROOT / "examples" / "audit" / "loans.csv", label="repaid", prediction="approved",
                       groups=["sex"], as_of=dt.date(2026, 11, 27))
    doc = make(KIND, "life-insurer-underwriting-pricing", audit=result)
    accuracy = f"{result.overall.metrics['accuracy'].value:.3f}"
    assert f"| accuracy | {accuracy} |" in section(doc.markdown, "(Art. 13(3)(b)(ii))")
    gap = result.attributes[0].summary["accuracy"]
    assert f"| accuracy | {gap.best_group} |" in section(doc.markdown, "(Art. 13(3)(b)(v))")
    assert not any("attach an aiact audit result" in b for b in blanks(doc))


@pytest.mark.parametrize("case", ["retail-group-cv-ranking", "grocery-demand-forecasting"])
def test_refused_where_the_law_does_not_require_it(case):
    doc = refused_then_forced(KIND, case)
    assert "the law does not require" in doc.reason and "(Art. 13)" in doc.reason
