"""Where the inventory lives: the database URL, the engine, and schema migrations.

SQLite (a file, created on first use) is the default; PostgreSQL runs the same schema in
production (``postgresql+psycopg://...``). ``open_database`` migrates to the newest schema
with Alembic before returning, so a database made by an older release is upgraded in place.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from aiact.engine.errors import InputError
from aiact.inventory.errors import Conflict

ENV_URL = "AIACT_DATABASE_URL"
READ_ONLY = "aiact_read_only"  # execution option of the sessions that only read
MIGRATIONS = Path(__file__).parent / "migrations"


def default_path() -> Path:
    """The embedded database's file: ``$XDG_DATA_HOME/aiact/inventory.db`` (or ~/.local/share)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "aiact" / "inventory.db"


def database_url(url: str | None = None, path: str | Path | None = None) -> str:
    """The URL to use: the one given, else $AIACT_DATABASE_URL, else a SQLite file (``path``
    or the default). A bare ``postgresql://`` URL is read with the psycopg 3 driver."""
    if url is None and path is not None:
        url = f"sqlite:///{Path(path).expanduser().resolve()}"
    url = url or os.environ.get(ENV_URL) or f"sqlite:///{default_path()}"
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise InputError(f"'{url}' is not a database URL (sqlite:///PATH or postgresql+psycopg://...)",
                         field="--database-url") from None
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise InputError(f"unsupported database '{parsed.get_backend_name()}': use SQLite or PostgreSQL",
                         field="--database-url")
    return url


def make_engine(url: str) -> Engine:
    """An engine for ``url``. SQLite: the folder is created, foreign keys are enforced, the
    journal is WAL, and every transaction starts ``BEGIN IMMEDIATE`` so that two app processes
    on one file take turns instead of failing mid-write."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, future=True)
    database = parsed.database or ""
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, future=True, connect_args={"timeout": 30, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # let the "begin" hook below issue BEGIN
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        if database and database != ":memory:":
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        # A reading transaction (Database.session(read_only=True)) takes no lock: in WAL mode
        # readers never wait for the writer, so pages and lists stay fast while someone saves.
        conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get(READ_ONLY) else "BEGIN IMMEDIATE")

    return engine


def alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


MIGRATION_LOCK = 0x41494D47  # "AIMG": the PostgreSQL advisory lock held while migrating


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (the newest by default); rows are kept.

    Several app processes may start at once on one database (``--workers``, or instances
    behind a load balancer): on PostgreSQL they take turns on an advisory lock, so the first
    migrates and the others find the schema current. On SQLite the migration runs in one
    ``BEGIN IMMEDIATE`` transaction (see ``make_engine``), which serialises them the same way."""
    from alembic import command

    if engine.dialect.name != "postgresql":
        command.upgrade(alembic_config(engine), revision)
        return
    with engine.connect() as lock:
        lock.exec_driver_sql(f"SELECT pg_advisory_lock({MIGRATION_LOCK})")
        lock.commit()
        try:
            command.upgrade(alembic_config(engine), revision)
        finally:
            lock.exec_driver_sql(f"SELECT pg_advisory_unlock({MIGRATION_LOCK})")
            lock.commit()


def schema_revision(engine: Engine) -> str | None:
    """The Alembic revision the database is at, or None for an empty database."""
    if "alembic_version" not in inspect(engine).get_table_names():
        return None
    with engine.connect() as conn:
        return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


class Database:
    """An opened, migrated inventory database and its session factory."""

    def __init__(self, url: str | None = None, *, path: str | Path | None = None, migrate_now: bool = True):
        self.url = database_url(url, path)
        self.engine = make_engine(self.url)
        if migrate_now:
            migrate(self.engine)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False, future=True)
        self.readers = sessionmaker(self.engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False,
                                    future=True)

    @property
    def display_url(self) -> str:
        return make_url(self.url).render_as_string(hide_password=True)

    @contextmanager
    def session(self, *, read_only: bool = False) -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back if it raises.

        ``read_only``: the block only reads (a GET request). On SQLite it then starts without
        taking the write lock (a plain ``BEGIN``), so it never queues behind a writer; a write
        in it may fail when another process writes at the same moment. On PostgreSQL it makes
        no difference.

        Two writers who read the same version of a row and both pass the version check (two app
        processes on PostgreSQL, at the same moment) cannot both save: the second UPDATE finds
        the version moved on (the mapper's version check) and is told so as a Conflict (409)."""
        try:
            with (self.readers if read_only else self.sessions)() as s, s.begin():
                yield s
        except StaleDataError:
            raise Conflict("someone else changed this at the same moment; reload it and apply your change again",
                           field="version") from None

    def dispose(self) -> None:
        self.engine.dispose()
