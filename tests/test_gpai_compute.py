"""Training-compute estimator (aiact.gpai_compute): dense, mixture-of-experts, hardware, order."""

from __future__ import annotations

import math

import pytest

from aiact import gpai_compute as gc


def test_dense_is_six_times_parameters_times_tokens():
    est = gc.dense(7e9, 2e12)
    assert est.method == "dense"
    assert est.flop == pytest.approx(8.4e22)
    assert "7e+09 parameters" in est.formula


def test_mixture_of_experts_counts_active_parameters_only():
    est = gc.moe(1.3e10, 1e12)
    assert est.method == "moe"
    assert est.flop == pytest.approx(7.8e22)


def test_hardware_estimate():
    est = gc.hardware(1e6, 9.89e14, 0.4)
    assert est.method == "hardware"
    assert est.flop == pytest.approx(1e6 * 9.89e14 * 0.4 * 3600)


def test_factor_can_follow_the_law_room_parameter():
    assert gc.dense(1e9, 1e12, flop_per_parameter_token=8).flop == pytest.approx(8e21)


def test_given_figure_wins_over_every_estimate():
    est = gc.estimate(flop=4e25, parameters=7e9, tokens=2e12, accelerator_hours=1, peak_flops=1, utilisation=0.5)
    assert (est.method, est.flop) == ("given", 4e25)


def test_active_parameters_win_over_total_parameters():
    est = gc.estimate(parameters=4.7e10, active_parameters=1.3e10, tokens=1e12)
    assert est.method == "moe"
    assert est.flop == pytest.approx(7.8e22)


def test_architecture_estimate_wins_over_hardware():
    est = gc.estimate(parameters=7e9, tokens=2e12, accelerator_hours=1e6, peak_flops=9.89e14, utilisation=0.4)
    assert est.method == "dense"


def test_hardware_used_when_architecture_incomplete():
    est = gc.estimate(parameters=7e9, accelerator_hours=1e6, peak_flops=9.89e14, utilisation=0.4)
    assert est.method == "hardware"


@pytest.mark.parametrize(
    ("kwargs", "missing"),
    [
        ({}, "give the FLOP"),
        ({"parameters": 7e9}, "tokens"),
        ({"tokens": 2e12}, "parameters or active parameters"),
        ({"accelerator_hours": 1e6, "peak_flops": 9.89e14}, "utilisation"),
    ],
)
def test_not_enough_inputs_names_what_is_missing(kwargs, missing):
    with pytest.raises(ValueError, match=missing):
        gc.estimate(**kwargs)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"flop": -1.0},
        {"parameters": -7e9, "tokens": 1e12},
        {"parameters": math.inf, "tokens": 1e12},
        {"parameters": math.nan, "tokens": 1e12},
        {"accelerator_hours": 1.0, "peak_flops": 1.0, "utilisation": 1.5},
        {"parameters": 7e9, "tokens": 1e12, "utilisation": 2.0},
        {"parameters": True, "tokens": 1e12},
    ],
)
def test_bad_numbers_are_refused(kwargs):
    with pytest.raises(ValueError):
        gc.estimate(**kwargs)


def test_thresholds_must_be_strictly_exceeded():
    assert gc.position(1e25, 1e25).exceeds is False
    assert gc.position(1.0000001e25, 1e25).exceeds is True
    assert gc.position(6e23, 1e23).ratio == pytest.approx(6.0)


def test_as_dict_round_trip():
    d = gc.dense(7e9, 2e12).as_dict()
    assert set(d) == {"flop", "method", "formula"}
    assert d["method"] == "dense"


def test_estimator_agrees_with_the_rules():
    """The module and the law room's rule gpai.training_compute give the same figure."""
    import datetime as dt

    from aiact.engine.evaluate import Evaluation
    from aiact.engine.load import load_law

    law = load_law()
    answers = {"art3_63.model_origin": "own", "art51_2.mixture_of_experts": True, "art51_2.active_parameters": 1.3e10,
               "art51_2.parameters": 4.7e10, "art51_2.training_tokens": 1e12}
    e = Evaluation(law, answers, dt.date(2026, 11, 27))
    factor = e.param("gpai.flop_per_parameter_token")
    assert e.rule("gpai.training_compute") == pytest.approx(
        gc.estimate(active_parameters=1.3e10, parameters=4.7e10, tokens=1e12, flop_per_parameter_token=factor).flop
    )


# --- energy (Annex XI, Section 1, point 2(e)) ---------------------------------------------------


def test_energy_is_hours_times_power_times_pue():
    e = gc.energy(1e6, 0.7, pue=1.2)
    assert e.kwh == pytest.approx(1e6 * 0.7 * 1.2)
    assert (e.accelerator_hours, e.power_kw, e.pue) == (1e6, 0.7, 1.2)
    assert e.formula == "1e+06 accelerator-hours x 0.7 kW x PUE 1.2"


def test_energy_default_pue_leaves_the_overhead_out():
    e = gc.energy(2e5, 0.4)
    assert e.kwh == pytest.approx(80_000)
    assert e.pue == 1.0
    assert "overhead not counted" in e.formula
    assert e.as_dict() == {"kwh": e.kwh, "accelerator_hours": 2e5, "power_kw": 0.4, "pue": 1.0,
                           "formula": e.formula}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((-1.0, 0.7), "accelerator_hours"),
        ((1e6, 0.0), "power_kw must be greater than 0"),
        ((1e6, math.nan), "power_kw"),
        ((1e6, 0.7, 0.9), "at least 1"),
        ((1e6, True), "power_kw must be a number"),
    ],
)
def test_energy_refuses_bad_numbers(args, message):
    with pytest.raises(ValueError, match=message):
        gc.energy(*args)


def _cli(*args: str):
    from typer.testing import CliRunner

    from aiact.cli.main import app

    return CliRunner().invoke(app, ["compute", *args, "--as-of", "2026-11-27"])


def test_cli_prints_the_energy():
    result = _cli("--flop", "4e25", "--accelerator-hours", "1e7", "--power-kw", "0.7", "--pue", "1.2")
    assert result.exit_code == 0, result.output
    assert "Training energy: 8 400 000 kWh (8400 MWh)" in result.output
    assert "1e+07 accelerator-hours x 0.7 kW x PUE 1.2" in result.output
    assert "Annex XI, Section 1, point 2(e)" in result.output


def test_cli_json_has_energy_kwh():
    import json

    result = _cli("--accelerator-hours", "1e6", "--peak-flops", "9.89e14", "--utilisation", "0.4",
                  "--power-kw", "0.7", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["energy_kwh"] == pytest.approx(700_000)
    assert data["energy"]["pue"] == 1.0
    assert data["estimate"]["method"] == "hardware"


def test_cli_json_without_power_has_no_energy():
    import json

    data = json.loads(_cli("--flop", "6e23", "--json").output)
    assert data["energy_kwh"] is None
    assert data["energy"] is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--flop", "4e25", "--power-kw", "0.7"), "needs --accelerator-hours and --power-kw"),
        (("--flop", "4e25", "--accelerator-hours", "1e6", "--pue", "1.2"), "needs --accelerator-hours and --power-kw"),
        (("--flop", "4e25", "--accelerator-hours", "1e6", "--power-kw", "0.7", "--pue", "0.5"), "at least 1"),
    ],
)
def test_cli_energy_errors_exit_2(args, message):
    result = _cli(*args)
    assert result.exit_code == 2
    assert message in result.output
