"""Groups joined with `member_of`, rule families and `each` cases: one edit per provision.

Adding a point to Annex III is one rule in rules/annex3.yaml (plus its questions): the
family `hr_basis` derives its basis rule, the `each` case of `art6.basis` considers it in
Annex order, and the group `high_risk_bases` (hence the report) lists it.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from aiact.engine.assess import assess
from aiact.engine.errors import LawError
from aiact.engine.evaluate import Evaluation
from aiact.engine.load import LAW_ROOT, load_law_from
from aiact.engine.profile import load_profile, profile_from_data
from aiact.engine.yamlio import LineDict

ROOT = Path(__file__).resolve().parents[2]

POINTS = """
rules:
  p_1:
    ref: Art. 1(1)
    label: point one
    member_of: points
    if: a.x
  p_2:
    ref: Art. 1(2)
    label: point two
    member_of: [points]
    if: a.y
{extra}
  basis_any:
    ref: Art. 2
    label: a point applies
    if: {{any_of: points}}
  basis:
    ref: Art. 2
    label: the first basis that applies
    type: text
    cases:
      - {{if: a.z, then: null, ref: Art. 3}}
      - {{each: bases, then: $ref}}
    else: null
families:
  b:
    for_each: points
    ref: $ref
    label: Basis under $ref ($label)
    member_of: bases
    if: {{all: [$id, {{not: a.z}}]}}
groups:
  points: []
  bases: []
"""


def _points(extra: str = "") -> str:
    return POINTS.format(extra=extra)


def _eval(root: Path, answers: dict, day: dt.date = dt.date(2026, 11, 27)) -> Evaluation:
    return Evaluation(load_law_from(root), answers, day)


def test_member_of_family_and_each_derive_rules_with_their_references(law_room):
    law = load_law_from(law_room(rules__p_yaml=_points()))
    assert law.groups["points"] == ["p_1", "p_2"]
    assert law.groups["bases"] == ["b.p_1", "b.p_2"]
    derived = law.rules["b.p_2"]
    assert (derived.ref, derived.label, derived.derived_from) == ("Art. 1(2)", "Basis under Art. 1(2) (point two)", "p_2")
    e = Evaluation(law, {"a.x": False, "a.y": True, "a.z": False}, dt.date(2026, 11, 27))
    assert e.rule("b.p_1") is False and e.rule("b.p_2") is True
    assert e.rule("basis") == "Art. 1(2)"
    assert e.explain("basis").because[0].id == "b.p_1"  # the earlier basis that did not apply
    e = Evaluation(law, {"a.x": True, "a.y": True, "a.z": False}, dt.date(2026, 11, 27))
    assert e.rule("basis") == "Art. 1(1)"  # the first in the group's order
    e = Evaluation(law, {"a.x": True, "a.y": True, "a.z": True}, dt.date(2026, 11, 27))
    assert e.rule("basis") is None and e.rule("b.p_1") is False


def test_one_new_rule_joins_the_group_the_family_and_the_each_cases(law_room):
    new_point = "  p_3:\n    ref: Art. 1(3)\n    label: point three\n    member_of: points\n    if: a.x"
    law = load_law_from(law_room(rules__p_yaml=_points(new_point)))
    assert law.groups["points"] == ["p_1", "p_2", "p_3"]
    assert law.groups["bases"][-1] == "b.p_3" and law.rules["b.p_3"].ref == "Art. 1(3)"
    e = Evaluation(law, {"a.x": True, "a.y": False, "a.z": False}, dt.date(2026, 11, 27))
    assert [m for m in law.groups["bases"] if e.rule(m) is True] == ["b.p_1", "b.p_3"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("member_of: points\n    if: a.x", "member_of: pionts\n    if: a.x"), "no 'groups' section declares"),
        (("label: Basis under $ref", "label: Basis under $article"), "unknown variable '$article'"),
        (("for_each: points", "for_each: nothing"), "for_each names unknown group 'nothing'"),
        (("{each: bases, then: $ref}", "{each: nothing, then: $ref}"), "'each' names unknown group"),
        (("  points: []", "  points: [p_1]"), "'p_1' is already a member of group 'points'"),
        (("member_of: bases", "member_of: points"), "has already read"),
        (("  bases: []", "  bases: {}"), "a group is a list of rule ids"),
    ],
)
def test_family_and_group_defects_are_refused_with_their_place(law_room, change, message):
    text = _points().replace(*change)
    assert text != _points()
    with pytest.raises(LawError, match=message.replace("$", r"\$").replace("(", r"\(")) as err:
        load_law_from(law_room(rules__p_yaml=text))
    assert err.value.path.endswith("p.yaml")


# ------------------------------------------------------------- the real law, one edit

NEW_POINT = """
  annex3_9_a:
    ref: Annex III 9(a)
    label: A made-up use case (for this test only)
    member_of: annex3_points
    if: {all: [annex3.listed_area, annex3_9_a.made_up_use]}
"""

NEW_QUESTION = """
topic: made_up
title: A made-up Annex III point
order: 39
questions:
  annex3_9_a.made_up_use:
    text: Is it used for the made-up purpose?
    type: bool
    refs: ["Annex III"]
"""


@pytest.fixture
def law_with_new_point(tmp_path: Path) -> Path:
    """The shipped law room with one edit: a new Annex III point (and its question)."""
    root = tmp_path / "law"
    shutil.copytree(LAW_ROOT, root, ignore=shutil.ignore_patterns("text"))
    annex3 = root / "rules" / "annex3.yaml"
    text = annex3.read_text(encoding="utf-8")
    anchor = "\n  # --- Any point"
    assert anchor in text
    annex3.write_text(text.replace(anchor, NEW_POINT.rstrip("\n") + "\n" + anchor, 1), encoding="utf-8")
    (root / "questions" / "made_up.yaml").write_text(NEW_QUESTION.lstrip(), encoding="utf-8")
    return root


def _profile(law, **changes):
    data = load_profile(ROOT / "examples" / "profiles" / "cv-ranking-deployer.yaml", law)
    answers = LineDict()
    answers.update(data.answers)
    answers.update(changes)
    wrapper = LineDict()
    wrapper["answers"] = answers
    return profile_from_data(wrapper, law)


def test_a_new_annex3_point_is_one_edit_and_reaches_the_report(law_with_new_point):
    law = load_law_from(law_with_new_point)
    assert law.groups["high_risk_bases"][-1] == "hr_basis.annex3_9_a"
    derived = law.rules["hr_basis.annex3_9_a"]
    assert derived.ref == "Annex III 9(a)" and derived.label == "High-risk under Annex III 9(a)"

    only_new = _profile(law, **{"annex3_4_a.recruitment": False, "annex3_9_a.made_up_use": True})
    report = assess(only_new, dt.date(2026, 11, 27), law)
    assert report.high_risk_bases == ["Annex III 9(a)"]
    assert report.high_risk_basis == "Annex III 9(a)"
    assert report.category == "high"
    trail = next(c.trail for c in report.explanation if c.field == "high_risk_bases")
    assert (trail.rule, trail.ref) == ("hr_basis.annex3_9_a", "Annex III 9(a)")
    assert trail.because[0].ref == "Annex III 9(a)" and trail.because[0].rule == "annex3_9_a"

    both = _profile(law, **{"annex3_9_a.made_up_use": True})
    report = assess(both, dt.date(2026, 11, 27), law)
    assert report.high_risk_bases == ["Annex III 4(a)", "Annex III 9(a)"]  # Annex order
    assert report.high_risk_basis == "Annex III 4(a)"

    neither = _profile(law, **{"annex3_4_a.recruitment": False, "annex3_9_a.made_up_use": False})
    assert assess(neither, dt.date(2026, 11, 27), law).high_risk_bases == []


def test_the_new_point_is_asked_when_it_can_decide(law_with_new_point):
    law = load_law_from(law_with_new_point)
    profile = _profile(law, **{"annex3_4_a.recruitment": False})
    report = assess(profile, dt.date(2026, 11, 27), law, explain=False)
    assert "high_risk_bases" in report.undetermined
    assert "annex3_9_a.made_up_use" in {q.id for q in report.open_questions}
