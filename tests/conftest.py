"""Shared pytest setup: the Hypothesis profiles, and the YAML law tests under tests/law/
collected as pytest items."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from aiact.engine.lawtest import load_tests, run_item
from aiact.engine.load import load_law

LAW_TESTS = Path(__file__).parent / "law"

# Hypothesis (tests/test_properties.py). Locally every run draws new random examples, so
# that runs over time explore more profiles. In CI (the environment variable CI is set, as
# .ci/run does) the examples are derandomised: the same examples on every run, so that CI
# is reproducible and a red build is never a lucky seed. `--hypothesis-profile NAME`
# overrides the choice. Long randomised hunts: benchmarks/properties_random.py.
settings.register_profile(
    "aiact-local",
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "aiact-ci",
    parent=settings.get_profile("aiact-local"),
    derandomize=True,
    database=None,
    print_blob=True,
)


def running_in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


settings.load_profile("aiact-ci" if running_in_ci() else "aiact-local")


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if file_path.suffix == ".yaml" and LAW_TESTS in file_path.parents:
        return LawTestFile.from_parent(parent, path=file_path)
    return None


class LawTestFile(pytest.File):
    def collect(self) -> Any:
        for name, item in load_tests(self.path):
            yield LawTestItem.from_parent(self, name=name, spec=item)


class LawTestItem(pytest.Item):
    def __init__(self, *, spec: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.spec = spec

    def runtest(self) -> None:
        failures = run_item(self.spec, load_law(), str(self.path))
        if failures:
            raise LawTestFailure(failures)

    def repr_failure(self, excinfo: Any, style: Any = None) -> str:
        if isinstance(excinfo.value, LawTestFailure):
            line = self.spec.line
            return f"{self.path}:{line}: {self.name}\n  " + "\n  ".join(excinfo.value.failures)
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, (self.spec.line or 1) - 1, self.name


class LawTestFailure(Exception):
    def __init__(self, failures: list[str]) -> None:
        super().__init__("; ".join(failures))
        self.failures = failures
