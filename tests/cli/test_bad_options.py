"""A bad command line never ends in a traceback (issue 6, reliability).

These tests drive the installed console script (`aiact` next to the interpreter), so
they see what a user sees after `pip install`: the entry point, the installed Typer
(which vendors Click from 0.2x on, so `click` may not be importable) and the real
exit status. Every bad option value, unknown option, missing argument or unknown
command prints exactly one line on stderr starting with `error:` and exits with 2.
"""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROFILE = str(ROOT / "examples" / "profiles" / "cv-ranking-deployer.yaml")
AUDIT_BASE = ("--label", "y", "--prediction", "p", "--group", "g")


def aiact() -> Path:
    script = Path(sys.executable).parent / ("aiact.exe" if sys.platform == "win32" else "aiact")
    assert script.exists(), f"{script} is missing: install the package (pip install -e '.[dev]')"
    return script


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(aiact()), *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        cwd=ROOT,
        timeout=120,
    )


CASES = [
    # (command line, fragments the one error line must contain)
    (("assess", PROFILE, "--format", "nonsense"),
     ["invalid value for '--format'", "'nonsense' is not one of 'text', 'markdown', 'json'"]),
    (("assess", PROFILE, "--as-of", "not-a-date"), ["'--as-of'", "'not-a-date' is not a date"]),
    (("next", PROFILE, "--as-of", "2026-02-30"), ["'--as-of'", "'2026-02-30'"]),
    (("interview", "--format", "nonsense"), ["invalid value for '--format'", "'nonsense'"]),
    (("audit", "log.csv", *AUDIT_BASE, "--intersections", "sideways"),
     ["'--intersections'", "'sideways'"]),
    (("audit", "log.csv", *AUDIT_BASE, "--confidence", "high"), ["'--confidence'"]),
    (("audit", "log.csv", "--label", "y"), ["missing option", "'--prediction'"]),
    (("biometric", "--fmr", "often"), ["'--fmr'"]),
    (("compute", "--parameters", "seven-billion"), ["invalid value for '--parameters'"]),
    (("compute", "--flop", "1e24", "--as-of", "2026-13-01"), ["'--as-of'", "'2026-13-01'"]),
    (("assess", PROFILE, "--no-such-option"), ["no such option", "--no-such-option"]),
    (("assess", PROFILE, "--format"), ["'--format' requires an argument"]),
    (("rules", "--json=yes"), ["'--json' does not take a value"]),
    (("assess", PROFILE, "surplus"), ["unexpected extra argument", "surplus"]),
    (("assess",), ["missing argument", "profile"]),
    (("explain",), ["missing argument", "ref"]),
    (("asses", PROFILE), ["no such command", "'asses'"]),
]


@pytest.fixture(scope="module")
def outcomes() -> dict[tuple[str, ...], subprocess.CompletedProcess[str]]:
    """Run every case once, a few at a time (each run is mostly interpreter start-up)."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        procs = list(pool.map(lambda args: run(*args), [args for args, _ in CASES]))
    return {args: proc for (args, _), proc in zip(CASES, procs, strict=True)}


@pytest.mark.parametrize(
    ("args", "fragments"), CASES, ids=[" ".join(c[0][:1] + c[0][2:])[:60] for c in CASES]
)
def test_bad_command_line_is_one_error_line_and_status_2(
    outcomes: dict[tuple[str, ...], subprocess.CompletedProcess[str]],
    args: tuple[str, ...],
    fragments: list[str],
) -> None:
    proc = outcomes[args]
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("error: "), lines[0]
    for fragment in fragments:
        assert fragment.lower() in lines[0].lower(), (fragment, lines[0])
    assert proc.stdout == "", proc.stdout


def test_unwritable_output_file_is_one_error_line(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    target = blocker / "report.txt"  # a file's "subdirectory": cannot be created, even by root
    proc = run("assess", PROFILE, "--output", str(target))
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith(f"error: {target}, field '--output': cannot write: "), lines[0]


def test_a_good_command_line_still_works() -> None:
    """The same entry point with a valid profile and option values: status 0, a report."""
    proc = run("assess", PROFILE, "--format", "json", "--as-of", "2026-11-27")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    report = json.loads(proc.stdout)
    assert report["category"] == "high"
    assert report["profile"]["name"] == "CV ranking for store-manager hiring"


def test_no_arguments_prints_the_help() -> None:
    """`aiact` alone asks for help (no_args_is_help): the help on stdout, status 0."""
    proc = run()
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert proc.stdout.startswith("Usage: aiact")
    assert "assess" in proc.stdout and "Traceback" not in proc.stdout
