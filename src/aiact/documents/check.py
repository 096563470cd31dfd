"""What is still missing in a document a person has edited (Markdown or Word).

A generated document carries a record (an HTML comment in Markdown and HTML, hidden text in
Word) naming its kind and its sections. ``check`` reads the edited file, finds each section
by its heading, and reports the sections that were deleted and the ``[TO FILL: ...]`` blanks
still left in each.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiact.documents.render import HEADING, PLACEHOLDER, RECORD, STILL_TO_FILL
from aiact.engine.errors import InputError


@dataclass
class SectionCheck:
    title: str
    present: bool
    blanks: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.present and not self.blanks


@dataclass
class CheckResult:
    path: str
    kind: str | None
    record: dict[str, Any] | None
    sections: list[SectionCheck]
    extra_blanks: list[tuple[str, str]] = field(default_factory=list)  # (section, label) outside known sections

    @property
    def missing(self) -> list[str]:
        return [s.title for s in self.sections if not s.present]

    @property
    def blank_count(self) -> int:
        return sum(len(s.blanks) for s in self.sections) + len(self.extra_blanks)

    @property
    def complete(self) -> bool:
        return not self.missing and self.blank_count == 0

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "path": self.path, "kind": self.kind, "complete": self.complete,
            "missing_sections": self.missing, "blanks": self.blank_count,
            "sections": [{"title": s.title, "present": s.present, "blanks": s.blanks} for s in self.sections],
            "other_blanks": [{"section": s, "label": b} for s, b in self.extra_blanks],
        }


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").split()).casefold()


def _markdown_blocks(text: str) -> list[tuple[int, str]]:
    """(heading level or 0, text) for each line."""
    out: list[tuple[int, str]] = []
    for line in text.splitlines():
        m = HEADING.match(line)
        out.append((len(m.group(1)), m.group(2).strip()) if m else (0, line))
    return out


def _docx_blocks(path: Path) -> list[tuple[int, str]]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        word = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several types for a file that is not DOCX
        raise InputError(f"not a Word (.docx) file: {exc}", path=path) from None
    out: list[tuple[int, str]] = []
    for block in word.iter_inner_content():
        if isinstance(block, Paragraph):
            style = block.style.name if block.style is not None else ""
            level = 0
            if style == "Title":
                level = 1
            elif style.startswith("Heading "):
                try:
                    level = int(style.split()[1]) + 1  # Word's Heading 1 holds Markdown's ##
                except ValueError:
                    level = 0
            out.append((level, block.text))
        elif isinstance(block, Table):
            for row in block.rows:
                out.append((0, " | ".join(cell.text for cell in row.cells)))
    return out


def check(path: str | Path) -> CheckResult:
    """Check an edited document (``.md`` or ``.docx``; ``.html`` too) against its record."""
    p = Path(path)
    if not p.is_file():
        raise InputError("no such file", path=p)
    suffix = p.suffix.lower()
    if suffix == ".docx":
        blocks = _docx_blocks(p)
    elif suffix in (".md", ".markdown", ".txt", ".html", ".htm"):
        try:
            text = p.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read: {exc}", path=p) from None
        if suffix in (".html", ".htm"):
            import re

            text = re.sub(r"<h([1-6])[^>]*>(.*?)</h\1>", lambda m: "#" * int(m.group(1)) + " " + re.sub(r"<[^>]+>", "", m.group(2)) + "\n", text, flags=re.S)
        blocks = _markdown_blocks(text)
    else:
        raise InputError(f"cannot check a '{suffix or 'no suffix'}' file: give the Markdown (.md) or Word (.docx) document",
                         path=p)
    record = None
    for _, line in blocks:
        m = RECORD.search(line)
        if m:
            try:
                record = json.loads(m.group(1))
            except json.JSONDecodeError:
                raise InputError("the aiact-document record is damaged (not JSON)", path=p) from None
    expected: list[str] = list(record.get("sections") or []) if record else []
    stop = {_norm(t) for t in STILL_TO_FILL.values()}
    found: dict[str, list[str]] = {}
    order: list[str] = []
    current: str | None = ""
    found[""] = []
    for level, line in blocks:
        if level >= 2:
            current = None if _norm(line) in stop else line.strip()
            if current is not None:
                found.setdefault(current, [])
                order.append(current)
            continue
        if current is None or RECORD.search(line):
            continue
        found[current].extend(label.strip() for label in PLACEHOLDER.findall(line))
    present = {_norm(t): t for t in order}
    sections: list[SectionCheck] = []
    seen: set[str] = set()
    for title in expected:
        key = _norm(title)
        if key in present:
            seen.add(key)
            sections.append(SectionCheck(title, True, found[present[key]]))
        else:
            sections.append(SectionCheck(title, False))
    extra = [("(before the first section)", b) for b in found[""]]
    for title in order:
        if _norm(title) not in seen:
            if not record:
                sections.append(SectionCheck(title, True, found[title]))
            else:
                extra.extend((title, b) for b in found[title])
    return CheckResult(str(p), record.get("kind") if record else None, record, sections, extra)
