"""Audit findings cite the provisions in force on the audit date (aiact/law/evidence.yaml).

Art. 4a was inserted by Regulation (EU) 2026/1744 (in force 27 July 2026) and replaced the
bias-data rule of Art. 10(5), which that act deleted.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from aiact.audit.api import audit
from aiact.audit.biometric import biometric

BEFORE = dt.date(2026, 5, 1)
AFTER = dt.date(2026, 11, 27)


def _special(result: Any) -> Any:
    return next(f for f in result.findings if f.kind == "special_categories")


def test_before_the_omnibus_the_special_categories_finding_cites_art_10_5(log: Any) -> None:
    result = audit(log, label="y", prediction="p", groups=["sex"], as_of=BEFORE)
    finding = _special(result)
    assert finding.articles == ["Art. 10(5)", "Art. 10(2)(f)-(g)"]
    assert "Art. 10(5)(a)-(f)" in finding.text and "4a" not in finding.text
    assert "2026/1744" not in result.law_version and "as of 2026-05-01" in result.law_version


def test_from_27_july_2026_it_cites_art_4a(log: Any) -> None:
    result = audit(log, label="y", prediction="p", groups=["sex"], as_of=AFTER)
    finding = _special(result)
    assert finding.articles == ["Art. 4a(1)", "Art. 4a(2)", "Art. 10(2)(f)-(g)"]
    assert "Art. 4a(1)(a)-(f), which replaced Art. 10(5)" in finding.text
    assert "as amended by Regulation (EU) 2026/1744" in result.law_version


def test_the_other_findings_cite_the_same_provisions_on_both_dates(log: Any) -> None:
    before = audit(log, label="y", prediction="p", groups=["sex"], as_of=BEFORE)
    after = audit(log, label="y", prediction="p", groups=["sex"], as_of=AFTER)
    cites = {f.kind: f.articles for f in before.findings if f.kind != "special_categories"}
    assert cites and cites == {f.kind: f.articles for f in after.findings if f.kind != "special_categories"}
    assert cites["accuracy"][0] == "Art. 15(1)"


def test_biometric_figures_cite_the_provisions_of_their_mode() -> None:
    r = biometric(mode="identification", fmr=1e-4, searches_per_day=100, prevalence=0.01, gallery_size=1000,
                  as_of=AFTER)
    assert "Art. 14(5)" in r.articles and "Art. 26(10)" in r.articles
    v = biometric(mode="verification", fmr=1e-4, searches_per_day=100, prevalence=0.01, as_of=BEFORE)
    assert v.articles[0] == "Annex III 1(a), second sentence" and "2026/1744" not in v.law_version


def test_every_kind_of_finding_has_its_provisions_in_the_law_room() -> None:
    from aiact.audit.findings import _KIND_ORDER
    from aiact.engine.load import load_law

    assert set(_KIND_ORDER) == set(load_law().evidence.audit)
