"""Every per-group number agrees with Fairlearn's MetricFrame (and scikit-learn's AUC)."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import pytest
from fairlearn.metrics import (
    MetricFrame,
    count,
    equalized_odds_difference,
    equalized_odds_ratio,
    false_negative_rate,
    false_positive_rate,
    selection_rate,
    true_negative_rate,
    true_positive_rate,
)
from sklearn.metrics import accuracy_score, precision_score, roc_auc_score

from aiact.audit.api import audit
from aiact.audit.models import AttributeResult, AuditResult

METRICS = {
    "count": count,
    "base_rate": lambda yt, yp: float(pd.Series(yt).mean()),
    "selection_rate": selection_rate,
    "accuracy": accuracy_score,
    "tpr": true_positive_rate,
    "fpr": false_positive_rate,
    "fnr": false_negative_rate,
    "tnr": true_negative_rate,
    "precision": lambda yt, yp: precision_score(yt, yp, zero_division=0),
}


def _attribute(result: AuditResult, columns: list[str]) -> AttributeResult:
    return next(a for a in result.attributes if a.columns == columns)


def _group_key(columns: list[str], idx: object) -> tuple[str, ...]:
    return (str(idx),) if len(columns) == 1 else tuple(str(v) for v in idx)  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def data_and_result(log_factory: Any) -> tuple[pd.DataFrame, AuditResult]:
    df = log_factory(n=20_000, seed=11)
    result = audit(
        df,
        label="y",
        prediction="p",
        score="score",
        groups=["sex", "age", "region"],
        intersections="all",
    )
    return df, result


@pytest.mark.parametrize(
    "columns",
    [["sex"], ["age"], ["region"], ["sex", "age"], ["sex", "age", "region"]],
)
def test_every_group_metric_equals_fairlearn(
    data_and_result: tuple[pd.DataFrame, AuditResult], columns: list[str]
) -> None:
    df, result = data_and_result
    attr = _attribute(result, columns)
    mf = MetricFrame(
        metrics=METRICS, y_true=df["y"], y_pred=df["p"], sensitive_features=df[columns]
    )
    by_group = mf.by_group
    assert len(attr.groups) == len(by_group)
    ours = {tuple(g.key[c] or "" for c in columns): g for g in attr.groups}
    for idx, row in by_group.iterrows():
        g = ours[_group_key(columns, idx)]
        assert g.n == row["count"]
        for m in METRICS:
            if m == "count":
                continue
            value = g.metrics[m].value
            assert value is not None
            assert value == pytest.approx(row[m], abs=1e-12), (columns, idx, m)
    # Between-group differences and ratios, as MetricFrame computes them.
    diff = mf.difference(method="between_groups")
    ratio = mf.ratio(method="between_groups")
    for m in ("selection_rate", "accuracy", "tpr", "fpr", "fnr", "precision"):
        assert attr.summary[m].difference == pytest.approx(diff[m], abs=1e-12)
        assert attr.summary[m].ratio == pytest.approx(ratio[m], abs=1e-12)
    assert attr.parity.equalized_odds_difference == pytest.approx(
        equalized_odds_difference(df["y"], df["p"], sensitive_features=df[columns]), abs=1e-12
    )
    assert attr.parity.equalized_odds_ratio == pytest.approx(
        equalized_odds_ratio(df["y"], df["p"], sensitive_features=df[columns]), abs=1e-12
    )


@pytest.mark.parametrize("columns", [["sex"], ["age"], ["sex", "age", "region"]])
def test_auc_equals_scikit_learn_on_rounded_scores(
    data_and_result: tuple[pd.DataFrame, AuditResult], columns: list[str]
) -> None:
    df, result = data_and_result
    attr = _attribute(result, columns)
    for g in attr.groups:
        mask = pd.Series(True, index=df.index)
        for c in columns:
            mask &= df[c] == g.key[c]
        sub = df[mask]
        assert g.score is not None
        if sub["y"].nunique() < 2:
            assert g.score.auc is None
            continue
        assert g.score.auc == pytest.approx(roc_auc_score(sub["y"], sub["score"]), abs=1e-12)
    overall = result.overall.score
    assert overall is not None and overall.auc is not None
    assert overall.auc == pytest.approx(roc_auc_score(df["y"], df["score"]), abs=1e-12)


def test_binned_auc_stays_within_its_bound_for_continuous_scores(log_factory: Any) -> None:
    df = log_factory(n=5000, seed=3)
    df["score"] = (df["score"] + df.index.to_series() * 1e-7).clip(0, 1)  # break the 0.001 grid
    result = audit(df, label="y", prediction="p", score="score", groups=["sex"], score_bins=100)
    sc = result.overall.score
    assert sc is not None and sc.auc is not None and sc.auc_binning_bound is not None
    exact = roc_auc_score(df["y"], df["score"])
    assert abs(sc.auc - exact) <= sc.auc_binning_bound + 1e-12
    assert sc.auc_binning_bound < 0.05
    assert not math.isclose(sc.auc, exact, abs_tol=1e-9)  # binning really changed something
