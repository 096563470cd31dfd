"""Three-valued evaluation: Kleene tables, exceptions, open facts, dated rules and parameters."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from aiact.engine.evaluate import Evaluation
from aiact.engine.load import load_law_from
from aiact.engine.tri import UNKNOWN

DAY = dt.date(2026, 11, 27)
VALUES = [True, False, UNKNOWN]


def kleene_and(a, b):
    if a is False or b is False:
        return False
    if a is UNKNOWN or b is UNKNOWN:
        return UNKNOWN
    return True


def kleene_or(a, b):
    if a is True or b is True:
        return True
    if a is UNKNOWN or b is UNKNOWN:
        return UNKNOWN
    return False


def answers(**kw):
    return {k.replace("_", "."): v for k, v in kw.items() if v is not UNKNOWN}


@pytest.fixture
def law(law_room):
    return load_law_from(law_room())


@pytest.mark.parametrize("x,y", list(itertools.product(VALUES, VALUES)))
def test_all_and_any_follow_kleene_tables(law, x, y):
    e = Evaluation(law, answers(a_x=x, a_y=y), DAY)
    assert e.rule("r.and") is kleene_and(x, y)
    assert e.rule("r.or") is kleene_or(x, y)
    expected_not = UNKNOWN if x is UNKNOWN else (not x)
    assert e.rule("r.not") is expected_not


@pytest.mark.parametrize("x,y", list(itertools.product(VALUES, VALUES)))
def test_open_facts_are_exactly_the_unknown_inputs_that_can_change_the_value(law, x, y):
    e = Evaluation(law, answers(a_x=x, a_y=y), DAY)
    opens = e.rule_opens("r.and")
    if e.rule("r.and") is not UNKNOWN:
        assert opens == frozenset()
    else:
        assert opens == {f for f, v in (("a.x", x), ("a.y", y)) if v is UNKNOWN}


def test_exception_takes_the_rule_out_and_is_explained(law):
    e = Evaluation(law, {"a.x": True, "a.z": True}, DAY)
    assert e.rule("r.exc") is False
    step = e.explain("r.exc")
    assert [s.id for s in step.because] == ["r.exc.except_z"]
    assert step.because[0].ref == "Art. 1(4), second sentence"


def test_unknown_exception_leaves_the_rule_open_and_asks_for_it(law):
    e = Evaluation(law, {"a.x": True}, DAY)
    assert e.rule("r.exc") is UNKNOWN
    assert e.rule_opens("r.exc") == {"a.z"}


def test_parameter_value_follows_the_date_of_the_amending_act(law):
    before = Evaluation(law, {"a.n": 15}, dt.date(2026, 7, 26))
    after = Evaluation(law, {"a.n": 15}, dt.date(2026, 7, 27))
    assert before.rule("r.big") is True
    assert after.rule("r.big") is False


def test_rule_inserted_by_an_amendment_is_not_law_before_it_entered_into_force(law):
    assert Evaluation(law, {"a.x": True}, dt.date(2026, 5, 1)).rule("r.new") is False
    assert Evaluation(law, {"a.x": True}, dt.date(2026, 7, 27)).rule("r.new") is True
    step = Evaluation(law, {"a.x": True}, dt.date(2026, 5, 1)).explain("r.new")
    assert step.in_force is False


def test_switch_waits_for_an_earlier_unknown_case(law):
    e = Evaluation(law, {"a.kind": "two"}, DAY)
    assert e.rule("r.kind") is UNKNOWN  # a.x could still make it 'first'
    assert e.rule_opens("r.kind") == {"a.x"}
    assert Evaluation(law, {"a.x": False, "a.kind": "two"}, DAY).rule("r.kind") == "second"
    assert Evaluation(law, {"a.x": False, "a.kind": "one"}, DAY).rule("r.kind") == "third"
    assert Evaluation(law, {"a.x": True}, DAY).rule("r.kind") == "first"


def test_law_version_label_names_the_amending_act_only_once_in_force(law):
    assert law.version_label(dt.date(2026, 6, 1)) == "Regulation (EU) 2024/1689"
    assert law.version_label(DAY) == "Regulation (EU) 2024/1689 as amended by Regulation (EU) 2026/1744"
    assert law.version_id(DAY) == "2024/1689@2026-07-27"
