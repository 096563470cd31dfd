"""Charts for the pages as inline SVG, drawn on the server: no JavaScript, nothing downloaded.

Each chart is an ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` that says in words what
it shows (screen readers read those), a tooltip (``<title>``) on every bar, axis labels, and
colours from CSS classes (``c-...`` in aiact.css, e.g. the tier colours). The pages put the same
figures in a table under ``<details>`` for anyone who prefers to read them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

from markupsafe import Markup

FONT = 12
CHAR = 6.6  # rough width of a character at FONT px, for laying out labels


@dataclass
class Bar:
    """One bar: its label, value, CSS class (its colour), optional link and tooltip."""

    label: str
    value: int
    cls: str = "c-bar"
    href: str | None = None
    tip: str | None = None


@dataclass
class Series:
    key: str
    name: str
    cls: str


@dataclass
class Row:
    """One stacked bar: a label and a value per series key."""

    label: str
    values: dict[str, int]
    href: str | None = None
    note: str = ""  # said after the bar, e.g. "2 overdue"
    note_cls: str = "c-note"


@dataclass
class Column:
    """One group of columns on the timeline: a label (and a second line), values per series."""

    label: str
    values: dict[str, int]
    sub: str = ""
    highlight: bool = False  # drawn apart and in the highlight colours (the overdue column)
    tip: str = ""


@dataclass
class _Svg:
    width: float
    height: float
    ident: str
    title: str
    desc: str
    parts: list[str] = field(default_factory=list)

    def add(self, markup: str) -> None:
        self.parts.append(markup)

    def text(self, x: float, y: float, content: str, *, cls: str = "c-text", anchor: str = "start",
             extra: str = "") -> None:
        self.add(f'<text x="{x:.1f}" y="{y:.1f}" class="{cls}" text-anchor="{anchor}"{extra}>'
                 f"{escape(content)}</text>")

    def rect(self, x: float, y: float, w: float, h: float, cls: str, tip: str | None = None) -> None:
        inner = f"<title>{escape(tip)}</title>" if tip else ""
        self.add(f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{max(h, 0):.1f}" '
                 f'class="{cls}">{inner}</rect>')

    def line(self, x1: float, y1: float, x2: float, y2: float, cls: str = "c-axis") -> None:
        self.add(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" class="{cls}"/>')

    def render(self) -> Markup:
        i = escape(self.ident)
        head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{i}" role="img" '
                f'viewBox="0 0 {self.width:.0f} {self.height:.0f}" width="100%" '
                f'style="max-width:{self.width:.0f}px" aria-labelledby="{i}-title {i}-desc" '
                f'font-size="{FONT}">'
                f'<title id="{i}-title">{escape(self.title)}</title><desc id="{i}-desc">{escape(self.desc)}</desc>')
        return Markup(head + "".join(self.parts) + "</svg>")


def nice_ticks(top: int, most: int = 6) -> list[int]:
    """Whole-number ticks from 0 up to at least ``top``, with a 1-2-5 step, at most ``most`` + 1."""
    top = max(int(top), 1)
    step = 1
    for magnitude in (10**k for k in range(0, 12)):
        for m in (1, 2, 5):
            if math.ceil(top / (m * magnitude)) <= most:
                step = m * magnitude
                break
        else:
            continue
        break
    end = math.ceil(top / step) * step
    return list(range(0, end + 1, step))


def shorten(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: max(limit - 1, 1)].rstrip() + "…"


def _link(href: str | None, inner: str) -> str:
    return f'<a href="{escape(href)}">{inner}</a>' if href else inner


def _empty(svg: _Svg, message: str) -> Markup:
    svg.text(svg.width / 2, svg.height / 2, message, cls="c-muted", anchor="middle")
    return svg.render()


def bar_chart(ident: str, title: str, bars: Sequence[Bar], *, value_label: str, category_label: str,
              desc: str = "", width: int = 560, empty: str = "Nothing to show yet") -> Markup:
    """Horizontal bars, one per category (labels on the left, values along the bottom)."""
    label_w = min(max((len(b.label) for b in bars), default=8) * CHAR + 12, 210)
    left, right, top, bottom, bar_h, gap = 22 + label_w, 40, 8, 44, 22, 8
    height = top + max(len(bars), 1) * (bar_h + gap) + bottom
    desc = desc or "; ".join(f"{b.label}: {b.value}" for b in bars) or empty
    svg = _Svg(width, height, ident, title, f"{title}. {category_label} by {value_label}: {desc}.")
    if not bars:
        return _empty(svg, empty)
    ticks = nice_ticks(max(b.value for b in bars))
    plot_w = width - left - right
    scale = plot_w / ticks[-1]
    base = height - bottom
    _value_grid(svg, ticks, left, top, base, scale)
    limit = int((label_w - 10) / CHAR)
    for i, b in enumerate(bars):
        y = top + i * (bar_h + gap) + gap / 2
        _row_label(svg, b.label, b.href, left, y + bar_h / 2 + 4, limit)
        svg.rect(left, y, b.value * scale, bar_h, b.cls, b.tip or f"{b.label}: {b.value}")
        svg.text(left + b.value * scale + 5, y + bar_h / 2 + 4, str(b.value), cls="c-value")
    svg.line(left, top, left, base)
    svg.line(left, base, left + plot_w, base)
    svg.text(left + plot_w / 2, height - 8, value_label, cls="c-axis-label", anchor="middle")
    svg.text(12, top + (base - top) / 2, category_label, cls="c-axis-label", anchor="middle",
             extra=f' transform="rotate(-90 12 {top + (base - top) / 2:.1f})"')
    return svg.render()


def _value_grid(svg: _Svg, ticks: Sequence[float], left: float, top: float, base: float, scale: float) -> None:
    """Vertical grid lines with their values under the axis."""
    for t in ticks:
        x = left + t * scale
        svg.line(x, top, x, base, "c-grid")
        svg.text(x, base + 15, str(t), cls="c-tick", anchor="middle")


def _row_label(svg: _Svg, label: str, href: str | None, left: float, y: float, limit: int) -> None:
    """A bar's name, right-aligned before the axis, shortened (in full on hover), maybe a link."""
    text = (f'<text x="{left - 8:.1f}" y="{y:.1f}" class="c-text" text-anchor="end">'
            f"<title>{escape(label)}</title>{escape(shorten(label, limit))}</text>")
    svg.add(_link(href, text))


def _legend(svg: _Svg, series: Sequence[Series], x: float, y: float) -> None:
    for s in series:
        svg.rect(x, y - 10, 12, 12, s.cls)
        svg.text(x + 17, y, s.name, cls="c-text")
        x += 17 + len(s.name) * CHAR + 18


def stacked_bar_chart(ident: str, title: str, rows: Sequence[Row], series: Sequence[Series], *,
                      value_label: str, category_label: str, width: int = 900,
                      empty: str = "Nothing to show yet") -> Markup:
    """Horizontal bars split by series (e.g. task status), one per row, with a legend on top."""
    label_w = min(max((len(r.label) for r in rows), default=8) * CHAR + 12, 380)
    left, right, top, bottom, bar_h, gap = 22 + label_w, 110, 34, 44, 20, 8
    height = top + max(len(rows), 1) * (bar_h + gap) + bottom
    said = "; ".join(f"{r.label}: " + ", ".join(f"{r.values.get(s.key, 0)} {s.name}" for s in series
                                               if r.values.get(s.key, 0)) + (f" ({r.note})" if r.note else "")
                     for r in rows)
    svg = _Svg(width, height, ident, title, f"{title}. {value_label} per {category_label}: {said or empty}.")
    if not rows:
        return _empty(svg, empty)
    _legend(svg, series, left, 16)
    ticks = nice_ticks(max(sum(r.values.get(s.key, 0) for s in series) for r in rows))
    plot_w = width - left - right
    scale = plot_w / ticks[-1]
    base = height - bottom
    _value_grid(svg, ticks, left, top, base, scale)
    limit = int((label_w - 10) / CHAR)
    for i, r in enumerate(rows):
        y = top + i * (bar_h + gap) + gap / 2
        _row_label(svg, r.label, r.href, left, y + bar_h / 2 + 4, limit)
        x = left
        for s in series:
            n = r.values.get(s.key, 0)
            if n:
                svg.rect(x, y, n * scale, bar_h, s.cls, f"{r.label}: {n} {s.name}")
                if n * scale >= 18:
                    svg.text(x + n * scale / 2, y + bar_h / 2 + 4, str(n), cls="c-inbar", anchor="middle")
                x += n * scale
        if r.note:
            svg.text(x + 6, y + bar_h / 2 + 4, r.note, cls=r.note_cls)
    svg.line(left, top, left, base)
    svg.line(left, base, left + plot_w, base)
    svg.text(left + plot_w / 2, height - 8, value_label, cls="c-axis-label", anchor="middle")
    svg.text(12, top + (base - top) / 2, category_label, cls="c-axis-label", anchor="middle",
             extra=f' transform="rotate(-90 12 {top + (base - top) / 2:.1f})"')
    return svg.render()


def column_chart(ident: str, title: str, columns: Sequence[Column], series: Sequence[Series],
                 highlight: Sequence[Series] = (), *, value_label: str, category_label: str, width: int = 900,
                 desc: str = "") -> Markup:
    """Vertical columns side by side per group (months on the x axis), a legend on top; the
    ``highlight`` group (e.g. overdue) is drawn first, apart, in the ``highlight`` series' colours."""
    left, right, top, bottom = 50, 12, 34, 62
    height = 300
    said = desc or "; ".join(f"{c.label}{(' ' + c.sub) if c.sub else ''}: " + ", ".join(
        f"{c.values.get(s.key, 0)} {s.name}" for s in series) for c in columns if any(c.values.values()))
    svg = _Svg(width, height, ident, title, f"{title}. {value_label} per {category_label}: {said or 'none'}.")
    if not columns:
        return _empty(svg, "Nothing to show yet")
    _legend(svg, list(highlight) + list(series), left, 16)
    ticks = nice_ticks(max((max(c.values.values(), default=0) for c in columns), default=0), most=5)
    base = height - bottom
    plot_h = base - top
    scale = plot_h / ticks[-1]
    apart = 14 if any(c.highlight for c in columns) else 0
    group_w = (width - left - right - apart) / len(columns)
    inner = min(group_w * 0.8, 40)
    bar_w = inner / max(len(series), 1)
    for t in ticks:
        y = base - t * scale
        svg.line(left, y, width - right, y, "c-grid")
        svg.text(left - 6, y + 4, str(t), cls="c-tick", anchor="end")
    x0: float = left
    for c in columns:
        if not c.highlight and x0 == left + group_w and apart:
            x0 += apart
            svg.line(x0 - apart / 2, top, x0 - apart / 2, base + 30, "c-divider")
        colours = highlight if c.highlight and highlight else series
        x = x0 + (group_w - inner) / 2
        for s, colour in zip(series, colours, strict=False):
            n = c.values.get(s.key, 0)
            tip = f"{c.tip or c.label}: {n} {colour.name}"
            svg.rect(x, base - n * scale, bar_w, n * scale, colour.cls, tip)
            if n:
                svg.text(x + bar_w / 2, base - n * scale - 3, str(n), cls="c-value-small", anchor="middle")
            x += bar_w
        cls = "c-tick c-alert" if c.highlight else "c-tick"
        svg.text(x0 + group_w / 2, base + 15, c.label, cls=cls, anchor="middle")
        if c.sub:
            svg.text(x0 + group_w / 2, base + 28, c.sub, cls="c-tick c-year", anchor="middle")
        x0 += group_w
    svg.line(left, top, left, base)
    svg.line(left, base, width - right, base)
    svg.text(left + (width - left - right) / 2, height - 8, category_label, cls="c-axis-label", anchor="middle")
    svg.text(14, top + plot_h / 2, value_label, cls="c-axis-label", anchor="middle",
             extra=f' transform="rotate(-90 14 {top + plot_h / 2:.1f})"')
    return svg.render()
