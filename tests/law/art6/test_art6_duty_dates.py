"""Dates of application of the Art. 6(4) and Art. 49(2) duties (Art. 113 as amended)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from aiact.engine import yamlio
from aiact.engine.assess import assess
from aiact.engine.lawtest import _wrap_answers
from aiact.engine.load import load_law
from aiact.engine.profile import profile_from_data

HERE = Path(__file__).parent


def _exempt_provider_facts():
    items = yamlio.load_file(HERE / "obligations.yaml")
    return items[0]["facts"]


@pytest.mark.parametrize(
    ("as_of", "art6_4", "art49_2"),
    [
        # 2024 text: Chapter III other than Art. 6(1) from the general date (Art. 113, second paragraph)
        (dt.date(2026, 6, 1), "2026-08-02", "2026-08-02"),
        # as amended: Section 1 for Annex III systems from 2 December 2027 (point (c)(i)); the Art. 49(2)
        # registration follows a conclusion "according to Article 6(3)", so it is dated alike
        (dt.date(2026, 11, 27), "2027-12-02", "2027-12-02"),
    ],
)
def test_art6_3_duties_dates(as_of: dt.date, art6_4: str, art49_2: str) -> None:
    law = load_law()
    profile = profile_from_data(
        _wrap_answers(_exempt_provider_facts()), law, source="obligations.yaml"
    )
    report = assess(profile, as_of, law, explain=False).to_json_dict()
    dates = {o["ref"]: o["applies_from"] for o in report["obligations"]}
    assert dates["Art. 6(4)"] == art6_4
    assert dates["Art. 49(2)"] == art49_2
