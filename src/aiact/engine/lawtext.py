"""The verbatim text of a provision, from the copy of the Act shipped in ``aiact/law/text``.

``provision_text("Art. 5(1)(f)")`` returns the words of Article 5(1), point (f), as
published in 2024, plus the points of Regulation (EU) 2026/1744 that amend that article.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

TEXT_ROOT = Path(__file__).resolve().parent.parent / "law" / "text"

_CITATION = re.compile(
    r"""^\s*(?:
        (?:art(?:icle)?\.?\s*)(?P<art>\d+[a-z]?)(?P<apath>(?:\s*\(\w+\))*)
      | annex\s+(?P<annex>[IVX]+)(?:\s+(?:section\s+)?(?P<apoint>\d+|[AB]))?(?P<xpath>(?:\s*\(\w+\))*)
      | (?:rec(?:ital)?\.?\s*)(?P<rec>\d+)
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_SLUG = re.compile(r"^(?P<kind>art|annex|rec)(?P<num>\d+[a-z]?)((?:_\w+)*)$")
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 6: "VI", 7: "VII", 8: "VIII", 9: "IX",
          10: "X", 11: "XI", 12: "XII", 13: "XIII", 14: "XIV"}


@dataclass
class Citation:
    kind: str  # article | annex | recital
    number: str
    path: list[str] = field(default_factory=list)

    def label(self) -> str:
        if self.kind == "recital":
            return f"recital {self.number}"
        if self.kind == "annex":
            head = f"Annex {self.number}"
            if self.path:
                head += f" {self.path[0]}" + "".join(f"({p})" for p in self.path[1:])
            return head
        return f"Art. {self.number}" + "".join(f"({p})" for p in self.path)


def parse_citation(ref: str) -> Citation | None:
    """'Art. 5(1)(f)', 'art5_1_f', 'Annex III 4(a)', 'annex3_4_a', 'rec44', 'recital 44'."""
    ref = ref.strip().split(";")[0].split(",")[0].strip()
    slug = _SLUG.match(ref.lower())
    if slug:
        parts = [p for p in slug.group(3).split("_") if p]
        if slug.group("kind") == "rec":
            return Citation("recital", slug.group("num"))
        if slug.group("kind") == "annex":
            roman = _ROMAN.get(int(re.sub(r"\D", "", slug.group("num")) or 0), slug.group("num"))
            return Citation("annex", roman, parts)
        return Citation("article", slug.group("num"), parts)
    m = _CITATION.match(ref)
    if not m:
        return None
    if m.group("rec"):
        return Citation("recital", m.group("rec"))
    if m.group("annex"):
        path = [m.group("apoint")] if m.group("apoint") else []
        path += re.findall(r"\((\w+)\)", m.group("xpath") or "")
        return Citation("annex", m.group("annex").upper(), path)
    return Citation("article", m.group("art"), re.findall(r"\((\w+)\)", m.group("apath") or ""))


@functools.cache
def _blocks() -> dict[str, list[str]]:
    """'article 5' / 'annex III' -> lines of its text (2024 wording)."""
    out: dict[str, list[str]] = {}
    for path in sorted(TEXT_ROOT.glob("*.md")):
        if path.name.startswith("amendments") or path.name in ("SOURCE.md", "NOTICE.md"):
            continue
        key = None
        for line in path.read_text(encoding="utf-8").splitlines():
            m = re.match(r"^## (Article (\d+[a-z]?)|ANNEX ([IVX]+))\s*$", line)
            if m:
                key = f"article {m.group(2)}" if m.group(2) else f"annex {m.group(3)}"
                out[key] = []
                continue
            if line.startswith("## ") or line.startswith("**CHAPTER") or line.startswith("**SECTION"):
                key = None
                continue
            if line.startswith("### Footnotes") or line.startswith("## Footnotes"):
                key = None
            if key is not None:
                out[key].append(line)
    return out


@functools.cache
def _recitals() -> dict[str, str]:
    text = (TEXT_ROOT / "00-recitals.md").read_text(encoding="utf-8")
    return {m.group(1): m.group(0).strip() for m in re.finditer(r"^\((\d+)\) .*$", text, re.MULTILINE)}


@functools.cache
def _amendments() -> list[str]:
    text = (TEXT_ROOT / "amendments-2026-1744.md").read_text(encoding="utf-8")
    body = text.split("## Article 1", 1)[-1].split("## Article 2", 1)[0]
    return [b.strip() for b in re.split(r"\n(?=\(\d+\) )", body) if re.match(r"\(\d+\) ", b.strip())]


def _slice(lines: list[str], path: list[str], annex: bool) -> list[str]:
    """Narrow an article's lines to a paragraph and point (best effort)."""
    if not path:
        return lines
    first, rest = path[0], path[1:]
    if annex:
        starts = [i for i, ln in enumerate(lines) if re.match(rf"^- {re.escape(first)}\. ", ln)
                  or re.match(rf"^#### Section {re.escape(first)}\b", ln)]
        nxt = re.compile(r"^(- \d+\. |#### )")
    else:
        starts = [i for i, ln in enumerate(lines) if re.match(rf"^{re.escape(first)}\. ", ln)]
        nxt = re.compile(r"^\d+[a-z]?\. ")
        if not starts:  # an article made of numbered points only, like Art. 3's definitions
            starts = [i for i, ln in enumerate(lines) if re.match(rf"^- \({re.escape(first)}\) ", ln)]
            nxt = re.compile(r"^- \(\w+\) ")
    if not starts:
        return []
    i = starts[0]
    j = next((k for k in range(i + 1, len(lines)) if nxt.match(lines[k])), len(lines))
    block = lines[i:j]
    for point in rest:
        idx = [k for k, ln in enumerate(block) if re.match(rf"^\s*- \({re.escape(point)}\) ", ln)]
        if not idx:
            return []
        k = idx[0]
        indent = len(block[k]) - len(block[k].lstrip())
        end = next((m for m in range(k + 1, len(block))
                    if block[m].strip() and (len(block[m]) - len(block[m].lstrip())) <= indent
                    and (block[m].lstrip().startswith("- (") or indent == 0)), len(block))
        block = block[k:end]
    return block


@dataclass
class ProvisionText:
    citation: Citation
    text: str
    amendments: list[str]


def provision_text(ref: str) -> ProvisionText | None:
    cit = parse_citation(ref)
    if cit is None:
        return None
    if cit.kind == "recital":
        text = _recitals().get(cit.number)
        return ProvisionText(cit, text, []) if text else None
    key = f"{cit.kind} {cit.number}"
    lines = _blocks().get(key)
    amendments = [a for a in _amendments() if _mentions(a, cit)]
    if lines is None:
        if amendments:
            return ProvisionText(cit, "(inserted by Regulation (EU) 2026/1744; see the amendment below)", amendments)
        return None
    body = [ln for ln in _slice(lines, cit.path, cit.kind == "annex") if not ln.startswith("### ")]
    if not body:
        where = "point" if cit.kind == "annex" else "provision"
        last = cit.path[-1]
        marks = (f"‘{last}.", f"> {last}.", f"({last})", f"point {last} ")
        amendments = [a for a in amendments if any(m in a for m in marks)]
        if not amendments:
            return None
        return ProvisionText(cit, f"(this {where} is not in the 2024 text: inserted by Regulation (EU) 2026/1744, see below)", amendments)
    if cit.path and cit.kind == "article":
        para = cit.path[0]
        marks = (f"paragraph {para}", f"‘{para}.", f"Article {cit.number}({para})", f"Article {cit.number} is replaced")
        amendments = [a for a in amendments if any(m in a for m in marks)]
    text = "\n".join(ln for ln in body).strip()
    text = re.sub(r"\n{3,}", "\n\n", text)
    return ProvisionText(cit, text, amendments)


def _mentions(amendment: str, cit: Citation) -> bool:
    head = amendment.split("\n", 1)[0].split(":", 1)[0]
    if cit.kind == "annex":
        return bool(re.search(rf"\bAnnex {cit.number}\b", head)) or (
            "Annex is added" in head and bool(re.search(rf"\[Annex {cit.number}\b", amendment[:200]))
        )
    num = re.escape(cit.number)
    if re.search(rf"\bArticles? {num}(?![0-9a-z])", head):
        return True
    return "inserted" in head and bool(re.search(rf"(‘|\[)Article {num}(?![0-9a-z])", amendment[:400]))


def exists(ref: str) -> bool:
    """Whether a citation names an article, annex or recital of the Act (as amended)."""
    cit = parse_citation(ref)
    if cit is None:
        return False
    if cit.kind == "recital":
        return cit.number in _recitals()
    return provision_text(ref) is not None
