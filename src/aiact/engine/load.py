"""Read the law room (``aiact/law``) strictly and compile its rules.

Unknown keys, duplicate ids, references to ids that do not exist, options that a question
does not offer, parameter values without a source: all are errors naming file, line and
field. The law is loaded once per process (``load_law()`` is cached).
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
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
    NO_FINES,
    PLACEHOLDER,
    Act,
    Checklist,
    ContestedPoint,
    Dated,
    Evidence,
    Fines,
    FineTier,
    Law,
    LowerOfTwo,
    Obligation,
    Parameter,
    Question,
    Reading,
    ReadingSource,
    Rule,
    RuleVersion,
    Scenario,
    Screen,
    ScreenItem,
    Source,
    Topic,
    UnionTier,
)
from aiact.engine.yamlio import LineDict

LAW_ROOT = Path(__file__).resolve().parent.parent / "law"
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
# the tier whose duties an obligations file holds: a prohibited practice makes the duties of the
# lesser tiers (high-risk, transparency) moot; general duties and those of a model's provider stay
OBLIGATION_TIERS = {"prohibited", "high", "transparency", "gpai", "general"}


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


def _check_words(text: Any, where: _Where, params: dict[str, Parameter], field: str) -> None:
    """A label or summary may name parameters in braces ({art113.chapters_1_2}); nothing else."""
    for m in re.finditer(r"\{([^{}]*)\}", str(text or "")):
        if not PLACEHOLDER.fullmatch(m.group(0)) or m.group(1) not in params:
            raise where.error(f"'{m.group(0)}' in the {field} names no parameter", field=field)


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


def _first_day(acts: dict[str, Act], path: Path) -> _dt.date:
    """The day the law begins: the entry into force of the base act (the AI Act)."""
    bases = [a for a in acts.values() if a.role == "base"]
    if len(bases) != 1:
        raise LawError(f"acts.yaml must name exactly one act with role 'base' (found {len(bases)})", path=str(path))
    return bases[0].in_force


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


def _load_questions(
    root: Path, acts: dict[str, Act], params: dict[str, Parameter], first_day: _dt.date
) -> tuple[dict[str, Topic], dict[str, Question]]:
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
                {"text", "help", "type", "options", "unit", "min", "allow_ongoing", "refs", "judgement", "for_model"},
                qw,
                required=["text", "type", "refs"],
            )
            qtype = raw["type"]
            if qtype not in QUESTION_TYPES:
                raise qw.error(f"type must be one of {sorted(QUESTION_TYPES)}", field="type")
            options = raw.get("options") or {}
            if qtype == "choice" and not options:
                raise qw.error("a choice question needs options", field="options")
            if qid in questions:
                raise qw.error(f"question '{qid}' defined twice (also in {questions[qid].path})")
            # text, help and refs: plain, or dated {day an act entered into force: words}
            text = _dated(raw["text"], _Where(path, raw, "text"), acts, "text", str)
            help_ = _dated(raw.get("help") or "", _Where(path, raw, "help"), acts, "help", str, strip_only=True)
            refs = _dated(raw["refs"], _Where(path, raw, "refs"), acts, "refs", list)
            for name, dated in (("text", text), ("refs", refs)):
                if dated.keys[0] > first_day:
                    raise _Where(path, raw, name).error(
                        f"dated '{name}' needs a version from {first_day} (the law's first day)", field=name)
            if not all(refs.values):
                raise _Where(path, raw, "refs").error("a question must cite the provisions it serves", field="refs")
            for name, dated in (("text", text), ("help", help_)):
                for words in dated.values:
                    _check_words(words, _Where(path, raw, name), params, name)
            model_text, model_help, model_options = _for_model(raw, qw, acts, params, options, first_day)
            q = Question(
                id=qid,
                text=text.latest,
                type=qtype,
                topic=topic.id,
                help=help_.latest,
                options={str(k): " ".join(str(v).split()) for k, v in options.items()},
                unit=raw.get("unit"),
                minimum=raw.get("min"),
                allow_ongoing=bool(raw.get("allow_ongoing", False)),
                refs=list(refs.latest),
                judgement=bool(raw.get("judgement", False)),
                path=str(path),
                line=qw.line,
                dated_text=text if text.dated else None,
                dated_help=help_ if help_.dated or help_.keys[0] > _dt.date.min else None,
                dated_refs=refs if refs.dated else None,
                model_text=model_text,
                model_help=model_help,
                model_options=model_options,
            )
            questions[qid] = q
            staged.append((topic, pos, q))
    staged.sort(key=lambda t: (t[0].order, t[0].id, t[1]))
    for i, (_t, _p, q) in enumerate(staged):
        q.order = i
    ordered = {q.id: q for _t, _p, q in staged}
    return topics, ordered


def _for_model(
    raw: Any, qw: _Where, acts: dict[str, Act], params: dict[str, Parameter], options: Any, first_day: _dt.date
) -> tuple[Dated[str] | None, Dated[str] | None, dict[str, str]]:
    """A question's own words for an AI model assessed on its own (``for_model``): text and
    help (plain or dated, like the question's), and labels of some of its options."""
    spec = raw.get("for_model")
    if spec is None:
        return None, None, {}
    fw = _Where(qw.path, raw, "for_model")
    _check_keys(spec, {"text", "help", "options"}, fw)
    if not spec:
        raise fw.error("'for_model' gives no words (text, help or options)", field="for_model")
    text = _dated(spec["text"], _Where(qw.path, spec, "text"), acts, "text", str) if "text" in spec else None
    help_ = (_dated(spec["help"], _Where(qw.path, spec, "help"), acts, "help", str, strip_only=True)
             if "help" in spec else None)
    if text is not None and text.keys[0] > first_day:
        raise _Where(qw.path, spec, "text").error(f"dated 'text' needs a version from {first_day} (the law's first day)",
                                                  field="text")
    for name, dated in (("text", text), ("help", help_)):
        for words in dated.values if dated is not None else ():
            _check_words(words, _Where(qw.path, spec, name), params, name)
    labels = spec.get("options") or {}
    if not isinstance(labels, dict):
        raise _Where(qw.path, spec, "options").error("'options' maps options to their words for a model", field="options")
    for key in labels:
        if str(key) not in {str(k) for k in (options or {})}:
            raise _Where(qw.path, labels, key).error(f"'{key}' is not an option of the question", field="options")
    return text, help_, {str(k): " ".join(str(v).split()) for k, v in labels.items()}


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
              "valid_from", "valid_until", "source", "versions", "pick", "member_of"}
_VERSION_KEYS = {"from", "until", "source", "if", "unless", "cases", "else"}
# a family: one derived yes/no rule per member of a group (see docs/rule-language.md)
_FAMILY_KEYS = {"for_each", "ref", "label", "note", "if", "valid_from", "valid_until", "source", "member_of"}
_FAMILY_VAR = re.compile(r"\$(\w+)")
_FAMILY_VARS = ("id", "ref", "label")


@dataclass
class _Entry:
    """A rule to compile: where it is written, its id and its YAML."""

    path: Path
    rid: str
    raw: Any
    where: _Where
    derived_from: str | None = None  # for a rule a family derives: the member it was derived from


def _substitute(value: Any, env: dict[str, str], where: _Where) -> Any:
    """A family template with ``$id``, ``$ref`` and ``$label`` replaced by a member's values."""
    if isinstance(value, str):
        def one(m: re.Match[str]) -> str:
            name = m.group(1)
            if name not in env:
                raise where.error(f"unknown variable '${name}' (a family knows $id, $ref and $label)")
            return env[name]

        return _FAMILY_VAR.sub(one, value)
    if isinstance(value, dict):
        out = LineDict()
        if isinstance(value, LineDict):  # keep the template's lines for error messages
            out.line = value.line
            out.lines = dict(value.lines)
        for k, v in value.items():
            out[k] = _substitute(v, env, where)
        return out
    if isinstance(value, list):
        return [_substitute(v, env, where) for v in value]
    return value


def _member_of(raw: Any, where: _Where) -> list[str]:
    value = raw.get("member_of")
    if value is None:
        return []
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        raise where.error("member_of takes a group name or a list of group names", field="member_of")
    return list(names)


def _register(entry: _Entry, ids: dict[str, str], where_of: dict[str, str], meta: dict[str, tuple[str, str]]) -> None:
    """Check a rule's keys and record its id, kind and reference (and those of its exceptions)."""
    rid, raw, w, path = entry.rid, entry.raw, entry.where, entry.path
    if not isinstance(raw, dict):
        raise w.error("a rule must be a mapping")
    _check_keys(raw, _RULE_KEYS, w, required=["ref", "label"])
    if rid in ids:
        raise w.error(f"rule '{rid}' defined twice (also in {where_of[rid]})")
    bodies = raw.get("versions") or [raw]
    kind = "value" if any("cases" in b or "else" in b for b in bodies) else "bool"
    ids[rid] = kind
    where_of[rid] = str(path)
    meta[rid] = (str(raw["ref"]), " ".join(str(raw["label"]).split()))
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
            meta[eid] = (str(exc.get("ref", "")), " ".join(str(exc.get("label", "")).split()))


def _join_groups(entries: list[_Entry], groups: dict[str, list[str]]) -> set[str]:
    """Add each rule to the groups it names in ``member_of`` (after the listed members, in file
    order); return the groups that grew."""
    grown: set[str] = set()
    for entry in entries:
        for gname in _member_of(entry.raw, entry.where):
            if gname not in groups:
                raise entry.where.error(
                    f"member_of names group '{gname}', which no 'groups' section declares", field="member_of"
                )
            if entry.rid in groups[gname]:
                raise entry.where.error(f"'{entry.rid}' is already a member of group '{gname}'", field="member_of")
            groups[gname].append(entry.rid)
            grown.add(gname)
    return grown


def _expand_family(
    path: Path,
    fname: str,
    tmpl: Any,
    where: _Where,
    groups: dict[str, list[str]],
    meta: dict[str, tuple[str, str]],
) -> list[_Entry]:
    """The rules a family derives: ``<family>.<member>`` for each member of its group, in order."""
    _check_keys(tmpl, _FAMILY_KEYS, where, required=["for_each", "ref", "label", "if"])
    gname = tmpl["for_each"]
    if gname not in groups:
        raise where.error(f"for_each names unknown group '{gname}'", field="for_each")
    body = LineDict()
    body.line = tmpl.line if isinstance(tmpl, LineDict) else where.line
    for k, v in tmpl.items():
        if k != "for_each":
            body[k] = v
            if isinstance(tmpl, LineDict):
                body.lines[k] = tmpl.lines.get(k, body.line or 0)
    out = []
    for member in groups[gname]:
        ref, label = meta.get(member, ("", ""))
        env = {"id": member, "ref": ref, "label": label}
        out.append(_Entry(path, f"{fname}.{member}", _substitute(body, env, where), where, derived_from=member))
    return out


def _compile_rules(
    root: Path,
    questions: dict[str, Question],
    params: dict[str, Parameter],
    acts: dict[str, Act],
    first_day: _dt.date,
) -> tuple[dict[str, Rule], dict[str, list[str]]]:
    files = [(p, _load(p)) for p in _files(root / "rules")]
    ids: dict[str, str] = {}
    where_of: dict[str, str] = {}
    meta: dict[str, tuple[str, str]] = {}  # id -> (ref, label), for families and `each` cases
    groups: dict[str, list[str]] = {}
    own: list[list[_Entry]] = []  # per file: the rules written in it
    for path, data in files:
        _check_keys(data, {"rules", "groups", "families", "about"}, _Where(path, data))
        rules_map = data.get("rules") or {}
        own.append([_Entry(path, rid, raw, _Where(path, rules_map, rid)) for rid, raw in rules_map.items()])
        for gname, members in (data.get("groups") or {}).items():
            gw = _Where(path, data["groups"], gname)
            if gname in groups:
                raise gw.error(f"group '{gname}' defined twice")
            if not isinstance(members, list):
                raise gw.error("a group is a list of rule ids ([] when its rules join it with member_of)", field=gname)
            groups[gname] = list(members)
    for entries in own:
        for entry in entries:
            _register(entry, ids, where_of, meta)
    for entries in own:
        _join_groups(entries, groups)
    # families, in file order: each derives one rule per member of a group, and may add them
    # to groups of its own; a group a family reads must be complete when it is read
    read_by: dict[str, str] = {}
    derived: list[list[_Entry]] = []
    for path, data in files:
        fams = data.get("families") or {}
        made: list[_Entry] = []
        for fname, tmpl in fams.items():
            fw = _Where(path, fams, fname)
            if fname in ids or fname in questions or fname in params:
                raise fw.error(f"family '{fname}' has the id of a rule, question or parameter")
            entries = _expand_family(path, fname, tmpl, fw, groups, meta)
            read_by[tmpl["for_each"]] = fname
            for entry in entries:
                _register(entry, ids, where_of, meta)
            for gname in _join_groups(entries, groups):
                if gname in read_by:
                    raise fw.error(
                        f"family '{fname}' adds to group '{gname}', which family '{read_by[gname]}' "
                        "has already read; a family may only read a complete group",
                        field="member_of",
                    )
            made += entries
        derived.append(made)
    for qid in questions:
        if qid in ids:
            raise LawError(f"id '{qid}' is both a question and a rule", path=where_of[qid])
    for gname, members in groups.items():
        for m in members:
            if ids.get(m) != "bool":
                raise LawError(f"group '{gname}' lists '{m}', which is not a yes/no rule")
    comp = _Compiler(questions, ids, params, groups)
    rules: dict[str, Rule] = {}
    for entry in (e for written, made in zip(own, derived, strict=True) for e in written + made):
        path, rid, raw, w = entry.path, entry.rid, entry.raw, entry.where
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
            body["from"] = raw.get("valid_from", first_day)
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
            start = _date(body.get("from", first_day), bw, "from")
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
                    _check_words(exc["label"], _Where(path, exc, "label"), params, "label")
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
                base = node if exc_nodes else None
                if exc_nodes:
                    node = All([node, Not(AnyOf(exc_nodes))])
            else:
                base = None
                if "if" in body or "unless" in body:
                    raise bw.error("a value rule uses 'cases' and 'else', not 'if'")
                cases: list[Case] = []
                for c in body.get("cases") or []:
                    cw = _Where(path, c)
                    if isinstance(c, dict) and "each" in c:
                        cases += _each_cases(c, cw, comp, groups, meta)
                        continue
                    _check_keys(c, {"if", "then", "ref", "label"}, cw, required=["if", "then"])
                    _check_words(c.get("label"), cw, params, "label")
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
            versions.append(RuleVersion(start, until, node, src, raw=raw_body, base=base))
        versions.sort(key=lambda v: v.valid_from)
        _check_words(raw["label"], _Where(path, raw, "label"), params, "label")
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
            derived_from=entry.derived_from,
        )
    return rules, groups


def _each_cases(
    raw: Any, where: _Where, comp: _Compiler, groups: dict[str, list[str]], meta: dict[str, tuple[str, str]]
) -> list[Case]:
    """``{each: group, then: ...}``: one case per member of the group, in order; the case holds
    when the member holds, its value is ``then`` (with $id, $ref, $label of the member) and its
    reference is the member's."""
    _check_keys(raw, {"each", "then", "label"}, where, required=["each", "then"])
    gname = raw["each"]
    if gname not in groups:
        raise where.error(f"'each' names unknown group '{gname}'", field="each")
    out = []
    for member in groups[gname]:
        ref, label = meta[member]
        env = {"id": member, "ref": ref, "label": label}
        _check_words(_substitute(raw.get("label"), env, where), where, comp.params, "label")
        out.append(
            Case(
                RuleRef(member),
                comp.value(_substitute(raw["then"], env, where), where, str_is_ref=False),
                ref,
                _substitute(raw["label"], env, where) if "label" in raw else None,
                where.line,
            )
        )
    return out


# --------------------------------------------------------------------------- dated words


def _dated(
    raw: Any, where: _Where, acts: dict[str, Act], field: str, kind: type, strip_only: bool = False
) -> Dated[Any]:
    """A text (``kind`` str) or a list of citations (``kind`` list), or a mapping
    {day an act entered into force: text or list}: words the law changed over time.
    Texts are put on one line (``strip_only``: only stripped, for help texts)."""
    def check(value: Any, w: _Where) -> Any:
        if kind is str and isinstance(value, str):
            return value.strip() if strip_only else " ".join(value.split())
        if kind is list and isinstance(value, list) and all(isinstance(v, str) for v in value):
            return list(value)
        raise w.error(f"'{field}' must be {'a list of citations' if kind is list else 'text'}", field=field)

    if not isinstance(raw, dict):
        return Dated((_dt.date.min,), (check(raw, where),))
    if not raw:
        raise where.error(f"'{field}' is an empty mapping; give the words, or dates and words", field=field)
    in_force = {a.in_force: a.id for a in acts.values()}
    keys: list[_dt.date] = []
    values: list[Any] = []
    for key, value in raw.items():
        kw = _Where(where.path, raw, key)
        day = _date(key, kw, field)
        if day not in in_force:
            raise kw.error(
                f"'{field}' is dated {day}, the entry into force of no act in acts.yaml "
                f"({', '.join(sorted(d.isoformat() for d in in_force))})",
                field=field,
            )
        if keys and day <= keys[-1]:
            raise kw.error("dates must be in increasing order", field=field)
        keys.append(day)
        values.append(check(value, kw))
    return Dated(tuple(keys), tuple(values))


# ------------------------------------------------------------------------------ fines


def _load_fines(
    root: Path,
    questions: dict[str, Question],
    rules: dict[str, Rule],
    params: dict[str, Parameter],
    groups: dict[str, list[str]],
    acts: dict[str, Act],
    first_day: _dt.date,
) -> Fines:
    """The penalty provisions (fines.yaml); a law room without the file encodes no penalties."""
    path = root / "fines.yaml"
    if not path.exists():
        return NO_FINES
    data = _load(path)
    w = _Where(path, data)
    sections = ["tiers", "undertakings", "public_bodies", "union_bodies", "lower_of_two"]
    _check_keys(data, {"about", *sections}, w, required=sections)
    comp = _Compiler(questions, {r.id: r.kind for r in rules.values()}, params, groups)

    def param(raw: Any, key: str, units: set[str]) -> str:
        pw = _Where(path, raw, key)
        pid = raw[key]
        if pid not in params:
            raise pw.error(f"unknown parameter '{pid}'", field=key)
        if params[pid].unit not in units:
            raise pw.error(f"parameter '{pid}' is in {params[pid].unit}, expected {' or '.join(sorted(units))}", field=key)
        return str(pid)

    def yes_no(raw: Any, key: str) -> str:
        rid = raw[key]
        if rid not in rules or rules[rid].kind != "bool":
            raise _Where(path, raw, key).error(f"'{rid}' is not a yes/no rule", field=key)
        return str(rid)

    def tier_list(raw: Any, key: str, known: Iterable[str]) -> tuple[str, ...]:
        tw = _Where(path, raw, key)
        names = raw[key]
        if not isinstance(names, list) or not names:
            raise tw.error("expected a non-empty list of tiers", field=key)
        for t in names:
            if t not in known:
                raise tw.error(f"unknown tier '{t}' (tiers: {', '.join(known)})", field=key)
        return tuple(names)

    raw_tiers = data["tiers"]
    if not isinstance(raw_tiers, dict) or not raw_tiers:
        raise _Where(path, data, "tiers").error("'tiers' must be a non-empty mapping", field="tiers")
    tiers: dict[str, FineTier] = {}
    for tid, raw in raw_tiers.items():
        tw = _Where(path, raw_tiers, tid)
        _check_keys(raw, {"ref", "punishes", "amount", "share", "applies_from", "in_max_fine", "relevant_if"}, tw,
                    required=["ref", "punishes", "amount", "share", "applies_from", "in_max_fine"])
        punishes = _dated(raw["punishes"], _Where(path, raw, "punishes"), acts, "punishes", str)
        if punishes.keys[0] > first_day:
            raise _Where(path, raw, "punishes").error(
                f"the first words of 'punishes' must hold from {first_day}", field="punishes")
        if not isinstance(raw["in_max_fine"], bool):
            raise _Where(path, raw, "in_max_fine").error("in_max_fine is true or false", field="in_max_fine")
        tiers[tid] = FineTier(
            id=tid,
            ref=str(raw["ref"]),
            punishes=punishes,
            amount=param(raw, "amount", {"EUR"}),
            share=param(raw, "share", {"share"}),
            applies_from=param(raw, "applies_from", {"date"}),
            in_max_fine=raw["in_max_fine"],
            relevant_if=comp.cond(raw["relevant_if"], _Where(path, raw, "relevant_if")) if "relevant_if" in raw else None,
            raw_relevant_if=raw.get("relevant_if"),
        )

    und = data["undertakings"]
    _check_keys(und, {"rule", "turnover"}, _Where(path, data, "undertakings"), required=["rule", "turnover"])
    turnover = und["turnover"]
    if turnover not in questions or questions[turnover].type != "number":
        raise _Where(path, und, "turnover").error(f"'{turnover}' is not a number question", field="turnover")
    pub = data["public_bodies"]
    _check_keys(pub, {"rule", "tiers", "note"}, _Where(path, data, "public_bodies"), required=["rule", "tiers", "note"])
    uni = data["union_bodies"]
    _check_keys(uni, {"rule", "tiers", "note"}, _Where(path, data, "union_bodies"), required=["rule", "tiers", "note"])
    union_tiers: dict[str, UnionTier] = {}
    for tid, raw in (uni["tiers"] or {}).items():
        uw = _Where(path, uni["tiers"], tid)
        if tid not in tiers:
            raise uw.error(f"unknown tier '{tid}'", field=tid)
        _check_keys(raw, {"id", "ref", "amount"}, uw, required=["id", "ref", "amount"])
        union_tiers[tid] = UnionTier(id=str(raw["id"]), ref=str(raw["ref"]), amount=param(raw, "amount", {"EUR"}))
    lower: list[LowerOfTwo] = []
    if not isinstance(data["lower_of_two"], list):
        raise _Where(path, data, "lower_of_two").error("lower_of_two is a list", field="lower_of_two")
    for raw in data["lower_of_two"]:
        lw = _Where(path, raw)
        _check_keys(raw, {"rule", "ref", "tiers", "in_force", "note"}, lw, required=["rule", "ref", "tiers", "in_force", "note"])
        lower.append(LowerOfTwo(rule=yes_no(raw, "rule"), ref=str(raw["ref"]), tiers=tier_list(raw, "tiers", tiers),
                                in_force=param(raw, "in_force", {"bool"}), note=" ".join(str(raw["note"]).split())))
    return Fines(
        tiers=tiers,
        undertaking_rule=yes_no(und, "rule"),
        turnover_fact=str(turnover),
        public_rule=yes_no(pub, "rule"),
        public_tiers=tier_list(pub, "tiers", tiers),
        public_note=" ".join(str(pub["note"]).split()),
        union_rule=yes_no(uni, "rule"),
        union_tiers=union_tiers,
        union_note=" ".join(str(uni["note"]).split()),
        lower_of_two=tuple(lower),
        path=str(path),
    )


def _load_evidence(root: Path, acts: dict[str, Act]) -> Evidence:
    """The provisions each evidence measurement serves (evidence.yaml; optional)."""
    path = root / "evidence.yaml"
    if not path.exists():
        return Evidence()
    data = _load(path)
    _check_keys(data, {"about", "audit", "texts", "biometric"}, _Where(path, data), required=["audit", "biometric"])

    def section(name: str, kind: type) -> dict[str, Any]:
        raw = data.get(name) or {}
        if not isinstance(raw, dict):
            raise _Where(path, data, name).error(f"'{name}' is a mapping", field=name)
        return {key: _dated(value, _Where(path, raw, key), acts, key, kind) for key, value in raw.items()}

    return Evidence(audit=section("audit", list), texts=section("texts", str),
                    biometric=section("biometric", list), path=str(path))


# ----------------------------------------------------------------------- obligations


def _load_obligations(
    root: Path,
    questions: dict[str, Question],
    rules: dict[str, Rule],
    params: dict[str, Parameter],
    groups: dict[str, list[str]],
    first_day: _dt.date,
    fine_tiers: list[str],
) -> list[Obligation]:
    comp = _Compiler(questions, {r.id: r.kind for r in rules.values()}, params, groups)
    out: list[Obligation] = []
    seen: dict[str, str] = {}
    for path in _files(root / "obligations"):
        data = _load(path)
        _check_keys(data, {"obligations", "about", "tier"}, _Where(path, data), required=["obligations", "tier"])
        if data["tier"] not in OBLIGATION_TIERS:
            raise _Where(path, data, "tier").error(f"tier must be one of {sorted(OBLIGATION_TIERS)}", field="tier")
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
            _check_words(raw["summary"], _Where(path, raw, "summary"), params, "summary")
            _check_words(raw.get("detail"), _Where(path, raw, "detail"), params, "detail")
            if oid in seen:
                raise w.error(f"obligation '{oid}' defined twice (also in {seen[oid]})", field="id")
            seen[oid] = str(path)
            if raw["owed_by"] not in ROLES:
                raise w.error(f"owed_by must be one of {sorted(ROLES)}", field="owed_by")
            tier = raw.get("fine_tier")
            if tier is not None and tier not in fine_tiers:
                raise w.error(f"fine_tier must be a tier of fines.yaml ({', '.join(fine_tiers)}) or absent",
                              field="fine_tier")
            out.append(
                Obligation(
                    id=oid,
                    ref=raw["ref"],
                    summary=" ".join(str(raw["summary"]).split()),
                    owed_by=raw["owed_by"],
                    when=comp.cond(raw["when"], _Where(path, raw, "when")),
                    applies_from=comp.value(raw["applies_from"], _Where(path, raw, "applies_from"), True),
                    fine_tier=tier,
                    valid_from=_date(raw.get("valid_from", first_day), w, "valid_from"),
                    valid_until=_date(raw["valid_until"], w, "valid_until") if raw.get("valid_until") else None,
                    path=str(path),
                    line=w.line,
                    detail=str(raw.get("detail") or "").strip(),
                    documents=list(raw.get("documents") or []),
                    raw_when=raw["when"],
                    raw_applies_from=raw["applies_from"],
                    tier=data["tier"],
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


# --------------------------------------------------------------------------- screens


# --------------------------------------------------------------------------- readings

READING_STATUSES = {"law", "guidance", "draft"}


def _reading_source(raw: Any, where: _Where) -> ReadingSource:
    _check_keys(raw, {"ref", "doc", "date", "status", "says"}, where)
    if bool(raw.get("ref")) == bool(raw.get("doc")):
        raise where.error("a source names either a provision of the Act (ref) or another document (doc)")
    status = raw.get("status", "law")
    if status not in READING_STATUSES:
        raise where.error(f"status must be one of {sorted(READING_STATUSES)}", field="status")
    if raw.get("doc") and "status" not in raw:
        raise where.error("a document needs its status (law, guidance or draft)", field="status")
    return ReadingSource(ref=raw.get("ref"), doc=raw.get("doc"),
                         date=_date(raw["date"], where, "date") if raw.get("date") else None,
                         status=status, says=" ".join(str(raw.get("says") or "").split()))


def _load_readings(root: Path, topics: dict[str, Topic], questions: dict[str, Question]) -> dict[str, ContestedPoint]:
    """Contested readings (readings.yaml): each point's id becomes a yes/no rule input that the
    rules read and that a reading sets; it is never asked in the interview."""
    path = root / "readings.yaml"
    if not path.exists():
        return {}
    data = _load(path)
    w = _Where(path, data)
    _check_keys(data, {"about", "points"}, w, required=["points"])
    out: dict[str, ContestedPoint] = {}
    for pid, raw in (data["points"] or {}).items():
        pw = _Where(path, data["points"], pid)
        _check_keys(raw, {"ref", "question", "facts", "readings", "stricter", "guidance", "note"}, pw,
                    required=["ref", "question", "facts", "readings", "stricter"])
        if pid in questions:
            raise pw.error(f"'{pid}' is already a question ({questions[pid].path})")
        facts = list(raw["facts"] or [])
        for f in facts:
            if f not in questions:
                raise pw.error(f"unknown question '{f}' in facts", field="facts")
        if not facts:
            raise pw.error("a contested point names the facts that bring a system into it", field="facts")
        readings: dict[str, Reading] = {}
        for name, r in (raw["readings"] or {}).items():
            rw = _Where(path, raw["readings"], name)
            _check_keys(r, {"label", "text", "value", "sources"}, rw, required=["label", "text", "value", "sources"])
            if not isinstance(r["value"], bool):
                raise rw.error("a reading sets the yes/no input to true or false", field="value")
            sources = tuple(_reading_source(s, _Where(path, s)) for s in r["sources"] or [])
            if not sources:
                raise rw.error("a reading needs its sources", field="sources")
            readings[str(name)] = Reading(name=str(name), label=" ".join(str(r["label"]).split()),
                                          text=" ".join(str(r["text"]).split()), value=r["value"], sources=sources)
        if len(readings) < 2 or len({r.value for r in readings.values()}) != len(readings):
            raise pw.error("a contested point needs at least two readings, each giving a different value",
                           field="readings")
        if raw["stricter"] not in readings:
            raise pw.error(f"stricter must name one of its readings ({', '.join(readings)})", field="stricter")
        first = questions[facts[0]]
        refs = list(dict.fromkeys([str(raw["ref"])] + [s.ref for r in readings.values() for s in r.sources if s.ref]))
        questions[pid] = Question(id=pid, text=" ".join(str(raw["question"]).split()), type="bool",
                                  topic=first.topic, refs=refs, judgement=True, order=len(questions),
                                  path=str(path), line=pw.line, reading=pid,
                                  help="A contested reading, not a fact: record the reading you adopt under "
                                       "'readings:' in the profile (aiact explain shows them).")
        out[pid] = ContestedPoint(
            id=pid, ref=str(raw["ref"]), question=" ".join(str(raw["question"]).split()), facts=facts,
            readings=readings, stricter=str(raw["stricter"]),
            guidance=tuple(_reading_source(s, _Where(path, s)) for s in raw.get("guidance") or []),
            note=" ".join(str(raw.get("note") or "").split()), path=str(path), line=pw.line)
    return out


def screen_order(topic: Topic, position: int, lone: bool) -> int:
    """Asking order: by topic; within a topic, screens (in file order) before lone questions."""
    return topic.order * 100_000 + (50_000 if lone else 0) + position


def _load_screens(
    root: Path, topics: dict[str, Topic], questions: dict[str, Question]
) -> tuple[dict[str, Screen], dict[str, str]]:
    path = root / "screens.yaml"
    if not path.exists():
        return {}, {}
    data = _load(path)
    _check_keys(data, {"about", "screens"}, _Where(path, data), required=["screens"])
    screens: dict[str, Screen] = {}
    owner: dict[str, str] = {}

    def claim(qid: str, sid: str, where: _Where) -> None:
        if qid not in questions:
            raise where.error(f"unknown question '{qid}'")
        if qid in owner and owner[qid] != sid:
            raise where.error(f"question '{qid}' is already on screen '{owner[qid]}'")
        owner[qid] = sid

    def for_model(raw: Any, where: _Where, keys: set[str]) -> dict[str, str]:
        """A screen's, checklist's or item's own words for an AI model assessed on its own."""
        spec = raw.get("for_model")
        if spec is None:
            return {}
        fw = _Where(path, raw, "for_model")
        _check_keys(spec, keys, fw)
        if not spec:
            raise fw.error("'for_model' gives no words", field="for_model")
        return {k: " ".join(str(v).split()) for k, v in spec.items()}

    def checklist(raw: Any, sid: str, where: _Where) -> Checklist:
        _check_keys(raw, {"text", "items", "unticked", "gate", "for_model"}, where, required=["items"])
        items: list[ScreenItem] = []
        for it in raw["items"]:
            iw = _Where(path, it)
            _check_keys(it, {"q", "label", "ticked", "help", "for_model"}, iw, required=["q", "label"])
            qid = it["q"]
            claim(qid, sid, iw)
            q = questions[qid]
            ticked = it.get("ticked", True)
            if q.type == "bool" and ticked is not True:
                raise iw.error("an item for a yes/no question is ticked as true", field="ticked")
            if q.type == "choice" and str(ticked) not in q.options:
                raise iw.error(f"'{ticked}' is not an option of '{qid}' ({', '.join(q.options)})", field="ticked")
            if q.type not in ("bool", "choice"):
                raise iw.error(f"'{qid}' is a {q.type} question; ask it as a field, not a checklist item")
            words = for_model(it, iw, {"label", "help"})
            items.append(ScreenItem(qid, " ".join(str(it["label"]).split()), ticked,
                                    " ".join(str(it.get("help", "")).split()),
                                    words.get("label", ""), words.get("help", "")))
        unticked = dict(raw.get("unticked") or {})
        for qid, value in unticked.items():
            uq = questions.get(qid)
            if uq is None or uq.type != "choice" or not any(i.question == qid for i in items):
                raise where.error(f"'unticked' names '{qid}', which is not a choice question of these items")
            if str(value) not in uq.options:
                raise where.error(f"'{value}' is not an option of '{qid}'", field="unticked")
        for qid in {i.question for i in items}:
            if questions[qid].type == "choice" and qid not in unticked:
                raise where.error(f"choice question '{qid}' needs its value in 'unticked' (no item ticked)")
        gate = raw.get("gate")
        gate_q, gate_of = None, []
        if gate is not None:
            _check_keys(gate, {"question", "any_of"}, where, required=["question", "any_of"])
            gate_q, gate_of = gate["question"], list(gate["any_of"])
            claim(gate_q, sid, where)
            if questions[gate_q].type != "bool":
                raise where.error(f"gate '{gate_q}' must be a yes/no question", field="gate")
            for qid in gate_of:
                if not any(i.question == qid and i.ticked is True for i in items):
                    raise where.error(f"gate item '{qid}' is not a yes/no item of this checklist", field="gate")
        return Checklist(" ".join(str(raw.get("text", "")).split()), items, unticked, gate_q, gate_of,
                         for_model(raw, where, {"text"}).get("text", ""))

    for pos, (sid, raw) in enumerate((data["screens"] or {}).items()):
        w = _Where(path, data["screens"], sid)
        _check_keys(raw, {"topic", "text", "help", "checklist", "fields", "for_model"}, w, required=["topic", "text"])
        if raw["topic"] not in topics:
            raise w.error(f"unknown topic '{raw['topic']}'", field="topic")
        if ("checklist" in raw) == ("fields" in raw):
            raise w.error("a screen has either 'checklist' or 'fields'")
        parts: list[str | Checklist] = []
        next_only: set[str] = set()
        if "checklist" in raw:
            parts.append(checklist(raw["checklist"], sid, _Where(path, raw, "checklist")))
        else:
            for f in raw["fields"]:
                if isinstance(f, dict) and "checklist" in f:
                    _check_keys(f, {"checklist"}, _Where(path, f), required=["checklist"])
                    parts.append(checklist(f["checklist"], sid, _Where(path, f)))
                elif isinstance(f, dict):
                    fw = _Where(path, f)
                    _check_keys(f, {"q", "when"}, fw, required=["q", "when"])
                    if f["when"] != "next":
                        raise fw.error("'when' can only be 'next' (asked only when it can decide something now)",
                                       field="when")
                    claim(str(f["q"]), sid, fw)
                    parts.append(str(f["q"]))
                    next_only.add(str(f["q"]))
                else:
                    claim(str(f), sid, _Where(path, raw, "fields"))
                    parts.append(str(f))
        screens[sid] = Screen(
            id=sid, text=" ".join(str(raw["text"]).split()), topic=raw["topic"], parts=parts,
            help=" ".join(str(raw.get("help", "")).split()),
            order=screen_order(topics[raw["topic"]], pos, lone=False), path=str(path), line=w.line,
            next_only=next_only,
            model_text=(words := for_model(raw, w, {"text", "help"})).get("text", ""),
            model_help=words.get("help", ""),
        )
    return screens, owner


def load_law_from(root: Path) -> Law:
    """Load and check the law room at ``root``."""
    acts = _load_acts(root)
    params = _load_params(root, acts)
    first_day = _first_day(acts, root / "acts.yaml")
    topics, questions = _load_questions(root, acts, params, first_day)
    readings = _load_readings(root, topics, questions)
    for pid in params:
        if pid in questions:
            raise LawError(f"id '{pid}' is both a parameter and a question", path=params[pid].path)
    rules, groups = _compile_rules(root, questions, params, acts, first_day)
    fines = _load_fines(root, questions, rules, params, groups, acts, first_day)
    obligations = _load_obligations(root, questions, rules, params, groups, first_day, list(fines.tiers))
    screens, screen_of = _load_screens(root, topics, questions)
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
        screens=screens,
        screen_of=screen_of,
        fines=fines,
        evidence=_load_evidence(root, acts),
        readings=readings,
    )


@functools.cache
def load_law() -> Law:
    """The law shipped with aiact, loaded once per process."""
    return load_law_from(LAW_ROOT)
