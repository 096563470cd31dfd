"""Registration data for the EU database (Art. 49, Art. 71, Annex VIII): the section the
assessment calls for, every point of it as a heading citing it, the non-public section of
Art. 49(4), the national registration of Art. 49(5), Section B as amended, and the JSON form."""

from __future__ import annotations

import json
import re

import pytest

import aiact
from aiact import documents
from aiact.engine.lawtext import TEXT_ROOT

from .conftest import blanks, case_profile, make, points, refused_then_forced


def section_points(section: str) -> list[str]:
    """The points of a section of Annex VIII, read from the Act's text ('1', '2', ...)."""
    until = {"A": "#### Section B", "B": "#### Section C", "C": None}[section]
    return [p.rstrip(".") for p in points("annex-VIII.md", f"#### Section {section}", until=until)]


def art49_4(point: str) -> str:
    """The words of Art. 49(4), point (a), (b) or (c)."""
    text = (TEXT_ROOT / "06-conformity-registration.md").read_text(encoding="utf-8")
    m = re.search(rf"^- \({point}\) (.+)$", text[text.index("4. For high-risk AI systems referred to in points 1, 6 and 7"):], re.M)
    assert m
    return m.group(1)


def headings_for(doc: documents.Document, section: str) -> list[str]:
    found = []
    for s in doc.sections:
        m = re.search(rf"\(Annex VIII Section {section} (\d+)\)$", s)
        if m:
            found.append(m.group(1))
    return found


def test_provider_of_a_high_risk_system_registers_every_point_of_section_a_publicly():
    doc = make("registration", "life-insurer-underwriting-pricing")
    expected = section_points("A")
    assert expected == [str(n) for n in range(1, 14)]
    assert headings_for(doc, "A") == expected
    data = doc.data
    assert data is not None
    assert (data["schema"], data["section"], data["database"], data["basis"]) == (
        "aiact.registration/1", "A", "public", "Art. 49(1)")
    assert [f["point"] for f in data["fields"]] == expected
    assert [f["ref"] for f in data["fields"]][:2] == ["Annex VIII Section A 1", "Annex VIII Section A 2"]
    by_point = {f["point"]: f for f in data["fields"]}
    assert by_point["1"]["value"] == "Life insurer, Belgium and Luxembourg"
    assert by_point["1"]["label"] == "The name, address and contact details of the provider"
    assert by_point["4"]["value"] == "Life insurer builds its own underwriting and pricing model"
    assert by_point["7"]["value"] == "not yet on the market or in service (planned from 1 January 2028)"
    # internal control: no notified body certificate (points 8 and 9, "where applicable")
    assert by_point["8"]["value"].startswith("not applicable: conformity assessment based on internal control (Annex VI)")
    assert by_point["3"]["value"].startswith("not applicable: the provider is established in the Union")
    assert "Annex III 5(c)" in by_point["5"]["note"]
    assert "publicly accessible part (Art. 71(4))" in doc.markdown
    assert "Register before | 1 January 2028 (your launch)" in doc.markdown
    assert blanks(doc) == [
        "address of the provider",
        "contact details of the provider",
        "name, address and contact details of the person submitting on the provider's behalf, or 'none'",
        "additional unambiguous reference (version, model or product number)",
        "intended purpose of the AI system, and the components and functions it supports",
        "basic and concise description of the information used (data, inputs) and the operating logic",
        "Member States where the system is placed on the market, put into service or made available",
        "copy of the EU declaration of conformity (attach)",
        "electronic instructions for use (file or URL)",
        "URL for additional information (optional), or 'none'",
        "name and function of the person responsible for the registration",
    ]
    # the structured form is what `--format json` writes
    assert json.loads(json.dumps(data)) == data


def test_a_notified_body_procedure_leaves_the_certificate_points_to_fill():
    doc = make("registration", "casino-self-exclusion-face-check")
    assert doc.data is not None and doc.data["database"] == "public"
    by_point = {f["point"]: f for f in doc.data["fields"]}
    assert by_point["8"]["value"] is None
    assert by_point["8"]["missing"] == [
        "type, number and expiry date of the certificate; name or identification number of the notified body"]
    assert by_point["9"]["missing"] == ["scanned copy of the notified body's certificate"]


def test_law_enforcement_provider_enters_only_the_points_of_art49_4_a_in_the_non_public_section():
    assert art49_4("a") == "Section A, points 1 to 10, of Annex VIII, with the exception of points 6, 8 and 9;"
    doc = make("registration", "evidence-manipulation-scoring-for-police")
    expected = [p for p in section_points("A") if 1 <= int(p) <= 10 and p not in ("6", "8", "9")]
    assert headings_for(doc, "A") == expected == ["1", "2", "3", "4", "5", "7", "10"]
    assert doc.data is not None and doc.data["database"] == "non_public"
    assert [o["point"] for o in doc.data["omitted"]] == ["6", "8", "9", "11", "12", "13"]
    assert "secure non-public section of the EU database" in doc.markdown


@pytest.mark.parametrize("case", ["police-post-event-face-matching", "border-traveller-risk-flagging"])
def test_public_authority_deployer_in_law_enforcement_or_border_control_registers_section_c_1_to_3(case):
    assert art49_4("c") == "Section C, points 1 to 3, of Annex VIII;"
    doc = make("registration", case)
    assert headings_for(doc, "C") == ["1", "2", "3"]
    assert "Registration by the deployer (Art. 49(3); Annex VIII Section C)" in doc.sections
    data = doc.data
    assert data is not None
    assert (data["section"], data["database"]) == ("C", "non_public")
    assert data["fields"][0]["value"] == case_profile(case).organisation
    assert [o["point"] for o in data["omitted"]] == ["4", "5"]


def test_public_authority_deployer_registers_all_of_section_c_publicly():
    doc = make("registration", "national-university-admissions-allocation")
    assert headings_for(doc, "C") == section_points("C") == ["1", "2", "3", "4", "5"]
    data = doc.data
    assert data is not None and (data["section"], data["database"], data["basis"]) == ("C", "public", "Art. 49(3)")
    assert data["fields"][0]["value"] == "national higher-education admissions agency"
    fria = next(f for f in data["fields"] if f["point"] == "4")
    assert fria["note"] == "The assessment is the one of Art. 27 (aiact docs fria)."
    assert blanks(doc) == [
        "address of the deployer",
        "contact details of the deployer",
        "name, address and contact details of the person submitting on the deployer's behalf",
        "URL of the provider's entry of the AI system in the EU database",
        "summary of the findings of the fundamental rights impact assessment",
        "summary of the data protection impact assessment (Art. 26(8)), or 'not applicable'",
        "name and function of the person responsible for the registration",
    ]


def test_art6_3_provider_registers_section_b_without_the_points_deleted_in_2026():
    doc = make("registration", "admissions-document-sorting-duplicates")
    assert section_points("B") == [str(n) for n in range(1, 10)]
    # Regulation (EU) 2026/1744, Art. 1, point (42): "in Annex VIII, section B, points 7 and 9 are deleted"
    assert headings_for(doc, "B") == ["1", "2", "3", "4", "5", "6", "8"]
    data = doc.data
    assert data is not None and (data["section"], data["database"], data["basis"]) == ("B", "public", "Art. 49(2)")
    by_point = {f["point"]: f for f in data["fields"]}
    assert by_point["6"]["value"] == "Art. 6(3)(a): the AI system is intended to perform a narrow procedural task"
    assert by_point["8"]["value"] == "not yet on the market or in service (planned from 1 February 2028)"
    assert [(o["point"], o["why"]) for o in data["omitted"]] == [
        ("7", "deleted by Regulation (EU) 2026/1744 (Art. 1, point (42))"),
        ("9", "deleted by Regulation (EU) 2026/1744 (Art. 1, point (42))"),
    ]


def test_before_the_omnibus_section_b_still_has_points_7_and_9():
    doc = make("registration", "admissions-document-sorting-duplicates", as_of="2026-07-01")
    assert headings_for(doc, "B") == section_points("B")
    assert doc.data is not None and doc.data["omitted"] == []


def asylum_translation_profile() -> aiact.Profile:
    """The admissions tool's answers, moved to Annex III 7(c) with the preparatory task of
    Art. 6(3)(d) (the scenario of tests/law/art6/art6_3.yaml: translating asylum applicants'
    documents for caseworkers)."""
    answers = {k: v for k, v in case_profile("admissions-document-sorting-duplicates").answers.items()
               if not k.startswith("annex3_3_")}
    answers.update({"annex3_3.education": False, "context.migration_border": True,
                    "annex3_7_c.applications": True, "annex3.use_not_permitted": False,
                    "art6_3.condition": "preparatory"})
    return aiact.profile(answers, name="Translation of asylum applicants' documents for caseworkers",
                         organisation="language-technology company in Vienna", as_of="2026-11-27")


def test_art6_3_provider_in_migration_registers_section_b_non_public():
    assert art49_4("b") == "Section B, points 1 to 5, and points 8 and 9 of Annex VIII;"
    p = asylum_translation_profile()
    doc = documents.build("registration", p, aiact.assess(p))
    # Art. 49(4)(b) names points 1-5, 8 and 9; point 9 no longer exists since 2026/1744
    assert headings_for(doc, "B") == ["1", "2", "3", "4", "5", "8"]
    data = doc.data
    assert data is not None and (data["section"], data["database"]) == ("B", "non_public")
    assert data["annex_iii"] == ["Annex III 7(c)"]
    # point 6 (the Art. 6(3) condition) is not among the points of Art. 49(4)(b)
    assert [o["point"] for o in data["omitted"]] == ["6", "7", "9"]
    assert data["fields"][0]["value"] == "language-technology company in Vienna"


def test_critical_infrastructure_is_registered_at_national_level():
    doc = make("registration", "water-network-contamination-shutoff")
    data = doc.data
    assert data is not None
    assert (data["section"], data["database"], data["basis"]) == ("A", "national", "Art. 49(5)")
    assert "Registration by the provider (Art. 49(5); Annex VIII Section A)" in doc.sections
    assert "registered at national level (Art. 49(5)), not in the EU database" in doc.markdown
    assert blanks(doc)[0] == "national register and the authority that keeps it"


def test_private_deployer_owes_no_registration():
    doc = refused_then_forced("registration", "retail-group-cv-ranking")
    assert "No registration is owed by this asker (Art. 49)" in doc.sections
    assert doc.data is not None and doc.data["registrations"] == [] and doc.data["section"] is None
