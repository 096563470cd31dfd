"""The terminal report, drawn with Rich. Every line names the provision behind it."""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from aiact.engine.result import Assessment, Step
from aiact.report.common import (
    CATEGORY_REF,
    FIELD_WORDS,
    date,
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

STYLE = {
    "prohibited": "bold white on red",
    "high": "bold white on dark_orange3",
    "transparency": "bold black on yellow",
    "minimal": "bold white on green4",
    "out_of_scope": "bold white on grey37",
    "gpai_model_only": "bold white on blue",
    "undetermined": "bold white on magenta",
}


# how deep each conclusion's trail is drawn in the terminal (the JSON has it all)
DEPTH = {"category": 1, "in_scope": 2, "ai_system": 1, "applies_from": 2, "fria_required": 2,
         "registration": 2, "conformity": 2, "max_fine_eur": 1}
SKIP = {"scope_basis", "high_risk_basis", "art_6_3_exempt", "gpai_model", "systemic_risk"}


def _short(text: str, width: int = 110) -> str:
    return text if len(text) <= width else text[: width - 3].rsplit(" ", 1)[0] + "..."


def _trail(step: Step, tree: Tree, depth: int = 0, max_depth: int = 8) -> None:
    for f in step.facts:
        tree.add(Text.assemble((_short(f.question), ""), (" -> ", "dim"), (_short(f.answer_text, 60), "bold")))
    for sub in step.because:
        node = tree.add(Text.assemble((sub.ref, "cyan"), " ", sub.label, " - ",
                                      (value_words(sub), "bold"),
                                      (" (see above)" if sub.repeated else "", "dim")))
        if depth + 1 < max_depth:
            _trail(sub, node, depth + 1, max_depth)


def build(result: Assessment, *, explain: bool = True) -> Group:
    r = result
    parts: list[Any] = []
    title = r.profile.name or (r.profile.path or "AI system")
    if r.profile.organisation:
        title += f" - {r.profile.organisation}"
    parts.append(Text(title, style="bold"))
    parts.append(Text(f"Law applied: {r.law.version}, as of {r.law.as_of.isoformat()}", style="dim"))
    parts.append(Text(""))
    stop = stop_line(r)
    if stop:
        parts.append(Text(stop, style="bold red"))
        parts.append(Text(""))
    head = Text.assemble((f" {headline(r)} ", STYLE.get(r.category, "bold")),
                         ("  " + CATEGORY_REF[r.category], "cyan"),
                         ("  - rests on a contested reading (below)" if rests_on_reading(r) else "", "bold yellow"))
    parts.append(head)
    parts.append(Text(""))
    for point in r.readings:
        block = reading_block(point)
        parts.append(Text(str(block["head"]), style="bold yellow"))
        for o in block["outcomes"]:
            mark = f" [{o['marks']}]" if o["marks"] else ""
            parts.append(Text.assemble("  ", (o["label"], "bold"), mark, ": ", (o["summary"], "bold")))
            parts.append(Text("    " + o["text"]))
            parts.append(Text("    Sources: " + "; ".join(o["sources"]), style="dim"))
            if o["open"]:
                parts.append(Text("    Not settled yet under this reading; open: " + ", ".join(o["open"]), style="dim"))
        for g in block["guidance"]:
            parts.append(Text("  Guidance: " + g, style="dim"))
        parts.append(Text("  " + str(block["why"])))
        parts.append(Text(""))

    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    table.add_column("Question")
    table.add_column("Answer")
    table.add_column("Provision", style="cyan")
    for q, a, ref in summary_rows(r):
        table.add_row(q, a, ref)
    parts.append(table)

    if r.obligations:
        parts.append(Text(""))
        ob = Table(title=f"Your obligations ({len(r.obligations)})", title_justify="left", expand=True,
                   title_style="bold", show_lines=False, header_style="bold")
        ob.add_column("Provision", style="cyan", no_wrap=True)
        ob.add_column("Owed by")
        ob.add_column("What it asks", ratio=4)
        ob.add_column("Applies from", no_wrap=True)
        ob.add_column("Now?", ratio=1, min_width=9)
        for o in r.obligations:
            now = now_words(o.applies_now, o.own_start, o.own_start_label)
            ob.add_row(o.ref, o.owed_by.replace("_", " "), o.summary, date(o.applies_from), now)
        parts.append(ob)
    docs_line = documents_line(r)
    if docs_line:
        parts.append(Text(""))
        parts.append(Text(docs_line))
    words = open_words(r)
    if r.possible_obligations:
        parts.append(Text(""))
        parts.append(Text(f"Obligations that depend on {words['depend']} ({len(r.possible_obligations)}): "
                          + ", ".join(o.ref for o in r.possible_obligations), style="yellow"))

    relevant = [f for f in r.fines if f.relevant]
    if relevant:
        parts.append(Text(""))
        parts.append(Text("Penalty ceilings", style="bold"))
        for f in relevant:
            parts.append(Text("  " + fine_line(f) + (f" - {f.note}" if f.note else "")))

    if r.open_questions:
        parts.append(Text(""))
        parts.append(Text(f"Still undetermined: {', '.join(FIELD_WORDS.get(u, u) for u in r.undetermined)}",
                          style="bold magenta"))
        parts.append(Text(words["settle"]))
        for i, oq in enumerate(r.open_questions, 1):
            mark = " (you said: don't know)" if oq.answered_unknown else ""
            parts.append(Text.assemble(f"  {i}. ", (oq.id, "cyan"), f"  {oq.text}{mark}"))

    if r.notes:
        parts.append(Text(""))
        for n in r.notes:
            parts.append(Text("Note: " + n, style="dim"))

    if explain:
        parts.append(Text(""))
        parts.append(Text("Why (rule, provision, and the answers it used)", style="bold"))
        parts.append(Text("(the full trail is in --format json or markdown; aiact explain RULE shows any rule)",
                          style="dim"))
        for c in r.explanation:
            if c.field in SKIP or (c.field == "ai_system" and r.ai_system):
                continue
            if r.in_scope is False and c.field not in ("ai_system", "in_scope", "category"):
                continue
            t = c.trail
            tree = Tree(Text.assemble((FIELD_WORDS.get(c.field, c.field), "bold"), ": ",
                                      (t.ref, "cyan"), " ", t.label, " - ", (value_words(t), "bold")))
            _trail(t, tree, max_depth=DEPTH.get(c.field, 8))
            parts.append(tree)
    return Group(*parts)


def print_report(result: Assessment, console: Console, *, explain: bool = True) -> None:
    console.print(Panel.fit(build(result, explain=explain), title="aiact assessment", border_style="blue")
                  if console.is_terminal else build(result, explain=explain))


def to_text(result: Assessment, *, width: int = 110, explain: bool = True) -> str:
    buf = io.StringIO()
    console = Console(file=buf, width=width, force_terminal=False, color_system=None, highlight=False)
    console.print(build(result, explain=explain))
    return buf.getvalue()
