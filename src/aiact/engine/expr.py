"""The rule language: YAML expressions compiled to small node objects.

Grammar (see docs/rule-language.md for the full reference with examples):

Conditions (where a yes/no is expected: ``if``, ``all``, ``any``, ``not``, ``when``):
  ``some.id``                 a yes/no fact or rule
  ``true`` / ``false``
  ``{all: [c, ...]}``         every condition holds (Kleene AND)
  ``{any: [c, ...]}``         at least one holds (Kleene OR)
  ``{not: c}``
  ``{is: [id, value]}``       a choice fact or rule equals a literal option
  ``{in: [id, [v, ...]]}``    ... is one of the literal options (or ``{param: id}`` holding a list)
  ``{gt|ge|lt|le|eq|ne: [a, b]}``  compare two values (numbers or dates)
  ``{any_of: group}``         at least one rule of a named group holds

Values (comparison and arithmetic arguments):
  ``some.id``                 the value of a fact or rule; ``as_of`` is the assessment date
  a number or a date          a literal
  ``{param: id}``             a dated parameter's value on the assessment date
  ``{const: x}``              a literal of any type (text included)
  ``{mul|add|sub|div|max|min: [a, ...]}``, ``{coalesce: [a, ...]}`` (first known value)

In a rule's ``then``/``else`` a plain string is a literal; use ``{val: id}`` to read a fact
or rule and ``{param: id}`` for a parameter. The loader expands a case ``{each: group, then: $ref}``
into one case per member of the group, and a family into one rule per member (see
docs/rule-language.md).

Every node evaluates to a value or ``UNKNOWN`` (Kleene three-valued logic), reports the open
facts that could still change its value, and names the inputs that decided it.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from aiact.engine.tri import UNKNOWN

if TYPE_CHECKING:
    from aiact.engine.evaluate import Evaluation

EMPTY: frozenset[str] = frozenset()


class Node:
    """An expression node."""

    __slots__ = ()

    def ev(self, e: Evaluation) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def opens(self, e: Evaluation, first: bool = False) -> frozenset[str]:
        """Facts whose answer could still change this node's value (empty if known).

        With ``first``, only those of the first undecided item of each ``all``/``any`` and
        the first undecided case of a switch: the questions to ask next.
        """
        return EMPTY

    def why(self, e: Evaluation) -> list[str]:
        """Ids of the facts and rules that decided this node's value."""
        return []

    def refs(self) -> list[str]:
        """All fact/rule ids this node reads (static, for the catalogue)."""
        return []

    def params(self) -> list[str]:
        return []


class Const(Node):
    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def ev(self, e: Evaluation) -> Any:
        return self.value


class AsOf(Node):
    __slots__ = ()

    def ev(self, e: Evaluation) -> Any:
        return e.as_of


class Param(Node):
    __slots__ = ("id",)

    def __init__(self, pid: str) -> None:
        self.id = pid

    def ev(self, e: Evaluation) -> Any:
        return e.param(self.id)

    def params(self) -> list[str]:
        return [self.id]


class FactRef(Node):
    __slots__ = ("id",)

    def __init__(self, fid: str) -> None:
        self.id = fid

    def ev(self, e: Evaluation) -> Any:
        return e.answers.get(self.id, UNKNOWN)

    def opens(self, e: Evaluation, first: bool = False) -> frozenset[str]:
        if e.answers.get(self.id, UNKNOWN) is UNKNOWN:
            return frozenset((self.id,))
        return EMPTY

    def why(self, e: Evaluation) -> list[str]:
        return [self.id]

    def refs(self) -> list[str]:
        return [self.id]


class RuleRef(Node):
    __slots__ = ("id",)

    def __init__(self, rid: str) -> None:
        self.id = rid

    def ev(self, e: Evaluation) -> Any:
        return e.rule(self.id)

    def opens(self, e: Evaluation, first: bool = False) -> frozenset[str]:
        return e.rule_opens(self.id, first)

    def why(self, e: Evaluation) -> list[str]:
        return [self.id]

    def refs(self) -> list[str]:
        return [self.id]


class _Junction(Node):
    """Kleene AND / OR: ``decisive`` is the value one item needs to decide the whole
    (false for ``all``, true for ``any``); otherwise unknown if any item is unknown."""

    __slots__ = ("items",)
    decisive: bool

    def __init__(self, items: Sequence[Node]) -> None:
        self.items = tuple(items)

    def ev(self, e: Evaluation) -> Any:
        unknown = False
        for item in self.items:
            v = item.ev(e)
            if v is self.decisive:
                return v
            if v is UNKNOWN:
                unknown = True
        return UNKNOWN if unknown else not self.decisive

    def opens(self, e: Evaluation, first: bool = False) -> frozenset[str]:
        if self.ev(e) is not UNKNOWN:
            return EMPTY
        out: set[str] = set()
        for item in self.items:
            if item.ev(e) is UNKNOWN:
                found = item.opens(e, first)
                if first:
                    found = found - e.dont_know
                    if found:  # ask the first undecided item that can still be answered
                        return found
                    continue
                out |= found
        return frozenset(out)

    def why(self, e: Evaluation) -> list[str]:
        v = self.ev(e)
        if v is self.decisive:  # the first item that decided it
            for item in self.items:
                if item.ev(e) is v:
                    return item.why(e)
        if v is UNKNOWN:
            return [r for i in self.items if i.ev(e) is UNKNOWN for r in i.why(e)]
        return [r for i in self.items for r in i.why(e)]

    def refs(self) -> list[str]:
        return [r for i in self.items for r in i.refs()]

    def params(self) -> list[str]:
        return [p for i in self.items for p in i.params()]


class All(_Junction):
    __slots__ = ()
    decisive = False


class AnyOf(_Junction):
    __slots__ = ()
    decisive = True


class Not(Node):
    __slots__ = ("item",)

    def __init__(self, item: Node) -> None:
        self.item = item

    def ev(self, e: Evaluation) -> Any:
        v = self.item.ev(e)
        if v is UNKNOWN:
            return UNKNOWN
        return not v

    def opens(self, e: Evaluation, first: bool = False) -> frozenset[str]:
        return self.item.opens(e, first)

    def why(self, e: Evaluation) -> list[str]:
        return self.item.why(e)

    def refs(self) -> list[str]:
        return self.item.refs()

    def params(self) -> list[str]:
        return self.item.params()


class _Args(Node):
    """A node over several value arguments, unknown when any argument is unknown."""

    __slots__ = ("args",)

    def __init__(self, args: Sequence[Node]) -> None:
        self.args = tuple(args)

    def opens(self, e: Evaluation, first: bool = False) -> frozenset[str]:
        if self.ev(e) is not UNKNOWN:
            return EMPTY
        out: set[str] = set()
        for a in self.args:
            if a.ev(e) is UNKNOWN:
                out |= a.opens(e, first)
        return frozenset(out)

    def why(self, e: Evaluation) -> list[str]:
        return [r for a in self.args for r in a.why(e)]

    def refs(self) -> list[str]:
        return [r for a in self.args for r in a.refs()]

    def params(self) -> list[str]:
        return [p for a in self.args for p in a.params()]


_CMP: dict[str, Callable[[Any, Any], bool]] = {
    "gt": lambda a, b: a > b,
    "ge": lambda a, b: a >= b,
    "lt": lambda a, b: a < b,
    "le": lambda a, b: a <= b,
    "eq": lambda a, b: a == b,
    "ne": lambda a, b: a != b,
}


class Compare(_Args):
    __slots__ = ("op", "fn")

    def __init__(self, op: str, a: Node, b: Node) -> None:
        super().__init__((a, b))
        self.op = op
        self.fn = _CMP[op]

    def ev(self, e: Evaluation) -> Any:
        a = self.args[0].ev(e)
        b = self.args[1].ev(e)
        if a is UNKNOWN or b is UNKNOWN:
            return UNKNOWN
        if a is None or b is None:
            return False
        if isinstance(a, _dt.date) and isinstance(b, _dt.date):
            return self.fn(a, b)
        return self.fn(a, b)


class Is(_Args):
    __slots__ = ("values", "param")

    def __init__(self, a: Node, values: tuple[Any, ...] | None, param: str | None = None) -> None:
        super().__init__((a,))
        self.values = values
        self.param = param

    def ev(self, e: Evaluation) -> Any:
        a = self.args[0].ev(e)
        if a is UNKNOWN:
            return UNKNOWN
        values: tuple[Any, ...] = self.values or () if self.param is None else tuple(e.param(self.param) or ())
        return a in values

    def params(self) -> list[str]:
        return [self.param] if self.param else []


class Arith(_Args):
    __slots__ = ("op",)

    def __init__(self, op: str, args: Sequence[Node]) -> None:
        super().__init__(args)
        self.op = op

    def ev(self, e: Evaluation) -> Any:
        vals = [a.ev(e) for a in self.args]
        if any(v is UNKNOWN for v in vals):
            return UNKNOWN
        if any(v is None for v in vals):
            return None
        op = self.op
        if op == "mul":
            out = 1.0
            for v in vals:
                out *= v
            return out
        if op == "add":
            return sum(vals)
        if op == "sub":
            return vals[0] - sum(vals[1:])
        if op == "div":
            return vals[0] / vals[1] if vals[1] else None
        if op == "max":
            return max(vals)
        if op == "min":
            return min(vals)
        raise AssertionError(op)  # pragma: no cover


class Coalesce(_Args):
    """The first argument that is known and not empty."""

    __slots__ = ()

    def ev(self, e: Evaluation) -> Any:
        unknown = False
        for a in self.args:
            v = a.ev(e)
            if v is UNKNOWN:
                unknown = True
                continue
            if v is not None:
                return v
        return UNKNOWN if unknown else None

    def opens(self, e: Evaluation, first: bool = False) -> frozenset[str]:
        if not first:
            return super().opens(e)
        if self.ev(e) is not UNKNOWN:
            return EMPTY
        for a in self.args:  # ask for the first source first; the next only if that is not known
            if a.ev(e) is UNKNOWN:
                found = a.opens(e, True) - e.dont_know
                if found:
                    return found
        return EMPTY

    def why(self, e: Evaluation) -> list[str]:
        for a in self.args:
            v = a.ev(e)
            if v is not UNKNOWN and v is not None:
                return a.why(e)
        return super().why(e)


class Group(Node):
    """At least one rule of a named group holds."""

    __slots__ = ("name", "inner")

    def __init__(self, name: str, members: Sequence[str]) -> None:
        self.name = name
        self.inner = AnyOf([RuleRef(m) for m in members])

    def ev(self, e: Evaluation) -> Any:
        return self.inner.ev(e)

    def opens(self, e: Evaluation, first: bool = False) -> frozenset[str]:
        return self.inner.opens(e, first)

    def why(self, e: Evaluation) -> list[str]:
        return self.inner.why(e)

    def refs(self) -> list[str]:
        return self.inner.refs()


class Case:
    """One branch of a value rule: ``if`` condition, ``then`` value, optional reference."""

    __slots__ = ("cond", "then", "ref", "label", "line")

    def __init__(self, cond: Node, then: Node, ref: str | None, label: str | None, line: int | None):
        self.cond = cond
        self.then = then
        self.ref = ref
        self.label = label
        self.line = line


class Switch(Node):
    """First case whose condition holds gives the value; unknown if an earlier one is unknown.

    Waiting for the earlier cases keeps the value monotone: once determined, no later answer
    changes it. (A case that held while an earlier one was unknown would be overturned if
    the earlier one turned out to hold too.)
    """

    __slots__ = ("cases", "default")

    def __init__(self, cases: Sequence[Case], default: Node) -> None:
        self.cases = tuple(cases)
        self.default = default

    def chosen(self, e: Evaluation) -> tuple[Any, Case | None, list[Case]]:
        """The value, the deciding case (None for ``else``) and the unknown cases before it."""
        pending: list[Case] = []
        for case in self.cases:
            c = case.cond.ev(e)
            if c is True:
                if pending:
                    return UNKNOWN, case, pending
                return case.then.ev(e), case, []
            if c is UNKNOWN:
                pending.append(case)
        if pending:
            return UNKNOWN, None, pending
        return self.default.ev(e), None, pending

    def ev(self, e: Evaluation) -> Any:
        return self.chosen(e)[0]

    def opens(self, e: Evaluation, first: bool = False) -> frozenset[str]:
        value, case, pending = self.chosen(e)
        if value is not UNKNOWN:
            return EMPTY
        out: set[str] = set()
        for p in pending:
            found = p.cond.opens(e, first)
            if first:
                found = found - e.dont_know
                if found:
                    return found
                continue
            out |= found
        if not pending:  # decided branch but its value is unknown
            node = case.then if case is not None else self.default
            out |= node.opens(e, first)
        return frozenset(out)

    def why(self, e: Evaluation) -> list[str]:
        value, case, pending = self.chosen(e)
        if pending:
            return [r for p in pending for r in p.cond.why(e)]
        out: list[str] = []
        for c in self.cases:  # the cases that did not apply also decided the outcome
            if c is case:
                break
            out += c.cond.why(e)
        if case is not None:
            out += case.cond.why(e)
            out += case.then.why(e)
        else:
            out += self.default.why(e)
        return out

    def refs(self) -> list[str]:
        out: list[str] = []
        for c in self.cases:
            out += c.cond.refs() + c.then.refs()
        return out + self.default.refs()

    def params(self) -> list[str]:
        out: list[str] = []
        for c in self.cases:
            out += c.cond.params() + c.then.params()
        return out + self.default.params()


def dedupe(ids: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for i in ids:
        if i not in seen:
            seen.add(i)
            out.append(i)
    return out
