"""Answers: from what a person types or a file holds to the typed value a question takes.

One place for every surface: profile files use the strict form (``true``, ``2028-01-01``,
``9000000000``); the interview, the web app and scripts may pass text as people type it
(``yes``, ``ja``, ``9bn``, ``2.5 x 10^24``, ``2028-03``) with ``lenient=True``. Either way
the result is checked against the question (type, options, minimum) and a bad answer is an
``InputError`` naming the question.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from aiact.engine.errors import InputError
from aiact.engine.law import Question
from aiact.engine.tri import UNKNOWN

ONGOING = _dt.date.max  # an end date answered "ongoing" (no planned end)
UNKNOWN_WORDS = frozenset({"unknown", "don't know", "dont know", "?", "dk", "u", "not sure"})
YES_WORDS = frozenset({"y", "yes", "true", "j", "ja", "oui", "si", "sí"})
NO_WORDS = frozenset({"n", "no", "false", "nein", "non"})
ONGOING_WORDS = frozenset({"ongoing", "none", "no end", "never"})
_SUFFIX = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "mn": 1e6, "bn": 1e9,
           "billion": 1e9, "b": 1e9}


def parse_number(text: str) -> float:
    """Numbers as people type them: 9e9, 9 000 000, 9,5 million, 9bn, 2.5 x 10^24."""
    t = text.strip().lower().replace("eur", "").replace("€", "").strip()
    m = re.fullmatch(r"([0-9.,\s]+)\s*(?:x|\*|×)\s*10\s*\^\s*([0-9]+)", t)
    if m:
        return float(m.group(1).replace(" ", "").replace(",", ".")) * 10 ** int(m.group(2))
    m = re.fullmatch(r"([0-9][0-9.,\s_]*(?:e[+-]?[0-9]+)?)\s*([a-z]*)", t)
    if not m:
        raise ValueError(text)
    digits, suffix = m.group(1).replace(" ", "").replace("_", ""), m.group(2)
    if suffix and suffix not in _SUFFIX:
        raise ValueError(text)
    if digits.count(",") == 1 and "." not in digits and len(digits.split(",")[1]) != 3:
        digits = digits.replace(",", ".")  # decimal comma
    digits = digits.replace(",", "")
    return float(digits) * (_SUFFIX[suffix] if suffix else 1)


def parse_date(value: Any, *, path: str | None = None, line: int | None = None, field: str,
               lenient: bool = False) -> _dt.date:
    """A date from YYYY-MM-DD (and, typed by a person, YYYY-MM for the month's first day)."""
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        t = value.strip()
        if lenient and re.fullmatch(r"\d{4}-\d{2}", t):
            t += "-01"
        try:
            return _dt.date.fromisoformat(t)
        except ValueError:
            pass
    raise InputError(f"'{value}' is not a date; write YYYY-MM-DD", path=path, line=line, field=field)


def hint(q: Question) -> str:
    """What a typed answer to the question looks like."""
    if q.type == "bool":
        return "y/n"
    if q.type == "choice":
        return f"1-{len(q.options)}"
    if q.type == "number":
        return q.unit or "number"
    return "YYYY-MM-DD" + (" or ongoing" if q.allow_ongoing else "")


def parse_answer(q: Question, raw: Any, *, lenient: bool = False, path: str | None = None,
                 line: int | None = None) -> Any:
    """Check one answer against its question; return the typed value or UNKNOWN.

    ``lenient`` accepts text as a person types it: yes/no in a few languages, an option's
    number (1-based) for a choice, number suffixes, a month for a date.
    """
    if raw is None or raw is UNKNOWN or (isinstance(raw, str) and raw.strip().lower() in UNKNOWN_WORDS):
        return UNKNOWN

    def bad(message: str) -> InputError:
        return InputError(message, path=path, line=line, field=q.id)

    text = raw.strip() if isinstance(raw, str) else None
    low = text.lower() if text is not None else None
    if q.type == "bool":
        if isinstance(raw, bool):
            return raw
        if low in ("true", "false") or (lenient and low in YES_WORDS | NO_WORDS):
            return low in YES_WORDS
        raise bad(f"expected {'yes or no' if lenient else 'true, false'} or unknown, found {raw!r}")
    if q.type == "choice":
        options = list(q.options)
        value = str(raw).strip() if isinstance(raw, str | int | float) and not isinstance(raw, bool) else None
        if lenient and value is not None and value.isdigit() and value not in q.options \
                and 1 <= int(value) <= len(options):
            return options[int(value) - 1]
        if value not in q.options:
            raise bad(f"{raw!r} is not one of the options: {', '.join(options)} (or unknown)")
        return value
    if q.type == "number":
        if isinstance(raw, bool):
            raise bad(f"expected a number, found {raw!r}")
        if isinstance(raw, int | float):
            number: float = raw
        elif text is not None:
            try:
                number = parse_number(text) if lenient else float(text.replace(" ", ""))
            except ValueError:
                raise bad(f"expected a number, found {raw!r}") from None
        else:
            raise bad(f"expected a number, found {raw!r}")
        if number != number or number in (float("inf"), float("-inf")):
            raise bad("expected a finite number")
        if q.minimum is not None and number < q.minimum:
            raise bad(f"must be at least {q.minimum:g}, found {number:g}")
        return number
    if q.type == "date":
        if low is not None and (low == "ongoing" or (lenient and low in ONGOING_WORDS)):
            if not q.allow_ongoing:
                raise bad("'ongoing' is not allowed here; give a date")
            return ONGOING
        return parse_date(raw, path=path, line=line, field=q.id, lenient=lenient)
    raise AssertionError(q.type)  # pragma: no cover


def parse_ticks(text: str, count: int) -> tuple[set[int], set[int]]:
    """A checklist answer as typed: item numbers that apply, ``?N`` for not sure.

    ``"1 3 ?5"`` ticks items 1 and 3 and marks 5 not sure; ``"0"`` or ``"none"`` ticks
    nothing; ``"?"`` marks every item not sure. Returns (ticked, unsure), 1-based.
    """
    t = text.strip().lower()
    if t in ("0", "none", "-", "none of these"):
        return set(), set()
    if t in UNKNOWN_WORDS:
        return set(), set(range(1, count + 1))
    ticked: set[int] = set()
    unsure: set[int] = set()
    for token in re.split(r"[\s,;]+", t):
        if not token:
            continue
        m = re.fullmatch(r"(\?)?(\d+)(?:-(\d+))?", token)
        if not m:
            raise ValueError(token)
        lo, hi = int(m.group(2)), int(m.group(3) or m.group(2))
        if not 1 <= lo <= hi <= count:
            raise ValueError(token)
        (unsure if m.group(1) else ticked).update(range(lo, hi + 1))
    if ticked & unsure:
        raise ValueError(text)
    return ticked, unsure
