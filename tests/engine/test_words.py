"""The words a question, screen or checklist item shows: a model assessed on its own has its
own (``for_model``), and no question forces the present tense on a system whose use ended or
has not started."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from aiact.engine.assess import assess
from aiact.engine.errors import LawError
from aiact.engine.load import load_law, load_law_from
from aiact.engine.planner import next_screens
from aiact.engine.profile import Profile

DAY = dt.date(2026, 11, 27)

# ------------------------------------------------------------------ for_model: the mechanism

WORDED = """
topic: w
title: Words
order: 2
questions:
  w.kind:
    text: Kind of the system?
    help: About the system.
    type: choice
    options: {one: One system, two: Two systems}
    refs: ["Art. 1"]
    for_model:
      text: Kind of the model?
      options: {two: Two models}
"""


def test_a_question_gives_its_own_words_for_a_model(law_room):
    law = load_law_from(law_room(questions__w_yaml=WORDED))
    q = law.questions["w.kind"]
    system, model = q.wording(DAY, "system"), q.wording(DAY, "model")
    assert (system.text, system.help, system.options) == ("Kind of the system?", "About the system.",
                                                          {"one": "One system", "two": "Two systems"})
    # the model's words replace what they give; the rest (help, the other option) stays
    assert (model.text, model.help, model.options) == ("Kind of the model?", "About the system.",
                                                       {"one": "One system", "two": "Two models"})
    assert list(model.options) == list(q.options)  # same options, same order: answers keep their numbers
    assert q.wording(DAY).text == "Kind of the system?"  # subject not known yet: the general words


@pytest.mark.parametrize("for_model, message", [
    ("{options: {three: Three}}", "'three' is not an option"),
    ("{label: x}", "unknown key 'label'"),
    ("{}", "gives no words"),
])
def test_for_model_words_are_checked_when_the_law_loads(law_room, for_model, message):
    bad = WORDED.replace("      text: Kind of the model?\n      options: {two: Two models}",
                         f"      {for_model[1:-1]}" if for_model != "{}" else "      {}")
    bad = bad.replace("    for_model:\n      {}", "    for_model: {}")
    with pytest.raises(LawError, match=message):
        load_law_from(law_room(questions__w_yaml=bad))


def _model_profile(**answers: object) -> Profile:
    p = Profile(as_of=DAY)
    p.set_answer("subject.kind", "model")
    for qid, value in answers.items():
        p.set_answer(qid.replace("__", "."), value)
    return p


def _words(screens) -> list[str]:  # type: ignore[no-untyped-def]
    out = []
    for s in screens:
        out += [s.text, s.help or ""]
        for f in s.fields:
            out += [f.text, f.help or "", *(f.options or {}).values()]
            out += [w for i in f.items for w in (i.text, i.help or "")]
    return out


def test_the_model_only_path_speaks_of_the_model_in_scope_and_exclusions():
    law = load_law()
    screens = next_screens(_model_profile(), DAY, law)
    reach = next(s for s in screens if s.id == "reach")
    items = {i.id: i.text for i in reach.fields[0].items}
    assert reach.text.startswith("Does the Act reach the model?")
    assert items["art2.exclusion=pre_market_research"].startswith("The model is only used for research, development or prototyping")
    assert "not placing it on the market" in items["art2_1.placed_in_eu"]
    roles = next(s for s in screens if s.id == "roles")
    assert roles.text == "Who you are, and what you do with the model"
    # no screen of the model-only path calls the model "the system"
    for words in _words(s for s in screens if s.id in ("reach", "roles")):
        assert "the system" not in words, words
    # a system keeps the general words
    p = Profile(as_of=DAY)
    p.set_answer("subject.kind", "system")
    reach = next(s for s in next_screens(p, DAY, law) if s.id == "reach")
    assert reach.text.startswith("Does the Act reach it?")


def test_open_questions_and_the_trail_use_the_model_words():
    law = load_law()
    result = assess(_model_profile(art3_63__wide_range_of_tasks=True, art3_63__model_origin="own"), DAY, law)
    oq = next(q for q in result.open_questions if q.id == "art2.exclusion")
    assert oq.text.startswith("Does one of these situations describe the model")
    assert oq.options["pre_market_research"].startswith("The model is only used for research")
    assert "Art. 2(6) is for a model developed and used for the sole purpose" in (oq.help or "")
    p = _model_profile(art3_63__wide_range_of_tasks=True, art3_63__model_origin="own",
                       art2__exclusion="pre_market_research", art2_1__placed_in_eu=False)
    result = assess(p, DAY, law)
    assert result.scope_basis == "Art. 3(63)"
    facts = [f for c in result.explanation for f in _facts(c.trail)]
    assert any(f.id == "art2.exclusion" and f.answer_text.startswith("The model is only used") for f in facts)


def _facts(step):  # type: ignore[no-untyped-def]
    yield from step.facts
    for s in step.because:
        yield from _facts(s)


# ------------------------------------------------------------------ tense
# A system whose use ended is described in the past, one not yet in use in the future: every
# question about the system, its use or the asker's dealings with it offers both (e.g. "Does,
# did or will ..."). Questions about something else are listed here with what they are about.

PAST = re.compile(r"\b(did|was|were|had|has|have|could)\b", re.I)
FUTURE = re.compile(r"\b(will|would)\b", re.I)
NOT_ABOUT_THE_USE = {
    "subject.kind": "what is being assessed",
    "art2_1.established_in_eu": "the organisation on the assessment day",
    "org.kind": "the organisation on the assessment day",
    "org.staff_headcount": "the organisation on the assessment day",
    "org.annual_turnover_eur": "the organisation's last financial year (Art. 99)",
    "org.balance_sheet_eur": "the organisation on the assessment day",
    "art5_1_ba.foreseeable_outcome": "what could happen (a modal, in no tense)",
    "art5_1_bb.foreseeable_outcome": "what could happen (a modal, in no tense)",
    "art3_14.failure_endangers": "what could happen (a modal, in no tense)",
    "art50_1.obviously_ai": "what a reasonable person would see (a modal)",
    "art5_1_bb.without_right_defence": "national law",
    "art6_1.third_party_assessment": "product law",
    "art6_1c.only_non_safety_risks": "product law",
    "art50.crime_authorised_by_law": "the law authorising the use",
    "art6_1.ai_role": "the AI's place in the product",
    "art51_2.peak_flops": "the hardware's specification",
    "art51_1_b.designated": "a Commission decision taken or not by the assessment day",
    "art52_3.arguments_accepted": "a Commission decision taken or not by the assessment day",
    "art51_1_a.high_impact_capabilities": "evaluations available on the assessment day",
    "art43_1.standards_applied_in_full": "what the provider has done by the assessment day",
    "art3_5.written_mandate": "a mandate received or not by the assessment day",
    "art25_2.other_became_provider": "what another company has done by the assessment day",
    "art25_2.high_risk_use_excluded": "what the provider specified (past)",
    "annex3.use_not_permitted": "other law in force on the assessment day",
    "art6_3.significant_risk": "what could happen (a modal, in no tense)",
}


def _texts(q) -> list[str]:  # type: ignore[no-untyped-def]
    """Every version of a question's text, for a system and for a model."""
    texts = list(q.dated_text.values) if q.dated_text is not None else [q.text]
    if q.model_text is not None:
        texts += list(q.model_text.values)
    return texts


def test_no_question_about_the_use_forces_the_present():
    law = load_law()
    # a contested point's input (q.reading) is about the law, not the use
    forced = [(q.id, t) for q in law.questions.values() if q.id not in NOT_ABOUT_THE_USE and q.reading is None
              for t in _texts(q) if not (PAST.search(t) and FUTURE.search(t))]
    assert forced == [], "offer the past and the future (e.g. 'Does, did or will ...'): " + repr(forced[:5])


def test_the_tense_lists_name_real_questions_that_need_them():
    law = load_law()
    for qid in NOT_ABOUT_THE_USE:
        assert qid in law.questions, qid
    # a question listed as not about the use that offers both tenses anyway no longer needs the list
    both = [qid for qid in NOT_ABOUT_THE_USE if all(PAST.search(t) and FUTURE.search(t) for t in _texts(law.questions[qid]))]
    assert both == []


def test_a_deployer_whose_use_ended_is_asked_in_words_that_fit_the_past():
    """A recruiter that stopped using a CV-ranking tool in 2025, assessed in 2026: every
    question the interview still asks about the tool or its use can be answered in the past."""
    law = load_law()
    p = Profile(as_of=DAY)
    for qid, value in {"subject.kind": "system", "art3_1.machine_based_autonomy": True, "art3_1.infers": True,
                       "art3_1.outputs_influence": True, "art3_1.only_simple_techniques": False,
                       "art2_1.placed_in_eu": True, "art2.exclusion": "none", "art3_3.develops": False,
                       "art3_4.use": "professional", "timeline.use_start": dt.date(2024, 3, 1),
                       "timeline.end_of_use": dt.date(2025, 6, 30)}.items():
        p.set_answer(qid, value)
    asked = {q.id: q.text for q in assess(p, DAY, law).open_questions}
    assert "annex3.listed_area" in asked
    forced = {qid: t for qid, t in asked.items() if qid not in NOT_ABOUT_THE_USE
              and not PAST.search(t)}
    assert forced == {}
