"""Profiles: the answers about one AI system, read from and written to YAML or JSON.

A profile file::

    name: CV ranking for store managers        # optional metadata
    organisation: Example Retail SE
    as_of: 2026-11-27                           # optional assessment date
    description: >                              # optional, for the reader
      ...
    answers:                                    # question id -> answer
      subject.kind: system
      art3_1.infers: true
      org.annual_turnover_eur: 9000000000
      art5_1_f.for_medical_or_safety: unknown   # "don't know" is an answer
    notes:                                      # optional: evidence per answer
      art3_1.infers: vendor documentation, section 2
    readings:                                   # optional: the reading adopted on a contested point
      annex3_1_b.wider_grounds:                 # (law/readings.yaml), with the reason
        reading: narrow
        reason: our counsel follows recital 54 (special categories only)

Answers are checked against the question catalogue: unknown ids, wrong types and options
the question does not offer are errors naming the file, line and field.

Replaced questions: when a question is split or reworded into new questions, its id is
listed in ``REPLACED_QUESTIONS`` with the answers it had and the answers to the new questions
each of them means. A profile that still answers the old question loads: its answer (and its
note) is read into the new questions, so older profiles keep their result; saving the profile
writes the new ids. An answer the profile also gives to a new question directly must agree.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiact.engine import answers, yamlio
from aiact.engine.answers import ONGOING
from aiact.engine.errors import InputError
from aiact.engine.law import Law, Question
from aiact.engine.tri import UNKNOWN
from aiact.engine.yamlio import LineDict

PROFILE_KEYS = {"aiact_profile", "name", "organisation", "as_of", "description", "answers", "notes", "scenario",
                "readings"}
PROFILE_FORMAT = 1

# Replaced question id -> {its former answer -> answers to the questions that replaced it}.
# An "unknown" answer to a replaced question leaves every replacing question unknown. An old
# id is read only when the law no longer has a question of that name.
REPLACED_QUESTIONS: dict[str, dict[str, dict[str, Any]]] = {
    # Art. 5(1)(h): the single choice of objective became one yes/no question per objective,
    # since a search may pursue several (aiact 2026-11). The former options each meant that
    # objective alone, except "other" ("something else, or also something else").
    "art5_1_h.objective": {
        "victims": {"art5_1_h_i.victims": True, "art5_1_h_ii.threat": False,
                    "art5_1_h_iii.suspects": False, "art5_1_h.other_objective": False},
        "threat": {"art5_1_h_i.victims": False, "art5_1_h_ii.threat": True,
                   "art5_1_h_iii.suspects": False, "art5_1_h.other_objective": False},
        "suspects": {"art5_1_h_i.victims": False, "art5_1_h_ii.threat": False,
                     "art5_1_h_iii.suspects": True, "art5_1_h.other_objective": False},
        "other": {"art5_1_h.other_objective": True},
    },
}


def _is_unknown(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip().lower() in answers.UNKNOWN_WORDS)


def replaced_answers(qid: str, raw: Any, *, path: str | None = None,
                     line: int | None = None) -> dict[str, Any]:
    """The answers to the new questions that an answer to the replaced question `qid` means."""
    table = REPLACED_QUESTIONS[qid]
    if _is_unknown(raw):
        return {new: "unknown" for answers in table.values() for new in answers}
    key = str(raw).strip() if isinstance(raw, str | int | float) and not isinstance(raw, bool) else None
    if key not in table:
        raise InputError(f"{raw!r} is not one of the options of this replaced question: "
                         f"{', '.join(table)} (or unknown)", path=path, line=line, field=qid)
    return dict(table[key])


@dataclass
class RecordedReading:
    """The reading a profile adopts on a contested point, and why."""

    reading: str
    reason: str


@dataclass
class Profile:
    """Answers about one system, plus metadata."""

    answers: dict[str, Any] = field(default_factory=dict)  # known answers only
    unknown: set[str] = field(default_factory=set)  # answered "unknown"
    name: str | None = None
    organisation: str | None = None
    description: str | None = None
    as_of: _dt.date | None = None
    scenario: str | None = None
    notes: dict[str, str] = field(default_factory=dict)
    readings: dict[str, RecordedReading] = field(default_factory=dict)  # contested point id -> reading
    path: str | None = None
    lines: dict[str, int] = field(default_factory=dict)

    def answered(self, qid: str) -> bool:
        return qid in self.answers or qid in self.unknown

    def set_answer(self, qid: str, value: Any) -> None:
        if value is UNKNOWN:
            self.answers.pop(qid, None)
            self.unknown.add(qid)
        else:
            self.unknown.discard(qid)
            self.answers[qid] = value

    def clear_answer(self, qid: str) -> None:
        self.answers.pop(qid, None)
        self.unknown.discard(qid)


def parse_date(value: Any, *, path: str | None, line: int | None, field: str) -> _dt.date:
    return answers.parse_date(value, path=path, line=line, field=field)


def coerce_answer(q: Question, raw: Any, *, path: str | None = None, line: int | None = None) -> Any:
    """Check one answer from a profile file against its question (strict form)."""
    return answers.parse_answer(q, raw, path=path, line=line)


def _suggest(qid: str, law: Law) -> str:
    close = difflib.get_close_matches(qid, list(law.questions), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def profile_from_data(data: Any, law: Law, source: str | None = None) -> Profile:
    """Build a profile from parsed YAML/JSON, checking every answer."""
    if data is None:
        data = LineDict()
    if not isinstance(data, dict):
        raise InputError("a profile must be a mapping with an 'answers' section", path=source, line=1)
    lines = data.line_of if isinstance(data, LineDict) else (lambda _k: None)
    for key in data:
        if key not in PROFILE_KEYS:
            raise InputError(
                f"unknown key '{key}' (allowed: {', '.join(sorted(PROFILE_KEYS))})",
                path=source,
                line=lines(key),
                field=key,
            )
    fmt = data.get("aiact_profile", PROFILE_FORMAT)
    if fmt != PROFILE_FORMAT:
        raise InputError(f"unsupported profile format {fmt!r} (this aiact reads format {PROFILE_FORMAT})",
                         path=source, line=lines("aiact_profile"), field="aiact_profile")
    profile = Profile(path=source)
    for key in ("name", "organisation", "description", "scenario"):
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError("expected text", path=source, line=lines(key), field=key)
        setattr(profile, key, value)
    if data.get("as_of") is not None:
        profile.as_of = parse_date(data["as_of"], path=source, line=lines("as_of"), field="as_of")
    answers = data.get("answers") or {}
    if not isinstance(answers, dict):
        raise InputError("'answers' must be a mapping of question id to answer", path=source,
                         line=lines("answers"), field="answers")
    aline = answers.line_of if isinstance(answers, LineDict) else (lambda _k: None)
    replaced: dict[str, list[str]] = {}  # replaced question id -> the questions it was read into
    for qid, raw in answers.items():
        q = law.questions.get(qid)
        if q is None and qid in REPLACED_QUESTIONS:
            replaced[qid] = _read_replaced(profile, law, answers, qid, raw, source, aline(qid))
            continue
        if q is None:
            raise InputError(f"unknown question id{_suggest(qid, law)}", path=source, line=aline(qid), field=qid)
        if q.reading:
            raise InputError("a contested reading, not a fact: record the reading you adopt under 'readings:' "
                             f"(one of: {', '.join(law.readings[q.reading].readings)}) with a reason",
                             path=source, line=aline(qid), field=qid)
        profile.set_answer(qid, coerce_answer(q, raw, path=source, line=aline(qid)))
        line = aline(qid)
        if line is not None:
            profile.lines[qid] = line
    notes = data.get("notes") or {}
    if not isinstance(notes, dict):
        raise InputError("'notes' must be a mapping of question id to text", path=source,
                         line=lines("notes"), field="notes")
    nline = notes.line_of if isinstance(notes, LineDict) else (lambda _k: None)
    for qid, text in notes.items():
        if qid not in law.questions and qid in REPLACED_QUESTIONS:  # the note goes with the answer
            for new in replaced.get(qid) or sorted({n for a in REPLACED_QUESTIONS[qid].values() for n in a}):
                if new in law.questions:
                    profile.notes.setdefault(new, str(text))
            continue
        if qid not in law.questions:
            raise InputError(f"note for unknown question id{_suggest(qid, law)}", path=source,
                             line=nline(qid), field=qid)
        profile.notes[qid] = str(text)
    _read_readings(profile, law, data.get("readings"), source, lines("readings"))
    return profile


def _read_readings(profile: Profile, law: Law, raw: Any, source: str | None, line: int | None) -> None:
    """``readings: {point: {reading: name, reason: text}}``: each checked against readings.yaml."""
    if raw is None:
        return
    if not isinstance(raw, dict):
        raise InputError("'readings' must be a mapping of contested point to {reading, reason}", path=source,
                         line=line, field="readings")
    rline = raw.line_of if isinstance(raw, LineDict) else (lambda _k: None)
    for pid, entry in raw.items():
        point = law.readings.get(pid)
        if point is None:
            close = difflib.get_close_matches(str(pid), list(law.readings), n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else f" (known: {', '.join(law.readings)})"
            raise InputError(f"unknown contested point{hint}", path=source, line=rline(pid), field=f"readings.{pid}")
        here = rline(pid)
        eline = entry.line_of if isinstance(entry, LineDict) else (lambda _k, _at=here: _at)
        if not isinstance(entry, dict):
            raise InputError("expected a mapping with 'reading' and 'reason'", path=source, line=rline(pid),
                             field=f"readings.{pid}")
        for key in entry:
            if key not in ("reading", "reason"):
                raise InputError(f"unknown key '{key}' (allowed: reading, reason)", path=source, line=eline(key),
                                 field=f"readings.{pid}.{key}")
        name = entry.get("reading")
        if name not in point.readings:
            raise InputError(f"expected one of the readings: {', '.join(point.readings)}, found {name!r}",
                             path=source, line=eline("reading") or rline(pid), field=f"readings.{pid}.reading")
        reason = entry.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            raise InputError("say why you adopt this reading (a reason is required)", path=source,
                             line=eline("reason") or rline(pid), field=f"readings.{pid}.reason")
        profile.readings[pid] = RecordedReading(str(name), " ".join(reason.split()))


def _read_replaced(profile: Profile, law: Law, answers: dict[str, Any], qid: str, raw: Any,
                   source: str | None, line: int | None) -> list[str]:
    """Read the answer to a replaced question into the questions that replaced it."""
    out = []
    for new, value in replaced_answers(qid, raw, path=source, line=line).items():
        q = law.questions.get(new)
        if q is None:
            raise InputError(f"replaced question: '{new}' is not a question of this law",
                             path=source, line=line, field=qid)
        typed = coerce_answer(q, value, path=source, line=line)
        if new in answers:  # answered directly too: the two must agree
            own = coerce_answer(q, answers[new], path=source, line=line)
            if own is not typed and own != typed:
                raise InputError(f"the answer to the replaced question '{qid}' means {new}: "
                                 f"{value}, but the profile answers {new}: {answers[new]}",
                                 path=source, line=line, field=qid)
            continue
        profile.set_answer(new, typed)
        if line is not None:
            profile.lines[new] = line
        out.append(new)
    return out


def load_profile(path: str | Path, law: Law) -> Profile:
    """Read a profile file (YAML or JSON)."""
    p = Path(path)
    data = yamlio.load_file(p)
    return profile_from_data(data, law, source=str(p))


def _answer_out(value: Any) -> Any:
    if value == ONGOING:
        return "ongoing"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def profile_to_data(profile: Profile, law: Law) -> dict[str, Any]:
    """The profile as plain data, answers in question order."""
    out: dict[str, Any] = {"aiact_profile": PROFILE_FORMAT}
    for key in ("name", "organisation", "as_of", "scenario", "description"):
        value = getattr(profile, key)
        if value is not None:
            out[key] = value
    answers: dict[str, Any] = {}
    for qid in law.questions:
        if qid in profile.answers:
            answers[qid] = _answer_out(profile.answers[qid])
        elif qid in profile.unknown:
            answers[qid] = "unknown"
    out["answers"] = answers
    if profile.notes:
        out["notes"] = {k: v for k, v in profile.notes.items()}
    if profile.readings:
        out["readings"] = {pid: {"reading": r.reading, "reason": r.reason} for pid, r in profile.readings.items()}
    return out


def dump_profile_yaml(profile: Profile, law: Law) -> str:
    """YAML text of a profile, each answer preceded by its question as a comment."""
    data = profile_to_data(profile, law)
    lines = ["# aiact profile: answers about one AI system (see docs/profiles.md)"]
    for key in ("aiact_profile", "name", "organisation", "as_of", "scenario"):
        if key in data:
            lines.append(f"{key}: {_scalar(data[key])}")
    if "description" in data:
        lines.append("description: >")
        lines += ["  " + chunk for chunk in _wrap(str(data["description"]), 86)]
    lines.append("answers:")
    topic = None
    subject = profile.answers.get("subject.kind")  # a model assessed on its own has its own words
    for qid, value in data["answers"].items():
        q = law.questions[qid]
        if q.topic != topic:
            topic = q.topic
            lines.append(f"  # --- {law.topics[topic].title}")
        for chunk in _wrap(q.text_at(profile.as_of or _dt.date.max, subject), 86):
            lines.append(f"  # {chunk}")
        lines.append(f"  {qid}: {_scalar(value)}")
    if "notes" in data:
        lines.append("notes:")
        for qid, text in data["notes"].items():
            lines.append(f"  {qid}: {_scalar(text)}")
    if "readings" in data:
        lines.append("readings:  # contested points: the reading adopted, and why (law/readings.yaml)")
        for pid, entry in data["readings"].items():
            lines.append(f"  {pid}:")
            lines.append(f"    reading: {_scalar(entry['reading'])}")
            lines.append(f"    reason: {_scalar(entry['reason'])}")
    return "\n".join(lines) + "\n"


def _wrap(text: str, width: int) -> list[str]:
    words = text.split()
    out: list[str] = []
    cur = ""
    for w in words:
        if cur and len(cur) + 1 + len(w) > width:
            out.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}" if cur else w
    if cur:
        out.append(cur)
    return out or [""]


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        return repr(value) if isinstance(value, float) else str(value)
    return json.dumps(str(value), ensure_ascii=False)


def save_profile(profile: Profile, path: str | Path, law: Law) -> None:
    """Write atomically: a crash or a full disk never leaves a half-written profile."""
    p = Path(path)
    if p.suffix.lower() == ".json":
        text = json.dumps(profile_to_data(profile, law), indent=2, default=str, ensure_ascii=False) + "\n"
    else:
        text = dump_profile_yaml(profile, law)
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".aiact-tmp", dir=p.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, p)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
