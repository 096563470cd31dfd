"""The command line as a user drives it: reports, errors with exit status 2, the interview."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from aiact.cli.main import main

MINIMAL = """\
name: Demand forecaster
organisation: Grocery Oy
as_of: 2026-11-27
answers:
  subject.kind: system
  art3_1.machine_based_autonomy: true
  art3_1.infers: true
  art3_1.only_simple_techniques: false
  art3_1.outputs_influence: true
  art2_1.placed_in_eu: true
  art2.exclusion: none
"""


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    path = tmp_path / "forecaster.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_assess_json_has_the_documented_top_level_fields(capsys, profile):
    code, out, _ = run(capsys, "assess", str(profile), "--format", "json")
    assert code == 0
    data = json.loads(out)
    for field in ("ai_system", "in_scope", "scope_basis", "category", "prohibited", "high_risk_basis",
                  "art_6_3_exempt", "transparency", "gpai_model", "systemic_risk", "roles",
                  "fria_required", "registration", "conformity", "obligations", "applies_from",
                  "max_fine_eur", "open_questions", "explanation"):
        assert field in data
    assert data["schema"] == "aiact.assessment/1.2"
    assert data["ai_system"] is True
    assert data["law"]["version"] == "Regulation (EU) 2024/1689 as amended by Regulation (EU) 2026/1744"


def test_an_incomplete_profile_names_exactly_what_is_missing(capsys, profile):
    code, out, _ = run(capsys, "assess", str(profile), "-f", "json")
    data = json.loads(out)
    asked = [q["id"] for q in data["open_questions"]]
    assert "art3_3.develops" in asked  # who provides it is not answered
    assert "subject.kind" not in asked and "art3_1.infers" not in asked  # answered already
    assert "roles" in data["undetermined"]


def test_as_of_before_the_amendment_applies_the_2024_text(capsys, profile):
    code, out, _ = run(capsys, "assess", str(profile), "-f", "json", "--as-of", "2026-05-01")
    assert json.loads(out)["law"]["version"] == "Regulation (EU) 2024/1689"


def test_text_and_markdown_reports_cite_provisions(capsys, profile):
    _, text, _ = run(capsys, "assess", str(profile))
    assert "Art. 3(1)" in text and "Law applied" in text
    _, md, _ = run(capsys, "assess", str(profile), "-f", "markdown")
    assert md.startswith("# Demand forecaster") and "| AI system | yes | Art. 3(1) |" in md


def test_next_json_lists_the_screens_still_worth_showing(capsys, profile):
    code, out, _ = run(capsys, "next", str(profile), "--json")
    screens = json.loads(out)
    assert code == 0 and screens
    for s in screens:
        assert {"id", "text", "type", "help", "refs", "covers", "fields"} <= set(s)
        assert s["covers"] and not any(q in MINIMAL for q in s["covers"])  # nothing answered is asked again
    roles = next(s for s in screens if s["id"] == "roles")
    assert roles["type"] == "form" and {"org.kind", "art3_3.develops"} <= set(roles["covers"])
    items = {i["id"] for f in roles["fields"] for i in f["items"]}
    assert items >= {"art3_3.develops", "art3_4.use=professional"}


@pytest.mark.parametrize(
    "content,fragment",
    [
        ("answers:\n  subject.kind: robot\n", ":2, field 'subject.kind'"),
        ("answers:\n  art3_1.infers: [\n", "malformed YAML"),
        ("answers:\n  no.such: true\n", "unknown question id"),
        ("as_of: 2026-13-40\nanswers: {}\n", "not a valid date"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_no_traceback(tmp_path, content, fragment):
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "aiact.cli.main", "assess", str(path)],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert fragment in proc.stderr and str(path) in proc.stderr
    assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1


def test_missing_file_and_bad_date_option(capsys, tmp_path, profile):
    code, _, err = run(capsys, "assess", str(tmp_path / "nope.yaml"))
    assert code == 2 and "file not found" in err
    code, _, err = run(capsys, "assess", str(profile), "--as-of", "someday")
    assert code == 2 and "--as-of" in err


def test_assess_a_folder_summarises_and_flags_bad_files(capsys, tmp_path, profile):
    (tmp_path / "broken.yaml").write_text("answers:\n  subject.kind: 3\n", encoding="utf-8")
    code, out, err = run(capsys, "assess", str(tmp_path), "-f", "json")
    data = json.loads(out)
    assert code == 2 and data["errors"] == 1 and len(data["profiles"]) == 2
    assert "broken.yaml:2" in err


def test_explain_prints_the_text_and_the_rule(capsys):
    code, out, _ = run(capsys, "explain", "Art. 2(1)")
    assert code == 0 and "This Regulation applies to" in out and "Rule art2_1" in out
    code, out, _ = run(capsys, "explain", "art2_1", "--json")
    assert json.loads(out)["rules"][0]["id"] == "art2_1"


def test_rules_json_exports_the_catalogue(capsys):
    code, out, _ = run(capsys, "rules", "--json")
    data = json.loads(out)
    assert code == 0 and {"questions", "rules", "obligations", "parameters", "acts"} <= set(data)
    assert any(p["id"] == "art113.annex3_high_risk" for p in data["parameters"])


def test_interview_saves_after_each_answer_and_resumes(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from aiact.cli.main import app

    path = tmp_path / "new.yaml"
    runner = CliRunner()
    # name, organisation, then the first screen: "system" and three of the four boxes; quit
    result = runner.invoke(app, ["interview", "--profile", str(path), "--as-of", "2026-11-27"],
                           input="Bot\nACME\n1\n1 2 3\nq\n")
    assert result.exit_code == 0, result.output
    saved = path.read_text()
    assert "subject.kind: \"system\"" in saved and "art3_1.machine_based_autonomy: true" in saved
    assert "art3_1.only_simple_techniques: false" in saved  # unticked box
    # resume: the next screen is the first one still open; "not sure" is stored as unknown
    result = runner.invoke(app, ["interview", "--profile", str(path)], input="?1 2\nq\n")
    assert "Resuming" in result.output and "Screen 1" in result.output
    assert "unknown" in path.read_text()
    # going back removes the answers of the last part answered in this session
    before = path.read_text()
    result = runner.invoke(app, ["interview", "--profile", str(path)], input="0\nb\nq\n")
    assert result.exit_code == 0 and path.read_text() == before


def test_json_report_validates_against_the_published_schema(capsys, tmp_path):
    from aiact.engine.result import Assessment

    case = Path(__file__).resolve().parent.parent / "cases" / "bank-consumer-loan-credit-scoring.yaml"
    code, out, _ = run(capsys, "assess", str(case), "-f", "json")
    report = Assessment.model_validate(json.loads(out))
    assert code == 0 and report.category == "high" and report.explanation


EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "profiles"


def test_a_company_prototyping_its_own_large_model_has_no_general_purpose_model_duties(capsys):
    """examples/profiles/prototype-language-model.yaml: a language model trained only for
    experiments and prototypes, with no decision to release it, is no general-purpose AI
    model (Art. 3(63)); the Act does not reach it and nothing is left to ask."""
    path = str(EXAMPLES / "prototype-language-model.yaml")
    code, out, _ = run(capsys, "assess", "--format", "json", path)
    assert code == 0
    report = json.loads(out)
    assert (report["gpai_model"], report["systemic_risk"], report["in_scope"], report["scope_basis"]) == (
        False, False, False, "Art. 3(63)")
    assert report["roles"] == [] and report["obligations"] == [] and report["possible_obligations"] == []
    assert report["open_questions"] == []
    code, out, _ = run(capsys, "next", path)
    assert code == 0 and "Nothing left to ask" in out
