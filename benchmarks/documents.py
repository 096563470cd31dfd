"""How long writing the documents takes: every document each reference case calls for, in
each format.

For each profile in tests/cases: assess it, then build every document `aiact docs list`
names (required, on an event, or by choice) and render it as Markdown, HTML and DOCX (and PDF
where WeasyPrint is installed). Prints the median and the slowest time per format, and the
number of documents and blanks.

    python benchmarks/documents.py [--pdf]
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import aiact
from aiact import documents
from aiact.documents import formats

CASES = Path(__file__).resolve().parent.parent / "tests" / "cases"


def main() -> int:
    fmts = ["markdown", "html", "docx"] + (["pdf"] if "--pdf" in sys.argv else [])
    times: dict[str, list[float]] = {"build": [], **{f: [] for f in fmts}}
    count = blanks = 0
    for path in sorted(CASES.glob("*.yaml")):
        p = aiact.load_profile(path)
        a = aiact.assess(p)
        for need in documents.needs(a):
            if need.status == "possible":
                continue
            t0 = time.perf_counter()
            doc = documents.build(need.kind.id, p, a)
            times["build"].append(time.perf_counter() - t0)
            count += 1
            blanks += len(doc.to_fill)
            for fmt in fmts:
                t0 = time.perf_counter()
                formats.render_bytes(doc, fmt)
                times[fmt].append(time.perf_counter() - t0)
    print(f"{count} documents from {len(list(CASES.glob('*.yaml')))} reference cases, {blanks} fields left to fill")
    for step, values in times.items():
        ms = [v * 1000 for v in values]
        print(f"  {step:<9} median {statistics.median(ms):7.1f} ms   slowest {max(ms):7.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
