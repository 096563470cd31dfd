"""docs/web.md shows the app's pages: every screenshot it names exists (scripts/screenshots.py
makes them) and is small enough to keep in the repository; every web-*.png is shown."""

from __future__ import annotations

import re
from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_every_screenshot_of_the_web_docs_exists_and_is_shown() -> None:
    text = (DOCS / "web.md").read_text(encoding="utf-8")
    named = set(re.findall(r"\]\((screenshots/[^)]+\.png)\)", text))
    assert named, "docs/web.md shows no screenshot"
    missing = [n for n in named if not (DOCS / n).is_file()]
    assert not missing, f"docs/web.md names screenshots that do not exist: {missing}"
    kept = {f"screenshots/{p.name}" for p in (DOCS / "screenshots").glob("web-*.png")}
    assert kept <= named, f"screenshots no page of docs/web.md shows: {sorted(kept - named)}"
    big = [p.name for p in (DOCS / "screenshots").glob("web-*.png") if p.stat().st_size > 400_000]
    assert not big, f"screenshots over 400 KB: {big}"
