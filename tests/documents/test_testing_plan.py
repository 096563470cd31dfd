"""Real-world testing plan (Art. 60, Art. 61, Annex IX; Art. 60a): built for the providers of
Annex III systems who choose to test, with the periods of the dated parameters art60.*."""

from __future__ import annotations

import pytest

import aiact
from aiact import documents
from aiact.engine.errors import InputError
from aiact.engine.load import load_law

from .conftest import blanks, case_profile, make, points, refused_then_forced

KIND = "testing-plan"
CASES = ["life-insurer-underwriting-pricing", "online-exam-cheating-detection"]
TEXT = "09-sandboxes-testing.md"


def headings(doc: documents.Document) -> list[str]:
    return doc.sections


@pytest.mark.parametrize("case", CASES)
def test_every_condition_of_art60_4_has_its_heading(case):
    doc = make(KIND, case)
    labels = [p for p in points(TEXT, "## Article 60", until="## Article 61") if p.startswith("(")]
    assert labels == ["(a)", "(b)", "(c)", "(d)", "(e)", "(f)", "(g)", "(h)", "(i)", "(j)", "(k)"]
    for label in labels:
        assert any(h.startswith(label) and h.endswith(f"(Art. 60(4){label})") for h in headings(doc)), label


@pytest.mark.parametrize("case", CASES)
def test_every_paragraph_of_art60_is_cited_in_a_heading(case):
    doc = make(KIND, case)
    paragraphs = [p.rstrip(".") for p in points(TEXT, "## Article 60", until="## Article 61") if p[0].isdigit()]
    assert paragraphs == [str(n) for n in range(1, 10)]
    for n in paragraphs:
        assert any(f"Art. 60({n})" in h for h in headings(doc)), n


@pytest.mark.parametrize("case", CASES)
def test_informed_consent_points_of_art61(case):
    doc = make(KIND, case)
    found = points(TEXT, "## Article 61", until="## Article 62")
    assert found == ["1.", "(a)", "(b)", "(c)", "(d)", "(e)", "2."]
    for label in [p for p in found if p.startswith("(")]:
        assert any(h.startswith(label) and h.endswith(f"(Art. 61(1){label})") for h in headings(doc)), label
    assert "Consent dated, documented and copied to the subject (Art. 61(2))" in headings(doc)


@pytest.mark.parametrize("case", CASES)
def test_annex_ix_points_are_headings(case):
    doc = make(KIND, case)
    numbers = points("annex-IX-X.md", "## ANNEX IX", until="## ANNEX X")
    assert numbers == ["1.", "2.", "3.", "4.", "5."]
    for n in numbers:
        assert any(h.startswith(n) and h.endswith(f"(Annex IX, point {n[:-1]})") for h in headings(doc)), n


def test_required_status_is_optional_through_art9():
    doc = make(KIND, "online-exam-cheating-detection")
    assert doc.required is True
    assert doc.reason == ("needed only if you choose to: testing the system in real-world conditions before "
                          "placing it on the market (Art. 60(1), Art. 9(8))")
    a = aiact.assess(case_profile("online-exam-cheating-detection"))
    need = next(n for n in documents.needs(a) if n.kind.id == KIND)
    assert need.status == "optional"
    assert [o.id for o in need.obligations] == ["art9"]
    assert need.refs == ["Art. 60", "Art. 61", "Annex IX"]


def test_prefilled_values_online_exam():
    doc = make(KIND, "online-exam-cheating-detection")
    md = doc.markdown
    assert "| Provider or prospective provider | Tallinn education-technology start-up |" in md
    assert "| High-risk basis | Annex III 3(d): AI systems intended to be used for monitoring and detecting prohibited behaviour of students during tests" in md
    assert "- The provider is established in the Union (from the answers)." in md
    assert "registered in accordance with Art. 71(4)" in md
    assert doc.data["route"] == "art60"
    assert doc.data["registration"] == "annex_ix"


def test_periods_come_from_the_dated_parameters():
    import datetime as dt

    law = load_law()
    doc = make(KIND, "online-exam-cheating-detection")
    on = dt.date.fromisoformat(doc.record["as_of"])
    months = law.params["art60.max_months"].at(on)
    extension = law.params["art60.extension_months"].at(on)
    days = law.params["art60.tacit_approval_days"].at(on)
    assert (f"(f) Duration: no longer than necessary, at most {months} months, extendable once by "
            f"{extension} months (Art. 60(4)(f))") in doc.sections
    assert f"(b) Approval, or tacit approval after {days} days (Art. 60(4)(b))" in doc.sections
    assert doc.data["periods"] == {"max_months": months, "extension_months": extension, "tacit_approval_days": days}


def test_dates_computed_from_the_planned_start():
    doc = make(KIND, "life-insurer-underwriting-pricing", test_start="2027-03-01", plan_submitted="2027-01-15")
    md = doc.markdown
    assert "| Planned start of the testing | 1 March 2027 |" in md
    assert "- Start: 1 March 2027. Latest last day of the first period of 6 months: 31 August 2027." in md
    assert ("- Latest last day with the extension of 6 months (only after prior notification with an "
            "explanation of the need): 29 February 2028.") in md
    assert "the period of 30 days ends on 14 February 2027" in md
    assert "- Date of submission: 15 January 2027" in md
    assert doc.data["latest_end_first_period"] == "2027-08-31"
    assert doc.data["latest_end_with_extension"] == "2028-02-29"
    assert doc.data["tacit_approval_period_ends"] == "2027-02-14"
    assert not any("give the planned start" in b for b in blanks(doc))


def test_start_at_the_end_of_a_month():
    import datetime as dt

    doc = make(KIND, "life-insurer-underwriting-pricing", test_start=dt.date(2027, 8, 31))
    assert doc.data["latest_end_first_period"] == "2028-02-29"
    assert doc.data["latest_end_with_extension"] == "2028-08-30"


def test_bad_start_date_is_refused():
    with pytest.raises(InputError, match="not a date"):
        make(KIND, "life-insurer-underwriting-pricing", test_start="March 2027")


def test_provider_that_also_deploys():
    md = make(KIND, "life-insurer-underwriting-pricing").markdown
    assert "the provider also deploys the system itself" in md
    assert "| Provider or prospective provider | Life insurer, Belgium and Luxembourg |" in md
    assert "Annex III 5(c): AI systems intended to be used for risk assessment and pricing" in md


def test_blanks_online_exam_without_dates():
    doc = make(KIND, "online-exam-cheating-detection")
    assert blanks(doc) == [
        "Member State(s) where the testing is conducted",
        "market surveillance authority of that Member State",
        "planned start date of the testing",
        "date of this plan",
        "name and function of the person responsible for the testing",
        "intended purpose of the AI system",
        "what the testing is to show",
        "metrics and thresholds, defined before the testing",
        "subjects of the testing",
        "where and under which conditions the system is tested",
        "ethical review and outcome, or 'none required'",
        "date the plan was submitted",
        "approval date and reference, or date of tacit approval",
        "identification number given on registration",
        "consent to public access: yes or no",
        "third countries and safeguards, or 'no transfer'",
        "planned duration and justification",
        "last day of the first period (give the planned start to compute it)",
        "last day with the extension (give the planned start to compute it)",
        "date of the extension notice, or 'no extension'",
        "vulnerable groups among the subjects, or 'none'",
        "measures protecting vulnerable subjects",
        "deployers taking part, or 'none'",
        "date the information and instructions for use were given",
        "agreement reference and date",
        "overseers for the provider, and their qualification, training and authority",
        "overseers for the deployers, and their qualification, training and authority",
        "procedure to reverse or disregard outputs",
        "nature and objectives of the testing, and inconvenience linked to participation",
        "conditions of the testing and expected duration of each subject's participation",
        "how to refuse, withdraw and request deletion",
        "how subjects request the reversal or disregarding of predictions, recommendations or decisions",
        "contact details from which further information can be obtained",
        "how consent is documented and dated",
        "how the copy reaches the subject or legal representative",
        "withdrawal and deletion procedure",
        "data kept, retention period and deletion",
        "what happens to the outputs of the testing",
        "contact point for inspections and requests",
        "incident detection and reporting responsibilities",
        "mitigation, suspension and termination criteria",
        "recall procedure",
        "person notifying the authority",
        "insurance or other cover",
        "contact details of the provider",
        "version and other identifying information",
        "summary of the main characteristics of this plan",
    ]


def test_law_enforcement_system_registers_in_the_non_public_section():
    doc = make(KIND, "evidence-manipulation-scoring-for-police")
    md = doc.markdown
    assert doc.data["registration"] == "non_public"
    assert "secure non-public section of the EU database according to Art. 49(4), point (d)" in md
    assert "Not registered in the secure non-public section: Art. 49(4)(d) lists points 1, 2, 3 and 5 only." in md
    assert "summary of the main characteristics of this plan" not in blanks(doc)
    # the law-enforcement alternative to consent (Art. 60(4)(i))
    assert "where seeking informed consent would prevent the system from being tested" in md
    assert "Registration data (Art. 49(4)(d); Annex IX)" in doc.sections


def test_critical_infrastructure_registers_at_national_level():
    doc = make(KIND, "water-network-contamination-shutoff")
    assert doc.data["registration"] == "national"
    assert "registered in accordance with Art. 49(5), at national level" in doc.markdown


def test_annex_i_section_a_product_uses_the_amended_art60():
    doc = make(KIND, "retinal-screening-medical-software")
    assert doc.data["route"] == "art60_annex1a"
    assert "Since Regulation (EU) 2026/1744, Art. 60(1)-(2) cover such systems too" in doc.markdown


def test_annex_i_section_b_product_follows_art60a_when_forced():
    case = "press-brake-learning-hand-guard-after-omnibus"
    doc = refused_then_forced(KIND, case)
    assert doc.data["route"] == "art60a"
    assert "About the testing (Art. 60a(1))" in doc.sections
    assert "Framework for real-world testing of the Member State (Art. 60a(1)-(6))" in doc.sections
    assert "Registration data (Annex IX)" not in doc.sections
    assert "| National competent authority or relevant authority |" in doc.markdown
    assert "Not applicable (Art. 60a(5)(a)): the plan is agreed with the authority" in doc.markdown


@pytest.mark.parametrize("case", ["grocery-demand-forecasting", "retail-group-cv-ranking"])
def test_refused_where_the_law_does_not_call_for_it(case):
    doc = refused_then_forced(KIND, case, match="does not require the real-world testing plan")
    assert any(h.endswith("(Art. 60(4)(k))") for h in doc.sections)


def test_system_without_a_testing_route_says_so_when_forced():
    doc = make(KIND, "grocery-demand-forecasting", force=True)
    assert doc.data["route"] == "none"
    assert "The assessment gives no high-risk basis for which Art. 60 provides testing" in doc.markdown
