"""Completeness of the law room (Datasette style: tests that check the docs and data are whole).

* every provision cited by a rule, question, obligation or parameter exists in the Act
  (as published or as inserted by Regulation (EU) 2026/1744);
* every question feeds some rule or obligation (no question is asked for nothing);
* every yes/no rule is made true by some test and false or unknown by another;
* the text shipped for `aiact explain` is the reference text.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest

from aiact.engine import yamlio
from aiact.engine.assess import evaluation_for
from aiact.engine.lawtext import TEXT_ROOT, exists
from aiact.engine.load import load_law
from aiact.engine.profile import Profile, RecordedReading, load_profile, profile_from_data
from aiact.engine.yamlio import LineDict

ROOT = Path(__file__).resolve().parent.parent
SHARED_TEXT = ROOT.parent / "shared" / "reference" / "ai-act"
LAW = load_law()


def cited(ref: str) -> list[str]:
    """The parts of a reference that cite the AI Act itself."""
    out = []
    for part in ref.replace(" and ", "; ").split(";"):
        p = part.strip()
        if p.startswith(("Art. ", "Annex ", "rec")) and "Recommendation" not in p:
            out.append(p.split(",")[0].split(" as amended")[0].strip())
    return out


def all_refs() -> list[tuple[str, str]]:
    refs = [(f"rule {r.id}", r.ref) for r in LAW.rules.values()]
    refs += [(f"question {q.id}", x) for q in LAW.questions.values() for x in q.all_refs()]
    refs += [(f"obligation {o.id}", o.ref) for o in LAW.obligations]
    refs += [(f"parameter {p.id}", p.reference) for p in LAW.params.values()]
    refs += [(f"fine tier {t.id}", t.ref) for t in LAW.fines.tiers.values()]
    for section in (LAW.evidence.audit, LAW.evidence.biometric):  # every dated version
        refs += [(f"evidence {key}", ref) for key, dated in section.items() for cites in dated.values for ref in cites]
    return refs


def test_every_cited_provision_exists_in_the_act():
    missing = [f"{owner}: {part}" for owner, ref in all_refs() for part in cited(ref) if not exists(part)]
    assert not missing, "citations that name no provision of the Act:\n" + "\n".join(missing)


def test_every_question_feeds_a_rule_or_an_obligation():
    read: set[str] = set()
    for rule in LAW.rules.values():
        for v in rule.versions:
            read.update(v.node.refs())
    for ob in LAW.obligations:
        read.update(ob.when.refs())
        read.update(ob.applies_from.refs())
    unused = sorted(set(LAW.questions) - read)
    assert not unused, f"questions no rule reads (they would never be asked): {unused}"


def _scenarios() -> list[tuple[Profile, dt.date]]:
    """Every law test item (with the readings it records) and every reference-case profile."""
    out = []
    for path in sorted((ROOT / "tests" / "law").rglob("*.yaml")):
        for item in yamlio.load_file(path):
            facts = item.get("facts") or LineDict()
            wrapper = LineDict()
            wrapper["answers"] = facts
            profile = profile_from_data(wrapper, LAW, source=str(path))
            for pid, name in (item.get("readings") or {}).items():
                profile.readings[pid] = RecordedReading(name, "law test")
            out.append((profile, item.get("as_of") or dt.date(2026, 11, 27)))
    for path in sorted((ROOT / "tests" / "cases").glob("*.yaml")):
        p = load_profile(path, LAW)
        out.append((p, p.as_of or dt.date(2026, 11, 27)))
    return out


def test_every_yes_no_rule_is_tested_both_ways():
    true_seen: set[str] = set()
    other_seen: set[str] = set()
    bool_rules = [r.id for r in LAW.rules.values() if r.kind == "bool"]
    for profile, day in _scenarios():
        e = evaluation_for(profile, day, LAW)  # contested points follow the reading recorded, else the stricter
        for rid in bool_rules:
            (true_seen if e.rule(rid) is True else other_seen).add(rid)
    never_true = sorted(r for r in bool_rules if r not in true_seen and not r.startswith("contradiction."))
    never_false = sorted(r for r in bool_rules if r not in other_seen)
    assert not never_true, f"rules no test makes true: {never_true}"
    assert not never_false, f"rules no test makes false or unknown: {never_false}"


@pytest.mark.skipif(not SHARED_TEXT.is_dir() and not os.environ.get("CI"),
                    reason=f"reference text not found at {SHARED_TEXT}")
def test_shipped_text_is_the_reference_text():
    assert SHARED_TEXT.is_dir(), f"reference text not found at {SHARED_TEXT}"
    for src in sorted(SHARED_TEXT.glob("*.md")):
        name = "SOURCE.md" if src.name == "README.md" else src.name
        assert (TEXT_ROOT / name).read_text(encoding="utf-8") == src.read_text(encoding="utf-8"), name


_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
LITERAL_DATE = re.compile(
    rf"\b\d{{1,2}} {_MONTH} \d{{4}}\b|\b{_MONTH} \d{{4}}\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b|\b\d{{1,2}}[./]\d{{1,2}}[./]\d{{4}}\b"
)


def test_labels_and_summaries_name_dates_through_parameters_never_literally():
    """A label must not hard-code a date that lives in a dated parameter: it writes
    {parameter} and the engine shows the value in force on the assessment date."""
    found = []
    for r in LAW.rules.values():
        found += [(f"rule {r.id}", r.label)]
        for v in r.versions:
            found += [(f"rule {r.id}, case", c["label"]) for c in (v.raw or {}).get("cases") or [] if c.get("label")]
    found += [(f"obligation {o.id}", o.summary) for o in LAW.obligations]
    dated = [f"{owner}: {text}" for owner, text in found if LITERAL_DATE.search(text)]
    assert not dated, "labels or summaries with a literal date (write {parameter}):\n" + "\n".join(dated)


def test_the_literal_date_check_catches_dates():
    for text in ("in use on or after 2 February 2025", "the draft of May 2026", "from 2026-07-27", "by 02.08.2026"):
        assert LITERAL_DATE.search(text), text
    for text in ("in use on or after {art113.chapters_1_2}", "Regulation (EU) 2018/1725", "Directive 2011/93/EU"):
        assert not LITERAL_DATE.search(text), text
