"""Errors that name where the problem is: file, line and field.

`InputError` is the user's mistake (a profile, an answer, a date): surfaces print it in one
line and exit with status 2. `LawError` is a defect in aiact's own law data and is caught
by the completeness tests before release.
"""

from __future__ import annotations

from pathlib import Path


class AiactError(Exception):
    """Base class for errors aiact reports without a traceback."""

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.field = field
        super().__init__(self.describe())

    def describe(self) -> str:
        where = ""
        if self.path:
            where = self.path
            if self.line is not None:
                where += f":{self.line}"
        parts = [p for p in (where, f"field '{self.field}'" if self.field else "") if p]
        prefix = ", ".join(parts)
        return f"{prefix}: {self.message}" if prefix else self.message


class InputError(AiactError):
    """Bad input from the user: exit status 2, nothing saved is changed."""


class LawError(AiactError):
    """A defect in the encoded law (aiact's own data)."""


class ContradictionError(InputError):
    """Answers that cannot all be true at once."""
