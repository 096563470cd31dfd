"""`audit()`: the Python entry point of the accuracy and bias audit."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from aiact import __version__
from aiact.audit import compute, stats
from aiact.audit.errors import AuditInputError
from aiact.audit.findings import build_findings
from aiact.audit.models import (
    AttributeResult,
    AuditResult,
    GroupResult,
    Missing,
    Settings,
    SourceInfo,
    Thresholds,
    law_version,
)
from aiact.audit.source import AggregationSpec, check_columns, open_data

Outcome = Literal["favourable", "adverse"]
Intersections = Literal["full", "all", "none"]


def audit(
    data: Any,
    *,
    label: str,
    prediction: str,
    groups: Sequence[str],
    score: str | None = None,
    positive: Any = None,
    table: str | None = None,
    reference: str | Path | Mapping[str, Any] | None = None,
    outcome: Outcome = "favourable",
    intersections: Intersections = "full",
    thresholds: Thresholds | None = None,
    score_bins: int = 1000,
    calibration_bins: int = 10,
    as_of: _dt.date | None = None,
) -> AuditResult:
    """Audit a prediction log for accuracy and bias, per group and per intersection.

    ``data`` is a path or glob of Parquet/CSV files, a DuckDB file (with ``table``), a
    database URL (with ``table``), an Ibis table on any backend, or a pandas, Polars or
    Arrow frame. One aggregation runs on the engine holding the data; everything else is
    computed from its small result. Findings cite the provisions in force on ``as_of``
    (default today). Raises :class:`AuditInputError` on bad input.
    """
    th = thresholds or Thresholds()
    groups = list(groups)
    if not groups:
        raise AuditInputError("name at least one group column (--group)")
    if len(set(groups)) != len(groups):
        raise AuditInputError(f"a group column is named twice: {', '.join(groups)}")
    roles = {label: "label", prediction: "prediction"}
    if label == prediction:
        raise AuditInputError(f"label and prediction are the same column '{label}'")
    for g in groups:
        if g in roles:
            raise AuditInputError(f"column '{g}' is both a group and the {roles[g]}")
    if score is not None and score in (label, prediction, *groups):
        raise AuditInputError(f"score column '{score}' is also used in another role")
    if outcome not in ("favourable", "adverse"):
        raise AuditInputError(f"outcome must be 'favourable' or 'adverse', not {outcome!r}")
    if intersections not in ("full", "all", "none"):
        raise AuditInputError(f"intersections must be full, all or none, not {intersections!r}")
    if score_bins < 1 or calibration_bins < 1 or score_bins % calibration_bins:
        raise AuditInputError(
            f"score bins ({score_bins}) must be a positive multiple of calibration bins "
            f"({calibration_bins})"
        )

    ref = None
    if reference is not None:
        from aiact.audit import representativeness

        if isinstance(reference, Mapping):
            ref = representativeness.parse_reference(reference, "reference")
        else:
            ref = representativeness.load_reference(reference)
        for columns, _ in ref:
            for c in columns:
                if c not in groups:
                    raise AuditInputError(
                        f"reference names column '{c}', which is not a --group column "
                        f"(groups: {', '.join(groups)})"
                    )

    source = open_data(data, table)
    where = source.description
    needed = {label: "label", prediction: "prediction", **{g: "group" for g in groups}}
    if score is not None:
        needed[score] = "score"
    check_columns(source, needed)
    if score is not None and not source.is_numeric(score):
        kind = source.columns()[score]
        raise AuditInputError(f"{where}: score column '{score}' is not numeric (type {kind})")

    spec = AggregationSpec(groups, label, prediction, score, score_bins)
    con = source.aggregate(spec)
    k = len(groups)
    compute.check_cells(con, groups, score, where)
    classes = compute.resolve_labels(con, label, prediction, positive, where)
    with_score = score is not None
    compute.build_classified(con, k, classes, with_score)

    z = stats.z_value(th.confidence)
    sets = compute.attribute_sets(k, intersections)
    counts = compute.rollup_counts(con, k, sets)
    scores = compute.rollup_scores(con, k, sets, score_bins, calibration_bins) if with_score else {}
    total, y_missing, p_missing, s_missing, g_missing = compute.missing_counts(con, k, with_score)

    all_gid = (1 << k) - 1
    overall_counts = counts[(all_gid, (None,) * k)]

    def score_of(key: compute.GroupKey) -> Any:
        if not with_score:
            return None
        sc = scores.get(key, compute.ScoreCounts())
        return compute.score_metrics(sc, z, score_bins, calibration_bins)

    overall = compute.make_group(
        [], [], overall_counts, z, th, None, score_of((all_gid, (None,) * k))
    )
    attributes: list[AttributeResult] = []
    for members in sets:
        gid = compute._gid(k, members)
        attr_columns = [groups[i] for i in members]
        keys = [key for key in counts if key[0] == gid]
        keys.sort(key=lambda key: compute.sort_key(tuple(key[1][i] for i in members)))
        group_results: list[GroupResult] = []
        for key in keys:
            values = tuple(key[1][i] for i in members)
            group_results.append(
                compute.make_group(
                    attr_columns, values, counts[key], z, th, overall_counts, score_of(key)
                )
            )
        compute.add_gaps(group_results, z, outcome)
        summary, parity = compute.summarise(group_results, th, outcome, with_score)
        attributes.append(
            AttributeResult(
                name=" x ".join(attr_columns),
                columns=attr_columns,
                groups=group_results,
                summary=summary,
                parity=parity,
            )
        )

    reps = []
    if ref is not None:
        from aiact.audit import representativeness

        reps = representativeness.compare(con, groups, ref, z, th.min_representation)

    missing = Missing(
        rows_total=total,
        rows_used=overall_counts.n,
        label=y_missing,
        prediction=p_missing,
        score=s_missing,
        groups={g: g_missing[i] for i, g in enumerate(groups)},
    )
    settings = Settings(
        label=label,
        prediction=prediction,
        score=score,
        groups=groups,
        positive=classes.positive_display,
        outcome=outcome,
        intersections=intersections,
        score_bins=score_bins,
        calibration_bins=calibration_bins,
        reference=(
            str(reference)
            if isinstance(reference, str | Path)
            else ("(mapping)" if reference is not None else None)
        ),
        thresholds=th,
    )
    from aiact.engine.load import load_law

    law = load_law()
    day = as_of or _dt.date.today()
    findings = build_findings(overall, attributes, missing, reps, settings, as_of=day, law=law)
    return AuditResult(
        tool=f"aiact {__version__}",
        law_version=law_version(law, day),
        generated_at=_dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat(),
        source=SourceInfo(description=source.description, engine=source.engine),
        settings=settings,
        missing=missing,
        overall=overall,
        attributes=attributes,
        representativeness=reps,
        findings=findings,
    )
