"""Profiles: bad answers are refused with file, line and field; saving is atomic."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from aiact.engine.errors import InputError
from aiact.engine.load import load_law
from aiact.engine.profile import ONGOING, load_profile, save_profile
from aiact.engine.tri import UNKNOWN


@pytest.fixture(scope="module")
def law():
    return load_law()


def write(tmp_path: Path, text: str, name: str = "p.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path, law) -> InputError:
    with pytest.raises(InputError) as err:
        load_profile(path, law)
    return err.value


def test_unknown_question_id_names_line_field_and_a_suggestion(tmp_path, law):
    err = error_of(write(tmp_path, "name: x\nanswers:\n  subject.kind: system\n  art3_1.infer: true\n"), law)
    assert (err.line, err.field) == (4, "art3_1.infer")
    assert "did you mean 'art3_1.infers'" in err.message


def test_wrong_answer_type_is_refused(tmp_path, law):
    err = error_of(write(tmp_path, "answers:\n  art3_1.infers: 3\n"), law)
    assert err.line == 2 and "expected true, false or unknown" in err.message


def test_yaml_yes_no_are_refused_as_ambiguous(tmp_path, law):
    err = error_of(write(tmp_path, "answers:\n  art3_1.infers: yes\n"), law)
    assert err.line == 2 and "ambiguous" in err.message


def test_answer_outside_the_options_lists_the_options(tmp_path, law):
    err = error_of(write(tmp_path, "answers:\n  subject.kind: robot\n"), law)
    assert "not one of the options: system, model" in err.message and err.field == "subject.kind"


def test_impossible_date_is_refused(tmp_path, law):
    err = error_of(write(tmp_path, "answers:\n  timeline.first_placed: 2026-02-30\n"), law)
    assert (err.line, err.field) == (2, "timeline.first_placed") and "not a valid date" in err.message


def test_bad_as_of_is_refused(tmp_path, law):
    err = error_of(write(tmp_path, "as_of: tomorrow\nanswers: {}\n"), law)
    assert err.field == "as_of" and err.line == 1


def test_malformed_yaml_names_the_line(tmp_path, law):
    err = error_of(write(tmp_path, "answers:\n  subject.kind: [system\n"), law)
    assert "malformed YAML" in err.message and err.line is not None


def test_negative_number_is_refused(tmp_path, law):
    err = error_of(write(tmp_path, "answers:\n  org.staff_headcount: -3\n"), law)
    assert "at least 0" in err.message


def test_unknown_top_level_key_is_refused(tmp_path, law):
    err = error_of(write(tmp_path, "anwsers: {}\n"), law)
    assert err.field == "anwsers"


def test_json_profiles_are_read_with_lines_too(tmp_path, law):
    path = write(tmp_path, json.dumps({"answers": {"subject.kind": "system", "art3_1.infers": "maybe"}}, indent=1), "p.json")
    err = error_of(path, law)
    assert err.field == "art3_1.infers" and err.line == 4


def test_unknown_ongoing_and_numbers_as_text_are_understood(tmp_path, law):
    p = load_profile(write(tmp_path, "answers:\n  art3_1.infers: unknown\n  timeline.end_of_use: ongoing\n"
                                     "  org.annual_turnover_eur: '3.5e9'\n"), law)
    assert "art3_1.infers" in p.unknown and p.answers.get("art3_1.infers", UNKNOWN) is UNKNOWN
    assert p.answers["timeline.end_of_use"] == ONGOING
    assert p.answers["org.annual_turnover_eur"] == 3.5e9


def test_save_and_load_round_trip_keeps_every_answer(tmp_path, law):
    src = write(tmp_path, "name: Bot\nas_of: 2026-11-27\nanswers:\n  subject.kind: system\n"
                          "  art3_1.infers: unknown\n  timeline.first_placed: 2028-01-01\n"
                          "  org.annual_turnover_eur: 6.0e+23\n  timeline.end_of_use: ongoing\n")
    p = load_profile(src, law)
    for name in ("out.yaml", "out.json"):
        save_profile(p, tmp_path / name, law)
        q = load_profile(tmp_path / name, law)
        assert q.answers == p.answers and q.unknown == p.unknown
        assert q.name == "Bot" and q.as_of == dt.date(2026, 11, 27)


def test_a_failed_save_leaves_the_previous_file_intact(tmp_path, law, monkeypatch):
    src = write(tmp_path, "answers:\n  subject.kind: system\n")
    p = load_profile(src, law)
    before = src.read_text()
    p.set_answer("art3_1.infers", True)

    def boom(*_a, **_k):
        raise OSError("disk full")

    monkeypatch.setattr("aiact.engine.profile.os.replace", boom)
    with pytest.raises(OSError):
        save_profile(p, src, law)
    assert src.read_text() == before
    assert not list(tmp_path.glob("*.aiact-tmp"))
