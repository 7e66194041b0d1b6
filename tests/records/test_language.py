"""The form texts, one reviewed file per language (issue 24): the same keys and the same
placeholders in every language, every statement present, each with its version and
reviewer, plain enough to read (Flesch-Kincaid grade 8 or under in English,
Fernández-Huerta 60 or over in Spanish), and the client's language recorded."""

from __future__ import annotations

import pytest

from safefile.errors import InvalidInput
from safefile.records import language
from safefile.records.language import form_texts, languages, placeholders
from safefile.store.vault import Vault
from tests.conftest import Cli
from tests.readability import fernandez_huerta, flesch_kincaid_grade, syllables_en, syllables_es

STATEMENTS = ("revocation", "not_conditioned", "redisclosure", "limits", "risks")
# What the client reads as prose (labels and single words are not sentences).
PROSE = (
    "intro",
    "section_statements",
    *(f"statement_{k}" for k in STATEMENTS),
    "risks_court",
    "risks_police",
    "risks_child-protection",
    "risks_health",
    "risks_housing",
    "risks_school",
    "risks_employer",
    "risks_other",
    "revoke_how",
    "copy",
    "revoke_intro",
    "revoke_note",
    "own_process_notes",
    "own_joint",
    "own_withheld",
    "own_review",
    "own_questions",
    "acc_note",
    "acc_empty",
    "cover_verify",
)
SAMPLE = {
    "program": "Harbor House",
    "recipient": "the court",
    "ref": "R-1",
    "phone": "555-0199",
    "reason": "it names a place",
}


def test_english_and_spanish_are_there() -> None:
    assert {"en", "es"} <= set(languages())


@pytest.mark.parametrize("code", sorted(languages()))
def test_every_language_has_the_same_keys_and_placeholders(code: str) -> None:
    en, other = form_texts("en"), form_texts(code)
    assert set(other.texts) == set(en.texts)
    differ = [k for k in en.texts if placeholders(en.texts[k]) != placeholders(other.texts[k])]
    assert differ == []
    assert other.version and other.reviewed_by and other.reviewed_on
    for key in STATEMENTS:
        assert other.text(f"statement_{key}", recipient="X").strip()
    assert len(other.text("month_names").split(",")) == 12


def _prose(code: str) -> str:
    t = form_texts(code)
    return " ".join(t.text(k, **{n: SAMPLE[n] for n in placeholders(t.texts[k])}) for k in PROSE)


def test_the_english_form_reads_at_grade_8_or_under() -> None:
    grade = flesch_kincaid_grade(_prose("en"))
    assert grade <= 8.0, grade


def test_the_spanish_form_reads_at_60_or_over() -> None:
    score = fernandez_huerta(_prose("es"))
    assert score >= 60.0, score


def test_the_syllable_counters_count_known_words() -> None:
    assert [syllables_en(w) for w in ("the", "revoke", "permission", "information")] == [
        1,
        2,
        3,
        4,
    ]
    assert [syllables_es(w) for w in ("que", "país", "muy", "autorización", "leer")] == [
        1,
        2,
        1,
        5,
        2,
    ]
    # Hard words make the measures fail: the thresholds can be missed.
    hard = "Notwithstanding the aforementioned authorisation, redisclosure is impermissible."
    assert flesch_kincaid_grade(hard) > 8
    difícil = "La autorización correspondiente imposibilita consideraciones administrativas."
    assert fernandez_huerta(difícil) < 60


def test_the_clients_language_is_recorded(vault: Vault) -> None:
    from safefile import records
    from safefile.records.models import ClientIn

    cid = records.add_client(vault, ClientIn.from_input({"name": "Ana"}), actor=vault.actor)
    assert language.client_language(vault, cid) == "en"
    language.set_client_language(vault, cid, "es", actor=vault.actor)
    assert language.client_language(vault, cid) == "es"
    with pytest.raises(InvalidInput, match="'fr' is not a language"):
        language.set_client_language(vault, cid, "fr", actor=vault.actor)
    assert language.client_language(vault, cid) == "es"


def test_cli_client_language(cli: Cli, tmp_path: object) -> None:
    from tests.conftest import PASSPHRASE, PRACTITIONER

    v = str(tmp_path) + "/v.safefile"
    s = PASSPHRASE + "\n"
    assert (
        cli("init", v, "--passphrase-stdin", "--no-recovery-key", *PRACTITIONER, stdin=s).code == 0
    )
    r = cli("client", "add", v, "--name", "Ana", "--language", "es", "--passphrase-stdin", stdin=s)
    assert r.code == 0, r.err
    r = cli("client", "add", v, "--name", "Bo", "--language", "xx", "--passphrase-stdin", stdin=s)
    assert r.code == 1 and "'xx' is not a language" in r.err
    r = cli("client", "edit", v, "1", "--language", "en", "--passphrase-stdin", stdin=s)
    assert r.code == 0 and "English" in r.out, r.err
    r = cli("client", "list", v, "--passphrase-stdin", stdin=s)
    assert "Bo" not in r.out  # the refused one was not added
