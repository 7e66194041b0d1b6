"""What a second engineer's review of the staff accounts found, each kept fixed:
another author's process notes reach no one through any reader, a removed member's name
is never another's, and a backup goes over a vault of staff only by an administrator."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from safefile import records
from safefile.backup import make_backup
from safefile.errors import InvalidInput, NotFound, RoleRefused
from safefile.records.models import ClientIn, NoteIn
from safefile.records.notes import get_note, list_notes, list_process_notes
from safefile.retention.restore import restore
from safefile.staff import admin, members
from safefile.staff.roles import Role
from safefile.store.vault import Vault
from tests.conftest import OTHER_PASSPHRASE, PASSPHRASE
from tests.staff.test_accounts import A_NAME, B_NAME, _two_members
from tests.staff.test_guard import _member


def test_no_reader_gives_a_member_another_author_s_process_notes(vault: Vault) -> None:
    adm = _member(vault, "Dana Whitfield", Role.ADMINISTRATOR)
    vault.actor = adm
    ana = _member(vault, "Ana Ruiz", Role.ADVOCATE)
    bea = _member(vault, "Bea Moss", Role.ADVOCATE)
    kim = records.add_client(vault, ClientIn.from_input({"name": "Kim"}), actor=adm)
    vault.actor = ana
    note = NoteIn(kind="process", client_ids=(kim,), on_date=date(2026, 1, 1), data="Ana's")
    ref = records.add_note(vault, note, actor=ana, sign=True)
    assert [n.data for n in list_process_notes(vault, kim)] == ["Ana's"]
    vault.actor = bea
    assert list_process_notes(vault, kim) == []
    assert [n for n in list_notes(vault, kim, include_process=True) if n.kind == "process"] == []
    with pytest.raises(NotFound):  # by its reference too (the sharing picker, an export)
        get_note(vault, ref if isinstance(ref, str) else f"P-{ref}")


def test_a_removed_member_s_name_is_never_another_s(vault: Vault) -> None:
    adm = _member(vault, "Dana Whitfield", Role.ADMINISTRATOR)
    vault.actor = adm
    ana = _member(vault, "Ana Ruiz", Role.ADVOCATE)
    members.record_removal(vault, ana.uid, actor=adm)
    with pytest.raises(InvalidInput, match="was removed"):
        _member(vault, "ana  RUIZ", Role.ADVOCATE)


def test_only_an_administrator_of_the_live_vault_restores_over_it(
    vault: Vault, tmp_path: Path
) -> None:
    path = vault.path
    _two_members(vault)  # B is an advocate
    vault.lock()
    b = Vault.open(path, passphrase=OTHER_PASSPHRASE, member=B_NAME)
    old = tmp_path / "b-made.sfbackup"
    make_backup(b, old)
    b.lock()
    with pytest.raises(RoleRefused):  # an advocate may not put it over the live vault
        restore(old, path, passphrase=OTHER_PASSPHRASE, member=B_NAME, replace=True)
    a = Vault.open(path, passphrase=PASSPHRASE, member=A_NAME)
    admin.remove_member(a, B_NAME, actor=a.actor)
    a.lock()
    with pytest.raises(RoleRefused):  # nor, removed, undo her own removal
        restore(old, path, passphrase=OTHER_PASSPHRASE, member=B_NAME, replace=True)
    restore(old, path, passphrase=PASSPHRASE, member=A_NAME, replace=True)  # the administrator


def test_a_re_key_wraps_the_new_key_to_members_only(vault: Vault) -> None:
    """A slot planted in the key file (no member behind it) gets nothing of a re-key:
    the new data key goes to the staff table's members alone."""
    from safefile.store import memberslots

    _two_members(vault)
    with vault.keyring.lend() as data_key:
        _, planted = memberslots.make_slot(
            data_key,
            "Mallory",
            OTHER_PASSPHRASE + "x",
            vault_id=vault.header.vault_id,
            member_id=memberslots.new_member_id(),
        )
    vault.keyring.write_key_file(
        vault.header.model_copy(update={"members": (*vault.header.members, planted)})
    )
    vault.rekey(PASSPHRASE + " again")
    assert planted.member_id not in {s.member_id for s in vault.header.members}
    assert len(vault.header.members) == 2
