"""Transparency notices (Art. 50): the texts are data, one file per language in
``aiact/law/notices/LANG.yaml``; this module loads and checks them and picks the notices the
asker owes from the assessment's Art. 50 obligations.

A translator adds a language by copying ``en.yaml`` to ``LANG.yaml`` (same keys, translated
values) and ``templates/notices.en.md.j2`` to ``notices.LANG.md.j2``; no Python changes.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path
from typing import Any

import yaml

from aiact.documents.catalogue import LAW_ROOT
from aiact.engine.errors import LawError

NOTICES_DIR = LAW_ROOT / "notices"

# Notice key -> (the obligation in law/obligations/*.yaml that calls for it, the
# provision, the answer that says which kind of system it is, where one paragraph covers two).
KEYS: dict[str, tuple[str, str, str | None]] = {
    "art50_1": ("art50_1", "Art. 50(1)", None),
    "art50_2": ("art50_2", "Art. 50(2)", None),
    "art50_3_emotion": ("art50_3", "Art. 50(3)", "art3_39.infers_emotions"),
    "art50_3_biometric": ("art50_3", "Art. 50(3)", "art3_40.biometric_categorisation"),
    "art50_4_deep_fake": ("art50_4_deep_fake", "Art. 50(4)", None),
    "art50_4_artistic": ("art50_4_deep_fake_artistic", "Art. 50(4)", None),
    "art50_4_text": ("art50_4_text", "Art. 50(4), second subparagraph", None),
    # the information a deployer of a high-risk system owes the people it is used on
    "art26_7": ("art26_7", "Art. 26(7)", None),
    "art26_11": ("art26_11", "Art. 26(11)", None),
}
FIELDS = ("title", "notice", "short", "placement")
TOP = ("language", "name", "date", "months", "notices")
OPTIONAL_TOP = ("day_one",)  # how the first day of a month is written where it differs (fr: 1er)
SLOT = re.compile(r"\{([a-z_]+)\}")


def _load(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise LawError(f"not valid YAML: {exc}", path=path) from exc
    if not isinstance(data, dict):
        raise LawError("a notices file is a mapping with the keys " + ", ".join(TOP), path=path)
    for key in TOP:
        if key not in data:
            raise LawError(f"missing key '{key}' (every notices file has the keys of en.yaml)", path=path, field=key)
    extra = sorted(set(data) - set(TOP) - set(OPTIONAL_TOP))
    if extra:
        raise LawError(f"unknown keys {extra}", path=path)
    if data["language"] != path.stem:
        raise LawError(f"language '{data['language']}' in a file named {path.name}", path=path, field="language")
    months = data["months"]
    if not isinstance(months, list) or len(months) != 12:
        raise LawError("months lists the twelve month names", path=path, field="months")
    notices = data["notices"] or {}
    for key in KEYS:
        if key not in notices:
            raise LawError(f"missing notice '{key}' (every notices file has the keys of en.yaml)", path=path, field=key)
    extra = sorted(set(notices) - set(KEYS))
    if extra:
        raise LawError(f"unknown notices {extra} (known: {', '.join(KEYS)})", path=path)
    for key, entry in notices.items():
        if not isinstance(entry, dict):
            raise LawError("a notice is a mapping of " + ", ".join(FIELDS), path=path, field=key)
        for name in FIELDS:
            value = entry.get(name)
            if not isinstance(value, str) or not value.strip():
                raise LawError(f"missing text '{name}' of notice '{key}'", path=path, field=f"{key}.{name}")
        extra = sorted(set(entry) - {*FIELDS, "blanks"})
        if extra:
            raise LawError(f"unknown keys {extra} in notice '{key}'", path=path, field=key)
        labels = entry.get("blanks") or {}
        for name in FIELDS:
            for slot in SLOT.findall(entry[name]):
                if slot not in labels:
                    raise LawError(f"'{{{slot}}}' in {name} has no label under blanks", path=path, field=f"{key}.blanks.{slot}")
    return data


def load_all(directory: Path = NOTICES_DIR) -> dict[str, dict[str, Any]]:
    """Every language file of ``directory``, checked: each has every notice, each notice
    every text, and the blanks of a notice are the same in every language."""
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise LawError("no notices files", path=directory)
    out = {p.stem: _load(p) for p in files}
    ref_lang = "en" if "en" in out else next(iter(out))
    ref = out[ref_lang]["notices"]
    for lang, data in out.items():
        for key in KEYS:
            want = sorted(ref[key].get("blanks") or {})
            have = sorted(data["notices"][key].get("blanks") or {})
            if want != have:
                raise LawError(f"notice '{key}' has blanks {have}, {ref_lang}.yaml has {want}",
                               path=directory / f"{lang}.yaml", field=f"{key}.blanks")
    return out


def texts(language: str, directory: Path = NOTICES_DIR) -> dict[str, Any]:
    """The checked notices file of one language."""
    found = load_all(directory)
    if language not in found:
        raise LawError(f"no notices file for '{language}' (available: {', '.join(found)})",
                       path=directory / f"{language}.yaml")
    return found[language]


def local_date(data: dict[str, Any], day: Any) -> str:
    """A date in the file's language: '2. August 2026', '2 août 2026'."""
    if isinstance(day, str):
        day = _dt.date.fromisoformat(day)
    if not isinstance(day, _dt.date):
        return str(day)
    number = data.get("day_one") if day.day == 1 and data.get("day_one") else day.day
    return str(data["date"]).format(day=number, month=data["months"][day.month - 1], year=day.year)


def _filled(text: str, labels: dict[str, str], blank: Any) -> str:
    return SLOT.sub(lambda m: blank(labels[m.group(1)]), " ".join(text.split()))


def context(ctx: dict[str, Any]) -> dict[str, Any]:
    data = texts(ctx["language"])
    answers = ctx["answers"]
    rule = ctx["rule"]
    owed: list[dict[str, Any]] = []
    for key, (oid, ref, fact) in KEYS.items():
        ob = ctx["ob"](oid)
        if ob is None:
            continue
        if fact is not None:  # one paragraph, two kinds of system: the answers say which
            siblings = [f for (o, _r, f) in KEYS.values() if o == oid and f]
            if answers.get(fact) is not True and any(answers.get(f) is True for f in siblings):
                continue
        entry = data["notices"][key]
        labels = entry.get("blanks") or {}
        start = ob.own_start or ob.applies_from
        owed.append({
            "key": key, "ref": ref, "obligation": ob, "owed_by": ob.owed_by,
            "title": " ".join(entry["title"].split()),
            "notice": _filled(entry["notice"], labels, ctx["blank"]),
            "short": _filled(entry["short"], labels, ctx["blank"]),
            "placement": " ".join(entry["placement"].split()),
            "applies_from": ctx["date"](ob.applies_from) if ob.applies_from else None,
            "own_start": ctx["date"](ob.own_start) if ob.own_start and ob.own_start != ob.applies_from else None,
            "applies_now": ob.applies_now,
            "start": start,
        })
    transitional = None
    if any(n["key"] == "art50_2" for n in owed) and rule("art111_4") is True:
        transitional = {"cutoff": ctx["date"](ctx["param"]("art111.art50_2_existing_cutoff")),
                        "deadline": ctx["date"](ctx["param"]("art111.art50_2_existing_deadline"))}
    exceptions = [{"ref": x.ref, "label": x.label} for x in ctx["assessment"].lifted_out if x.field == "transparency"]
    return {
        "notices": owed,
        "paragraphs": list(dict.fromkeys(n["ref"].split(",")[0] for n in owed)),
        "art50_owed": any(n["key"].startswith("art50") for n in owed),
        "art26_owed": any(n["key"].startswith("art26") for n in owed),
        "about_refs": "; ".join(
            (["Art. 50(5)"] if any(n["key"].startswith("art50") for n in owed) or not owed else [])
            + [n["ref"] for n in owed if n["key"].startswith("art26")]),
        "exceptions": exceptions,
        "transitional": transitional,
        "language_name": data["name"],
    }
