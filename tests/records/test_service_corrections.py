"""A wrong service entry is voided or corrected, never erased: it stays in the file, marked,
with who, when and why; it no longer counts; and a voided entry cannot be changed again."""

from __future__ import annotations

from datetime import date

import pytest

from safefile import records
from safefile.errors import InvalidInput, NotFound
from safefile.records.models import ClientIn, ServiceIn
from safefile.store import database
from safefile.store.vault import Vault

D = date.fromisoformat


@pytest.fixture
def entry(vault: Vault) -> tuple[int, int]:
    cid = records.add_client(vault, ClientIn(name="Amina Diallo"), actor=vault.actor)
    sid = records.add_service(
        vault,
        ServiceIn(client_id=cid, on_date=D("2026-11-10"), type="Intake", minutes=300),
        actor=vault.actor,
    )
    return cid, sid


def _events(vault: Vault) -> list[str]:
    return [r[0] for r in vault.db.execute("SELECT event FROM audit ORDER BY seq")]


def test_void_keeps_the_entry_marked_and_out_of_counts(
    vault: Vault, entry: tuple[int, int]
) -> None:
    cid, sid = entry
    records.void_service(vault, sid, "entered for the wrong client", actor=vault.actor)
    assert records.list_services(vault, cid) == []  # exports, copies and counts
    [shown] = records.client_file(
        vault, cid, actor=vault.actor
    ).services  # the file still shows it, marked
    assert shown.voided and shown.void_reason == "entered for the wrong client"
    assert shown.voided_by and "service voided" in _events(vault)


def test_correct_replaces_in_one_change(vault: Vault, entry: tuple[int, int]) -> None:
    cid, sid = entry
    new = records.correct_service(
        vault,
        sid,
        ServiceIn(client_id=cid, on_date=D("2026-11-10"), type="Intake", minutes=30),
        "300 minutes was a typing mistake for 30",
        actor=vault.actor,
    )
    [current] = records.list_services(vault, cid)
    assert (current.id, current.minutes) == (new, 30)
    old = records.get_service(vault, sid)
    assert old.voided and old.replaced_by == new
    assert "service corrected" in _events(vault)


@pytest.mark.parametrize(
    ("reason", "message"),
    [("", "say why the entry is wrong"), ("   ", "say why the entry is wrong")],
)
def test_a_void_needs_a_reason(
    vault: Vault, entry: tuple[int, int], reason: str, message: str
) -> None:
    cid, sid = entry
    with pytest.raises(InvalidInput, match=message):
        records.void_service(vault, sid, reason, actor=vault.actor)
    assert not records.get_service(vault, sid).voided


def test_a_voided_entry_is_fixed(vault: Vault, entry: tuple[int, int]) -> None:
    cid, sid = entry
    records.void_service(vault, sid, "duplicate", actor=vault.actor)
    with pytest.raises(InvalidInput, match="already voided"):
        records.void_service(vault, sid, "again", actor=vault.actor)
    with pytest.raises(InvalidInput, match="already voided"):
        records.correct_service(
            vault,
            sid,
            ServiceIn(client_id=cid, on_date=D("2026-11-10"), type="Intake"),
            "x",
            actor=vault.actor,
        )
    with pytest.raises(database.IntegrityError), vault.transaction() as db:  # the database too
        db.execute("UPDATE services SET minutes = 1 WHERE id = ?", (sid,))
    with pytest.raises(NotFound):
        records.void_service(vault, 999, "no such entry", actor=vault.actor)


def test_a_correction_stays_in_the_same_file(vault: Vault, entry: tuple[int, int]) -> None:
    cid, sid = entry
    other = records.add_client(vault, ClientIn(name="Ben Okafor"), actor=vault.actor)
    with pytest.raises(InvalidInput, match="same client"):
        records.correct_service(
            vault,
            sid,
            ServiceIn(client_id=other, on_date=D("2026-11-10"), type="Intake"),
            "x",
            actor=vault.actor,
        )
    assert not records.get_service(vault, sid).voided
    assert records.list_services(vault, other) == []
