"""The committed JSON schema matches the models, and results round-trip through JSON."""

from __future__ import annotations

import json
from typing import Any

import pytest

from aiact.audit.api import audit
from aiact.audit.models import SCHEMA_VERSION, AuditResult
from aiact.audit.render import render
from aiact.audit.schema import SCHEMA_FILE, audit_schema, schema_text


def test_committed_schema_is_current() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), (
        "run: python -m aiact.audit.schema > src/aiact/audit/schema.json"
    )
    schema = audit_schema()
    assert schema["$id"].endswith(SCHEMA_VERSION)
    for field in ("schema_version", "law_version", "overall", "attributes", "findings", "missing"):
        assert field in schema["required"] or field in schema["properties"]


def test_json_round_trip(log: Any) -> None:
    result = audit(log, label="y", prediction="p", groups=["sex", "age"], score="score")
    text = render(result, "json")
    again = AuditResult.model_validate_json(text)
    assert again == result
    data = json.loads(text)
    assert data["schema_version"] == SCHEMA_VERSION
    assert {f["severity"] for f in data["findings"]} <= {"concern", "caution", "info"}


def test_lean_imports_at_cli_start() -> None:
    """The audit command module imports no heavy library when the CLI starts."""
    import subprocess
    import sys

    code = (
        "import sys, aiact.cli.audit; "
        "print(','.join(m for m in ('duckdb','ibis','pyarrow','pandas','numpy','jinja2') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json"])
def test_every_format_renders(log: Any, fmt: str) -> None:
    result = audit(log, label="y", prediction="p", groups=["sex"], score="score")
    out = render(result, fmt)
    assert "sex=female" in out
