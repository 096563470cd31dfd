"""The penalty provisions are law data (fines.yaml), loaded strictly and dated like the law."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from aiact.engine.errors import LawError
from aiact.engine.evaluate import Evaluation
from aiact.engine.fines import compute_fines
from aiact.engine.load import LAW_ROOT, load_law, load_law_from

BEFORE = dt.date(2026, 5, 1)  # the 2024 text
AFTER = dt.date(2026, 11, 27)  # as amended by Regulation (EU) 2026/1744


def _fines(answers: dict, day: dt.date, relevant: set[str]) -> dict:
    fines, top = compute_fines(Evaluation(load_law(), answers, day), relevant)
    return {"max": top, **{f.tier: f for f in fines}}


SMC = {"org.kind": "company", "org.staff_headcount": 400, "org.annual_turnover_eur": 100_000_000.0}


def test_small_mid_caps_get_the_lower_amount_only_once_art_99_6a_is_law():
    before = _fines(SMC, BEFORE, {"art99_4"})
    after = _fines(SMC, AFTER, {"art99_4"})
    assert before["art99_4"].rule == "higher" and before["max"] == 15_000_000
    assert after["art99_4"].rule == "lower" and after["max"] == 3_000_000  # 3% of 100 million
    assert "Art. 99(6a)" in (after["art99_4"].note or "")
    assert after["art99_3"].rule == "higher"  # Art. 99(6a) does not reach the Art. 5 tier


def test_the_art_99_4_list_is_worded_as_in_force_on_the_day():
    assert "25(2)" not in _fines(SMC, BEFORE, set())["art99_4"].basis
    assert "25(2) and (4)" in _fines(SMC, AFTER, set())["art99_4"].basis


def test_union_bodies_are_fined_under_art_100_and_not_under_art_101():
    fines = _fines({"org.kind": "union_body"}, AFTER, {"art99_3"})
    assert fines["art100_2"].ceiling_eur == 1_500_000 and fines["max"] == 1_500_000
    assert "art101" not in fines and "art99_3" not in fines


def test_the_art_101_tier_applies_from_its_own_date():
    fines = _fines(SMC, AFTER, set())
    assert fines["art101"].applies_from == dt.date(2026, 8, 2)
    assert fines["art99_3"].applies_from == dt.date(2025, 8, 2)


@pytest.fixture
def room(tmp_path: Path) -> Path:
    root = tmp_path / "law"
    shutil.copytree(LAW_ROOT, root, ignore=shutil.ignore_patterns("text"))
    return root


@pytest.mark.parametrize(
    ("old", "new", "message", "field"),
    [
        ("amount: art99.operator_amount", "amount: art99.operator_share", "is in share, expected EUR", "amount"),
        ("amount: art99.operator_amount", "amount: art99.nope", "unknown parameter 'art99.nope'", "amount"),
        ("      2026-07-27: non-compliance", "      2026-07-28: non-compliance", "entry into force of no act", "punishes"),
        ("  - rule: org.sme", "  - rule: org.kind", "'org.kind' is not a yes/no rule", "rule"),
        ("tiers: [art99_4, art99_5]", "tiers: [art99_4, art99_9]", "unknown tier 'art99_9'", "tiers"),
        ("    in_max_fine: false", "    in_max_fine: false\n    ceiling: 1", "unknown key 'ceiling'", "ceiling"),
    ],
)
def test_defects_in_fines_yaml_are_refused_with_file_line_and_field(room, old, new, message, field):
    path = room / "fines.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(LawError, match=message.replace("(", r"\(")) as err:
        load_law_from(room)
    assert err.value.path.endswith("fines.yaml") and err.value.line is not None
    assert err.value.field == field


def test_an_obligation_must_name_a_tier_of_fines_yaml(room):
    path = room / "obligations" / "high_risk_deployer.yaml"
    text = path.read_text(encoding="utf-8")
    assert "fine_tier: art99_4" in text
    path.write_text(text.replace("fine_tier: art99_4", "fine_tier: art99_9", 1), encoding="utf-8")
    with pytest.raises(LawError, match="fine_tier must be a tier of fines.yaml"):
        load_law_from(room)
