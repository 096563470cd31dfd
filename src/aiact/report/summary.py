"""`aiact assess DIR`: assess every profile in a folder and summarise them in one table."""

from __future__ import annotations

import datetime as _dt
import io
import json
from pathlib import Path

from aiact.engine.errors import AiactError, InputError

PATTERNS = ("*.yaml", "*.yml", "*.json")


def profile_files(folder: Path) -> list[Path]:
    files = sorted({p for pat in PATTERNS for p in folder.glob(pat) if p.is_file()})
    if not files:
        raise InputError("no profile files (*.yaml, *.yml, *.json) in this folder", path=folder)
    return files


def assess_folder(folder: Path, as_of: _dt.date | None, fmt: str) -> tuple[str, list[str]]:
    """One row per profile; a profile with an error is reported in its row, not fatal."""
    from aiact.engine.assess import assess
    from aiact.engine.load import load_law
    from aiact.engine.profile import load_profile

    law = load_law()
    rows: list[dict[str, object]] = []
    problems: list[str] = []
    for path in profile_files(folder):
        try:
            r = assess(load_profile(path, law), as_of, law, explain=False)
        except AiactError as exc:
            problems.append(exc.describe())
            rows.append({"file": path.name, "error": exc.describe()})
            continue
        rows.append({
            "file": path.name,
            "name": r.profile.name,
            "category": r.category,
            "basis": r.high_risk_basis or ", ".join(r.prohibited) or ", ".join(r.transparency) or r.scope_basis,
            "roles": r.roles,
            "obligations": len(r.obligations),
            "applies_from": r.applies_from.isoformat() if r.applies_from else None,
            "max_fine_eur": r.max_fine_eur,
            "open_questions": len(r.open_questions),
        })
    if fmt == "json":
        return json.dumps({"folder": str(folder), "profiles": rows, "errors": len(problems)}, indent=2) + "\n", problems
    if fmt == "markdown":
        out = ["| File | System | Tier | Basis | Roles | Obligations | Applies from | Max fine (EUR) | Open questions |",
               "|---|---|---|---|---|---|---|---|---|"]
        for row in rows:
            if "error" in row:
                out.append(f"| {row['file']} | error: {row['error']} |  |  |  |  |  |  |  |")
                continue
            out.append("| {file} | {name} | {category} | {basis} | {roles} | {obligations} | {applies} | {fine} | {open} |".format(
                file=row["file"], name=row["name"] or "", category=row["category"], basis=row["basis"] or "",
                roles=", ".join(row["roles"]), obligations=row["obligations"],  # type: ignore[arg-type]
                applies=row["applies_from"] or "", fine=_fine(row["max_fine_eur"]), open=row["open_questions"]))
        return "\n".join(out) + "\n", problems
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(rows)} profiles in {folder}", title_justify="left", header_style="bold")
    for col in ("File", "System", "Tier", "Basis", "Roles", "Oblig.", "Applies from", "Max fine (EUR)", "Open"):
        table.add_column(col)
    for row in rows:
        if "error" in row:
            table.add_row(str(row["file"]), f"error: {row['error']}", "", "", "", "", "", "", "")
            continue
        table.add_row(str(row["file"]), str(row["name"] or ""), str(row["category"]), str(row["basis"] or ""),
                      ", ".join(row["roles"]), str(row["obligations"]),  # type: ignore[arg-type]
                      str(row["applies_from"] or ""), _fine(row["max_fine_eur"]), str(row["open_questions"]))
    buf = io.StringIO()
    Console(file=buf, width=160, force_terminal=False, color_system=None).print(table)
    return buf.getvalue(), problems


def _fine(v: object) -> str:
    return f"{v:,}".replace(",", " ") if isinstance(v, int) else ""
