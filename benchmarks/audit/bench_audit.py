"""Benchmark: `aiact audit` against a bare DuckDB GROUP BY and Fairlearn's MetricFrame.

On one synthetic prediction log (three sensitive features: sex x 2, age band x 5,
ethnicity x 6 = 60 intersectional groups), in one run:

- ``aiact``: the whole command, ``aiact audit FILE ... --format json``, start-up included;
- ``duckdb``: the bare ``GROUP BY sex, age_band, ethnicity, y, p`` (the floor), timed inside
  its process (query only) and as a whole process;
- ``fairlearn``: ``MetricFrame`` for the same nine figures by each feature and by their
  intersection (four frames), timed for the frames only (the Parquet read is reported
  apart), and every per-group number compared with aiact's.

Each tool runs in its own process; peak memory is that process's maximum resident set
(``wait4`` rusage; the parent stays small, as a child's peak starts from its parent's RSS). Data go to ``benchmarks/data/`` (git-ignored).

    python benchmarks/audit/bench_audit.py                 # 10^6 and 10^7 rows
    python benchmarks/audit/bench_audit.py --rows 1e6      # one size
    python benchmarks/audit/bench_audit.py --huge          # adds 10^8 rows (aiact, DuckDB)
    python benchmarks/audit/bench_audit.py --score         # with a score column (AUC too)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "benchmarks" / "data"
GROUPS = ["sex", "age_band", "ethnicity"]
ATTRIBUTES = [["sex"], ["age_band"], ["ethnicity"], GROUPS]
METRICS = ["base_rate", "selection_rate", "accuracy", "tpr", "fpr", "fnr", "tnr", "precision"]


# --- data -------------------------------------------------------------------------------


def generate(rows: int) -> Path:
    """A deterministic synthetic log, written by DuckDB straight to Parquet."""
    import duckdb

    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"audit-{rows}.parquet"
    if path.exists():
        return path
    tmp = path.with_suffix(".tmp")
    u = "(hash(i, {k}) % 1000000) / 1000000.0"
    sql = f"""
    COPY (
      WITH base AS (
        SELECT i,
          CASE WHEN {u.format(k=1)} < 0.48 THEN 'female' ELSE 'male' END AS sex,
          ['18-29', '30-44', '45-59', '60-74', '75+'][1 + CAST(hash(i, 2) % 5 AS INTEGER)]
            AS age_band,
          ['A', 'B', 'C', 'D', 'E', 'F'][1 + CAST(hash(i, 3) % 6 AS INTEGER)] AS ethnicity,
          {u.format(k=4)} AS u4, {u.format(k=5)} AS u5, {u.format(k=6)} AS u6
        FROM range({rows}) t(i)
      ), labelled AS (
        SELECT *, CAST(u4 < 0.30 + 0.08 * (sex = 'male')::INT - 0.05 * (age_band = '75+')::INT
                        + 0.02 * (ethnicity IN ('A', 'B'))::INT AS INTEGER) AS y
        FROM base
      ), scored AS (
        SELECT *, round(greatest(0.0, least(1.0,
            0.22 + 0.50 * y - 0.10 * y * (sex = 'female')::INT
            - 0.06 * y * (age_band IN ('60-74', '75+'))::INT
            + 0.04 * (ethnicity = 'D')::INT
            + 0.65 * ((u5 + u6) / 2 - 0.5))), 3) AS score
        FROM labelled
      )
      SELECT sex, age_band, ethnicity, y, CAST(score >= 0.5 AS INTEGER) AS p, score
      FROM scored
    ) TO '{tmp}' (FORMAT parquet, ROW_GROUP_SIZE 1000000)
    """
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    con.execute(f"SET temp_directory = '{DATA}'")
    con.execute(sql)
    con.close()
    tmp.rename(path)
    return path


# --- measuring a process ----------------------------------------------------------------


def measured(cmd: list[str]) -> tuple[float, float, str, str, int]:
    """Run cmd; return (wall seconds, peak RSS in MB, stdout, stderr, status)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return (
            wall,
            usage.ru_maxrss / 1024.0,
            out.read().decode(),
            err.read().decode(),
            proc.returncode,
        )


# --- workers (run in their own process) -------------------------------------------------


def worker_duckdb(path: str, with_score: bool) -> None:
    import duckdb

    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    bins = ", CAST(floor(score * 1000 + 0.5) AS BIGINT) AS b" if with_score else ""
    extra = ", min(score), max(score)" if with_score else ""
    sql = (
        f"SELECT sex, age_band, ethnicity, y, p{bins}, count(*) AS n{extra} "
        f"FROM read_parquet('{path}') GROUP BY ALL"
    )
    start = time.perf_counter()
    rows = con.execute(sql).fetchall()
    print(json.dumps({"seconds": time.perf_counter() - start, "cells": len(rows)}))


def worker_fairlearn(path: str, out: str, with_score: bool) -> None:
    import warnings

    import pandas as pd
    from fairlearn.metrics import (
        MetricFrame,
        count,
        false_negative_rate,
        false_positive_rate,
        selection_rate,
        true_negative_rate,
        true_positive_rate,
    )
    from sklearn.metrics import accuracy_score, precision_score, roc_auc_score

    warnings.simplefilter("ignore")
    start = time.perf_counter()
    df = pd.read_parquet(path)
    load = time.perf_counter() - start

    def base_rate(y_true: Any, y_pred: Any) -> float:
        return float(pd.Series(y_true).mean())

    def precision(y_true: Any, y_pred: Any) -> float:
        return float(precision_score(y_true, y_pred, zero_division=0))

    metrics = {
        "count": count,
        "base_rate": base_rate,
        "selection_rate": selection_rate,
        "accuracy": accuracy_score,
        "tpr": true_positive_rate,
        "fpr": false_positive_rate,
        "fnr": false_negative_rate,
        "tnr": true_negative_rate,
        "precision": precision,
    }
    result: dict[str, Any] = {}
    start = time.perf_counter()
    for columns in ATTRIBUTES:
        mf = MetricFrame(
            metrics=metrics, y_true=df["y"], y_pred=df["p"], sensitive_features=df[columns]
        )
        table = mf.by_group
        if with_score:
            auc = MetricFrame(
                metrics={"auc": roc_auc_score},
                y_true=df["y"],
                y_pred=df["score"],
                sensitive_features=df[columns],
            ).by_group
            table = table.join(auc)
        groups = {}
        for idx, row in table.iterrows():
            key = "|".join([str(idx)] if len(columns) == 1 else [str(v) for v in idx])
            groups[key] = {k: float(v) for k, v in row.items()}
        result[" x ".join(columns)] = groups
    frames = time.perf_counter() - start
    Path(out).write_text(json.dumps(result))
    print(json.dumps({"seconds": frames, "load_seconds": load}))


# --- comparison -------------------------------------------------------------------------


def compare(aiact_json: dict[str, Any], fairlearn: dict[str, Any]) -> tuple[bool, float, int]:
    """(all counts equal and every figure within 1e-12, largest difference, figures compared)"""
    worst = 0.0
    compared = 0
    ok = True
    for attr in aiact_json["attributes"]:
        theirs = fairlearn[attr["name"]]
        if len(theirs) != len(attr["groups"]):
            return (False, float("inf"), compared)
        for g in attr["groups"]:
            key = "|".join(str(g["key"][c]) for c in attr["columns"])
            row = theirs[key]
            ok &= int(row["count"]) == g["n"]
            compared += 1
            for m in METRICS:
                diff = abs(g["metrics"][m]["value"] - row[m])
                worst = max(worst, diff)
                compared += 1
            if "auc" in row:
                diff = abs(g["score"]["auc"] - row["auc"])
                worst = max(worst, diff)
                compared += 1
    return (ok and worst <= 1e-12, worst, compared)


# --- the run ----------------------------------------------------------------------------


def aiact_cmd(path: Path, out: Path, with_score: bool) -> list[str]:
    exe = Path(sys.executable).with_name("aiact")
    cmd = [str(exe), "audit", str(path), "-l", "y", "-p", "p"]
    for g in GROUPS:
        cmd += ["-g", g]
    if with_score:
        cmd += ["--score", "score"]
    return [*cmd, "--format", "json", "--output", str(out)]


def bench(rows: int, repeat: int, with_score: bool, fairlearn: bool) -> list[dict[str, Any]]:
    t0 = time.perf_counter()
    # Generate in a child process: on Linux a child's peak RSS starts from its parent's
    # RSS at fork time, so the measuring process must stay small.
    subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--worker", "generate", str(rows)],
        check=True,
    )
    path = DATA / f"audit-{rows}.parquet"
    print(
        f"# {rows:,} rows: {path} ({path.stat().st_size / 1e6:.0f} MB, "
        f"ready in {time.perf_counter() - t0:.1f} s)",
        file=sys.stderr,
    )
    me = [sys.executable, str(Path(__file__).resolve())]
    flag = ["--score"] if with_score else []
    out = []
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        # DuckDB floor
        runs = [measured([*me, "--worker", "duckdb", str(path), *flag]) for _ in range(repeat)]
        for r in runs:
            assert r[4] == 0, r[3]
        inner = statistics.median(json.loads(r[2])["seconds"] for r in runs)
        out.append(
            {
                "tool": "DuckDB GROUP BY",
                "rows": rows,
                "seconds": inner,
                "process_seconds": statistics.median(r[0] for r in runs),
                "peak_mb": max(r[1] for r in runs),
                "agrees": "",
            }
        )
        # aiact, whole command
        result_path = tmp / "aiact.json"
        runs = [measured(aiact_cmd(path, result_path, with_score)) for _ in range(repeat)]
        for r in runs:
            assert r[4] == 0, r[3]
        aiact_json = json.loads(result_path.read_text())
        row = {
            "tool": "aiact audit (whole command)",
            "rows": rows,
            "seconds": statistics.median(r[0] for r in runs),
            "process_seconds": statistics.median(r[0] for r in runs),
            "peak_mb": max(r[1] for r in runs),
            "agrees": "",
        }
        out.append(row)
        if fairlearn:
            fl_out = tmp / "fairlearn.json"
            wall, peak, stdout, stderr, status = measured(
                [*me, "--worker", "fairlearn", str(path), str(fl_out), *flag]
            )
            assert status == 0, stderr
            info = json.loads(stdout)
            ok, worst, compared = compare(aiact_json, json.loads(fl_out.read_text()))
            verdict = f"{'yes' if ok else 'NO'} ({compared:,} figures, max diff {worst:.1e})"
            row["agrees"] = verdict
            out.append(
                {
                    "tool": "Fairlearn MetricFrame",
                    "rows": rows,
                    "seconds": info["seconds"],
                    "process_seconds": wall,
                    "peak_mb": peak,
                    "agrees": f"(+{info['load_seconds']:.1f} s to read the Parquet file)",
                }
            )
    return out


def table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| rows | tool | time (s) | process wall (s) | peak RSS (MB) | vs DuckDB | agrees with Fairlearn |",
        "|---:|---|---:|---:|---:|---:|---|",
    ]
    floor: dict[int, float] = {}
    for r in rows:
        if r["tool"].startswith("DuckDB"):
            floor[r["rows"]] = r["seconds"]
    for r in rows:
        ratio = r["seconds"] / floor[r["rows"]] if r["rows"] in floor else float("nan")
        lines.append(
            f"| {r['rows']:,} | {r['tool']} | {r['seconds']:.2f} | {r['process_seconds']:.2f} "
            f"| {r['peak_mb']:.0f} | {ratio:.1f}x | {r['agrees']} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=float, action="append", help="rows (repeatable)")
    parser.add_argument("--huge", action="store_true", help="add 10^8 rows (aiact, DuckDB)")
    parser.add_argument("--score", action="store_true", help="audit a score column too (AUC)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of aiact and DuckDB")
    parser.add_argument("--no-fairlearn", action="store_true")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        kind, *rest = args.worker
        if kind == "generate":
            generate(int(rest[0]))
        elif kind == "duckdb":
            worker_duckdb(rest[0], args.score)
        else:
            worker_fairlearn(rest[0], rest[1], args.score)
        return
    sizes = [int(r) for r in (args.rows or [1e6, 1e7])]
    results: list[dict[str, Any]] = []
    for n in sizes:
        results += bench(n, args.repeat, args.score, not args.no_fairlearn)
    if args.huge:
        results += bench(100_000_000, args.repeat, args.score, fairlearn=False)
    print(
        f"\nScore column: {'yes (AUC compared with scikit-learn)' if args.score else 'no'}; "
        f"{os.cpu_count()} cores; median of {args.repeat} runs for aiact and DuckDB.\n"
    )
    print(table(results))


if __name__ == "__main__":
    main()
