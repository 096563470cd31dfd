"""The kinds of document the Act asks for (``law/documents.yaml``) and which of them an
assessment calls for (the obligations whose ``documents`` name the kind)."""

from __future__ import annotations

import datetime as _dt
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml

from aiact.engine.errors import LawError
from aiact.engine.result import Assessment, Obligation

LAW_ROOT = Path(__file__).resolve().parent.parent / "law"
TEMPLATES = Path(__file__).resolve().parent / "templates"

Status = Literal["required", "possible", "optional", "on_event"]
# from the most to the least binding: what the law asks now, on an event, by choice, perhaps
STATUSES: tuple[Status, ...] = ("required", "on_event", "optional", "possible")


@dataclass(frozen=True)
class Kind:
    id: str
    title: str
    refs: list[str]
    due: str | None = None
    trigger: str | None = None
    optional: bool = False
    formats: list[str] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)

    def title_in(self, language: str) -> str:
        """The title in a language (the catalogue may give translations)."""
        return self.titles.get(language, self.title)

    @property
    def languages(self) -> list[str]:
        """Languages with a template for this kind, English first."""
        found = sorted(p.name.split(".")[1] for p in TEMPLATES.glob(f"{self.id}.*.md.j2"))
        return sorted(found, key=lambda lang: (lang != "en", lang))


@functools.cache
def kinds() -> dict[str, Kind]:
    path = LAW_ROOT / "documents.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    out: dict[str, Kind] = {}
    for kid, raw in (data.get("documents") or {}).items():
        unknown = set(raw) - {"title", "titles", "refs", "due", "trigger", "optional", "formats"}
        if unknown:
            raise LawError(f"unknown keys {sorted(unknown)}", path=path, field=kid)
        out[kid] = Kind(id=kid, title=raw["title"], refs=list(raw["refs"]), due=raw.get("due"),
                        trigger=raw.get("trigger"), optional=bool(raw.get("optional")),
                        formats=list(raw.get("formats") or []), titles=dict(raw.get("titles") or {}))
    return out


@dataclass
class Need:
    """One document the assessment calls for, with the duties behind it."""

    kind: Kind
    status: Status
    obligations: list[Obligation]

    @property
    def refs(self) -> list[str]:
        """The provisions behind it: the duties' own, or the kind's for a document of choice."""
        if self.status == "optional":
            return list(self.kind.refs)
        return list(dict.fromkeys(o.ref for o in self.obligations))

    @property
    def owed_by(self) -> list[str]:
        return list(dict.fromkeys(o.owed_by for o in self.obligations))

    @property
    def applies_from(self) -> _dt.date | None:
        days = [o.own_start or o.applies_from for o in self.obligations]
        known = [d for d in days if d is not None]
        return min(known) if known else None

    @property
    def applies_now(self) -> bool | None:
        flags = [o.applies_now for o in self.obligations]
        if any(f is True for f in flags):
            return True
        return None if any(f is None for f in flags) else False

    def why(self, assessment: Assessment) -> str:
        """The duties that call for the document, in a line."""
        if self.status == "optional":
            return f"needed only if you choose to: {self.kind.trigger or ', '.join(self.kind.refs)}"
        head = {
            "required": "required by",
            "possible": "may be required (open questions) by",
            "optional": "needed only if you choose to; supports",
            "on_event": "needed when the event occurs, under",
        }[self.status]
        return f"{head} {', '.join(self.refs)}: {self.obligations[0].summary.rstrip('.')}"


def needs(assessment: Assessment) -> list[Need]:
    """The documents the assessment calls for, in catalogue order."""
    catalogue = kinds()
    found: dict[str, Need] = {}
    for group, status in ((assessment.obligations, "required"), (assessment.possible_obligations, "possible")):
        for ob in group:
            for kid in ob.documents:
                if kid not in catalogue:
                    raise LawError(f"obligation names unknown document '{kid}'", field=ob.id)
                kind = catalogue[kid]
                st: Status = status  # type: ignore[assignment]
                if status == "required" and kind.optional:
                    st = "optional"
                elif status == "required" and kind.trigger:
                    st = "on_event"
                need = found.get(kid)
                if need is None:
                    found[kid] = Need(kind, st, [ob])
                else:
                    need.obligations.append(ob)
                    if _rank(st) < _rank(need.status):
                        need.status = st
    order = list(catalogue)
    return sorted(found.values(), key=lambda n: order.index(n.kind.id))


def _rank(status: Status) -> int:
    return STATUSES.index(status)
