"""Group shares in the data against a reference distribution (Art. 10(3)-(4)).

A reference file gives, for one or more group columns (or an intersection of them), the
share of each group in the population the system is used on.

YAML or JSON: a mapping from a group column (or several, joined by commas) to a mapping of
group value (values joined by commas for an intersection) to share::

    sex: {female: 0.51, male: 0.49}
    age_band: {"18-29": 0.20, "30-44": 0.26, "45-59": 0.25, "60+": 0.29}
    "sex, age_band": {"female, 18-29": 0.10, ...}

CSV: one column per group column and a column ``share`` (or ``proportion``, ``percent`` or
``count``); one file describes one distribution over the joint values of its group columns.

Shares need not add up to one (counts and percentages work); they are normalised over the
groups listed.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aiact.audit import stats
from aiact.audit.compute import group_label
from aiact.audit.errors import AuditInputError
from aiact.audit.models import RepresentationGroup, Representativeness
from aiact.audit.source import first_line

if TYPE_CHECKING:  # pragma: no cover
    import duckdb

Reference = list[tuple[tuple[str, ...], dict[tuple[str, ...], float]]]

_SHARE_COLUMNS = ("share", "proportion", "percent", "percentage", "count", "weight")


def _text(value: Any) -> str:
    """A reference key as DuckDB renders the same value cast to VARCHAR."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value == int(value):
        return str(value)
    return str(value).strip()


def _number(value: Any, where: str) -> float:
    try:
        x = float(str(value).strip().rstrip("%"))
    except ValueError:
        raise AuditInputError(f"{where}: share {value!r} is not a number") from None
    if not math.isfinite(x) or x < 0:
        raise AuditInputError(f"{where}: share {value!r} must be a non-negative number")
    return x


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in str(text).split(","))


def parse_reference(data: Mapping[Any, Any], where: str) -> Reference:
    out: Reference = []
    if not isinstance(data, Mapping) or not data:
        raise AuditInputError(f"{where}: expected a mapping of group column to shares")
    for cols_key, shares in data.items():
        columns = _split(str(cols_key))
        if not isinstance(shares, Mapping) or not shares:
            raise AuditInputError(f"{where}: '{cols_key}' must map each group value to its share")
        dist: dict[tuple[str, ...], float] = {}
        for value_key, share in shares.items():
            values = _split(_text(value_key)) if len(columns) > 1 else (_text(value_key),)
            if len(values) != len(columns):
                raise AuditInputError(
                    f"{where}: '{cols_key}': group '{value_key}' needs {len(columns)} "
                    "comma-separated values"
                )
            dist[values] = dist.get(values, 0.0) + _number(share, f"{where}: '{cols_key}'")
        total = sum(dist.values())
        if total <= 0:
            raise AuditInputError(f"{where}: '{cols_key}': shares add up to zero")
        out.append((columns, {k: v / total for k, v in dist.items()}))
    return out


def load_reference(path: str | Path) -> Reference:
    p = Path(path)
    where = str(path)
    if not p.exists():
        raise AuditInputError(f"{where}: no such reference file")
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AuditInputError(f"{where}: cannot read reference file: {exc}") from None
    suffix = p.suffix.lower()
    if suffix in (".csv", ".tsv"):
        return _load_csv(text, where, "\t" if suffix == ".tsv" else ",")
    try:
        if suffix == ".json":
            data = json.loads(text)
        else:
            import yaml

            # BaseLoader keeps every key as written: 'yes', 'no', '01' stay text.
            data = yaml.load(text, Loader=yaml.BaseLoader)  # noqa: S506 - BaseLoader is safe
    except Exception as exc:  # noqa: BLE001 - yaml and json raise different types
        kind = "JSON" if suffix == ".json" else "YAML"
        raise AuditInputError(f"{where}: not valid {kind}: {first_line(exc)}") from None
    return parse_reference(data, where)


def _load_csv(text: str, where: str, delimiter: str) -> Reference:
    rows = list(csv.reader(text.splitlines(), delimiter=delimiter))
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if len(rows) < 2:
        raise AuditInputError(f"{where}: needs a header and at least one row")
    header = [h.strip() for h in rows[0]]
    share_idx = next((i for i, h in enumerate(header) if h.lower() in _SHARE_COLUMNS), None)
    if share_idx is None:
        raise AuditInputError(
            f"{where}: no share column (name one of: {', '.join(_SHARE_COLUMNS)})"
        )
    columns = tuple(h for i, h in enumerate(header) if i != share_idx)
    if not columns:
        raise AuditInputError(f"{where}: no group column besides '{header[share_idx]}'")
    dist: dict[tuple[str, ...], float] = {}
    for line_no, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            raise AuditInputError(f"{where}, line {line_no}: expected {len(header)} fields")
        values = tuple(row[i].strip() for i in range(len(header)) if i != share_idx)
        dist[values] = dist.get(values, 0.0) + _number(row[share_idx], f"{where}, line {line_no}")
    total = sum(dist.values())
    if total <= 0:
        raise AuditInputError(f"{where}: shares add up to zero")
    return [(columns, {k: v / total for k, v in dist.items()})]


def compare(
    con: duckdb.DuckDBPyConnection,
    groups: list[str],
    reference: Reference,
    z: float,
    min_representation: float,
) -> list[Representativeness]:
    results: list[Representativeness] = []
    for columns, dist in reference:
        unknown = [c for c in columns if c not in groups]
        if unknown:
            raise AuditInputError(
                f"reference names column '{unknown[0]}', which is not a --group column "
                f"(groups: {', '.join(groups)})"
            )
        idx = [groups.index(c) for c in columns]
        cols_sql = ", ".join(f"g{i}" for i in idx)
        where = " AND ".join(f"g{i} IS NOT NULL" for i in idx)
        observed = {
            tuple(r[:-1]): int(r[-1])
            for r in con.execute(
                f"SELECT {cols_sql}, sum(n) FROM c2 WHERE {where} GROUP BY ALL"
            ).fetchall()
        }
        in_ref = {k for k, share in dist.items() if share > 0}
        not_in_ref = sorted(k for k in observed if k not in in_ref)
        tested_total = sum(v for k, v in observed.items() if k in in_ref)
        chi = 0.0
        small = False
        rows: list[RepresentationGroup] = []
        for key in sorted(set(observed) | set(dist)):
            o = observed.get(key, 0)
            share = dist.get(key)
            tested = key in in_ref
            expected = tested_total * share if (tested and share is not None) else None
            if expected is not None and expected > 0:
                chi += (o - expected) ** 2 / expected
                if expected < 5:
                    small = True
            base = tested_total if tested else sum(observed.values())
            obs_share = o / base if base else 0.0
            lo, hi = stats.wilson(o, base, z) if base else (0.0, 0.0)
            rows.append(
                RepresentationGroup(
                    label=group_label(columns, key),
                    key=dict(zip(columns, key, strict=True)),
                    observed=o,
                    observed_share=obs_share,
                    ci_low=lo,
                    ci_high=hi,
                    reference_share=share,
                    expected=expected,
                    representation_ratio=(obs_share / share) if tested and share else None,
                )
            )
        df = len(in_ref) - 1
        p_value = stats.chi2_sf(chi, df) if df >= 1 and tested_total > 0 else None
        under = sorted(
            (
                r
                for r in rows
                if r.representation_ratio is not None
                and r.representation_ratio < min_representation
            ),
            key=lambda r: r.representation_ratio or 0.0,
        )
        results.append(
            Representativeness(
                attribute=" x ".join(columns),
                columns=list(columns),
                total=tested_total,
                chi_square=chi if df >= 1 and tested_total > 0 else None,
                df=df if df >= 1 else None,
                p_value=p_value,
                small_expected=small,
                groups=rows,
                under_represented=[r.label for r in under],
                not_in_reference=[group_label(columns, k) for k in not_in_ref],
            )
        )
    return results
