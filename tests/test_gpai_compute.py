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
