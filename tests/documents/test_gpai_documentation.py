"""Documentation of a general-purpose AI model (Art. 53-55, Annexes XI and XII): the parts owed
follow the assessment; open-source models keep only Art. 53(1)(c) and (d); training compute and
energy come from `aiact compute --json` or the answers."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import aiact
from aiact import documents
from aiact.cli.main import app
from aiact.engine.errors import InputError

from .conftest import blanks, case_profile, make, points, refused_then_forced

KIND = "gpai-documentation"
FRONTIER = "us-frontier-model-api-and-chat-app"
OPEN = "open-weights-7b-language-model"
ANNEXES = "annex-XI-XII-XIII.md"
GPAI = "08-gpai.md"


def sub_points(heading: str, until: str) -> list[str]:
    return [p for p in points(ANNEXES, heading, until=until) if p.startswith("(")]


def has_heading(doc: documents.Document, suffix: str) -> bool:
    return any(h.endswith(suffix) for h in doc.sections)


def test_annex_xi_section_1_every_sub_point_is_a_heading():
    doc = make(KIND, FRONTIER)
    point_1 = sub_points("#### Section 1", "- 2. A detailed description")
    point_2 = sub_points("- 2. A detailed description", "#### Section 2")
    assert point_1 == ["(a)", "(b)", "(c)", "(d)", "(e)", "(f)"]
    assert point_2 == ["(a)", "(b)", "(c)", "(d)", "(e)"]
    for n, labels in (("1", point_1), ("2", point_2)):
        assert has_heading(doc, f"(Annex XI, Section 1, point {n})")
        for label in labels:
            assert has_heading(doc, f"(Annex XI, Section 1, point {n}{label})"), (n, label)


def test_annex_xi_section_2_for_systemic_risk():
    doc = make(KIND, FRONTIER)
    numbers = points(ANNEXES, "#### Section 2", until="## ANNEX XII")
    assert numbers == ["1.", "2.", "3."]
    for n in numbers:
        assert has_heading(doc, f"(Annex XI, Section 2, point {n[:-1]})"), n


def test_annex_xii_every_sub_point_is_a_heading():
    doc = make(KIND, FRONTIER)
    point_1 = sub_points("## ANNEX XII", "- 2. A description of the elements")
    point_2 = sub_points("- 2. A description of the elements", "## ANNEX XIII")
    assert point_1 == ["(a)", "(b)", "(c)", "(d)", "(e)", "(f)", "(g)", "(h)"]
    assert point_2 == ["(a)", "(b)", "(c)"]
    for n, labels in (("1", point_1), ("2", point_2)):
        assert has_heading(doc, f"(Annex XII, point {n})")
        for label in labels:
            assert has_heading(doc, f"(Annex XII, point {n}{label})"), (n, label)


@pytest.mark.parametrize("case", [FRONTIER, OPEN])
def test_art53_1_points_are_cited_in_headings(case):
    doc = make(KIND, case)
    found = points(GPAI, "## Article 53", until="2. The obligations set out")
    labels = [p for p in found if p.startswith("(") and p not in ("(i)", "(ii)")]  # (i)-(ii) are sub-points of (b)
    assert labels == ["(a)", "(b)", "(c)", "(d)"]
    for label in labels:
        assert any(f"Art. 53(1){label}" in h for h in doc.sections), label


def test_art54_and_art55_for_a_non_eu_provider_with_systemic_risk():
    doc = make(KIND, FRONTIER)
    labels = [p for p in points(GPAI, "## Article 55", until="2. Providers of general-purpose AI models with")
              if p.startswith("(")]
    assert labels == ["(a)", "(b)", "(c)", "(d)"]
    for label in labels:
        assert has_heading(doc, f"(Art. 55(1){label})"), label
    assert "Authorised representative in the Union (Art. 54)" in doc.sections
    md = doc.markdown
    assert "| Authorised representative in the Union | Art. 54 | required |" in md
    assert "| Established in the Union | no |" in md
    # the retention period of Art. 54(3)(b) is the dated parameter art54.documentation_years
    assert "for 10 years after the model has been placed on the market" in md
    assert "Notified the Commission under Art. 52(1)" in md


def test_prefilled_values_frontier_model():
    doc = make(KIND, FRONTIER)
    md = doc.markdown
    assert "| Provider of the general-purpose AI model | US AI lab |" in md
    assert "| Systemic risk (Art. 51) | yes: presumed from training compute above 1 x 10^25 FLOP (Art. 51(2)) |" in md
    assert "| Date of release (placing on the Union market) | 1 March 2026 |" in md
    assert "| Duties apply to this model from | 1 March 2026 |" in md
    assert "- Training compute: 4 x 10^25 FLOP" in md
    assert "- Method: figure given; arithmetic: 4e+25 FLOP as reported (source: answers to the art51_2 questions)" in md
    assert "- Not released under a free and open-source licence (from the answers)." in md
    assert doc.data["parts"] == {
        "annex_xi_1": True, "annex_xi_2": True, "annex_xii": True, "copyright_policy": True,
        "training_summary": True, "authorised_representative": True, "systemic_risk_obligations": True}
    assert doc.data["training_compute_flop"] == 4e25
    assert doc.data["energy_kwh"] is None


def test_training_summary_template_is_marked_adopted():
    md = make(KIND, FRONTIER).markdown
    assert "- Template: **adopted**. Explanatory Notice and Template for the Public Summary of Training Content" in md
    assert "(Commission Communication C(2025) 8311), published by the AI Office on 24 July 2025" in md
    doc = make(KIND, OPEN)
    for section in ("1. General information", "2. List of data sources", "3. Data processing aspects"):
        assert any(h.startswith(section) and h.endswith("section " + section[0] + ")") for h in doc.sections)


def test_before_the_template_it_is_marked_not_yet_provided():
    doc = make(KIND, OPEN, as_of="2025-07-20", force=True)
    assert "- Template: **not yet provided** by the AI Office on 20 July 2025" in doc.markdown


def test_open_source_model_keeps_only_c_and_d():
    doc = make(KIND, OPEN)
    md = doc.markdown
    exemption = ("not required: open-source exception of Art. 53(2) (free and open-source licence, weights, "
                 "architecture and usage information public; no systemic risk)")
    for row in ("| Technical documentation for the AI Office and national competent authorities (Annex XI, Section 1) | Art. 53(1)(a) | ",
                "| Information for downstream providers (Annex XII) | Art. 53(1)(b) | "):
        assert row + exemption + " |" in md
    assert "| Copyright policy | Art. 53(1)(c) | required |" in md
    assert "| Public summary of the content used for training | Art. 53(1)(d) | required |" in md
    assert "| Authorised representative in the Union | Art. 54 | not required: the provider is established in the Union (Art. 54(1)) |" in md
    assert "| Obligations for models with systemic risk | Art. 55(1) | not required: the model has no systemic risk (Art. 51) |" in md
    # the sections the exemption removes are shown as not required, not dropped
    for heading in (
        "1. General description of the model: not required (Annex XI, Section 1, point 1)",
        "2. Elements of the model and its development process: not required (Annex XI, Section 1, point 2)",
        "Section 2: Additional information for models with systemic risk: not required (Annex XI, Section 2)",
        "1. General description of the model: not required (Annex XII, point 1)",
        "2. Elements of the model and its development process: not required (Annex XII, point 2)",
        "Copyright policy (Art. 53(1)(c))",
        "Public summary of the content used for training (Art. 53(1)(d))",
        "Authorised representative in the Union (Art. 54)",
        "Obligations for models with systemic risk (Art. 55(1))",
    ):
        assert heading in doc.sections, heading
    assert not any(h.endswith("(Annex XI, Section 1, point 1(a))") for h in doc.sections)
    assert md.count("The open-source exception of Art. 53(2) does not cover this point.") == 2
    assert "known from answers to the art51_2 questions: 6 x 10^23 FLOP; method: figure given." in md
    assert doc.data["open_source_exception"] is True


def test_blanks_open_source_model():
    assert blanks(make(KIND, OPEN)) == [
        "name and version of the model",
        "date of this version of the documentation",
        "copyright policy reference and date",
        "technologies and procedures for identifying and honouring rights reservations",
        "contact point for rightholders",
        "web address and date of publication of the summary",
        "versioned model name and model dependencies",
        "modalities, data size, content types, data cut-off and languages",
        "publicly available datasets used, or 'none'",
        "private third-party datasets and licensed data, or 'none'",
        "crawled and scraped data, crawlers and top domain names, or 'none'",
        "user data used, or 'none'",
        "synthetic data used, or 'none'",
        "other data sources, or 'none'",
        "measures respecting text and data mining opt-outs",
        "measures to remove illegal content",
        "code of practice adhered to, or alternative means of compliance",
    ]


def _compute_json(*args: str) -> dict:
    result = CliRunner().invoke(app, ["compute", *args, "--json", "--as-of", "2026-11-27"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_compute_and_energy_from_aiact_compute_json():
    figures = _compute_json("--accelerator-hours", "1.2e7", "--peak-flops", "9.89e14", "--utilisation", "0.4",
                            "--power-kw", "0.7", "--pue", "1.2")
    doc = make(KIND, FRONTIER, compute=figures)
    md = doc.markdown
    assert "- Training compute: 1.71 x 10^25 FLOP" in md
    assert ("- Method: hardware: accelerator-hours x peak FLOP/s x utilisation x 3600; arithmetic: 1.2e+07 "
            "accelerator-hours x 9.89e+14 FLOP/s x 0.4 utilisation x 3600 s/h (source: `aiact compute` as of 2026-11-27)") in md
    assert "- Energy consumption (estimate): 10 080 000 kWh (10 080 MWh)" in md
    assert "- Arithmetic: 1.2e+07 accelerator-hours x 0.7 kW x PUE 1.2" in md
    assert doc.data["energy_kwh"] == pytest.approx(1.2e7 * 0.7 * 1.2)
    assert not any(b.startswith("known or estimated energy consumption") for b in blanks(doc))


def test_compute_estimated_from_parameters_and_tokens_in_the_answers():
    p = case_profile(OPEN)
    p.clear_answer("art51_2.training_flop")
    p.set_answer("art51_2.mixture_of_experts", False)
    p.set_answer("art51_2.training_tokens", 1.5e13)
    doc = documents.build(KIND, p, aiact.assess(p))
    assert doc.data["training_compute_flop"] == pytest.approx(6 * 7e9 * 1.5e13)
    assert "6.3 x 10^23 FLOP; method: dense transformer estimate" in doc.markdown


def test_without_figures_compute_is_blank():
    p = case_profile(FRONTIER)
    p.clear_answer("art51_2.training_flop")
    p.set_answer("art51_2.compute_range", "over_1e25")
    doc = documents.build(KIND, p, aiact.assess(p))
    assert doc.data["training_compute_flop"] is None
    assert "training compute in FLOP (or run aiact compute)" in blanks(doc)


def test_bad_compute_option_is_refused():
    with pytest.raises(InputError, match="aiact compute --json"):
        make(KIND, FRONTIER, compute={"flop": 4e25})


@pytest.mark.parametrize("case", ["grocery-demand-forecasting", "utility-faq-chat-widget"])
def test_refused_without_a_model(case):
    doc = refused_then_forced(KIND, case, match="does not require the general-purpose AI model documentation")
    assert not any(doc.data["parts"].values())
    assert "Not required: the assessment lists no obligation under Art. 53(1)(d) for this asker." in doc.markdown
