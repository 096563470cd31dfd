"""Shared pytest setup: collects the YAML law tests under tests/law/ as pytest items."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from aiact.engine.lawtest import load_tests, run_item
from aiact.engine.load import load_law

LAW_TESTS = Path(__file__).parent / "law"


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
