"""A staff member's keys: a key slot and a signing key per person (issue 28).

In the store: the key file holds the slots and the vault opens through them, and the
store imports nothing above it.

Each member has two key pairs:

* an **X25519** pair: the vault's data key is wrapped to its public key (a *data-key
  slot*), so an administrator can wrap the data key for a new member, and a re-key can
  wrap the new data key to every remaining member, without anyone's passphrase;
* an **Ed25519** pair: the member signs what they record (notes, releases, log entries),
  so one member cannot write in another's name even with the data key in hand.

Both private keys are stored only wrapped (AES-256-GCM, as the vault's own data key:
``store/keys.wrap``) under a key derived with Argon2id from the member's own passphrase,
with the same calibration and bounds as the vault's passphrase (``store/keys``:
``params_for_new_vault``, ``keyring.recalibrated``, ``derive_key`` and its bounds).

The data key is wrapped with HPKE (RFC 9180, base mode: DHKEM(X25519, HKDF-SHA256),
HKDF-SHA256, AES-256-GCM; ``cryptography.hazmat.primitives.hpke``): an ephemeral key
agreement with the member's public key, the info string binding the vault's id and the
member's id, so a slot copied to another vault or another member opens nothing.

Everything here must be readable before the database is open (it is what opens it), so
slots live in the key file beside the passphrase and recovery wraps, never in the
database; the database's ``staff`` table holds each member's public keys, sealed with
the security state, and is what signatures are checked against (docs/decisions.md).

Where key bytes live: the private keys are ``cryptography`` key objects held by
:class:`MemberKeys` for the session (Python cannot wipe them; they go when the session
locks); their raw bytes exist only transiently while they are wrapped or unwrapped.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import unicodedata
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from pydantic import BaseModel, ConfigDict

from safefile.errors import DamagedFile, WrongKey
from safefile.store import keys
from safefile.store.keys import WRONG_PASSPHRASE, b64d, b64e

PUBLIC_BYTES = 32  # raw X25519 and Ed25519 public keys
PRIVATE_BYTES = 32  # raw X25519 and Ed25519 private keys
SIGNATURE_BYTES = 64
_SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)

TAMPERED_SLOT = (
    "A staff member's key slot in the vault's key file has been damaged or changed, so it "
    "does not open. Nothing was done. Another member (an administrator) can open the vault "
    "and give this member a new slot; otherwise restore the vault from your last backup."
)
TAMPERED_KEYS = (
    "A staff member's wrapped keys in the vault's key file do not hold keys SafeFile made "
    "(damaged or changed). Nothing was done. Restore the vault from your last backup."
)
NOT_THIS_MEMBER = (
    "That key slot belongs to another staff member: it does not open with your keys. "
    "Check the name you gave."
)


def new_member_id() -> str:
    """A member's id: random, the same on every copy of the vault (never reused)."""
    return secrets.token_hex(16)


def name_key(name: str) -> str:
    """A name as members are told apart: NFKC, case-folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def member_tag(vault_id: str, name: str) -> str:
    """What the key file holds instead of a member's name, to find their slot at unlock.

    The key file is outside the encrypted database, and a list of a DV program's staff is
    itself sensitive, so names are not written there. The tag is the SHA-256 of the vault
    id and the name (NFKC, case-folded, spaces collapsed), so "Ana  Ruiz" and "ana ruiz"
    find the same slot. It hides names from a glance, not from someone who can guess them.
    """
    return hashlib.sha256(_canonical({"vault_id": vault_id, "name": name_key(name)})).hexdigest()


def _canonical(obj: object) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


@dataclass(frozen=True)
class PublicKeys:
    """A member's public keys, raw (32 bytes each); the staff table records them."""

    x25519: bytes
    ed25519: bytes


@dataclass(frozen=True)
class MemberKeys:
    """A member's private keys, unwrapped for the session that the member unlocked."""

    x25519: X25519PrivateKey
    ed25519: Ed25519PrivateKey

    @classmethod
    def generate(cls) -> MemberKeys:
        return cls(X25519PrivateKey.generate(), Ed25519PrivateKey.generate())

    @property
    def public(self) -> PublicKeys:
        return PublicKeys(
            self.x25519.public_key().public_bytes_raw(),
            self.ed25519.public_key().public_bytes_raw(),
        )


class WrappedKeys(BaseModel):
    """A member's two private keys wrapped under their passphrase (in the key file)."""

    model_config = ConfigDict(frozen=True, strict=True)

    kdf: keys.KdfParams
    nonce: str  # base64
    ciphertext: str  # base64: the X25519 then the Ed25519 private key, and the GCM tag

    def aad(self, vault_id: str, member_id: str) -> bytes:
        """Binds the wrap to its vault, its member and its KDF parameters (as the vault's
        passphrase wrap binds its own: header.passphrase_aad)."""
        return _canonical(
            {
                "purpose": "member keys",
                "vault_id": vault_id,
                "member_id": member_id,
                "kdf": self.kdf.model_dump(),
            }
        )


class DataKeySlot(BaseModel):
    """The vault's data key wrapped to one member's X25519 public key (in the key file)."""

    model_config = ConfigDict(frozen=True, strict=True)

    recipient: str  # base64 of the member's X25519 public key: whose slot this is
    sealed: str  # base64 of HPKE's encapsulated key then the ciphertext


def wrap_member_keys(
    member: MemberKeys,
    passphrase: str,
    *,
    vault_id: str,
    member_id: str,
    kdf: keys.KdfParams | None = None,
) -> WrappedKeys:
    """``member``'s private keys wrapped under ``passphrase``; ``kdf`` defaults to
    parameters calibrated on this workstation (``keys.params_for_new_vault``)."""
    params = kdf or keys.params_for_new_vault()
    raw = bytearray(
        member.x25519.private_bytes_raw() + member.ed25519.private_bytes_raw()
    )  # transient
    try:
        shell = WrappedKeys(kdf=params, nonce="", ciphertext="")
        nonce, ct = keys.wrap(
            keys.derive_key(passphrase, params), raw, shell.aad(vault_id, member_id)
        )
    finally:
        keys.wipe(raw)
    return WrappedKeys(kdf=params, nonce=b64e(nonce), ciphertext=b64e(ct))


def make_member(
    passphrase: str, *, vault_id: str, member_id: str, kdf: keys.KdfParams | None = None
) -> tuple[MemberKeys, WrappedKeys]:
    """New key pairs for a member, and their private keys wrapped under ``passphrase``."""
    member = MemberKeys.generate()
    return member, wrap_member_keys(
        member, passphrase, vault_id=vault_id, member_id=member_id, kdf=kdf
    )


def unwrap_member_keys(
    wrapped: WrappedKeys, passphrase: str, *, vault_id: str, member_id: str
) -> MemberKeys:
    """The member's private keys; ``WrongKey`` (the vault's wrong-passphrase message) when
    the passphrase is not theirs; ``DamagedFile`` when the KDF parameters are beyond
    SafeFile's bounds (checked before any derivation) or the wrap holds no keys."""
    raw = keys.unwrap(
        keys.derive_key(passphrase, wrapped.kdf),
        b64d(wrapped.nonce),
        b64d(wrapped.ciphertext),
        wrapped.aad(vault_id, member_id),
    )
    if raw is None:
        raise WrongKey(WRONG_PASSPHRASE)
    try:
        if len(raw) != 2 * PRIVATE_BYTES:
            raise DamagedFile(TAMPERED_KEYS)
        return MemberKeys(
            X25519PrivateKey.from_private_bytes(bytes(raw[:PRIVATE_BYTES])),
            Ed25519PrivateKey.from_private_bytes(bytes(raw[PRIVATE_BYTES:])),
        )
    finally:
        keys.wipe(raw)


def change_member_passphrase(
    member: MemberKeys, new_passphrase: str, current: WrappedKeys, *, vault_id: str, member_id: str
) -> WrappedKeys:
    """The same keys wrapped under a new passphrase, calibrated again on this workstation
    and never weaker than ``current`` (``keyring.recalibrated``)."""
    params = keys.recalibrated(current.kdf)
    return wrap_member_keys(
        member, new_passphrase, vault_id=vault_id, member_id=member_id, kdf=params
    )


def _info(vault_id: str, member_id: str) -> bytes:
    return _canonical({"purpose": "data key slot", "vault_id": vault_id, "member_id": member_id})


def wrap_data_key(
    data_key: bytes | bytearray, recipient: bytes, *, vault_id: str, member_id: str
) -> DataKeySlot:
    """The data key wrapped to the member whose raw X25519 public key is ``recipient``;
    needs no passphrase (an administrator adding a member, a re-key)."""
    public = X25519PublicKey.from_public_bytes(recipient)
    sealed = _SUITE.encrypt(bytes(data_key), public, info=_info(vault_id, member_id))
    return DataKeySlot(recipient=b64e(recipient), sealed=b64e(sealed))


def unwrap_data_key(
    slot: DataKeySlot, member: MemberKeys, *, vault_id: str, member_id: str
) -> bytearray:
    """The data key from ``member``'s slot (the caller wipes it when done).

    ``WrongKey`` when the slot was made for another member's public key; ``DamagedFile``
    when it was made for this member but does not open (changed, or copied from another
    vault or another member's id)."""
    if b64d(slot.recipient) != member.public.x25519:
        raise WrongKey(NOT_THIS_MEMBER)
    try:
        return bytearray(
            _SUITE.decrypt(b64d(slot.sealed), member.x25519, info=_info(vault_id, member_id))
        )
    except (InvalidTag, ValueError) as exc:
        raise DamagedFile(TAMPERED_SLOT) from exc


class MemberSlot(BaseModel):
    """One member's slot as the key file holds it (the key ring's ``members`` list)."""

    model_config = ConfigDict(frozen=True, strict=True)

    member_id: str
    tag: str  # member_tag(vault id, name): found by name without the name
    keys: WrappedKeys
    data_key: DataKeySlot


# One message for a name no slot has and for a wrong passphrase, so that a guess at
# staff names learns no more than a guess at passphrases (the time taken is the same
# too: ``find_slot`` derives a key for a name it does not know).
NO_SUCH_MEMBER = (
    "That name and passphrase do not open this vault. Check the spelling of your name as "
    "the administrator entered it, and your passphrase (is Caps Lock on?)."
)


def make_slot(
    data_key: bytes | bytearray,
    name: str,
    passphrase: str,
    *,
    vault_id: str,
    member_id: str,
    kdf: keys.KdfParams | None = None,
) -> tuple[MemberKeys, MemberSlot]:
    """A new member's keys and their whole slot: keys wrapped under their passphrase, the
    data key wrapped to them (an administrator's unlocked session holds ``data_key``)."""
    member, wrapped = make_member(passphrase, vault_id=vault_id, member_id=member_id, kdf=kdf)
    slot = MemberSlot(
        member_id=member_id,
        tag=member_tag(vault_id, name),
        keys=wrapped,
        data_key=wrap_data_key(
            data_key, member.public.x25519, vault_id=vault_id, member_id=member_id
        ),
    )
    return member, slot


def rewrap_slot(
    slot: MemberSlot, data_key: bytes | bytearray, recipient: bytes, *, vault_id: str
) -> MemberSlot:
    """The slot with a new data key wrapped to the member's public key ``recipient`` (the
    staff table's): what a re-key does for every remaining member, without passphrases."""
    wrapped = wrap_data_key(data_key, recipient, vault_id=vault_id, member_id=slot.member_id)
    return slot.model_copy(update={"data_key": wrapped})


def find_slot(slots: list[MemberSlot], vault_id: str, name: str) -> MemberSlot:
    """The slot of the member who gave ``name`` (``WrongKey``, exit 4, when none: the same
    code as a wrong passphrase, so a guess at names learns no more than at passphrases)."""
    tag = member_tag(vault_id, name)
    for slot in slots:
        if slot.tag == tag:
            return slot
    if slots:  # as long as a wrong passphrase takes: one derivation, thrown away
        keys.derive_key(name, slots[0].keys.kdf)
    raise WrongKey(NO_SUCH_MEMBER)


def open_slot(slot: MemberSlot, passphrase: str, *, vault_id: str) -> tuple[MemberKeys, bytearray]:
    """The member's keys and the data key (the caller wipes it): one Argon2id derivation."""
    member = unwrap_member_keys(slot.keys, passphrase, vault_id=vault_id, member_id=slot.member_id)
    return member, unwrap_data_key(
        slot.data_key, member, vault_id=vault_id, member_id=slot.member_id
    )


def _signed(purpose: str, data: bytes) -> bytes:
    """What is signed: the purpose, then the data (a signature made for one purpose, say a
    note, never verifies as another, say a log entry)."""
    return _canonical({"purpose": f"safefile/{purpose}"}) + b"\0" + data


def sign(member: MemberKeys, purpose: str, data: bytes) -> bytes:
    """``member``'s Ed25519 signature of ``data`` for ``purpose`` (64 bytes)."""
    return member.ed25519.sign(_signed(purpose, data))


def verify(public_ed25519: bytes, purpose: str, data: bytes, signature: bytes) -> bool:
    """Whether ``signature`` is the signature, for ``purpose``, of ``data`` by the member
    whose raw Ed25519 public key is ``public_ed25519`` (the staff table's)."""
    try:
        Ed25519PublicKey.from_public_bytes(public_ed25519).verify(signature, _signed(purpose, data))
    except (InvalidSignature, ValueError):
        return False
    return True


__all__ = [
    "DataKeySlot",
    "MemberKeys",
    "MemberSlot",
    "PublicKeys",
    "WrappedKeys",
    "change_member_passphrase",
    "find_slot",
    "make_slot",
    "open_slot",
    "rewrap_slot",
    "make_member",
    "member_tag",
    "name_key",
    "new_member_id",
    "sign",
    "unwrap_data_key",
    "unwrap_member_keys",
    "verify",
    "wrap_data_key",
    "wrap_member_keys",
]
