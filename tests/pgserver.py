"""The PostgreSQL server of the tests: its URL (AIACT_TEST_POSTGRES_URL, else the local server),
reached or else skipped with the reason, and failing under CI, where it must be there."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/test"


def reachable_url() -> str:
    """The server's URL once it answers; skip (fail when CI is set) when it cannot be reached."""
    url = os.environ.get("AIACT_TEST_POSTGRES_URL", DEFAULT_URL)
    try:
        import psycopg

        with psycopg.connect(url, connect_timeout=5) as conn:
            conn.execute("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - any connection failure
        message = f"PostgreSQL not reachable at {url}: {exc}".splitlines()[0]
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return url


@contextmanager
def fresh_schema(prefix: str = "aiact_test") -> Iterator[str]:
    """A new, empty schema on the server; yields a SQLAlchemy URL that uses it (search_path),
    and drops it at the end."""
    import psycopg

    url = reachable_url()
    schema = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in url else "?"
    try:
        yield "postgresql+psycopg://" + url.split("://", 1)[1] + f"{sep}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
