"""Interval estimates and tests whose cost does not depend on the number of rows.

Everything here works on counts (a contingency table), never on rows, so the cost of an
interval is the same for a hundred predictions as for a billion. Only the standard library
is used: the audit must not pull NumPy or SciPy into the command's start-up.

- Wilson score interval for a proportion (Wilson 1927).
- Newcombe's hybrid score interval for a difference of two independent proportions
  (Newcombe 1998, method 10).
- Katz log interval for a ratio of two independent proportions (Katz et al. 1978).
- Hanley-McNeil standard error for an AUC (Hanley & McNeil 1982).
- Chi-square survival function through the regularised incomplete gamma function
  (series and Lentz continued fraction, as in Numerical Recipes, 3rd ed., 6.2).
"""

from __future__ import annotations

import math
from statistics import NormalDist

__all__ = [
    "auc_interval",
    "auc_se",
    "chi2_sf",
    "needed_n",
    "newcombe_difference",
    "katz_ratio",
    "wilson",
    "wilson_halfwidth",
    "z_value",
]


def z_value(confidence: float) -> float:
    """Two-sided normal quantile for a confidence level, e.g. 0.95 -> 1.959964."""
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence}")
    return NormalDist().inv_cdf(1.0 - (1.0 - confidence) / 2.0)


def wilson(successes: int, n: int, z: float) -> tuple[float, float]:
    """Wilson score interval for successes/n. Returns (nan, nan) when n == 0."""
    if n <= 0:
        return (math.nan, math.nan)
    p = successes / n
    z2 = z * z
    denom = 1.0 + z2 / n
    centre = (p + z2 / (2.0 * n)) / denom
    half = (z / denom) * math.sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n))
    low = max(0.0, centre - half)
    high = min(1.0, centre + half)
    # Exact ends where they are known, free of rounding noise.
    if successes == 0:
        low = 0.0
    if successes == n:
        high = 1.0
    return (low, high)


def wilson_halfwidth(n: int, p: float, z: float) -> float:
    """Half the width of the Wilson interval for a proportion p estimated from n trials."""
    if n <= 0:
        return math.inf
    z2 = z * z
    return (z / (1.0 + z2 / n)) * math.sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n))


def needed_n(p: float, z: float, max_halfwidth: float, minimum: int = 1) -> int:
    """Smallest n whose Wilson interval for proportion p is at most max_halfwidth wide on
    each side (and at least `minimum`). The half-width falls monotonically with n."""
    if max_halfwidth <= 0:
        raise ValueError("max_halfwidth must be positive")
    p = min(max(p, 0.0), 1.0)
    lo, hi = 1, 1
    while wilson_halfwidth(hi, p, z) > max_halfwidth:
        hi *= 2
        if hi > 1 << 62:  # pragma: no cover - unreachable for a positive half-width
            break
    while lo < hi:
        mid = (lo + hi) // 2
        if wilson_halfwidth(mid, p, z) <= max_halfwidth:
            hi = mid
        else:
            lo = mid + 1
    return max(lo, minimum)


def newcombe_difference(x1: int, n1: int, x2: int, n2: int, z: float) -> tuple[float, float, float]:
    """Difference p1 - p2 with Newcombe's hybrid score interval (method 10).

    Returns (difference, low, high); all nan when either n is 0.
    """
    if n1 <= 0 or n2 <= 0:
        return (math.nan, math.nan, math.nan)
    p1, p2 = x1 / n1, x2 / n2
    l1, u1 = wilson(x1, n1, z)
    l2, u2 = wilson(x2, n2, z)
    d = p1 - p2
    low = d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return (d, max(-1.0, low), min(1.0, high))


def katz_ratio(x1: int, n1: int, x2: int, n2: int, z: float) -> tuple[float, float, float]:
    """Ratio (x1/n1) / (x2/n2) with the Katz log interval.

    When a count is zero, 0.5 is added to both counts and both totals for the interval
    (Haldane-Anscombe correction); the point estimate stays the raw ratio. Returns
    (ratio, low, high); nan when the reference proportion is 0 or a total is 0.
    """
    if n1 <= 0 or n2 <= 0 or x2 == 0:
        return (math.nan, math.nan, math.nan)
    ratio = (x1 / n1) / (x2 / n2)
    a, b, c, d = float(x1), float(n1), float(x2), float(n2)
    if x1 == 0 or x2 == 0:
        a, b, c, d = a + 0.5, b + 0.5, c + 0.5, d + 0.5
    log_ratio = math.log((a / b) / (c / d))
    se = math.sqrt(max(0.0, 1.0 / a - 1.0 / b + 1.0 / c - 1.0 / d))
    low = math.exp(log_ratio - z * se)
    high = math.exp(log_ratio + z * se)
    if x1 == 0:
        low = 0.0
    return (ratio, low, high)


def auc_se(auc: float, positives: int, negatives: int) -> float:
    """Hanley-McNeil standard error of an AUC."""
    if positives <= 0 or negatives <= 0 or math.isnan(auc):
        return math.nan
    q1 = auc / (2.0 - auc)
    q2 = 2.0 * auc * auc / (1.0 + auc)
    var = (
        auc * (1.0 - auc) + (positives - 1) * (q1 - auc * auc) + (negatives - 1) * (q2 - auc * auc)
    ) / (positives * negatives)
    return math.sqrt(max(var, 0.0))


def auc_interval(auc: float, positives: int, negatives: int, z: float) -> tuple[float, float]:
    """Hanley-McNeil interval for an AUC (normal approximation, clipped to [0, 1])."""
    if positives <= 0 or negatives <= 0 or math.isnan(auc):
        return (math.nan, math.nan)
    se = auc_se(auc, positives, negatives)
    return (max(0.0, auc - z * se), min(1.0, auc + z * se))


# --- chi-square -------------------------------------------------------------------------

_EPS = 1e-15
_FPMIN = 1e-300
_MAX_ITER = 100_000


def _gamma_p_series(a: float, x: float) -> float:
    """Regularised lower incomplete gamma P(a, x) by its series (good for x < a + 1)."""
    ap = a
    term = 1.0 / a
    total = term
    for _ in range(_MAX_ITER):
        ap += 1.0
        term *= x / ap
        total += term
        if abs(term) < abs(total) * _EPS:
            break
    return total * math.exp(-x + a * math.log(x) - math.lgamma(a))


def _gamma_q_fraction(a: float, x: float) -> float:
    """Regularised upper incomplete gamma Q(a, x) by Lentz's continued fraction
    (good for x >= a + 1)."""
    b = x + 1.0 - a
    c = 1.0 / _FPMIN
    d = 1.0 / b
    h = d
    for i in range(1, _MAX_ITER):
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        if abs(d) < _FPMIN:
            d = _FPMIN
        c = b + an / c
        if abs(c) < _FPMIN:
            c = _FPMIN
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < _EPS:
            break
    return math.exp(-x + a * math.log(x) - math.lgamma(a)) * h


def gamma_q(a: float, x: float) -> float:
    """Regularised upper incomplete gamma function Q(a, x) = Gamma(a, x) / Gamma(a)."""
    if a <= 0:
        raise ValueError("a must be positive")
    if x <= 0:
        return 1.0
    if x < a + 1.0:
        return max(0.0, 1.0 - _gamma_p_series(a, x))
    return _gamma_q_fraction(a, x)


def chi2_sf(statistic: float, df: int) -> float:
    """P(X >= statistic) for X chi-square distributed with df degrees of freedom."""
    if df <= 0:
        raise ValueError("degrees of freedom must be positive")
    if math.isinf(statistic):
        return 0.0
    return gamma_q(df / 2.0, statistic / 2.0)
