"""Reports of an AuditResult: terminal text (Rich), Markdown, HTML with inline SVG charts,
and JSON. The HTML is self-contained: no script, no stylesheet or font from elsewhere."""

from __future__ import annotations

import html
import io
from collections.abc import Iterable

from aiact.audit.models import (
    METRIC_NAMES,
    AttributeResult,
    AuditResult,
    Estimate,
    Finding,
    GroupResult,
)

TABLE_METRICS = ("selection_rate", "tpr", "fpr", "fnr", "accuracy", "precision")
CHART_METRICS = ("selection_rate", "tpr", "fpr", "fnr", "accuracy", "precision")
SHORT = {
    "base_rate": "base rate",
    "selection_rate": "sel. rate",
    "accuracy": "accuracy",
    "tpr": "TPR",
    "fpr": "FPR",
    "fnr": "FNR",
    "tnr": "TNR",
    "precision": "precision",
}
_SEV_MARK = {"concern": "!!", "caution": "! ", "info": "  "}


def _f(x: float | None, digits: int = 3) -> str:
    return "n/a" if x is None else f"{x:.{digits}f}"


def _short(x: float | None) -> str:
    if x is None:
        return "n/a"
    text = f"{x:.3f}"
    return text[1:] if text.startswith("0.") else text


def _est(e: Estimate, with_ci: bool = True) -> str:
    if e.value is None:
        return "n/a"
    text = f"{e.value:.3f}"
    if with_ci:
        text += f" ({_short(e.ci_low)}-{_short(e.ci_high)})"
    if not e.reliable:
        text += " *"
    return text


def _counts(result: AuditResult) -> dict[str, int]:
    out = {"concern": 0, "caution": 0, "info": 0}
    for f in result.findings:
        out[f.severity] += 1
    return out


def _header_lines(result: AuditResult) -> list[str]:
    s = result.settings
    m = result.missing
    lines = [
        f"Data: {result.source.description} (engine: {result.source.engine})",
        f"Law: {result.law_version}",
        f"Generated: {result.generated_at} by {result.tool}; result schema {result.schema_version}",
        (
            f"Label '{s.label}' (positive value: {s.positive}; a positive prediction is "
            f"{s.outcome}), prediction '{s.prediction}'"
            + (f", score '{s.score}'" if s.score else "")
            + f"; groups: {', '.join(s.groups)}"
        ),
        (
            f"Rows: {m.rows_total:,}; used (label and prediction present): {m.rows_used:,}; "
            f"confidence level {s.thresholds.confidence:g}"
        ),
    ]
    return lines


def _group_cells(g: GroupResult, with_score: bool) -> list[str]:
    cells = [g.label, f"{g.n:,}"]
    cells += [_est(g.metrics[m]) for m in TABLE_METRICS]
    if with_score:
        auc = g.score.auc if g.score else None
        cells.append(_f(auc))
    return cells


def _headers(with_score: bool) -> list[str]:
    return ["group", "n", *(SHORT[m] for m in TABLE_METRICS)] + (["AUC"] if with_score else [])


def _parity_line(attr: AttributeResult) -> str:
    p = attr.parity
    return (
        f"Between groups (all groups with a value): demographic parity difference "
        f"{_f(p.demographic_parity_difference)}, ratio {_f(p.demographic_parity_ratio)}; "
        f"equal opportunity difference {_f(p.equal_opportunity_difference)}; equalised odds "
        f"difference {_f(p.equalized_odds_difference)}, ratio {_f(p.equalized_odds_ratio)}. "
        f"Among groups with enough data: equal opportunity "
        f"{_f(p.judged_equal_opportunity_difference)}, equalised odds "
        f"{_f(p.judged_equalized_odds_difference)}."
    )


# --- text -------------------------------------------------------------------------------

MAX_CAUTIONS_IN_TERMINAL = 12


def _shown_in_terminal(findings: list[Finding]) -> list[Finding]:
    """Every concern and note, and the first cautions: the terminal is for reading."""
    out: list[Finding] = []
    cautions = 0
    for f in findings:
        if f.severity == "caution":
            cautions += 1
            if cautions > MAX_CAUTIONS_IN_TERMINAL:
                continue
        out.append(f)
    return out


def render_text(result: AuditResult, width: int | None = None, color: bool | None = None) -> str:
    from rich.console import Console
    from rich.table import Table

    buf = io.StringIO()
    console = Console(
        file=buf,
        width=width or 140,
        force_terminal=bool(color),
        no_color=not color,
        highlight=False,
        emoji=False,
    )
    console.print("[bold]aiact audit: accuracy and bias[/bold]")
    for line in _header_lines(result):
        console.print(line, markup=False)
    c = _counts(result)
    console.print()
    console.print(
        f"[bold]Findings[/bold]: {c['concern']} concern(s), {c['caution']} caution(s), "
        f"{c['info']} note(s)"
    )
    styles = {"concern": "bold red", "caution": "yellow", "info": "dim"}
    shown = _shown_in_terminal(result.findings)
    for f in shown:
        console.print(f"[{styles[f.severity]}]{f.severity.upper():8}[/] ", end="", markup=True)
        console.print(f"{f.text} [{'; '.join(f.articles)}]", markup=False)
    hidden = len(result.findings) - len(shown)
    if hidden:
        console.print(
            f"... and {hidden} more caution(s): see --format markdown, html or json.",
            markup=False,
        )
    with_score = result.settings.score is not None
    for attr in [None, *result.attributes]:
        groups = [result.overall] if attr is None else attr.groups
        title = "Overall" if attr is None else f"By {attr.name}"
        table = Table(title=title, title_justify="left", show_lines=False)
        for h in _headers(with_score):
            table.add_column(h, justify="left" if h == "group" else "right", no_wrap=h != "group")
        for g in groups:
            table.add_row(*_group_cells(g, with_score))
        console.print()
        console.print(table)
        if attr is not None:
            console.print(_parity_line(attr), markup=False)
    console.print(
        "Rates with their "
        f"{round(result.settings.thresholds.confidence * 100):g}% Wilson interval; "
        "* = too few people to judge this rate.",
        markup=False,
    )
    for rep in result.representativeness:
        table = Table(title=f"Representativeness: {rep.attribute}", title_justify="left")
        for h in ("group", "rows", "share", "reference", "ratio"):
            table.add_column(h, justify="left" if h == "group" else "right")
        for r in rep.groups:
            table.add_row(
                r.label,
                f"{r.observed:,}",
                f"{r.observed_share:.3f}",
                _f(r.reference_share),
                _f(r.representation_ratio, 2),
            )
        console.print()
        console.print(table)
    return buf.getvalue()


# --- Markdown ---------------------------------------------------------------------------


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|")


def _md_table(headers: list[str], rows: Iterable[list[str]]) -> str:
    out = ["| " + " | ".join(headers) + " |"]
    out.append("|" + "|".join("---" if i == 0 else "---:" for i in range(len(headers))) + "|")
    for r in rows:
        out.append("| " + " | ".join(_md_escape(c) for c in r) + " |")
    return "\n".join(out)


def _finding_md(f: Finding) -> str:
    return f"- **{f.severity}**: {f.text} *({'; '.join(f.articles)})*"


def render_markdown(result: AuditResult) -> str:
    parts = ["# Accuracy and bias audit", ""]
    parts += [f"- {line}" for line in _header_lines(result)]
    c = _counts(result)
    parts += [
        "",
        f"## Findings ({c['concern']} concern(s), {c['caution']} caution(s), {c['info']} note(s))",
        "",
    ]
    parts += [_finding_md(f) for f in result.findings]
    with_score = result.settings.score is not None
    parts += ["", "## Overall", ""]
    parts.append(_md_table(_headers(with_score), [_group_cells(result.overall, with_score)]))
    for attr in result.attributes:
        parts += ["", f"## By {attr.name}", ""]
        parts.append(
            _md_table(_headers(with_score), [_group_cells(g, with_score) for g in attr.groups])
        )
        parts += ["", _parity_line(attr)]
    parts += [
        "",
        f"Rates with their {round(result.settings.thresholds.confidence * 100):g}% Wilson "
        "interval; * = too few people to judge this rate.",
    ]
    for rep in result.representativeness:
        parts += ["", f"## Representativeness: {rep.attribute}", ""]
        parts.append(
            _md_table(
                ["group", "rows", "share", "reference", "ratio"],
                [
                    [
                        r.label,
                        f"{r.observed:,}",
                        f"{r.observed_share:.3f}",
                        _f(r.reference_share),
                        _f(r.representation_ratio, 2),
                    ]
                    for r in rep.groups
                ],
            )
        )
    m = result.missing
    parts += [
        "",
        "## Missing values",
        "",
        f"Label: {m.label:,}; prediction: {m.prediction:,}"
        + (f"; score: {m.score:,}" if m.score is not None else "")
        + "; "
        + "; ".join(f"{k}: {v:,}" for k, v in m.groups.items())
        + f" (of {m.rows_total:,} rows).",
        "",
    ]
    return "\n".join(parts)


# --- HTML -------------------------------------------------------------------------------


def svg_chart(groups: list[GroupResult], metric: str, title: str) -> str:
    """A dot-and-whisker chart of one rate per group with its interval, as inline SVG."""
    rows = [g for g in groups if g.metrics[metric].value is not None]
    label_w, plot_w, row_h, top, bottom = 230, 360, 16, 28, 26
    height = top + bottom + row_h * max(1, len(rows))
    width = label_w + plot_w + 70
    lows = [g.metrics[metric].ci_low or 0.0 for g in rows] or [0.0]
    highs = [g.metrics[metric].ci_high or 1.0 for g in rows] or [1.0]
    lo = max(0.0, min(lows) - 0.02)
    hi = min(1.0, max(highs) + 0.02)
    if hi - lo < 0.05:
        lo, hi = max(0.0, lo - 0.025), min(1.0, hi + 0.025)

    def x(v: float) -> float:
        return label_w + (v - lo) / (hi - lo) * plot_w

    best = next((g.gaps[metric].reference_group for g in groups if metric in g.gaps), None)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{html.escape(title)}">',
        f'<text x="4" y="16" class="t">{html.escape(title)}</text>',
    ]
    for i in range(6):
        v = lo + (hi - lo) * i / 5
        xv = x(v)
        out.append(
            f'<line x1="{xv:.1f}" y1="{top - 4}" x2="{xv:.1f}" y2="{height - bottom + 4}" class="grid"/>'
            f'<text x="{xv:.1f}" y="{height - 8}" class="tick" text-anchor="middle">{v:.2f}</text>'
        )
    for i, g in enumerate(rows):
        e = g.metrics[metric]
        y = top + i * row_h + row_h / 2
        cls = "dot" if e.reliable else "dot small"
        if g.label == best:
            cls = "dot best"
        out.append(
            f'<text x="{label_w - 6}" y="{y + 4:.1f}" class="lbl" text-anchor="end">'
            f"{html.escape(g.label[:40])}</text>"
        )
        if e.ci_low is not None and e.ci_high is not None:
            out.append(
                f'<line x1="{x(e.ci_low):.1f}" y1="{y:.1f}" x2="{x(e.ci_high):.1f}" y2="{y:.1f}" '
                f'class="{"ci" if e.reliable else "ci small"}"/>'
            )
        assert e.value is not None
        out.append(
            f'<circle cx="{x(e.value):.1f}" cy="{y:.1f}" r="4" class="{cls}">'
            f"<title>{html.escape(g.label)}: {e.value:.3f} ({_f(e.ci_low)}-{_f(e.ci_high)}), "
            f"{e.numerator:,}/{e.denominator:,}</title></circle>"
            f'<text x="{label_w + plot_w + 8}" y="{y + 4:.1f}" class="val">{e.value:.3f}</text>'
        )
    out.append("</svg>")
    return "".join(out)


_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Accuracy and bias audit: {{ source }}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#222;max-width:1200px}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.85rem}
th,td{border:1px solid #ccc;padding:.2rem .45rem;text-align:right}
th:first-child,td:first-child{text-align:left}
.concern{color:#a40000}.caution{color:#8a5a00}.info{color:#555}
.refs{color:#666;font-style:italic}
.charts{display:flex;flex-wrap:wrap;gap:1rem}
svg .t{font-weight:600;font-size:13px}svg .lbl,svg .val,svg .tick{font-size:11px;fill:#333}
svg .grid{stroke:#e4e4e4}svg .ci{stroke:#1f5fa8;stroke-width:2}
svg .ci.small{stroke:#bbb}svg .dot{fill:#1f5fa8}svg .dot.small{fill:#aaa}svg .dot.best{fill:#1a7f37}
</style></head><body>
<h1>Accuracy and bias audit</h1>
<ul>{% for line in header %}<li>{{ line }}</li>{% endfor %}</ul>
<h2>Findings</h2>
<p>{{ counts.concern }} concern(s), {{ counts.caution }} caution(s), {{ counts.info }} note(s).</p>
<ul>{% for f in findings %}<li class="{{ f.severity }}"><strong>{{ f.severity }}</strong>: {{ f.text }}
<span class="refs">({{ f.articles | join("; ") }})</span></li>{% endfor %}</ul>
<h2>Overall</h2>
<table><tr>{% for h in headers %}<th>{{ h }}</th>{% endfor %}</tr>
<tr>{% for c in overall %}<td>{{ c }}</td>{% endfor %}</tr></table>
{% for a in attributes %}
<h2>By {{ a.name }}</h2>
<p>{{ a.parity }}</p>
<div class="charts">{% for svg in a.charts %}{{ svg | safe }}{% endfor %}</div>
<table><tr>{% for h in headers %}<th>{{ h }}</th>{% endfor %}</tr>
{% for row in a.rows %}<tr>{% for c in row %}<td>{{ c }}</td>{% endfor %}</tr>{% endfor %}</table>
{% endfor %}
<p>Rates with their {{ conf }}% Wilson interval (the whiskers in the charts); * and grey dots:
too few people to judge the rate; green: the best group with enough data.</p>
{% for r in reps %}
<h2>Representativeness: {{ r.attribute }}</h2>
<p>{% if r.chi_square is not none %}Chi-square {{ "%.1f" | format(r.chi_square) }}, df {{ r.df }},
p {{ "%.3g" | format(r.p_value) }}, n = {{ "{:,}".format(r.total) }}.{% endif %}</p>
<table><tr><th>group</th><th>rows</th><th>share</th><th>reference</th><th>ratio</th></tr>
{% for g in r.groups %}<tr><td>{{ g.label }}</td><td>{{ "{:,}".format(g.observed) }}</td>
<td>{{ "%.3f" | format(g.observed_share) }}</td>
<td>{% if g.reference_share is not none %}{{ "%.3f" | format(g.reference_share) }}{% else %}n/a{% endif %}</td>
<td>{% if g.representation_ratio is not none %}{{ "%.2f" | format(g.representation_ratio) }}{% else %}n/a{% endif %}</td></tr>{% endfor %}
</table>
{% endfor %}
</body></html>
"""


def render_html(result: AuditResult) -> str:
    import jinja2

    env = jinja2.Environment(autoescape=True)
    template = env.from_string(_HTML)
    with_score = result.settings.score is not None
    attributes = []
    for attr in result.attributes:
        charts = [
            svg_chart(attr.groups, m, f"{METRIC_NAMES[m]} by {attr.name}") for m in CHART_METRICS
        ]
        attributes.append(
            {
                "name": attr.name,
                "parity": _parity_line(attr),
                "charts": charts,
                "rows": [_group_cells(g, with_score) for g in attr.groups],
            }
        )
    return template.render(
        source=result.source.description,
        header=_header_lines(result),
        counts=_counts(result),
        findings=result.findings,
        headers=_headers(with_score),
        overall=_group_cells(result.overall, with_score),
        attributes=attributes,
        conf=f"{round(result.settings.thresholds.confidence * 100):g}",
        reps=result.representativeness,
    )


def render_json(result: AuditResult) -> str:
    return result.model_dump_json(indent=2) + "\n"


def render(result: AuditResult, fmt: str, color: bool | None = None) -> str:
    if fmt == "json":
        return render_json(result)
    if fmt == "markdown":
        return render_markdown(result)
    if fmt == "html":
        return render_html(result)
    return render_text(result, color=color)
