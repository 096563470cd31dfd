"""How many screens the interview needs: every reference case answered screen by screen.

For each profile in tests/cases, start from no answers and show the planner's first screen,
answered from the profile (what the profile leaves out is answered "not sure"), until the
planner has nothing left to ask. Prints the screens per case, the median and the maximum,
the answers given, and whether the outcome equals that of the full profile.

    python benchmarks/interview_length.py [--verbose]
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import yaml

from aiact.engine.load import load_law
from aiact.engine.planner import OUTCOME_FIELDS, replay
from aiact.engine.profile import load_profile

CASES = Path(__file__).resolve().parent.parent / "tests" / "cases"


def main() -> int:
    verbose = "--verbose" in sys.argv
    counts: dict[str, int] = {}
    answers: dict[str, int] = {}
    mismatches: list[str] = []
    law = load_law()
    start = time.perf_counter()
    for path in sorted(CASES.glob("*.yaml")):
        as_of = yaml.safe_load(path.read_text(encoding="utf-8")).get("as_of")
        run = replay(load_profile(path, law), as_of, law)
        counts[path.stem] = len(run.screens)
        answers[path.stem] = run.answered
        diff = [f for f in OUTCOME_FIELDS if run.interviewed[f] != run.complete[f]]
        flag = "" if not diff else "  DIFFERS: " + ", ".join(diff)
        if diff:
            mismatches.append(path.stem)
        print(f"{len(run.screens):3} screens {run.answered:3} answers  {path.stem}{flag}")
        if verbose:
            for s in run.screens:
                print(f"      {s}")
    elapsed = time.perf_counter() - start
    values = list(counts.values())
    print(f"\n{len(values)} cases: median {statistics.median(values):g} screens, maximum {max(values)} "
          f"({max(counts, key=lambda k: counts[k])}); median {statistics.median(answers.values()):g} answers")
    print(f"outcome equal to the full profile's: {len(values) - len(mismatches)} of {len(values)}"
          + (f" (differs: {', '.join(mismatches)})" if mismatches else ""))
    print(f"{elapsed:.1f} s")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
