"""The client's own copy and the accounting of disclosures in the client's language
throughout (issue 24, item 5): every word SafeFile prints, not only the cover; and the
bilingual option (the client's language, then English for the file)."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from safefile import settings
from safefile.consent import gate, log_print, roads
from safefile.consent.log_view import LogFilter
from safefile.export.exporter import export_pdf
from safefile.export.log_report import export_log_pdf
from safefile.records.language import form_texts, set_client_language
from tests.conftest import PASSPHRASE, PRACTITIONER, Cli, CliResult
from tests.consent.conftest import World

TODAY = date.fromisoformat("2026-11-22")  # the test clock's day
OWN_KEYS = tuple(k for k in form_texts("en").texts if k.startswith("cover_"))
ACC_KEYS = tuple(k for k in form_texts("en").texts if k.startswith("acc_"))
# SafeFile's English words that must not be left on a page in Spanish
FIXED = ("CONFIDENTIAL", "Page 1 of", "End of document", "Record of sharing", "entry D-")


def _text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(path).pages)


def _english_left(text: str, keys: tuple[str, ...]) -> list[str]:
    """The English labels (the words before any placeholder) found in ``text``."""
    en, es = form_texts("en"), form_texts("es")
    found: list[str] = [w for w in FIXED if w in text]
    for key in keys:
        if en.text(key) == es.text(key):  # the same word in both ("Plan")
            continue
        for part in re.split(r"\{\w+\}", en.text(key)):
            word = " ".join(part.strip(" ,.:()-").split())
            if word in es.text(key):  # the same word in Spanish ("bytes")
                continue
            if len(word) > 2 and re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text):
                found.append(f"{key}: {word}")
    return found


def _program(world: World) -> None:
    settings.save(
        world.vault,
        {
            "program_name": "Harbor House",
            "program_phone": "555-0199",
            "program_address": "12 Main St",
        },
    )


def _own_copy(
    world: World, tmp_path: Path, name: str, *, bilingual: bool = False, withheld: bool = False
) -> Path:
    _program(world)
    decision = roads.own_copy(
        world.vault,
        world.amina,
        TODAY,
        withheld=(world.own_note,) if withheld else (),
        withheld_reason="a place" if withheld else "",
        actor=world.vault.actor,
    )
    assert not isinstance(decision, gate.Refusal)
    return export_pdf(
        world.vault, decision, tmp_path / name, bilingual=bilingual, actor=world.vault.actor
    ).path


def _accounting(world: World, tmp_path: Path, name: str, *, bilingual: bool = False) -> Path:
    _program(world)
    rid = world.release()
    grant = gate.require(
        world.vault,
        gate.ExportRequest(world.amina, world.parole, ("attendance",), "Parole compliance", rid),
        actor=world.vault.actor,
    )
    export_pdf(world.vault, grant, tmp_path / "sent.pdf", actor=world.vault.actor)
    printed = log_print.print_log(
        world.vault, log_print.ACCOUNTING, LogFilter(client_id=world.amina), actor=world.vault.actor
    )
    return export_log_pdf(
        world.vault, printed, tmp_path / name, bilingual=bilingual, actor=world.vault.actor
    ).path


def test_a_spanish_own_copy_has_no_english_label_left(world: World, tmp_path: Path) -> None:
    set_client_language(world.vault, world.amina, "es", actor=world.vault.actor)
    text = _text(_own_copy(world, tmp_path, "own.pdf"))
    assert _english_left(text, OWN_KEYS) == []
    t = form_texts("es")
    for key in ("cover_services", "cover_progress_notes", "cover_col_service", "cover_note_data",
                "cover_documents", "confidential", "cover_end"):  # fmt: skip
        assert t.text(key) in text, key
    assert t.text("seal_cover").split("{")[0].strip() in text
    assert "Firmada por" in text and "De: Harbor House (555-0199) - para: Amina Diallo" in text


def test_an_english_own_copy_is_as_before(world: World, tmp_path: Path) -> None:
    text = _text(_own_copy(world, tmp_path, "own.pdf"))
    assert "Services provided" in text and "Signed by" in text and "CONFIDENTIAL" in text
    assert "Servicios" not in text and "Firmada" not in text


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_bilingual_own_copy_is_in_the_clients_language_then_english(
    world: World, tmp_path: Path, lang: str
) -> None:
    set_client_language(world.vault, world.amina, lang, actor=world.vault.actor)
    text = _text(_own_copy(world, tmp_path, "own.pdf", bilingual=True, withheld=True))
    en, es = form_texts("en"), form_texts("es")
    if lang == "en":  # English only once: nothing to add
        assert es.text("cover_title_own") not in text and "Cliente" not in text
        return
    spanish, english = es.text("cover_title_own"), "Client's own copy of their record"
    assert spanish in text and english in text and text.index(spanish) < text.index(english)
    assert es.text("cover_bilingual_note") in text
    # each part carries its notices in its own language
    assert " ".join(es.text("own_left_out").split()) in text
    assert " ".join(en.text("own_left_out").split()) in text
    assert "Services provided" in text and es.text("cover_services") in text


def test_a_spanish_accounting_has_no_english_label_left(world: World, tmp_path: Path) -> None:
    set_client_language(world.vault, world.amina, "es", actor=world.vault.actor)
    text = _text(_accounting(world, tmp_path, "acc.pdf"))
    assert _english_left(text, ACC_KEYS) == []
    t = form_texts("es")
    for key in ("acc_title", "acc_col_what", "acc_col_recipient", "acc_phone", "confidential"):
        assert t.text(key) in text, key
    assert t.text("acc_end", count=1) in text
    # the line itself: what, the road and the method in the client's words
    assert t.text("acc_road_release", ref="R-1") in text
    assert " ".join(t.text("category_attendance").split()) in text
    assert "written consent" not in text and "PDF export" not in text


def test_a_bilingual_accounting_holds_both(world: World, tmp_path: Path) -> None:
    set_client_language(world.vault, world.amina, "es", actor=world.vault.actor)
    text = _text(_accounting(world, tmp_path, "acc.pdf", bilingual=True))
    es, en = form_texts("es"), form_texts("en")
    assert es.text("acc_title") in text and en.text("acc_title") in text
    assert text.index(es.text("acc_title")) < text.index(en.text("acc_title"))
    assert es.text("acc_bilingual_note") in text and en.text("acc_col_what") in text


def test_every_new_word_is_in_every_language() -> None:
    en = json.loads((Path(__file__).parents[2] / "resources/release_forms/en.json").read_text())
    for key in ("cover_col_service", "cover_footer", "seal_cover", "acc_footer", "acc_end"):
        assert key in en["texts"] and form_texts("es").has(key)


def test_the_command_line_prints_both_and_keeps_bilingual_to_the_client(
    cli: Cli, tmp_path: Path
) -> None:
    v = str(tmp_path / "v.safefile")
    s = PASSPHRASE + "\n"

    def run(*a: str) -> CliResult:
        return cli(*a, "--passphrase-stdin", stdin=s)

    assert (
        cli("init", v, "--passphrase-stdin", "--no-recovery-key", *PRACTITIONER, stdin=s).code == 0
    )
    assert run("client", "add", v, "--name", "Ana Ruiz", "--language", "es").code == 0
    own = tmp_path / "own.pdf"
    r = run("export", v, "--client", "1", "--own-copy", "--requested-on", "2026-11-20",
            "--identity-checked-by", "photo ID seen", "--to", str(own), "--bilingual")  # fmt: skip
    assert r.code == 0, r.err
    text = _text(own)
    es = form_texts("es")
    assert es.text("cover_title_own") in text and "Client's own copy of their record" in text
    acc = tmp_path / "acc.pdf"
    r = run("accounting", v, "--client", "1", "--pdf", str(acc), "--bilingual")
    assert r.code == 0, r.err
    text = _text(acc)
    assert es.text("acc_title") in text and form_texts("en").text("acc_title") in text
    # a recipient's PDF is not the client's: --bilingual is refused there, nothing written
    assert run("org", "add", v, "--name", "Parole").code == 0
    r = run("export", v, "--client", "1", "--recipient", "1", "--categories", "attendance",
            "--purpose", "x", "--to", str(tmp_path / "r.pdf"), "--bilingual")  # fmt: skip
    assert r.code == 2 and "--own-copy" in r.err and not (tmp_path / "r.pdf").exists()
    r = run("accounting", v, "--client", "1", "--bilingual")
    assert r.code == 2 and "--pdf" in r.err
