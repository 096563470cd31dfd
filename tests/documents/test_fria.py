"""The fundamental rights impact assessment (Art. 27; Art. 5(2)), as `aiact docs fria` writes it."""

from __future__ import annotations

import re

import pytest

import aiact
from aiact import documents

from .conftest import blanks, make, points, refused_then_forced


def headings(doc: documents.Document) -> list[str]:
    return doc.sections


@pytest.mark.parametrize("case", [
    "life-insurer-underwriting-pricing",           # Annex III 5(c): private deployer, FRIA all the same
    "national-university-admissions-allocation",   # public authority deployer
    "city-housing-allowance-eligibility",
])
def test_every_point_of_art_27_1_is_a_section(case):
    doc = make("fria", case)
    letters = [x for x in points("05-operators-obligations.md", "1. Prior to deploying a high-risk AI system referred to in Article 6(2)",
                     until="2. The obligation") if x.startswith("(")]
    assert letters == ["(a)", "(b)", "(c)", "(d)", "(e)", "(f)"]
    for letter in letters:
        assert any(h.startswith(letter) and f"(Art. 27(1){letter})" in h for h in headings(doc)), letter
    for para in ("Art. 27(2)", "Art. 27(3)", "Art. 27(4)"):
        assert any(f"({para})" in h for h in headings(doc)), para


def test_pre_filled_from_the_answers():
    doc = make("fria", "life-insurer-underwriting-pricing")
    md = doc.markdown
    assert "| Deployer | Life insurer, Belgium and Luxembourg |" in md
    # the insurer built the system itself, so it is its own provider
    assert "| Provider of the system | Life insurer, Belgium and Luxembourg |" in md
    assert "Annex III 5(c): AI systems intended to be used for risk assessment and pricing" in md
    assert "| Date of first use | 1 January 2028 |" in md
    assert "deployer of a high-risk system of Annex III 5(c) (Art. 27(1))" in md
    # the 2026 amendment lets the FRIA cross-refer to the DPIA (Art. 27(4) as replaced)
    assert "cross-refer to the relevant sections" in md


def test_before_the_amendment_art_27_4_reads_complements():
    doc = make("fria", "life-insurer-underwriting-pricing", as_of="2026-07-01")
    assert "complements that data protection impact assessment" in doc.markdown
    assert "cross-refer" not in doc.markdown


def test_a_deployer_buying_the_system_must_name_its_provider():
    doc = make("fria", "national-university-admissions-allocation")
    assert "name of the provider of the AI system" in blanks(doc)
    assert "deployer that is a body governed by public law (Art. 27(1))" in doc.markdown


def test_the_list_of_fields_to_fill_is_exact():
    doc = make("fria", "life-insurer-underwriting-pricing")
    assert blanks(doc) == [
        "date this assessment was completed",
        "name and function of the person responsible for this assessment",
        "intended purpose as stated by the provider",
        "the deployer's processes and the decisions the system supports",
        "how often the system is used (e.g. per application, daily, continuously)",
        "categories of persons and groups affected, including vulnerable groups",
        "group", "fundamental right concerned", "specific risk of harm", "likelihood and severity",
        "who oversees the system and how they are trained and empowered",
        "oversight measures applied to the outputs",
        "measures if a risk materialises", "internal governance arrangements", "complaint mechanisms",
        "earlier FRIA or provider's impact assessment relied on, or 'none'",
        "authority notified", "date of notification",
        "DPIA reference and date, or 'none'", "points covered by the DPIA and where",
    ]
    # the list at the end repeats them, numbered, with their sections
    tail = doc.markdown.split("## Still to fill", 1)[1]
    assert len(re.findall(r"^\d+\. ", tail, flags=re.M)) == len(doc.to_fill)


def test_authorised_real_time_rbi_adds_the_art_5_2_section():
    # a police force searching for a specific missing person, with prior authorisation (Art. 5(1)(h)(i), 5(2)-(3))
    answers = {
        "subject.kind": "system", "art3_1.machine_based_autonomy": True, "art3_1.infers": True,
        "art3_1.only_simple_techniques": False, "art3_1.outputs_influence": True, "art2_1.placed_in_eu": True,
        "art2_1.established_in_eu": True, "art2.exclusion": "none", "art2_12.free_open_source": False,
        "art3_3.develops": False, "art3_4.use": "professional", "org.kind": "public_body",
        "context.law_enforcement": True, "timeline.first_placed": "2025-03-01", "timeline.end_of_use": "ongoing",
        "art3_41.remote_biometric_identification": True, "art3_42.real_time": True,
        "art3_44.publicly_accessible_space": True, "art5_1_h.strictly_necessary": True,
        "art5_2.targeted_individual": True, "art5_5.national_law": True, "art5_3.authorisation": "prior",
        "art5_2.fria_completed": True, "art5_2.registration": "registered",
        "art5_1_a.manipulative_technique": False, "art5_1_b.exploits_vulnerability": False,
        "art5_1a.generates_media": False, "art5_1_c.social_scoring": False, "art5_1_d.predicts_offending": False,
        "art5_1_e.face_database": False, "art3_39.infers_emotions": False, "art3_40.biometric_categorisation": False,
        "art5_1_h_i.victims": True, "art5_1_h_ii.threat": False, "art5_1_h_iii.suspects": False,
        "art5_1_h.other_objective": False,
    }
    p = aiact.profile(answers, name="Missing-child search cameras", organisation="City police", as_of="2026-11-27")
    a = aiact.assess(p)
    assert "art5_2_fria" in {o.id for o in a.obligations}
    doc = documents.build("fria", p, a)
    assert any("(Art. 5(2))" in h for h in doc.sections)
    assert "law enforcement use of real-time remote biometric identification" in doc.markdown
    assert "authorisation reference and date" in blanks(doc)


def test_refused_for_a_minimal_risk_system_unless_forced():
    # refused, then written when forced: the first page says the law does not require it
    refused_then_forced("fria", "grocery-demand-forecasting",
                        match="does not require the fundamental rights impact assessment")


def test_refused_for_a_private_deployer_outside_annex_iii_5_b_c():
    # Annex III 4(a), private employer: Art. 27(1) does not reach it
    with pytest.raises(documents.DocumentRefused):
        make("fria", "retail-group-cv-ranking")


def test_an_open_profile_is_told_which_questions_decide_the_fria():
    p = aiact.profile({"subject.kind": "system", "art3_1.machine_based_autonomy": True, "art3_1.infers": True,
                       "art3_1.outputs_influence": True, "art3_1.only_simple_techniques": False},
                      as_of="2026-11-27")
    a = aiact.assess(p)
    assert a.category == "undetermined"
    need = next(n for n in documents.needs(a) if n.kind.id == "fria")
    assert need.status == "possible"
    with pytest.raises(documents.DocumentRefused, match=r"may be required by .*Art. 27\(1\), but open questions decide it: answer art2_1"):
        documents.build("fria", p, a)


def test_a_profile_without_a_name_leaves_the_title_to_fill():
    from .conftest import case_profile

    p = case_profile("life-insurer-underwriting-pricing")
    p.name = None
    doc = documents.build("fria", p, aiact.assess(p))
    assert (doc.to_fill[0].section, doc.to_fill[0].label) == ("(header)", "name of the AI system")
    assert "**[TO FILL: name of the AI system]**" in doc.markdown
    assert "name of the AI system" in blanks(doc)[1:]  # the table row asks for it too


@pytest.mark.parametrize("language, title, basis", [
    ("de", "Grundrechte-Folgenabschätzung", "Anhang III 5(a)"),
    ("fr", "Analyse d’impact sur les droits fondamentaux", "annexe III 5(a)"),
])
def test_a_public_body_can_write_it_in_german_or_french(language, title, basis):
    doc = make("fria", "city-housing-allowance-eligibility", language=language)
    en = make("fria", "city-housing-allowance-eligibility")
    assert doc.markdown.startswith(f"# {title}\n")
    # the same sections, citing the same provisions, in the same order
    cite = [re.search(r"\((Art\. [^()]*(?:\([^()]*\))*)\)$", s).group(1) for s in doc.sections]
    assert cite == [re.search(r"\((Art\. [^()]*(?:\([^()]*\))*)\)$", s).group(1) for s in en.sections]
    assert len(doc.to_fill) == len(en.to_fill)
    assert basis in doc.markdown
    assert not any(b.label in {x.label for x in en.to_fill} for b in doc.to_fill)  # the blanks are translated
    assert ("Verordnung (EU) 2016/679" if language == "de" else "règlement (UE) 2016/679") in doc.markdown
