"""`aiact audit` and `aiact biometric` (issue 3). Placeholder until the audit lands."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the audit commands to the app."""
