"""Training-compute estimates for general-purpose AI models (Art. 51(2), Art. 3(67)).

The AI Act measures a model's training compute in floating-point operations (FLOP): more
than 10^25 FLOP presumes high-impact capabilities and so systemic risk (Art. 51(2)), and the
Commission's guidelines C(2025) 5045 use more than 10^23 FLOP (with language, text-to-image
or text-to-video generation) as an indicative criterion for a general-purpose AI model. Few
people know their model's FLOP; these functions estimate it from what they do know:

* dense transformer: ``6 x parameters x training tokens``;
* mixture-of-experts: ``6 x active parameters per token x training tokens``;
* hardware: ``accelerator-hours x peak FLOP/s per accelerator x utilisation x 3600``.

And the energy used for training (Annex XI, Section 1, point 2(e): "known or estimated energy
consumption of the model", which "may be based on information about computational resources
used" where it is unknown):

* energy: ``accelerator-hours x average power per accelerator (kW) x PUE`` in kWh, where PUE
  (power usage effectiveness) adds the data centre's overhead (cooling, power conversion);
  the default 1.0 leaves the overhead out.

The factor 6 (about 2 FLOP per parameter and token for the forward pass, 4 for the backward
pass) is a convention of the machine-learning literature, not a legal value; the law room
holds it as the dated parameter ``gpai.flop_per_parameter_token`` and the rules in
``aiact/law/rules/gpai.yaml`` make the same estimate. Pass that value as
``flop_per_parameter_token`` to stay in step with it.

Pure functions, standard library only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

#: Default FLOP per parameter and token (forward + backward pass); the law room's
#: ``gpai.flop_per_parameter_token`` parameter is the authoritative, dated value.
FLOP_PER_PARAMETER_TOKEN = 6.0
SECONDS_PER_HOUR = 3600.0

METHODS = ("given", "moe", "dense", "hardware")


@dataclass(frozen=True)
class Estimate:
    """A training-compute figure and how it was obtained."""

    flop: float
    method: str  # one of METHODS
    formula: str  # the arithmetic, for the reader

    def as_dict(self) -> dict[str, object]:
        return {"flop": self.flop, "method": self.method, "formula": self.formula}


@dataclass(frozen=True)
class Position:
    """Where a figure stands against a threshold that must be strictly exceeded."""

    threshold: float
    exceeds: bool
    ratio: float  # the figure as a multiple of the threshold


def _check(name: str, value: float, *, positive: bool = False, at_most_one: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{name} must be a number, got {value!r}")
    v = float(value)
    if not math.isfinite(v):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    if v < 0 or (positive and v == 0):
        raise ValueError(f"{name} must be {'greater than 0' if positive else 'at least 0'}, got {value:g}")
    if at_most_one and v > 1:
        raise ValueError(f"{name} is a share between 0 and 1, got {value:g}")
    return v


def dense(parameters: float, tokens: float, flop_per_parameter_token: float = FLOP_PER_PARAMETER_TOKEN) -> Estimate:
    """Training compute of a dense transformer: ``k x parameters x tokens`` (k = 6 by default).

    >>> dense(7e9, 2e12).flop
    8.4e+22
    """
    n = _check("parameters", parameters)
    d = _check("tokens", tokens)
    k = _check("flop_per_parameter_token", flop_per_parameter_token, positive=True)
    return Estimate(k * n * d, "dense", f"{k:g} x {n:.3g} parameters x {d:.3g} tokens")


def moe(
    active_parameters: float, tokens: float, flop_per_parameter_token: float = FLOP_PER_PARAMETER_TOKEN
) -> Estimate:
    """Training compute of a mixture-of-experts transformer: ``k x active parameters x tokens``.

    Only the parameters active for each token count, not the model's total.

    >>> moe(1.3e10, 1e12).flop
    7.8e+22
    """
    n = _check("active_parameters", active_parameters)
    d = _check("tokens", tokens)
    k = _check("flop_per_parameter_token", flop_per_parameter_token, positive=True)
    return Estimate(k * n * d, "moe", f"{k:g} x {n:.3g} active parameters x {d:.3g} tokens")


def hardware(accelerator_hours: float, peak_flops: float, utilisation: float) -> Estimate:
    """Training compute from the hardware used: ``hours x peak FLOP/s x utilisation x 3600``.

    ``peak_flops`` is one accelerator's peak at the training precision (e.g. 9.89e14 for an
    H100 at BF16, dense); ``utilisation`` the share of that peak achieved on average (0-1).

    >>> round(hardware(1e6, 9.89e14, 0.4).flop / 1e24, 4)
    1.4242
    """
    h = _check("accelerator_hours", accelerator_hours)
    f = _check("peak_flops", peak_flops)
    u = _check("utilisation", utilisation, at_most_one=True)
    return Estimate(
        h * f * u * SECONDS_PER_HOUR,
        "hardware",
        f"{h:.3g} accelerator-hours x {f:.3g} FLOP/s x {u:g} utilisation x 3600 s/h",
    )


@dataclass(frozen=True)
class Energy:
    """An energy-consumption figure (kWh) and how it was obtained."""

    kwh: float
    accelerator_hours: float
    power_kw: float
    pue: float
    formula: str  # the arithmetic, for the reader

    def as_dict(self) -> dict[str, object]:
        return {"kwh": self.kwh, "accelerator_hours": self.accelerator_hours, "power_kw": self.power_kw,
                "pue": self.pue, "formula": self.formula}


def energy(accelerator_hours: float, power_kw: float, pue: float = 1.0) -> Energy:
    """Training energy in kWh: ``accelerator-hours x average kW per accelerator x PUE``.

    ``power_kw`` is the average power drawn by one accelerator during training (for example
    0.7 for an H100 SXM at its 700 W board power); ``pue`` the data centre's power usage
    effectiveness (total facility energy / IT energy, at least 1; 1.0, the default, means
    the overhead is not counted). An estimate for Annex XI, Section 1, point 2(e), where the
    energy actually consumed is not known.

    >>> energy(1e6, 0.7).kwh
    700000.0
    >>> round(energy(1e6, 0.7, pue=1.2).kwh)
    840000
    """
    h = _check("accelerator_hours", accelerator_hours)
    p = _check("power_kw", power_kw, positive=True)
    q = _check("pue", pue, positive=True)
    if q < 1:
        raise ValueError(f"pue (power usage effectiveness) is at least 1, got {pue:g}")
    overhead = f" x PUE {q:g}" if q != 1 else " (data-centre overhead not counted: PUE 1)"
    return Energy(h * p * q, h, p, q, f"{h:.3g} accelerator-hours x {p:g} kW{overhead}")


def given(flop: float) -> Estimate:
    """A figure the developer reports: used as it is."""
    v = _check("flop", flop)
    return Estimate(v, "given", f"{v:.3g} FLOP as reported")


def estimate(
    *,
    flop: float | None = None,
    parameters: float | None = None,
    active_parameters: float | None = None,
    tokens: float | None = None,
    accelerator_hours: float | None = None,
    peak_flops: float | None = None,
    utilisation: float | None = None,
    flop_per_parameter_token: float = FLOP_PER_PARAMETER_TOKEN,
) -> Estimate:
    """The best estimate from what is known, in the order the rules use.

    A figure given directly wins; then the architecture-based estimate (active parameters
    for mixture-of-experts if given, else all parameters); then the hardware-based one.
    Every input given is checked, used or not. Raises ``ValueError`` naming what is wrong or
    missing when no method has all its inputs.
    """
    for name, value in (("flop", flop), ("parameters", parameters), ("active_parameters", active_parameters),
                        ("tokens", tokens), ("accelerator_hours", accelerator_hours), ("peak_flops", peak_flops)):
        if value is not None:
            _check(name, value)
    if utilisation is not None:
        _check("utilisation", utilisation, at_most_one=True)
    if flop is not None:
        return given(flop)
    if tokens is not None and active_parameters is not None:
        return moe(active_parameters, tokens, flop_per_parameter_token)
    if tokens is not None and parameters is not None:
        return dense(parameters, tokens, flop_per_parameter_token)
    if accelerator_hours is not None and peak_flops is not None and utilisation is not None:
        return hardware(accelerator_hours, peak_flops, utilisation)
    missing: list[str] = []
    if parameters is not None or active_parameters is not None:
        missing.append("tokens (training tokens)")
    elif tokens is not None:
        missing.append("parameters or active parameters")
    if any(x is not None for x in (accelerator_hours, peak_flops, utilisation)):
        missing += [name for name, v in (("accelerator hours", accelerator_hours), ("peak FLOP/s", peak_flops),
                                         ("utilisation", utilisation)) if v is None]
    hint = f" (missing: {', '.join(missing)})" if missing else ""
    raise ValueError(
        "not enough to estimate training compute: give the FLOP, or parameters (or active "
        "parameters) and training tokens, or accelerator hours, peak FLOP/s and utilisation" + hint
    )


def position(flop: float, threshold: float) -> Position:
    """Whether ``flop`` is strictly greater than ``threshold`` (as Art. 51(2) requires)."""
    v = _check("flop", flop)
    t = _check("threshold", threshold)
    return Position(threshold=t, exceeds=v > t, ratio=(v / t) if t else math.inf)
