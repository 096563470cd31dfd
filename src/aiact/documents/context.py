"""What a document template may use: facts from the assessment and the answers, nothing
decided here. The law's conclusions come from :func:`aiact.assess`; this module only puts
them in the shape templates read, plus the blanks a person must fill.

Template variables (see ``templates/README.md``):

``assessment``  the :class:`~aiact.engine.result.Assessment` (category, roles, obligations ...)
``answers``     known answers by question id; ``unknown`` the ids answered "don't know"
``system``      ``name``, ``description``, ``organisation``, ``first_placed``, ``use_start``
``org``         ``name``, ``kind``, ``headcount``, ``turnover``, ``sme``, ``smc``, ``public_body``
``obligations`` the asker's duties; ``ob(id)`` one of them or None; ``has(id)`` whether owed
``need``        the duties that call for this document (or None when forced)
``as_of``       the assessment date; ``law_version`` the text applied
``param(id)``   a dated parameter's value on ``as_of``; ``rule(id)`` a rule's value (None = open)
``fill(v, what)`` the value, or ``[TO FILL: what]`` when it is not known; ``blank(what)``
``date(d)``     '2 August 2026'; ``eur(x)`` 'EUR 15 000 000'; ``yesno(b)``; ``refs(list)``
``provision(ref)`` the 2024 words of a provision (e.g. an Annex III point); ``in_force(act)``
``amended``     Regulation (EU) 2026/1744 is in force on ``as_of`` (texts it replaced differ)
``audit``       the ``aiact audit`` result given with ``--audit`` (or None)
``options``     command-line options of the kind (e.g. ``aware_on`` for an incident report)
plus whatever the kind's module (``aiact.documents.kinds.KIND``) adds.
"""

from __future__ import annotations

import datetime as _dt
import importlib
import re
from typing import Any

from aiact.documents.catalogue import Kind, Need
from aiact.engine.assess import evaluation_for
from aiact.engine.law import long_date, param_words
from aiact.engine.lawtext import provision_text
from aiact.engine.load import load_law
from aiact.engine.profile import Profile
from aiact.engine.result import Assessment, Obligation
from aiact.engine.tri import UNKNOWN

ROLE_WORDS = {
    "provider": "provider", "deployer": "deployer", "importer": "importer", "distributor": "distributor",
    "authorised_representative": "authorised representative", "product_manufacturer": "product manufacturer",
    "gpai_provider": "provider of a general-purpose AI model",
}
CATEGORY_WORDS = {
    "out_of_scope": "outside the scope of the AI Act", "prohibited": "prohibited practice (Art. 5)",
    "high": "high-risk AI system", "transparency": "AI system with transparency obligations (Art. 50)",
    "minimal": "minimal-risk AI system", "gpai_model_only": "general-purpose AI model",
    "undetermined": "not yet determined",
}


def blank(what: str) -> str:
    """A field a person must fill; its label is plain text (no Markdown), the same in Word."""
    return f"[TO FILL: {what.replace('`', '').replace('*', '')}]"


def fill(value: Any, what: str) -> str:
    """The value in words, or a blank naming what a person must write."""
    if value is None or value is UNKNOWN or (isinstance(value, str) and not value.strip()):
        return blank(what)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, _dt.date):
        return long_date(value)
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}".replace(",", " ")
    if isinstance(value, int):
        return f"{value:,}".replace(",", " ")
    return str(value).strip()


def eur(value: Any) -> str:
    return param_words(value, "EUR") if isinstance(value, int | float) else str(value)


def date_words(value: Any) -> str:
    if isinstance(value, str):
        try:
            value = _dt.date.fromisoformat(value)
        except ValueError:
            return value
    return long_date(value) if isinstance(value, _dt.date) else str(value)


def yesno(value: Any) -> str:
    return {True: "yes", False: "no"}.get(value, "not determined")


def refs(items: list[str]) -> str:
    return ", ".join(dict.fromkeys(items))


def provision(ref: str) -> str:
    """The 2024 words of a provision, without the list dash and point letter."""
    found = provision_text(ref)
    if found is None:
        return ref
    text = " ".join(found.text.split())
    return re.sub(r"^-?\s*(\(\w+\)|\d+\.)\s*", "", text).rstrip(";.")


def build_context(kind: Kind, profile: Profile, assessment: Assessment, *, audit: Any,
                  options: dict[str, Any], need: Need | None, language: str) -> dict[str, Any]:
    law = load_law()
    day = assessment.law.as_of
    evaluation = evaluation_for(profile, day, law)

    def rule(rid: str) -> Any:
        value = evaluation.rule(rid)
        return None if value is UNKNOWN else value

    def param(pid: str) -> Any:
        return law.params[pid].at(day)

    answers = dict(profile.answers)
    obligations: list[Obligation] = list(assessment.obligations)
    by_id = {o.id: o for o in obligations}
    org_name = profile.organisation
    ctx: dict[str, Any] = {
        "kind": kind,
        "language": language,
        "assessment": assessment,
        "answers": answers,
        "unknown": set(profile.unknown),
        "system": {
            "name": profile.name,
            "description": (profile.description or "").strip() or None,
            "organisation": org_name,
            "first_placed": answers.get("timeline.first_placed"),
            "use_start": answers.get("timeline.use_start"),
            "category": assessment.category,
            "category_words": CATEGORY_WORDS[assessment.category],
        },
        "org": {
            "name": org_name,
            "kind": answers.get("org.kind"),
            "headcount": answers.get("org.staff_headcount"),
            "turnover": answers.get("org.annual_turnover_eur"),
            "sme": rule("org.sme"),
            "smc": rule("org.smc") if "org.smc" in law.rules else None,
            "public_body": rule("org.public_body"),
        },
        "roles": list(assessment.roles),
        "role_words": [ROLE_WORDS.get(r, r.replace("_", " ")) for r in assessment.roles],
        "obligations": obligations,
        "ob": by_id.get,
        "has": lambda oid: oid in by_id,
        "need": need,
        "as_of": day,
        "law_version": assessment.law.version,
        "param": param,
        "rule": rule,
        "fill": fill,
        "blank": blank,
        "date": date_words,
        "eur": eur,
        "yesno": yesno,
        "refs": refs,
        "provision": provision,
        "in_force": lambda act: any(a.id == act for a in law.acts_in_force(day)),
        "amended": any(a.id == "2026/1744" for a in law.acts_in_force(day)),
        "audit": audit,
        "options": options,
        "data": None,
    }
    if language != "en":  # dates in the document's language (month names are language data)
        from aiact.documents.kinds.notices import local_date, texts

        words = texts(language)
        ctx["date"] = lambda d: local_date(words, d)
    try:
        module = importlib.import_module(f"aiact.documents.kinds.{kind.id.replace('-', '_')}")
    except ModuleNotFoundError as exc:
        if exc.name != f"aiact.documents.kinds.{kind.id.replace('-', '_')}":
            raise
    else:
        ctx.update(module.context(ctx))
    return ctx
