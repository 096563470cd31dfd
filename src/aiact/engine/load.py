"""Read the law room (``aiact/law``) strictly and compile its rules.

Unknown keys, duplicate ids, references to ids that do not exist, options that a question
does not offer, parameter values without a source: all are errors naming file, line and
field. The law is loaded once per process (``load_law()`` is cached).
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from aiact.engine import yamlio
from aiact.engine.errors import InputError, LawError
from aiact.engine.expr import (
    All,
    AnyOf,
    Arith,
    AsOf,
    Case,
    Coalesce,
    Compare,
    Const,
    FactRef,
    Group,
    Is,
    Node,
    Not,
    Param,
    RuleRef,
    Switch,
)
from aiact.engine.law import (
    Act,
    Law,
    Obligation,
    Parameter,
    Question,
    Rule,
    RuleVersion,
    Scenario,
    Source,
    Topic,
)
from aiact.engine.yamlio import LineDict

LAW_ROOT = Path(__file__).resolve().parent.parent / "law"
FIRST_DAY = _dt.date(2024, 8, 1)  # entry into force of Regulation (EU) 2024/1689
QUESTION_TYPES = {"bool", "choice", "number", "date"}
VALUE_TYPES = {"bool", "choice", "date", "number", "text", "list"}
ROLES = {
    "provider",
    "deployer",
    "importer",
    "distributor",
    "authorised_representative",
    "product_manufacturer",
    "gpai_provider",
    "operator",
}
FINE_TIERS = {"art99_3", "art99_4", "art99_5", "art101", None}


class _Where:
    """Where a piece of YAML came from, for error messages."""

    def __init__(self, path: Path | str, data: Any = None, key: str | None = None) -> None:
        self.path = str(path)
        self.line = data.line_of(key) if isinstance(data, LineDict) and key else None
        if self.line is None and isinstance(data, LineDict):
            self.line = data.line

    def error(self, message: str, field: str | None = None) -> LawError:
        return LawError(message, path=self.path, line=self.line, field=field)


def _check_keys(data: Any, allowed: set[str], where: _Where, required: Iterable[str] = ()) -> None:
    if not isinstance(data, dict):
        raise where.error(f"expected a mapping, found {type(data).__name__}")
    for key in data:
        if key not in allowed:
            raise LawError(
                f"unknown key '{key}' (allowed: {', '.join(sorted(allowed))})",
                path=where.path,
                line=data.line_of(key) if isinstance(data, LineDict) else where.line,
                field=key,
            )
    for key in required:
        if key not in data:
            raise where.error(f"missing required key '{key}'", field=key)


def _date(value: Any, where: _Where, field: str) -> _dt.date:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise where.error(f"expected a date YYYY-MM-DD, found {value!r}", field=field)


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.yaml") if p.is_file())


def _load(path: Path) -> Any:
    try:
        return yamlio.load_file(path)
    except InputError as exc:  # law files are ours: report as law defects
        raise LawError(exc.message, path=exc.path, line=exc.line, field=exc.field) from None


# ----------------------------------------------------------------------------- acts


def _load_acts(root: Path) -> dict[str, Act]:
    path = root / "acts.yaml"
    data = _load(path)
    _check_keys(data, {"acts"}, _Where(path, data), required=["acts"])
    acts: dict[str, Act] = {}
    for act_id, raw in data["acts"].items():
        w = _Where(path, data["acts"], act_id)
        _check_keys(
            raw,
            {"title", "short", "eli", "published", "in_force", "amends", "celex", "role"},
            w,
            required=["title", "short", "eli", "published", "in_force"],
        )
        acts[act_id] = Act(
            id=act_id,
            title=raw["title"],
            short=raw["short"],
            eli=raw["eli"],
            published=_date(raw["published"], w, "published"),
            in_force=_date(raw["in_force"], w, "in_force"),
            amends=raw.get("amends"),
            celex=raw.get("celex"),
            role=raw.get("role", "base"),
        )
        if acts[act_id].role not in ("base", "amending", "referenced"):
            raise w.error("role must be base, amending or referenced", field="role")
    return acts


# ------------------------------------------------------------------------ parameters


def _source(raw: Any, where: _Where, acts: dict[str, Act]) -> Source:
    _check_keys(raw, {"act", "ref", "amends", "note"}, where, required=["act", "ref"])
    if raw["act"] not in acts:
        raise where.error(f"unknown act '{raw['act']}' (known: {', '.join(acts)})", field="act")
    return Source(act=raw["act"], ref=raw["ref"], amends=raw.get("amends"), note=raw.get("note"))


def _load_params(root: Path, acts: dict[str, Act]) -> dict[str, Parameter]:
    folder = root / "parameters"
    params: dict[str, Parameter] = {}
    for path in _files(folder):
        if path.name == "index.yaml":
            continue
        pid = ".".join(path.relative_to(folder).with_suffix("").parts)
        data = _load(path)
        w = _Where(path, data)
        _check_keys(
            data,
            {"description", "unit", "reference", "values", "note"},
            w,
            required=["description", "unit", "reference", "values"],
        )
        keys: list[_dt.date] = []
        values: list[Any] = []
        sources: list[Source] = []
        expected: list[tuple[_dt.date, Any, Source]] = []
        raw_values = data["values"]
        if not isinstance(raw_values, dict) or not raw_values:
            raise w.error("'values' must be a non-empty mapping of dates", field="values")
        for key, entry in raw_values.items():
            ew = _Where(path, raw_values, key)
            day = _date(key, ew, "values")
            _check_keys(entry, {"value", "source", "expected"}, ew, required=["source"])
            if "value" not in entry and "expected" not in entry:
                raise ew.error("a dated entry needs 'value' (or 'expected')", field=key)
            src = _source(entry["source"], _Where(path, entry, "source"), acts)
            if src.act in acts and acts[src.act].in_force > day and "expected" not in entry:
                raise ew.error(
                    f"value dated {day} cites act {src.act}, in force only from "
                    f"{acts[src.act].in_force}",
                    field=key,
                )
            if "expected" in entry:
                expected.append((day, entry["expected"], src))
                continue
            if keys and day <= keys[-1]:
                raise ew.error("dates must be in increasing order", field=key)
            keys.append(day)
            values.append(entry["value"])
            sources.append(src)
        params[pid] = Parameter(
            id=pid,
            description=data["description"],
            unit=data["unit"],
            reference=data["reference"],
            keys=keys,
            values=values,
            sources=sources,
            path=str(path),
            expected=expected,
        )
    return params


# ------------------------------------------------------------------------- questions


def _load_questions(root: Path) -> tuple[dict[str, Topic], dict[str, Question]]:
    topics: dict[str, Topic] = {}
    questions: dict[str, Question] = {}
    staged: list[tuple[Topic, int, Question]] = []
    for path in _files(root / "questions"):
        data = _load(path)
        w = _Where(path, data)
        _check_keys(data, {"topic", "title", "order", "questions"}, w, required=["topic", "title", "order", "questions"])
        topic = Topic(id=data["topic"], title=data["title"], order=int(data["order"]), path=str(path))
        if topic.id in topics:
            raise w.error(f"topic '{topic.id}' defined twice (also in {topics[topic.id].path})")
        topics[topic.id] = topic
        for pos, (qid, raw) in enumerate(data["questions"].items()):
            qw = _Where(path, data["questions"], qid)
            _check_keys(
                raw,
                {"text", "help", "type", "options", "unit", "min", "allow_ongoing", "refs", "judgement"},
                qw,
                required=["text", "type", "refs"],
            )
            qtype = raw["type"]
            if qtype not in QUESTION_TYPES:
                raise qw.error(f"type must be one of {sorted(QUESTION_TYPES)}", field="type")
            options = raw.get("options") or {}
            if qtype == "choice" and not options:
                raise qw.error("a choice question needs options", field="options")
            if not raw["refs"]:
                raise qw.error("a question must cite the provisions it serves", field="refs")
            if qid in questions:
                raise qw.error(f"question '{qid}' defined twice (also in {questions[qid].path})")
            q = Question(
                id=qid,
                text=" ".join(str(raw["text"]).split()),
                type=qtype,
                topic=topic.id,
                help=str(raw.get("help") or "").strip(),
                options={str(k): " ".join(str(v).split()) for k, v in options.items()},
                unit=raw.get("unit"),
                minimum=raw.get("min"),
                allow_ongoing=bool(raw.get("allow_ongoing", False)),
                refs=list(raw["refs"]),
                judgement=bool(raw.get("judgement", False)),
                path=str(path),
                line=qw.line,
            )
            questions[qid] = q
            staged.append((topic, pos, q))
    staged.sort(key=lambda t: (t[0].order, t[0].id, t[1]))
    for i, (_t, _p, q) in enumerate(staged):
        q.order = i
    ordered = {q.id: q for _t, _p, q in staged}
    return topics, ordered


# ----------------------------------------------------------------------------- rules


class _Compiler:
    """Turns YAML expressions into nodes, checking every id against the catalogue."""

    def __init__(
        self,
        questions: dict[str, Question],
        rule_ids: dict[str, str],
        params: dict[str, Parameter],
        groups: dict[str, list[str]],
    ) -> None:
        self.questions = questions
        self.rule_ids = rule_ids  # id -> kind ("bool" / "value")
        self.params = params
        self.groups = groups

    def ref(self, name: str, where: _Where, want_bool: bool) -> Node:
        if name == "as_of":
            if want_bool:
                raise where.error("'as_of' is a date, not a yes/no condition")
            return AsOf()
        if name in self.questions:
            q = self.questions[name]
            if want_bool and q.type != "bool":
                raise where.error(f"fact '{name}' is a {q.type}, not yes/no; use is/in/gt/...")
            return FactRef(name)
        if name in self.rule_ids:
            if want_bool and self.rule_ids[name] != "bool":
                raise where.error(f"rule '{name}' gives a value, not yes/no; use is/in/gt/...")
            return RuleRef(name)
        if name in self.params:
            raise where.error(f"'{name}' is a parameter; write {{param: {name}}}")
        raise where.error(f"unknown fact or rule '{name}'")

    def cond(self, raw: Any, where: _Where) -> Node:
        if isinstance(raw, bool):
            return Const(raw)
        if isinstance(raw, str):
            return self.ref(raw, where, want_bool=True)
        if not isinstance(raw, dict) or len(raw) != 1:
            raise where.error(f"a condition must be an id or a one-key mapping, found {raw!r}")
        (op, arg), = raw.items()
        if isinstance(raw, LineDict):
            where = _Where(where.path, raw, op)
        if op in ("all", "any"):
            if not isinstance(arg, list) or not arg:
                raise where.error(f"'{op}' takes a non-empty list")
            items = [self.cond(a, where) for a in arg]
            return All(items) if op == "all" else AnyOf(items)
        if op == "not":
            return Not(self.cond(arg, where))
        if op in ("is", "in"):
            if not isinstance(arg, list) or len(arg) != 2 or not isinstance(arg[0], str):
                raise where.error(f"'{op}' takes [id, value]")
            target = self.ref(arg[0], where, want_bool=False)
            options = self._options(arg[0])
            if op == "is":
                values: tuple[Any, ...] = (arg[1],)
            elif isinstance(arg[1], dict) and set(arg[1]) == {"param"}:
                pid = arg[1]["param"]
                if pid not in self.params:
                    raise where.error(f"unknown parameter '{pid}'")
                return Is(target, None, param=pid)
            elif isinstance(arg[1], list):
                values = tuple(arg[1])
            else:
                raise where.error("'in' takes [id, [values...]] or [id, {param: id}]")
            if options is not None:
                for v in values:
                    if str(v) not in options:
                        raise where.error(f"'{v}' is not an option of '{arg[0]}' ({', '.join(options)})")
            return Is(target, values)
        if op in ("gt", "ge", "lt", "le", "eq", "ne"):
            if not isinstance(arg, list) or len(arg) != 2:
                raise where.error(f"'{op}' takes [a, b]")
            return Compare(op, self.value(arg[0], where, True), self.value(arg[1], where, True))
        if op == "any_of":
            if arg not in self.groups:
                raise where.error(f"unknown group '{arg}'")
            return Group(arg, self.groups[arg])
        raise where.error(f"unknown operator '{op}'")

    def _options(self, name: str) -> list[str] | None:
        q = self.questions.get(name)
        if q is not None and q.type == "choice":
            return list(q.options)
        return None

    def value(self, raw: Any, where: _Where, str_is_ref: bool) -> Node:
        if isinstance(raw, str):
            return self.ref(raw, where, want_bool=False) if str_is_ref else Const(raw)
        if isinstance(raw, bool | int | float | _dt.date) or raw is None:
            return Const(raw)
        if isinstance(raw, list):
            return Const(tuple(raw))
        if not isinstance(raw, dict) or len(raw) != 1:
            raise where.error(f"a value must be a literal, an id or a one-key mapping, found {raw!r}")
        (op, arg), = raw.items()
        if op == "param":
            if arg not in self.params:
                raise where.error(f"unknown parameter '{arg}'")
            return Param(arg)
        if op == "val":
            return self.ref(arg, where, want_bool=False)
        if op == "const":
            return Const(arg)
        if op in ("mul", "add", "sub", "div", "max", "min", "coalesce"):
            if not isinstance(arg, list) or not arg:
                raise where.error(f"'{op}' takes a non-empty list")
            items = [self.value(a, where, True) for a in arg]
            return Coalesce(items) if op == "coalesce" else Arith(op, items)
        # a condition used as a value (e.g. then: {all: [...]})
        return self.cond(raw, where)


_RULE_KEYS = {"ref", "label", "note", "gap", "if", "unless", "cases", "else", "type", "options",
              "valid_from", "valid_until", "source", "versions", "pick"}
_VERSION_KEYS = {"from", "until", "source", "if", "unless", "cases", "else"}


def _collect_rule_ids(path: Path, data: LineDict, ids: dict[str, str], where_of: dict[str, str]) -> None:
    rules = data.get("rules") or {}
    for rid, raw in rules.items():
        w = _Where(path, rules, rid)
        if not isinstance(raw, dict):
            raise w.error("a rule must be a mapping")
        _check_keys(raw, _RULE_KEYS, w, required=["ref", "label"])
        if rid in ids:
            raise w.error(f"rule '{rid}' defined twice (also in {where_of[rid]})")
        bodies = raw.get("versions") or [raw]
        kind = "value" if any("cases" in b or "else" in b for b in bodies) else "bool"
        ids[rid] = kind
        where_of[rid] = str(path)
        for b in bodies:
            for exc in b.get("unless") or []:
                if not isinstance(exc, dict) or "id" not in exc:
                    raise w.error("each 'unless' entry needs an id", field="unless")
                eid = exc["id"]
                if not eid.startswith(rid + "."):
                    raise w.error(f"exception id '{eid}' must start with '{rid}.'", field="unless")
                if eid in ids and where_of.get(eid) != f"{path}#{rid}":
                    raise w.error(f"id '{eid}' defined twice")
                ids[eid] = "bool"
                where_of[eid] = f"{path}#{rid}"


def _compile_rules(
    root: Path,
    questions: dict[str, Question],
    params: dict[str, Parameter],
    acts: dict[str, Act],
) -> tuple[dict[str, Rule], dict[str, list[str]]]:
    files = [(p, _load(p)) for p in _files(root / "rules")]
    ids: dict[str, str] = {}
    where_of: dict[str, str] = {}
    groups: dict[str, list[str]] = {}
    for path, data in files:
        _check_keys(data, {"rules", "groups", "about"}, _Where(path, data))
        _collect_rule_ids(path, data, ids, where_of)
        for gname, members in (data.get("groups") or {}).items():
            if gname in groups:
                raise _Where(path, data["groups"], gname).error(f"group '{gname}' defined twice")
            groups[gname] = list(members)
    for qid in questions:
        if qid in ids:
            raise LawError(f"id '{qid}' is both a question and a rule", path=where_of[qid])
    for gname, members in groups.items():
        for m in members:
            if ids.get(m) != "bool":
                raise LawError(f"group '{gname}' lists '{m}', which is not a yes/no rule")
    comp = _Compiler(questions, ids, params, groups)
    rules: dict[str, Rule] = {}
    for path, data in files:
        for rid, raw in (data.get("rules") or {}).items():
            w = _Where(path, data["rules"], rid)
            kind = ids[rid]
            rtype = raw.get("type", "bool" if kind == "bool" else None)
            if kind == "value" and rtype not in VALUE_TYPES:
                raise w.error(f"a value rule needs 'type' (one of {sorted(VALUE_TYPES)})", field="type")
            bodies: list[Any]
            if "versions" in raw:
                for k in ("if", "unless", "cases", "else", "valid_from", "valid_until"):
                    if k in raw:
                        raise w.error(f"'{k}' goes inside each entry of 'versions'", field=k)
                bodies = raw["versions"]
            else:
                body = {k: raw[k] for k in ("if", "unless", "cases", "else") if k in raw}
                body["from"] = raw.get("valid_from", FIRST_DAY)
                if "valid_until" in raw:
                    body["until"] = raw["valid_until"]
                if "source" in raw:
                    body["source"] = raw["source"]
                bodies = [body]
            versions: list[RuleVersion] = []
            exceptions: list[str] = []
            for body in bodies:
                src_map = body if isinstance(body, LineDict) else raw  # where the keys' lines are
                bw = _Where(path, src_map)
                _check_keys(body, _VERSION_KEYS, bw)
                start = _date(body.get("from", FIRST_DAY), bw, "from")
                until = _date(body["until"], bw, "until") if body.get("until") is not None else None
                src = body.get("source")
                if src is not None and src not in acts:
                    raise bw.error(f"unknown act '{src}'", field="source")
                if kind == "bool":
                    if "if" not in body:
                        raise bw.error("a yes/no rule needs 'if'", field="if")
                    node = comp.cond(body["if"], _Where(path, src_map, "if"))
                    exc_nodes: list[Node] = []
                    for exc in body.get("unless") or []:
                        ew = _Where(path, exc)
                        _check_keys(exc, {"id", "ref", "label", "if", "note"}, ew, required=["id", "ref", "label", "if"])
                        eid = exc["id"]
                        if eid not in rules:
                            rules[eid] = Rule(
                                id=eid,
                                ref=exc["ref"],
                                label=exc["label"],
                                kind="bool",
                                type="bool",
                                versions=[],
                                path=str(path),
                                line=ew.line,
                                note=exc.get("note", ""),
                                parent=rid,
                            )
                            exceptions.append(eid)
                        rules[eid].versions.append(
                            RuleVersion(start, until, comp.cond(exc["if"], ew), src, raw={"if": exc["if"]})
                        )
                        exc_nodes.append(RuleRef(eid))
                    if exc_nodes:
                        node = All([node, Not(AnyOf(exc_nodes))])
                else:
                    if "if" in body or "unless" in body:
                        raise bw.error("a value rule uses 'cases' and 'else', not 'if'")
                    cases = []
                    for c in body.get("cases") or []:
                        cw = _Where(path, c)
                        _check_keys(c, {"if", "then", "ref", "label"}, cw, required=["if", "then"])
                        cases.append(
                            Case(
                                comp.cond(c["if"], cw),
                                comp.value(c["then"], cw, str_is_ref=False),
                                c.get("ref"),
                                c.get("label"),
                                cw.line,
                            )
                        )
                    default = comp.value(body.get("else"), bw, str_is_ref=False)
                    pick = raw.get("pick", "first")
                    if pick != "first":
                        raise w.error(
                            f"pick must be 'first' (got {pick!r}): the first case that holds gives "
                            "the value once every earlier case is settled; 'any_true' was removed "
                            "because a later answer could change a value it had determined",
                            field="pick",
                        )
                    node = Switch(cases, default)
                raw_body = {k: body[k] for k in ("if", "unless", "cases", "else") if k in body}
                versions.append(RuleVersion(start, until, node, src, raw=raw_body))
            versions.sort(key=lambda v: v.valid_from)
            rules[rid] = Rule(
                id=rid,
                ref=raw["ref"],
                label=" ".join(str(raw["label"]).split()),
                kind=kind,
                type=rtype or "bool",
                versions=versions,
                path=str(path),
                line=w.line,
                note=" ".join(str(raw.get("note", "")).split()),
                exceptions=exceptions,
                options=list(raw.get("options") or []),
                gap=" ".join(str(raw.get("gap", "")).split()),
            )
    return rules, groups


# ----------------------------------------------------------------------- obligations


def _load_obligations(
    root: Path,
    questions: dict[str, Question],
    rules: dict[str, Rule],
    params: dict[str, Parameter],
    groups: dict[str, list[str]],
) -> list[Obligation]:
    comp = _Compiler(questions, {r.id: r.kind for r in rules.values()}, params, groups)
    out: list[Obligation] = []
    seen: dict[str, str] = {}
    for path in _files(root / "obligations"):
        data = _load(path)
        _check_keys(data, {"obligations", "about"}, _Where(path, data), required=["obligations"])
        for raw in data["obligations"]:
            w = _Where(path, raw)
            _check_keys(
                raw,
                {"id", "ref", "summary", "detail", "owed_by", "when", "applies_from", "fine_tier",
                 "valid_from", "valid_until", "documents"},
                w,
                required=["id", "ref", "summary", "owed_by", "when", "applies_from"],
            )
            oid = raw["id"]
            if oid in seen:
                raise w.error(f"obligation '{oid}' defined twice (also in {seen[oid]})", field="id")
            seen[oid] = str(path)
            if raw["owed_by"] not in ROLES:
                raise w.error(f"owed_by must be one of {sorted(ROLES)}", field="owed_by")
            tier = raw.get("fine_tier")
            if tier not in FINE_TIERS:
                raise w.error(f"fine_tier must be one of {sorted(t for t in FINE_TIERS if t)} or absent", field="fine_tier")
            out.append(
                Obligation(
                    id=oid,
                    ref=raw["ref"],
                    summary=" ".join(str(raw["summary"]).split()),
                    owed_by=raw["owed_by"],
                    when=comp.cond(raw["when"], _Where(path, raw, "when")),
                    applies_from=comp.value(raw["applies_from"], _Where(path, raw, "applies_from"), True),
                    fine_tier=tier,
                    valid_from=_date(raw.get("valid_from", FIRST_DAY), w, "valid_from"),
                    valid_until=_date(raw["valid_until"], w, "valid_until") if raw.get("valid_until") else None,
                    path=str(path),
                    line=w.line,
                    detail=str(raw.get("detail") or "").strip(),
                    documents=list(raw.get("documents") or []),
                    raw_when=raw["when"],
                    raw_applies_from=raw["applies_from"],
                )
            )
    return out


def _load_scenarios(root: Path, params: dict[str, Parameter]) -> dict[str, Scenario]:
    out: dict[str, Scenario] = {}
    for path in _files(root / "scenarios"):
        data = _load(path)
        w = _Where(path, data)
        _check_keys(data, {"title", "status", "source", "note", "parameters"}, w,
                    required=["title", "status", "source", "parameters"])
        overrides: dict[str, tuple[_dt.date, Any]] = {}
        for pid, entry in data["parameters"].items():
            ew = _Where(path, data["parameters"], pid)
            if pid not in params:
                raise ew.error(f"unknown parameter '{pid}'", field=pid)
            _check_keys(entry, {"from", "value"}, ew, required=["from", "value"])
            overrides[pid] = (_date(entry["from"], ew, "from"), entry["value"])
        out[path.stem] = Scenario(id=path.stem, title=data["title"], status=data["status"],
                                  source=data["source"], note=" ".join(str(data.get("note", "")).split()),
                                  overrides=overrides, path=str(path))
    return out


def load_law_from(root: Path) -> Law:
    """Load and check the law room at ``root``."""
    acts = _load_acts(root)
    params = _load_params(root, acts)
    topics, questions = _load_questions(root)
    for pid in params:
        if pid in questions:
            raise LawError(f"id '{pid}' is both a parameter and a question", path=params[pid].path)
    rules, groups = _compile_rules(root, questions, params, acts)
    obligations = _load_obligations(root, questions, rules, params, groups)
    return Law(
        acts=acts,
        params=params,
        topics=topics,
        questions=questions,
        rules=rules,
        groups=groups,
        obligations=obligations,
        root=str(root),
        scenarios=_load_scenarios(root, params),
    )


@functools.cache
def load_law() -> Law:
    """The law shipped with aiact, loaded once per process."""
    return load_law_from(LAW_ROOT)
