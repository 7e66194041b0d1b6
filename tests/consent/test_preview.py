"""Checking is not deciding (consent/preview.py): the gate's answer without a write."""

from __future__ import annotations

from pathlib import Path

import pytest

from safefile.consent import gate, log
from safefile.consent.preview import preview, same_answer
from safefile.errors import ConsentRefused
from safefile.export.exporter import export_pdf
from tests.consent.conftest import World

REQ = gate.ExportRequest


def _count(world: World) -> int:
    return len(log.entries(world.vault))


def _audit_rows(world: World) -> int:
    return int(world.vault.db.execute("SELECT count(*) FROM audit").fetchone()[0])


def test_an_allowed_preview_records_nothing_and_cannot_be_exported(
    world: World, tmp_path: Path
) -> None:
    world.release()
    before, audit = _count(world), _audit_rows(world)
    ask = REQ(world.amina, world.parole, ("services",), purpose="Parole compliance")
    shown = preview(world.vault, lambda: gate.decide(world.vault, ask, actor=world.vault.actor))
    assert shown.allowed and shown.grant is not None
    assert shown.grant.recipient == "Division of Parole"
    assert _count(world) == before and _audit_rows(world) == audit  # nothing written
    with pytest.raises(ConsentRefused, match="already used"):
        export_pdf(world.vault, shown.grant, tmp_path / "x.pdf", actor=world.vault.actor)
    assert not (tmp_path / "x.pdf").exists()
    # Sending asks for real: that decision is recorded, and it is the one previewed.
    decided = gate.require(world.vault, ask, actor=world.vault.actor)
    assert same_answer(shown.grant, decided)
    assert _count(world) == before + 1
    assert log.get_entry(world.vault, decided.log_ref).kind == "export allowed"


def test_a_refused_preview_records_nothing(world: World) -> None:
    before = _count(world)
    ask = REQ(world.amina, world.court, ("services",), purpose="Hearing")
    shown = preview(world.vault, lambda: gate.decide(world.vault, ask, actor=world.vault.actor))
    assert not shown.allowed and any("no release" in r for r in shown.reasons)
    assert _count(world) == before
    refused = gate.decide(
        world.vault, ask, actor=world.vault.actor
    )  # asked for by the user: recorded
    assert isinstance(refused, gate.Refusal) and _count(world) == before + 1


def test_same_answer_tells_a_different_grant(world: World) -> None:
    world.release()
    a = REQ(world.amina, world.parole, ("services",), purpose="Parole compliance")
    b = REQ(world.amina, world.parole, ("attendance",), purpose="Parole compliance")
    shown = preview(world.vault, lambda: gate.decide(world.vault, a, actor=world.vault.actor))
    assert shown.grant is not None
    assert not same_answer(shown.grant, gate.require(world.vault, b, actor=world.vault.actor))
