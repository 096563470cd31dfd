"""Question texts, help and citations are dated like the law: an assessment as of a day shows
the words in force that day, never law that was not yet adopted."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from aiact.engine.assess import assess
from aiact.engine.errors import LawError
from aiact.engine.load import load_law, load_law_from
from aiact.engine.profile import load_profile

ROOT = Path(__file__).resolve().parents[2]
BEFORE = dt.date(2026, 5, 1)  # before Regulation (EU) 2026/1744 was adopted
AFTER = dt.date(2026, 11, 27)

QUESTIONS = """
topic: t
title: Topic
order: 1
questions:
  a.x:
    text: X?
    help:
      2024-08-01: The old rule (Art. 1).
      2026-07-27: The new rule (Art. 1a, inserted by Regulation (EU) 2026/1744).
    type: bool
    refs:
      2024-08-01: ["Art. 1"]
      2026-07-27: ["Art. 1a", "Art. 1"]
  a.y:
    text:
      2024-08-01: Y under the old rule?
      2026-07-27: Y under the new rule?
    help:
      2026-07-27: Only the new rule has help.
    type: bool
    refs: ["Art. 1"]
  a.z:
    text: Z?
    type: bool
    refs: ["Art. 1"]
  a.kind:
    text: Kind?
    type: choice
    options: {one: One, two: Two}
    refs: ["Art. 1"]
  a.n:
    text: N above {p.threshold}?
    type: number
    refs: ["Art. 1"]
  a.d:
    text: D?
    type: date
    refs: ["Art. 1"]
"""


def test_a_question_gives_the_words_in_force_on_a_day(law_room):
    law = load_law_from(law_room(questions__t_yaml=QUESTIONS))
    x, y = law.questions["a.x"], law.questions["a.y"]
    assert x.wording(BEFORE).help == "The old rule (Art. 1)." and x.refs_at(BEFORE) == ["Art. 1"]
    assert "2026/1744" in x.wording(AFTER).help and x.refs_at(AFTER) == ["Art. 1a", "Art. 1"]
    assert (x.help, x.refs) == (x.help_at(AFTER), x.refs_at(AFTER))  # the current words
    assert x.all_refs() == ["Art. 1", "Art. 1a"]
    assert y.text_at(BEFORE) == "Y under the old rule?" and y.text_at(AFTER) == "Y under the new rule?"
    assert y.help_at(BEFORE) == "" and y.help_at(AFTER) == "Only the new rule has help."
    assert [d for d, _w in y.versions()] == [dt.date(2024, 8, 1), dt.date(2026, 7, 27)]
    assert law.words(law.questions["a.n"].text_at(AFTER), AFTER) == "N above 20?"


@pytest.mark.parametrize(
    ("old", "new", "message", "field"),
    [
        ("      2026-07-27: The new rule", "      2026-07-28: The new rule", "entry into force of no act", "help"),
        ("      2024-08-01: Y under the old rule?\n      2026-07-27: Y under the new rule?",
         "      2026-07-27: Y under the new rule?\n      2024-08-01: Y under the old rule?",
         "dates must be in increasing order", "text"),
        ("      2024-08-01: [\"Art. 1\"]\n", "", "needs a version from 2024-08-01", "refs"),
        ("      2026-07-27: [\"Art. 1a\", \"Art. 1\"]", "      2026-07-27: []", "must cite", "refs"),
        ("    text: N above {p.threshold}?", "    text: N above {p.nothing}?", "names no parameter", "text"),
    ],
)
def test_dated_words_are_checked_when_the_law_loads(law_room, old, new, message, field):
    assert old in QUESTIONS
    with pytest.raises(LawError, match=message) as err:
        load_law_from(law_room(questions__t_yaml=QUESTIONS.replace(old, new, 1)))
    assert err.value.path.endswith("t.yaml") and err.value.line is not None and err.value.field == field


def _open(day: dt.date, qid: str):
    law = load_law()
    profile = load_profile(ROOT / "tests" / "cases" / "applicant-fit-prediction-preparatory-claim.yaml", law)
    report = assess(profile, day, law, explain=False)
    return next(q for q in report.open_questions if q.id == qid)


def test_an_assessment_before_the_omnibus_does_not_mention_it_in_help_or_citations():
    before = _open(BEFORE, "art4a.bias_special_categories")
    after = _open(AFTER, "art4a.bias_special_categories")
    assert "2026/1744" not in (before.help or "") and "4a" not in (before.help or "")
    assert before.refs == ["Art. 10(5)"]
    assert "Regulation (EU) 2026/1744" in (after.help or "")
    assert after.refs == ["Art. 4a(1)", "Art. 10(5)"]


# the question files dated so far; the others are still to be dated (see the report of this change)
DATED_FILES = ("high_risk_products", "high_risk_filter", "role_details", "transitional",
               "organisation", "public_tasks", "transparency")
NOT_YET_LAW = re.compile(r"2026/1744|Art\. 4a|Art\. 6\(1[abc]\)|Art\. 99\(6a\)|Art\. 3\(14[ab]\)|Art\. 60a|Art\. 111\(4\)")


def test_no_question_of_the_dated_files_speaks_of_law_not_yet_adopted():
    law = load_law()
    mentions = []
    for q in law.questions.values():
        if Path(q.path).stem not in DATED_FILES:
            continue
        w = q.wording(BEFORE)
        for part in [w.text, w.help, *w.refs]:
            if NOT_YET_LAW.search(part):
                mentions.append(f"{q.id}: {NOT_YET_LAW.search(part).group(0)}")
    assert not mentions, mentions


def test_no_help_presents_a_draft_as_law():
    law = load_law()
    drafts = [q.id for q in law.questions.values() if Path(q.path).stem in DATED_FILES
              for d, w in [*q.versions(), (AFTER, q.wording(AFTER))] if re.search(r"\bdraft\b|reportedly", w.help, re.I)]
    assert not drafts, drafts
