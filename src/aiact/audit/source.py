"""Where the predictions live, and the one aggregation pushed down to that engine.

The only query that touches the rows is a single GROUP BY at the finest level:

    group columns x label x prediction [x score bin]  ->  count(*) [, min/max(score)]

It runs where the data is (DuckDB for files, frames and DuckDB databases; the database
itself, through Ibis, for PostgreSQL and any other engine Ibis reaches). Its result, a few
hundred or thousand rows, lands in a table ``cells`` of a local DuckDB connection, where
every roll-up (per group, per intersection, overall) is computed. No row is pulled into
Python.

Heavy modules (duckdb, ibis, pyarrow) are imported inside functions so that the command's
start-up stays short.
"""

from __future__ import annotations

import difflib
import glob
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from aiact.audit.errors import AuditInputError

if TYPE_CHECKING:  # pragma: no cover
    import duckdb

# The aggregation returns at most this many cells; more means a group, label or prediction
# column with far too many values (an identifier, a continuous score used as label, ...).
MAX_CELLS = 2_000_000

_NUMERIC_DUCKDB = (
    "TINYINT",
    "SMALLINT",
    "INTEGER",
    "BIGINT",
    "HUGEINT",
    "UTINYINT",
    "USMALLINT",
    "UINTEGER",
    "UBIGINT",
    "UHUGEINT",
    "FLOAT",
    "DOUBLE",
    "REAL",
    "DECIMAL",
)


@dataclass(frozen=True)
class AggregationSpec:
    groups: list[str]
    label: str
    prediction: str
    score: str | None
    score_bins: int


def connect(database: str = ":memory:") -> duckdb.DuckDBPyConnection:
    """A DuckDB connection that prints nothing (no progress bar on long queries)."""
    import duckdb

    con = duckdb.connect(database)
    con.execute("SET enable_progress_bar = false")
    return con


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quote_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    line = text.splitlines()[0] if text else type(exc).__name__
    return line.strip()


def _hide_password(url: str) -> str:
    if "://" not in url or "@" not in url:
        return url
    scheme, rest = url.split("://", 1)
    creds, host = rest.rsplit("@", 1)
    if ":" in creds:
        creds = creds.split(":", 1)[0] + ":***"
    return f"{scheme}://{creds}@{host}"


class Source(Protocol):
    description: str
    engine: str

    def columns(self) -> dict[str, str]:
        """Column name -> type name."""
        ...

    def is_numeric(self, column: str) -> bool: ...

    def aggregate(self, spec: AggregationSpec) -> duckdb.DuckDBPyConnection:
        """Run the one aggregation; return a local DuckDB connection holding ``cells``."""
        ...


class DuckDBSource:
    """Anything DuckDB reads in place: Parquet/CSV files and globs, a DuckDB database
    file, or a pandas/Polars/Arrow frame registered with the connection."""

    engine = "duckdb"

    def __init__(self, con: duckdb.DuckDBPyConnection, relation: str, description: str):
        self.con = con
        self.relation = relation
        self.description = description
        self._columns: dict[str, str] | None = None

    def columns(self) -> dict[str, str]:
        if self._columns is None:
            import duckdb

            try:
                rows = self.con.execute(f"DESCRIBE SELECT * FROM {self.relation}").fetchall()
            except duckdb.Error as exc:
                raise AuditInputError(
                    f"{self.description}: cannot read: {first_line(exc)}"
                ) from None
            self._columns = {str(r[0]): str(r[1]) for r in rows}
        return self._columns

    def is_numeric(self, column: str) -> bool:
        kind = self.columns()[column].upper()
        return kind.startswith(_NUMERIC_DUCKDB)

    def aggregate(self, spec: AggregationSpec) -> duckdb.DuckDBPyConnection:
        import duckdb

        cols = self.columns()

        def key(name: str) -> str:
            # NaN in a floating-point column is a missing value, as NULL is.
            q = quote_ident(name)
            if cols.get(name, "").upper() in ("DOUBLE", "FLOAT", "REAL"):
                return f"CASE WHEN isnan({q}) THEN NULL ELSE {q} END"
            return q

        keys = [f"{key(g)} AS g{i}" for i, g in enumerate(spec.groups)]
        keys.append(f"{key(spec.label)} AS y")
        keys.append(f"{key(spec.prediction)} AS p")
        aggs = ["count(*) AS n"]
        inner = list(keys)
        outer = [f"g{i}" for i in range(len(spec.groups))] + ["y", "p"]
        if spec.score is not None:
            s = f"CAST({quote_ident(spec.score)} AS DOUBLE)"
            inner.append(f"CASE WHEN isnan({s}) THEN NULL ELSE {s} END AS s")
            outer.append(f"CAST(floor(s * {spec.score_bins} + 0.5) AS BIGINT) AS b")
            aggs += ["min(s) AS smin", "max(s) AS smax"]
        sql = (
            f"CREATE OR REPLACE TEMP TABLE cells AS "
            f"SELECT {', '.join(outer + aggs)} "
            f"FROM (SELECT {', '.join(inner)} FROM {self.relation}) "
            f"GROUP BY ALL LIMIT {MAX_CELLS + 1}"
        )
        try:
            self.con.execute(sql)
        except duckdb.Error as exc:
            raise AuditInputError(f"{self.description}: {first_line(exc)}") from None
        return self.con


class IbisSource:
    """An Ibis table on any backend: the aggregation is built with Ibis and runs there."""

    def __init__(self, table: Any, description: str | None = None):
        self.table = table
        try:
            self.engine = str(table.get_backend().name)
        except Exception:  # noqa: BLE001 - unbound tables have no backend
            self.engine = "ibis"
        self.description = description or f"Ibis table on {self.engine}"

    def columns(self) -> dict[str, str]:
        schema = self.table.schema()
        return {str(name): str(dtype) for name, dtype in schema.items()}

    def is_numeric(self, column: str) -> bool:
        dtype = self.table.schema()[column]
        return bool(dtype.is_numeric()) and not bool(dtype.is_boolean())

    def aggregate(self, spec: AggregationSpec) -> duckdb.DuckDBPyConnection:
        import ibis

        t = self.table

        def key(name: str) -> Any:
            # NaN in a floating-point column is a missing value, as NULL is.
            col = t[name]
            if col.type().is_floating():
                return ibis.ifelse(col.isnan(), ibis.null(col.type()), col)
            return col

        keys: dict[str, Any] = {f"g{i}": key(g) for i, g in enumerate(spec.groups)}
        keys["y"] = key(spec.label)
        keys["p"] = key(spec.prediction)
        aggs: dict[str, Any] = {"n": t.count()}
        if spec.score is not None:
            raw = t[spec.score].cast("float64")
            s = ibis.ifelse(raw.isnan(), ibis.null("float64"), raw)
            keys["b"] = (s * spec.score_bins + 0.5).floor().cast("int64")
            aggs.update(smin=s.min(), smax=s.max())
        expr = t.group_by(**keys).aggregate(**aggs).limit(MAX_CELLS + 1)
        try:
            arrow = expr.to_pyarrow()
        except Exception as exc:  # noqa: BLE001 - any backend error is bad input here
            raise AuditInputError(f"{self.description}: {first_line(exc)}") from None
        local = connect()
        local.register("cells_arrow", arrow)
        local.execute("CREATE TEMP TABLE cells AS SELECT * FROM cells_arrow")
        local.unregister("cells_arrow")
        return local


# --- opening a source -------------------------------------------------------------------

_PARQUET = (".parquet", ".pq", ".parq")
_CSV = (".csv", ".tsv", ".txt", ".csv.gz", ".tsv.gz", ".csv.zst")
_JSON = (".json", ".jsonl", ".ndjson")
_DUCKDB = (".duckdb", ".ddb", ".db")


def _sniff(path: str) -> str:
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise AuditInputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if head[:4] == b"PAR1":
        return "parquet"
    if head[8:12] == b"DUCK":
        return "duckdb"
    if head[:1] in (b"{", b"["):
        return "json"
    return "csv"


def _kind(path: str, first_file: str) -> str:
    lower = path.lower()
    if lower.endswith(_PARQUET):
        return "parquet"
    if lower.endswith(_CSV):
        return "csv"
    if lower.endswith(_JSON):
        return "json"
    if lower.endswith(_DUCKDB):
        return "duckdb"
    return _sniff(first_file)


def open_path(path: str, table: str | None = None) -> DuckDBSource:
    """A file, a glob of files, or a DuckDB database file (with a table)."""
    import duckdb

    if any(ch in path for ch in "*?["):
        matches = sorted(glob.glob(path, recursive=True))
        if not matches:
            raise AuditInputError(f"{path}: no file matches this pattern")
        first = matches[0]
    else:
        if not os.path.exists(path):
            raise AuditInputError(f"{path}: no such file")
        if os.path.isdir(path):
            raise AuditInputError(
                f"{path}: is a folder; pass a file or a glob such as '{path}/*.parquet'"
            )
        if not os.access(path, os.R_OK):
            raise AuditInputError(f"{path}: cannot read: permission denied")
        first = path
    kind = _kind(path, first)
    con = connect()
    if kind == "duckdb":
        try:
            con.execute(f"ATTACH {quote_literal(path)} AS aiact_src (READ_ONLY)")
            tables = [
                str(r[0])
                for r in con.execute(
                    "SELECT table_name FROM duckdb_tables() WHERE database_name = 'aiact_src' "
                    "UNION ALL SELECT view_name FROM duckdb_views() "
                    "WHERE database_name = 'aiact_src' AND NOT internal ORDER BY 1"
                ).fetchall()
            ]
        except duckdb.Error as exc:
            raise AuditInputError(f"{path}: cannot open DuckDB file: {first_line(exc)}") from None
        if table is None:
            if len(tables) != 1:
                listed = ", ".join(tables) if tables else "none"
                raise AuditInputError(f"{path}: pass --table (tables in this file: {listed})")
            table = tables[0]
        if table not in tables:
            listed = ", ".join(tables) if tables else "none"
            raise AuditInputError(f"{path}: no table '{table}' (tables: {listed})")
        relation = f"aiact_src.{quote_ident(table)}"
        return DuckDBSource(con, relation, f"{path} (table {table})")
    if table is not None:
        raise AuditInputError(f"{path}: --table applies only to a DuckDB file or a database URL")
    reader = {"parquet": "read_parquet", "csv": "read_csv", "json": "read_json_auto"}[kind]
    return DuckDBSource(con, f"{reader}({quote_literal(path)})", path)


def open_url(url: str, table: str | None) -> IbisSource:
    """A database URL (postgresql://user@host:port/db, or any URL ibis.connect accepts)."""
    shown = _hide_password(url)
    if not table:
        raise AuditInputError(f"{shown}: pass --table to name the table to audit")
    try:
        import ibis

        con = ibis.connect(url)
    except Exception as exc:  # noqa: BLE001 - driver errors vary by backend
        raise AuditInputError(f"{shown}: cannot connect: {first_line(exc)}") from None
    database: str | None = None
    name = table
    if "." in table:
        database, name = table.rsplit(".", 1)
    try:
        t = con.table(name, database=database) if database else con.table(name)
    except Exception as exc:  # noqa: BLE001
        raise AuditInputError(f"{shown}: no table '{table}': {first_line(exc)}") from None
    return IbisSource(t, f"{shown} (table {table})")


def _is_ibis_table(obj: Any) -> bool:
    module = type(obj).__module__ or ""
    return module.startswith("ibis") and hasattr(obj, "schema") and hasattr(obj, "group_by")


def open_data(data: Any, table: str | None = None) -> Source:
    """Turn what the user gave into a Source.

    Accepts a path or glob (str or Path), a database URL, an Ibis table, a pandas, Polars
    or Arrow frame (queried in place by DuckDB), or a DuckDB relation's Arrow export.
    """
    if isinstance(data, Path):
        data = str(data)
    if isinstance(data, str):
        if "://" in data and not data.startswith("file://"):
            if data.startswith("duckdb://"):
                return open_path(data[len("duckdb://") :], table)
            return open_url(data, table)
        if data.startswith("file://"):
            data = data[len("file://") :]
        return open_path(data, table)
    if _is_ibis_table(data):
        return IbisSource(data)
    module = type(data).__module__ or ""
    frame: Any = data
    if module.startswith("polars"):
        if type(data).__name__ == "LazyFrame":
            frame = data.collect()
        frame = frame.to_arrow()
        kind = "Polars frame"
    elif module.startswith("pandas"):
        kind = "pandas frame"
    elif module.startswith("pyarrow"):
        kind = "Arrow table"
    else:
        raise AuditInputError(
            f"cannot audit a {type(data).__name__}: pass a file path, a database URL, an Ibis "
            "table, or a pandas, Polars or Arrow frame"
        )
    import duckdb

    con = connect()
    try:
        con.register("aiact_frame", frame)
    except duckdb.Error as exc:
        raise AuditInputError(f"{kind}: cannot read: {first_line(exc)}") from None
    return DuckDBSource(con, "aiact_frame", kind)


def check_columns(source: Source, needed: dict[str, str]) -> None:
    """Every named column exists (exact spelling); needed maps column -> role."""
    available = source.columns()
    for column, role in needed.items():
        if column in available:
            continue
        hint = difflib.get_close_matches(column, list(available), n=1)
        suggestion = f"; did you mean '{hint[0]}'?" if hint else ""
        listed = ", ".join(list(available)[:20]) + (" ..." if len(available) > 20 else "")
        raise AuditInputError(
            f"{source.description}: no {role} column '{column}'{suggestion} (columns: {listed})"
        )
