"""Regenerate the generated documentation: the assessment JSON schema and the CLI reference.

Run:  python scripts/gen_docs.py        (tests/test_docs.py fails when these are stale)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = ["assess", "interview", "next", "explain", "rules", "compute", "audit", "biometric",
            "docs", "docs list", "docs all", "docs check", "docs fria", "docs incident-report", "docs testing-plan",
            "docs gpai-documentation", "serve", "reassess", "audit-log", "audit-log verify", "inventory",
            "inventory export", "inventory import"]


def schema_text() -> str:
    from aiact.engine.result import Assessment

    return json.dumps(Assessment.model_json_schema(by_alias=True), indent=2, ensure_ascii=False) + "\n"


def cli_reference() -> str:
    from typer.testing import CliRunner

    from aiact.cli.main import app

    runner = CliRunner()
    parts = ["# CLI reference\n", "Generated from the real `--help` by `scripts/gen_docs.py`; a test keeps it current.\n",
             "Exit status: 0 on success (1 for findings with `aiact audit --fail-on`); 2 for a bad "
             "command line (an unknown option or command, an option value of the wrong kind, a "
             "missing argument) or bad input, reported in one line on standard error that starts "
             "with `error:` (`aiact audit: error:`, `aiact biometric: error:` for those commands' "
             "own checks of their input), never a traceback. `aiact` alone prints the help below.\n"]
    top = runner.invoke(app, ["--help"], terminal_width=100, env={"COLUMNS": "100", "NO_COLOR": "1"})
    parts += ["## aiact\n", "```", top.output.rstrip(), "```\n"]
    for cmd in COMMANDS:
        res = runner.invoke(app, [*cmd.split(), "--help"], terminal_width=100, env={"COLUMNS": "100", "NO_COLOR": "1"})
        if res.exit_code != 0:
            continue
        parts += [f"## aiact {cmd}\n", "```", res.output.rstrip(), "```\n"]
    return "\n".join(parts) + "\n"


def law_coverage() -> str:
    """Every encoded provision: its rules, the questions that feed them, obligations, parameters."""
    from aiact.engine.describe import rule_inputs
    from aiact.engine.load import load_law

    law = load_law()
    lines = [
        "# What aiact encodes",
        "",
        "Generated from the law room by `scripts/gen_docs.py`; a test keeps it current. "
        "`aiact explain <rule id or provision>` shows the text of the Act beside each rule.",
        "",
        f"{len(law.questions)} questions, {len(law.rules)} rules, {len(law.obligations)} obligations, "
        f"{len(law.params)} dated parameters.",
        "",
        "## Rules",
        "",
        "| Provision | Rule | What it decides | In the law | Questions it reads |",
        "|---|---|---|---|---|",
    ]
    for r in sorted(law.rules.values(), key=lambda r: (r.path, r.line or 0)):
        span = "; ".join(
            f"from {v.valid_from}" + (f" to {v.valid_until}" if v.valid_until else "") for v in r.versions
        )
        qs = len(rule_inputs(law, r.id)[0])
        lines.append(f"| {r.ref} | `{r.id}` | {r.label} | {span} | {qs} |")
    lines += ["", "## Obligations", "", "| Provision | Owed by | Duty | Fine tier | In the law |", "|---|---|---|---|---|"]
    for o in law.obligations:
        span = f"from {o.valid_from}" + (f" to {o.valid_until}" if o.valid_until else "")
        lines.append(f"| {o.ref} | {o.owed_by} | {o.summary} | {o.fine_tier or ''} | {span} |")
    lines += ["", "## Dated parameters", "", "| Parameter | Provision | Values |", "|---|---|---|"]
    for p in law.params.values():
        vals = "; ".join(f"{k}: {v} ({s.act})" for k, v, s in zip(p.keys, p.values, p.sources, strict=True))
        lines.append(f"| `{p.id}` | {p.reference} | {vals} |")
    return "\n".join(lines) + "\n"


# One example of each document kind: (kind, reference case, options, language)
EXAMPLES = [
    ("fria", "life-insurer-underwriting-pricing", {}, "en"),
    ("fria", "city-housing-allowance-eligibility", {}, "de"),
    ("fria", "national-university-admissions-allocation", {}, "fr"),
    ("technical-documentation", "gas-grid-leak-isolation-small-midcap", {}, "en"),
    ("declaration-of-conformity", "casino-self-exclusion-face-check", {}, "en"),
    ("registration", "national-university-admissions-allocation", {}, "en"),
    ("non-high-risk-finding", "admissions-document-sorting-duplicates", {}, "en"),
    ("notices", "travel-support-chatbot-fine-tuned-open-model", {}, "en"),
    ("notices", "utility-faq-chat-widget", {}, "de"),
    ("notices", "truck-cab-anger-panic-safety-alerts", {}, "fr"),
    ("ai-literacy", "furniture-maker-vendor-ai-literacy-only", {}, "en"),
    ("incident-report", "casino-self-exclusion-face-check", {"aware_on": "2028-03-02", "incident_kind": "other"}, "en"),
    ("testing-plan", "online-exam-cheating-detection", {"test_start": "2027-09-01"}, "en"),
    ("gpai-documentation", "us-frontier-model-api-and-chat-app", {}, "en"),
    ("instructions-for-use", "online-exam-cheating-detection", {}, "en"),
    ("quality-management", "water-network-contamination-shutoff", {}, "en"),
]


def document_examples() -> dict[Path, str]:
    """docs/documents/*.md: one generated example of each kind, from a reference case."""
    import datetime as dt

    import aiact
    from aiact import documents

    out: dict[Path, str] = {}
    for kind, case, options, language in EXAMPLES:
        if language not in documents.known_kinds()[kind].languages:
            continue
        p = aiact.load_profile(ROOT / "tests" / "cases" / f"{case}.yaml")
        p.path = f"tests/cases/{case}.yaml"
        opts = {k: (dt.date.fromisoformat(v) if k in ("aware_on", "test_start") else v) for k, v in options.items()}
        doc = documents.build(kind, p, aiact.assess(p), language=language, options=opts)
        name = f"{kind}{'' if language == 'en' else '.' + language}.md"
        out[ROOT / "docs" / "documents" / name] = doc.markdown
    return out


def main() -> int:
    targets = {
        **document_examples(),
        ROOT / "docs" / "assessment-schema.json": schema_text(),
        ROOT / "docs" / "cli.md": cli_reference(),
        ROOT / "docs" / "law-coverage.md": law_coverage(),
    }
    check = "--check" in sys.argv
    stale = []
    for path, text in targets.items():
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(path)
        if not check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if check and stale:
        print("stale: " + ", ".join(str(p) for p in stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
