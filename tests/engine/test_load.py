"""The loader refuses defects in the law room and names file, line and field."""

from __future__ import annotations

import pytest

from aiact.engine.errors import LawError
from aiact.engine.load import load_law, load_law_from


def test_the_shipped_law_loads():
    law = load_law()
    assert law.questions and law.rules and law.params


def test_unknown_id_in_a_rule_is_an_error_with_its_line(law_room):
    root = law_room(rules__r_yaml="rules:\n  r.one:\n    ref: Art. 1\n    label: one\n    if: a.nope\n")
    with pytest.raises(LawError) as err:
        load_law_from(root)
    assert "unknown fact or rule 'a.nope'" in str(err.value)
    assert err.value.path.endswith("r.yaml") and err.value.line == 5


def test_option_not_offered_by_the_question_is_refused(law_room):
    root = law_room(rules__r_yaml="rules:\n  r.one:\n    ref: Art. 1\n    label: one\n    if: {is: [a.kind, three]}\n")
    with pytest.raises(LawError, match="'three' is not an option of 'a.kind'"):
        load_law_from(root)


def test_unknown_key_in_a_rule_is_refused(law_room):
    root = law_room(rules__r_yaml="rules:\n  r.one:\n    ref: Art. 1\n    label: one\n    iff: a.x\n")
    with pytest.raises(LawError, match="unknown key 'iff'") as err:
        load_law_from(root)
    assert err.value.field == "iff"


def test_duplicate_rule_ids_across_files_are_refused(law_room):
    dup = "rules:\n  r.and:\n    ref: Art. 1\n    label: again\n    if: a.x\n"
    with pytest.raises(LawError, match="defined twice"):
        load_law_from(law_room(rules__s_yaml=dup))


def test_duplicate_yaml_keys_are_refused(law_room):
    text = "rules:\n  r.one:\n    ref: Art. 1\n    ref: Art. 2\n    label: one\n    if: a.x\n"
    with pytest.raises(LawError, match="duplicate key 'ref'"):
        load_law_from(law_room(rules__r_yaml=text))


def test_a_parameter_value_without_a_source_is_refused(law_room):
    param = "description: d\nunit: count\nreference: Art. 1\nvalues:\n  2024-08-01:\n    value: 1\n"
    with pytest.raises(LawError, match="missing required key 'source'"):
        load_law_from(law_room(parameters__p__threshold_yaml=param))


def test_a_value_cannot_cite_an_act_before_it_entered_into_force(law_room):
    param = ("description: d\nunit: count\nreference: Art. 1\nvalues:\n  2024-08-01:\n    value: 1\n"
             "    source: {act: \"2026/1744\", ref: x}\n")
    with pytest.raises(LawError, match="in force only from 2026-07-27"):
        load_law_from(law_room(parameters__p__threshold_yaml=param))


def test_parameter_dates_must_increase(law_room):
    param = ("description: d\nunit: count\nreference: Art. 1\nvalues:\n"
             "  2026-07-27:\n    value: 2\n    source: {act: \"2026/1744\", ref: x}\n"
             "  2024-08-01:\n    value: 1\n    source: {act: \"2024/1689\", ref: x}\n")
    with pytest.raises(LawError, match="increasing order"):
        load_law_from(law_room(parameters__p__threshold_yaml=param))


def test_a_question_without_references_is_refused(law_room):
    q = "topic: t\ntitle: T\norder: 1\nquestions:\n  a.x:\n    text: X?\n    type: bool\n    refs: []\n"
    with pytest.raises(LawError, match="must cite"):
        load_law_from(law_room(questions__t_yaml=q))


def test_comparing_a_choice_as_a_condition_is_refused(law_room):
    root = law_room(rules__r_yaml="rules:\n  r.one:\n    ref: Art. 1\n    label: one\n    if: a.kind\n")
    with pytest.raises(LawError, match="is a choice, not yes/no"):
        load_law_from(root)


def test_pick_any_true_is_refused_because_it_is_not_monotone(law_room):
    """A later case deciding while an earlier one is unknown could be overturned by an answer."""
    rule = ("rules:\n  r.pick:\n    ref: Art. 1\n    label: a value\n    type: text\n"
            "    pick: any_true\n    cases:\n      - {if: a.x, then: one}\n    else: none\n")
    with pytest.raises(LawError, match="pick must be 'first'") as err:
        load_law_from(law_room(rules__s_yaml=rule))
    assert err.value.field == "pick" and err.value.path.endswith("s.yaml")
    assert load_law_from(law_room(rules__s_yaml=rule.replace("any_true", "first"))).rules["r.pick"]
