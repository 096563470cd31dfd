"""Contested readings as a new user meets them: the cinema chain's lobby cameras (Annex III 1(b)),
the reading recorded in the profile, the catalogue and `aiact explain`, and bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from aiact.cli.main import main
from aiact.engine.load import load_law
from aiact.engine.profile import load_profile, save_profile

ROOT = Path(__file__).resolve().parents[2]
CINEMA = ROOT / "examples" / "profiles" / "cinema-audience-cameras.yaml"
NARROW = """
readings:
  annex3_1_b.wider_grounds:
    reading: narrow
    reason: our counsel follows recital 54 (special categories only)
"""


def run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def test_with_no_reading_the_report_leads_with_the_stricter_outcome_and_says_it_is_contested(capsys):
    code, out = run(capsys, "assess", str(CINEMA), "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["category"] == "high" and "category" not in data["undetermined"]
    (point,) = data["readings"]
    assert point["id"] == "annex3_1_b.wider_grounds" and point["adopted"] is None
    assert point["followed"] == point["stricter"] == "broad"
    tiers = {o["name"]: o["category"] for o in point["outcomes"]}
    assert tiers == {"broad": "high", "narrow": "transparency"}
    assert all(o["sources"] for o in point["outcomes"])
    code, text = run(capsys, "assess", str(CINEMA))
    text = " ".join(text.split())
    assert "rests on a contested reading" in text and "narrow reading" in text and "rec54" in text
    code, md = run(capsys, "assess", str(CINEMA), "--format", "markdown")
    assert "Contested reading of Annex III 1(b)" in md and "*rests on a contested reading" in md


def test_the_recorded_reading_is_followed_and_said(capsys, tmp_path):
    path = tmp_path / "cinema.yaml"
    path.write_text(CINEMA.read_text(encoding="utf-8") + NARROW, encoding="utf-8")
    code, out = run(capsys, "assess", str(path), "--format", "json")
    data = json.loads(out)
    assert data["category"] == "transparency" and data["transparency"] == ["Art. 50(3)"]
    (point,) = data["readings"]
    assert point["followed"] == point["adopted"] == "narrow" and "recital 54" in point["reason"]
    code, text = run(capsys, "assess", str(path))
    text = " ".join(text.split())
    assert "which the profile records: our counsel follows recital 54" in text
    assert "rests on a contested reading" not in text


def test_saving_a_profile_keeps_its_readings(tmp_path):
    law = load_law()
    path = tmp_path / "cinema.yaml"
    path.write_text(CINEMA.read_text(encoding="utf-8") + NARROW, encoding="utf-8")
    profile = load_profile(path, law)
    for out in (tmp_path / "again.yaml", tmp_path / "again.json"):
        save_profile(profile, out, law)
        again = load_profile(out, law)
        assert again.readings == profile.readings and again.answers == profile.answers


def test_rules_json_lists_the_contested_points_with_sources(capsys):
    code, out = run(capsys, "rules", "--json")
    readings = json.loads(out)["readings"]
    assert len(readings) >= 4
    for point in readings:
        assert len(point["readings"]) >= 2 and point["stricter"] in {r["name"] for r in point["readings"]}
        for r in point["readings"]:
            assert r["sources"] and all(s["status"] in ("law", "guidance", "draft") for s in r["sources"])
    drafts = [s for p in readings for s in p["guidance"] if s["status"] == "draft"]
    assert drafts and all("draft" in s["doc"].lower() for s in drafts)


@pytest.mark.parametrize("ref", ["annex3_1", "Annex III 1(b)", "annex3_1_b.wider_grounds"])
def test_explain_shows_the_readings_touching_a_rule(capsys, ref):
    ref = "annex3_1_b" if ref == "annex3_1" else ref
    code, out = run(capsys, "explain", ref)
    assert code == 0 and "Contested reading annex3_1_b.wider_grounds" in out and "source: rec54" in out
    code, out = run(capsys, "explain", "art6_3")
    assert "Contested reading art6_3.conditions_suffice" in out and "DRAFT, not adopted" in out


@pytest.mark.parametrize(
    "extra,fragment",
    [
        ("readings:\n  annex3_1_b.wider_ground:\n    reading: narrow\n    reason: x\n", "did you mean"),
        ("readings:\n  annex3_1_b.wider_grounds:\n    reading: widest\n    reason: x\n",
         "field 'readings.annex3_1_b.wider_grounds.reading'"),
        ("readings:\n  annex3_1_b.wider_grounds:\n    reading: narrow\n", "a reason is required"),
    ],
)
def test_a_bad_reading_exits_2_with_one_line(tmp_path, extra, fragment):
    path = tmp_path / "bad.yaml"
    path.write_text(CINEMA.read_text(encoding="utf-8") + extra, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "aiact.cli.main", "assess", str(path)], capture_output=True, text=True)
    assert proc.returncode == 2, proc.stderr
    assert fragment in proc.stderr and str(path) in proc.stderr
    assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1


def test_a_reading_is_not_an_answer(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("answers:\n  annex3_1_b.wider_grounds: true\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "aiact.cli.main", "assess", str(path)], capture_output=True, text=True)
    assert proc.returncode == 2 and ":2, field 'annex3_1_b.wider_grounds'" in proc.stderr
    assert "readings:" in proc.stderr


def test_a_profile_stating_that_other_law_forbids_the_use_leads_with_the_stop(capsys, tmp_path):
    path = tmp_path / "shop.yaml"
    text = CINEMA.read_text(encoding="utf-8").replace("  art6_3.condition: none\n",
                                                      "  art6_3.condition: none\n  annex3.use_not_permitted: true\n")
    path.write_text(text, encoding="utf-8")
    code, out = run(capsys, "assess", str(path))
    assert out.index("STOP: this use is not permitted") < out.index("High-risk (Annex III 1(b))")
    code, out = run(capsys, "assess", str(path), "--format", "json")
    data = json.loads(out)
    assert data["category"] == "high" and data["forbidden_by_other_law"] == ["Annex III 1(b)"]
