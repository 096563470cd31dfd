"""Metric values, gaps, missing values and findings on small hand-computed examples."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from aiact.audit import stats
from aiact.audit.api import audit
from aiact.audit.errors import AuditInputError
from aiact.audit.models import Thresholds

Z95 = stats.z_value(0.95)


def rows(group: str, tp: int, fp: int, fn: int, tn: int) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    out += [{"g": group, "y": 1, "p": 1}] * tp
    out += [{"g": group, "y": 0, "p": 1}] * fp
    out += [{"g": group, "y": 1, "p": 0}] * fn
    out += [{"g": group, "y": 0, "p": 0}] * tn
    return out


LOOSE = Thresholds(min_group_size=1, max_ci_halfwidth=0.5)


@pytest.fixture
def small() -> pd.DataFrame:
    # A: tp 3, fp 1, fn 1, tn 5;  B: tp 1, fp 2, fn 3, tn 4
    return pd.DataFrame(rows("A", 3, 1, 1, 5) + rows("B", 1, 2, 3, 4))


def test_hand_computed_rates(small: pd.DataFrame) -> None:
    r = audit(small, label="y", prediction="p", groups=["g"], thresholds=LOOSE)
    (attr,) = r.attributes
    a, b = attr.groups
    assert (a.label, b.label) == ("g=A", "g=B")
    assert (a.tp, a.fp, a.fn, a.tn, a.n) == (3, 1, 1, 5, 10)
    expected_a = {
        "base_rate": 4 / 10,
        "selection_rate": 4 / 10,
        "accuracy": 8 / 10,
        "tpr": 3 / 4,
        "fpr": 1 / 6,
        "fnr": 1 / 4,
        "tnr": 5 / 6,
        "precision": 3 / 4,
    }
    expected_b = {
        "base_rate": 4 / 10,
        "selection_rate": 3 / 10,
        "accuracy": 5 / 10,
        "tpr": 1 / 4,
        "fpr": 2 / 6,
        "fnr": 3 / 4,
        "tnr": 4 / 6,
        "precision": 1 / 3,
    }
    for m, v in expected_a.items():
        assert a.metrics[m].value == pytest.approx(v)
    for m, v in expected_b.items():
        assert b.metrics[m].value == pytest.approx(v)
    # Wilson interval of B's FNR, 3/4
    lo, hi = stats.wilson(3, 4, Z95)
    assert b.metrics["fnr"].ci_low == pytest.approx(lo)
    assert b.metrics["fnr"].ci_high == pytest.approx(hi)
    # Overall: tp 4, fp 3, fn 4, tn 9
    o = r.overall
    assert (o.tp, o.fp, o.fn, o.tn) == (4, 3, 4, 9)
    assert o.metrics["accuracy"].value == pytest.approx(13 / 20)


def test_gap_to_best_group_by_hand(small: pd.DataFrame) -> None:
    r = audit(small, label="y", prediction="p", groups=["g"], thresholds=LOOSE)
    a, b = r.attributes[0].groups
    gap = b.gaps["fnr"]
    assert gap.reference_group == "g=A"  # lowest FNR is best
    assert gap.ratio == pytest.approx(3.0)
    se = math.sqrt(1 / 3 - 1 / 4 + 1 / 1 - 1 / 4)
    assert gap.ratio_ci_low == pytest.approx(math.exp(math.log(3) - Z95 * se))
    assert gap.ratio_ci_high == pytest.approx(math.exp(math.log(3) + Z95 * se))
    assert gap.difference == pytest.approx(0.5)
    d, lo, hi = stats.newcombe_difference(3, 4, 1, 4, Z95)
    assert (gap.difference_ci_low, gap.difference_ci_high) == (pytest.approx(lo), pytest.approx(hi))
    # selection rate: best is the highest (favourable outcome); four-fifths ratio 0.3/0.4
    assert b.gaps["selection_rate"].ratio == pytest.approx(0.75)
    assert a.gaps["selection_rate"].ratio == 1.0
    s = r.attributes[0].summary["fnr"]
    assert (s.best_group, s.worst_group) == ("g=A", "g=B")
    assert s.difference == pytest.approx(0.5) and s.ratio == pytest.approx(1 / 3)


def test_adverse_outcome_flips_the_best_selection_rate(small: pd.DataFrame) -> None:
    r = audit(small, label="y", prediction="p", groups=["g"], thresholds=LOOSE, outcome="adverse")
    a, b = r.attributes[0].groups
    assert a.gaps["selection_rate"].reference_group == "g=B"
    assert a.gaps["selection_rate"].ratio == pytest.approx(0.4 / 0.3)


def test_string_labels_and_positive_value() -> None:
    df = pd.DataFrame(
        {
            "g": ["a", "a", "b", "b"],
            "y": ["approved", "rejected", "approved", "approved"],
            "p": ["approved", "approved", "rejected", "approved"],
        }
    )
    with pytest.raises(AuditInputError, match="pass --positive"):
        audit(df, label="y", prediction="p", groups=["g"])
    r = audit(df, label="y", prediction="p", groups=["g"], positive="approved", thresholds=LOOSE)
    assert r.settings.positive == "approved"
    assert (r.overall.tp, r.overall.fp, r.overall.fn, r.overall.tn) == (2, 1, 1, 0)
    r2 = audit(df, label="y", prediction="p", groups=["g"], positive="rejected", thresholds=LOOSE)
    assert (r2.overall.tp, r2.overall.fp, r2.overall.fn, r2.overall.tn) == (0, 1, 1, 2)


def test_boolean_label_with_integer_prediction_and_yes_no() -> None:
    df = pd.DataFrame(
        {"g": ["a", "b", "a", "b"], "y": [True, False, True, False], "p": [1, 0, 0, 1]}
    )
    r = audit(df, label="y", prediction="p", groups=["g"])
    assert (r.overall.tp, r.overall.fp, r.overall.fn, r.overall.tn) == (1, 1, 1, 1)
    yn = pd.DataFrame({"g": ["a", "b"], "y": ["yes", "no"], "p": ["yes", "yes"]})
    r = audit(yn, label="y", prediction="p", groups=["g"])
    assert r.settings.positive == "yes"
    assert (r.overall.tp, r.overall.fp) == (1, 1)


def test_missing_values_are_counted_not_dropped(log_factory: object) -> None:
    df = log_factory(n=2000, seed=5, missing=True)  # type: ignore[operator]
    r = audit(df, label="y", prediction="p", groups=["sex", "age"], score="score")
    assert r.missing.rows_total == 2000
    assert r.missing.groups == {"sex": 25, "age": 0}
    assert r.missing.label == 10
    assert r.missing.rows_used == 1990
    sex = r.attributes[0]
    missing_group = next(g for g in sex.groups if g.key["sex"] is None)
    assert missing_group.label == "sex=(missing)"
    assert missing_group.rows == 25 and missing_group.excluded == 0
    assert sum(g.rows for g in sex.groups) == 2000
    assert sum(g.n for g in sex.groups) == 1990
    assert sum(g.excluded for g in sex.groups) == 10
    kinds = {f.id for f in r.findings if f.kind == "missing_values"}
    assert kinds == {"missing_values:label:y", "missing_values:group:sex"}
    text = next(f.text for f in r.findings if f.id == "missing_values:label:y")
    assert text.startswith("10 of 2,000 rows (0.5%) have no value in label column 'y'")


def test_small_groups_are_flagged_with_the_count_they_need() -> None:
    df = pd.DataFrame(rows("big", 300, 50, 60, 400) + rows("tiny", 3, 1, 2, 4))
    r = audit(df, label="y", prediction="p", groups=["g"])
    big, tiny = r.attributes[0].groups
    assert big.needed_rows is None
    assert not tiny.metrics["fnr"].reliable
    assert tiny.metrics["fnr"].needed is not None and tiny.metrics["fnr"].needed >= 30
    assert tiny.needed_rows is not None and tiny.needed_rows > tiny.n
    # The tiny group is never the reference, and its gap gives no finding.
    assert big.gaps["fnr"].reference_group == "g=big"
    assert not any(f.group == "g=tiny" and f.kind == "error_rate_gap" for f in r.findings)
    small = next(f for f in r.findings if f.kind == "small_groups")
    assert (
        "g=tiny (n = 10; too imprecise: selection rate, accuracy, TPR/FNR, FPR/TNR; needs about"
        in small.text
    )
    assert small.articles == ["Art. 10(2)(e)", "Art. 10(2)(h)", "Art. 10(3)"]


def test_disparity_finding_reads_plainly_and_cites_articles() -> None:
    # women 60+: FNR 0.30 (60/200); men 30-44: FNR 0.10 (30/300)
    df = pd.DataFrame(
        [{"sex": "women", "age": "60+", **r} for r in rows("x", 140, 40, 60, 572)]
        + [{"sex": "men", "age": "30-44", **r} for r in rows("x", 270, 40, 30, 472)]
    ).drop(columns="g")
    r = audit(df, label="y", prediction="p", groups=["sex", "age"])
    f = next(
        f
        for f in r.findings
        if f.kind == "error_rate_gap" and f.metric == "fnr" and f.attribute == "sex x age"
    )
    assert f.severity == "concern"
    assert f.text.startswith(
        "The false negative rate for sex=women, age=60+ is 3.0 times that of "
        "sex=men, age=30-44 (0.300 vs 0.100); 95% CI "
    )
    assert "n = 812 (200 actual positives)" in f.text
    assert f.value == pytest.approx(3.0)
    assert f.ci_low is not None and 1.0 < f.ci_low < 3.0 < (f.ci_high or 0)
    assert "Art. 10(2)(f)" in f.articles and "Annex IV(2)(g)" in f.articles
    assert r.findings[0].severity == "concern"
    assert any(x.kind == "special_categories" and "Art. 4a(1)" in x.articles for x in r.findings)
    acc = next(x for x in r.findings if x.id == "accuracy:overall")
    assert "Art. 15(3)" in acc.articles


def test_gap_within_chance_is_only_a_caution() -> None:
    df = pd.DataFrame(rows("a", 16, 5, 4, 25) + rows("b", 13, 5, 7, 25))
    r = audit(
        df,
        label="y",
        prediction="p",
        groups=["g"],
        thresholds=Thresholds(min_group_size=10, max_ci_halfwidth=0.5),
    )
    f = next(f for f in r.findings if f.kind == "error_rate_gap")
    assert f.severity == "caution"
    assert "may be chance" in f.text


def test_thresholds_change_the_findings(small: pd.DataFrame) -> None:
    strict = audit(small, label="y", prediction="p", groups=["g"], thresholds=LOOSE)
    lax = audit(
        small,
        label="y",
        prediction="p",
        groups=["g"],
        thresholds=Thresholds(
            min_group_size=1,
            max_ci_halfwidth=0.5,
            max_error_ratio=5.0,
            four_fifths=0.5,
            max_difference=0.9,
        ),
    )
    assert any(f.kind == "error_rate_gap" for f in strict.findings)
    assert not any(f.kind in ("error_rate_gap", "selection_rate_gap") for f in lax.findings)


def test_intersections_option() -> None:
    df = pd.DataFrame(
        {
            "a": ["x", "y"] * 20,
            "b": ["u"] * 20 + ["v"] * 20,
            "c": ["k", "k", "l", "l"] * 10,
            "y": [0, 1, 1, 0] * 10,
            "p": [0, 1, 0, 0] * 10,
        }
    )
    names = lambda r: [a.name for a in r.attributes]  # noqa: E731
    assert names(audit(df, label="y", prediction="p", groups=["a", "b", "c"])) == [
        "a",
        "b",
        "c",
        "a x b x c",
    ]
    assert names(
        audit(df, label="y", prediction="p", groups=["a", "b", "c"], intersections="none")
    ) == ["a", "b", "c"]
    assert (
        len(
            audit(
                df, label="y", prediction="p", groups=["a", "b", "c"], intersections="all"
            ).attributes
        )
        == 7
    )


def test_nan_in_float_label_and_group_counts_as_missing(tmp_path: object) -> None:
    import numpy as np

    df = pd.DataFrame(
        {
            "g": [1.0, 1.0, 2.0, np.nan, 2.0],
            "y": [1.0, 0.0, np.nan, 1.0, 1.0],
            "p": [1.0, 0.0, 1.0, 1.0, 0.0],
        }
    )
    path = f"{tmp_path}/nan.parquet"
    df.to_parquet(path)
    for data in (df, path):
        r = audit(data, label="y", prediction="p", groups=["g"], thresholds=LOOSE)
        assert r.missing.label == 1
        assert r.missing.groups == {"g": 1}
        assert [g.label for g in r.attributes[0].groups] == ["g=1.0", "g=2.0", "g=(missing)"]
