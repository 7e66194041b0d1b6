"""Staff accounts wired (issue 28, Build 1, 6 and 8): a key slot per member in the key
file, unlock by member, the upgrade of a single practitioner's vault, adding and removing
members (the re-key without passphrases), backups after a removal. Real vaults, real
Argon2id (the fast test KDF), real HPKE."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from safefile.backup import make_backup, restore_backup, verify_backup
from safefile.errors import InvalidInput, MemberNeeded, RoleRefused, SafeFileError, WrongKey
from safefile.staff import admin
from safefile.staff.roles import Role
from safefile.store import checkup, header
from safefile.store.layout import HEADER_FILE
from safefile.store.vault import Vault
from tests.conftest import OTHER_PASSPHRASE, PASSPHRASE
from tests.format_fixtures import fill, table_counts

B_NAME = "Bea Lopez"
A_NAME = "Test Advocate"  # the template vault's practitioner
THIRD = "mellow tundra saffron pebble"


def _two_members(vault: Vault) -> None:
    """The practitioner (upgraded to the first administrator) and Bea, an advocate."""
    admin.add_member(
        vault,
        name=B_NAME,
        role=Role.ADVOCATE,
        passphrase=OTHER_PASSPHRASE,
        credentials="MSW",
        actor=vault.actor,
        admin_passphrase=PASSPHRASE,
    )


def test_two_members_each_unlock_with_their_own_passphrase(vault: Vault) -> None:
    path = vault.path
    assert admin.member_names_count(path) == 0
    _two_members(vault)
    assert vault.actor.role == "administrator" and vault.actor.uid == vault.signer_uid
    vault.lock()
    assert admin.member_names_count(path) == 2
    raw = (path / HEADER_FILE).read_bytes()
    assert b"Bea" not in raw and b"Lopez" not in raw and b"Advocate" not in raw  # tags only
    hdr = header.read(path / HEADER_FILE)
    assert hdr.passphrase_wrap is None and len(hdr.members) == 2

    with pytest.raises(MemberNeeded, match="2 staff members") as refused:
        Vault.open(path, passphrase=PASSPHRASE)
    assert refused.value.exit_code == 2 and "Bea" not in refused.value.message

    a = Vault.open(path, passphrase=PASSPHRASE, member=A_NAME)
    try:
        assert a.actor.name == A_NAME and a.actor.role == "administrator"
        assert a.signer is not None and a.signer_uid == a.actor.uid
        listed = {m.name: m for m in admin.members(a)}
        assert set(listed) == {A_NAME, B_NAME}
        assert a.signer.public == listed[A_NAME].public
    finally:
        a.lock()
    assert a.signer is None  # the member's keys go with the session

    b = Vault.open(path, passphrase=OTHER_PASSPHRASE, member="  bea   LOPEZ ")
    try:
        assert b.actor.name == "Bea Lopez, MSW" and b.actor.role == "advocate"
        assert b.signer is not None and b.signer_uid != a.actor.uid
    finally:
        b.lock()

    for passphrase, member in ((PASSPHRASE, B_NAME), (OTHER_PASSPHRASE, A_NAME)):
        with pytest.raises(WrongKey):  # one member's passphrase is not another's
            Vault.open(path, passphrase=passphrase, member=member)
    with pytest.raises(WrongKey) as unknown:  # an unknown name: exit 4, like a passphrase
        Vault.open(path, passphrase=PASSPHRASE, member="Nobody Here")
    assert unknown.value.exit_code == 4


def test_only_an_administrator_manages_staff(vault: Vault) -> None:
    _two_members(vault)
    path = vault.path
    vault.lock()
    b = Vault.open(path, passphrase=OTHER_PASSPHRASE, member=B_NAME)
    try:
        calls: list[Callable[[], object]] = [
            lambda: admin.add_member(
                b, name="Cy", role=Role.VOLUNTEER, passphrase=THIRD, actor=b.actor
            ),
            lambda: admin.remove_member(b, A_NAME, actor=b.actor),
            lambda: admin.change_role(b, B_NAME, Role.ADMINISTRATOR, actor=b.actor),
            lambda: admin.restrict_file(b, A_NAME, 1, actor=b.actor),
        ]
        for call in calls:
            with pytest.raises(RoleRefused, match="administrator") as refused:
                call()
            assert refused.value.exit_code == 3
        assert len(admin.members(b)) == 2  # nothing changed
    finally:
        b.lock()
    assert admin.member_names_count(path) == 2


def test_first_member_needs_the_practitioners_passphrase(vault: Vault) -> None:
    with pytest.raises(InvalidInput, match="first administrator"):
        admin.add_member(
            vault, name=B_NAME, role=Role.ADVOCATE, passphrase=OTHER_PASSPHRASE, actor=vault.actor
        )
    with pytest.raises(WrongKey):
        admin.add_member(
            vault,
            name=B_NAME,
            role=Role.ADVOCATE,
            passphrase=OTHER_PASSPHRASE,
            actor=vault.actor,
            admin_passphrase=THIRD,
        )
    assert admin.member_names_count(vault.path) == 0 and admin.members(vault) == []
    assert not list(vault.path.parent.glob("*before-staff-accounts*"))  # no backup either


def test_upgrade_keeps_every_item_and_the_vault_checks(tmp_path: Path) -> None:
    """A vault made by today's code (a single practitioner: clients, notes signed and
    process, a document, services, log entries) upgraded when its first member is added:
    a backup first, every item kept, ``check`` sound, the old passphrase its own slot."""
    path = tmp_path / "clinic.safefile"
    v, _ = Vault.create(path, PASSPHRASE, user_name=A_NAME)
    try:
        fill(v)
        before = table_counts(v)
        _two_members(v)
        after = table_counts(v)
        assert checkup.check(v).ok
    finally:
        v.lock()
    for table, n in before.items():
        if table in ("audit", "staff", "meta", "security_seal"):
            continue
        assert after[table] == n, table
    assert after["staff"] == 2 and after["audit"] > before["audit"]
    backups = list(tmp_path.glob("clinic-before-staff-accounts-*.sfbackup"))
    assert len(backups) == 1
    # The backup made before is the single-user vault: its passphrase opens it alone.
    assert verify_backup(backups[0], passphrase=PASSPHRASE).counts
    v = Vault.open(path, passphrase=PASSPHRASE, member=A_NAME)
    try:
        assert checkup.check(v).ok and table_counts(v)["clients"] == before["clients"]
        events = [r[0] for r in v.db.execute("SELECT event FROM audit")]
        assert "vault upgraded to staff accounts" in events
        assert "backup before upgrade" in events
    finally:
        v.lock()


def test_removal_locks_the_member_out_of_the_vault_and_later_backups(
    vault: Vault, tmp_path: Path
) -> None:
    path = vault.path
    _two_members(vault)
    vault.lock()
    b_key_file = (path / HEADER_FILE).read_bytes()  # B's own copy, made while a member
    a = Vault.open(path, passphrase=PASSPHRASE, member=A_NAME)
    try:
        before = tmp_path / "before.sfbackup"
        make_backup(a, before)
        with pytest.raises(InvalidInput, match="yourself"):
            admin.remove_member(a, A_NAME, actor=a.actor)
        recovery = admin.remove_member(a, "bea lopez", actor=a.actor)
        assert recovery is not None
        after = tmp_path / "after.sfbackup"
        make_backup(a, after)
        gone = {m.name: m.active for m in admin.members(a, removed=True)}
        assert gone == {A_NAME: True, B_NAME: False}
        assert checkup.check(a).ok
    finally:
        a.lock()
    assert admin.member_names_count(path) == 1

    # B's passphrase opens neither the vault nor a backup made after the removal.
    with pytest.raises(WrongKey):
        Vault.open(path, passphrase=OTHER_PASSPHRASE, member=B_NAME)
    with pytest.raises(WrongKey):
        verify_backup(after, passphrase=OTHER_PASSPHRASE, member=B_NAME)
    with pytest.raises(WrongKey):
        restore_backup(after, tmp_path / "b.safefile", passphrase=OTHER_PASSPHRASE, member=B_NAME)
    # Nor with B's old copy of the key file put back beside today's database.
    stolen = tmp_path / "stolen.safefile"
    shutil.copytree(path, stolen)
    (stolen / HEADER_FILE).write_bytes(b_key_file)
    with pytest.raises(SafeFileError):
        Vault.open(stolen, passphrase=OTHER_PASSPHRASE, member=B_NAME).lock()
    # A's passphrase opens both; the new recovery key too; the backup before the removal
    # still opens with B's (documented: it carries the old key file).
    assert verify_backup(after, passphrase=PASSPHRASE, member=A_NAME).counts
    assert verify_backup(after, passphrase=PASSPHRASE).counts  # the only member left
    assert verify_backup(after, recovery_key=recovery).counts
    assert verify_backup(before, passphrase=OTHER_PASSPHRASE, member=B_NAME).counts
    restored = tmp_path / "restored.safefile"
    restore_backup(after, restored, passphrase=PASSPHRASE, member=A_NAME)
    v = Vault.open(restored, passphrase=PASSPHRASE)
    try:
        assert v.actor.name == A_NAME and checkup.check(v).ok
    finally:
        v.lock()


def test_the_last_administrator_stays(vault: Vault) -> None:
    _two_members(vault)
    a_name = vault.actor.name
    admin.change_role(vault, B_NAME, Role.ADMINISTRATOR, actor=vault.actor)
    path = vault.path
    vault.lock()
    b = Vault.open(path, passphrase=OTHER_PASSPHRASE, member=B_NAME)
    try:
        assert b.actor.role == "administrator"
        admin.change_role(b, a_name, Role.SUPERVISOR, actor=b.actor)
        with pytest.raises(InvalidInput, match="only administrator"):
            admin.change_role(b, B_NAME, Role.ADVOCATE, actor=b.actor)
    finally:
        b.lock()


def test_a_member_changes_their_own_passphrase_and_rekeys(vault: Vault) -> None:
    _two_members(vault)
    path = vault.path
    vault.lock()
    b = Vault.open(path, passphrase=OTHER_PASSPHRASE, member=B_NAME)
    try:
        b.change_passphrase(THIRD)
    finally:
        b.lock()
    with pytest.raises(WrongKey):
        Vault.open(path, passphrase=OTHER_PASSPHRASE, member=B_NAME)
    a = Vault.open(path, passphrase=PASSPHRASE, member=A_NAME)
    try:
        recovery = a.rekey(OTHER_PASSPHRASE)  # a new data key, every member still in
        assert recovery is not None
    finally:
        a.lock()
    assert header.read(path / HEADER_FILE).passphrase_wrap is None
    for passphrase, member in ((OTHER_PASSPHRASE, A_NAME), (THIRD, B_NAME)):
        v = Vault.open(path, passphrase=passphrase, member=member)
        try:
            assert checkup.check(v).ok
        finally:
            v.lock()


def test_a_planted_slot_is_damage(vault: Vault, tmp_path: Path) -> None:
    """A slot copied into the key file with no member behind it (someone who holds the
    data key adds themselves) opens as damage, exit 5, not as a member."""
    from safefile.store import memberslots

    _two_members(vault)
    path = vault.path
    with vault.keyring.lend() as data_key:
        _, slot = memberslots.make_slot(
            data_key,
            "Mallory",
            THIRD,
            vault_id=vault.header.vault_id,
            member_id=memberslots.new_member_id(),
        )
    hdr = vault.header.model_copy(update={"members": (*vault.header.members, slot)})
    vault.lock()
    header.write(path / HEADER_FILE, hdr)
    with pytest.raises(SafeFileError) as damaged:
        Vault.open(path, passphrase=THIRD, member="Mallory")
    assert damaged.value.exit_code == 5


def test_a_refused_addition_leaves_the_key_file_as_it_was(vault: Vault) -> None:
    _two_members(vault)
    key_file = (vault.path / HEADER_FILE).read_bytes()
    for name, passphrase in (("BEA  LOPEZ", THIRD), ("Cy " + "x" * 200, THIRD), ("Cy", "abc")):
        with pytest.raises(InvalidInput):
            admin.add_member(
                vault, name=name, role=Role.VOLUNTEER, passphrase=passphrase, actor=vault.actor
            )
    assert (vault.path / HEADER_FILE).read_bytes() == key_file
    assert len(admin.members(vault)) == 2


def test_a_wrong_name_and_a_wrong_passphrase_look_and_cost_the_same(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stranger guessing who works here learns nothing from the message or the wait: an
    unknown name costs one key derivation, as a wrong passphrase does (counted on the real
    Argon2id, which still runs)."""
    from safefile.store import keys

    _two_members(vault)
    path = vault.path
    vault.lock()
    derivations: list[int] = []
    real = keys.derive_key

    def counted(passphrase: str, params: keys.KdfParams) -> bytes:
        derivations.append(1)
        return real(passphrase, params)

    monkeypatch.setattr(keys, "derive_key", counted)
    said = []
    for passphrase, member in ((OTHER_PASSPHRASE, A_NAME), (PASSPHRASE, "Nobody Here")):
        derivations.clear()
        with pytest.raises(WrongKey) as refused:
            Vault.open(path, passphrase=passphrase, member=member)
        said.append(refused.value.message)
        assert len(derivations) == 1, member
    assert said[0] == said[1]


def test_a_draft_kept_at_a_lock_is_offered_to_its_author_only(vault: Vault) -> None:
    """After "Lock and switch user" the next member is never offered the unsaved text of
    the one before (it can be a process note); each finds their own again."""
    from safefile import records
    from safefile.records import drafts
    from safefile.records.models import ClientIn

    client = records.add_client(vault, ClientIn.from_input({"name": "Amina"}), actor=vault.actor)
    _two_members(vault)
    drafts.keep(vault, "note", client, {"text": "what A typed"})
    path = vault.path
    vault.lock()
    b = Vault.open(path, passphrase=OTHER_PASSPHRASE, member=B_NAME)
    try:
        assert drafts.find(b, "note", client) is None
        assert drafts.forms_with_drafts(b, client) == []
        drafts.keep(b, "note", client, {"text": "what B typed"})
        drafts.discard(b, "note", client)  # B's own only
    finally:
        b.lock()
    a = Vault.open(path, passphrase=PASSPHRASE, member=A_NAME)
    try:
        kept = drafts.find(a, "note", client)
        assert kept is not None and kept.fields == {"text": "what A typed"}
    finally:
        a.lock()


def test_the_recovery_key_opens_no_session_on_a_vault_of_staff(
    new_vault: tuple[Vault, str], tmp_path: Path
) -> None:
    """Every entry of a vault of staff is signed by a member, and the recovery key is no
    one's: it opens no session (a session that could record nothing could read nothing
    either), with words that say so; it still checks and restores the backups."""
    from safefile.store.vault import RECOVERY_NOT_A_MEMBER

    vault, recovery = new_vault
    _two_members(vault)
    made = make_backup(vault, tmp_path / "b.sfbackup")
    path = vault.path
    vault.lock()
    with pytest.raises(WrongKey) as refused:
        Vault.open(path, recovery_key=recovery)
    assert refused.value.message == RECOVERY_NOT_A_MEMBER and refused.value.exit_code == 4
    assert verify_backup(made.path, recovery_key=recovery).counts
