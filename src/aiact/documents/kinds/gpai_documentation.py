"""Facts for the documentation of a general-purpose AI model (Art. 53, 54, 55; Annexes XI, XII).

Which parts are owed comes from the assessment's obligations: art53_1_a (Annex XI),
art53_1_b (Annex XII), art53_1_c (copyright policy), art53_1_d (training-content summary),
art54_1 (authorised representative) and art55_1 (systemic risk). The training compute for
Annex XI, Section 1, point 2(d) and the energy for point 2(e) come from the JSON that
``aiact compute --json`` prints (option ``compute``), else the FLOP is estimated from the
answers with :func:`aiact.gpai_compute.estimate`, else they are left blank.
"""

from __future__ import annotations

import math
from typing import Any

from aiact import gpai_compute as gc
from aiact.engine.errors import InputError

METHOD_WORDS = {
    "given": "figure given",
    "dense": "dense transformer estimate (FLOP per parameter and token x parameters x training tokens)",
    "moe": "mixture-of-experts estimate (FLOP per parameter and token x active parameters x training tokens)",
    "hardware": "hardware estimate (accelerator-hours x peak FLOP/s x utilisation x 3600)",
}


def flop_words(value: float) -> str:
    """4e25 -> '4 x 10^25 FLOP'; 6.25e23 -> '6.25 x 10^23 FLOP'."""
    if value <= 0:
        return "0 FLOP"
    exponent = math.floor(math.log10(value))
    mantissa = value / 10**exponent
    return f"{mantissa:.3g} x 10^{exponent} FLOP"


def kwh_words(value: float) -> str:
    """8.4e6 -> '8 400 000 kWh (8 400 MWh)'."""
    mwh = value / 1000
    mwh_text = f"{mwh:,.0f}" if mwh >= 100 else f"{mwh:.3g}"
    return f"{value:,.0f} kWh ({mwh_text} MWh)".replace(",", " ")


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _from_option(given: Any) -> dict[str, Any]:
    """The figures of ``aiact compute --json`` (option ``compute``)."""
    if not isinstance(given, dict) or not isinstance(given.get("estimate"), dict):
        raise InputError("expected the JSON that `aiact compute --json` prints (with an 'estimate')", field="compute")
    est = given["estimate"]
    flop = _number(est.get("flop"))
    if flop is None:
        raise InputError("the compute JSON has no number at estimate.flop", field="compute")
    raw_energy = given.get("energy")
    energy: dict[str, Any] = raw_energy if isinstance(raw_energy, dict) else {}
    return {
        "flop": flop,
        "method": est.get("method_label") or METHOD_WORDS.get(str(est.get("method")), str(est.get("method"))),
        "formula": est.get("formula"),
        "source": "`aiact compute`" + (f" as of {given['as_of']}" if given.get("as_of") else ""),
        "energy_kwh": _number(given.get("energy_kwh")),
        "energy_formula": energy.get("formula"),
    }


def _from_answers(ctx: dict[str, Any]) -> dict[str, Any] | None:
    answers = ctx["answers"]

    def num(qid: str) -> float | None:
        return _number(answers.get(qid))

    moe = answers.get("art51_2.mixture_of_experts") is True
    try:
        est = gc.estimate(
            flop=num("art51_2.training_flop"),
            parameters=num("art51_2.parameters"),
            active_parameters=num("art51_2.active_parameters") if moe else None,
            tokens=num("art51_2.training_tokens"),
            accelerator_hours=num("art51_2.accelerator_hours"),
            peak_flops=num("art51_2.peak_flops"),
            utilisation=num("art51_2.utilisation"),
            flop_per_parameter_token=float(ctx["param"]("gpai.flop_per_parameter_token")),
        )
    except ValueError:
        return None
    return {"flop": est.flop, "method": METHOD_WORDS[est.method], "formula": est.formula,
            "source": "answers to the art51_2 questions", "energy_kwh": None, "energy_formula": None}


def context(ctx: dict[str, Any]) -> dict[str, Any]:
    a, answers, has, rule = ctx["assessment"], ctx["answers"], ctx["has"], ctx["rule"]
    given = ctx["options"].get("compute")
    compute = _from_option(given) if given is not None else _from_answers(ctx)
    open_source = rule("gpai.open_source_release")
    licence = answers.get("art53_2.open_source_licence")
    if rule("art51_2"):
        systemic_basis = (f"presumed from training compute above "
                          f"{flop_words(float(ctx['param']('art51.systemic_risk_compute')))} (Art. 51(2))")
    elif answers.get("art51_1_b.designated") is True:
        systemic_basis = "designated by the Commission (Art. 51(1)(b), Art. 52(4))"
    elif rule("art51_1_a"):
        systemic_basis = "high-impact capabilities (Art. 51(1)(a))"
    else:
        systemic_basis = None
    released = answers.get("art111_3.model_first_placed")
    if released is None and answers.get("subject.kind") == "model":
        released = answers.get("timeline.first_placed")
    parts = {
        "annex_xi_1": has("art53_1_a"),
        "annex_xi_2": has("art53_1_a") and a.systemic_risk is True,
        "annex_xii": has("art53_1_b"),
        "copyright_policy": has("art53_1_c"),
        "training_summary": has("art53_1_d"),
        "authorised_representative": has("art54_1"),
        "systemic_risk_obligations": has("art55_1"),
    }
    need = ctx["need"]
    data = {
        "kind": "gpai-documentation",
        "parts": parts,
        "systemic_risk": a.systemic_risk,
        "open_source_exception": rule("art53_2"),
        "training_compute_flop": compute["flop"] if compute else None,
        "training_compute_method": compute["method"] if compute else None,
        "energy_kwh": compute["energy_kwh"] if compute else None,
    }
    return {
        "parts": parts,
        "systemic": a.systemic_risk,
        "systemic_basis": systemic_basis,
        "exempt": rule("art53_2") is True,
        "open_source": open_source,
        "licence_open": licence,
        "established_in_eu": answers.get("art2_1.established_in_eu"),
        "rep_exempt": rule("art54_6") is True,
        "released": released,
        "applies_from": need.applies_from if need else None,
        "parameters": answers.get("art51_2.parameters"),
        "active_parameters": answers.get("art51_2.active_parameters") if answers.get("art51_2.mixture_of_experts") else None,
        "training_tokens": answers.get("art51_2.training_tokens"),
        "compute": compute,
        "flop_text": flop_words(compute["flop"]) if compute else None,
        "energy_text": kwh_words(compute["energy_kwh"]) if compute and compute["energy_kwh"] is not None else None,
        "template_adopted": ctx["in_force"]("C(2025) 8311"),
        "data": data,
    }
