"""Named what-if scenarios: never applied by default, applied only when the user opts in."""

from __future__ import annotations

import datetime as dt

import pytest

from aiact.engine.assess import assess, evaluation_for
from aiact.engine.errors import InputError
from aiact.engine.load import load_law
from aiact.engine.profile import Profile

DAY = dt.date(2026, 11, 27)


def test_the_default_is_the_law_in_force():
    e = evaluation_for(Profile(), DAY, load_law())
    assert e.param("art111.art50_2_existing_deadline") == dt.date(2026, 12, 2)
    assert assess(Profile(), DAY, explain=False).law.scenario is None


def test_opting_into_the_2025_proposal_changes_only_its_values_and_says_so():
    p = Profile(scenario="omnibus-proposal-2025")
    e = evaluation_for(p, DAY, load_law())
    assert e.param("art111.art50_2_existing_deadline") == dt.date(2027, 2, 2)
    assert e.param("art113.annex3_high_risk") == dt.date(2027, 12, 2)
    report = assess(p, DAY, explain=False)
    assert "not the law in force" in report.law.scenario


def test_an_unknown_scenario_is_an_input_error():
    with pytest.raises(InputError, match="unknown scenario 'nope'"):
        evaluation_for(Profile(scenario="nope"), DAY, load_law())
