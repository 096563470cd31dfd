"""Schema migrations, on SQLite and PostgreSQL: a database made at the first revision, with a row in
every table, upgrades to the newest keeping every row; and the models match the migrations
(Alembic's autogenerate finds nothing to add), so a change to models.py without its revision fails
here.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from browser import database_args
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Engine,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    select,
)

from aiact.inventory.db import alembic_config, database_url, make_engine, migrate, schema_revision
from aiact.inventory.models import Base

FIRST = "0001"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An engine on a new, empty database (no schema at all)."""
    with database_args(request.param, tmp_path) as args:
        url = database_url(path=args[1]) if args[0] == "--db" else database_url(args[1])
        engine = make_engine(url)
        yield engine
        engine.dispose()


def sample(column: Any, n: int) -> Any:
    """A value for ``column`` in row ``n`` (foreign keys point at row ``n`` of their table)."""
    kind = column.type
    if isinstance(kind, Boolean):
        return n % 2 == 0
    if isinstance(kind, Integer):
        return n
    if isinstance(kind, DateTime):
        return _dt.datetime(2026, 3, n, 9, 30, 15, tzinfo=_dt.UTC)
    if isinstance(kind, Date):
        return _dt.date(2027, 8, n)
    if isinstance(kind, JSON):
        return {"answers": {"q": [n, "ja", None, True]}, "note": "Grüße"}
    if isinstance(kind, LargeBinary):
        return bytes([0, 255, n]) * 3
    if isinstance(kind, String | Text):
        limit = getattr(kind, "length", None) or 200
        return (f"{column.table.name}.{column.name}.{n}-" + "é" * 64)[:limit]
    raise AssertionError(f"no sample value for {column.table.name}.{column.name} ({kind!r})")


def rows_of(engine: Engine, metadata: MetaData) -> dict[str, set[tuple[Any, ...]]]:
    """Every row of every table of ``metadata`` (its columns only), as read back."""
    out: dict[str, set[tuple[Any, ...]]] = {}
    with engine.connect() as conn:
        for table in metadata.sorted_tables:
            if table.name == "alembic_version":
                continue
            columns = sorted(table.columns, key=lambda c: c.name)
            out[table.name] = {tuple(_plain(v) for v in row) for row in conn.execute(select(*columns))}
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, _dt.datetime) and value.tzinfo is not None:
        value = value.astimezone(_dt.UTC).replace(tzinfo=None)
    if isinstance(value, dict | list):
        import json

        return json.dumps(value, sort_keys=True)
    return value


def test_an_old_database_upgrades_keeping_every_row(empty_engine: Engine) -> None:
    migrate(empty_engine, FIRST)
    assert schema_revision(empty_engine) == FIRST
    old = MetaData()
    old.reflect(empty_engine)
    with empty_engine.begin() as conn:
        for table in old.sorted_tables:
            if table.name != "alembic_version":
                conn.execute(table.insert(), [{c.name: sample(c, n) for c in table.columns} for n in (1, 2)])
    before = rows_of(empty_engine, old)
    assert all(len(rows) == 2 for rows in before.values()) and len(before) >= 11

    migrate(empty_engine)
    head = ScriptDirectory.from_config(alembic_config(empty_engine)).get_current_head()
    assert schema_revision(empty_engine) == head
    assert rows_of(empty_engine, old) == before, "an upgrade changed or lost rows"


def test_the_models_match_the_migrations(empty_engine: Engine) -> None:
    """What ``alembic check`` does: autogenerate against the migrated schema finds no change."""
    migrate(empty_engine)
    with empty_engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == [], ("models.py and the migrations differ; add an Alembic revision in "
                        f"src/aiact/inventory/migrations/versions/: {diff}")
