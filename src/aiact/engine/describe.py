"""Readable renderings of the encoded law: expressions as indented text, catalogue as JSON."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from aiact.engine.law import Law


def plain(value: Any) -> Any:
    """YAML data (LineDicts, dates) as plain JSON-ready data."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, _dt.date):
        return value.isoformat()
    return value


def _words(law: Law, text: str, day: _dt.date | None) -> str:
    """A label as of ``day`` (``{parameter}`` shows its value); as written when no day is given."""
    return law.words(text, day) if day is not None else text


def _name(law: Law, ident: str, day: _dt.date | None = None) -> str:
    if ident == "as_of":
        return "the assessment date"
    q = law.questions.get(ident)
    if q is not None:
        return f"[{ident}] {_words(law, q.text_at(day), day) if day is not None else q.text}"
    r = law.rules.get(ident)
    if r is not None:
        return f"{r.ref}: {_words(law, r.label, day)} ({ident})"
    return ident


def _value(law: Law, v: Any, day: _dt.date | None = None) -> str:
    if isinstance(v, str):
        return _name(law, v, day) if (v in law.questions or v in law.rules or v == "as_of") else repr(v)
    if isinstance(v, dict) and len(v) == 1:
        (op, arg), = v.items()
        if op == "param":
            p = law.params.get(arg)
            return f"parameter {arg}" + (f" ({p.description})" if p else "")
        if op == "val":
            return _name(law, arg, day)
        if op == "const":
            return repr(arg)
        if isinstance(arg, list):
            return f"{op}(" + ", ".join(_value(law, a, day) for a in arg) + ")"
    if isinstance(v, _dt.date):
        return v.isoformat()
    return str(v)


_CMP = {"gt": ">", "ge": ">=", "lt": "<", "le": "<=", "eq": "=", "ne": "!="}


def describe(law: Law, expr: Any, indent: int = 0, day: _dt.date | None = None) -> list[str]:
    """An expression of the rule language as indented lines of plain words."""
    pad = "  " * indent
    if isinstance(expr, bool):
        return [pad + ("always" if expr else "never")]
    if isinstance(expr, str):
        return [pad + _name(law, expr, day)]
    if isinstance(expr, dict) and len(expr) == 1:
        (op, arg), = expr.items()
        if op in ("all", "any"):
            out = [pad + ("all of:" if op == "all" else "any of:")]
            for a in arg:
                out += describe(law, a, indent + 1, day)
            return out
        if op == "not":
            inner = describe(law, arg, indent + 1, day)
            if len(inner) == 1:
                return [pad + "not " + inner[0].strip()]
            return [pad + "not:"] + inner
        if op == "is":
            return [pad + f"{_name(law, arg[0], day)} is {arg[1]!r}"]
        if op == "in":
            return [pad + f"{_name(law, arg[0], day)} is one of {_value(law, arg[1], day)}"]
        if op in _CMP:
            return [pad + f"{_value(law, arg[0], day)} {_CMP[op]} {_value(law, arg[1], day)}"]
        if op == "any_of":
            members = ", ".join(law.rules[m].ref for m in law.groups.get(arg, []))
            return [pad + f"any rule of the group '{arg}' holds ({members})"]
        return [pad + _value(law, expr, day)]
    return [pad + _value(law, expr, day)]


def describe_rule_body(law: Law, raw: dict[str, Any], day: _dt.date | None = None) -> list[str]:
    out: list[str] = []
    if "if" in raw:
        out += ["holds when:"] + describe(law, raw["if"], 1, day)
    for exc in raw.get("unless") or []:
        r = law.rules.get(exc["id"])
        out.append(f"unless (exception {exc['id']}, {exc['ref']}): {_words(law, exc['label'], day)}")
        out += describe(law, exc["if"], 2, day)
        del r
    for case in raw.get("cases") or []:
        if "each" in case:  # one case per rule of a group, in order
            members = ", ".join(law.rules[m].ref for m in law.groups.get(case["each"], []))
            out.append(f"for each rule of the group '{case['each']}' in order ({members}):")
            then = {"$ref": "its reference", "$id": "its id", "$label": "its label"}.get(
                str(case["then"]), _value(law, case["then"], day))
            out.append(f"  the first that holds gives the value: {then}")
            continue
        ref = f" ({case['ref']})" if case.get("ref") else ""
        label = f": {_words(law, case['label'], day)}" if case.get("label") else ""
        out.append(f"value {_value(law, case['then'], day)}{ref}{label} when:")
        out += describe(law, case["if"], 1, day)
    if "else" in raw:
        out.append(f"otherwise: {_value(law, raw['else'], day)}")
    return out


def rule_inputs(law: Law, rid: str) -> tuple[list[str], list[str]]:
    """(questions, parameters) a rule reads, directly or through other rules."""
    seen: set[str] = set()
    questions: list[str] = []
    params: list[str] = []
    stack = [rid]
    while stack:
        cur = stack.pop()
        if cur in seen:
            continue
        seen.add(cur)
        rule = law.rules.get(cur)
        if rule is None:
            continue
        for v in rule.versions:
            for ref in v.node.refs():
                if ref in law.questions:
                    if ref not in questions:
                        questions.append(ref)
                else:
                    stack.append(ref)
            for p in v.node.params():
                if p not in params:
                    params.append(p)
        stack.extend(rule.exceptions)
    questions.sort(key=lambda q: law.questions[q].order)
    return questions, params


def catalogue(law: Law) -> dict[str, Any]:
    """Everything the engine knows, as JSON-ready data (for `aiact rules --json`)."""
    return {
        "schema": "aiact.catalogue/1",
        "acts": [
            {"id": a.id, "title": a.title, "short": a.short, "eli": a.eli, "celex": a.celex,
             "published": a.published.isoformat(), "in_force": a.in_force.isoformat(), "role": a.role,
             "amends": a.amends}
            for a in law.acts.values()
        ],
        "topics": [{"id": t.id, "title": t.title, "order": t.order} for t in
                   sorted(law.topics.values(), key=lambda t: t.order)],
        "questions": [
            {"id": q.id, "text": q.text, "help": q.help or None, "type": q.type, "topic": q.topic,
             "options": q.options or None, "unit": q.unit, "min": q.minimum,
             "allow_ongoing": q.allow_ongoing or None, "refs": q.refs, "judgement": q.judgement}
            | ({"versions": [{"from": d.isoformat(), "text": w.text, "help": w.help or None, "refs": w.refs}
                             for d, w in q.versions()]} if q.versions() else {})
            for q in law.questions.values()
        ],
        "rules": [
            {"id": r.id, "ref": r.ref, "label": r.label, "kind": r.kind, "type": r.type,
             "note": r.note or None, "gap": r.gap or None, "parent": r.parent,
             "exceptions": r.exceptions or None, "options": r.options or None,
             "versions": [{"from": v.valid_from.isoformat(),
                           "until": v.valid_until.isoformat() if v.valid_until else None,
                           "source": v.source, "expression": plain(v.raw)} for v in r.versions],
             "questions": rule_inputs(law, r.id)[0], "parameters": rule_inputs(law, r.id)[1],
             "file": r.path.split("/law/", 1)[-1], "line": r.line}
            for r in law.rules.values()
        ],
        "groups": law.groups,
        "obligations": [
            {"id": o.id, "ref": o.ref, "summary": o.summary, "owed_by": o.owed_by,
             "when": plain(o.raw_when), "applies_from": plain(o.raw_applies_from),
             "fine_tier": o.fine_tier, "documents": o.documents or None,
             "valid_from": o.valid_from.isoformat(),
             "valid_until": o.valid_until.isoformat() if o.valid_until else None}
            for o in law.obligations
        ],
        "readings": [reading_data(point) for point in law.readings.values()],
        "scenarios": [
            {"id": sc.id, "title": sc.title, "status": sc.status, "source": sc.source, "note": sc.note,
             "parameters": {pid: {"from": start.isoformat(), "value": plain(v)} for pid, (start, v) in sc.overrides.items()}}
            for sc in law.scenarios.values()
        ],
        "parameters": [
            {"id": p.id, "description": p.description, "unit": p.unit, "reference": p.reference,
             "values": [{"from": k.isoformat(), "value": plain(v), "source": {"act": s.act, "ref": s.ref, "amends": s.amends}}
                        for k, v, s in zip(p.keys, p.values, p.sources, strict=True)]}
            for p in law.params.values()
        ],
    }


def _source_data(s: Any) -> dict[str, Any]:
    return {"ref": s.ref, "doc": s.doc, "date": s.date.isoformat() if s.date else None, "status": s.status,
            "says": s.says or None}


def reading_data(point: Any) -> dict[str, Any]:
    """A contested point as JSON-ready data: the question, the readings with the value each
    gives the rule input, their sources, and the rules that read it."""
    return {
        "id": point.id, "ref": point.ref, "question": point.question, "facts": point.facts,
        "input": point.id, "stricter": point.stricter,
        "readings": [{"name": r.name, "label": r.label, "text": r.text, "sets": {point.id: r.value},
                      "sources": [_source_data(s) for s in r.sources]} for r in point.readings.values()],
        "guidance": [_source_data(s) for s in point.guidance],
        "file": point.path.split("/law/", 1)[-1], "line": point.line,
    }


def readings_touching(law: Law, rule_ids: list[str]) -> list[str]:
    """The contested points these rules read (their exceptions included)."""
    out: list[str] = []
    for rid in rule_ids:
        rule = law.rules.get(rid)
        if rule is None:
            continue
        for xid in [rid, *rule.exceptions]:
            for v in law.rules[xid].versions:
                out += [ref for ref in v.node.refs() if ref in law.readings and ref not in out]
    return out
