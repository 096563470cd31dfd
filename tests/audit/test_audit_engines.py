"""The same audit gives the same numbers whatever holds the data: files, DuckDB, PostgreSQL,
pandas, Polars, Arrow, Ibis."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from aiact.audit.api import audit
from aiact.audit.models import AuditResult

KW: dict[str, Any] = dict(
    label="y",
    prediction="p",
    score="score",
    groups=["sex", "age", "region"],
    reference={"sex": {"female": 0.5, "male": 0.5}},
)


def numbers(result: AuditResult) -> dict[str, Any]:
    return result.model_dump(exclude={"generated_at": True, "source": True})


def assert_same(a: Any, b: Any, path: str = "") -> None:
    """Exactly equal: every figure is computed from the same integer counts."""
    if isinstance(a, dict):
        assert isinstance(b, dict) and a.keys() == b.keys(), path
        for k in a:
            assert_same(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            assert_same(x, y, f"{path}[{i}]")
    else:
        assert a == b, path


@pytest.fixture(scope="module")
def df(log_factory: Any) -> pd.DataFrame:
    return log_factory(n=3000, seed=21, missing=True)


@pytest.fixture(scope="module")
def reference(df: pd.DataFrame) -> dict[str, Any]:
    return numbers(audit(df, **KW))


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory, df: pd.DataFrame) -> Path:
    d = tmp_path_factory.mktemp("logs")
    df.to_parquet(d / "log.parquet")
    df.to_csv(d / "log.csv", index=False)
    half = len(df) // 2
    df.iloc[:half].to_parquet(d / "part-1.parquet")
    df.iloc[half:].to_parquet(d / "part-2.parquet")
    con = duckdb.connect(str(d / "log.duckdb"))
    con.register("frame", df)
    con.execute("CREATE TABLE predictions AS SELECT * FROM frame")
    con.close()
    return d


def test_parquet_file(files: Path, reference: dict[str, Any]) -> None:
    assert_same(numbers(audit(str(files / "log.parquet"), **KW)), reference)


def test_parquet_glob(files: Path, reference: dict[str, Any]) -> None:
    assert_same(numbers(audit(str(files / "part-*.parquet"), **KW)), reference)


def test_csv_file(files: Path, reference: dict[str, Any]) -> None:
    assert_same(numbers(audit(files / "log.csv", **KW)), reference)


def test_duckdb_file(files: Path, reference: dict[str, Any]) -> None:
    result = audit(str(files / "log.duckdb"), table="predictions", **KW)
    assert_same(numbers(result), reference)
    assert result.source.description.endswith("(table predictions)")


def test_polars_and_arrow(df: pd.DataFrame, reference: dict[str, Any]) -> None:
    assert_same(numbers(audit(pl.from_pandas(df), **KW)), reference)
    assert_same(numbers(audit(pa.Table.from_pandas(df), **KW)), reference)


def test_ibis_table_on_duckdb(files: Path, reference: dict[str, Any]) -> None:
    import ibis

    t = ibis.duckdb.connect().read_parquet(files / "log.parquet")
    result = audit(t, **KW)
    assert result.source.engine == "duckdb"
    assert_same(numbers(result), reference)


@pytest.mark.postgres
def test_postgres_url_and_ibis_table(
    pg_url: str, pg_table: Any, df: pd.DataFrame, reference: dict[str, Any]
) -> None:
    name = pg_table(df)
    by_url = audit(pg_url, table=name, **KW)
    assert by_url.source.engine == "postgres"
    assert_same(numbers(by_url), reference)
    import ibis

    t = ibis.connect(pg_url).table(name)
    assert_same(numbers(audit(t, **KW)), reference)


@pytest.mark.postgres
def test_postgres_boolean_label_and_nan_score(pg_table: Any, pg_url: str) -> None:
    frame = pd.DataFrame(
        {
            "g": ["a", "a", "b", "b", "b"],
            "y": [True, False, True, False, True],
            "p": [True, True, False, False, True],
            "s": [0.9, 0.6, 0.2, float("nan"), 0.7],
        }
    )
    name = pg_table(frame)
    remote = audit(pg_url, table=name, label="y", prediction="p", score="s", groups=["g"])
    local = audit(frame, label="y", prediction="p", score="s", groups=["g"])
    assert remote.missing.score == local.missing.score == 1
    assert_same(numbers(remote)["attributes"], numbers(local)["attributes"])
