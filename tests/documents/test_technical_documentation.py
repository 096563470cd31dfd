"""Technical documentation (Art. 11, Annex IV): one heading per point of Annex IV, pre-filled
from the answers and the assessment, the post-market monitoring plan at point 9 (Art. 72(3)),
the SME/SMC simplified form (Art. 11(1) as amended), and an `aiact audit` result under
Annex IV 2(g) and 3."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from aiact.audit.api import audit as run_audit
from aiact.audit.models import AuditResult
from aiact.engine.lawtext import TEXT_ROOT

from .conftest import blanks, make, refused_then_forced, section

ROOT = Path(__file__).resolve().parents[2]
KIND = "technical-documentation"
REQUIRED = [
    "life-insurer-underwriting-pricing", "online-exam-cheating-detection", "casino-self-exclusion-face-check",
    "evidence-manipulation-scoring-for-police", "water-network-contamination-shutoff",
    "gas-grid-leak-isolation-small-midcap",
]


def annex_iv_points() -> list[str]:
    """'1', '1(a)', ... '9': the points and sub-points of Annex IV, read from the Act's text."""
    out: list[str] = []
    current = None
    for line in (TEXT_ROOT / "annex-IV.md").read_text(encoding="utf-8").splitlines():
        top = re.match(r"^- (\d+)\. ", line)
        if top:
            current = top.group(1)
            out.append(current)
            continue
        sub = re.match(r"^\s+- \((\w)\) ", line)
        if sub and current:
            out.append(f"{current}({sub.group(1)})")
    return out


@pytest.fixture(scope="module")
def loans_audit() -> AuditResult:
    return run_audit(ROOT / "examples" / "audit" / "loans.csv", label="repaid", prediction="approved",
                     score="score", groups=["sex", "age_band"],
                     reference=ROOT / "examples" / "audit" / "reference.yaml", as_of=dt.date(2026, 11, 27))


def test_annex_iv_is_read_whole():
    pts = annex_iv_points()
    assert pts[:10] == ["1", "1(a)", "1(b)", "1(c)", "1(d)", "1(e)", "1(f)", "1(g)", "1(h)", "2"]
    assert pts[-8:] == ["2(h)", "3", "4", "5", "6", "7", "8", "9"]
    assert len(pts) == 25


@pytest.mark.parametrize("case", REQUIRED)
def test_every_point_of_annex_iv_is_a_heading(case):
    doc = make(KIND, case)
    assert doc.required
    for label in annex_iv_points():
        assert any(s.endswith(f"(Annex IV {label})") for s in doc.sections), f"{case}: no heading for Annex IV {label}"
    assert all(re.search(r"\((Art\.|Annex) [^()]*(\([^()]*\))*[^()]*\)$", s) for s in doc.sections), doc.sections


def test_gas_grid_prefill_and_simplified_form_for_a_small_mid_cap():
    doc = make(KIND, "gas-grid-leak-isolation-small-midcap")
    md = doc.markdown
    about = section(md, "(Art. 11(1))")
    assert "| Provider | Brno industrial-software company |" in about
    assert "| High-risk basis | Annex III 2: Critical infrastructure: AI systems intended to be used as safety components" in about
    assert "| Conformity assessment (Art. 43) | conformity assessment procedure based on internal control (Annex VI) |" in about
    assert "| Registration (Art. 49) | at national level (Art. 49(5)) |" in about
    assert "| First placed on the market or put into service | 1 February 2028 |" in about
    assert "| Art. 11 applies to this system from | 1 February 2028 |" in about
    assert "The provider is a small mid-cap enterprise (SMC)" in about
    assert "as replaced by Regulation (EU) 2026/1744" in about
    assert "it shall use the simplified technical documentation form established by the Commission" in about
    one_a = section(md, "(Annex IV 1(a))")
    assert "detects leaks and dangerous over-pressure" in one_a
    assert "Name of the provider: Brno industrial-software company" in one_a
    # Art. 72(3): the plan is part of the documentation; the Commission's template date as amended
    nine = section(md, "(Annex IV 9)")
    assert "post-market monitoring plan, which is part of this technical documentation (Art. 72(3))" in nine
    assert "by 2 September 2027" in nine
    # Art. 18(1): kept for 10 years after the first placing on the market
    assert "until 1 February 2038" in section(md, "(Art. 18(1))")


def test_gas_grid_still_to_fill_exactly():
    doc = make(KIND, "gas-grid-leak-isolation-small-midcap")
    assert blanks(doc) == [
        "date of this version of the technical documentation",
        "whether the provider opts for the Commission's simplified form (yes/no)",
        "version of the system and its relation to previous versions",
        "hardware, software and other AI systems the system interacts with, or 'none'",
        "versions of relevant software or firmware",
        "requirements related to version updates",
        "forms of placing on the market or putting into service (software package, download, API, ...)",
        "hardware on which the system is intended to run",
        "photographs or illustrations of the products, or 'not a component of a product'",
        "basic description of the user interface provided to the deployer",
        "reference and version of the instructions for use",
        "methods and steps of development",
        "third-party pre-trained systems or tools used and how, or 'none'",
        "general logic of the system and of the algorithms",
        "key design choices, rationale and assumptions",
        "main classification choices",
        "optimisation target and relevance of parameters",
        "expected output and output quality",
        "trade-offs regarding the technical solutions adopted",
        "system architecture",
        "computational resources used for development, training, testing and validation",
        "training methodologies and techniques",
        "description, provenance, scope and main characteristics of the training data",
        "how the data was obtained and selected",
        "labelling procedures",
        "data cleaning methodologies",
        "assessment of the human oversight measures needed (Art. 14)",
        "technical measures facilitating the interpretation of outputs",
        "pre-determined changes and the solutions ensuring continuous compliance, or 'none'",
        "validation and testing procedures",
        "validation and testing data and their main characteristics",
        "robustness and other compliance metrics",
        "test logs and dated, signed test reports",
        "accuracy metrics and results (or attach an aiact audit result)",
        "metrics of potentially discriminatory impacts and results",
        "cybersecurity measures put in place",
        "whether the Cyber Resilience Act presumption is relied on, or 'no'",
        "capabilities and limitations in performance",
        "overall expected level of accuracy",
        "accuracy for specific persons or groups (or attach an aiact audit result)",
        "foreseeable unintended outcomes and sources of risk",
        "human oversight measures and interpretation aids in place",
        "specifications on input data, as appropriate",
        "why the performance metrics are appropriate for this system",
        "description of the risk management system (Art. 9)",
        "date of change",
        "relevant change made to the system",
        "version after the change",
        "harmonised standards applied, or 'none'",
        "solutions adopted and other standards and specifications applied",
        "date of the EU declaration of conformity",
        "data collected for post-market monitoring and its sources",
        "analysis of post-market data and its frequency",
        "analysis of the interaction with other AI systems, or 'not relevant'",
        "how monitoring results feed the risk management and incident reporting",
    ]
    # every blank sits under the heading that asks for it
    assert [b.section for b in doc.to_fill][:2] == ["About this documentation (Art. 11(1))"] * 2


def test_small_mid_cap_had_no_simplified_form_before_the_amendment():
    before = make(KIND, "gas-grid-leak-isolation-small-midcap", as_of="2026-05-01")
    assert "Simplified form" not in before.markdown
    assert "whether the provider opts for the Commission's simplified form (yes/no)" not in blanks(before)
    # the 2024 text of Art. 72(3): an implementing act with the template by 2 February 2026
    assert "implementing act establishing a template for the post-market monitoring plan" in before.markdown
    assert "by 2 February 2026" in before.markdown


def test_sme_simplified_form_before_and_after_the_amendment():
    after = make(KIND, "online-exam-cheating-detection")
    assert "The provider is an SME, including a start-up. SMEs, including start-ups, and SMCs may provide" in after.markdown
    before = make(KIND, "online-exam-cheating-detection", as_of="2026-05-01")
    assert "**Simplified form (Art. 11(1), second subparagraph).** The provider is an SME" in before.markdown
    assert "targeted at the needs of small and microenterprises" in before.markdown
    assert "SMCs" not in before.markdown


def test_large_provider_gets_no_simplified_form():
    doc = make(KIND, "life-insurer-underwriting-pricing")
    assert "Simplified form" not in doc.markdown
    about = section(doc.markdown, "(Art. 11(1))")
    assert "| Provider | Life insurer, Belgium and Luxembourg |" in about
    assert "| High-risk basis | Annex III 5(c): AI systems intended to be used for risk assessment and pricing" in about
    assert "| First placed on the market or put into service | 1 January 2028 |" in about
    # Annex III point 5 and financial institutions: Art. 72(4) integration offered at point 9
    assert "Union financial services law" in section(doc.markdown, "(Annex IV 9)")


def test_notified_body_route_and_law_enforcement_data():
    casino = make(KIND, "casino-self-exclusion-face-check")
    assert "with the involvement of a notified body (Annex VII)" in section(casino.markdown, "(Art. 11(1))")
    police = make(KIND, "evidence-manipulation-scoring-for-police")
    assert "sensitive operational data of deployers which are law-enforcement authorities" in section(
        police.markdown, "(Annex IV 9)")
    assert "secure non-public section of the EU database" in section(police.markdown, "(Art. 11(1))")


def test_audit_figures_under_2g_and_group_gaps_under_3(loans_audit):
    doc = make(KIND, "life-insurer-underwriting-pricing", audit=loans_audit)
    accuracy = f"{loans_audit.overall.metrics['accuracy'].value:.3f}"
    two_g = section(doc.markdown, "(Annex IV 2(g))")
    assert f"| accuracy | {accuracy} |" in two_g
    assert loans_audit.law_version in two_g
    assert f"Audit of `{loans_audit.source.description}`" in two_g
    # no accuracy blank once the audit gives the figures
    assert "accuracy metrics and results (or attach an aiact audit result)" not in blanks(doc)
    three = section(doc.markdown, "(Annex IV 3)")
    assert f"accuracy **{accuracy}**" in three
    sex = next(a for a in loans_audit.attributes if a.name == "sex")
    gap = sex.summary["accuracy"]
    row = f"| accuracy | {gap.best_group} | "
    assert row in three and f"| {gap.worst_group} | " in three
    assert f"| {gap.judged_difference:.3f} |" in three
    # the audit's concerns are listed as foreseeable discriminatory impacts
    concern = next(f for f in loans_audit.findings if f.severity == "concern" and f.attribute == "age_band")
    assert concern.text in three


def test_audit_json_gives_the_same_document(loans_audit):
    from_model = make(KIND, "online-exam-cheating-detection", audit=loans_audit).markdown
    from_json = make(KIND, "online-exam-cheating-detection", audit=loans_audit.model_dump(mode="json")).markdown
    assert from_json == from_model


def test_without_audit_accuracy_is_a_blank():
    doc = make(KIND, "water-network-contamination-shutoff")
    assert "[TO FILL: accuracy metrics and results (or attach an aiact audit result)]" in section(
        doc.markdown, "(Annex IV 2(g))")
    assert "[TO FILL: accuracy for specific persons or groups (or attach an aiact audit result)]" in doc.markdown


@pytest.mark.parametrize("case", ["retail-group-cv-ranking", "grocery-demand-forecasting"])
def test_refused_where_the_law_does_not_require_it(case):
    refused_then_forced(KIND, case)
