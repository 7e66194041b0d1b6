"""Managing a vault's staff (issue 28): add, remove, change a role, close a file to a
member; and the one-time upgrade of a single practitioner's vault to staff accounts.

Every function here needs the administrator's role, read from the SESSION
(``vault.actor.role``: set at unlock from the member who opened their slot), never from
an argument (``roles.require``: ``RoleRefused``, exit 3, naming the role needed). Each
change is audited (staff/members.py, staff/closures.py, the key ring).

Key slots live in the key file (store/memberslots.py, ``Header.members``); the ``staff``
table is the authority on who is a member and with which public keys
(docs/decisions.md, "Issue 28"). The order of writes makes every crash safe:

* adding a member: their row is inserted and, inside the same transaction, before it
  commits, the key file with their slot written (atomically): a failed key file write
  rolls the row back, a failed commit puts the key file back; a crash between leaves a
  slot with no row, which opens nothing (the vault refuses it as planted) and troubles
  no other member;
* removing a member: the vault is re-keyed first without their slot (the existing
  atomic rebuild, store/rebuild.py), then their row marked removed: a crash between
  leaves them locked out already, and the removal is done again by ``remove_member``;
* the upgrade: a backup first; the key file with both the passphrase wrap and the
  practitioner's new slot; their row; the key file without the passphrase wrap. A crash
  after the first key file write leaves a vault that opens with the same passphrase and
  finishes (``finish_upgrade``, called where a writer opens the vault).
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from safefile.errors import InvalidInput, NotFound, SafeFileError
from safefile.passphrase import require_acceptable
from safefile.records import writes
from safefile.staff import closures
from safefile.staff import members as staff_members
from safefile.staff.guard import allowed
from safefile.staff.members import Member
from safefile.staff.roles import Action, Role, require
from safefile.staff.signing import start_signing
from safefile.store import header, keyring, keys, memberslots
from safefile.store.actor import Actor
from safefile.store.layout import key_file_of, require_vault
from safefile.store.vault import Vault

FIRST_MEMBER_UPGRADES = (
    "This vault has no staff accounts yet: adding the first member makes you, its "
    "practitioner, its first administrator, with your current passphrase. Give your "
    "passphrase too. Nothing was changed."
)
NOT_YOURSELF = (
    "You cannot remove yourself from the vault. Ask another administrator to remove "
    "you. Nothing was changed."
)


def require_admin(vault: Vault) -> None:
    """The session's role (never a caller's) must allow managing staff."""
    require(Role(vault.actor.role), Action.MANAGE_STAFF)


def member_names_count(path: Path | str) -> int:
    """How many members have a key slot in the vault at ``path``: readable before the
    vault is unlocked, from its key file, which never holds their names."""
    path = Path(path)
    require_vault(path)
    return len(header.read(key_file_of(path)).members)


def members(vault: Vault, *, removed: bool = False) -> list[Member]:
    """The vault's members, active by name (and removed ones after them when ``removed``)."""
    return staff_members.listed(vault.db, removed=removed)


# --- the upgrade of a single practitioner's vault ---------------------------------------


def _practitioner(vault: Vault) -> tuple[str, str]:
    """The practitioner's name and credentials (settings keep them in the vault's meta),
    or the session's name when none was set."""
    name = (vault.get_meta("practitioner") or "").strip()
    credentials = (vault.get_meta("credentials") or "").strip() if name else ""
    return name or vault.actor.name, credentials


def upgrade(vault: Vault, passphrase: str) -> Member:
    """Make a single practitioner's vault a vault of staff accounts, its practitioner the
    first administrator with their current ``passphrase`` (their own slot): a backup
    first (``backup.core.backup_before``), then the key file with both wraps, the row,
    the key file without the passphrase wrap. Returns the practitioner as a member."""
    require_admin(vault)
    if vault.header.members:
        if vault.staff_pending:
            return finish_upgrade(vault)
        raise InvalidInput("This vault has staff accounts already.")
    vault.settle()
    keys.wipe(keyring.PassphraseSlot(passphrase).unwrap(vault.header))  # WrongKey if not
    from safefile.backup.core import backup_before  # (not small: only when upgrading)

    made = backup_before(vault, "staff-accounts")
    uid = memberslots.new_member_id()
    name, _ = _practitioner(vault)
    params = keys.recalibrated(vault.header.kdf)  # fresh salt, calibrated, never weaker
    with vault.keyring.lend() as data_key:
        member_keys, slot = memberslots.make_slot(
            data_key, name, passphrase, vault_id=vault.header.vault_id, member_id=uid, kdf=params
        )
    vault.keyring.write_key_file(vault.header.model_copy(update={"members": (slot,)}))
    vault.audit("backup before upgrade", file=made.name, actor=vault.actor)
    return finish_upgrade(vault, (member_keys, uid))


def finish_upgrade(vault: Vault, made: tuple[memberslots.MemberKeys, str] | None = None) -> Member:
    """Steps 3 and 4 of the upgrade (idempotent): the practitioner's row with the
    signature marker (staff/signing.py: the entries so far stay unsigned, every one after
    is signed), then the key file without the passphrase wrap; the session becomes the
    first administrator's. ``made``: the member's keys and id just made (``upgrade``);
    else the session's, opened from the slot an interrupted upgrade left."""
    keys_and_uid = (
        made or vault.pending_member or ((vault.signer, vault.signer_uid) if vault.signer else None)
    )
    if keys_and_uid is None or not keys_and_uid[1]:
        raise InvalidInput("Open the vault with the practitioner's passphrase to finish.")
    member_keys, uid = keys_and_uid
    # The row and the marker are written by the practitioner, before signing starts.
    vault.signer, vault.signer_uid = None, ""
    vault.actor = Actor(vault.actor.name, "", Role.ADMINISTRATOR.value)
    with writes.together(vault) as db:
        row = db.execute("SELECT 1 FROM staff WHERE uid = ?", (uid,)).fetchone()
        if row is None:
            name, credentials = _practitioner(vault)
            staff_members.record_member(
                vault,
                uid=uid,
                name=name,
                role=Role.ADMINISTRATOR,
                public=member_keys.public,
                actor=vault.actor,
                credentials=credentials,
            )
            vault.audit("vault upgraded to staff accounts", member=uid, actor=vault.actor)
            start_signing(vault)
    if vault.header.passphrase_wrap is not None:
        vault.keyring.write_key_file(vault.header.model_copy(update={"passphrase_wrap": None}))
    member = staff_members.get(vault.db, uid)
    vault.signer, vault.signer_uid = member_keys, uid
    vault.pending_member = None
    vault.actor = Actor(member.signs_as, member.uid, member.role.value)
    vault.staff_pending = False
    return member


# --- members -----------------------------------------------------------------------------


@allowed(Action.MANAGE_STAFF)
def add_member(
    vault: Vault,
    *,
    name: str,
    role: Role,
    passphrase: str,
    credentials: str = "",
    actor: Actor,
    admin_passphrase: str | None = None,
) -> Member:
    """Add a member with their own ``passphrase`` (their slot: keys wrapped under it,
    the data key wrapped to them). On a vault without staff accounts, the first member
    added upgrades it first (``upgrade``): that needs the practitioner's own passphrase,
    ``admin_passphrase``."""
    require_admin(vault)
    require_acceptable(passphrase)
    if vault.staff_pending:
        finish_upgrade(vault)
    if not vault.header.members:
        if admin_passphrase is None:
            raise InvalidInput(FIRST_MEMBER_UPGRADES)
        upgrade(vault, admin_passphrase)
        actor = vault.actor  # the session is now the first administrator's
    try:
        staff_members.find_active(vault.db, name)
    except NotFound:
        pass
    else:
        raise InvalidInput(
            f"There is already an active staff member named {name!r}. "
            "Add the second with a middle initial or a surname to tell them apart."
        )
    vault_id = vault.header.vault_id
    tag = memberslots.member_tag(vault_id, name)
    if any(s.tag == tag for s in vault.header.members):  # a slot whose row never came
        raise InvalidInput(
            "A key slot for that name is already in the key file without a member: a "
            "crash cut an earlier addition short. Restore from the last backup, or add "
            "the member with a middle initial."
        )
    uid = memberslots.new_member_id()
    with vault.keyring.lend() as data_key:
        member_keys, slot = memberslots.make_slot(
            data_key, name, passphrase, vault_id=vault_id, member_id=uid
        )
    before = vault.header
    hdr = before.model_copy(update={"members": (*before.members, slot)})
    try:
        with writes.together(vault):
            member = staff_members.record_member(
                vault,
                uid=uid,
                name=name,
                role=role,
                public=member_keys.public,
                actor=actor,
                credentials=credentials,
            )
            vault.keyring.write_key_file(hdr)  # before the row commits: both or neither
    except BaseException:
        if vault.header is hdr:  # the row did not commit: the slot goes too
            with contextlib.suppress(OSError, SafeFileError):
                vault.keyring.write_key_file(before)
        raise
    return member


@allowed(Action.MANAGE_STAFF)
def remove_member(vault: Vault, name: str, *, actor: Actor) -> str | None:
    """Remove a member: the vault re-keyed without their slot (the atomic rebuild; the
    new data key wrapped to every remaining active member's public key from the staff
    table, no passphrase needed), then their row marked removed. Returns the new
    recovery key (shown once; None when the vault has none): the old one opened the old
    data key only."""
    require_admin(vault)
    member = staff_members.find_active(vault.db, name)
    if member.uid == vault.signer_uid:
        raise InvalidInput(NOT_YOURSELF)
    staff_members.refuse_last_administrator(vault.db, member)
    keep = {m.uid: m.public.x25519 for m in staff_members.listed(vault.db) if m.uid != member.uid}
    recovery = vault.keyring.rekey_for_members(keep)
    vault.audit(
        "vault re-keyed",
        via="staff member removed",
        new_recovery_key=recovery is not None,
        actor=actor,
    )
    staff_members.record_removal(vault, member.uid, actor=actor)
    return recovery


@allowed(Action.MANAGE_STAFF)
def change_role(vault: Vault, name: str, role: Role, *, actor: Actor) -> Member:
    """Give the member of that name another role (the vault keeps an administrator)."""
    require_admin(vault)
    member = staff_members.find_active(vault.db, name)
    return staff_members.change_role(vault, member.uid, role, actor=actor)


@allowed(Action.MANAGE_STAFF)
def restrict_file(
    vault: Vault, name: str, client_id: int, *, reason: str = "", actor: Actor
) -> None:
    """Close the client's file to the member of that name (they know the client, or the
    person who caused harm): their sessions will not find, open, count or export it."""
    require_admin(vault)
    member = staff_members.find_active(vault.db, name)
    closures.close_to(vault, client_id, member.uid, reason=reason, actor=actor)


__all__ = [
    "add_member",
    "change_role",
    "finish_upgrade",
    "member_names_count",
    "members",
    "remove_member",
    "require_admin",
    "restrict_file",
    "upgrade",
]
