"""`aiact compute`: training-compute estimator for general-purpose AI models (placeholder)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the compute command to the app."""
