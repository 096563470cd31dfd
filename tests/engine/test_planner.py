"""The interview planner: screens group the open questions; answers keep the profile format."""

from __future__ import annotations

import doctest

import pytest

import aiact
import aiact.api
from aiact.engine.answers import parse_ticks
from aiact.engine.errors import InputError
from aiact.engine.load import load_law
from aiact.engine.planner import answer_screen, next_screens, prefill
from aiact.engine.tri import UNKNOWN

LAW = load_law()
AS_OF = "2026-11-27"
IN_SCOPE_DEPLOYER = {
    "subject.kind": "system", "art3_1.machine_based_autonomy": True, "art3_1.infers": True,
    "art3_1.only_simple_techniques": False, "art3_1.outputs_influence": True,
    "art2_1.placed_in_eu": True, "art2.exclusion": "none", "art2_12.free_open_source": False,
    "art3_3.develops": False, "art3_4.use": "professional",
}


def screen(answers, sid):
    p = aiact.profile(answers, as_of=AS_OF)
    return p, next(s for s in next_screens(p, law=LAW) if s.id == sid)


def test_the_api_docstring_examples_run():
    assert doctest.testmod(aiact.api).failed == 0


def test_every_question_is_on_at_most_one_screen_and_every_screen_question_exists():
    seen: dict[str, str] = {}
    for sid, spec in LAW.screens.items():
        for qid in spec.questions():
            assert qid in LAW.questions, (sid, qid)
            assert qid not in seen, (qid, seen.get(qid), sid)
            seen[qid] = sid


def test_a_screen_shows_only_the_questions_still_open():
    p, areas = screen(IN_SCOPE_DEPLOYER, "areas")
    assert "annex3.listed_area" in areas.covers  # the gate, answered by the areas ticked
    _, points = screen({**IN_SCOPE_DEPLOYER, "annex3.listed_area": True, "annex3_4.employment": True,
                        "annex3_2.critical_infrastructure": False, "annex3_3.education": False,
                        "annex3_5.essential_services": False, "annex3_8.justice_democracy": False,
                        "context.law_enforcement": False, "context.migration_border": False,
                        "context.used_by_public_authorities": False, "art3_41.remote_biometric_identification": False,
                        "art3_40.biometric_categorisation": False, "art3_39.infers_emotions": False},
                       "annex3_points")
    assert {i.question for f in points.fields for i in f.items} == {"annex3_4_a.recruitment",
                                                                 "annex3_4_b.work_relationship"}
    assert "art6_3.condition" in points.covers  # the limited-task question comes with the points


def test_ticks_become_answers_keyed_by_question_id():
    p, areas = screen(IN_SCOPE_DEPLOYER, "areas")
    set_ = answer_screen(p, areas, {"annex3_4.employment": True, "context.law_enforcement": "unknown",
                                    "art6_1.product_legislation": "none"}, LAW)
    assert set_["annex3_4.employment"] is True and set_["annex3_3.education"] is False
    assert set_["context.law_enforcement"] is UNKNOWN and "context.law_enforcement" in p.unknown
    assert set_["annex3.listed_area"] is True  # gate: one area ticked
    assert p.answers["art6_1.product_legislation"] == "none"


def test_the_gate_is_false_only_when_no_area_is_ticked_and_none_is_unsure():
    p, areas = screen(IN_SCOPE_DEPLOYER, "areas")
    assert answer_screen(p, areas, {}, LAW)["annex3.listed_area"] is False
    p, areas = screen(IN_SCOPE_DEPLOYER, "areas")
    assert answer_screen(p, areas, {"annex3_3.education": "unknown"}, LAW)["annex3.listed_area"] is UNKNOWN


def test_items_of_a_choice_question_give_the_option_ticked_or_the_unticked_value():
    base = {k: v for k, v in IN_SCOPE_DEPLOYER.items() if k not in ("art3_3.develops", "art3_4.use")}
    p, roles = screen(base, "roles")
    assert answer_screen(p, roles, {"art3_4.use=professional": True}, LAW)["art3_4.use"] == "professional"
    p, roles = screen(base, "roles")
    assert answer_screen(p, roles, {}, LAW)["art3_4.use"] == "none"
    p, roles = screen(base, "roles")
    with pytest.raises(InputError, match="at most one"):
        answer_screen(p, roles, {"art3_4.use=professional": True, "art3_4.use=personal": True}, LAW)


def test_a_response_naming_something_not_on_the_screen_is_refused():
    p, reach = screen({"subject.kind": "system"}, "reach")
    with pytest.raises(InputError, match="not a question or item"):
        answer_screen(p, reach, {"org.kind": "company"}, LAW)


def test_prefill_says_no_more_than_the_answers_do():
    p, reach = screen({"subject.kind": "system"}, "reach")
    response = prefill(reach, {"art2_1.placed_in_eu": True, "art2.exclusion": "none"})
    assert response["art2_1.placed_in_eu"] is True and response["art2_12.free_open_source"] == "unknown"
    assert response["art2.exclusion=military"] is False


@pytest.mark.parametrize("text,ticked,unsure", [
    ("1 3", {1, 3}, set()), ("0", set(), set()), ("none", set(), set()), ("2, ?4", {2}, {4}),
    ("1-3 ?5", {1, 2, 3}, {5}), ("?", set(), {1, 2, 3, 4, 5}),
])
def test_ticks_as_typed(text, ticked, unsure):
    assert parse_ticks(text, 5) == (ticked, unsure)


@pytest.mark.parametrize("text", ["6", "x", "1 ?1", "0-2"])
def test_ticks_that_cannot_be_read(text):
    with pytest.raises(ValueError):
        parse_ticks(text, 5)


@pytest.mark.parametrize("qid,text,value", [
    ("art3_1.infers", "ja", True), ("art3_1.infers", "No", False), ("org.annual_turnover_eur", "9,5 million", 9.5e6),
    ("art51_2.training_flop", "2.5 x 10^24", 2.5e24), ("art3_4.use", "1", "professional"),
    ("timeline.first_placed", "2028-03", __import__("datetime").date(2028, 3, 1)), ("art3_1.infers", "?", UNKNOWN),
])
def test_answers_as_typed(qid, text, value):
    got = aiact.parse_answer(qid, text)
    assert got is UNKNOWN if value is UNKNOWN else got == pytest.approx(value) if isinstance(value, float) else got == value


def test_a_profile_file_keeps_the_strict_form():
    with pytest.raises(InputError, match="expected true, false"):
        aiact.profile({"art3_1.infers": "ja"})


def test_a_deployer_gives_its_own_dates_and_not_its_providers_release():
    deployer = {**IN_SCOPE_DEPLOYER, "art25_1_b.substantial_modification": False, "art25_1_c.changed_purpose": False,
                "art25_3.with_own_product": False, "art3_39.infers_emotions": True,
                "art5_1_f.workplace_or_education": True, "art5_1_f.for_medical_or_safety": False}
    p, dates = screen(deployer, "dates")
    assert set(dates.covers) == {"timeline.use_start", "timeline.end_of_use"}
    # "don't know" for its own start: then the provider's release is the fallback worth asking
    answer_screen(p, dates, {"timeline.use_start": "unknown", "timeline.end_of_use": "unknown"}, LAW)
    assert any("timeline.first_placed" in s.covers for s in next_screens(p, law=LAW))


def test_a_provider_gives_its_first_placing():
    provider = {**IN_SCOPE_DEPLOYER, "art3_3.develops": True, "art3_3.own_name": True, "art3_4.use": "none",
                "art3_39.infers_emotions": True, "art5_1_f.workplace_or_education": True,
                "art5_1_f.for_medical_or_safety": False}
    p = aiact.profile(provider, as_of=AS_OF)
    dates = next(s for s in next_screens(p, law=LAW) if "timeline.end_of_use" in s.covers)
    assert "timeline.use_start" not in dates.covers


def test_a_law_test_without_its_date_is_refused(tmp_path):
    from aiact.engine.lawtest import load_tests, run_item

    path = tmp_path / "t.yaml"
    path.write_text("- name: undated\n  facts: {subject.kind: system}\n  expect: {art3_1: unknown}\n", encoding="utf-8")
    (_name, item), = load_tests(path)
    with pytest.raises(InputError, match="needs 'as_of'"):
        run_item(item, LAW, str(path))
