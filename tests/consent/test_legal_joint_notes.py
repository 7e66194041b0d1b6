"""Joint notes on the legal roads (issue 22): a court order or a child-protection report
carries a joint note when the user attests the order (or the report's subject) covers it;
the other parties are named by their role unless the order names them; each party's
accounting records the disclosure."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pypdf
import pytest

from safefile import records
from safefile.consent import gate
from safefile.consent.accounting import disclosures
from safefile.consent.court_order import CourtOrder
from safefile.export.exporter import export_pdf
from safefile.records.models import NoteIn
from tests.consent.conftest import D, World

ROLE = "another adult in the session"


def _joint(w: World, client: int) -> str:
    return records.add_note(
        w.vault,
        NoteIn.from_input(
            {
                "client_ids": [client, w.ben],
                "on_date": D("2026-11-15"),
                "data": "Ben Okafor shouted; Ben said he would leave. JOINT-MARK",
            }
        ),
        sign=True,
        actor=w.vault.actor,
    )


def _take(w: World, kind: str, client: int, tmp_path: Path, **kw: object) -> tuple[gate.Grant, str]:
    order = None
    if kind == "court-order":
        doc = records.attach(
            w.vault, client, b"%PDF-1.4 o", title="O", doc_type="court order", actor=w.vault.actor
        )
        order = CourtOrder(doc, "Judge Ray", D("2026-11-20"), "County Court")
    g = gate.granted(
        gate.legal_disclosure(
            w.vault,
            client,
            kind,
            basis="" if kind == "court-order" else "state law",
            recipient_org_id=w.court,
            categories="progress-notes",
            client_informed=True,
            order=order,
            actor=w.vault.actor,
            **kw,  # type: ignore[arg-type]
        )
    )
    out = tmp_path / f"{kind}.pdf"
    export_pdf(w.vault, g, out, actor=w.vault.actor)
    text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(out).pages).split())
    return g, text


@pytest.fixture
def w(world: World) -> World:
    world.vault.clock.set(datetime.fromisoformat("2026-11-22T10:00").astimezone())  # type: ignore[attr-defined]
    return world


@pytest.mark.parametrize(("kind", "who"), [("court-order", "amina"), ("child-protection", "kid")])
def test_an_attested_joint_note_goes_with_the_other_party_named_by_role(
    w: World, tmp_path: Path, kind: str, who: str
) -> None:
    client = getattr(w, who)
    note = _joint(w, client)
    g, text = _take(w, kind, client, tmp_path, joint_notes_covered=True)
    assert note in g.scope.note_refs
    assert "JOINT-MARK" in text and ROLE in text
    assert "Okafor" not in text and "Ben " not in text
    [theirs] = disclosures(w.vault, w.ben)  # the other party's accounting records it
    assert "a joint note of a session with this client" in theirs.road
    assert theirs.recipient == "County Court"


def test_without_the_attestation_the_joint_note_is_left_out(w: World, tmp_path: Path) -> None:
    note = _joint(w, w.amina)
    g, text = _take(w, "court-order", w.amina, tmp_path)
    assert note not in g.scope.note_refs and "JOINT-MARK" not in text
    assert any(note in x for x in g.left_out)
    assert disclosures(w.vault, w.ben) == []


def test_an_order_that_names_the_parties_keeps_their_names(w: World) -> None:
    from safefile.export.content import gather

    _joint(w, w.amina)
    doc = records.attach(
        w.vault, w.amina, b"%PDF-1.4 o", title="O", doc_type="court order", actor=w.vault.actor
    )
    g = gate.granted(
        gate.legal_disclosure(
            w.vault,
            w.amina,
            "court-order",
            basis="",
            recipient_org_id=w.court,
            categories="progress-notes",
            client_informed=True,
            order=CourtOrder(doc, "Judge Ray", D("2026-11-20"), "County Court"),
            joint_notes_covered=True,
            order_names_parties=True,
            actor=w.vault.actor,
        )
    )
    assert g.renamed == ()
    [note] = [
        n
        for n in gather(w.vault, g, "SafeFile", actor=w.vault.actor).notes
        if "JOINT-MARK" in n.data
    ]
    assert note.data.startswith("Ben Okafor shouted")


def test_imminent_harm_never_carries_a_joint_note(w: World, tmp_path: Path) -> None:
    note = _joint(w, w.amina)
    g, text = _take(w, "imminent-harm", w.amina, tmp_path, joint_notes_covered=True)
    assert note not in g.scope.note_refs and "JOINT-MARK" not in text
