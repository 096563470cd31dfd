"""The Markdown report, from a Jinja2 template (templates/assessment.md.j2)."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader

from aiact.engine.result import Assessment, Conclusion, Step
from aiact.report.common import (
    CATEGORY_REF,
    FIELD_WORDS,
    documents_line,
    fine_line,
    headline,
    now_words,
    open_words,
    reading_block,
    rests_on_reading,
    stop_line,
    summary_rows,
    value_words,
)


def _lines(step: Step, indent: int) -> list[str]:
    pad = "  " * indent
    out = []
    for f in step.facts:
        out.append(f"{pad}- you answered **{f.answer_text}**: {f.question} (`{f.id}`)")
    for sub in step.because:
        again = " (see above)" if sub.repeated else ""
        out.append(f"{pad}- {sub.ref}: {sub.label} - **{value_words(sub)}**{again}")
        out += _lines(sub, indent + 1)
    return out


def _trail(c: Conclusion) -> str:
    t = c.trail
    head = f"- **{FIELD_WORDS.get(c.field, c.field)}**: {t.ref}: {t.label} - **{value_words(t)}**"
    return "\n".join([head, *_lines(t, 1)])


def to_markdown(result: Assessment, *, explain: bool = True) -> str:
    env = Environment(loader=PackageLoader("aiact.report", "templates"), autoescape=False,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    template = env.get_template("assessment.md.j2")
    title = result.profile.name or result.profile.path or "AI system"
    if result.profile.organisation:
        title += f" - {result.profile.organisation}"
    return template.render(
        r=result,
        title=title,
        headline=headline(result),
        category_ref=CATEGORY_REF[result.category],
        rows=summary_rows(result),
        fines=[f for f in result.fines if f.relevant],
        fine_line=fine_line,
        undetermined=", ".join(FIELD_WORDS.get(u, u) for u in result.undetermined),
        trail=_trail,
        now=now_words,
        words=open_words(result),
        explain=explain,
        documents=documents_line(result),
        stop=stop_line(result),
        contested=rests_on_reading(result),
        readings=[reading_block(c) for c in result.readings],
    )
