"""The key ring: the slots that unwrap the vault's data key, and every change to them.

A *slot* is one way into the vault: one wrap (AES-256-GCM) of the data key in the key
file, ``vault.json`` (store/header.py), under a key only the slot's holder can make.
Two kinds today, each its own field of the key file:

    passphrase slot   ``passphrase_wrap``, under Argon2id(passphrase, the file's ``kdf``)
    recovery slot     ``recovery_wrap``, under HKDF(the recovery key's 160 bits, its salt)

A ``Slot`` unwraps the data key from a key file (``WrongKey`` when its secret is not
the vault's) and wraps a data key into one.  A kind added later (a person's own slot:
their X25519 public key wrapping the data key) is one more ``Slot`` and one more field;
the recovery slot stays its own.

The ``KeyRing`` of an open vault holds its data key (the one place it lives: a
bytearray, zeroed when the vault locks) and makes the changes:

    change_passphrase    the passphrase slot wrapped again: 32 bytes, instant at any size
    rekey                a new data key: the database rebuilt under it (store/rebuild.py,
                         crash-safe) and every slot wrapped anew, a new recovery key
    issue_recovery_key   the same rebuild, keeping the passphrase
    strengthen           an older vault's derivation raised to the floor, at its opening

Outside the store, a job that needs the data key of an open vault (verifying a backup
just made, without asking the passphrase again) borrows a copy with ``lend``; nothing
outside the store reads a private attribute of ``Vault`` or ``KeyRing``
(tests/test_layers.py).
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Protocol

from safefile.errors import DamagedFile, InvalidInput, MemberNeeded, WrongKey
from safefile.passphrase import require_acceptable
from safefile.store import calibration, database, header, keys, memberslots
from safefile.store.actor import Actor
from safefile.store.connection import Connection
from safefile.store.header import Header
from safefile.store.layout import HEADER_FILE

WRONG_PASSPHRASE = keys.WRONG_PASSPHRASE
WRONG_RECOVERY_KEY = "That recovery key does not open this vault. Check it against your paper copy."
NO_RECOVERY_KEY = "This vault was created without a recovery key, so only its passphrase opens it."
RECOVERY_FIRST = (
    "The vault was opened with the recovery key. Choose a new passphrase "
    "first (passwd --rekey), which also gives a new recovery key."
)


# --- slots ------------------------------------------------------------------------


class Slot(Protocol):
    """One way into the vault: one wrap of the data key in its key file."""

    @property
    def kind(self) -> str:
        """What it is, as the audit trail says it ("passphrase", "recovery key")."""
        ...

    def unwrap(self, hdr: header.Header) -> bytearray:
        """The data key this slot of ``hdr`` wraps; ``WrongKey`` when the secret is not its."""
        ...

    def wrap(self, hdr: header.Header, data_key: bytearray) -> header.Header:
        """``hdr`` with this slot wrapping ``data_key`` (the other slots as they were)."""
        ...


@dataclass(frozen=True, repr=False)  # repr=False: a passphrase is never printed
class PassphraseSlot:
    """The passphrase slot. ``params``: the derivation a wrap writes (None: the key
    file's own); ``own_key_file``: unwrapping the vault's own ``vault.json``, whose
    parameters this computer's calibration record bounds and remembers
    (store/calibration.py), not a backup's copy of it."""

    passphrase: str
    params: keys.KdfParams | None = None
    own_key_file: bool = False
    kind: ClassVar[str] = "passphrase"

    def unwrap(self, hdr: header.Header) -> bytearray:
        if hdr.passphrase_wrap is None:  # a vault of staff members: each has their own
            raise WrongKey(WRONG_PASSPHRASE)
        if self.own_key_file:  # before any derivation (F11)
            calibration.refuse_far_beyond(hdr.vault_id, hdr.kdf)
        data_key = keys.unwrap(
            keys.derive_key(self.passphrase, hdr.kdf),
            header.b64d(hdr.passphrase_wrap.nonce),
            header.b64d(hdr.passphrase_wrap.ciphertext),
            hdr.passphrase_aad(),
        )
        if data_key is None:
            changed = calibration.changed(hdr.vault_id, hdr.kdf) if self.own_key_file else None
            if changed:  # the key file, not the passphrase, is what changed
                raise DamagedFile(changed)
            raise WrongKey(WRONG_PASSPHRASE)
        if self.own_key_file:
            calibration.remember(hdr.vault_id, hdr.kdf)  # the key file that opened is authentic
        return data_key

    def wrap(self, hdr: header.Header, data_key: bytearray) -> header.Header:
        params = self.params or hdr.kdf
        hdr = hdr.model_copy(update={"kdf": params})
        kek = keys.derive_key(self.passphrase, params)
        nonce, ct = keys.wrap(kek, data_key, hdr.passphrase_aad())
        wrapped = header.Wrapped(nonce=header.b64e(nonce), ciphertext=header.b64e(ct))
        return hdr.model_copy(update={"passphrase_wrap": wrapped})


@dataclass(frozen=True, repr=False)  # repr=False: a recovery key is never printed
class RecoverySlot:
    """The recovery slot: the recovery key as the user has it on paper."""

    recovery_key: str
    kind: ClassVar[str] = "recovery key"

    def unwrap(self, hdr: header.Header) -> bytearray:
        secret = keys.parse_recovery_key(self.recovery_key)
        wrapped = hdr.recovery_wrap
        if wrapped is None or wrapped.salt is None:
            raise WrongKey(NO_RECOVERY_KEY)
        kek = keys.recovery_kek(secret, header.b64d(wrapped.salt))
        data_key = keys.unwrap(
            kek, header.b64d(wrapped.nonce), header.b64d(wrapped.ciphertext), hdr.recovery_aad()
        )
        if data_key is None:
            raise WrongKey(WRONG_RECOVERY_KEY)
        return data_key

    def wrap(self, hdr: header.Header, data_key: bytearray) -> header.Header:
        salt = os.urandom(16)
        kek = keys.recovery_kek(keys.parse_recovery_key(self.recovery_key), salt)
        nonce, ct = keys.wrap(kek, data_key, hdr.recovery_aad())
        wrapped = header.Wrapped(
            nonce=header.b64e(nonce), ciphertext=header.b64e(ct), salt=header.b64e(salt)
        )
        return hdr.model_copy(update={"recovery_wrap": wrapped})


def who_are_you(count: int) -> str:
    """Asked of a vault with more than one member opened without a name: the count only."""
    return (
        f"This vault has {count} staff members: say who you are (on the command line, "
        "--as NAME, your name as the administrator entered it) with your passphrase. "
        "Nothing was done."
    )


@dataclass(frozen=True, repr=False)  # repr=False: a passphrase is never printed
class MemberPassphraseSlot:
    """A staff member's own slot (issue 28; ``Header.members``): found by the tag of the
    name they give (``memberslots.member_tag``: names are never in the key file), opened
    with their passphrase (Argon2id -> their X25519 key -> the data key). ``name`` None:
    the only member's slot (a vault with more than one refuses: ``MemberNeeded``)."""

    passphrase: str
    name: str | None = None
    own_key_file: bool = False
    kind: ClassVar[str] = "member passphrase"

    def find(self, hdr: header.Header) -> memberslots.MemberSlot:
        slots = list(hdr.members)
        if self.name is None:
            if len(slots) != 1:
                raise MemberNeeded(who_are_you(len(slots)))
            return slots[0]
        return memberslots.find_slot(slots, hdr.vault_id, self.name)

    def open(self, hdr: header.Header) -> tuple[memberslots.MemberKeys, bytearray, str]:
        """The member's keys, the data key (the caller wipes it) and the member's id."""
        slot = self.find(hdr)
        record = hdr.vault_id + slot.member_id  # this computer's record of their derivation
        if self.own_key_file:  # before any derivation (F11)
            calibration.refuse_far_beyond(record, slot.keys.kdf)
        try:
            member, data_key = memberslots.open_slot(slot, self.passphrase, vault_id=hdr.vault_id)
        except WrongKey as exc:
            changed = calibration.changed(record, slot.keys.kdf) if self.own_key_file else None
            if changed:
                raise DamagedFile(changed) from None
            if exc.message == WRONG_PASSPHRASE and self.name is not None:
                # the words of an unknown name: which of the two was wrong is not said
                raise WrongKey(memberslots.NO_SUCH_MEMBER) from None
            raise
        if self.own_key_file:
            calibration.remember(record, slot.keys.kdf)
        return member, data_key, slot.member_id

    def unwrap(self, hdr: header.Header) -> bytearray:
        member, data_key, _ = self.open(hdr)
        return data_key

    def wrap(self, hdr: header.Header, data_key: bytearray) -> header.Header:
        slot = self.find(hdr)
        recipient = header.b64d(slot.data_key.recipient)
        return MemberPublicSlot(slot, recipient).wrap(hdr, data_key)


@dataclass(frozen=True)
class MemberPublicSlot:
    """A member's slot wrapped to their X25519 public key (``recipient``: the staff
    table's), without their passphrase: what adding a member and a re-key write. It is
    opened only as a ``MemberPassphraseSlot``."""

    slot: memberslots.MemberSlot
    recipient: bytes
    kind: ClassVar[str] = "member"

    def unwrap(self, hdr: header.Header) -> bytearray:
        raise WrongKey(memberslots.NO_SUCH_MEMBER)  # a public key opens nothing

    def wrap(self, hdr: header.Header, data_key: bytearray) -> header.Header:
        new = memberslots.rewrap_slot(self.slot, data_key, self.recipient, vault_id=hdr.vault_id)
        kept = tuple(s for s in hdr.members if s.member_id != new.member_id)
        return hdr.model_copy(update={"members": (*kept, new)})


class Unlocked:
    """What a slot opened: the data key (the vault holds it from then on), and for a
    member's slot the member's keys and id (``vault.signer``, ``vault.signer_uid``)."""

    def __init__(
        self, data_key: bytearray, member: memberslots.MemberKeys | None = None, uid: str = ""
    ) -> None:
        self.data_key = data_key
        self.member = member
        self.uid = uid


def unlock(
    hdr: header.Header,
    *,
    passphrase: str | None = None,
    recovery_key: str | None = None,
    member: str | None = None,
    own_key_file: bool = False,
) -> Unlocked:
    """Open a key file: the recovery key when given; else a member's slot when the vault
    has members (``member`` names who; None only when there is one member); else the
    single practitioner's passphrase slot (``member`` is then not asked for)."""
    if recovery_key is None and passphrase is not None and hdr.members:
        slot = MemberPassphraseSlot(passphrase, member, own_key_file=own_key_file)
        keys_, data_key, uid = slot.open(hdr)
        return Unlocked(data_key, keys_, uid)
    return Unlocked(
        slot_for(
            passphrase=passphrase, recovery_key=recovery_key, own_key_file=own_key_file
        ).unwrap(hdr)
    )


def slot_for(
    *, passphrase: str | None = None, recovery_key: str | None = None, own_key_file: bool = False
) -> Slot:
    """The slot a person opens the vault with: the recovery key when given, else the
    passphrase."""
    if recovery_key is not None:
        return RecoverySlot(recovery_key)
    if passphrase is None:
        raise InvalidInput("A passphrase or a recovery key is needed to open the vault.")
    return PassphraseSlot(passphrase, own_key_file=own_key_file)


def unwrap_data_key(
    hdr: header.Header,
    *,
    passphrase: str | None = None,
    recovery_key: str | None = None,
    own_key_file: bool = False,
    member: str | None = None,
) -> bytearray:
    """The data key that a key file wraps, from its passphrase (a member's, ``member``
    naming who when the vault has more than one) or its recovery key.

    Also used to open a backup, which carries the key file of its vault (as it was then:
    ``own_key_file`` is False, and this computer's calibration record is neither used
    nor changed). ``own_key_file``: the vault's own ``vault.json`` (store/calibration.py).
    """
    return unlock(
        hdr,
        passphrase=passphrase,
        recovery_key=recovery_key,
        member=member,
        own_key_file=own_key_file,
    ).data_key


def wrapped_anew(old: header.Header, data_key: bytearray, slots: list[Slot]) -> header.Header:
    """The key file of a rebuilt vault: the current page format, and only ``slots``, each
    wrapping the new ``data_key`` (a slot left out no longer opens it)."""
    update: dict[str, object] = {"format_version": database.PAGE_FORMAT, "recovery_wrap": None}
    if old.members:  # every member's slot is among ``slots`` (a member left out is out)
        update |= {"members": (), "passphrase_wrap": None}
    hdr = old.model_copy(update=update)
    for slot in slots:
        hdr = slot.wrap(hdr, data_key)
    return hdr


recalibrated = keys.recalibrated


# --- the key ring of an open vault ------------------------------------------------


class Owner(Protocol):
    """What a key change needs of the open vault (store/vault.Vault), which still opens,
    writes, audits and rebuilds."""

    path: Path
    header: Header
    recovery_used: bool
    actor: Actor  # the session's: who changes the keys
    signer: memberslots.MemberKeys | None  # the member who unlocked (issue 28)
    signer_uid: str

    @property
    def db(self) -> Connection: ...

    def settle(self) -> None: ...

    def audit(
        self, event: str, client_id: int | None = None, *, actor: Actor, **detail: object
    ) -> int: ...

    def _rebuild(
        self, new_key: bytearray | None, make_header: Callable[[Header], Header]
    ) -> None: ...


class KeyRing:
    """The data key of one open vault, and the changes to the slots that unwrap it."""

    def __init__(self, owner: Owner, data_key: bytearray) -> None:
        self._owner = owner
        self._key: bytearray | None = data_key

    # --- the data key ---------------------------------------------------------

    @property
    def held(self) -> bool:
        """Whether the data key is held (False once the vault locked)."""
        return self._key is not None

    @property
    def data_key(self) -> bytearray:
        """The data key itself, for the store's own connections and rebuilds only;
        everything else takes a ``subkey`` or borrows a copy (``lend``)."""
        if self._key is None:
            raise RuntimeError("the vault is locked")
        return self._key

    def subkey(self, purpose: str) -> bytes:
        """A sub-key for one purpose; callers drop it as soon as they are done."""
        return keys.subkey(self.data_key, purpose)

    @contextlib.contextmanager
    def lend(self) -> Iterator[bytearray]:
        """A copy of the data key for one job outside the store (verifying a backup of
        this vault just made), zeroed when the job ends."""
        copy = bytearray(self.data_key)
        try:
            yield copy
        finally:
            keys.wipe(copy)

    def adopt(self, new_key: bytearray) -> None:
        """After a rebuild under ``new_key`` committed: hold it, zero the old one."""
        if self._key is not None:
            keys.wipe(self._key)
        self._key = new_key

    def wipe(self) -> None:
        """Zero the data key and drop it (the vault locks)."""
        if self._key is not None:
            keys.wipe(self._key)
            self._key = None

    # --- changes to the slots -------------------------------------------------

    def change_passphrase(self, new_passphrase: str) -> None:
        """Re-wrap the data key under a new passphrase; atomic, and instant at any size.

        The key derivation is calibrated again on this workstation (never weaker than
        the vault had), so a vault made on a busy or slow machine gets stronger.
        """
        require_acceptable(new_passphrase)
        owner = self._owner
        owner.settle()
        if owner.header.members:  # a member changes their own slot's passphrase
            mine = self._own_slot()
            self.write_key_file(self._with_own_passphrase(owner.header, new_passphrase))
            params = self._own_slot().keys.kdf
            calibration.remember(owner.header.vault_id + mine.member_id, params)
        else:
            params = recalibrated(owner.header.kdf)
            self.rewrap(PassphraseSlot(new_passphrase, params))
        owner.audit(
            "passphrase changed",
            via=self._via(),
            kdf_time_cost=params.time_cost,
            actor=owner.actor,
        )

    def rekey(self, new_passphrase: str) -> str | None:
        """Change the passphrase because someone else may know it: a new data key.

        The database is rebuilt under a new key (store/rebuild.py), the documents are
        sealed again, and a new recovery key replaces the old one (returned, shown
        once; None when the vault was made without one).  Old key files and backups
        made before still open with the old passphrase: they should be destroyed.
        """
        require_acceptable(new_passphrase)
        owner = self._owner
        params = recalibrated(owner.header.kdf)
        recovery = keys.new_recovery_key() if owner.header.recovery_wrap is not None else None
        if owner.header.members:
            own = self._with_own_passphrase(owner.header, new_passphrase)
            keep = self._staff_recipients()
            slots = tuple(s for s in own.members if s.member_id in keep)
            self._rebuild_for_members(slots, recovery, keep)
            params = self._own_slot().keys.kdf
        else:
            self._rebuild_with_new_key(new_passphrase, params, recovery)
        owner.audit(
            "vault re-keyed",
            via=self._via(),
            new_recovery_key=recovery is not None,
            kdf_time_cost=params.time_cost,
            actor=owner.actor,
        )
        return recovery

    def issue_recovery_key(self, passphrase: str) -> str:
        """A new recovery key; the old one stops working, even with an old key file.

        The data key changes too (the same rebuild as ``rekey``, keeping the
        passphrase): an old key file plus the old recovery key would otherwise still
        unwrap the key that opens today's database.
        """
        owner = self._owner
        if owner.recovery_used:
            raise InvalidInput(RECOVERY_FIRST)
        recovery = keys.new_recovery_key()
        if owner.header.members:  # the passphrase is the session member's own
            mine = self._own_slot()
            keys.wipe(memberslots.open_slot(mine, passphrase, vault_id=owner.header.vault_id)[1])
            keep = self._staff_recipients()
            slots = tuple(s for s in owner.header.members if s.member_id in keep)
            self._rebuild_for_members(slots, recovery, keep)
        else:
            keys.wipe(PassphraseSlot(passphrase).unwrap(owner.header))  # this vault's
            self._rebuild_with_new_key(passphrase, owner.header.kdf, recovery)
        owner.audit("recovery key replaced", actor=owner.actor)
        return recovery

    def strengthen(self, passphrase: str) -> None:
        """An older vault's derivation under the floor, raised to it (at its opening with
        the passphrase, which the rewrap needs)."""
        owner = self._owner
        self.rewrap(PassphraseSlot(passphrase, owner.header.kdf.strengthened()))
        owner.audit(
            "key derivation strengthened",
            time_cost=owner.header.kdf.time_cost,
            actor=owner.actor,
        )

    def rewrap(self, slot: PassphraseSlot) -> None:
        """The passphrase slot wrapped again, same data key: the key file replaced
        atomically (header.write), and this computer's calibration record told."""
        owner = self._owner
        owner.settle()  # the key file too is written only to a vault known to be whole
        hdr = slot.wrap(owner.header, self.data_key)
        header.write(owner.path / HEADER_FILE, hdr)
        owner.header = hdr
        calibration.remember(hdr.vault_id, hdr.kdf)

    def write_key_file(self, hdr: Header) -> None:
        """Replace the key file atomically with ``hdr`` (same data key): a member's slot
        added or changed, the passphrase wrap dropped at the upgrade to staff accounts."""
        owner = self._owner
        owner.settle()  # the key file too is written only to a vault known to be whole
        header.write(owner.path / HEADER_FILE, hdr)
        owner.header = hdr

    def rekey_for_members(self, keep: dict[str, bytes]) -> str | None:
        """A new data key (the database rebuilt under it, store/rebuild.py, crash-safe)
        wrapped to each member of ``keep`` (member id -> their X25519 public key, from the
        staff table: no passphrase needed); every other member's slot dropped (a removed
        member opens nothing made from now on); a new recovery key (returned, shown once;
        None when the vault has none): the old one wrapped the old data key."""
        owner = self._owner
        recovery = keys.new_recovery_key() if owner.header.recovery_wrap is not None else None
        kept = tuple(s for s in owner.header.members if s.member_id in keep)
        self._rebuild_for_members(kept, recovery, keep)
        return recovery

    def _staff_recipients(self) -> dict[str, bytes]:
        """Each active member's id and X25519 public key, from the sealed ``staff`` table
        (the authority): a re-key wraps the new data key to them and to no slot that
        merely sits in the key file (one planted there, or left by a crash). The rebuild
        that uses them checks first that the state is the sealed one (``Vault._rebuild``)."""
        rows = self._owner.db.execute(
            "SELECT uid, x25519_public FROM staff WHERE active = 1"
        ).fetchall()
        return {str(uid): bytes(public) for uid, public in rows}

    def _rebuild_for_members(
        self,
        slots: tuple[memberslots.MemberSlot, ...],
        recovery: str | None,
        recipients: dict[str, bytes] | None = None,
    ) -> None:
        new_key = keys.new_data_key()
        wraps: list[Slot] = [
            MemberPublicSlot(
                s,
                (recipients or {}).get(s.member_id) or header.b64d(s.data_key.recipient),
            )
            for s in slots
        ]
        if recovery:
            wraps.append(RecoverySlot(recovery))
        self._owner._rebuild(new_key, lambda old: wrapped_anew(old, new_key, wraps))

    def _own_slot(self) -> memberslots.MemberSlot:
        owner = self._owner
        for slot in owner.header.members:
            if slot.member_id == owner.signer_uid and owner.signer is not None:
                return slot
        raise InvalidInput(
            "This session was not opened with a staff member's passphrase (the recovery "
            "key?): open the vault with your own name and passphrase first."
        )

    def _with_own_passphrase(self, hdr: Header, new_passphrase: str) -> Header:
        """``hdr`` with the session member's keys wrapped under ``new_passphrase``
        (calibrated again, never weaker), their data-key slot as it was."""
        owner = self._owner
        mine = self._own_slot()
        assert owner.signer is not None
        wrapped = memberslots.change_member_passphrase(
            owner.signer, new_passphrase, mine.keys, vault_id=hdr.vault_id, member_id=mine.member_id
        )
        new = mine.model_copy(update={"keys": wrapped})
        return hdr.model_copy(
            update={"members": tuple(new if s is mine else s for s in hdr.members)}
        )

    def _rebuild_with_new_key(
        self, passphrase: str, params: keys.KdfParams, recovery: str | None
    ) -> None:
        new_key = keys.new_data_key()
        params = params.model_copy(update={"salt": secrets.token_hex(16)})
        slots: list[Slot] = [PassphraseSlot(passphrase, params)]
        if recovery:
            slots.append(RecoverySlot(recovery))
        self._owner._rebuild(new_key, lambda old: wrapped_anew(old, new_key, slots))

    def _via(self) -> str:
        return RecoverySlot.kind if self._owner.recovery_used else PassphraseSlot.kind
