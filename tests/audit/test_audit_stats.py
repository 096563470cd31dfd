"""Interval methods and the chi-square survival function against published values."""

from __future__ import annotations

import math

import pytest
from scipy.stats import chi2

from aiact.audit import stats

Z95 = stats.z_value(0.95)


def test_z_value() -> None:
    assert stats.z_value(0.95) == pytest.approx(1.959964, abs=1e-6)
    assert stats.z_value(0.99) == pytest.approx(2.575829, abs=1e-6)
    with pytest.raises(ValueError):
        stats.z_value(1.0)


# Newcombe (1998), Statistics in Medicine 17:857-872, Table I, method 3 (Wilson score).
@pytest.mark.parametrize(
    ("x", "n", "low", "high"),
    [
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_matches_newcombe_table(x: int, n: int, low: float, high: float) -> None:
    lo, hi = stats.wilson(x, n, Z95)
    assert lo == pytest.approx(low, abs=5e-5)
    assert hi == pytest.approx(high, abs=5e-5)


def test_wilson_edges() -> None:
    assert stats.wilson(0, 10, Z95)[0] == 0.0
    assert stats.wilson(10, 10, Z95)[1] == 1.0
    assert all(math.isnan(v) for v in stats.wilson(0, 0, Z95))


# Newcombe (1998), Statistics in Medicine 17:873-890, Table II, method 10.
@pytest.mark.parametrize(
    ("x1", "n1", "x2", "n2", "low", "high"),
    [
        (56, 70, 48, 80, 0.0524, 0.3339),
        (9, 10, 3, 10, 0.1705, 0.8090),
        (6, 7, 2, 7, 0.0582, 0.8062),
        (5, 56, 0, 29, -0.0381, 0.1926),
        (0, 10, 0, 20, -0.1611, 0.2775),
        (0, 10, 0, 10, -0.2775, 0.2775),
        (10, 10, 0, 20, 0.6791, 1.0),
        (10, 10, 0, 10, 0.6075, 1.0),
    ],
)
def test_newcombe_difference_matches_published_table(
    x1: int, n1: int, x2: int, n2: int, low: float, high: float
) -> None:
    d, lo, hi = stats.newcombe_difference(x1, n1, x2, n2, Z95)
    assert d == pytest.approx(x1 / n1 - x2 / n2)
    assert lo == pytest.approx(low, abs=5e-5)
    assert hi == pytest.approx(high, abs=5e-5)


def test_katz_ratio_by_hand() -> None:
    # 30/100 vs 15/100: RR = 2, SE(log RR) = sqrt(1/30 - 1/100 + 1/15 - 1/100)
    r, lo, hi = stats.katz_ratio(30, 100, 15, 100, Z95)
    se = math.sqrt(1 / 30 - 1 / 100 + 1 / 15 - 1 / 100)
    assert r == pytest.approx(2.0)
    assert lo == pytest.approx(math.exp(math.log(2) - Z95 * se))
    assert hi == pytest.approx(math.exp(math.log(2) + Z95 * se))
    # sqrt(0.08) = 0.28284; exp(ln 2 -/+ 1.96 * 0.28284) = 1.1489 .. 3.4817
    assert lo == pytest.approx(1.1489, abs=1e-4)
    assert hi == pytest.approx(3.4817, abs=1e-4)


def test_katz_ratio_zero_counts() -> None:
    r, lo, hi = stats.katz_ratio(0, 50, 5, 50, Z95)
    assert r == 0.0 and lo == 0.0 and hi > 0.0
    assert all(math.isnan(v) for v in stats.katz_ratio(5, 50, 0, 50, Z95))


@pytest.mark.parametrize(
    ("x", "df"),
    [
        (3.841458820694124, 1),
        (18.307, 10),
        (0.5, 3),
        (100.0, 5),
        (1000.0, 50),
        (1e-5, 2),
        (50.0, 100),
        (200.0, 150),
        (7.0, 7),
        (0.0, 4),
    ],
)
def test_chi2_sf_matches_scipy(x: float, df: int) -> None:
    assert stats.chi2_sf(x, df) == pytest.approx(chi2.sf(x, df), rel=1e-9, abs=1e-300)


def test_chi2_sf_known_critical_values() -> None:
    assert stats.chi2_sf(3.841458820694124, 1) == pytest.approx(0.05, abs=1e-12)
    assert stats.chi2_sf(11.070497693516351, 5) == pytest.approx(0.05, abs=1e-12)
    assert stats.chi2_sf(math.inf, 3) == 0.0


def test_needed_n_is_the_smallest_sufficient_n() -> None:
    for p in (0.0, 0.05, 0.3, 0.5, 0.9):
        for h in (0.1, 0.05, 0.02):
            n = stats.needed_n(p, Z95, h)
            assert stats.wilson_halfwidth(n, p, Z95) <= h
            if n > 1:
                assert stats.wilson_halfwidth(n - 1, p, Z95) > h
    assert stats.needed_n(0.5, Z95, 0.05) == 381
    assert stats.needed_n(0.5, Z95, 0.05, minimum=500) == 500


def test_auc_interval_hanley_mcneil() -> None:
    # Hanley & McNeil (1982), eq. 2, worked by hand for A = 0.9 and 50 + 50 cases:
    # Q1 = 0.9/1.1 = 0.818182, Q2 = 2(0.81)/1.9 = 0.852632,
    # var = (0.09 + 49(0.008182) + 49(0.042632)) / 2500 = 0.00103194, SE = 0.032124
    assert stats.auc_se(0.9, 50, 50) == pytest.approx(0.032124, abs=2e-6)
    lo, hi = stats.auc_interval(0.9, 50, 50, Z95)
    assert lo < 0.9 < hi
