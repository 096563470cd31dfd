"""Serious incident report (Art. 73, Art. 3(49); Art. 26(5) for deployers): the deadlines are
dates counted from the day of awareness with the dated periods of Art. 73(2)-(4)."""

from __future__ import annotations

import datetime as dt

import pytest

from aiact.engine.errors import InputError
from aiact.engine.law import long_date
from aiact.engine.load import load_law

from .conftest import blanks, make, points, refused_then_forced

LAW = load_law()


def period(name: str, day: dt.date) -> int:
    return LAW.params[f"art73.{name}_days"].at(day)


def test_points_of_the_serious_incident_definition_and_of_article_73_are_sections():
    doc = make("incident-report", "life-insurer-underwriting-pricing")
    letters = points("01-scope-definitions.md", "‘serious incident’ means", until="- (50)")
    assert letters == ["(a)", "(b)", "(c)", "(d)"]
    for p in letters:
        assert any(s.startswith(p) and s.endswith(f"(Art. 3(49){p})") for s in doc.sections), p
    paragraphs = [p.rstrip(".") for p in points("10-post-market-incidents.md", "## Article 73")]
    assert paragraphs == [str(n) for n in range(1, 12)]
    for p in paragraphs[:6] + ["9"]:  # (1)-(6) and, for an Annex III system, (9)
        assert any(s.endswith(f"(Art. 73({p}))") for s in doc.sections), p
    assert "Commission guidance and reporting template (Art. 73(7))" in doc.sections
    assert "Deployer's duties on a serious incident (Art. 26(5))" in doc.sections


def test_the_deadlines_are_dates_from_the_day_of_awareness():
    doc = make("incident-report", "life-insurer-underwriting-pricing", aware_on="2027-12-20", incident_kind="death")
    md = doc.markdown
    assert "- Became aware on: **20 December 2027**." in md
    assert "**22 December 2027**, 2 days after 20 December 2027 (not this incident's period)" in md
    assert "**30 December 2027**, 10 days after 20 December 2027 (this period applies: death)" in md
    assert "**4 January 2028**, 15 days after 20 December 2027 (not this incident's period)" in md
    assert "- Applies: yes (death)" in md  # Art. 3(49)(a)
    assert "whether point (a) applies, and how" not in blanks(doc)
    assert "widespread infringement, critical infrastructure, death, or other (--incident-kind)" not in blanks(doc)


def test_the_deadlines_follow_the_dated_parameters():
    doc = make("incident-report", "casino-self-exclusion-face-check", aware_on=dt.date(2028, 2, 27),
               incident_kind="critical_infrastructure")
    day = dt.date.fromisoformat(doc.record["as_of"])
    aware = dt.date(2028, 2, 27)
    for name in ("widespread", "death", "general"):
        due = aware + dt.timedelta(days=period(name, day))
        assert f"**{long_date(due)}**, {period(name, day)} days after {long_date(aware)}" in doc.markdown
    assert "29 February 2028" in doc.markdown  # a leap year: two days after 27 February
    assert "(this period applies: critical infrastructure)" in doc.markdown


def test_without_aware_on_the_assessment_date_is_used_and_said_plainly():
    doc = make("incident-report", "casino-self-exclusion-face-check")
    assert "- Became aware on: **27 November 2026**. No date of awareness was given (aiact docs incident-report --aware-on DATE), so the assessment date is used" in doc.markdown
    assert "**12 December 2026**, 15 days after 27 November 2026" in doc.markdown


def test_provider_prefilled_values_and_blanks():
    doc = make("incident-report", "casino-self-exclusion-face-check")
    md = doc.markdown
    assert "| Reporting provider | Antwerp security-technology company |" in md
    assert "| High-risk basis | Annex III 1(a): " in md
    assert "Deployer's duties on a serious incident (Art. 26(5))" not in doc.sections
    assert "(Art. 75(1a), inserted by Regulation (EU) 2026/1744)" in md
    assert "[DRAFT; source:" in md
    assert blanks(doc) == [
        "market surveillance authority of the Member State where the incident occurred",
        "date this report is submitted",
        "name, function and contact details of the person reporting",
        "date and time of the incident",
        "Member State(s) where the incident occurred",
        "what happened and how the AI system was involved",
        "who or what was harmed, and how",
        "whether point (a) applies, and how",
        "whether point (b) applies, and how",
        "whether point (c) applies, and how",
        "whether point (d) applies, and how",
        "date the causal link or its reasonable likelihood was established",
        "widespread infringement, critical infrastructure, death, or other (--incident-kind)",
        "initial (incomplete) or complete report; for a complete report, the date of the initial report",
        "risk assessment of the incident",
        "corrective action",
        "authorities and notified body involved, or 'none'",
        "Union act laying down equivalent reporting obligations, or 'none'",
    ]


def test_a_deployer_reports_under_article_26_5():
    doc = make("incident-report", "truck-cab-anger-panic-safety-alerts")
    assert doc.required
    assert "| Reporting deployer | Road haulage company |" in doc.markdown
    assert "Deployer's duties on a serious incident (Art. 26(5))" in doc.sections
    assert "are the provider's duty (Art. 73(6))" in doc.markdown
    assert not any(s.endswith("(Art. 73(9))") for s in doc.sections)  # a provider's limitation


def test_a_medical_device_gets_the_article_73_10_limitation():
    doc = make("incident-report", "retinal-screening-medical-software")
    assert "Medical devices and in vitro diagnostic medical devices (Art. 73(10))" in doc.sections
    assert not any(s.endswith("(Art. 73(10))") for s in make("incident-report", "casino-self-exclusion-face-check").sections)


@pytest.mark.parametrize("options, field", [({"aware_on": "last week"}, "aware_on"), ({"incident_kind": "fire"}, "incident_kind")])
def test_bad_options_are_input_errors(options, field):
    with pytest.raises(InputError) as err:
        make("incident-report", "casino-self-exclusion-face-check", **options)
    assert err.value.field == field


def test_refused_where_no_reporting_duty_and_forced_says_so():
    doc = refused_then_forced("incident-report", "grocery-demand-forecasting")
    assert "| Reporting operator |" in doc.markdown
