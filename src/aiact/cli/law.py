"""`aiact explain` and `aiact rules`: look inside the encoded law."""

from __future__ import annotations

import datetime as _dt
import json
from typing import Annotated, Any

import typer

from aiact.engine.errors import InputError


def _matches(rule_ref: str, cit_label: str) -> bool:
    for part in rule_ref.split(";"):
        p = part.strip()
        if p == cit_label or p.startswith(cit_label + "(") or p.startswith(cit_label + ","):
            return True
        if cit_label.startswith("Annex") and (p.startswith(cit_label + " ") or p == cit_label):
            return True
    return False


def find(law: Any, ref: str) -> dict[str, Any]:
    """Rules, questions, obligations and parameters that encode or cite a provision or id."""
    from aiact.engine.lawtext import parse_citation

    if ref in law.readings:  # a contested point: the rules that read it
        users = [r.id for r in law.rules.values() if any(ref in v.node.refs() for v in r.versions)]
        return {"label": ref, "rules": users, "questions": [], "obligations": [], "parameters": []}
    if ref in law.rules:
        return {"label": ref, "rules": [ref], "questions": [], "obligations": [], "parameters": []}
    if ref in law.questions:
        users = [r.id for r in law.rules.values() if any(ref in v.node.refs() for v in r.versions)]
        return {"label": ref, "rules": users, "questions": [ref], "obligations": [], "parameters": []}
    cit = parse_citation(ref)
    if cit is None:
        raise InputError(f"'{ref}' is neither a provision (e.g. 'Art. 5(1)(f)', 'Annex III 4(a)', 'rec44') nor a rule or question id")
    label = cit.label()
    return {
        "label": label,
        "rules": [r.id for r in law.rules.values() if _matches(r.ref, label)],
        "questions": [q.id for q in law.questions.values() if any(_matches(x, label) for x in q.all_refs())],
        "obligations": [o.id for o in law.obligations if _matches(o.ref, label)],
        "parameters": [p.id for p in law.params.values() if _matches(p.reference, label)],
    }


def explain_command(
    ref: Annotated[str, typer.Argument(help="A provision ('Art. 5(1)(f)', 'Annex III 4(a)', 'rec44'), a rule or question id, or a contested point ('annex3_1_b.wider_grounds').")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="Show parameter values, and the labels that name them, as of this date (default today).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show a provision's text and what the engine does with it: rules, questions, parameters, and
    the contested readings touching it (each reading with its sources)."""
    from aiact.cli.assess import _as_of
    from aiact.engine.describe import (
        describe_rule_body,
        plain,
        reading_data,
        readings_touching,
        rule_inputs,
    )
    from aiact.engine.lawtext import provision_text
    from aiact.engine.load import load_law

    law = load_law()
    day = _as_of(as_of) or _dt.date.today()
    hits = find(law, ref)
    text = provision_text(ref) if ref not in law.rules and ref not in law.questions and ref not in law.readings else None
    points = list(dict.fromkeys(readings_touching(law, hits["rules"]) + [
        pid for pid, p in law.readings.items() if hits["label"] == p.ref or pid == ref]))
    if text is None and not any(hits[k] for k in ("rules", "questions", "obligations", "parameters")):
        raise InputError(f"no provision, rule or question '{ref}' found")
    if as_json:
        out = {
            "ref": hits["label"],
            "text": text.text if text else None,
            "amendments": text.amendments if text else [],
            "rules": [
                {"id": rid, "ref": law.rules[rid].ref, "label": law.words(law.rules[rid].label, day),
                 "versions": [{"from": v.valid_from.isoformat(),
                               "until": v.valid_until.isoformat() if v.valid_until else None,
                               "source": v.source, "expression": plain(v.raw)} for v in law.rules[rid].versions],
                 "questions": rule_inputs(law, rid)[0], "parameters": rule_inputs(law, rid)[1]}
                for rid in hits["rules"]
            ],
            "questions": [{"id": q, "text": law.words(law.questions[q].text_at(day), day)} for q in hits["questions"]],
            "obligations": [{"id": o.id, "ref": o.ref, "summary": law.words(o.summary, day), "owed_by": o.owed_by}
                            for o in law.obligations if o.id in hits["obligations"]],
            "parameters": [{"id": p, "value": plain(_param_at(law, p, day)), "as_of": day.isoformat()}
                           for p in hits["parameters"]],
            "readings": [reading_data(law.readings[pid]) for pid in points],
        }
        typer.echo(json.dumps(out, indent=2, ensure_ascii=False))
        return
    echo = typer.echo
    echo(hits["label"])
    echo("=" * len(hits["label"]))
    if text is not None:
        echo("\nText (Regulation (EU) 2024/1689 as published):\n")
        echo(text.text)
        for a in text.amendments:
            echo("\nAmended by Regulation (EU) 2026/1744, Article 1, point " + a.split(")", 1)[0] + "):\n")
            echo(a)
    for rid in hits["rules"]:
        rule = law.rules[rid]
        echo(f"\nRule {rid}: {rule.ref} - {law.words(rule.label, day)}")
        if rule.parent:
            echo(f"  exception to {rule.parent}")
        if rule.derived_from:
            echo(f"  derived by the family {rid.rsplit('.', 1)[0]} from {rule.derived_from}")
        for v in rule.versions:
            span = f"from {v.valid_from}" + (f" until {v.valid_until}" if v.valid_until else "")
            echo(f"  In the law {span}" + (f" (made by {v.source})" if v.source else "") + ":")
            for line in describe_rule_body(law, v.raw or {}, day):
                echo("    " + line)
        if rule.note:
            echo(f"  Note: {rule.note}")
        if rule.gap:
            echo(f"  Not formalised: {rule.gap}")
        questions, params = rule_inputs(law, rid)
        if questions:
            echo("  Questions that feed it:")
            for q in questions:
                echo(f"    [{q}] {law.words(law.questions[q].text_at(day), day)}")
        if params:
            echo(f"  Parameters (values as of {day}):")
            for p in params:
                echo(f"    {p} = {_show(_param_at(law, p, day))}  ({law.params[p].reference})")
    for oid in hits["obligations"]:
        o = next(o for o in law.obligations if o.id == oid)
        echo(f"\nObligation {o.id}: {o.ref} - owed by {o.owed_by}: {law.words(o.summary, day)}")
    others = [q for q in hits["questions"] if not any(q in rule_inputs(law, r)[0] for r in hits["rules"])]
    if others:
        echo("\nQuestions that cite it:")
        for q in others:
            echo(f"  [{q}] {law.words(law.questions[q].text_at(day), day)}")
    for pid in points:
        point = law.readings[pid]
        echo(f"\nContested reading {pid} ({point.ref}): {point.question}")
        echo(f"  The owner answers the facts: {', '.join(point.facts)}; a reading sets {pid}.")
        for r in point.readings.values():
            mark = " [stricter: followed when the profile records none]" if r.name == point.stricter else ""
            echo(f"  {r.name} - {r.label}{mark}; sets {pid}: {'true' if r.value else 'false'}")
            echo(f"    {r.text}")
            for s in r.sources:
                echo(f"    source: {s.words()}")
        for g in point.guidance:
            echo(f"  guidance: {g.words()}")
        echo(f"  Record one in a profile: readings: {{{pid}: {{reading: NAME, reason: WHY}}}}")
    for pid in hits["parameters"]:
        param = law.params[pid]
        echo(f"\nParameter {pid}: {param.description}")
        for k, v, src in zip(param.keys, param.values, param.sources, strict=True):
            echo(f"  from {k}: {_show(v)}  ({src.act}, {src.ref})")


def _param_at(law: Any, pid: str, day: _dt.date) -> Any:
    from aiact.engine.errors import LawError

    try:
        return law.params[pid].at(day)
    except LawError:
        return None


def _show(v: Any) -> str:
    if isinstance(v, _dt.date):
        return v.isoformat()
    if v is None:
        return "not in force"
    return str(v)


def rules_command(
    as_json: Annotated[bool, typer.Option("--json", help="Export the whole catalogue as JSON.")] = False,
) -> None:
    """List the encoded law: questions, rules with their references, obligations, parameters, and
    the contested readings (top-level `readings` in the JSON)."""
    from aiact.engine.describe import catalogue
    from aiact.engine.load import load_law

    law = load_law()
    if as_json:
        typer.echo(json.dumps(catalogue(law), indent=2, ensure_ascii=False))
        return
    echo = typer.echo
    echo(f"{len(law.questions)} questions, {len(law.rules)} rules, {len(law.obligations)} obligations, "
         f"{len(law.params)} parameters, {len(law.acts)} acts")
    echo("\nRules (id - reference - label):")
    for r in law.rules.values():
        echo(f"  {r.id} - {r.ref} - {r.label}")
    echo("\nObligations:")
    for o in law.obligations:
        echo(f"  {o.ref} ({o.owed_by}) - {o.summary}")
    echo("\nContested readings (record one under readings: in a profile; see aiact explain ID):")
    for point in law.readings.values():
        echo(f"  {point.id} - {point.ref} - {', '.join(point.readings)} (stricter: {point.stricter})")
    echo("\nScenarios (what-ifs you can opt into with --scenario; not the law in force):")
    for sc in law.scenarios.values():
        echo(f"  {sc.id} - {sc.title} [{sc.status}] - {sc.note}")


def register(app: typer.Typer) -> None:
    app.command("explain")(explain_command)
    app.command("rules")(rules_command)
