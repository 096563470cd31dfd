"""`aiact compute`: estimate a model's training compute and place it against the thresholds.

The estimate comes from :mod:`aiact.gpai_compute`; the thresholds (the Commission's indicative
10^23 FLOP criterion for a general-purpose AI model, the 10^25 FLOP presumption of Art. 51(2))
and the 6 FLOP per parameter and token are read from the law room's dated parameters as of
``--as-of`` (default: today), so a delegated act changing a threshold changes the output.

With ``--power-kw`` (and optionally ``--pue``) it also estimates the energy used for training
from the accelerator hours, for Annex XI, Section 1, point 2(e).
"""

from __future__ import annotations

import datetime as _dt
import json
from typing import Annotated, Any

import typer

INDICATIVE = "gpai.indicative_compute"
PRESUMPTION = "art51.systemic_risk_compute"
FACTOR = "gpai.flop_per_parameter_token"

METHOD_LABELS = {
    "given": "figure given",
    "dense": "dense transformer: 6 x parameters x training tokens",
    "moe": "mixture-of-experts: 6 x active parameters x training tokens",
    "hardware": "hardware: accelerator-hours x peak FLOP/s x utilisation x 3600",
}


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)


def _day(value: str | None) -> _dt.date:
    if value is None or value == "today":
        return _dt.date.today()
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise _fail(f"field '--as-of': '{value}' is not a date; write YYYY-MM-DD or 'today'") from None


def _param(pid: str, day: _dt.date) -> tuple[Any, str, str] | None:
    """(value, reference, source) of a law-room parameter on a day, or None before its first value."""
    from aiact.engine.evaluate import Evaluation
    from aiact.engine.load import load_law

    law = load_law()
    p = law.params[pid]
    if not p.keys or day < p.keys[0]:
        return None
    value = Evaluation(law, {}, day).param(pid)
    src = p.source_at(day)
    return value, p.reference, f"{src.act}, {src.ref}"


def compute_command(
    flop: Annotated[float | None, typer.Option("--flop", help="Training compute, if known (FLOP); wins over the estimates.")] = None,
    parameters: Annotated[float | None, typer.Option("--parameters", help="Number of parameters of a dense model, e.g. 7e9.")] = None,
    active_parameters: Annotated[float | None, typer.Option("--active-parameters", help="Parameters active per token (mixture-of-experts).")] = None,
    tokens: Annotated[float | None, typer.Option("--tokens", help="Training tokens, e.g. 2e12.")] = None,
    accelerator_hours: Annotated[float | None, typer.Option("--accelerator-hours", help="Total GPU/TPU hours of training.")] = None,
    peak_flops: Annotated[float | None, typer.Option("--peak-flops", help="Peak FLOP/s of one accelerator at the training precision, e.g. 9.89e14.")] = None,
    utilisation: Annotated[float | None, typer.Option("--utilisation", help="Share of peak achieved on average (0-1), e.g. 0.4.")] = None,
    power_kw: Annotated[float | None, typer.Option("--power-kw", help="Average power drawn by one accelerator during training, in kW (e.g. 0.7); with --accelerator-hours, gives the training energy (Annex XI 2(e)).")] = None,
    pue: Annotated[float | None, typer.Option("--pue", help="Power usage effectiveness of the data centre (at least 1, e.g. 1.2); default 1: overhead not counted.")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Use the thresholds in force on this date (YYYY-MM-DD); default today.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Estimate a model's training compute and compare it with the GPAI thresholds.

    Examples: `aiact compute --parameters 7e9 --tokens 2e12`;
    `aiact compute --active-parameters 1.7e10 --tokens 1.5e13`;
    `aiact compute --accelerator-hours 1e6 --peak-flops 9.89e14 --utilisation 0.4`;
    `aiact compute --flop 4e25 --accelerator-hours 1e7 --power-kw 0.7 --pue 1.2` (with energy).
    """
    from aiact import gpai_compute as gc

    day = _day(as_of)
    factor_p = _param(FACTOR, day)
    factor = float(factor_p[0]) if factor_p else gc.FLOP_PER_PARAMETER_TOKEN
    try:
        est = gc.estimate(
            flop=flop,
            parameters=parameters,
            active_parameters=active_parameters,
            tokens=tokens,
            accelerator_hours=accelerator_hours,
            peak_flops=peak_flops,
            utilisation=utilisation,
            flop_per_parameter_token=factor,
        )
    except ValueError as exc:
        raise _fail(str(exc)) from None
    energy = None
    if power_kw is not None or pue is not None:
        if power_kw is None or accelerator_hours is None:
            raise _fail("the energy estimate needs --accelerator-hours and --power-kw (and optionally --pue)")
        try:
            energy = gc.energy(accelerator_hours, power_kw, 1.0 if pue is None else pue)
        except ValueError as exc:
            raise _fail(str(exc)) from None

    checks: list[dict[str, Any]] = []
    for key, pid, label, note in (
        ("indicative_criterion", INDICATIVE,
         "Indicative criterion for a general-purpose AI model (Commission guidelines C(2025) 5045, guidance)",
         "together with the ability to generate language, or images or video from text; "
         "narrow-task models are not general-purpose"),
        ("systemic_risk_presumption", PRESUMPTION,
         "Presumption of high-impact capabilities, hence systemic risk (Art. 51(2))",
         "a general-purpose AI model above it is presumed to have systemic risk (Art. 51(1)(a)); "
         "its provider notifies the Commission within two weeks (Art. 52(1))"),
    ):
        found = _param(pid, day)
        if found is None:
            checks.append({"key": key, "label": label, "threshold": None, "exceeds": None,
                           "reference": None, "source": None,
                           "note": f"no value on {day.isoformat()}"})
            continue
        value, reference, source = found
        pos = gc.position(est.flop, float(value))
        checks.append({"key": key, "label": label, "threshold": float(value), "exceeds": pos.exceeds,
                       "ratio": pos.ratio, "reference": reference, "source": source, "note": note})

    if as_json:
        out = {
            "as_of": day.isoformat(),
            "estimate": est.as_dict() | {"method_label": METHOD_LABELS[est.method]},
            "flop_per_parameter_token": factor,
            "energy_kwh": None if energy is None else energy.kwh,
            "energy": None if energy is None else energy.as_dict(),
        }
        for c in checks:
            out[c["key"]] = {k: v for k, v in c.items() if k != "key"}
        typer.echo(json.dumps(out, indent=2))
        return

    typer.echo(f"Training compute: {est.flop:.3g} FLOP")
    typer.echo(f"  method: {METHOD_LABELS[est.method]}")
    typer.echo(f"  arithmetic: {est.formula}")
    if est.method in ("dense", "moe"):
        typer.echo("  the factor 6 is an estimation convention, not a legal value (parameter "
                   f"{FACTOR})")
    if energy is not None:
        kwh = f"{energy.kwh:,.0f}".replace(",", " ")
        typer.echo(f"Training energy: {kwh} kWh ({energy.kwh / 1000:.4g} MWh)")
        typer.echo(f"  arithmetic: {energy.formula}")
        typer.echo("  an estimate from the computational resources used (Annex XI, Section 1, point 2(e))")
    typer.echo(f"Thresholds in force on {day.isoformat()} (strictly greater than):")
    for c in checks:
        if c["threshold"] is None:
            typer.echo(f"  {c['label']}: {c['note']}")
            continue
        verdict = "ABOVE" if c["exceeds"] else "not above"
        typer.echo(f"  {c['label']}: {c['threshold']:.0e} FLOP -> {verdict} ({c['ratio']:.3g} x)")
        typer.echo(f"    {c['note']}")
    typer.echo("An estimate informs, it does not decide: Art. 51(2) counts the cumulative compute "
               "actually used, including fine-tuning and synthetic-data generation (recital 111).")


def register(app: typer.Typer) -> None:
    """Add the compute command to the app."""
    app.command("compute")(compute_command)
