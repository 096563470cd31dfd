"""Transparency notices (Art. 50): the texts come from law/notices/LANG.yaml, the notices
owed from the assessment's Art. 50 obligations."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest
import yaml

from aiact.documents.kinds import notices as kind
from aiact.engine.errors import LawError
from aiact.engine.law import long_date
from aiact.engine.load import load_law

from .conftest import blanks, make, points, refused_then_forced

CASES = {  # case: the notice keys owed
    "utility-faq-chat-widget": ["art50_1"],
    "product-photo-background-generator-api": ["art50_2"],
    "footballer-ai-generated-multilingual-ads": ["art50_4_deep_fake"],
    "truck-cab-anger-panic-safety-alerts": ["art50_3_emotion", "art26_7"],  # its drivers are its workers
    "travel-support-chatbot-fine-tuned-open-model": ["art50_1", "art50_2"],
}
EN = kind.texts("en")["notices"]


def heading(key: str, lang: str = "en") -> str:
    return f"{kind.texts(lang)['notices'][key]['title']} ({kind.KEYS[key][1]})"


@pytest.mark.parametrize("case", CASES)
def test_each_case_gets_exactly_the_notices_it_owes(case):
    doc = make("notices", case)
    assert doc.required
    owed = [h for key in kind.KEYS if (h := heading(key)) in doc.sections]
    assert owed == [heading(k) for k in CASES[case]]
    for key in CASES[case]:
        assert " ".join(EN[key]["short"].split()) in doc.markdown
    about = "; ".join(["Art. 50(5)"] + [kind.KEYS[k][1] for k in CASES[case] if k.startswith("art26")])
    assert doc.sections[0] == f"About these notices ({about})"
    assert all(re.search(r"\(Art\. \d+.*\)$", s) for s in doc.sections), doc.sections


def test_every_paragraph_of_art50_on_notices_appears_in_some_heading():
    paragraphs = [p.rstrip(".") for p in points("07-transparency.md", "## Article 50")]
    assert paragraphs[:7] == ["1", "2", "3", "4", "5", "6", "7"]
    seen = {s for case in CASES for s in make("notices", case).sections}
    for p in ("1", "2", "3", "4", "5", "7"):  # 50(6) is a sentence of the 50(5) section
        assert any(s.endswith(f"(Art. 50({p}))") or f"(Art. 50({p})," in s for s in seen), p
    assert "(Art. 50(6))" in make("notices", "utility-faq-chat-widget").markdown


def test_a_deployer_of_a_high_risk_system_gets_the_information_notices_of_art_26():
    # Annex III 4(a): the retailer ranks job applicants, so it informs them (Art. 26(11));
    # no Art. 50 duty, so no Art. 50 sections
    doc = make("notices", "retail-group-cv-ranking")
    assert doc.sections == [
        "About these notices (Art. 26(11))",
        "Information to persons about whom a high-risk AI system helps decide (Art. 26(11))",
    ]
    assert "the decisions the system is used for (e.g. ranking of applications)" in blanks(doc)
    assert "Art. 50(5)" not in doc.markdown.split("## Still to fill")[0].split("\n## ", 2)[1]
    # the drivers of the haulier are its workers: Art. 26(7) besides the Art. 50(3) notice, in French too
    fr = make("notices", "truck-cab-anger-panic-safety-alerts", language="fr")
    assert "Information des travailleurs sur un système d’IA à haut risque au travail (Art. 26(7))" in fr.sections


def test_prefilled_values_and_dates():
    doc = make("notices", "travel-support-chatbot-fine-tuned-open-model")
    general = load_law().params["art113.general_application"].at(dt.date.fromisoformat(doc.record["as_of"]))
    assert "| Organisation | Online travel agency, Vienna |" in doc.markdown
    assert "| Provisions owed | Art. 50(1), Art. 50(2) |" in doc.markdown
    assert f"Owed by the provider from {long_date(general)} (Art. 50(1)); it reaches this system from 1 October 2026 (your launch)." in doc.markdown
    assert "> You are interacting with an AI system, not with a human being." in doc.markdown


def test_blanks_of_the_travel_chatbot_notices():
    doc = make("notices", "travel-support-chatbot-fine-tuned-open-model")
    assert blanks(doc) == [
        "accessible forms of the notices",
        "where and when the notice is shown to people",
        "marking technique embedded in the outputs (e.g. watermark, metadata, cryptographic provenance, fingerprint)",
        "how people and tools can detect the marking (e.g. a public detector, a metadata standard)",
        "where the marking statement is published (documentation, API reference, terms of use)",
    ]


def test_emotion_recognition_notice_names_data_protection_and_the_deployers_start():
    doc = make("notices", "truck-cab-anger-panic-safety-alerts")
    assert heading("art50_3_biometric") not in doc.sections
    assert "Regulation (EU) 2016/679" in doc.markdown
    assert "Owed by the deployer" in doc.markdown and "from 1 January 2028" in doc.markdown
    assert "where the privacy notice can be found (link or place)" in blanks(doc)


@pytest.mark.parametrize("lang, first, deployer", [
    ("de", "Zu diesen Hinweisen (Art. 50(5))", "Geschuldet vom Betreiber ab dem 2. August 2026 (Art. 50(4))."),
    ("fr", "À propos de ces mentions (Art. 50(5))", "Due par le déployeur à partir du 2 août 2026 (Art. 50(4))."),
])
def test_german_and_french_notices(lang, first, deployer):
    doc = make("notices", "footballer-ai-generated-multilingual-ads", language=lang)
    assert doc.sections[0] == first
    assert heading("art50_4_deep_fake", lang) in doc.sections
    assert heading("art50_4_deep_fake", lang).endswith("(Art. 50(4))")
    assert deployer in doc.markdown
    assert " ".join(kind.texts(lang)["notices"]["art50_4_deep_fake"]["notice"].split()) in doc.markdown


def test_french_dates_write_the_first_of_the_month():
    doc = make("notices", "product-photo-background-generator-api", language="fr")
    assert "pour ce système à partir du 1er octobre 2026" in doc.markdown
    assert "[TO FILL: technique de marquage" in doc.markdown


def test_refused_where_no_art50_duty_and_forced_says_so():
    doc = refused_then_forced("notices", "grocery-demand-forecasting")
    assert "no notice is owed" in doc.markdown
    assert not any(heading(k) in doc.sections for k in kind.KEYS)


def test_exception_the_assessment_applied_is_listed():
    doc = make("notices", "newspaper-ai-drafts-with-editor-signoff", force=True)
    assert "Exceptions the assessment applied (Art. 50)" in doc.sections
    assert "- Art. 50(4), second subparagraph, second sentence: Human review or editorial control" in doc.markdown
    assert heading("art50_4_text") not in doc.sections


# ---------------------------------------------------------------- the texts are data


def test_shipped_language_files_have_the_same_keys():
    files = kind.load_all()
    assert {"en", "de", "fr"} <= set(files)
    for data in files.values():
        assert list(data["notices"]) == list(kind.KEYS)


def test_a_new_language_is_a_copied_file(tmp_path):
    shutil.copy(kind.NOTICES_DIR / "en.yaml", tmp_path / "en.yaml")
    data = yaml.safe_load((kind.NOTICES_DIR / "en.yaml").read_text(encoding="utf-8"))
    data["language"] = "xx"
    data["notices"]["art50_1"]["notice"] = "XX: AI system."
    (tmp_path / "xx.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    xx = kind.texts("xx", tmp_path)
    assert xx["notices"]["art50_1"]["notice"] == "XX: AI system."
    assert kind.local_date(xx, "2026-08-02") == "2 August 2026"


def test_a_missing_key_names_the_file_and_the_key(tmp_path):
    shutil.copy(kind.NOTICES_DIR / "en.yaml", tmp_path / "en.yaml")
    data = yaml.safe_load((kind.NOTICES_DIR / "en.yaml").read_text(encoding="utf-8"))
    data["language"] = "xx"
    del data["notices"]["art50_3_biometric"]
    (tmp_path / "xx.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(LawError) as err:
        kind.load_all(tmp_path)
    assert "xx.yaml" in str(err.value) and "art50_3_biometric" in str(err.value)
    data["notices"]["art50_3_biometric"] = dict(EN["art50_3_biometric"])
    del data["notices"]["art50_3_biometric"]["short"]
    (tmp_path / "xx.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(LawError, match=r"art50_3_biometric\.short"):
        kind.load_all(tmp_path)


def test_blanks_must_match_across_languages(tmp_path):
    shutil.copy(kind.NOTICES_DIR / "en.yaml", tmp_path / "en.yaml")
    data = yaml.safe_load((kind.NOTICES_DIR / "en.yaml").read_text(encoding="utf-8"))
    data["language"] = "xx"
    data["notices"]["art50_2"]["blanks"] = {"marking": "m", "detection": "d", "extra": "e"}
    (tmp_path / "xx.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(LawError, match=r"art50_2\.blanks"):
        kind.load_all(tmp_path)
