"""The documentation is complete and current (Datasette style)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_generated_docs_are_current():
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_docs.py"), "--check"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr + "\nrun: python scripts/gen_docs.py"


def test_every_command_is_in_the_cli_reference_and_the_readme():
    from aiact.cli.main import app

    names = [c.name or c.callback.__name__.replace("_", "-") for c in app.registered_commands if c.callback]
    names += [g.name for g in app.registered_groups if g.name]
    cli_md = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in names:
        assert f"## aiact {name}" in cli_md, name
        assert re.search(rf"aiact {name}\b", readme), f"README does not mention `aiact {name}`"


def test_readme_test_command_is_what_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    m = re.search(r"<!-- test-command -->\s*```(?:sh|bash)?\n(.+?)\n```", readme, re.S)
    assert m, "README lacks the marked test command"
    assert m.group(1).strip() in ci


def test_the_api_walkthrough_runs_as_written():
    import doctest

    result = doctest.testfile(str(ROOT / "docs" / "api.md"), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 5 and result.failed == 0
