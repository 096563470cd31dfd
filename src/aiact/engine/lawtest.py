"""Lawyer-readable YAML tests of the encoded law (OpenFisca style).

A test file is a list of items::

    - name: Reading call-centre staff's emotions from their voices is prohibited
      as_of: 2026-11-27
      facts:
        art3_39.infers_emotions: true
        art5_1_f.workplace_or_education: true
      expect:
        art5_1_f: true                   # a rule id: true | false | unknown | a value
        report.category: prohibited      # a report field (see docs/assessment-schema.md)
        report.obligations_include: ["Art. 26(1)"]
        asks: [art5_1_f.for_medical_or_safety]   # questions the planner must raise

``facts`` are profile answers; any question not given is unanswered. ``readings`` records the
reading adopted on contested points (``{point: reading}``, law/readings.yaml); with none, the
stricter reading is followed, as in a report. ``report.readings`` lists the contested points
the report names; ``report.reading.POINT.READING`` is the tier under that reading and
``report.reading.POINT.followed`` the reading the report follows. ``asks`` checks that
each listed question is among the open questions of the rules named in ``expect`` (or of
the whole report when only report fields are named). ``asks_not`` checks the opposite.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

from aiact.engine import yamlio
from aiact.engine.assess import assess, evaluation_for
from aiact.engine.errors import InputError
from aiact.engine.law import Law
from aiact.engine.profile import RecordedReading, profile_from_data
from aiact.engine.tri import UNKNOWN, show
from aiact.engine.yamlio import LineDict

ITEM_KEYS = {"name", "as_of", "facts", "expect", "note", "readings"}


def load_tests(path: Path) -> list[tuple[str, LineDict]]:
    data = yamlio.load_file(path)
    if not isinstance(data, list):
        raise InputError("a law test file is a list of test items", path=path)
    out = []
    for item in data:
        if not isinstance(item, LineDict) or "name" not in item:
            raise InputError("each test item needs a 'name'", path=path,
                             line=getattr(item, "line", None))
        for key in item:
            if key not in ITEM_KEYS:
                raise InputError(f"unknown key '{key}'", path=path, line=item.line_of(key), field=key)
        out.append((str(item["name"]), item))
    return out


def _norm(value: Any) -> Any:
    if isinstance(value, _dt.datetime):
        return value.date()
    return value


def _matches(actual: Any, expected: Any) -> bool:
    if isinstance(expected, str) and expected == "unknown":
        return actual is UNKNOWN
    if isinstance(expected, list) and isinstance(actual, list | tuple):
        return list(actual) == expected
    return _norm(actual) == _norm(expected)


def ref_listed(expected_ref: str, refs: list[str]) -> bool:
    """'Art. 16' is listed if 'Art. 16' or one of its points ('Art. 16(a)') is."""
    return any(r == expected_ref or r.startswith(expected_ref + "(") for r in refs)


def run_item(item: LineDict, law: Law, source: str) -> list[str]:
    """Run one test item; return the failures (empty when it passes)."""
    facts = item.get("facts") or LineDict()
    profile = profile_from_data(LineDict() if not facts else _wrap_answers(facts), law, source=source)
    if "as_of" not in item:  # the law is dated: every test states the day it is read on
        raise InputError("a law test needs 'as_of' (the assessment date)", path=source, line=item.line, field="as_of")
    day = _norm(item.get("as_of"))
    if not isinstance(day, _dt.date):
        raise InputError("as_of must be a date", path=source, line=item.line_of("as_of"), field="as_of")
    for pid, name in (item.get("readings") or {}).items():
        point = law.readings.get(pid)
        if point is None or name not in point.readings:
            raise InputError(f"unknown contested point or reading '{pid}: {name}'", path=source,
                             line=item.line_of("readings"), field="readings")
        profile.readings[pid] = RecordedReading(str(name), "law test")
    e = evaluation_for(profile, day, law)
    expect = item.get("expect") or {}
    failures: list[str] = []
    report = None
    rule_opens: set[str] = set()
    named_rules = False
    for key, expected in expect.items():
        if key in ("asks", "asks_not"):
            continue
        if key.startswith("report."):
            if report is None:
                report = assess(profile, day, law, explain=False).to_json_dict()
            field = key[len("report."):]
            if field == "readings":
                listed = [c["id"] for c in report["readings"]]
                if sorted(listed) != sorted(expected or []):
                    failures.append(f"{key}: expected {expected!r}, got {listed!r}")
                continue
            if field.startswith("reading."):
                pid, _, what = field[len("reading."):].rpartition(".")
                point = next((c for c in report["readings"] if c["id"] == pid), None)
                if point is None:
                    failures.append(f"{key}: the report names no contested point '{pid}'")
                    continue
                if what == "followed":
                    actual = point["followed"]
                else:
                    actual = next((o["category"] for o in point["outcomes"] if o["name"] == what), None)
                if actual != expected:
                    failures.append(f"{key}: expected {expected!r}, got {actual!r}")
                continue
            if field == "obligations_include":
                refs = [o["ref"] for o in report["obligations"]]
                missing = [r for r in expected if not ref_listed(r, refs)]
                if missing:
                    failures.append(f"{key}: missing {missing}; listed {refs}")
                continue
            if field == "obligations_exclude":
                refs = [o["ref"] for o in report["obligations"]]
                present = [r for r in expected if ref_listed(r, refs)]
                if present:
                    failures.append(f"{key}: should not list {present}")
                continue
            if field not in report:
                failures.append(f"{key}: no such report field")
                continue
            actual = report[field]
            if isinstance(expected, _dt.date):
                expected = expected.isoformat()
            if expected == "unknown":
                expected = None if field != "category" else "undetermined"
            if isinstance(expected, list) and isinstance(actual, list):
                ok = sorted(map(str, actual)) == sorted(map(str, expected))
            else:
                ok = actual == expected
            if not ok:
                failures.append(f"{key}: expected {expected!r}, got {actual!r}")
            continue
        if key in law.readings:  # a contested point's input: the value of the reading followed
            if not _matches(e.fact(key), expected):
                failures.append(f"{key}: expected {show(expected)}, got {show(e.fact(key))}")
            continue
        if key not in law.rules:
            failures.append(f"{key}: no such rule")
            continue
        named_rules = True
        actual = e.rule(key)
        rule_opens |= e.rule_opens(key)
        if not _matches(actual, expected):
            failures.append(f"{key}: expected {show(expected)}, got {show(actual)}")
    if "asks" in expect or "asks_not" in expect:
        if named_rules:
            opens = rule_opens
        else:
            if report is None:
                report = assess(profile, day, law, explain=False).to_json_dict()
            opens = {q["id"] for q in report["open_questions"]}
        for qid in expect.get("asks") or []:
            if qid not in opens:
                failures.append(f"asks: '{qid}' is not among the open questions {sorted(opens)}")
        for qid in expect.get("asks_not") or []:
            if qid in opens:
                failures.append(f"asks_not: '{qid}' should not be asked")
    return failures


def _wrap_answers(facts: LineDict) -> LineDict:
    wrapper = LineDict()
    wrapper["answers"] = facts
    wrapper.lines["answers"] = facts.line or 1
    wrapper.line = facts.line
    return wrapper
