"""`aiact audit` and `aiact biometric` (issue 3).

Only typer is imported at module level: duckdb, ibis, pydantic models and the renderers
are imported when a command runs, so `aiact --help` and every other command start fast.
"""

from __future__ import annotations

import datetime as _dt
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer


class Format(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"
    html = "html"


class BiometricFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


class Outcome(StrEnum):
    favourable = "favourable"
    adverse = "adverse"


class Intersections(StrEnum):
    full = "full"
    all = "all"
    none = "none"


class FailOn(StrEnum):
    never = "never"
    concern = "concern"
    caution = "caution"


class Mode(StrEnum):
    verification = "verification"
    identification = "identification"


def _fail(command: str, message: str) -> NoReturn:
    typer.echo(f"aiact {command}: error: {message}", err=True)
    # SystemExit rather than typer.Exit: it keeps its status whether the app runs in
    # click's standalone mode or not.
    sys.exit(2)


def _write(text: str, output: Path | None, command: str) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        _fail(command, f"{output}: cannot write: {exc.strerror or exc}")


def _day(command: str, value: str | None) -> _dt.date | None:
    if value is None:
        return None
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        _fail(command, f"--as-of: '{value}' is not a date (YYYY-MM-DD)")


def audit_command(
    data: Annotated[
        str,
        typer.Argument(
            help="CSV or Parquet file or glob ('logs/*.parquet'), a DuckDB file, or a database "
            "URL (postgresql://user@host:5432/db) with --table.",
            show_default=False,
        ),
    ],
    label: Annotated[str, typer.Option("--label", "-l", help="Column with the true outcome.")],
    prediction: Annotated[
        str, typer.Option("--prediction", "-p", help="Column with the system's decision.")
    ],
    group: Annotated[
        list[str],
        typer.Option(
            "--group",
            "-g",
            help="Group column (sensitive feature); repeat for several. Their intersection is "
            "audited too.",
        ),
    ],
    score: Annotated[
        str | None,
        typer.Option(
            "--score",
            "-s",
            help="Column with the predicted probability in [0, 1] (AUC, calibration).",
        ),
    ] = None,
    positive: Annotated[
        str | None,
        typer.Option(
            "--positive",
            help="Label value counted as positive (default: 1, true, yes, y or positive).",
        ),
    ] = None,
    table: Annotated[
        str | None,
        typer.Option("--table", "-t", help="Table in a DuckDB file or database ([schema.]table)."),
    ] = None,
    reference: Annotated[
        Path | None,
        typer.Option(
            "--reference",
            "-r",
            help="Reference distribution of the groups (YAML, JSON or CSV of group -> share).",
        ),
    ] = None,
    outcome: Annotated[
        Outcome,
        typer.Option(
            "--outcome",
            help="What a positive prediction means for the person: favourable (hired, granted) "
            "or adverse (flagged, refused).",
        ),
    ] = Outcome.favourable,
    intersections: Annotated[
        Intersections,
        typer.Option(
            "--intersections",
            help="Intersections of the group columns to audit: full (all columns together), "
            "all (every combination of two or more), none.",
        ),
    ] = Intersections.full,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Report format.")] = Format.text,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report to this file.")
    ] = None,
    confidence: Annotated[float, typer.Option(help="Confidence level of every interval.")] = 0.95,
    min_group_size: Annotated[
        int,
        typer.Option(help="Smallest base (people in a rate's denominator) a rate is judged on."),
    ] = 30,
    max_ci_halfwidth: Annotated[
        float,
        typer.Option(
            help="A rate whose interval reaches further than this either side is too imprecise "
            "to judge."
        ),
    ] = 0.10,
    four_fifths: Annotated[
        float,
        typer.Option(help="Selection-rate ratio to the best group below which a group is flagged."),
    ] = 0.8,
    max_error_ratio: Annotated[
        float, typer.Option(help="FNR/FPR ratio to the best group from which a group is flagged...")
    ] = 1.25,
    min_error_difference: Annotated[
        float, typer.Option(help="...when the two error rates also differ by at least this much.")
    ] = 0.02,
    max_difference: Annotated[
        float,
        typer.Option(help="Largest acceptable gap in accuracy, precision, AUC and equalised odds."),
    ] = 0.05,
    max_calibration_error: Annotated[
        float, typer.Option(help="Largest acceptable expected calibration error of a group.")
    ] = 0.05,
    min_representation: Annotated[
        float,
        typer.Option(
            help="Share in the data below this fraction of the reference share: under-represented."
        ),
    ] = 0.8,
    score_bins: Annotated[
        int,
        typer.Option(
            help="Score histogram bins for AUC and calibration (scores rounded to 1/bins)."
        ),
    ] = 1000,
    calibration_bins: Annotated[
        int, typer.Option(help="Calibration bins (must divide --score-bins).")
    ] = 10,
    fail_on: Annotated[
        FailOn,
        typer.Option(
            "--fail-on",
            help="Exit with status 1 when a finding of this severity (or worse) is reported.",
        ),
    ] = FailOn.never,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Cite the provisions in force on this date (YYYY-MM-DD); default today."),
    ] = None,
) -> None:
    """Audit a prediction log for accuracy and bias per group and intersection
    (Art. 10(2)(f)-(g), 10(3), 15, Annex IV(2)(g))."""
    import pydantic

    from aiact.audit.errors import AuditInputError

    try:
        import duckdb

        duck_error: type[BaseException] = duckdb.Error
    except ImportError:  # pragma: no cover - duckdb is a dependency
        duck_error = AuditInputError
    from aiact.audit.api import audit
    from aiact.audit.models import Thresholds
    from aiact.audit.render import render

    try:
        thresholds = Thresholds(
            confidence=confidence,
            min_group_size=min_group_size,
            max_ci_halfwidth=max_ci_halfwidth,
            four_fifths=four_fifths,
            max_error_ratio=max_error_ratio,
            min_error_difference=min_error_difference,
            max_difference=max_difference,
            max_calibration_error=max_calibration_error,
            min_representation=min_representation,
        )
    except pydantic.ValidationError as exc:
        err = exc.errors()[0]
        _fail("audit", f"--{str(err['loc'][0]).replace('_', '-')}: {err['msg']}")
    try:
        result = audit(
            data,
            label=label,
            prediction=prediction,
            groups=group,
            score=score,
            positive=positive,
            table=table,
            reference=reference,
            outcome=outcome.value,
            intersections=intersections.value,
            thresholds=thresholds,
            score_bins=score_bins,
            calibration_bins=calibration_bins,
            as_of=_day("audit", as_of),
        )
    except AuditInputError as exc:
        _fail("audit", str(exc))
    except duck_error as exc:
        from aiact.audit.source import first_line

        _fail("audit", f"{data}: {first_line(exc)}")
    color = output is None and fmt == Format.text and sys.stdout.isatty()
    _write(render(result, fmt.value, color=color), output, "audit")
    if fail_on != FailOn.never:
        worst = {"concern": 0, "caution": 1, "info": 2}
        limit = worst[fail_on.value]
        if any(worst[f.severity] <= limit for f in result.findings):
            sys.exit(1)


def biometric_command(
    fmr: Annotated[
        float,
        typer.Option(
            "--fmr", help="False match rate per comparison, e.g. 0.0001.", show_default=False
        ),
    ],
    searches_per_day: Annotated[
        float,
        typer.Option(
            "--searches-per-day",
            help="Searches (1:N) or attempts (1:1) per day.",
            show_default=False,
        ),
    ],
    prevalence: Annotated[
        float,
        typer.Option(
            "--prevalence",
            help="Share of searches whose person is really enrolled (a true match exists), "
            "e.g. 0.001.",
            show_default=False,
        ),
    ],
    mode: Annotated[
        Mode,
        typer.Option(
            "--mode",
            "-m",
            help="verification (1:1: is this person who they claim to be?) or identification "
            "(1:N search of a gallery).",
        ),
    ] = Mode.identification,
    fnmr: Annotated[float, typer.Option("--fnmr", help="False non-match rate, e.g. 0.02.")] = 0.0,
    gallery_size: Annotated[
        int,
        typer.Option(
            "--gallery-size",
            "-n",
            help="Templates searched per identification (ignored in verification).",
        ),
    ] = 1,
    fmt: Annotated[
        BiometricFormat, typer.Option("--format", "-f", help="Report format.")
    ] = BiometricFormat.text,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report to this file.")
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Cite the provisions in force on this date (YYYY-MM-DD); default today."),
    ] = None,
) -> None:
    """Expected false matches per day, the chance that a reported match is wrong, and the
    figures per 10,000 people scanned (Art. 14(5), recitals 32, 54, 73)."""
    from aiact.audit.biometric import biometric, render_biometric
    from aiact.audit.errors import AuditInputError

    try:
        result = biometric(
            mode=mode.value,
            fmr=fmr,
            fnmr=fnmr,
            gallery_size=gallery_size,
            searches_per_day=searches_per_day,
            prevalence=prevalence,
            as_of=_day("biometric", as_of),
        )
    except AuditInputError as exc:
        _fail("biometric", str(exc))
    _write(render_biometric(result, fmt.value), output, "biometric")


def register(app: typer.Typer) -> None:
    """Add the audit commands to the app."""
    app.command("audit")(audit_command)
    app.command("biometric")(biometric_command)
