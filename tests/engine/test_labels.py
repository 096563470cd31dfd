"""Labels and summaries name dated values through parameters: `{art113.chapters_1_2}` shows the
value in force on the assessment date wherever labels are shown (trail, `aiact explain`)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aiact.cli.main import app
from aiact.engine.assess import assess
from aiact.engine.errors import LawError
from aiact.engine.evaluate import Evaluation
from aiact.engine.law import PLACEHOLDER
from aiact.engine.load import load_law, load_law_from
from aiact.engine.profile import load_profile

ROOT = Path(__file__).resolve().parents[2]

RULES = """
rules:
  r.big:
    ref: Art. 1(5)
    label: n above {p.threshold}
    if: {gt: [a.n, {param: p.threshold}]}
  r.later:
    ref: Art. 1(6)
    label: set from {p.late}
    if: a.x
"""

LATE = """
description: a value set only by the amending act
unit: date
reference: Art. 1a
values:
  2026-07-27:
    value: 2026-12-02
    source: {act: "2026/1744", ref: "Art. 1a"}
"""


def test_a_label_shows_the_parameter_value_on_the_assessment_date(law_room):
    law = load_law_from(law_room(rules__r_yaml=RULES, parameters__p__late_yaml=LATE))
    assert law.rules["r.big"].label == "n above {p.threshold}"  # the law as written
    before = Evaluation(law, {"a.n": 15.0, "a.x": True}, dt.date(2026, 5, 1))
    after = Evaluation(law, {"a.n": 15.0, "a.x": True}, dt.date(2026, 11, 27))
    assert before.explain("r.big").label == "n above 10"
    assert after.explain("r.big").label == "n above 20"
    assert before.explain("r.later").label == "set from the date in Art. 1a"  # no value yet
    assert after.explain("r.later").label == "set from 2 December 2026"
    scenario = Evaluation(law, {"a.n": 15.0}, dt.date(2026, 11, 27), overrides={"p.threshold": 12})
    assert scenario.explain("r.big").label == "n above 12"


@pytest.mark.parametrize("label", ["n above {p.nothing}", "n above {threshold}", "n above {P.threshold}"])
def test_a_placeholder_that_names_no_parameter_is_refused(law_room, label):
    rules = RULES.replace("label: n above {p.threshold}", f"label: {label}")
    with pytest.raises(LawError, match="names no parameter") as err:
        load_law_from(law_room(rules__r_yaml=rules))
    assert err.value.line == 4 and err.value.field == "label"


def test_the_report_trail_shows_the_dates_in_force():
    law = load_law()
    profile = load_profile(ROOT / "tests" / "cases" / "footballer-ai-generated-multilingual-ads.yaml", law)
    for day in (dt.date(2026, 5, 1), dt.date(2026, 11, 27)):
        report = assess(profile, day, law).to_json_dict()
        steps = [c["trail"] for c in report["explanation"]]
        templated = []
        while steps:
            step = steps.pop()
            steps += step["because"]
            if "{" in law.rules[step["rule"]].label:
                templated.append(step["label"])
        assert templated  # the trail shows rules whose labels name parameters...
        text = json.dumps(report["explanation"]) + json.dumps(report["obligations"])
        assert not PLACEHOLDER.search(text)  # ...with the values filled in
        assert "On the market or in use on or after 2 August 2026, when Art. 50 applies" in templated
    labels = {}
    for day in (dt.date(2026, 5, 1), dt.date(2026, 11, 27)):
        e = Evaluation(law, {}, day)
        labels[day] = e.explain("art111_4").label
    assert labels[dt.date(2026, 5, 1)].startswith("Placed on the market before the date in Art. 111(4)")
    assert labels[dt.date(2026, 11, 27)].startswith("Placed on the market before 2 August 2026")


def test_explain_renders_labels_as_of_its_date():
    runner = CliRunner()
    out = runner.invoke(app, ["explain", "timing.in_use_from_chapters_1_2", "--as-of", "2026-11-27"]).output
    assert "On the market or in use on or after 2 February 2025" in out and "{" not in out.split("\n")[3]
    out = runner.invoke(app, ["explain", "art111_4", "--as-of", "2026-05-01"]).output
    assert "Placed on the market before the date in Art. 111(4)" in out
