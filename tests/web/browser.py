"""Real app processes and a real browser, for the tests that must see the app as it runs.

``running_app(...)`` starts ``aiact serve`` in a subprocess on a free port (its own SQLite file or a
PostgreSQL URL), waits until it answers, and stops it at the end; its output is kept in a log file
and shown when it fails to start. ``chromium()`` is Debian's Chromium for Playwright
(``executable_path``; nothing is downloaded): missing, the test is skipped with the reason, or fails
under CI. ``JSErrors`` collects every console error and uncaught exception of a page, so a test
fails on any JavaScript error.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from pgserver import fresh_schema

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("AIACT_CHROMIUM", "/usr/bin/chromium"))


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class AppServer:
    """One ``aiact serve`` process: its address, its database arguments and its log."""

    url: str
    database: list[str]
    process: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


def env_for_app() -> dict[str, str]:
    """The environment of an app process: this checkout's ``src`` first on the path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), env.get("PYTHONPATH", "")) if p)
    env.pop("AIACT_DATABASE_URL", None)
    return env


def aiact(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run the ``aiact`` command (this checkout's) and return what it did."""
    return subprocess.run([sys.executable, "-m", "aiact.cli.main", *args], env=env_for_app(),
                          capture_output=True, text=True, timeout=timeout)


def start_app(database: list[str], log_dir: Path, *, extra: tuple[str, ...] = ()) -> AppServer:
    """Start ``aiact serve`` with ``database`` (``["--db", PATH]`` or ``["--database-url", URL]``)
    without waiting for it (see ``wait_until_up``)."""
    port = free_port()
    log = log_dir / f"aiact-serve-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "aiact.cli.main", "serve", "--port", str(port),
                                    *database, *extra], env=env_for_app(), stdout=out,
                                   stderr=subprocess.STDOUT, cwd=log_dir)
    return AppServer(f"http://127.0.0.1:{port}", database, process, log)


def wait_until_up(server: AppServer, timeout: float = 60) -> None:
    """Wait until the server answers HTTP; fail with its output if it exits or never answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise AssertionError(f"aiact serve exited with status {server.process.returncode}:\n{server.output()}")
        try:
            httpx.get(server.url + "/login", timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    server.stop()
    raise AssertionError(f"aiact serve did not answer within {timeout:.0f} s:\n{server.output()}")


@contextmanager
def running_app(database: list[str], log_dir: Path, *, extra: tuple[str, ...] = ()) -> Iterator[AppServer]:
    server = start_app(database, log_dir, extra=extra)
    try:
        wait_until_up(server)
        yield server
    finally:
        server.stop()


def chromium() -> str:
    """Debian's Chromium for Playwright; skip (fail under CI) when it is not installed."""
    if CHROMIUM.exists():
        return str(CHROMIUM)
    reason = f"no Chromium at {CHROMIUM}: install Debian's 'chromium' package (.ci/run does) to run the browser tests"
    if in_ci():
        pytest.fail(reason)
    pytest.skip(reason)


@dataclass
class JSErrors:
    """Every console error and uncaught exception of the pages it watches."""

    errors: list[str] = field(default_factory=list)
    ignored: list[re.Pattern[str]] = field(default_factory=list)

    def watch(self, page: Any) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"{page.url}: uncaught {exc}"))

    def _console(self, message: Any) -> None:
        if message.type != "error":
            return
        text = f"{message.location.get('url', '')}: console error: {message.text}"
        if not any(p.search(text) for p in self.ignored):
            self.errors.append(text)

    def ignore(self, pattern: str) -> None:
        """Expect one kind of error (e.g. the 404 of a page a test asks for on purpose)."""
        self.ignored.append(re.compile(pattern))

    def check(self) -> None:
        assert not self.errors, "JavaScript errors in the browser:\n" + "\n".join(self.errors)


def fresh_pg_schema() -> Any:
    """A new, empty schema on the tests' PostgreSQL server (see tests/pgserver.py)."""
    return fresh_schema("aiact_proc")


@contextmanager
def database_args(backend: str, tmp_path: Path) -> Iterator[list[str]]:
    """``aiact`` arguments naming a fresh database: ``--db FILE`` or ``--database-url URL``."""
    if backend == "sqlite":
        yield ["--db", str(tmp_path / "inventory.db")]
    else:
        with fresh_pg_schema() as url:
            yield ["--database-url", url]
