"""Turn the numbers into plain findings, each tied to the provision it serves.

The provisions each kind of finding serves are law data (``aiact/law/evidence.yaml``), dated
like the law: an audit as of a day cites the provisions in force that day (for example
Art. 10(5) of the 2024 text, or Art. 4a, which replaced it from the entry into force of
Regulation (EU) 2026/1744).

Severity:
- ``concern``: a threshold is crossed and the interval excludes parity (1 for a ratio, 0 for
  a difference), so the gap is unlikely to be chance;
- ``caution``: a threshold is crossed but the interval includes parity, or the data have a
  gap (missing values, groups too small to judge, an untested score calibration);
- ``info``: facts to record (overall accuracy, what was tested, legal basis for the data).
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aiact.audit import stats
from aiact.audit.compute import SIZING_METRICS
from aiact.audit.models import (
    METRIC_NAMES,
    AttributeResult,
    Finding,
    GroupResult,
    Missing,
    Representativeness,
    Settings,
    Severity,
)

if TYPE_CHECKING:
    from aiact.engine.law import Law

_SEVERITY_ORDER = {"concern": 0, "caution": 1, "info": 2}
SHORT_NAMES = {
    "selection_rate": "selection rate",
    "accuracy": "accuracy",
    "tpr": "TPR/FNR",
    "fpr": "FPR/TNR",
}
MAX_LISTED = 8


def _r(x: float | None, digits: int = 3) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    return f"{x:.{digits}f}"


def _ratio_text(x: float | None) -> str:
    if x is None:
        return "n/a"
    if x >= 10:
        return f"{x:.0f}"
    return f"{x:.2f}" if x < 1 else f"{x:.1f}"


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _ci(
    low: float | None, high: float | None, conf: float, fmt: Callable[[float | None], str]
) -> str:
    sep = " to " if low is not None and low < 0 else "-"
    return f"{round(conf * 100):g}% CI {fmt(low)}{sep}{fmt(high)}"


def _denominator_text(metric: str, g: GroupResult) -> str:
    est = g.metrics[metric]
    what = {
        "tpr": "actual positives",
        "fnr": "actual positives",
        "fpr": "actual negatives",
        "tnr": "actual negatives",
        "precision": "predicted positives",
    }.get(metric)
    base = f"n = {g.n:,}"
    if what is not None:
        base += f" ({est.denominator:,} {what})"
    return base


# Within a severity, findings come in this order of kind, then largest first.
_KIND_ORDER = {
    kind: i
    for i, kind in enumerate(
        [
            "error_rate_gap",
            "selection_rate_gap",
            "equalized_odds",
            "performance_gap",
            "representativeness",
            "calibration",
            "small_groups",
            "missing_values",
            "accuracy",
            "special_categories",
        ]
    )
}


@dataclass(frozen=True)
class _Draft:
    """A finding before the collector gives it its id and the provisions its kind serves."""

    kind: str
    key: str
    fields: dict[str, Any]


class _Collector:
    """Gathers the findings; cites for each kind the provisions in force on the audit date."""

    def __init__(self, law: Law, as_of: _dt.date) -> None:
        self.law = law
        self.as_of = as_of
        self.items: list[tuple[int, int, float, Finding]] = []

    def legal_text(self, kind: str) -> str:
        return self.law.evidence.text(kind, self.as_of)

    def add(self, draft: _Draft, magnitude: float = 0.0) -> None:
        finding = Finding(
            id=f"{draft.kind}:{draft.key}",
            kind=draft.kind,
            articles=self.law.evidence.cites("audit", draft.kind, self.as_of),
            **draft.fields,
        )
        self.items.append(
            (
                _SEVERITY_ORDER[finding.severity],
                _KIND_ORDER.get(finding.kind, len(_KIND_ORDER)),
                -magnitude,
                finding,
            )
        )

    def sorted(self) -> list[Finding]:
        return [t[3] for t in sorted(self.items, key=lambda t: (t[0], t[1], t[2], t[3].id))]


def _finding(kind: str, key: str, **fields: Any) -> _Draft:
    """A finding of one kind: the collector makes its id ``kind:key`` and cites the provisions
    that kind serves."""
    return _Draft(kind, key, fields)


def _severity(significant: bool) -> Severity:
    return "concern" if significant else "caution"


_MAYBE_CHANCE = " The interval includes parity, so the gap may be chance; more data would tell."


def _ratio_findings(out: _Collector, attr: AttributeResult, settings: Settings) -> None:
    th = settings.thresholds
    conf = th.confidence
    for metric in ("fnr", "fpr"):
        for g in attr.groups:
            gap = g.gaps.get(metric)
            est = g.metrics[metric]
            if gap is None or not est.reliable or gap.difference is None:
                continue
            if gap.reference_group == g.label or gap.difference < th.min_error_difference:
                continue
            ref = next(x for x in attr.groups if x.label == gap.reference_group)
            if gap.ratio is None:
                # The best group makes no such error: the ratio is unbounded, use the difference.
                significant = gap.difference_ci_low is not None and gap.difference_ci_low > 0.0
                text = (
                    f"The {METRIC_NAMES[metric]} for {g.label} is {_r(est.value)} while "
                    f"{ref.label} has none ({_r(ref.metrics[metric].value)}); difference "
                    f"{_r(gap.difference)}, "
                    f"{_ci(gap.difference_ci_low, gap.difference_ci_high, conf, _r)}; "
                    f"{_denominator_text(metric, g)}."
                )
                value, low, high = gap.difference, gap.difference_ci_low, gap.difference_ci_high
                # Rank it as the ratio to the upper end of the reference's interval.
                ref_high = ref.metrics[metric].ci_high or 0.0
                magnitude = (est.value or 0.0) / ref_high if ref_high > 0 else math.inf
            else:
                if gap.ratio < th.max_error_ratio:
                    continue
                significant = gap.ratio_ci_low is not None and gap.ratio_ci_low > 1.0
                text = (
                    f"The {METRIC_NAMES[metric]} for {g.label} is {_ratio_text(gap.ratio)} "
                    f"times that of {ref.label} ({_r(est.value)} vs "
                    f"{_r(ref.metrics[metric].value)}); "
                    f"{_ci(gap.ratio_ci_low, gap.ratio_ci_high, conf, _ratio_text)}; "
                    f"{_denominator_text(metric, g)}."
                )
                value, low, high = gap.ratio, gap.ratio_ci_low, gap.ratio_ci_high
                magnitude = gap.ratio
            if not significant:
                text += _MAYBE_CHANCE
            out.add(
                _finding(
                    "error_rate_gap",
                    f"{metric}:{attr.name}:{g.label}",
                    severity=_severity(significant),
                    text=text,
                    attribute=attr.name,
                    group=g.label,
                    reference_group=ref.label,
                    metric=metric,
                    value=value,
                    ci_low=low,
                    ci_high=high,
                    n=g.n,
                ),
                magnitude=magnitude,
            )


def _selection_findings(out: _Collector, attr: AttributeResult, settings: Settings) -> None:
    th = settings.thresholds
    conf = th.confidence
    favourable = settings.outcome == "favourable"
    for g in attr.groups:
        gap = g.gaps.get("selection_rate")
        est = g.metrics["selection_rate"]
        if gap is None or not est.reliable or gap.ratio is None:
            continue
        if gap.reference_group == g.label:
            continue
        ref = next(x for x in attr.groups if x.label == gap.reference_group)
        ref_rate = ref.metrics["selection_rate"].value
        if favourable:
            if gap.ratio >= th.four_fifths:
                continue
            significant = gap.ratio_ci_high is not None and gap.ratio_ci_high < 1.0
            text = (
                f"The selection rate for {g.label} is {_ratio_text(gap.ratio)} times that of "
                f"{ref.label} ({_r(est.value)} vs {_r(ref_rate)}), below the four-fifths "
                f"threshold of {th.four_fifths:g}; "
                f"{_ci(gap.ratio_ci_low, gap.ratio_ci_high, conf, _ratio_text)}; n = {g.n:,}."
            )
            magnitude = 1.0 / gap.ratio if gap.ratio > 0 else math.inf
        else:
            limit = 1.0 / th.four_fifths
            if gap.ratio <= limit:
                continue
            significant = gap.ratio_ci_low is not None and gap.ratio_ci_low > 1.0
            text = (
                f"{g.label} receives the (adverse) positive prediction {_ratio_text(gap.ratio)} "
                f"times as often as {ref.label} ({_r(est.value)} vs {_r(ref_rate)}), above the "
                f"four-fifths threshold of {limit:.2f}; "
                f"{_ci(gap.ratio_ci_low, gap.ratio_ci_high, conf, _ratio_text)}; n = {g.n:,}."
            )
            magnitude = gap.ratio
        if not significant:
            text += _MAYBE_CHANCE
        out.add(
            _finding(
                "selection_rate_gap",
                f"{attr.name}:{g.label}",
                severity=_severity(significant),
                text=text,
                attribute=attr.name,
                group=g.label,
                reference_group=ref.label,
                metric="selection_rate",
                value=gap.ratio,
                ci_low=gap.ratio_ci_low,
                ci_high=gap.ratio_ci_high,
                n=g.n,
            ),
            magnitude=magnitude,
        )


def _difference_findings(out: _Collector, attr: AttributeResult, settings: Settings) -> None:
    th = settings.thresholds
    conf = th.confidence
    for metric in ("accuracy", "precision"):
        for g in attr.groups:
            gap = g.gaps.get(metric)
            est = g.metrics[metric]
            if gap is None or not est.reliable or gap.difference is None:
                continue
            if gap.reference_group == g.label or -gap.difference < th.max_difference:
                continue
            ref = next(x for x in attr.groups if x.label == gap.reference_group)
            significant = gap.difference_ci_high is not None and gap.difference_ci_high < 0.0
            low = -gap.difference_ci_high if gap.difference_ci_high is not None else None
            high = -gap.difference_ci_low if gap.difference_ci_low is not None else None
            text = (
                f"The {METRIC_NAMES[metric]} for {g.label} is {_r(-gap.difference)} lower than "
                f"for {ref.label} ({_r(est.value)} vs {_r(ref.metrics[metric].value)}); "
                f"{_ci(low, high, conf, _r)}; {_denominator_text(metric, g)}."
            )
            if not significant:
                text += _MAYBE_CHANCE
            out.add(
                _finding(
                    "performance_gap",
                    f"{metric}:{attr.name}:{g.label}",
                    severity=_severity(significant),
                    text=text,
                    attribute=attr.name,
                    group=g.label,
                    reference_group=ref.label,
                    metric=metric,
                    value=-gap.difference,
                    ci_low=low,
                    ci_high=high,
                    n=g.n,
                ),
                magnitude=-gap.difference,
            )


def _score_findings(out: _Collector, attr: AttributeResult, settings: Settings) -> None:
    th = settings.thresholds
    z = stats.z_value(th.confidence)
    judged = [
        g
        for g in attr.groups
        if g.score is not None
        and g.score.auc is not None
        and g.score.positives >= th.min_group_size
        and g.score.negatives >= th.min_group_size
    ]
    if judged:
        best = max(judged, key=lambda g: g.score.auc or 0.0)  # type: ignore[union-attr]
        assert best.score is not None and best.score.auc is not None
        b_se = stats.auc_se(best.score.auc, best.score.positives, best.score.negatives)
        for g in judged:
            assert g.score is not None and g.score.auc is not None
            diff = best.score.auc - g.score.auc
            if g is best or diff < th.max_difference:
                continue
            se = math.hypot(b_se, stats.auc_se(g.score.auc, g.score.positives, g.score.negatives))
            low, high = diff - z * se, diff + z * se
            significant = low > 0
            text = (
                f"The AUC for {g.label} is {_r(diff)} lower than for {best.label} "
                f"({_r(g.score.auc)} vs {_r(best.score.auc)}); "
                f"{_ci(low, high, th.confidence, _r)}; n = {g.score.scored:,}."
            )
            if not significant:
                text += _MAYBE_CHANCE
            out.add(
                _finding(
                    "performance_gap",
                    f"auc:{attr.name}:{g.label}",
                    severity=_severity(significant),
                    text=text,
                    attribute=attr.name,
                    group=g.label,
                    reference_group=best.label,
                    metric="auc",
                    value=diff,
                    ci_low=low,
                    ci_high=high,
                    n=g.score.scored,
                ),
                magnitude=diff,
            )
    for g in judged:
        assert g.score is not None
        ece = g.score.expected_calibration_error
        if ece is None or ece <= th.max_calibration_error:
            continue
        out.add(
            _finding(
                "calibration",
                f"{attr.name}:{g.label}",
                severity="caution",
                text=(
                    f"The scores for {g.label} are off calibration: the observed rate differs "
                    f"from the mean score by {_r(ece)} on average over the score bins "
                    f"(threshold {th.max_calibration_error:g}); n = {g.score.scored:,}."
                ),
                attribute=attr.name,
                group=g.label,
                metric="ece",
                value=ece,
                n=g.score.scored,
            ),
            magnitude=ece,
        )


def _equalized_odds_finding(out: _Collector, attr: AttributeResult, settings: Settings) -> None:
    th = settings.thresholds
    z = stats.z_value(th.confidence)
    parts: list[tuple[str, float, GroupResult, GroupResult]] = []
    for metric in ("tpr", "fpr"):
        s = attr.summary[metric]
        if s.judged_difference is None or s.best_group is None or s.worst_group is None:
            continue
        best = next(g for g in attr.groups if g.label == s.best_group)
        worst = next(g for g in attr.groups if g.label == s.worst_group)
        parts.append((metric, s.judged_difference, best, worst))
    if not parts:
        return
    gap = max(p[1] for p in parts)
    if gap < th.max_difference:
        return
    pieces = []
    significant = False
    lows: list[float] = []
    highs: list[float] = []
    for metric, diff, best, worst in parts:
        b, w = best.metrics[metric], worst.metrics[metric]
        _, lo, hi = stats.newcombe_difference(
            b.numerator, b.denominator, w.numerator, w.denominator, z
        )
        # Interval of |best - worst|: it excludes 0 when the signed interval does.
        sig = lo > 0 or hi < 0
        lows.append(min(abs(lo), abs(hi)) if sig else 0.0)
        highs.append(max(abs(lo), abs(hi)))
        significant = significant or (sig and diff >= th.max_difference)
        pieces.append(
            f"the {METRIC_NAMES[metric]} ranges from {_r(min(b.value or 0, w.value or 0))} to "
            f"{_r(max(b.value or 0, w.value or 0))} ({worst.label} vs {best.label}; difference "
            f"{_r(diff)}, {round(th.confidence * 100):g}% CI "
            f"{_r(lows[-1])}-{_r(highs[-1])})"
        )
    eo = attr.parity.judged_equal_opportunity_difference
    text = (
        f"Across {attr.name}, among groups with enough data, "
        + "; ".join(pieces)
        + f": an equalised-odds difference of {_r(gap)} and an equal-opportunity difference of "
        f"{_r(eo)} (threshold {th.max_difference:g})."
    )
    if not significant:
        text += _MAYBE_CHANCE
    out.add(
        _finding(
            "equalized_odds",
            f"{attr.name}",
            severity=_severity(significant),
            text=text,
            attribute=attr.name,
            metric="equalized_odds_difference",
            value=gap,
        ),
        magnitude=gap,
    )


def _small_groups_finding(out: _Collector, attr: AttributeResult, settings: Settings) -> None:
    small = [g for g in attr.groups if g.needed_rows is not None]
    if not small:
        return
    small.sort(key=lambda g: (g.needed_rows or 0) - g.n, reverse=True)

    def weak(g: GroupResult) -> str:
        names = [SHORT_NAMES[m] for m in SIZING_METRICS if not g.metrics[m].reliable]
        return ", ".join(names) if names else "precision"

    listed = "; ".join(
        f"{g.label} (n = {g.n:,}; too imprecise: {weak(g)}; needs about {g.needed_rows:,} rows)"
        for g in small[:MAX_LISTED]
    )
    more = f"; and {len(small) - MAX_LISTED} more" if len(small) > MAX_LISTED else ""
    th = settings.thresholds
    out.add(
        _finding(
            "small_groups",
            f"{attr.name}",
            severity="caution",
            text=(
                f"In {attr.name}, {len(small)} of {len(attr.groups)} groups "
                f"{'is' if len(small) == 1 else 'are'} too small to judge at least one rate "
                f"(fewer than {th.min_group_size} people in the rate's base, or an interval "
                f"wider than +/-{th.max_ci_halfwidth:g}): {listed}{more}. "
                "Those rates are not turned into findings."
            ),
            attribute=attr.name,
            value=float(len(small)),
        ),
        magnitude=len(small),
    )


def _missing_findings(out: _Collector, missing: Missing, settings: Settings) -> None:
    total = missing.rows_total
    entries: list[tuple[str, str, int, str]] = [
        ("label", settings.label, missing.label, "they are left out of every rate"),
        ("prediction", settings.prediction, missing.prediction, "they are left out of every rate"),
    ]
    if settings.score is not None and missing.score is not None:
        entries.append(
            ("score", settings.score, missing.score, "they are left out of the AUC and calibration")
        )
    for col, count in missing.groups.items():
        entries.append(("group", col, count, f"they are kept as the group {col}=(missing)"))
    any_missing = False
    for role, col, count, consequence in entries:
        if count == 0:
            continue
        any_missing = True
        out.add(
            _finding(
                "missing_values",
                f"{role}:{col}",
                severity="caution",
                text=(
                    f"{count:,} of {total:,} rows ({_pct(count / total)}) have no value in "
                    f"{role} column '{col}'; {consequence}."
                ),
                metric=None,
                value=count / total,
                n=count,
            ),
            magnitude=count / total,
        )
    if not any_missing:
        out.add(
            _finding(
                "missing_values",
                "none",
                severity="info",
                text=(
                    f"No value is missing in the label, prediction"
                    f"{', score' if settings.score else ''} and group columns ({total:,} rows)."
                ),
                value=0.0,
                n=total,
            )
        )


def _representativeness_findings(
    out: _Collector, reps: list[Representativeness], settings: Settings
) -> None:
    th = settings.thresholds
    alpha = 1.0 - th.confidence
    for rep in reps:
        p = rep.p_value
        p_text = "n/a" if p is None else ("< 0.001" if p < 0.001 else f"= {p:.3f}")
        test = (
            f"chi-square {rep.chi_square:.1f}, df {rep.df}, p {p_text}, n = {rep.total:,}"
            if rep.chi_square is not None
            else f"n = {rep.total:,}"
        )
        under = [g for g in rep.groups if g.label in rep.under_represented]
        listed = "; ".join(
            f"{g.label} ({_pct(g.observed_share)} of the data vs {_pct(g.reference_share or 0)} "
            f"in the reference, {g.representation_ratio:.2f} of its share)"
            for g in under[:MAX_LISTED]
        )
        misfit = p is not None and p < alpha
        if under:
            severity: Severity = "concern" if misfit else "caution"
            text = (
                f"{rep.attribute}: the data under-represent the reference population "
                f"({test}). Most under-represented: {listed}."
            )
        elif misfit:
            severity = "caution"
            text = (
                f"{rep.attribute}: the group shares differ from the reference ({test}), though no "
                f"group falls below {th.min_representation:g} of its reference share."
            )
        else:
            severity = "info"
            text = f"{rep.attribute}: the group shares are consistent with the reference ({test})."
        if rep.not_in_reference:
            text += (
                " Not in the reference (left out of the test): "
                + ", ".join(rep.not_in_reference[:MAX_LISTED])
                + "."
            )
        if rep.small_expected:
            text += " Some expected counts are below 5, so the p-value is approximate."
        out.add(
            _finding(
                "representativeness",
                f"{rep.attribute}",
                severity=severity,
                text=text,
                attribute=rep.attribute,
                value=p,
                n=rep.total,
            ),
            magnitude=rep.chi_square or 0.0,
        )


def _overall_finding(out: _Collector, overall: GroupResult, settings: Settings) -> None:
    conf = settings.thresholds.confidence
    m = overall.metrics

    def part(metric: str) -> str:
        e = m[metric]
        return f"{METRIC_NAMES[metric]} {_r(e.value)} ({_ci(e.ci_low, e.ci_high, conf, _r)})"

    text = (
        f"Overall {part('accuracy')} on n = {overall.n:,} rows with a label and a prediction; "
        f"{part('tpr')}, {part('fpr')}, {part('precision')}"
    )
    if overall.score is not None and overall.score.auc is not None:
        sc = overall.score
        text += f", AUC {_r(sc.auc)} ({_ci(sc.auc_ci_low, sc.auc_ci_high, conf, _r)})"
    text += ". These are the accuracy levels and metrics to declare in the instructions for use."
    out.add(
        _finding(
            "accuracy",
            "overall",
            severity="info",
            text=text,
            group="all",
            metric="accuracy",
            value=m["accuracy"].value,
            ci_low=m["accuracy"].ci_low,
            ci_high=m["accuracy"].ci_high,
            n=overall.n,
        )
    )


def _special_categories_finding(out: _Collector, settings: Settings) -> None:
    cols = ", ".join(f"'{g}'" for g in settings.groups)
    out.add(
        _finding(
            "special_categories",
            "groups",
            severity="info",
            text=(
                f"The group columns ({cols}) may hold special categories of personal data "
                "(e.g. racial or ethnic origin, health). " + out.legal_text("special_categories")
            ),
        )
    )


def build_findings(
    overall: GroupResult,
    attributes: list[AttributeResult],
    missing: Missing,
    reps: list[Representativeness],
    settings: Settings,
    *,
    as_of: _dt.date | None = None,
    law: Law | None = None,
) -> list[Finding]:
    """The findings, citing the provisions in force on ``as_of`` (default today)."""
    from aiact.engine.load import load_law

    out = _Collector(law or load_law(), as_of or _dt.date.today())
    _overall_finding(out, overall, settings)
    for attr in attributes:
        _selection_findings(out, attr, settings)
        _ratio_findings(out, attr, settings)
        _difference_findings(out, attr, settings)
        _equalized_odds_finding(out, attr, settings)
        _score_findings(out, attr, settings)
        _small_groups_finding(out, attr, settings)
    _missing_findings(out, missing, settings)
    _representativeness_findings(out, reps, settings)
    _special_categories_finding(out, settings)
    return out.sorted()
