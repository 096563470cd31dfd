"""Write the example prediction log `loans.csv` (deterministic: same file every run).

A credit-scoring system's log of 4,000 decisions: the true outcome (`repaid`), the system's
decision (`approved`) and score (`score`, a probability rounded to 0.001), and two group
columns (`sex`, `age_band`). The system is built to be harder on applicants aged 60+ and,
a little, on women (their scores are too low), so that the audit has something to find.
A few values are missing.

    python examples/audit/make_example.py
    aiact audit examples/audit/loans.csv --label repaid --prediction approved \
        --score score --group sex --group age_band --reference examples/audit/reference.yaml
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(rows: int = 4000, seed: int = 2026) -> None:
    rng = random.Random(seed)
    ages = ["18-29", "30-44", "45-59", "60+"]
    age_weights = [0.30, 0.34, 0.24, 0.12]  # 60+ under-represented against the reference
    with open(HERE / "loans.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["application_id", "sex", "age_band", "repaid", "approved", "score"])
        for i in range(rows):
            sex = "female" if rng.random() < 0.47 else "male"
            age = rng.choices(ages, age_weights)[0]
            # The score is the system's repayment probability. It is calibrated for men under
            # 60, but under-estimates applicants aged 60+ (by 0.12) and women (by 0.04).
            score = min(1.0, max(0.0, rng.betavariate(5, 2.2)))
            score = round(score, 3)
            truth = score + 0.12 * (age == "60+") + 0.04 * (sex == "female")
            repaid = 1 if rng.random() < min(truth, 1.0) else 0
            approved = 1 if score >= 0.6 else 0
            row = [f"A{i:05d}", sex, age, repaid, approved, f"{score:.3f}"]
            if i % 397 == 5:
                row[1] = ""  # sex not recorded
            if i % 1009 == 7:
                row[3] = ""  # outcome not yet known
            w.writerow(row)


if __name__ == "__main__":
    main()
