"""Biometric error arithmetic: what a small error rate means when many people are searched.

The Act's concern (recitals 32, 54 and 73; Art. 14(5)) is that technical inaccuracies of
remote biometric identification have significant consequences for the persons wrongly
matched. This module turns a false match rate into expected false matches per day, the
share of reported matches that are wrong, and the figures per 10,000 people scanned.

Model (a threshold-based system: every enrolled template scoring above the threshold is
reported as a match; comparisons are independent):

- ``fmr``: probability that one comparison with a template of a different person is a
  (false) match; ``fnmr``: probability that the comparison with the person's own template
  is not a match.
- ``prevalence`` (pi): share of searches (1:N) or attempts (1:1) whose person is enrolled
  (mated search, genuine attempt).
- Identification (1:N, gallery of N): a non-mated search makes N impostor comparisons, a
  mated one N - 1 plus the genuine one.
    P(>= 1 false match | non-mated) = 1 - (1 - fmr)^N      (the FPIR)
    P(>= 1 false match | mated)     = 1 - (1 - fmr)^(N-1)
    E[false matches per search]     = fmr * ((1 - pi) N + pi (N - 1))
    E[true matches per search]      = pi (1 - fnmr)
- Verification (1:1): N = 1, one comparison per attempt.
- Share of reported matches that are wrong = E[false] / (E[false] + E[true]) = 1 - PPV.
- Alerts (searches that report anything): (1 - pi) FPIR + pi (1 - fnmr (1 - fmr)^(N-1)).
  Art. 14(5) asks two persons to verify each identification before any action: two checks
  per alert.

Powers use log1p/expm1, so fmr = 1e-9 with N = 10^8 is computed without loss.
"""

from __future__ import annotations

import datetime as _dt
import math
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from aiact.audit.errors import AuditInputError
from aiact.audit.models import law_version

Mode = Literal["verification", "identification"]

PER = 10_000

class BiometricInputs(BaseModel):
    model_config = ConfigDict(extra="forbid")

    mode: Mode
    fmr: float = Field(ge=0.0, le=1.0)
    fnmr: float = Field(ge=0.0, le=1.0)
    gallery_size: int = Field(ge=1)
    searches_per_day: float = Field(gt=0.0)
    prevalence: float = Field(ge=0.0, le=1.0)


class PerDay(BaseModel):
    model_config = ConfigDict(extra="forbid")

    searches: float
    false_matches: float = Field(description="Expected wrong candidates reported.")
    true_matches: float
    missed_matches: float = Field(description="Mated searches in which the person is not found.")
    people_wrongly_flagged: float = Field(
        description="Non-mated searches (person not enrolled) that report at least one match."
    )
    alerts: float = Field(description="Searches that report at least one match.")
    false_alerts: float = Field(description="Alerts with no true match among the reported ones.")
    human_checks: float = Field(description="Two checks per alert (Art. 14(5)).")


class BiometricResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    schema_version: str = "1.0"
    law_version: str = Field(description="The law applied: the text in force on the date, and that date.")
    inputs: BiometricInputs
    fpir: float = Field(description="P(at least one false match) in a non-mated search.")
    false_matches_per_search: float
    share_of_matches_wrong: float | None = Field(
        description="Probability that a reported match is wrong (1 - PPV); null if nothing is reported."
    )
    share_of_alerts_false: float | None
    per_day: PerDay
    per_10000_scanned: PerDay
    fmr_for_one_false_match_per_day: float | None = Field(
        description="Largest FMR that keeps the expected false matches at one a day."
    )
    articles: list[str]
    notes: list[str]


def _one_minus_pow(fmr: float, n: int) -> float:
    """1 - (1 - fmr)^n, accurately for tiny fmr."""
    if n <= 0 or fmr <= 0.0:
        return 0.0
    if fmr >= 1.0:
        return 1.0
    return -math.expm1(n * math.log1p(-fmr))


def _pow(fmr: float, n: int) -> float:
    return 1.0 - _one_minus_pow(fmr, n)


def biometric(
    *,
    mode: Mode,
    fmr: float,
    searches_per_day: float,
    prevalence: float,
    gallery_size: int = 1,
    fnmr: float = 0.0,
    as_of: _dt.date | None = None,
) -> BiometricResult:
    if mode not in ("verification", "identification"):
        raise AuditInputError(f"mode must be verification or identification, not {mode!r}")
    for name, value in (("fmr", fmr), ("fnmr", fnmr), ("prevalence", prevalence)):
        if not (0.0 <= value <= 1.0) or math.isnan(value):
            raise AuditInputError(f"--{name} must be a probability between 0 and 1, got {value}")
    if not searches_per_day > 0 or math.isinf(searches_per_day):
        raise AuditInputError(
            f"--searches-per-day must be a positive number, got {searches_per_day}"
        )
    if gallery_size < 1:
        raise AuditInputError(f"--gallery-size must be at least 1, got {gallery_size}")
    from aiact.engine.load import load_law

    law = load_law()
    day = as_of or _dt.date.today()
    notes: list[str] = []
    if mode == "verification":
        if gallery_size != 1:
            notes.append(
                "Verification compares each attempt with one template: the gallery size is "
                "ignored (N = 1)."
            )
        n = 1
    else:
        n = gallery_size
    pi = prevalence
    fpir = _one_minus_pow(fmr, n)
    fm_mated = _one_minus_pow(fmr, n - 1)
    false_per_search = fmr * ((1.0 - pi) * n + pi * (n - 1))
    true_per_search = pi * (1.0 - fnmr)
    missed_per_search = pi * fnmr
    wrongly_flagged = (1.0 - pi) * fpir
    alerts = (1.0 - pi) * fpir + pi * (1.0 - fnmr * _pow(fmr, n - 1))
    false_alerts = (1.0 - pi) * fpir + pi * fnmr * fm_mated
    reported = false_per_search + true_per_search
    share_wrong = false_per_search / reported if reported > 0 else None
    share_alerts_false = false_alerts / alerts if alerts > 0 else None

    def scaled(k: float) -> PerDay:
        return PerDay(
            searches=k,
            false_matches=k * false_per_search,
            true_matches=k * true_per_search,
            missed_matches=k * missed_per_search,
            people_wrongly_flagged=k * wrongly_flagged,
            alerts=k * alerts,
            false_alerts=k * false_alerts,
            human_checks=2.0 * k * alerts,
        )

    comparisons = (1.0 - pi) * n + pi * (n - 1)
    fmr_one = 1.0 / (searches_per_day * comparisons) if comparisons > 0 else None
    if fmr_one is not None and fmr_one > 1.0:
        fmr_one = 1.0
    if fnmr == 0.0:
        notes.append(
            "No false non-match rate given: taken as 0, which overstates the true matches."
        )
    if mode == "identification":
        notes.append(
            "Each identification must be separately verified and confirmed by at least two "
            "competent persons before any action (Art. 14(5)); the human checks count two per "
            "alert. Law enforcement, migration, border control and asylum are exempt where "
            "Union or national law considers this disproportionate."
        )
        notes.append(
            "Real-time remote biometric identification in publicly accessible spaces for law "
            "enforcement is prohibited save the exceptions and safeguards of Art. 5(1)(h) and "
            "5(2)-(7); post-remote identification for law enforcement needs the authorisation "
            "of Art. 26(10)."
        )
    else:
        notes.append(
            "Biometric verification whose sole purpose is to confirm that a person is who they "
            "claim to be is not high-risk under Annex III 1(a) (see recital 54); the figures "
            "still belong in the accuracy statement where the system is otherwise high-risk."
        )
    notes.append(
        "Error rates differ between groups of people (age, sex, ethnicity, disability: recitals "
        "32 and 54): run this with each group's own FMR and FNMR, as measured by `aiact audit`."
    )
    return BiometricResult(
        inputs=BiometricInputs(
            mode=mode,
            fmr=fmr,
            fnmr=fnmr,
            gallery_size=n,
            searches_per_day=searches_per_day,
            prevalence=pi,
        ),
        fpir=fpir,
        false_matches_per_search=false_per_search,
        share_of_matches_wrong=share_wrong,
        share_of_alerts_false=share_alerts_false,
        per_day=scaled(searches_per_day),
        per_10000_scanned=scaled(float(PER)),
        fmr_for_one_false_match_per_day=fmr_one,
        articles=law.evidence.cites("biometric", mode, day),  # aiact/law/evidence.yaml
        law_version=law_version(law, day),
        notes=notes,
    )


def _num(x: float) -> str:
    if x == 0:
        return "0"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    if abs(x) >= 1:
        return f"{x:,.2f}"
    return f"{x:.3g}"


def _share(x: float | None) -> str:
    if x is None:
        return "n/a"
    pct = 100 * x
    if pct == 0 or pct >= 0.01:
        return f"{pct:.2f}%"
    return f"{pct:.2g}%"


_ROWS_VERIFICATION = (
    ("false_matches", "impostors accepted (false matches)"),
    ("true_matches", "genuine users accepted"),
    ("missed_matches", "genuine users rejected (false non-matches)"),
)

_ROWS = (
    ("false_matches", "false matches (wrong candidates reported)"),
    ("people_wrongly_flagged", "people not enrolled who are flagged"),
    ("true_matches", "true matches"),
    ("missed_matches", "enrolled people not found"),
    ("alerts", "alerts (searches reporting a match)"),
    ("false_alerts", "alerts without a true match"),
    ("human_checks", "human checks (two per alert, Art. 14(5))"),
)


def render_biometric(result: BiometricResult, fmt: str = "text") -> str:
    if fmt == "json":
        return result.model_dump_json(indent=2) + "\n"
    i = result.inputs
    unit = "search" if i.mode == "identification" else "attempt"
    units = "searches" if i.mode == "identification" else "attempts"
    verification = i.mode == "verification"
    fpir_line = (
        f"P(false match) for an impostor attempt (FMR): {_share(result.fpir)}"
        if verification
        else "P(at least one false match) for a person not enrolled (FPIR = 1-(1-FMR)^N): "
        f"{_share(result.fpir)}"
    )
    gallery = "" if verification else f"gallery {i.gallery_size:,}; "
    head = [
        f"Mode: {i.mode} ({'1:1' if verification else '1:N'}); FMR {i.fmr:g} per "
        f"comparison, FNMR {i.fnmr:g}; {gallery}{i.searches_per_day:,.0f} "
        f"{units} per day; prevalence of true matches {i.prevalence:g}",
        f"Probability that a reported match is wrong (1 - PPV): {_share(result.share_of_matches_wrong)}",
        fpir_line,
        f"Expected false matches per {unit}: {_num(result.false_matches_per_search)}",
    ]
    if result.fmr_for_one_false_match_per_day is not None:
        head.append(
            f"FMR that would keep false matches to one a day: "
            f"{result.fmr_for_one_false_match_per_day:.3g}"
        )
    per = "attempts" if verification else "people scanned"
    if not verification:
        head.insert(
            2, f"Share of alerts without a true match: {_share(result.share_of_alerts_false)}"
        )
    rows = [
        (label, _num(getattr(result.per_day, key)), _num(getattr(result.per_10000_scanned, key)))
        for key, label in (_ROWS_VERIFICATION if verification else _ROWS)
    ]
    if fmt == "markdown":
        out = ["# Biometric error arithmetic", ""]
        out += [f"- {line}" for line in head]
        out += ["", f"| | per day | per 10,000 {per} |", "|---|---:|---:|"]
        out += [f"| {a} | {b} | {c} |" for a, b, c in rows]
        out += ["", "## Notes", ""] + [f"- {n}" for n in result.notes]
        out += ["", f"Provisions: {'; '.join(result.articles)}. {result.law_version}.", ""]
        return "\n".join(out)
    import io

    from rich.console import Console
    from rich.table import Table

    buf = io.StringIO()
    console = Console(file=buf, width=110, no_color=True, highlight=False, emoji=False)
    console.print("aiact biometric: error arithmetic", markup=False)
    for line in head:
        console.print(line, markup=False)
    table = Table(show_header=True)
    table.add_column("")
    table.add_column("per day", justify="right")
    table.add_column(f"per 10,000 {per}", justify="right")
    for a, b, c in rows:
        table.add_row(a, b, c)
    console.print(table)
    for n in result.notes:
        console.print(f"- {n}", markup=False)
    console.print(f"Provisions: {'; '.join(result.articles)}. {result.law_version}.", markup=False)
    return buf.getvalue()
