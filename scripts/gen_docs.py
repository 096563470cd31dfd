"""Regenerate the generated documentation: the assessment JSON schema and the CLI reference.

Run:  python scripts/gen_docs.py        (tests/test_docs.py fails when these are stale)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = ["assess", "interview", "next", "explain", "rules", "compute", "audit", "biometric"]


def schema_text() -> str:
    from aiact.engine.result import Assessment

    return json.dumps(Assessment.model_json_schema(by_alias=True), indent=2, ensure_ascii=False) + "\n"


def cli_reference() -> str:
    from typer.testing import CliRunner

    from aiact.cli.main import app

    runner = CliRunner()
    parts = ["# CLI reference\n", "Generated from the real `--help` by `scripts/gen_docs.py`; a test keeps it current.\n"]
    top = runner.invoke(app, ["--help"], terminal_width=100, env={"COLUMNS": "100", "NO_COLOR": "1"})
    parts += ["## aiact\n", "```", top.output.rstrip(), "```\n"]
    for cmd in COMMANDS:
        res = runner.invoke(app, [cmd, "--help"], terminal_width=100, env={"COLUMNS": "100", "NO_COLOR": "1"})
        if res.exit_code != 0:
            continue
        parts += [f"## aiact {cmd}\n", "```", res.output.rstrip(), "```\n"]
    return "\n".join(parts) + "\n"


def main() -> int:
    targets = {ROOT / "docs" / "assessment-schema.json": schema_text(), ROOT / "docs" / "cli.md": cli_reference()}
    check = "--check" in sys.argv
    stale = []
    for path, text in targets.items():
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(path)
        if not check:
            path.write_text(text, encoding="utf-8")
    if check and stale:
        print("stale: " + ", ".join(str(p) for p in stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
