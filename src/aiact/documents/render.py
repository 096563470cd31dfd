"""Build one document from a profile: assess it, fill the kind's template, frame it.

The template (``templates/KIND.LANG.md.j2``, Jinja2 writing Markdown) holds the law's
structure and words; this module only gives it the facts (:mod:`aiact.documents.context`)
and records what is still blank. Every blank is written ``[TO FILL: what]`` so that a
person (and ``aiact docs check``) can find it.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

import jinja2

from aiact import __version__
from aiact.documents.catalogue import TEMPLATES, Kind, Need, kinds, needs
from aiact.documents.context import build_context
from aiact.engine.errors import InputError
from aiact.engine.profile import Profile
from aiact.engine.result import Assessment

PLACEHOLDER = re.compile(r"\[TO FILL: ([^\]]+)\]")
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
RECORD = re.compile(r"<!--\s*aiact-document:\s*(\{.*?\})\s*-->", re.S)
NAMELESS = {"en": "name of the AI system", "de": "Name des KI-Systems", "fr": "nom du système d’IA"}
# The frame's few words that come from the law's data, in the document's language
LOCAL_WORDS = {
    "de": {"Regulation (EU)": "Verordnung (EU)", " as amended by ": ", geändert durch ",
           "required": "vorgeschrieben durch", "on_event": "bei Eintritt des Ereignisses nach",
           "optional": "nur wenn Sie sich dafür entscheiden, nach", "not_required": "nicht vorgeschrieben"},
    "fr": {"Regulation (EU)": "règlement (UE)", " as amended by ": " modifié par le ",
           "required": "exigé par", "on_event": "lorsque l’événement survient, en vertu de",
           "optional": "seulement si vous le choisissez, en vertu de", "not_required": "non exigé"},
}
STILL_TO_FILL = {"en": "Still to fill", "de": "Noch auszufüllen", "fr": "Reste à compléter"}


class DocumentRefused(InputError):
    """The assessment does not call for the document (use ``force`` to write it anyway)."""


@dataclass
class Blank:
    section: str
    label: str


@dataclass
class Document:
    """A rendered document: Markdown text plus what is known about it."""

    kind: Kind
    language: str
    markdown: str
    sections: list[str]
    to_fill: list[Blank]
    required: bool
    reason: str
    record: dict[str, Any]
    data: dict[str, Any] | None = field(default=None)  # structured form, where the kind has one

    @property
    def title(self) -> str:
        return self.kind.title


def answers_hash(profile: Profile) -> str:
    """A short, stable fingerprint of the answers a document was made from."""
    payload = {
        "answers": {k: (v.isoformat() if isinstance(v, _dt.date) else v) for k, v in sorted(profile.answers.items())},
        "unknown": sorted(profile.unknown),
    }
    text = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=True)
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()[:16]


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # Markdown, not HTML  # noqa: S701
    )
    return env


def get_kind(kind: str) -> Kind:
    catalogue = kinds()
    if kind not in catalogue:
        raise InputError(f"unknown document kind '{kind}' (known: {', '.join(catalogue)})", field="KIND")
    return catalogue[kind]


def requirement(kind: Kind, assessment: Assessment) -> tuple[bool, str, Need | None]:
    """Whether the assessment calls for the document, and why (or why not)."""
    need = next((n for n in needs(assessment) if n.kind.id == kind.id), None)
    if need is not None and need.status != "possible":
        return True, need.why(assessment), need
    roles = ", ".join(assessment.roles) or "no operator role"
    tier = assessment.category.replace("_", " ")
    if need is not None:
        open_q = ", ".join(q.id for q in assessment.open_questions[:5])
        return False, (f"the {kind.title.lower()} may be required by {', '.join(need.refs)}, but open questions "
                       f"decide it" + (f": answer {open_q} (aiact interview)" if open_q else "")), need
    title = kind.title[0].lower() + kind.title[1:]
    return False, (f"the law does not require the {title} ({', '.join(kind.refs)}) of this asker "
                   f"for this system: category {tier}, roles {roles}, as of {assessment.law.as_of.isoformat()}"), None


def build(kind: str, profile: Profile, assessment: Assessment, *, language: str = "en",
          force: bool = False, audit: Any = None, options: dict[str, Any] | None = None) -> Document:
    """Render one document; refuses one the assessment does not call for unless ``force``."""
    k = get_kind(kind)
    if language not in k.languages:
        raise InputError(f"no {language} template for '{kind}' (available: {', '.join(k.languages) or 'none'})",
                         field="--language")
    required, reason, need = requirement(k, assessment)
    if not required and not force:
        raise DocumentRefused(f"{kind}: not written: {reason} (add --force to write it anyway)")
    ctx = build_context(k, profile, assessment, audit=audit, options=options or {}, need=need, language=language)
    env = environment()
    body = env.get_template(f"{kind}.{language}.md.j2").render(**ctx).strip() + "\n"
    sections, blanks = _scan(body)
    if not ctx["system"]["name"]:  # the frame's title line asks for it
        blanks.insert(0, Blank("(header)", NAMELESS[language]))
    record = {
        "kind": kind, "language": language, "law_version": assessment.law.version_id,
        "as_of": assessment.law.as_of.isoformat(), "answers": answers_hash(profile),
        "aiact": __version__, "sections": sections,
    }
    frame = env.get_template(f"_frame.{language}.md.j2")
    version, shown_reason = assessment.law.version, reason
    words = LOCAL_WORDS.get(language)
    if words:  # the law's name and why the document is needed, in the document's language
        version = version.replace(" as amended by ", words[" as amended by "]).replace(
            "Regulation (EU)", words["Regulation (EU)"])
        version = version[0].upper() + version[1:]
        if need is not None and required:
            shown_reason = f"{words[need.status]} {', '.join(need.refs)}"
    text = frame.render(
        kind=k, body=body, blanks=blanks, required=required, reason=shown_reason, assessment=assessment,
        law_version=version,
        profile=profile, record=record, record_json=json.dumps(record, ensure_ascii=False),
        heading=STILL_TO_FILL[language], nameless=NAMELESS[language], language=language, **{key: ctx[key] for key in ("system", "org", "date", "refs")},
    ).strip() + "\n"
    return Document(kind=k, language=language, markdown=text, sections=sections, to_fill=blanks,
                    required=required, reason=reason, record=record, data=ctx.get("data"))


def _scan(markdown: str) -> tuple[list[str], list[Blank]]:
    """Section headings (from level 2 down) and the blanks under each, in order."""
    sections: list[str] = []
    blanks: list[Blank] = []
    current = ""
    for line in markdown.splitlines():
        m = HEADING.match(line)
        if m and len(m.group(1)) >= 2:
            current = m.group(2).strip()
            sections.append(current)
            continue
        for label in PLACEHOLDER.findall(line):
            blanks.append(Blank(current, label.strip()))
    return sections, blanks
