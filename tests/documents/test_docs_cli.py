"""`aiact docs` as a user runs it: list, write, refuse, check; bad input is one line and exit 2,
and nothing is half-written."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import docx
import pytest

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "cases"
INSURER = str(CASES / "life-insurer-underwriting-pricing.yaml")
GROCERY = str(CASES / "grocery-demand-forecasting.yaml")


def aiact(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).parent / "aiact"
    return subprocess.run([str(script), *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=120)


def one_error_line(res: subprocess.CompletedProcess[str]) -> str:
    assert res.returncode == 2, (res.stdout, res.stderr)
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), res.stderr
    assert "Traceback" not in res.stderr
    return lines[0]


def test_list_names_each_document_with_its_provision_and_date():
    res = aiact("docs", "list", INSURER, "--json")
    assert res.returncode == 0, res.stderr
    found = {d["kind"]: d for d in json.loads(res.stdout)}
    assert found["fria"]["status"] == "required" and found["fria"]["refs"] == ["Art. 27(1)"]
    assert found["fria"]["applies_from"] == "2028-01-01"  # the insurer's own first use
    assert found["incident-report"]["status"] == "on_event"
    assert found["testing-plan"]["status"] == "optional"
    assert found["registration"]["refs"] == ["Art. 49(1)"]
    text = aiact("docs", "list", INSURER).stdout
    assert "fria" in text and "Art. 27(1) · from 1 January 2028" in text


def test_list_for_a_minimal_risk_system_is_ai_literacy_only():
    res = aiact("docs", "list", GROCERY, "--json")
    assert [d["kind"] for d in json.loads(res.stdout)] == ["ai-literacy"]


def test_write_each_format(tmp_path):
    for fmt, suffix in (("markdown", "md"), ("html", "html"), ("docx", "docx")):
        out = tmp_path / f"fria.{suffix}"
        res = aiact("docs", "fria", INSURER, "--format", fmt, "--out", out)
        assert res.returncode == 0, res.stderr
        assert "20 fields still to fill" in res.stderr
    assert (tmp_path / "fria.md").read_text(encoding="utf-8").startswith("# Fundamental rights impact assessment")
    assert "<h2>(a) The deployer" in (tmp_path / "fria.html").read_text(encoding="utf-8")
    assert docx.Document(str(tmp_path / "fria.docx")).paragraphs[0].text == "Fundamental rights impact assessment"


def test_docx_without_out_goes_to_a_file_named_after_the_profile(tmp_path):
    res = aiact("docs", "fria", INSURER, "-f", "docx", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "life-insurer-underwriting-pricing-fria.docx").is_file()


def test_a_document_the_law_does_not_ask_for_is_refused_with_the_reason(tmp_path):
    out = tmp_path / "fria.md"
    line = one_error_line(aiact("docs", "fria", GROCERY, "--out", out))
    assert "the law does not require the fundamental rights impact assessment" in line
    assert "category minimal" in line and "--force" in line
    assert not out.exists()
    res = aiact("docs", "fria", GROCERY, "--force", "--out", out)
    assert res.returncode == 0
    assert "The law does not require this document for this system." in out.read_text(encoding="utf-8")


def test_check_exits_1_while_something_is_missing(tmp_path):
    out = tmp_path / "fria.md"
    aiact("docs", "fria", INSURER, "--out", out)
    res = aiact("docs", "check", out)
    assert res.returncode == 1
    assert "0 section(s) missing, 20 field(s) still to fill." in res.stdout
    assert "  2 to fill  About this assessment (Art. 27(1))" in res.stdout


@pytest.mark.parametrize("args, expect", [
    (("docs", "nonsense", INSURER), "no such command 'nonsense'"),
    (("docs", "fria", INSURER, "--format", "odt"), "'--format'"),
    (("docs", "fria", INSURER, "--language", "xx"), "no xx template for 'fria'"),
    (("docs", "fria", INSURER, "--as-of", "soon"), "'soon' is not a date"),
    (("docs", "fria", INSURER, "--format", "json"), "'fria' has no JSON form"),
    (("docs", "fria", str(CASES / "does-not-exist.yaml")), "does-not-exist.yaml"),
    (("docs", "check", str(CASES / "nothing-here.md")), "no such file"),
])
def test_bad_input_is_one_line_and_exit_2(args, expect):
    assert expect in one_error_line(aiact(*args))


def test_a_profile_that_does_not_parse_names_the_file_and_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nanswers:\n  art3_4.use: sometimes\n", encoding="utf-8")
    line = one_error_line(aiact("docs", "fria", bad))
    assert "bad.yaml:3" in line and "art3_4.use" in line
    bad.write_text("name: x\nanswers:\n  art3_4.use: [unclosed\n", encoding="utf-8")
    assert "malformed YAML" in one_error_line(aiact("docs", "fria", bad))


def test_an_audit_json_of_the_wrong_schema_is_refused(tmp_path):
    wrong = tmp_path / "audit.json"
    wrong.write_text(json.dumps({"schema": "aiact.assessment/1.1", "category": "high"}), encoding="utf-8")
    line = one_error_line(aiact("docs", "fria", INSURER, "--audit", wrong))
    assert "audit.json" in line and "not an `aiact audit` JSON result" in line
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    assert "not JSON" in one_error_line(aiact("docs", "fria", INSURER, "--audit", broken))


def test_an_unwritable_output_path_is_refused_and_the_old_file_kept(tmp_path):
    line = one_error_line(aiact("docs", "fria", INSURER, "--out", tmp_path / "no" / "such" / "dir" / "f.md"))
    assert "field '--out'" in line
    keep = tmp_path / "fria.md"
    keep.write_text("my edits", encoding="utf-8")
    one_error_line(aiact("docs", "fria", GROCERY, "--out", keep))  # refused: nothing written over it
    assert keep.read_text(encoding="utf-8") == "my edits"
    assert [p.name for p in tmp_path.iterdir()] == ["fria.md"]  # no temporary file left behind


def test_registration_data_as_json(tmp_path):
    out = tmp_path / "registration.json"
    res = aiact("docs", "registration", INSURER, "--format", "json", "--out", out)
    assert res.returncode == 0, res.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema"] == "aiact.registration/1"
    assert (data["section"], data["database"]) == ("A", "public")
    assert data["document"]["kind"] == "registration"
    assert data["document"]["answers"].startswith("sha256:")
    name = next(f for f in data["fields"] if f["point"] == "1")
    assert "Life insurer, Belgium and Luxembourg" in str(name["value"])


def test_kind_options_reach_the_document(tmp_path):
    casino = str(CASES / "casino-self-exclusion-face-check.yaml")
    res = aiact("docs", "incident-report", casino, "--aware-on", "2028-03-02", "--incident-kind", "death")
    assert res.returncode == 0, res.stderr
    assert "12 March 2028" in res.stdout  # Art. 73(4): ten days after 2 March 2028
    frontier = str(CASES / "us-frontier-model-api-and-chat-app.yaml")
    compute = tmp_path / "compute.json"
    res = aiact("compute", "--flop", "3e25", "--accelerator-hours", "2e7", "--power-kw", "0.7", "--json")
    compute.write_text(res.stdout, encoding="utf-8")
    res = aiact("docs", "gpai-documentation", frontier, "--compute", compute)
    assert res.returncode == 0, res.stderr
    assert "Energy consumption (estimate): 14 000 000 kWh" in res.stdout
    assert "error: " in one_error_line(aiact("docs", "testing-plan", INSURER, "--test-start", "next week"))


def test_all_writes_every_document_the_act_asks_for(tmp_path):
    res = aiact("docs", "all", INSURER, "--out-dir", tmp_path / "out", "--format", "html")
    assert res.returncode == 0, res.stderr
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    stem = "life-insurer-underwriting-pricing"
    assert written == sorted(f"{stem}-{k}.html" for k in (
        "fria", "technical-documentation", "declaration-of-conformity", "registration", "notices", "ai-literacy",
        "incident-report", "instructions-for-use", "quality-management"))  # not the testing plan (a choice)
    res = aiact("docs", "all", INSURER, "--out-dir", tmp_path / "opt", "--include-optional", "-f", "markdown")
    assert f"{stem}-testing-plan.md" in [p.name for p in (tmp_path / "opt").iterdir()]
    assert "'--format'" in one_error_line(aiact("docs", "all", INSURER, "-o", tmp_path / "j", "-f", "json"))
    assert not (tmp_path / "j").exists()


def test_list_a_folder_of_profiles_is_an_inventory(tmp_path):
    for case in ("grocery-demand-forecasting", "retail-group-cv-ranking"):
        (tmp_path / f"{case}.yaml").write_text((CASES / f"{case}.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    res = aiact("docs", "list", tmp_path)
    assert res.returncode == 0, res.stderr
    assert res.stdout.splitlines() == [
        "grocery-demand-forecasting.yaml: minimal; provider, deployer: ai-literacy",
        "retail-group-cv-ranking.yaml: high; deployer: notices, ai-literacy, incident-report (on event)",
    ]
    (tmp_path / "broken.yaml").write_text("answers: [", encoding="utf-8")
    res = aiact("docs", "list", tmp_path, "--json")
    assert res.returncode == 2
    data = json.loads(res.stdout)
    assert data["errors"] == 1 and "malformed YAML" in data["profiles"][0]["error"]


def test_technical_documentation_carries_an_audit_run_from_the_cli(tmp_path):
    audit = tmp_path / "audit.json"
    res = aiact("audit", ROOT / "examples" / "audit" / "loans.csv", "-l", "repaid", "-p", "approved",
                "-g", "sex", "-g", "age_band", "--format", "json", "--output", audit)
    assert res.returncode == 0, res.stderr
    overall = json.loads(audit.read_text(encoding="utf-8"))["overall"]["metrics"]["accuracy"]["value"]
    res = aiact("docs", "technical-documentation", INSURER, "--audit", audit)
    assert res.returncode == 0, res.stderr
    two_g = res.stdout.split("(Annex IV 2(g))", 1)[1].split("\n### ", 1)[0]
    assert f"| accuracy | {overall:.3f} |" in two_g
    assert "Audit of `" in two_g and "loans.csv` (duckdb)" in two_g
    assert "accuracy metrics and results (or attach an aiact audit result)" not in res.stdout
