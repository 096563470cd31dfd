"""`aiact compute`: estimates, thresholds read from the dated parameters, errors with status 2."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from aiact.cli.main import app

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, ["compute", *args])


def test_dense_estimate_below_the_indicative_criterion():
    result = invoke("--parameters", "7e9", "--tokens", "2e12", "--as-of", "2026-11-27")
    assert result.exit_code == 0, result.output
    assert "8.4e+22 FLOP" in result.output
    assert "dense transformer" in result.output
    assert "1e+23 FLOP -> not above" in result.output
    assert "1e+25 FLOP -> not above" in result.output


def test_moe_estimate_above_the_indicative_criterion():
    result = invoke("--active-parameters", "1.7e10", "--tokens", "1e12", "--as-of", "2026-11-27")
    assert result.exit_code == 0, result.output
    assert "mixture-of-experts" in result.output
    assert "1e+23 FLOP -> ABOVE" in result.output


def test_hardware_estimate_json():
    result = invoke("--accelerator-hours", "1e6", "--peak-flops", "9.89e14", "--utilisation", "0.4",
                    "--as-of", "2026-11-27", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["estimate"]["method"] == "hardware"
    assert data["estimate"]["flop"] == 1e6 * 9.89e14 * 0.4 * 3600
    assert data["indicative_criterion"]["exceeds"] is True
    assert data["systemic_risk_presumption"] == data["systemic_risk_presumption"] | {
        "threshold": 1e25, "exceeds": False, "reference": "Art. 51(2)"}


def test_presumption_is_strictly_greater_than():
    at = json.loads(invoke("--flop", "1e25", "--json", "--as-of", "2026-11-27").output)
    above = json.loads(invoke("--flop", "1.0000001e25", "--json", "--as-of", "2026-11-27").output)
    assert at["systemic_risk_presumption"]["exceeds"] is False
    assert above["systemic_risk_presumption"]["exceeds"] is True


def test_before_the_guidelines_there_is_no_indicative_criterion():
    result = invoke("--flop", "4e25", "--as-of", "2025-05-01", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["indicative_criterion"]["threshold"] is None
    assert data["systemic_risk_presumption"]["exceeds"] is True


def test_default_date_is_today():
    result = invoke("--flop", "6e23", "--json")
    assert result.exit_code == 0, result.output
    import datetime as dt

    assert json.loads(result.output)["as_of"] == dt.date.today().isoformat()


def test_missing_inputs_exit_2_with_a_message():
    result = invoke("--parameters", "7e9")
    assert result.exit_code == 2
    assert "tokens" in result.output


def test_no_inputs_exit_2():
    assert invoke().exit_code == 2


def test_bad_utilisation_exit_2():
    result = invoke("--accelerator-hours", "1", "--peak-flops", "1", "--utilisation", "1.5")
    assert result.exit_code == 2
    assert "utilisation" in result.output


def test_bad_date_exit_2():
    result = invoke("--flop", "1e24", "--as-of", "2026-13-01")
    assert result.exit_code == 2
    assert "--as-of" in result.output


def test_main_entry_point_returns_2(capsys):
    from aiact.cli.main import main

    assert main(["compute", "--tokens", "1e12"]) == 2
    assert "parameters" in capsys.readouterr().err
