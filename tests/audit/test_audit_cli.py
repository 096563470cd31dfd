"""`aiact audit` and `aiact biometric` on the command line: reports and bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from typer.testing import CliRunner

from aiact.cli.main import app

runner = CliRunner()


@pytest.fixture(scope="module")
def parquet(tmp_path_factory: pytest.TempPathFactory, log_factory: Any) -> Path:
    path = tmp_path_factory.mktemp("cli") / "log.parquet"
    log_factory(n=3000, seed=2).to_parquet(path)
    return path


def run(*args: str) -> Any:
    return runner.invoke(app, [str(a) for a in args])


BASE = ("-l", "y", "-p", "p", "-g", "sex", "-g", "age")


def test_text_report(parquet: Path) -> None:
    res = run("audit", parquet, *BASE, "--score", "score")
    assert res.exit_code == 0, res.output
    assert "Findings" in res.output
    assert "By sex x age" in res.output
    assert "Regulation (EU) 2024/1689, as amended by Regulation (EU) 2026/1744" in res.output


def test_json_report_validates_against_the_model(parquet: Path, tmp_path: Path) -> None:
    out = tmp_path / "audit.json"
    res = run("audit", parquet, *BASE, "--format", "json", "--output", out)
    assert res.exit_code == 0, res.output
    data = json.loads(out.read_text())
    assert data["schema_version"] == "1.0"
    from aiact.audit.models import AuditResult

    result = AuditResult.model_validate(data)
    assert result.overall.n == 3000
    assert [a.name for a in result.attributes] == ["sex", "age", "sex x age"]


def test_markdown_and_html_reports(parquet: Path, tmp_path: Path) -> None:
    res = run("audit", parquet, *BASE, "--format", "markdown")
    assert res.exit_code == 0
    assert res.output.startswith("# Accuracy and bias audit")
    assert "| group | n | sel. rate |" in res.output
    html_path = tmp_path / "report.html"
    res = run("audit", parquet, *BASE, "--score", "score", "-f", "html", "-o", html_path)
    assert res.exit_code == 0
    page = html_path.read_text()
    assert page.count("<svg") == 6 * 3  # six rates for each of three attributes
    assert "<script" not in page and "http://" not in page.replace(
        'xmlns="http://www.w3.org/2000/svg"', ""
    )
    assert "https://" not in page


def test_fail_on(parquet: Path) -> None:
    res = run("audit", parquet, *BASE, "--fail-on", "caution", "-f", "json")
    assert res.exit_code == 1


@pytest.mark.parametrize(
    ("frame", "args", "message"),
    [
        (
            pd.DataFrame({"g": ["a"], "y": [1], "p": [1]}),
            ("-l", "label", "-p", "p", "-g", "g"),
            "no label column 'label'",
        ),
        (
            pd.DataFrame({"g": ["a", "b", "a"], "y": [0, 1, 2], "p": [0, 1, 1]}),
            ("-l", "y", "-p", "p", "-g", "g"),
            "label column 'y' has more than two values (0, 1, 2)",
        ),
        (
            pd.DataFrame({"g": [None, None], "y": [0, 1], "p": [0, 1]}, dtype=object),
            ("-l", "y", "-p", "p", "-g", "g"),
            "group column 'g' has no values (all 2 rows are null)",
        ),
        (
            pd.DataFrame(
                {
                    "g": pd.Series([], dtype=str),
                    "y": pd.Series([], dtype=int),
                    "p": pd.Series([], dtype=int),
                }
            ),
            ("-l", "y", "-p", "p", "-g", "g"),
            "the table is empty",
        ),
        (
            pd.DataFrame({"g": ["a", "b"], "y": [0, 1], "p": [0, 1], "s": ["high", "low"]}),
            ("-l", "y", "-p", "p", "-g", "g", "--score", "s"),
            "score column 's' is not numeric",
        ),
        (
            pd.DataFrame({"g": ["a", "b"], "y": [0, 1], "p": [0, 1], "s": [0.2, 3.5]}),
            ("-l", "y", "-p", "p", "-g", "g", "--score", "s"),
            "score column 's' has values outside [0, 1]",
        ),
        (
            pd.DataFrame({"g": ["a", "b"], "y": ["ok", "bad"], "p": ["ok", "ok"]}),
            ("-l", "y", "-p", "p", "-g", "g"),
            "pass --positive VALUE",
        ),
        (
            pd.DataFrame({"g": ["a", "b"], "y": [0, 1], "p": [0, 1]}),
            ("-l", "y", "-p", "p", "-g", "g", "--positive", "7"),
            "positive value '7' is not a value of label 'y'",
        ),
    ],
)
def test_bad_input_is_one_line_naming_the_column(
    tmp_path: Path, frame: pd.DataFrame, args: tuple[str, ...], message: str
) -> None:
    path = tmp_path / "bad.parquet"
    frame.to_parquet(path)
    res = run("audit", path, *args)
    assert res.exit_code == 2, res.output
    assert message in res.output
    assert str(path) in res.output
    assert "Traceback" not in res.output
    assert len(res.output.strip().splitlines()) == 1


def test_unreadable_and_missing_files(tmp_path: Path) -> None:
    garbage = tmp_path / "log.parquet"
    garbage.write_bytes(b"this is not parquet at all")
    res = run("audit", garbage, "-l", "y", "-p", "p", "-g", "g")
    assert res.exit_code == 2
    assert str(garbage) in res.output and "Traceback" not in res.output
    res = run("audit", tmp_path / "nope.csv", "-l", "y", "-p", "p", "-g", "g")
    assert res.exit_code == 2 and "no such file" in res.output
    res = run("audit", str(tmp_path / "*.csv"), "-l", "y", "-p", "p", "-g", "g")
    assert res.exit_code == 2 and "no file matches" in res.output


def test_bad_reference_file(parquet: Path, tmp_path: Path) -> None:
    ref = tmp_path / "ref.yaml"
    ref.write_text("ethnicity: {a: 0.5, b: 0.5}\n")
    res = run("audit", parquet, *BASE, "--reference", ref)
    assert res.exit_code == 2
    assert "reference names column 'ethnicity', which is not a --group column" in res.output
    ref.write_text("sex: {female: lots}\n")
    res = run("audit", parquet, *BASE, "--reference", ref)
    assert res.exit_code == 2 and "'lots' is not a number" in res.output


def test_bad_threshold(parquet: Path) -> None:
    res = run("audit", parquet, *BASE, "--confidence", "1.5")
    assert res.exit_code == 2 and "--confidence" in res.output


def test_unreachable_database_is_a_clean_error() -> None:
    res = run("audit", "postgresql://nobody@127.0.0.1:1/none", "--table", "t", *BASE)
    assert res.exit_code == 2
    assert "cannot connect" in res.output and "Traceback" not in res.output
    res = run("audit", "postgresql://nobody@127.0.0.1:1/none", *BASE)
    assert res.exit_code == 2 and "pass --table" in res.output


def test_exit_status_through_the_console_entry_point(tmp_path: Path) -> None:
    """The installed command (aiact.cli.main:run) keeps the status 2 of a bad input."""
    res = subprocess.run(
        [sys.executable, "-m", "aiact.cli.main", "audit", str(tmp_path / "x.csv"), *BASE],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert res.returncode == 2
    assert res.stderr.strip() == f"aiact audit: error: {tmp_path / 'x.csv'}: no such file"


def test_biometric_command() -> None:
    res = run(
        "biometric",
        "--mode",
        "identification",
        "--fmr",
        "0.0001",
        "--fnmr",
        "0.02",
        "--gallery-size",
        "100000",
        "--searches-per-day",
        "50000",
        "--prevalence",
        "0.001",
        "--format",
        "json",
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["per_day"]["false_matches"] == pytest.approx(
        50000 * 1e-4 * (0.999 * 100000 + 0.001 * 99999)
    )
    assert "Art. 14(5)" in data["articles"]
    res = run("biometric", "--fmr", "2", "--searches-per-day", "10", "--prevalence", "0.1")
    assert res.exit_code == 2 and "--fmr must be a probability" in res.output
