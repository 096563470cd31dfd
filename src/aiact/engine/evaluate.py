"""Evaluate rules for one set of answers on one date, with memo, open facts and trail."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any

from aiact.engine.errors import LawError
from aiact.engine.expr import EMPTY, dedupe
from aiact.engine.law import Law, Rule
from aiact.engine.tri import UNKNOWN

_BUSY = object()


@dataclass
class Step:
    """One link of the explanation trail: a rule, its reference, its value and its inputs."""

    id: str
    ref: str
    label: str
    value: Any
    facts: list[tuple[str, Any]] = field(default_factory=list)
    because: list[Step] = field(default_factory=list)
    note: str = ""
    in_force: bool = True
    repeated: bool = False  # explained earlier in the same report


class Evaluation:
    """The answers of one profile evaluated under the law in force on ``as_of``."""

    __slots__ = ("law", "answers", "as_of", "_memo", "_opens", "_param_cache", "overrides", "dont_know")

    def __init__(
        self,
        law: Law,
        answers: dict[str, Any],
        as_of: _dt.date,
        overrides: dict[str, Any] | None = None,
        dont_know: frozenset[str] = frozenset(),
    ) -> None:
        self.law = law
        self.answers = answers
        self.as_of = as_of
        self.overrides = overrides or {}
        self.dont_know = dont_know  # questions answered "unknown": not worth asking next
        self._memo: dict[str, Any] = {}
        self._opens: dict[str, frozenset[str]] = {}
        self._param_cache: dict[str, Any] = {}

    # -- values ---------------------------------------------------------------------

    def param(self, pid: str) -> Any:
        try:
            return self._param_cache[pid]
        except KeyError:
            pass
        if pid in self.overrides:
            value = self.overrides[pid]
        else:
            value = self.law.params[pid].at(self.as_of)
        self._param_cache[pid] = value
        return value

    def fact(self, fid: str) -> Any:
        return self.answers.get(fid, UNKNOWN)

    def rule(self, rid: str) -> Any:
        memo = self._memo
        if rid in memo:
            value = memo[rid]
            if value is _BUSY:
                raise LawError(f"rule '{rid}' depends on itself", path=self.law.rules[rid].path)
            return value
        memo[rid] = _BUSY
        rule = self.law.rules[rid]
        version = rule.version_at(self.as_of)
        if version is None:  # not part of the law on this date
            value = False if rule.kind == "bool" else None
        else:
            value = version.node.ev(self)
        memo[rid] = value
        return value

    def rule_opens(self, rid: str, first: bool = False) -> frozenset[str]:
        """Facts whose answers could still change the rule's value (``first``: ask-next subset)."""
        key = rid + "\x00" if first else rid
        cached = self._opens.get(key)
        if cached is not None:
            return cached
        if self.rule(rid) is not UNKNOWN:
            out = EMPTY
        else:
            version = self.law.rules[rid].version_at(self.as_of)
            out = version.node.opens(self, first) if version is not None else EMPTY
        self._opens[key] = out
        return out

    def before_exceptions(self, rid: str) -> Any:
        """A rule's condition before its exceptions (``None`` for a rule without exceptions)."""
        version = self.law.rules[rid].version_at(self.as_of)
        if version is None or version.base is None:
            return None
        return version.base.ev(self)

    def words(self, text: str) -> str:
        """A label or summary as of the assessment date: ``{parameter}`` shows its value."""
        return self.law.words(text, self.as_of, self.overrides)

    def in_force(self, rid: str) -> bool:
        return self.law.rules[rid].version_at(self.as_of) is not None

    def value_of(self, name: str) -> Any:
        """A fact's answer or a rule's value by id."""
        if name in self.law.rules:
            return self.rule(name)
        return self.fact(name)

    # -- explanation -----------------------------------------------------------------

    def decisive(self, rid: str) -> list[str]:
        """The facts and rules that decided a rule's value."""
        version = self.law.rules[rid].version_at(self.as_of)
        if version is None:
            return []
        return dedupe(version.node.why(self))

    def explain(self, rid: str, depth: int = 12, _seen: set[str] | None = None) -> Step:
        rule: Rule = self.law.rules[rid]
        seen = _seen if _seen is not None else set()
        seen.add(rid)
        value = self.rule(rid)
        step = Step(
            id=rid,
            ref=rule.ref,
            label=self.words(rule.label),
            value=value,
            note=rule.note,
            in_force=self.in_force(rid),
        )
        if not step.in_force:
            return step
        for name in self.decisive(rid):
            if name in self.law.rules:
                if name in seen or depth <= 0:
                    sub = self.law.rules[name]
                    step.because.append(Step(id=name, ref=sub.ref, label=self.words(sub.label), value=self.rule(name),
                                             in_force=self.in_force(name), repeated=True))
                else:
                    step.because.append(self.explain(name, depth - 1, seen))
            else:
                step.facts.append((name, self.fact(name)))
        return step
