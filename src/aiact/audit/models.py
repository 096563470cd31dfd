"""The audit's result as data: pydantic models with a versioned JSON schema.

The JSON form of :class:`AuditResult` is the contract other tools (technical documentation,
the inventory) attach. ``schema_version`` follows semantic versioning: a new optional field
bumps the minor number, a removed or renamed field the major one. The schema itself is
``schema.json`` beside this module (``python -m aiact.audit.schema`` prints it).
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from aiact.engine.law import Law

SCHEMA_VERSION = "1.0"


def law_version(law: Law, day: _dt.date) -> str:
    """The law an audit applies: the text in force on its date (from acts.yaml), and the date."""
    return f"{law.version_label(day, amended=', as amended by ')}, as of {day.isoformat()}"

# The rates reported per group, in report order.
RATE_METRICS: tuple[str, ...] = (
    "base_rate",
    "selection_rate",
    "accuracy",
    "tpr",
    "fpr",
    "fnr",
    "tnr",
    "precision",
)
# Rates compared with the best group (the base rate describes the data, not the system).
GAP_METRICS: tuple[str, ...] = RATE_METRICS[1:]

METRIC_NAMES: dict[str, str] = {
    "base_rate": "base rate",
    "selection_rate": "selection rate",
    "accuracy": "accuracy",
    "tpr": "true positive rate",
    "fpr": "false positive rate",
    "fnr": "false negative rate",
    "tnr": "true negative rate",
    "precision": "precision",
    "auc": "AUC",
    "ece": "expected calibration error",
}

Severity = Literal["concern", "caution", "info"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Thresholds(_Model):
    """The thresholds that turn numbers into findings. Defaults are documented in
    docs/audit.md; every one can be set on the command line."""

    confidence: float = Field(
        default=0.95, gt=0.5, lt=1.0, description="Confidence level of all intervals."
    )
    min_group_size: int = Field(
        default=30,
        ge=1,
        description="Smallest denominator (people in the rate's base) a rate is judged on.",
    )
    max_ci_halfwidth: float = Field(
        default=0.10,
        gt=0.0,
        le=0.5,
        description="A rate whose interval is wider than this on either side is too imprecise to judge.",
    )
    four_fifths: float = Field(
        default=0.8,
        gt=0.0,
        lt=1.0,
        description="Selection-rate ratio below which a group is flagged (four-fifths rule).",
    )
    max_error_ratio: float = Field(
        default=1.25,
        gt=1.0,
        description="Error-rate (FNR, FPR) ratio to the best group at or above which a group is flagged.",
    )
    min_error_difference: float = Field(
        default=0.02,
        ge=0.0,
        le=1.0,
        description="An error-rate ratio is only flagged when the rates also differ by at least this much.",
    )
    max_difference: float = Field(
        default=0.05,
        gt=0.0,
        le=1.0,
        description="Largest acceptable difference in accuracy, precision, AUC and in the equalised-odds and equal-opportunity gaps.",
    )
    max_calibration_error: float = Field(
        default=0.05,
        gt=0.0,
        le=1.0,
        description="Largest acceptable expected calibration error of a group.",
    )
    min_representation: float = Field(
        default=0.8,
        gt=0.0,
        lt=1.0,
        description="A group whose share in the data is below this fraction of its reference share is under-represented.",
    )


class Estimate(_Model):
    """A proportion numerator/denominator with its Wilson interval."""

    value: float | None = Field(
        description="numerator / denominator; null when the denominator is 0."
    )
    ci_low: float | None
    ci_high: float | None
    numerator: int
    denominator: int
    reliable: bool = Field(
        description="Denominator at least min_group_size and interval no wider than max_ci_halfwidth."
    )
    needed: int | None = Field(
        default=None, description="Denominator the rate would need to be reliable; null when it is."
    )


class Gap(_Model):
    """A group's rate against the best group's: difference (Newcombe) and ratio (Katz)."""

    reference_group: str
    difference: float | None
    difference_ci_low: float | None
    difference_ci_high: float | None
    ratio: float | None
    ratio_ci_low: float | None
    ratio_ci_high: float | None


class CalibrationBin(_Model):
    lower: float
    upper: float
    count: int
    positives: int
    mean_score: float | None
    observed_rate: float | None
    ci_low: float | None
    ci_high: float | None


class ScoreMetrics(_Model):
    scored: int = Field(description="Rows with a label and a score.")
    positives: int
    negatives: int
    auc: float | None
    auc_ci_low: float | None
    auc_ci_high: float | None
    auc_binning_bound: float | None = Field(
        description="Largest possible difference between this AUC and the AUC of the unbinned scores."
    )
    expected_calibration_error: float | None
    calibration: list[CalibrationBin]


class GroupResult(_Model):
    key: dict[str, str | None] = Field(
        description="Group column -> value; null is a missing value."
    )
    label: str
    rows: int = Field(description="All rows of the group, including those excluded.")
    excluded: int = Field(description="Rows without a label or a prediction.")
    n: int = Field(description="Rows with a label and a prediction: tp + fp + fn + tn.")
    tp: int
    fp: int
    fn: int
    tn: int
    metrics: dict[str, Estimate]
    gaps: dict[str, Gap] = Field(default_factory=dict)
    score: ScoreMetrics | None = None
    needed_rows: int | None = Field(
        default=None,
        description="About how many rows (with label and prediction) the group would need for all its rates to be reliable.",
    )


class MetricSummary(_Model):
    metric: str
    higher_is_better: bool | None
    min: float | None = Field(
        description="Over all groups with a value (as Fairlearn's MetricFrame)."
    )
    max: float | None
    difference: float | None = Field(description="max - min over all groups with a value.")
    ratio: float | None = Field(description="min / max over all groups with a value.")
    best_group: str | None = Field(description="Best group among those with a reliable rate.")
    worst_group: str | None
    judged_difference: float | None = Field(
        description="|best - worst| among groups with a reliable rate."
    )


class Parity(_Model):
    """Fairlearn's between-group parity measures (over all groups with a value)
    and the same over groups with reliable rates only (judged_*)."""

    demographic_parity_difference: float | None
    demographic_parity_ratio: float | None
    equal_opportunity_difference: float | None
    equal_opportunity_ratio: float | None
    equalized_odds_difference: float | None
    equalized_odds_ratio: float | None
    judged_equal_opportunity_difference: float | None
    judged_equalized_odds_difference: float | None


class AttributeResult(_Model):
    name: str = Field(
        description="A group column, or the columns of an intersection joined by ' x '."
    )
    columns: list[str]
    groups: list[GroupResult]
    summary: dict[str, MetricSummary]
    parity: Parity


class RepresentationGroup(_Model):
    label: str
    key: dict[str, str]
    observed: int
    observed_share: float
    ci_low: float
    ci_high: float
    reference_share: float | None
    expected: float | None
    representation_ratio: float | None = Field(description="observed_share / reference_share")


class Representativeness(_Model):
    attribute: str
    columns: list[str]
    total: int = Field(description="Rows with a value in every column of the attribute.")
    chi_square: float | None
    df: int | None
    p_value: float | None
    small_expected: bool = Field(
        description="Some expected count is below 5: the p-value is approximate."
    )
    groups: list[RepresentationGroup]
    under_represented: list[str] = Field(description="Most under-represented first.")
    not_in_reference: list[str]


class Missing(_Model):
    rows_total: int
    rows_used: int = Field(description="Rows with both a label and a prediction.")
    label: int
    prediction: int
    score: int | None
    groups: dict[str, int]


class Finding(_Model):
    id: str
    severity: Severity
    kind: str
    text: str
    articles: list[str]
    attribute: str | None = None
    group: str | None = None
    reference_group: str | None = None
    metric: str | None = None
    value: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    n: int | None = None


class Settings(_Model):
    label: str
    prediction: str
    score: str | None
    groups: list[str]
    positive: str = Field(description="The label value counted as positive.")
    outcome: Literal["favourable", "adverse"] = Field(
        description="What a positive prediction means for the person: favourable (e.g. hired) or adverse (e.g. flagged)."
    )
    intersections: Literal["full", "all", "none"]
    score_bins: int
    calibration_bins: int
    reference: str | None
    thresholds: Thresholds


class SourceInfo(_Model):
    description: str
    engine: str


class AuditResult(_Model):
    schema_version: str = SCHEMA_VERSION
    tool: str
    law_version: str = Field(description="The law applied: the text in force on the audit date, and that date.")
    generated_at: str = Field(description="UTC time the audit ran, ISO 8601.")
    source: SourceInfo
    settings: Settings
    missing: Missing
    overall: GroupResult
    attributes: list[AttributeResult]
    representativeness: list[Representativeness]
    findings: list[Finding]
