"""A long randomised run of the property tests (tests/test_properties.py); not part of pytest.

The pytest suite runs each property with a modest number of examples, derandomised in CI
(CI=true) so that CI is reproducible. This script hunts for counterexamples instead: it runs
every property test again and again, each round with a fresh random seed and many examples,
and prints how many examples ran and every failure (with its seed and the falsifying
example, minimised by Hypothesis).

Run:  python benchmarks/properties_random.py [--examples 2000] [--rounds 3] [--minutes M]
                                             [--seed S] [-k SUBSTRING]

``--minutes`` keeps starting rounds until the time is up. ``--seed`` makes the first round's
seed fixed (the next rounds use seed+1, seed+2, ...), to replay a run. Exit status 1 if any
property failed, 0 otherwise.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import sys
import time
import traceback
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PROPERTIES = ROOT / "tests" / "test_properties.py"


def load_properties(examples: int) -> ModuleType:
    """Import the property tests under a profile with many examples and no example database.

    The tests' own settings object inherits every value it does not set from the profile
    active when the module is imported, so the profile is loaded first.
    """
    from hypothesis import HealthCheck, settings

    settings.register_profile(
        "aiact-random-deep",
        max_examples=examples,
        derandomize=False,
        database=None,  # fresh exploration every round; nothing is written to .hypothesis/
        deadline=None,
        print_blob=True,  # a failure prints @reproduce_failure(...) to replay it exactly
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    settings.load_profile("aiact-random-deep")
    spec = importlib.util.spec_from_file_location("aiact_property_tests", PROPERTIES)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Counts:
    """Test cases per property, phase and status, from the statistics Hypothesis reports.

    ``hypothesis.statistics.collector`` is what ``pytest --hypothesis-show-statistics`` reads;
    it is cheap, unlike the observability callbacks (which made runs seven times slower).
    Where it is missing (another Hypothesis version) the runs go on without counts.
    """

    def __init__(self) -> None:
        try:
            from hypothesis.statistics import collector
        except ImportError:  # pragma: no cover - other Hypothesis versions
            collector = None
        self.collector = collector
        self.available = collector is not None

    def run(self, fn: Any) -> tuple[Counter[str], Exception | None]:
        """Call the test; its test cases by "phase status" (e.g. "generate valid"), and the
        exception of a falsified property (None if it held)."""
        seen: Counter[str] = Counter()

        def note(stats: dict[str, Any]) -> None:
            for phase, data in stats.items():
                if isinstance(data, dict) and "test-cases" in data:
                    for case in data["test-cases"]:
                        seen[f"{phase.removesuffix('-phase')} {case.get('status', '?')}"] += 1

        try:
            if self.collector is None:
                fn()
            else:
                with self.collector.with_value(note):
                    fn()
        except Exception as exc:  # a falsified property: the caller reports it
            return seen, exc
        return seen, None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--examples", type=int, default=2000, help="valid examples per property and round")
    ap.add_argument("--rounds", type=int, default=3, help="rounds (each with a new seed)")
    ap.add_argument("--minutes", type=float, default=None, help="keep running rounds for this long")
    ap.add_argument("--seed", type=int, default=None, help="seed of the first round (default: random)")
    ap.add_argument("-k", dest="select", default="", help="only properties whose name contains this")
    args = ap.parse_args(argv)

    from hypothesis import seed as use_seed

    module = load_properties(args.examples)
    tests = {
        name: fn
        for name, fn in vars(module).items()
        if name.startswith("test_") and hasattr(fn, "hypothesis") and args.select in name
    }
    if not tests:
        print(f"no property test matches -k {args.select!r}", file=sys.stderr)
        return 2
    counts = Counts()
    first_seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**32)
    deadline = time.monotonic() + args.minutes * 60 if args.minutes else None
    totals: dict[str, Counter[str]] = {name: Counter() for name in tests}
    failures: list[tuple[str, int]] = []
    started = time.monotonic()
    round_no = 0
    while True:
        if deadline is not None:
            if time.monotonic() >= deadline:
                break
        elif round_no >= args.rounds:
            break
        seed = first_seed + round_no
        round_no += 1
        for name, fn in tests.items():
            t0 = time.monotonic()
            status = "ok"
            ran, error = counts.run(use_seed(seed)(fn))
            if error is not None:  # report it, keep going
                status = "FAILED"
                failures.append((name, seed))
                print(f"\n=== {name} FAILED with seed {seed} ===", flush=True)
                print("".join(traceback.format_exception(error)), flush=True)
            totals[name] += ran
            detail = ", ".join(f"{k} {v}" for k, v in sorted(ran.items())) if counts.available else "counts n/a"
            print(f"round {round_no} seed {seed} {name}: {status} ({detail}; {time.monotonic() - t0:.1f} s)",
                  flush=True)

    print(f"\n{round_no} round(s) in {time.monotonic() - started:.0f} s, up to {args.examples} "
          "valid examples per property and round")
    for name, total in totals.items():
        line = ", ".join(f"{k} {v}" for k, v in sorted(total.items())) if counts.available else "n/a"
        print(f"  {name}: {line}")
    if counts.available:
        print("  (generate valid = examples checked; invalid = rejected by assume(); "
              "interesting = falsifying; shrink = the search for the smallest of those)")
    if failures:
        print(f"{len(failures)} failure(s): " + "; ".join(f"{n} (seed {s})" for n, s in failures))
        return 1
    print("no property failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
