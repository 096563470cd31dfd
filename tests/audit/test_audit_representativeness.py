"""Group shares against a reference distribution, with a chi-square test."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from scipy.stats import chisquare

from aiact.audit.api import audit
from aiact.audit.errors import AuditInputError
from aiact.audit.representativeness import load_reference


def frame(counts: dict[tuple[str, str], int]) -> pd.DataFrame:
    out = []
    for (sex, age), n in counts.items():
        out += [{"sex": sex, "age": age, "y": i % 2, "p": (i // 2) % 2} for i in range(n)]
    return pd.DataFrame(out)


DATA = frame(
    {
        ("female", "18-29"): 300,
        ("female", "60+"): 60,
        ("male", "18-29"): 400,
        ("male", "60+"): 240,
    }
)


def test_chi_square_by_hand_and_scipy() -> None:
    ref = {"age": {"18-29": 0.5, "60+": 0.5}, "sex": {"female": 0.5, "male": 0.5}}
    r = audit(DATA, label="y", prediction="p", groups=["sex", "age"], reference=ref)
    age = next(x for x in r.representativeness if x.attribute == "age")
    # observed 700 / 300, expected 500 / 500: chi2 = 2 * 200^2 / 500 = 160
    assert age.chi_square == pytest.approx(160.0)
    assert age.df == 1
    assert age.p_value == pytest.approx(chisquare([700, 300], [500, 500]).pvalue, rel=1e-9)
    assert age.under_represented == ["age=60+"]
    g = next(x for x in age.groups if x.label == "age=60+")
    assert g.observed == 300 and g.observed_share == pytest.approx(0.3)
    assert g.representation_ratio == pytest.approx(0.6)
    sex = next(x for x in r.representativeness if x.attribute == "sex")
    f = next(x for x in r.findings if x.id == "representativeness:age")
    assert f.severity == "concern"
    assert "age=60+ (30.0% of the data vs 50.0% in the reference, 0.60 of its share)" in f.text
    assert f.articles[:2] == ["Art. 10(3)", "Art. 10(4)"]
    assert sex.chi_square == pytest.approx(2 * 140**2 / 500)  # 360 women, 640 men


def test_intersection_reference_and_most_under_represented_first() -> None:
    ref = {
        "sex, age": {
            "female, 18-29": 0.25,
            "female, 60+": 0.25,
            "male, 18-29": 0.25,
            "male, 60+": 0.25,
        }
    }
    r = audit(DATA, label="y", prediction="p", groups=["sex", "age"], reference=ref)
    (rep,) = r.representativeness
    assert rep.attribute == "sex x age"
    assert rep.df == 3
    exp = [250.0] * 4
    assert rep.p_value == pytest.approx(chisquare([300, 60, 400, 240], exp).pvalue, rel=1e-9)
    assert rep.under_represented[0] == "sex=female, age=60+"
    assert rep.under_represented == ["sex=female, age=60+"]  # male 60+: 0.96 of its share


def test_group_missing_from_data_and_from_reference() -> None:
    ref = {"age": {"18-29": 40, "60+": 40, "30-44": 20}}  # counts, not shares
    r = audit(DATA, label="y", prediction="p", groups=["age"], reference=ref)
    (rep,) = r.representativeness
    absent = next(g for g in rep.groups if g.label == "age=30-44")
    assert absent.observed == 0 and absent.reference_share == pytest.approx(0.2)
    assert rep.under_represented[0] == "age=30-44"
    r2 = audit(DATA, label="y", prediction="p", groups=["age"], reference={"age": {"18-29": 1}})
    (rep2,) = r2.representativeness
    assert rep2.not_in_reference == ["age=60+"]
    assert rep2.p_value is None  # one group: nothing to test


def test_reference_files(tmp_path: Path) -> None:
    yaml_file = tmp_path / "ref.yaml"
    yaml_file.write_text("sex:\n  female: 0.5\n  male: 0.5\nanswer:\n  yes: 1\n  no: 3\n")
    ref = load_reference(yaml_file)
    assert ref[1] == (("answer",), {("yes",): 0.25, ("no",): 0.75})  # 'yes' stays text
    json_file = tmp_path / "ref.json"
    json_file.write_text(json.dumps({"sex": {"female": 51, "male": 49}}))
    assert load_reference(json_file) == [(("sex",), {("female",): 0.51, ("male",): 0.49})]
    csv_file = tmp_path / "ref.csv"
    csv_file.write_text("sex,age,share\nfemale,18-29,0.2\nfemale,60+,0.3\nmale,18-29,0.5\n")
    ((cols, dist),) = load_reference(csv_file)
    assert cols == ("sex", "age") and dist[("female", "60+")] == pytest.approx(0.3)
    r = audit(DATA, label="y", prediction="p", groups=["sex", "age"], reference=csv_file)
    assert r.representativeness[0].not_in_reference == ["sex=male, age=60+"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("sex,share\nfemale,abc\n", "is not a number"),
        ("sex,age\nfemale,1\n", "no share column"),
        ("sex,share\nfemale,-1\n", "must be a non-negative number"),
        ("sex,share\nfemale,0\nmale,0\n", "shares add up to zero"),
    ],
)
def test_bad_reference_csv(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "ref.csv"
    path.write_text(content)
    with pytest.raises(AuditInputError, match=message):
        load_reference(path)
