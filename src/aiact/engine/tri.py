"""Three-valued values: every fact and rule is known or UNKNOWN.

Booleans are Python ``True``/``False``; anything not known is the ``UNKNOWN`` singleton.
``None`` is a *known* absence (for example "no high-risk basis"), never "unknown".
"""

from __future__ import annotations

from typing import Any, Final


class _Unknown:
    __slots__ = ()
    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __bool__(self) -> bool:
        raise TypeError("UNKNOWN has no truth value; compare with `is UNKNOWN`")

    def __reduce__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Final = _Unknown()


def show(value: Any) -> str:
    """Render a value as the words a report uses."""
    if value is UNKNOWN:
        return "unknown"
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if value is None:
        return "none"
    return str(value)
