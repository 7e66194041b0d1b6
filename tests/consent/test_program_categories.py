"""Program-defined categories (issue 26 item 7): a note or document in one goes only under
a release naming it, a category that travels alone goes alone, and every file carrying
it prints its notice (the 42 CFR 2.32 notice for substance use, ready in every vault)."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from pathlib import Path
from typing import Any

import pypdf
import pytest

from safefile import records
from safefile.consent.gate import ExportRequest, Grant, Refusal, decide
from safefile.errors import InvalidInput, NotFound
from safefile.export.exporter import export_pdf
from safefile.records import program_categories as pc
from safefile.records.models import NoteIn
from safefile.store.vault import Vault
from tests.consent.conftest import D, World

NOTICE_42_CFR = "42 CFR part 2 prohibits unauthorized use or disclosure of these records."


def at(world: World, when: str) -> None:
    world.vault.clock.set(datetime.fromisoformat(when).astimezone())  # type: ignore[attr-defined]


def tagged(world: World, category: str) -> tuple[str, int]:
    """A signed progress note and a document in ``category``, in Amina's file."""
    note = records.add_note(
        world.vault,
        NoteIn.from_input(
            {"client_ids": [world.amina], "on_date": D("2026-11-14"), "data": "Tagged note"}
        ),
        sign=True,
        category=category,
        actor=world.vault.actor,
    )
    doc = records.attach(
        world.vault,
        world.amina,
        b"%PDF-1.4 lab",
        title="Lab",
        category=category,
        actor=world.vault.actor,
    )
    return note, doc


def test_substance_use_is_ready_in_a_new_vault(vault: Vault) -> None:
    [cat] = pc.list_categories(vault)
    assert (cat.code, cat.name, cat.alone, cat.notice) == (
        "substance-use",
        "Substance use",
        False,
        NOTICE_42_CFR,
    )


# (name, categories the release names, categories asked for, what goes or the reasons)
CASES: list[tuple[str, tuple[str, ...], tuple[str, ...], Any]] = [
    ("notes only: the tagged note stays", ("progress-notes",), ("progress-notes",), "own"),
    (
        "the category asked, the release silent",
        ("progress-notes",),
        ("progress-notes", "substance-use"),
        ["Release R-1 does not cover substance use."],
    ),
    (
        "named: the tagged note and document go",
        ("progress-notes", "substance-use"),
        ("progress-notes", "substance-use"),
        "all",
    ),
    ("named alone: only the tagged items", ("substance-use",), ("substance-use",), "tagged"),
]


@pytest.mark.parametrize(("name", "named", "asked", "expect"), CASES, ids=[c[0] for c in CASES])
def test_a_tagged_item_goes_only_under_a_release_naming_its_category(
    world: World, name: str, named: tuple[str, ...], asked: tuple[str, ...], expect: Any
) -> None:
    note, doc = tagged(world, "substance-use")
    at(world, "2026-11-20T10:00")
    world.release(categories=named)
    d = decide(
        world.vault,
        ExportRequest(world.amina, world.parole, asked, "Parole compliance"),
        actor=world.vault.actor,
    )
    if isinstance(expect, list):
        assert isinstance(d, Refusal)
        assert list(d.reasons) == expect
        return
    assert isinstance(d, Grant)
    notes = set(d.scope.note_refs)
    if expect == "own":
        assert notes == {world.own_note} and d.scope.document_ids == ()
    elif expect == "all":
        assert notes == {world.own_note, note} and d.scope.document_ids == (doc,)
    else:
        assert notes == {note} and d.scope.document_ids == (doc,)


ALONE: list[tuple[str, tuple[str, ...], tuple[str, ...], list[str]]] = [
    ("alone, asked alone", ("hiv-status",), ("hiv-status",), []),
    (
        "asked with others",
        ("hiv-status",),
        ("hiv-status", "services"),
        [
            "The program's category hiv-status travels alone: send it on its own, under a "
            "release that names it alone.",
            "Release R-1 does not cover services.",
        ],
    ),
]


@pytest.mark.parametrize(("name", "named", "asked", "reasons"), ALONE, ids=[c[0] for c in ALONE])
def test_a_category_that_travels_alone(
    world: World, name: str, named: tuple[str, ...], asked: tuple[str, ...], reasons: list[str]
) -> None:
    pc.add_category(
        world.vault,
        name="HIV status",
        covers="HIV test results",
        alone=True,
        actor=world.vault.actor,
    )
    note, _ = tagged(world, "hiv-status")
    at(world, "2026-11-20T10:00")
    world.release(categories=named)
    d = decide(
        world.vault,
        ExportRequest(world.amina, world.parole, asked, "Parole compliance"),
        actor=world.vault.actor,
    )
    if reasons:
        assert isinstance(d, Refusal) and list(d.reasons) == reasons
    else:
        assert isinstance(d, Grant) and d.scope.note_refs == (note,)


def test_a_release_naming_an_alone_category_with_others_is_refused(world: World) -> None:
    pc.add_category(
        world.vault,
        name="HIV status",
        covers="HIV test results",
        alone=True,
        actor=world.vault.actor,
    )
    with pytest.raises(InvalidInput, match="hiv-status travels alone"):
        world.release(categories=("hiv-status", "services"))
    with pytest.raises(InvalidInput, match="Unknown category: no-such"):
        world.release(categories=("no-such",))


def test_tagging_checks_the_category(world: World) -> None:
    with pytest.raises(NotFound, match="no program category 'gambling'"):
        tagged(world, "gambling")
    with pytest.raises(InvalidInput, match="already a category of its own"):
        records.add_note(
            world.vault,
            NoteIn.from_input(
                {
                    "kind": "process",
                    "client_ids": [world.amina],
                    "on_date": D("2026-11-14"),
                    "data": "x",
                }
            ),
            category="substance-use",
            actor=world.vault.actor,
        )
    for bad, why in [
        ({"name": "Documents", "covers": "x"}, "SafeFile's own categories"),
        ({"name": "Gambling", "covers": " "}, "what the category covers"),
        ({"name": "  ", "covers": "x"}, "Give the category a name"),
        ({"name": "Substance  USE", "covers": "x"}, "already has a category 'substance-use'"),
    ]:
        with pytest.raises(InvalidInput, match=why):
            pc.add_category(
                world.vault, name=bad["name"], covers=bad["covers"], actor=world.vault.actor
            )
    assert [c.code for c in pc.list_categories(world.vault)] == ["substance-use"]


def _pdf_text(path: Path) -> str:
    reader = pypdf.PdfReader(path)
    text = " ".join(unicodedata.normalize("NFKC", p.extract_text()) for p in reader.pages)
    return " ".join(text.split())


def test_every_file_carrying_the_category_prints_its_notice(world: World, tmp_path: Path) -> None:
    pc.add_category(
        world.vault,
        name="Gambling",
        covers="gambling treatment",
        notice="Gambling notice.",
        actor=world.vault.actor,
    )
    tagged(world, "substance-use")
    g_note = records.add_note(
        world.vault,
        NoteIn.from_input(
            {"client_ids": [world.amina], "on_date": D("2026-11-15"), "data": "Bets"}
        ),
        sign=True,
        category="gambling",
        actor=world.vault.actor,
    )
    at(world, "2026-11-20T10:00")
    world.release(categories=("progress-notes", "substance-use", "gambling"))
    texts = {}
    for name, asked in [
        ("without", ("progress-notes",)),
        ("substance", ("progress-notes", "substance-use")),
        ("both", ("gambling", "substance-use")),
    ]:
        g = decide(
            world.vault,
            ExportRequest(world.amina, world.parole, asked, "Parole compliance"),
            actor=world.vault.actor,
        )
        assert isinstance(g, Grant)
        out = tmp_path / f"{name}.pdf"
        export_pdf(world.vault, g, out, actor=world.vault.actor)
        texts[name] = _pdf_text(out)
    assert NOTICE_42_CFR not in texts["without"] and "Gambling notice." not in texts["without"]
    assert NOTICE_42_CFR in texts["substance"] and "Gambling notice." not in texts["substance"]
    assert NOTICE_42_CFR in texts["both"] and "Gambling notice." in texts["both"]
    assert "Bets" in texts["both"] and "Bets" not in texts["substance"], g_note
