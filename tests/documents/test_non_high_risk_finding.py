"""Documentation of the assessment that an Annex III system is not high-risk (Art. 6(3), 6(4)):
the conditions of Art. 6(3) read from the Act, the one the answers rely on, the significant-risk
test and the profiling override, registration under Art. 49(2)."""

from __future__ import annotations

import pytest

import aiact
from aiact import documents

from .conftest import blanks, case_profile, make, points, refused_then_forced

CONDITIONS = [p for p in points("03-high-risk-classification.md", "3. By derogation", until="4. A provider")
              if p.startswith("(")]
SUBPARAGRAPHS = ["Art. 6(3), first subparagraph", "Art. 6(3), second subparagraph", "Art. 6(3), third subparagraph"]


def relied_on(doc: documents.Document) -> dict[str, str]:
    rows = {}
    for c in CONDITIONS:
        line = next(ln for ln in doc.markdown.splitlines() if ln.startswith(f"| Art. 6(3){c}: "))
        rows[c] = line.rsplit("|", 2)[1].strip()
    return rows


def profile_from(case: str, changes: dict, drop: str, name: str, organisation: str) -> aiact.Profile:
    """A reference case's answers with the Annex III point and the Art. 6(3) task changed, as in
    the scenarios of tests/law/art6/art6_3.yaml."""
    answers = {k: v for k, v in case_profile(case).answers.items() if not k.startswith(drop)}
    answers.update(changes)
    return aiact.profile(answers, name=name, organisation=organisation, as_of="2026-11-27")


def test_admissions_document_sorting_documents_the_narrow_procedural_task():
    doc = make("non-high-risk-finding", "admissions-document-sorting-duplicates")
    assert doc.required
    assert CONDITIONS == ["(a)", "(b)", "(c)", "(d)"]
    for sub in SUBPARAGRAPHS + ["Art. 6(4)", "Art. 6(5)", "Art. 80"]:
        assert any(s.endswith(f"({sub})") for s in doc.sections), sub
    assert "Registration in the EU database (Art. 6(4); Art. 49(2))" in doc.sections
    assert relied_on(doc) == {"(a)": "yes", "(b)": "no", "(c)": "no", "(d)": "no"}
    md = doc.markdown
    assert "| Provider | small software company in Ghent |" in md
    assert "| Annex III point | Annex III 3(a) |" in md
    assert "- Annex III 3(a): AI systems intended to be used to determine access or admission" in md
    assert "| Conclusion of the assessment | not high-risk: Art. 6(3) applies" in md
    assert "| Documented before | 1 February 2028 (your launch) |" in md
    assert "| Art. 6(4) applies from | 2 December 2027 |" in md
    assert "The answers say the system is intended to perform: A narrow procedural task" in md
    assert "The answers say the system does not pose such a risk" in md
    assert "The answers say the system does not perform profiling" in md
    assert "(Art. 6(5); due by 2 February 2026)" in md
    assert "- Registration owed: Art. 49(2), in the publicly accessible part of the EU database (Art. 71(4))" in md
    assert blanks(doc) == [
        "date this assessment was completed",
        "name and function of the person responsible for this assessment",
        "intended purpose, including the specific context and conditions of use",
        "the tasks the system performs, and why they stay within the condition",
        "reasons the system does not materially influence the decisions it is used for",
        "risks considered and why none is significant",
        "personal data processed and why no personal aspect is evaluated",
        "guidelines consulted and the closest example, or 'none available'",
        "place of keeping and contact for requests from national competent authorities",
    ]


@pytest.mark.parametrize(("changes", "drop", "annex", "condition", "registration"), [
    # tests/law/art6/art6_3.yaml: translating asylum applicants' documents for caseworkers, Art. 6(3)(d)
    ({"annex3_3.education": False, "context.migration_border": True, "annex3_7_c.applications": True,
      "annex3.use_not_permitted": False, "art6_3.condition": "preparatory"},
     "annex3_3_", "Annex III 7(c)", "(d)", "in the secure non-public section of the EU database (Art. 49(4)(b))"),
    # tests/law/art6/art6_3.yaml: polishing the tone of reference letters already written by staff, Art. 6(3)(b)
    ({"annex3_3.education": False, "annex3_4.employment": True, "annex3_4_a.recruitment": False,
      "annex3_4_b.work_relationship": True, "art6_3.condition": "improves_human_result"},
     "annex3_3_", "Annex III 4(b)", "(b)", "in the publicly accessible part of the EU database (Art. 71(4))"),
])
def test_other_conditions_of_art6_3(changes, drop, annex, condition, registration):
    p = profile_from("admissions-document-sorting-duplicates", changes, drop,
                     name="Document tool", organisation="language-technology company in Vienna")
    a = aiact.assess(p)
    assert a.art_6_3_exempt is True
    doc = documents.build("non-high-risk-finding", p, a)
    assert doc.required
    assert f"| Annex III point | {annex} |" in doc.markdown
    assert relied_on(doc) == {c: ("yes" if c == condition else "no") for c in CONDITIONS}
    assert f"- How the intended purpose meets Art. 6(3){condition}, and what the system does not do:" in doc.markdown
    assert f"- Registration owed: Art. 49(2), {registration}" in doc.markdown


def test_a_high_risk_system_without_the_exemption_gets_no_finding():
    doc = refused_then_forced("non-high-risk-finding", "life-insurer-underwriting-pricing", match="non-high-risk-finding: not written")
    assert "the answers do not support the conclusion that Art. 6(3) applies (high-risk AI system)" in doc.markdown
    assert relied_on(doc) == {c: "no" for c in CONDITIONS}
    assert "The answers say the system performs profiling of natural persons." in doc.markdown
