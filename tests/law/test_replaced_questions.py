"""Profiles written for a replaced question keep loading and keep their result.

`art5_1_h.objective` (one choice: victims | threat | suspects | other) became one yes/no
question per objective of Art. 5(1)(h)(i)-(iii) plus `art5_1_h.other_objective`, since a
search may pursue several objectives. The profile loader reads the old answer into the new
questions (`aiact.engine.profile.REPLACED_QUESTIONS`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from aiact.engine import yamlio
from aiact.engine.assess import assess
from aiact.engine.errors import InputError
from aiact.engine.load import load_law
from aiact.engine.profile import (
    REPLACED_QUESTIONS,
    Profile,
    dump_profile_yaml,
    load_profile,
    profile_from_data,
)
from aiact.engine.tri import UNKNOWN

LAW = load_law()
CASES = Path(__file__).resolve().parent.parent / "cases"
DAY = dt.date(2026, 11, 27)

POLICE = """
answers:
  subject.kind: system
  art3_1.machine_based_autonomy: true
  art3_1.infers: true
  art3_1.only_simple_techniques: false
  art3_1.outputs_influence: true
  art2_1.placed_in_eu: true
  art2_1.established_in_eu: true
  art2.exclusion: none
  art2_12.free_open_source: false
  art3_3.develops: false
  art3_4.use: professional
  org.kind: public_body
  context.law_enforcement: true
  timeline.first_placed: 2025-03-01
  timeline.end_of_use: ongoing
  art3_41.remote_biometric_identification: true
  art3_42.real_time: true
  art3_44.publicly_accessible_space: true
  art5_1_h.strictly_necessary: true
  art5_2.targeted_individual: true
  art5_5.national_law: true
  art5_3.authorisation: prior
  art5_2.fria_completed: true
  art5_2.registration: registered
  art5_1_a.manipulative_technique: false
  art5_1_b.exploits_vulnerability: false
  art5_1a.generates_media: false
  art5_1_c.social_scoring: false
  art5_1_d.predicts_offending: false
  art5_1_e.face_database: false
  art3_39.infers_emotions: false
  art3_40.biometric_categorisation: false
"""


def _profile(text: str) -> Profile:
    return profile_from_data(yamlio.loads(text, "<test>"), LAW, source="<test>")


def test_the_replaced_question_is_gone_and_its_replacements_exist():
    for old, table in REPLACED_QUESTIONS.items():
        assert old not in LAW.questions, f"{old} is still a question: it cannot also be a replaced one"
        for answers in table.values():
            for new in answers:
                assert new in LAW.questions, new


@pytest.mark.parametrize("old, new_true", [
    ("victims", "art5_1_h_i.victims"),
    ("threat", "art5_1_h_ii.threat"),
    ("suspects", "art5_1_h_iii.suspects"),
])
def test_an_old_single_objective_means_that_objective_alone(old: str, new_true: str):
    p = _profile(POLICE + f"  art5_1_h.objective: {old}\n")
    objectives = ["art5_1_h_i.victims", "art5_1_h_ii.threat", "art5_1_h_iii.suspects", "art5_1_h.other_objective"]
    assert {q: p.answers[q] for q in objectives} == {q: q == new_true for q in objectives}
    assert "art5_1_h.objective" not in p.answers


def test_old_and_new_forms_of_a_victim_search_give_the_same_report():
    old = _profile(POLICE + "  art5_1_h.objective: victims\n")
    new = _profile(POLICE + "  art5_1_h_i.victims: true\n  art5_1_h_ii.threat: false\n"
                   "  art5_1_h_iii.suspects: false\n  art5_1_h.other_objective: false\n")
    a, b = (assess(p, DAY, LAW, explain=False).to_json_dict() for p in (old, new))
    for field in ("category", "prohibited", "fria_required", "registration", "open_questions"):
        assert a[field] == b[field], field
    assert [o["ref"] for o in a["obligations"]] == [o["ref"] for o in b["obligations"]]


def test_the_reference_police_case_in_its_old_form_still_loads_and_stays_prohibited(tmp_path: Path):
    text = (CASES / "police-live-face-recognition-minor-offences.yaml").read_text(encoding="utf-8")
    for qid in ("art5_1_h_i.victims", "art5_1_h_ii.threat", "art5_1_h_iii.suspects",
                "art5_1_h.other_objective", "art5_1_h_iii.annex2_offence"):
        text = "\n".join(line for line in text.splitlines() if not line.startswith(f"  {qid}:"))
    text = text.replace("  art3_44.publicly_accessible_space: true\n",
                        "  art3_44.publicly_accessible_space: true\n  art5_1_h.objective: other\n", 1)
    text = text.replace("notes:\n", "notes:\n  art5_1_h.objective: people wanted for minor offences\n", 1)
    path = tmp_path / "old.yaml"
    path.write_text(text + "\n", encoding="utf-8")
    p = load_profile(path, LAW)
    assert p.answers["art5_1_h.other_objective"] is True
    assert p.notes["art5_1_h.other_objective"] == "people wanted for minor offences"
    report = assess(p, DAY, LAW, explain=False).to_json_dict()
    assert report["category"] == "prohibited"
    assert report["prohibited"] == ["Art. 5(1)(h)"]
    # saved again, the profile speaks the new questions only
    saved = dump_profile_yaml(p, LAW)
    assert "art5_1_h.objective" not in saved and "art5_1_h.other_objective: true" in saved


def test_an_unknown_old_answer_leaves_every_objective_unknown():
    p = _profile(POLICE + "  art5_1_h.objective: unknown\n")
    for qid in ("art5_1_h_i.victims", "art5_1_h_ii.threat", "art5_1_h_iii.suspects", "art5_1_h.other_objective"):
        assert qid in p.unknown
        assert p.answers.get(qid, UNKNOWN) is UNKNOWN


def test_an_old_answer_that_contradicts_a_new_one_is_an_error_naming_the_line():
    with pytest.raises(InputError) as exc:
        _profile(POLICE + "  art5_1_h.objective: victims\n  art5_1_h.other_objective: true\n")
    assert "art5_1_h.objective" in str(exc.value)


def test_an_old_answer_that_agrees_with_a_new_one_is_accepted():
    p = _profile(POLICE + "  art5_1_h_i.victims: true\n  art5_1_h.objective: victims\n")
    assert p.answers["art5_1_h_i.victims"] is True
    assert p.answers["art5_1_h.other_objective"] is False


def test_an_option_the_old_question_never_had_is_an_error():
    with pytest.raises(InputError) as exc:
        _profile(POLICE + "  art5_1_h.objective: crowd_control\n")
    assert "victims" in str(exc.value)


def test_the_art5_2_fria_and_registration_apply_from_2_february_2025():
    p = _profile(POLICE + "  art5_1_h_i.victims: true\n  art5_1_h_ii.threat: false\n"
                 "  art5_1_h_iii.suspects: false\n  art5_1_h.other_objective: false\n")
    report = assess(p, DAY, LAW, explain=False).to_json_dict()
    assert report["fria_required"] is True
    assert report["registration"] == "non_public"
    art5_2 = {o["id"]: o for o in report["obligations"] if o["ref"].startswith("Art. 5(2)")}
    assert {"art5_2_fria", "art5_2_registration"} <= set(art5_2)
    for oid in ("art5_2_fria", "art5_2_registration"):
        assert art5_2[oid]["applies_from"] == "2025-02-02"
        assert art5_2[oid]["applies_now"] is True
    assert art5_2["art5_2_fria"]["documents"] == ["fria"]
