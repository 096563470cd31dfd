"""Benchmark: the inventory web app with 10,000 systems, on SQLite and PostgreSQL.

Run:  python benchmarks/inventory.py [--backend sqlite|postgresql|both] [--systems 10000]
                                     [--clients 8] [--requests 400] [--workers 1]

Fills a fresh database with ``--systems`` AI systems, each with a stored assessment (the full
result, as the app keeps it) and its obligations as tasks: the 47 reference-case profiles of
tests/cases, assessed once by the engine and cycled, so tiers, roles and deadlines are the real
mix. Rows go in with SQLAlchemy Core in batches (the service layer would take minutes). Then it
starts ``aiact serve`` (uvicorn, a separate process) on the database and measures, with
``--clients`` concurrent httpx clients in threads on the same machine: the inventory list (page
1, a filter, a search, a sort) and assessing a system (POST .../assessments). Prints requests per
second and latency percentiles as a table; nothing is asserted (the target, p95 under 300 ms for
the list, is read off the table; docs/benchmarks.md keeps the figures).

PostgreSQL: the server at $AIACT_TEST_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/test),
in a schema of its own, dropped at the end.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from aiact import api  # noqa: E402
from aiact.inventory import accounts, systems  # noqa: E402
from aiact.inventory.db import Database  # noqa: E402
from aiact.inventory.models import AssessmentRecord, System, Task  # noqa: E402

PG_URL = os.environ.get("AIACT_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
OWNERS = ["HR", "Customer service", "Credit risk", "Supply chain", "Marketing", "IT", "Legal", "Operations"]
VENDORS = ["own development", "TalentRank Ltd", "CreditWise", "MoodMetrics GmbH", "Acme AI", "OpenModels"]
STATUSES = ["idea", "development", "market", "market", "retired"]
BATCH = 500


def assessed_cases() -> list[dict[str, Any]]:
    """The reference-case profiles with the engine's assessment of each (done once)."""
    out = []
    for path in sorted((ROOT / "tests" / "cases").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        profile = api.read_profile(data, source=str(path))
        result = api.assess(profile)
        data_out = result.to_json_dict()
        today = result.law.as_of
        upcoming = sorted(d for d in (systems._effective(ob) for ob in data_out["obligations"]) if d and d >= today)
        out.append({"name": data.get("name") or path.stem, "purpose": (data.get("description") or "").strip()[:2000],
                    "profile": api.profile_data(profile), "result": data_out, "category": result.category,
                    "roles": "," + ",".join(result.roles) + "," if result.roles else "",
                    "next_deadline": upcoming[0] if upcoming else None, "as_of": result.law.as_of,
                    "law_version": result.law.version_id, "scenario": result.law.scenario,
                    "obligations": data_out["obligations"]})
    return out


def fill(db: Database, n: int) -> tuple[int, str]:
    """An organisation with ``n`` assessed systems; returns its id and an admin's API token."""
    with db.session() as s:
        admin = accounts.create_user(s, "bench@example.org", "benchmark password")
        org = accounts.create_organisation(s, "Benchmark Group", admin=admin)
        token, _ = accounts.create_token(s, admin, "benchmark")
        org_id, user_id = org.id, admin.id
    cases = assessed_cases()
    rng = random.Random(8)
    now = _dt.datetime.now(_dt.UTC).replace(microsecond=0)
    task_id = 0
    with db.engine.begin() as conn:
        for start in range(0, n, BATCH):
            sys_rows, ass_rows, task_rows = [], [], []
            for i in range(start + 1, min(n, start + BATCH) + 1):
                case = cases[i % len(cases)]
                sys_rows.append({"id": i, "org_id": org_id, "name": f"{case['name']} #{i}",
                                 "owner": rng.choice(OWNERS), "purpose": case["purpose"],
                                 "vendor": rng.choice(VENDORS), "status": rng.choice(STATUSES),
                                 "profile": case["profile"], "interview": [], "tier": case["category"],
                                 "roles": case["roles"], "next_deadline": case["next_deadline"],
                                 "assessed_at": now, "version": 1, "created_at": now, "updated_at": now})
                ass_rows.append({"id": i, "system_id": i, "org_id": org_id, "created_at": now, "created_by": user_id,
                                 "as_of": case["as_of"], "law_version": case["law_version"],
                                 "scenario": case["scenario"], "category": case["category"],
                                 "profile": case["profile"], "result": case["result"]})
                for ob in case["obligations"]:
                    task_id += 1
                    task_rows.append({"id": task_id, "system_id": i, "org_id": org_id,
                                      "obligation_id": systems.task_key(ob), "ref": ob["ref"],
                                      "summary": ob["summary"], "owed_by": ob["owed_by"],
                                      "due_date": systems._effective(ob), "owner": "", "status": "open",
                                      "reason": "", "current": True, "version": 1, "updated_at": now})
            conn.execute(System.__table__.insert(), sys_rows)
            conn.execute(AssessmentRecord.__table__.insert(), ass_rows)
            if task_rows:
                conn.execute(Task.__table__.insert(), task_rows)
        if conn.dialect.name == "postgresql":  # ids were given: move the sequences past them
            for table in ("systems", "assessments", "tasks"):
                conn.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                     f"(SELECT max(id) FROM {table}))")
        else:
            conn.exec_driver_sql("ANALYZE")
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
    return org_id, token


@contextmanager
def database(backend: str) -> Iterator[tuple[list[str], Database]]:
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "inventory.db"
            db = Database(path=path)
            try:
                yield ["--db", str(path)], db
            finally:
                db.dispose()
        return
    import psycopg

    schema = f"aiact_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    url = "postgresql+psycopg://" + PG_URL.split("://", 1)[1] + f"?options=-csearch_path%3D{schema}"
    db = Database(url)
    try:
        yield ["--database-url", url], db
    finally:
        db.dispose()
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@contextmanager
def server(args: list[str], workers: int) -> Iterator[str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    env.pop("AIACT_DATABASE_URL", None)
    process = subprocess.Popen([sys.executable, "-m", "aiact.cli.main", "serve", "--port", str(port),
                                "--workers", str(workers), *args], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise SystemExit(f"aiact serve exited: {process.stderr.read().decode() if process.stderr else ''}")
            try:
                httpx.get(url + "/login", timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise SystemExit("aiact serve did not answer within 60 s") from None
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(10)


def load(url: str, token: str, requests: list[tuple[str, str]], clients: int) -> dict[str, float]:
    """Send ``requests`` (method, path) from ``clients`` threads at once; latencies and throughput."""
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    queue = iter(requests)

    def worker() -> None:
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=120) as c:
            c.get("/api/v1/orgs")  # connect first
            while True:
                with lock:
                    item = next(queue, None)
                if item is None:
                    return
                method, path = item
                t0 = time.perf_counter()
                r = c.request(method, path, json={} if method == "POST" else None)
                took = time.perf_counter() - t0
                with lock:
                    latencies.append(took)
                    if r.status_code >= 400:
                        failures.append(f"{method} {path}: {r.status_code} {r.text[:200]}")

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    if failures:
        raise SystemExit("requests failed:\n" + "\n".join(failures[:5]))
    q = statistics.quantiles(latencies, n=100)
    return {"n": len(latencies), "rps": len(latencies) / elapsed, "p50": q[49] * 1000, "p95": q[94] * 1000,
            "max": max(latencies) * 1000}


def run(backend: str, n: int, clients: int, count: int, workers: int) -> list[tuple[str, dict[str, float]]]:
    with database(backend) as (args, db):
        t0 = time.perf_counter()
        org_id, token = fill(db, n)
        print(f"{backend}: {n} systems with their assessments and tasks stored in {time.perf_counter() - t0:.1f} s",
              flush=True)
        base = f"/api/v1/orgs/{org_id}/systems"
        rng = random.Random(3)
        cases = {
            "list, page 1 (50 of 10,000, by name)": f"{base}",
            "list, filter tier=high & role=deployer": f"{base}?tier=high&role=deployer",
            "list, search q=credit": f"{base}?q=credit",
            "list, sort by deadline, descending, page 3": f"{base}?sort=deadline&desc=true&page=3",
        }
        figures = []
        with server(args, workers) as url:
            for label, path in cases.items():
                figures.append((label, load(url, token, [("GET", path)] * count, clients)))
            posts = [("POST", f"/api/v1/systems/{rng.randint(1, n)}/assessments") for _ in range(count // 2)]
            figures.append(("assess a system (POST .../assessments)", load(url, token, posts, clients)))
        return figures


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    ap.add_argument("--systems", type=int, default=10_000)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--requests", type=int, default=400, help="Requests per list case (half as many assessments).")
    ap.add_argument("--workers", type=int, default=1, help="aiact serve --workers")
    opts = ap.parse_args()
    backends = ["sqlite", "postgresql"] if opts.backend == "both" else [opts.backend]
    rows = []
    for backend in backends:
        for label, f in run(backend, opts.systems, opts.clients, opts.requests, opts.workers):
            rows.append((backend, label, f))
    print(f"\n{opts.systems} systems, {opts.clients} concurrent clients, aiact serve --workers {opts.workers}\n")
    print("| database | request | requests | req/s | p50 ms | p95 ms | max ms |")
    print("|---|---|---|---|---|---|---|")
    for backend, label, f in rows:
        print(f"| {backend} | {label} | {f['n']:.0f} | {f['rps']:.0f} | {f['p50']:.0f} | {f['p95']:.0f} | "
              f"{f['max']:.0f} |")


if __name__ == "__main__":
    main()
