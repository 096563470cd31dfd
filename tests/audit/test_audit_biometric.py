"""Biometric error arithmetic, checked by hand."""

from __future__ import annotations

import pytest

from aiact.audit.biometric import biometric, render_biometric
from aiact.audit.errors import AuditInputError


def test_verification_by_hand() -> None:
    # 10,000 attempts a day, 99% genuine; FMR 0.001, FNMR 0.03
    r = biometric(
        mode="verification", fmr=0.001, fnmr=0.03, searches_per_day=10_000, prevalence=0.99
    )
    assert r.inputs.gallery_size == 1
    assert r.per_day.false_matches == pytest.approx(10_000 * 0.01 * 0.001)  # 0.1
    assert r.per_day.true_matches == pytest.approx(10_000 * 0.99 * 0.97)  # 9603
    assert r.per_day.missed_matches == pytest.approx(10_000 * 0.99 * 0.03)  # 297
    assert r.share_of_matches_wrong == pytest.approx(0.1 / (0.1 + 9603))
    assert r.fpir == pytest.approx(0.001)
    assert "Annex III 1(a), second sentence" in r.articles


def test_identification_compounds_over_the_gallery() -> None:
    fmr, n, s, pi, fnmr = 1e-6, 1_000_000, 2_000, 0.01, 0.05
    r = biometric(
        mode="identification",
        fmr=fmr,
        fnmr=fnmr,
        gallery_size=n,
        searches_per_day=s,
        prevalence=pi,
    )
    fpir = 1 - (1 - fmr) ** n  # about 0.632
    assert r.fpir == pytest.approx(fpir, rel=1e-9)
    assert r.fpir == pytest.approx(0.6321, abs=1e-4)
    false_per_search = fmr * ((1 - pi) * n + pi * (n - 1))
    assert r.false_matches_per_search == pytest.approx(false_per_search)
    assert r.per_day.false_matches == pytest.approx(s * false_per_search)
    true_per_day = s * pi * (1 - fnmr)
    assert r.per_day.true_matches == pytest.approx(true_per_day)
    assert r.share_of_matches_wrong == pytest.approx(
        s * false_per_search / (s * false_per_search + true_per_day)
    )
    assert r.per_10000_scanned.people_wrongly_flagged == pytest.approx(10_000 * (1 - pi) * fpir)
    alerts = (1 - pi) * fpir + pi * (1 - fnmr * (1 - fmr) ** (n - 1))
    assert r.per_day.alerts == pytest.approx(s * alerts)
    assert r.per_day.human_checks == pytest.approx(2 * s * alerts)
    assert r.fmr_for_one_false_match_per_day == pytest.approx(
        1 / (s * ((1 - pi) * n + pi * (n - 1)))
    )
    assert "Art. 14(5)" in r.articles and "Recital 73" in r.articles


def test_tiny_fmr_is_not_lost_to_rounding() -> None:
    r = biometric(
        mode="identification", fmr=1e-12, gallery_size=10, searches_per_day=1, prevalence=0
    )
    assert r.fpir == pytest.approx(1e-11, rel=1e-6)  # naive 1-(1-1e-12)**10 loses digits


def test_renderings() -> None:
    r = biometric(
        mode="identification", fmr=1e-4, gallery_size=1000, searches_per_day=500, prevalence=0.02
    )
    text = render_biometric(r, "text")
    assert "per 10,000 people scanned" in text and "Art. 14(5)" in text
    md = render_biometric(r, "markdown")
    assert md.startswith("# Biometric error arithmetic")
    assert '"fpir"' in render_biometric(r, "json")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"fmr": -0.1},
        {"fmr": 0.1, "fnmr": 1.5},
        {"fmr": 0.1, "prevalence": 2.0},
        {"fmr": 0.1, "searches_per_day": 0.0},
        {"fmr": 0.1, "gallery_size": 0},
    ],
)
def test_bad_inputs(kwargs: dict[str, float]) -> None:
    args = {"mode": "identification", "searches_per_day": 10.0, "prevalence": 0.1, **kwargs}
    with pytest.raises(AuditInputError):
        biometric(**args)  # type: ignore[arg-type]
