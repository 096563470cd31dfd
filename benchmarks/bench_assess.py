"""Benchmark: time to assess one profile and 10,000 profiles (target: 10,000 in under 10 s on one core).

Run:  python benchmarks/bench_assess.py [--n 10000] [--explain]

Profiles are the reference-case profiles under tests/cases/ (complete answers) cycled,
plus random partial profiles (deterministic seed), so both determined and undetermined
paths are measured. Prints the figures; nothing is asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def random_profiles(law: Any, n: int, seed: int = 7) -> list[Any]:
    from aiact.engine.profile import ONGOING, Profile

    rng = random.Random(seed)
    numbers = [0, 9, 249, 700, 5000, 5e7, 1.5e8, 3e9, 1e22, 2e24, 4e25]
    dates = [dt.date(2025, 6, 1), dt.date(2026, 3, 1), dt.date(2027, 1, 1), dt.date(2028, 2, 1)]
    out = []
    for _ in range(n):
        answers: dict[str, Any] = {}
        for qid, q in law.questions.items():
            if rng.random() > 0.8:
                continue
            if q.type == "bool":
                answers[qid] = rng.random() < 0.3
            elif q.type == "choice":
                answers[qid] = rng.choice(list(q.options))
            elif q.type == "number":
                answers[qid] = rng.choice(numbers)
            else:
                answers[qid] = rng.choice(dates + ([ONGOING] if q.allow_ongoing else []))
        out.append(Profile(answers=answers))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--explain", action="store_true", help="also build the explanation trail")
    args = ap.parse_args()

    t0 = time.perf_counter()
    from aiact.engine.assess import assess
    from aiact.engine.errors import ContradictionError
    from aiact.engine.load import load_law
    from aiact.engine.profile import load_profile

    law = load_law()
    t_load = time.perf_counter() - t0

    cases = [load_profile(p, law) for p in sorted((ROOT / "tests" / "cases").glob("*.yaml"))]
    randoms = random_profiles(law, max(0, args.n - len(cases)))
    profiles = (cases * (args.n // max(1, len(cases)) + 1))[: args.n // 2] + randoms
    profiles = profiles[: args.n]
    as_of = dt.date(2026, 11, 27)

    # one profile, repeated: median of 200 runs
    one = cases[0] if cases else profiles[0]
    singles = []
    for _ in range(200):
        s = time.perf_counter()
        assess(one, as_of, law, explain=args.explain)
        singles.append(time.perf_counter() - s)

    contradictions = 0
    s = time.perf_counter()
    for p in profiles:
        try:
            assess(p, as_of, law, explain=args.explain)
        except ContradictionError:
            contradictions += 1
    total = time.perf_counter() - s

    print(f"python {sys.version.split()[0]}, law: {len(law.questions)} questions, {len(law.rules)} rules, "
          f"{len(law.obligations)} obligations")
    print(f"load the law (once per process):        {t_load * 1000:8.1f} ms")
    print(f"assess one profile (median of 200):      {statistics.median(singles) * 1000:8.3f} ms")
    print(f"assess {len(profiles):,} profiles ({len(cases)} case profiles cycled + random): "
          f"{total:6.2f} s  ({total / len(profiles) * 1000:.3f} ms each; {contradictions} refused as contradictory)")
    mode = "full reports with trails" if args.explain else "conclusions only"
    print(f"target: 10,000 profiles in under 10 s on one core ({mode}) -> {'met' if total * 10_000 / len(profiles) < 10 else 'NOT met'}")


if __name__ == "__main__":
    main()
