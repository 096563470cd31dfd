"""From the small ``cells`` table to per-group metrics, gaps and score measures.

Everything here runs on the result of the one aggregation (a few hundred to a few hundred
thousand rows, whatever the size of the data): roll-ups are GROUPING SETS over ``cells`` in a
local DuckDB connection, the arithmetic is plain Python on counts.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from aiact.audit import stats
from aiact.audit.errors import AuditInputError
from aiact.audit.models import (
    GAP_METRICS,
    RATE_METRICS,
    CalibrationBin,
    Estimate,
    Gap,
    GroupResult,
    MetricSummary,
    Parity,
    ScoreMetrics,
    Thresholds,
)
from aiact.audit.source import MAX_CELLS

if TYPE_CHECKING:  # pragma: no cover
    import duckdb

MISSING = "(missing)"

# --- label values -----------------------------------------------------------------------

_KNOWN_PAIRS: dict[frozenset[str], str] = {
    frozenset({"0", "1"}): "1",
    frozenset({"no", "yes"}): "yes",
    frozenset({"n", "y"}): "y",
    frozenset({"false", "true"}): "true",
    frozenset({"f", "t"}): "t",
    frozenset({"negative", "positive"}): "positive",
    frozenset({"neg", "pos"}): "pos",
}


def canonical(value: Any) -> str:
    """A label value's comparable form: True ~ 1 ~ 1.0 ~ '1'; strings are kept (stripped)."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        f = float(value)
        if math.isfinite(f) and f == int(f):
            return str(int(f))
        return repr(f)
    text = str(value).strip()
    return text


def _user_keys(value: Any) -> set[str]:
    """What a --positive value given by the user can match."""
    if not isinstance(value, str):
        return {canonical(value)}
    text = value.strip()
    keys = {text, text.lower()}
    if text.lower() == "true":
        keys.add("1")
    if text.lower() == "false":
        keys.add("0")
    try:
        f = float(text)
    except ValueError:
        pass
    else:
        if math.isfinite(f) and f == int(f):
            keys.add(str(int(f)))
    return keys


@dataclass
class LabelClasses:
    positive_key: str | None  # canonical form of the positive value
    positive_display: str
    y_positive_raw: Any  # raw label value that is positive (None: none in the data)
    p_positive_raw: Any
    y_has_positive: bool
    p_has_positive: bool


def _show(values: Sequence[Any]) -> str:
    return ", ".join(repr(v) if isinstance(v, str) else str(v) for v in values)


def resolve_labels(
    con: duckdb.DuckDBPyConnection,
    label: str,
    prediction: str,
    positive: Any,
    where: str,
) -> LabelClasses:
    y_vals = [
        r[0]
        for r in con.execute(
            "SELECT DISTINCT y FROM cells WHERE y IS NOT NULL ORDER BY 1 LIMIT 6"
        ).fetchall()
    ]
    p_vals = [
        r[0]
        for r in con.execute(
            "SELECT DISTINCT p FROM cells WHERE p IS NOT NULL ORDER BY 1 LIMIT 6"
        ).fetchall()
    ]
    if not y_vals:
        raise AuditInputError(f"{where}: label column '{label}' has no values (all null)")
    if not p_vals:
        raise AuditInputError(f"{where}: prediction column '{prediction}' has no values (all null)")
    for column, role, vals in ((label, "label", y_vals), (prediction, "prediction", p_vals)):
        if len({canonical(v) for v in vals}) > 2:
            more = " ..." if len(vals) > 5 else ""
            raise AuditInputError(
                f"{where}: {role} column '{column}' has more than two values "
                f"({_show(vals[:5])}{more}); the audit needs a binary {role}"
            )
    keys = sorted({canonical(v) for v in y_vals} | {canonical(v) for v in p_vals})
    if len(keys) > 2:
        raise AuditInputError(
            f"{where}: label '{label}' and prediction '{prediction}' use different values "
            f"({_show(keys)}); they must share the same two values"
        )
    if positive is not None:
        wanted = _user_keys(positive)
        hits = [k for k in keys if k in wanted or k.lower() in wanted]
        if not hits:
            if len(keys) == 2:
                raise AuditInputError(
                    f"{where}: positive value {positive!r} is not a value of label '{label}' "
                    f"or prediction '{prediction}' (values: {_show(keys)})"
                )
            pos_key = None
        else:
            pos_key = hits[0]
        display = str(positive)
    else:
        lowered = {k.lower() for k in keys}
        match = next((pos for pair, pos in _KNOWN_PAIRS.items() if lowered <= pair), None)
        if match is None:
            raise AuditInputError(
                f"{where}: cannot tell which value of label '{label}' is the positive outcome "
                f"(values: {_show(keys)}); pass --positive VALUE"
            )
        # None when only the negative value occurs: then nothing is positive.
        pos_key = next((k for k in keys if k.lower() == match), None)
        display = pos_key if pos_key is not None else match
    y_pos = next((v for v in y_vals if canonical(v) == pos_key), None)
    p_pos = next((v for v in p_vals if canonical(v) == pos_key), None)
    return LabelClasses(
        positive_key=pos_key,
        positive_display=display,
        y_positive_raw=y_pos,
        p_positive_raw=p_pos,
        y_has_positive=any(canonical(v) == pos_key for v in y_vals),
        p_has_positive=any(canonical(v) == pos_key for v in p_vals),
    )


# --- checks on the cells ----------------------------------------------------------------


def check_cells(
    con: duckdb.DuckDBPyConnection,
    groups: list[str],
    score: str | None,
    where: str,
) -> tuple[int, int]:
    """Validate the aggregation's result; return (number of cells, total rows)."""
    k = len(groups)
    nonnull = ", ".join(f"coalesce(sum(n) FILTER (WHERE g{i} IS NOT NULL), 0)" for i in range(k))
    extra = ", min(smin), max(smax)" if score is not None else ""
    row = con.execute(
        f"SELECT count(*), coalesce(sum(n), 0), {nonnull}{extra} FROM cells"
    ).fetchone()
    assert row is not None
    cells, total = int(row[0]), int(row[1])
    if cells > MAX_CELLS:
        raise AuditInputError(
            f"{where}: the group, label and prediction columns have more than {MAX_CELLS:,} "
            "combinations; is a group column an identifier, or the label a score?"
        )
    if total == 0:
        raise AuditInputError(f"{where}: the table is empty (no rows to audit)")
    for i, g in enumerate(groups):
        if int(row[2 + i]) == 0:
            raise AuditInputError(
                f"{where}: group column '{g}' has no values (all {total:,} rows are null)"
            )
    if score is not None:
        smin, smax = row[2 + k], row[3 + k]
        if smin is not None and (smin < 0.0 or smax > 1.0):
            raise AuditInputError(
                f"{where}: score column '{score}' has values outside [0, 1] "
                f"(min {smin:g}, max {smax:g}); pass predicted probabilities"
            )
    return cells, total


def build_classified(
    con: duckdb.DuckDBPyConnection,
    k: int,
    classes: LabelClasses,
    with_score: bool,
) -> None:
    """cells -> c2: group values as text, label and prediction as 1/0/NULL."""
    params: list[Any] = []
    if classes.y_has_positive:
        ycase = "CASE WHEN y IS NULL THEN NULL WHEN y = ? THEN 1 ELSE 0 END"
        params.append(classes.y_positive_raw)
    else:
        ycase = "CASE WHEN y IS NULL THEN NULL ELSE 0 END"
    if classes.p_has_positive:
        pcase = "CASE WHEN p IS NULL THEN NULL WHEN p = ? THEN 1 ELSE 0 END"
        params.append(classes.p_positive_raw)
    else:
        pcase = "CASE WHEN p IS NULL THEN NULL ELSE 0 END"
    gcols = [f"CAST(g{i} AS VARCHAR) AS g{i}" for i in range(k)]
    score_cols = ["b"] if with_score else []
    cols = [*gcols, f"{ycase} AS yc", f"{pcase} AS pc", *score_cols, "n"]
    con.execute(f"CREATE OR REPLACE TEMP TABLE c2 AS SELECT {', '.join(cols)} FROM cells", params)


# --- roll-ups ---------------------------------------------------------------------------


def attribute_sets(k: int, intersections: str) -> list[tuple[int, ...]]:
    sets: list[tuple[int, ...]] = [(i,) for i in range(k)]
    if k >= 2 and intersections == "full":
        sets.append(tuple(range(k)))
    elif k >= 2 and intersections == "all":
        for size in range(2, k + 1):
            sets.extend(itertools.combinations(range(k), size))
    return sets


def _gid(k: int, members: tuple[int, ...]) -> int:
    return sum(1 << (k - 1 - i) for i in range(k) if i not in members)


@dataclass
class Counts:
    rows: int = 0
    excluded: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    @property
    def n(self) -> int:
        return self.tp + self.fp + self.fn + self.tn


@dataclass
class ScoreCounts:
    positives: int = 0
    negatives: int = 0
    twice_auc_numerator: int = 0
    ties: int = 0
    # calibration bins: (bin, count, positives, sum of score-bin indices)
    bins: list[tuple[int, int, int, int]] = field(default_factory=list)


GroupKey = tuple[int, tuple[str | None, ...]]


def rollup_counts(
    con: duckdb.DuckDBPyConnection, k: int, sets: list[tuple[int, ...]]
) -> dict[GroupKey, Counts]:
    g = [f"g{i}" for i in range(k)]
    gs = ", ".join(["()"] + ["(" + ", ".join(g[i] for i in s) + ")" for s in sets])
    sql = f"""
        SELECT GROUPING({", ".join(g)}) AS gid, {", ".join(g)},
          sum(n) AS rows_,
          coalesce(sum(n) FILTER (WHERE yc IS NULL OR pc IS NULL), 0) AS excluded,
          coalesce(sum(n) FILTER (WHERE yc = 1 AND pc = 1), 0) AS tp,
          coalesce(sum(n) FILTER (WHERE yc = 0 AND pc = 1), 0) AS fp,
          coalesce(sum(n) FILTER (WHERE yc = 1 AND pc = 0), 0) AS fn,
          coalesce(sum(n) FILTER (WHERE yc = 0 AND pc = 0), 0) AS tn
        FROM c2 GROUP BY GROUPING SETS ({gs})
    """
    out: dict[GroupKey, Counts] = {}
    for row in con.execute(sql).fetchall():
        gid = int(row[0])
        values = tuple(row[1 : 1 + k])
        r = row[1 + k :]
        out[(gid, values)] = Counts(*(int(v) for v in r))
    return out


def rollup_scores(
    con: duckdb.DuckDBPyConnection,
    k: int,
    sets: list[tuple[int, ...]],
    score_bins: int,
    calibration_bins: int,
) -> dict[GroupKey, ScoreCounts]:
    g = [f"g{i}" for i in range(k)]
    gs = ", ".join(["(b)"] + ["(" + ", ".join([*(g[i] for i in s), "b"]) + ")" for s in sets])
    gl = ", ".join(g)
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE h AS
        SELECT GROUPING({gl}) AS gid, {gl}, b,
          coalesce(sum(n) FILTER (WHERE yc = 1), 0) AS pos,
          coalesce(sum(n) FILTER (WHERE yc = 0), 0) AS neg,
          sum(n * b) AS bsum
        FROM c2 WHERE yc IS NOT NULL AND b IS NOT NULL
        GROUP BY GROUPING SETS ({gs})
        """
    )
    out: dict[GroupKey, ScoreCounts] = {}
    auc_sql = f"""
        WITH w AS (
          SELECT *, coalesce(sum(neg) OVER (
              PARTITION BY gid, {gl} ORDER BY b
              ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS neg_below
          FROM h)
        SELECT gid, {gl}, sum(pos), sum(neg),
          sum(pos * (2 * neg_below + neg)), sum(pos * neg)
        FROM w GROUP BY gid, {gl}
    """
    for row in con.execute(auc_sql).fetchall():
        key = (int(row[0]), tuple(row[1 : 1 + k]))
        pos, neg, twice, ties = (int(v) for v in row[1 + k :])
        out[key] = ScoreCounts(pos, neg, twice, ties)
    step = score_bins // calibration_bins
    cal_sql = f"""
        SELECT gid, {gl}, least(b // {step}, {calibration_bins - 1}) AS cb,
          sum(pos + neg), sum(pos), sum(bsum)
        FROM h GROUP BY ALL ORDER BY ALL
    """
    for row in con.execute(cal_sql).fetchall():
        key = (int(row[0]), tuple(row[1 : 1 + k]))
        cb, count, pos, bsum = row[1 + k :]
        out.setdefault(key, ScoreCounts()).bins.append(
            (int(cb), int(count), int(pos), int(bsum or 0))
        )
    return out


def missing_counts(
    con: duckdb.DuckDBPyConnection, k: int, with_score: bool
) -> tuple[int, int, int, int | None, list[int]]:
    """rows_total, label missing, prediction missing, score missing, per group column."""
    gparts = ", ".join(f"coalesce(sum(n) FILTER (WHERE g{i} IS NULL), 0)" for i in range(k))
    sparts = ", coalesce(sum(n) FILTER (WHERE b IS NULL), 0)" if with_score else ""
    row = con.execute(
        "SELECT sum(n), coalesce(sum(n) FILTER (WHERE yc IS NULL), 0), "
        f"coalesce(sum(n) FILTER (WHERE pc IS NULL), 0){sparts}, {gparts} FROM c2"
    ).fetchone()
    assert row is not None
    total, ym, pm = int(row[0]), int(row[1]), int(row[2])
    offset = 3
    sm: int | None = None
    if with_score:
        sm = int(row[3])
        offset = 4
    return total, ym, pm, sm, [int(v) for v in row[offset:]]


# --- metrics ----------------------------------------------------------------------------


def higher_is_better(metric: str, outcome: str) -> bool | None:
    if metric in ("accuracy", "tpr", "tnr", "precision", "auc"):
        return True
    if metric in ("fpr", "fnr", "ece"):
        return False
    if metric == "selection_rate":
        return outcome == "favourable"
    return None


def rate_parts(c: Counts) -> dict[str, tuple[int, int]]:
    """metric -> (numerator, denominator)."""
    n = c.n
    pos = c.tp + c.fn
    neg = c.fp + c.tn
    return {
        "base_rate": (pos, n),
        "selection_rate": (c.tp + c.fp, n),
        "accuracy": (c.tp + c.tn, n),
        "tpr": (c.tp, pos),
        "fpr": (c.fp, neg),
        "fnr": (c.fn, pos),
        "tnr": (c.tn, neg),
        "precision": (c.tp, c.tp + c.fp),
    }


# Rates a group's size is judged on (the others share these denominators).
SIZING_METRICS = ("selection_rate", "accuracy", "tpr", "fpr")


def _nan_to_none(x: float) -> float | None:
    return None if math.isnan(x) else x


def estimate(
    num: int,
    den: int,
    z: float,
    th: Thresholds,
    fallback_p: float | None,
) -> Estimate:
    if den > 0:
        p = num / den
        low, high = stats.wilson(num, den, z)
        half = max(p - low, high - p)
    else:
        p = math.nan
        low = high = math.nan
        half = math.inf
    reliable = den >= th.min_group_size and half <= th.max_ci_halfwidth + 1e-12
    needed = None
    if not reliable:
        base = p if den > 0 else (fallback_p if fallback_p is not None else 0.5)
        needed = stats.needed_n(base, z, th.max_ci_halfwidth, th.min_group_size)
    return Estimate(
        value=_nan_to_none(p),
        ci_low=_nan_to_none(low),
        ci_high=_nan_to_none(high),
        numerator=num,
        denominator=den,
        reliable=reliable,
        needed=needed,
    )


def score_metrics(
    sc: ScoreCounts, z: float, score_bins: int, calibration_bins: int
) -> ScoreMetrics:
    pos, neg = sc.positives, sc.negatives
    if pos > 0 and neg > 0:
        auc = sc.twice_auc_numerator / (2 * pos * neg)
        bound = sc.ties / (2 * pos * neg)
        low, high = stats.auc_interval(auc, pos, neg, z)
        auc_v: float | None = auc
        bound_v: float | None = bound
        low_v, high_v = _nan_to_none(low), _nan_to_none(high)
    else:
        auc_v = bound_v = low_v = high_v = None
    half_bin = 0.5 / score_bins
    bins: list[CalibrationBin] = []
    total = 0
    ece = 0.0
    for cb, count, p_count, bsum in sorted(sc.bins):
        lower = max(0.0, cb / calibration_bins - half_bin)
        upper = 1.0 if cb == calibration_bins - 1 else (cb + 1) / calibration_bins - half_bin
        if count > 0:
            # Mean of the binned scores (b / bins): exact integer sums, so every engine
            # gives the same figure; within 1/(2 bins) of the mean of the raw scores.
            mean = bsum / (count * score_bins)
            obs = p_count / count
            lo, hi = stats.wilson(p_count, count, z)
            ece += count * abs(obs - mean)
            total += count
            bins.append(
                CalibrationBin(
                    lower=lower,
                    upper=upper,
                    count=count,
                    positives=p_count,
                    mean_score=mean,
                    observed_rate=obs,
                    ci_low=lo,
                    ci_high=hi,
                )
            )
    return ScoreMetrics(
        scored=pos + neg,
        positives=pos,
        negatives=neg,
        auc=auc_v,
        auc_ci_low=low_v,
        auc_ci_high=high_v,
        auc_binning_bound=bound_v,
        expected_calibration_error=(ece / total) if total else None,
        calibration=bins,
    )


def group_label(columns: Sequence[str], values: Sequence[str | None]) -> str:
    return ", ".join(
        f"{c}={MISSING if v is None else v}" for c, v in zip(columns, values, strict=True)
    )


def make_group(
    columns: Sequence[str],
    values: Sequence[str | None],
    c: Counts,
    z: float,
    th: Thresholds,
    overall: Counts | None,
    score: ScoreMetrics | None,
) -> GroupResult:
    parts = rate_parts(c)
    over = rate_parts(overall) if overall is not None else None
    metrics: dict[str, Estimate] = {}
    for m in RATE_METRICS:
        num, den = parts[m]
        fallback = None
        if over is not None and over[m][1] > 0:
            fallback = over[m][0] / over[m][1]
        metrics[m] = estimate(num, den, z, th, fallback)
    needed_rows: int | None = None
    for m in SIZING_METRICS:
        est = metrics[m]
        if est.needed is None:
            continue
        num, den = parts[m]
        if c.n > 0 and den > 0:
            share = den / c.n
        elif over is not None and over[m][1] > 0 and overall is not None and overall.n > 0:
            share = over[m][1] / overall.n
        else:
            share = 1.0
        rows_needed = math.ceil(est.needed / share) if share > 0 else est.needed
        needed_rows = max(needed_rows or 0, rows_needed)
    return GroupResult(
        key={col: v for col, v in zip(columns, values, strict=True)},
        label=group_label(columns, values) if columns else "all",
        rows=c.rows,
        excluded=c.excluded,
        n=c.n,
        tp=c.tp,
        fp=c.fp,
        fn=c.fn,
        tn=c.tn,
        metrics=metrics,
        score=score,
        needed_rows=needed_rows,
    )


def _best(groups: list[GroupResult], metric: str, better_high: bool) -> GroupResult | None:
    eligible = [
        g for g in groups if g.metrics[metric].reliable and g.metrics[metric].value is not None
    ]
    if not eligible:
        return None
    key = lambda g: g.metrics[metric].value  # noqa: E731
    return max(eligible, key=key) if better_high else min(eligible, key=key)


def add_gaps(groups: list[GroupResult], z: float, outcome: str) -> None:
    for m in GAP_METRICS:
        hib = higher_is_better(m, outcome)
        assert hib is not None
        best = _best(groups, m, hib)
        if best is None:
            continue
        b = best.metrics[m]
        for g in groups:
            e = g.metrics[m]
            if g is best:
                g.gaps[m] = Gap(
                    reference_group=best.label,
                    difference=0.0,
                    difference_ci_low=None,
                    difference_ci_high=None,
                    ratio=1.0 if (b.value or 0) > 0 else None,
                    ratio_ci_low=None,
                    ratio_ci_high=None,
                )
                continue
            d, dl, dh = stats.newcombe_difference(
                e.numerator, e.denominator, b.numerator, b.denominator, z
            )
            r, rl, rh = stats.katz_ratio(e.numerator, e.denominator, b.numerator, b.denominator, z)
            g.gaps[m] = Gap(
                reference_group=best.label,
                difference=_nan_to_none(d),
                difference_ci_low=_nan_to_none(dl),
                difference_ci_high=_nan_to_none(dh),
                ratio=_nan_to_none(r),
                ratio_ci_low=_nan_to_none(rl),
                ratio_ci_high=_nan_to_none(rh),
            )


def _values(groups: list[GroupResult], metric: str) -> list[tuple[GroupResult, float]]:
    out: list[tuple[GroupResult, float]] = []
    for g in groups:
        if metric in ("auc", "ece"):
            if g.score is None:
                continue
            v = g.score.auc if metric == "auc" else g.score.expected_calibration_error
        else:
            v = g.metrics[metric].value
        if v is not None:
            out.append((g, v))
    return out


def _score_reliable(g: GroupResult, th: Thresholds) -> bool:
    return (
        g.score is not None
        and g.score.positives >= th.min_group_size
        and g.score.negatives >= th.min_group_size
    )


def summarise(
    groups: list[GroupResult], th: Thresholds, outcome: str, with_score: bool
) -> tuple[dict[str, MetricSummary], Parity]:
    metrics = list(RATE_METRICS) + (["auc", "ece"] if with_score else [])
    summary: dict[str, MetricSummary] = {}
    for m in metrics:
        vals = _values(groups, m)
        hib = higher_is_better(m, outcome)
        lo = min((v for _, v in vals), default=None)
        hi = max((v for _, v in vals), default=None)
        if m in ("auc", "ece"):
            judged = [(g, v) for g, v in vals if _score_reliable(g, th)]
        else:
            judged = [(g, v) for g, v in vals if g.metrics[m].reliable]
        best = worst = None
        jd = None
        if judged and hib is not None:
            ordered = sorted(judged, key=lambda gv: gv[1], reverse=hib)
            best, worst = ordered[0][0].label, ordered[-1][0].label
            jd = abs(ordered[0][1] - ordered[-1][1])
        elif judged:
            jd = max(v for _, v in judged) - min(v for _, v in judged)
        summary[m] = MetricSummary(
            metric=m,
            higher_is_better=hib,
            min=lo,
            max=hi,
            difference=(hi - lo) if lo is not None and hi is not None else None,
            ratio=(lo / hi) if lo is not None and hi else None,
            best_group=best,
            worst_group=worst,
            judged_difference=jd,
        )

    def ratio(m: str) -> float | None:
        return summary[m].ratio

    def diff(m: str) -> float | None:
        return summary[m].difference

    def jdiff(m: str) -> float | None:
        return summary[m].judged_difference

    def _max(a: float | None, b: float | None) -> float | None:
        if a is None:
            return b
        if b is None:
            return a
        return max(a, b)

    def _min(a: float | None, b: float | None) -> float | None:
        if a is None:
            return b
        if b is None:
            return a
        return min(a, b)

    parity = Parity(
        demographic_parity_difference=diff("selection_rate"),
        demographic_parity_ratio=ratio("selection_rate"),
        equal_opportunity_difference=diff("tpr"),
        equal_opportunity_ratio=ratio("tpr"),
        equalized_odds_difference=_max(diff("tpr"), diff("fpr")),
        equalized_odds_ratio=_min(ratio("tpr"), ratio("fpr")),
        judged_equal_opportunity_difference=jdiff("tpr"),
        judged_equalized_odds_difference=_max(jdiff("tpr"), jdiff("fpr")),
    )
    return summary, parity


def sort_key(values: tuple[str | None, ...]) -> tuple[tuple[int, str], ...]:
    return tuple((1, "") if v is None else (0, v) for v in values)
