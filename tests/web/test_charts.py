"""The inline SVG charts: well-formed, accessible (title, desc, tooltips), to scale, escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from aiact.web import charts

NS = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ET.Element:
    return ET.fromstring(str(markup))


def rects(root: ET.Element, cls: str | None = None) -> list[ET.Element]:
    return [r for r in root.iter(f"{NS}rect") if cls is None or r.get("class") == cls]


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{NS}text")]


@pytest.mark.parametrize("top, expected", [
    (0, [0, 1]), (1, [0, 1]), (3, [0, 1, 2, 3]), (6, [0, 1, 2, 3, 4, 5, 6]), (7, [0, 2, 4, 6, 8]),
    (13, [0, 5, 10, 15]), (38, [0, 10, 20, 30, 40]), (999, [0, 200, 400, 600, 800, 1000]),
])
def test_ticks_are_round_numbers_covering_the_largest_value(top: int, expected: list[int]) -> None:
    assert charts.nice_ticks(top) == expected


def test_a_bar_chart_has_a_title_a_description_and_bars_to_scale() -> None:
    svg = charts.bar_chart("t", "Systems by tier", [charts.Bar("high-risk", 4, "c-tier-high", "/o/1/systems?tier=high"),
                                                    charts.Bar("minimal risk", 2, "c-tier-minimal")],
                           value_label="number of systems", category_label="tier")
    root = parse(svg)
    assert root.get("role") == "img" and root.get("aria-labelledby") == "t-title t-desc"
    assert root.find(f"{NS}title").text == "Systems by tier"  # type: ignore[union-attr]
    desc = root.find(f"{NS}desc").text or ""  # type: ignore[union-attr]
    assert "high-risk: 4" in desc and "minimal risk: 2" in desc
    high, minimal = rects(root, "c-tier-high")[0], rects(root, "c-tier-minimal")[0]
    assert float(high.get("width", 0)) == pytest.approx(2 * float(minimal.get("width", 0)), abs=0.1)
    assert high.find(f"{NS}title").text == "high-risk: 4"  # type: ignore[union-attr]
    assert "number of systems" in texts(root) and "tier" in texts(root)
    assert [a.get("href") for a in root.iter(f"{NS}a")] == ["/o/1/systems?tier=high"]


def test_labels_are_escaped_and_long_ones_shortened_with_the_full_text_as_a_tooltip() -> None:
    name = "<script>alert(1)</script> & a very long system name that goes on and on and on and on and on"
    svg = charts.bar_chart("x", "T & <b>", [charts.Bar(name, 1)], value_label="n", category_label="c")
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    root = parse(svg)
    label = next(t for t in root.iter(f"{NS}text") if t.find(f"{NS}title") is not None)
    assert label.find(f"{NS}title").text == name  # type: ignore[union-attr]
    assert "".join(label.itertext()).endswith("…")


def test_an_empty_chart_says_so() -> None:
    root = parse(charts.bar_chart("e", "Nothing", [], value_label="n", category_label="c", empty="No systems yet"))
    assert "No systems yet" in texts(root) and rects(root) == []
    root = parse(charts.stacked_bar_chart("s", "Nothing", [], [], value_label="n", category_label="c"))
    assert "Nothing to show yet" in texts(root)


def test_stacked_bars_have_one_segment_per_nonzero_value_a_legend_and_a_note() -> None:
    series = [charts.Series("open", "open", "c-st-open"), charts.Series("done", "done", "c-st-done")]
    rows = [charts.Row("CV ranking", {"open": 6, "done": 2}, "/o/1/tasks?system_id=1", note="1 overdue"),
            charts.Row("Chatbot", {"open": 0, "done": 3})]
    root = parse(charts.stacked_bar_chart("s", "Obligations per system", rows, series, value_label="obligations",
                                          category_label="system"))
    opened, done = rects(root, "c-st-open"), rects(root, "c-st-done")
    assert len(opened) == 1 + 1 and len(done) == 2 + 1  # the bars plus one legend swatch each
    cv_open = next(r for r in opened if r.find(f"{NS}title") is not None)
    assert cv_open.find(f"{NS}title").text == "CV ranking: 6 open"  # type: ignore[union-attr]
    widths = sorted(float(r.get("width", 0)) for r in done if r.find(f"{NS}title") is not None)
    assert widths[1] == pytest.approx(widths[0] * 1.5, abs=0.1)
    assert "1 overdue" in texts(root) and "open" in texts(root) and "done" in texts(root)
    desc = root.find(f"{NS}desc").text or ""  # type: ignore[union-attr]
    assert "CV ranking: 6 open, 2 done (1 overdue)" in desc and "Chatbot: 3 done" in desc


def test_the_timeline_draws_the_overdue_column_apart_in_its_own_colours() -> None:
    series = [charts.Series("due", "obligations due", "c-due")]
    highlight = [charts.Series("due", "overdue obligations", "c-overdue")]
    columns = [charts.Column("overdue", {"due": 4}, highlight=True),
               charts.Column("Dec", {"due": 0}, sub="2026"), charts.Column("Jan", {"due": 10}, sub="2027")]
    root = parse(charts.column_chart("tl", "Timeline", columns, series, highlight, value_label="number",
                                     category_label="month"))
    overdue = [r for r in rects(root, "c-overdue") if r.find(f"{NS}title") is not None]
    due = [r for r in rects(root, "c-due") if r.find(f"{NS}title") is not None]
    assert len(overdue) == 1 and len(due) == 2
    assert float(due[1].get("height", 0)) == pytest.approx(2.5 * float(overdue[0].get("height", 0)), abs=0.1)
    assert float(overdue[0].get("x", 0)) < float(due[0].get("x", 0))
    assert [line for line in root.iter(f"{NS}line") if line.get("class") == "c-divider"]
    labels = texts(root)
    assert {"overdue", "Dec", "Jan", "2026", "2027", "month", "number"} <= set(labels)
    assert "Jan 2027: 10 obligations due" in (root.find(f"{NS}desc").text or "")  # type: ignore[union-attr]
