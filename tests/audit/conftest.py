"""Fixtures for the audit tests: a seeded synthetic prediction log and a PostgreSQL server."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd
import pytest

from pgserver import reachable_url


def make_log(n: int = 6000, seed: int = 7, missing: bool = False) -> pd.DataFrame:
    """A prediction log whose error rates depend on three group columns.

    Scores are rounded to 0.001 so that the binned AUC is exact (1000 bins)."""
    rng = np.random.default_rng(seed)
    sex = rng.choice(["female", "male"], n, p=[0.45, 0.55])
    age = rng.choice(["18-29", "30-44", "45-59", "60+"], n, p=[0.3, 0.3, 0.25, 0.15])
    region = rng.choice(["north", "south", "east"], n)
    base = 0.35 + 0.1 * (sex == "male") - 0.05 * (age == "60+")
    y = (rng.random(n) < base).astype(int)
    shift = 0.12 * (sex == "female") + 0.08 * (age == "60+")
    score = np.clip(0.25 + 0.45 * y - shift * y + rng.normal(0, 0.18, n), 0, 1)
    score = np.round(score, 3)
    p = (score >= 0.5).astype(int)
    df = pd.DataFrame({"sex": sex, "age": age, "region": region, "y": y, "p": p, "score": score})
    if missing:
        df["sex"] = df["sex"].astype(object)
        df.loc[df.index[:25], "sex"] = None
        df["y"] = df["y"].astype("Int64")
        df.loc[df.index[30:40], "y"] = pd.NA
    return df


@pytest.fixture(scope="session")
def log() -> pd.DataFrame:
    return make_log()


@pytest.fixture(scope="session")
def log_factory() -> Any:
    return make_log


@pytest.fixture(scope="session")
def pg_url() -> str:
    """The PostgreSQL server's URL; skip (fail under CI) when it cannot be reached."""
    return reachable_url()


@pytest.fixture
def pg_table(pg_url: str) -> Iterator[Any]:
    """Create tables from DataFrames under unique names; drop them afterwards."""
    import psycopg

    created: list[str] = []

    def create(df: pd.DataFrame) -> str:
        name = f"aiact_audit_{uuid.uuid4().hex[:10]}"
        cols = []
        for col, dtype in df.dtypes.items():
            if pd.api.types.is_float_dtype(dtype):
                kind = "double precision"
            elif pd.api.types.is_integer_dtype(dtype):
                kind = "bigint"
            elif pd.api.types.is_bool_dtype(dtype):
                kind = "boolean"
            else:
                kind = "text"
            cols.append(f'"{col}" {kind}')
        with psycopg.connect(pg_url) as conn:
            conn.execute(f'CREATE TABLE "{name}" ({", ".join(cols)})')
            created.append(name)
            names = ", ".join(f'"{c}"' for c in df.columns)
            with conn.cursor().copy(f'COPY "{name}" ({names}) FROM STDIN') as copy:
                for row in df.itertuples(index=False):
                    copy.write_row([None if pd.isna(v) else v for v in row])
        return name

    yield create
    with psycopg.connect(pg_url) as conn:
        for name in created:
            conn.execute(f'DROP TABLE IF EXISTS "{name}"')
