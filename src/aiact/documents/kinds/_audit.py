"""The figures of an ``aiact audit`` result (:class:`aiact.audit.models.AuditResult`) as a
document shows them: the overall metrics with their intervals and, per group attribute, the
largest gaps between groups (among groups with reliable rates). Numbers only: the audit made
the findings, this module lays them out."""

from __future__ import annotations

from typing import Any

from aiact.audit.models import GAP_METRICS, METRIC_NAMES, RATE_METRICS, AuditResult


def number(value: float | None) -> str:
    """A rate or difference with three decimals ('0.717'), or 'n/a'."""
    return "n/a" if value is None else f"{value:.3f}"


def interval(low: float | None, high: float | None) -> str:
    return "n/a" if low is None or high is None else f"[{low:.3f}, {high:.3f}]"


def as_result(audit: Any) -> AuditResult | None:
    """The audit as a model: an AuditResult, or its JSON form (a dict) as `aiact audit` saves it."""
    if audit is None or isinstance(audit, AuditResult):
        return audit
    return AuditResult.model_validate(audit)


def _group_value(attr: Any, label: str | None, metric: str) -> float | None:
    group = next((g for g in attr.groups if g.label == label), None)
    if group is None:
        return None
    if metric in group.metrics:
        return group.metrics[metric].value
    if group.score is not None:
        return {"auc": group.score.auc, "ece": group.score.expected_calibration_error}.get(metric)
    return None


def audit_facts(audit: Any) -> dict[str, Any] | None:
    result = as_result(audit)
    if result is None:
        return None
    overall = result.overall
    rows = []
    for m in RATE_METRICS:
        est = overall.metrics.get(m)
        if est is None:
            continue
        rows.append({"metric": METRIC_NAMES[m], "key": m, "value": number(est.value),
                     "ci": interval(est.ci_low, est.ci_high), "n": f"{est.numerator}/{est.denominator}",
                     "reliable": "yes" if est.reliable else "no"})
    score = overall.score
    if score is not None and score.auc is not None:
        rows.append({"metric": METRIC_NAMES["auc"], "key": "auc", "value": number(score.auc),
                     "ci": interval(score.auc_ci_low, score.auc_ci_high), "n": f"{score.scored} scored",
                     "reliable": "-"})
    if score is not None and score.expected_calibration_error is not None:
        rows.append({"metric": METRIC_NAMES["ece"], "key": "ece", "value": number(score.expected_calibration_error),
                     "ci": "n/a", "n": f"{score.scored} scored", "reliable": "-"})
    attributes = []
    for attr in result.attributes:
        gaps: list[dict[str, Any]] = []
        for m in (*GAP_METRICS, "auc", "ece"):
            s = attr.summary.get(m)
            if s is None or s.judged_difference is None or s.best_group is None or s.worst_group is None:
                continue
            gaps.append({
                "metric": METRIC_NAMES[m], "key": m,
                "best": s.best_group, "best_value": number(_group_value(attr, s.best_group, m)),
                "worst": s.worst_group, "worst_value": number(_group_value(attr, s.worst_group, m)),
                "difference": number(s.judged_difference), "raw": s.judged_difference,
            })
        gaps.sort(key=lambda g: -float(g["raw"]))
        concerns = [f.text for f in result.findings if f.attribute == attr.name and f.severity == "concern"]
        attributes.append({"name": attr.name, "groups": len(attr.groups), "gaps": gaps, "concerns": concerns})
    counts = {sev: sum(1 for f in result.findings if f.severity == sev) for sev in ("concern", "caution", "info")}
    st = result.settings
    return {
        "source": result.source.description,
        "engine": result.source.engine,
        "law_version": result.law_version,
        "generated_at": result.generated_at,
        "tool": result.tool,
        "label": st.label,
        "prediction": st.prediction,
        "score": st.score,
        "positive": st.positive,
        "outcome": st.outcome,
        "groups": ", ".join(st.groups),
        "confidence": f"{st.thresholds.confidence:.0%}",
        "rows_total": result.missing.rows_total,
        "rows_used": result.missing.rows_used,
        "overall": rows,
        "accuracy": number(overall.metrics["accuracy"].value) if "accuracy" in overall.metrics else None,
        "attributes": attributes,
        "counts": counts,
        "unattributed": [f.text for f in result.findings if f.attribute is None and f.severity == "concern"],
    }
