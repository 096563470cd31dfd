"""constraints.txt pins what CI installs: every dependency of pyproject.toml, at a version
pyproject.toml allows, installed by .ci/run before it runs the README's test command."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent


def pins() -> dict[str, Version]:
    out: dict[str, Version] = {}
    for n, line in enumerate((ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, version = line.partition("==")
        assert sep and name and version, f"constraints.txt:{n}: not NAME==VERSION: {line!r}"
        out[canonicalize_name(name)] = Version(version)
    return out


def test_every_dependency_is_pinned_within_its_declared_range():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = project["dependencies"] + project["optional-dependencies"]["dev"]
    pinned = pins()
    problems = []
    for text in declared:
        req = Requirement(text)
        name = canonicalize_name(req.name)
        if name not in pinned:
            problems.append(f"{req.name}: not in constraints.txt")
        elif not req.specifier.contains(pinned[name], prereleases=True):
            problems.append(f"{req.name}: pinned {pinned[name]}, pyproject.toml allows {req.specifier}")
    assert not problems, "regenerate constraints.txt (see its header):\n" + "\n".join(problems)


def test_ci_installs_the_pins_before_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = re.search(r"<!-- test-command -->\s*```(?:sh|bash)?\n(.+?)\n```", readme, re.S)
    assert command, "README lacks the marked test command"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    pinned_install = ci.find("pip install -q -c constraints.txt -e '.[dev]'")
    assert pinned_install != -1, ".ci/run does not install with -c constraints.txt"
    assert ci.find(command.group(1).strip()) > pinned_install, ".ci/run must install the pins first"
    assert "constraints.txt" in readme, "the README should mention constraints.txt"
