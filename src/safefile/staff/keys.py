"""A staff member's keys (issue 28): the X25519 key slot and the Ed25519 signing key.

The code is in ``store/memberslots.py``: the key file holds the slots and the vault opens
through them, and the store imports nothing above it. Callers above the store (the
signatures, the staff management, the app) use these names from here.
"""

from __future__ import annotations

from safefile.store.memberslots import (
    NO_SUCH_MEMBER,
    NOT_THIS_MEMBER,
    PRIVATE_BYTES,
    PUBLIC_BYTES,
    SIGNATURE_BYTES,
    TAMPERED_KEYS,
    TAMPERED_SLOT,
    DataKeySlot,
    MemberKeys,
    MemberSlot,
    PublicKeys,
    WrappedKeys,
    change_member_passphrase,
    find_slot,
    make_member,
    make_slot,
    member_tag,
    name_key,
    new_member_id,
    open_slot,
    rewrap_slot,
    sign,
    unwrap_data_key,
    unwrap_member_keys,
    verify,
    wrap_data_key,
    wrap_member_keys,
)

__all__ = [
    "DataKeySlot",
    "MemberKeys",
    "MemberSlot",
    "NOT_THIS_MEMBER",
    "NO_SUCH_MEMBER",
    "PRIVATE_BYTES",
    "PUBLIC_BYTES",
    "PublicKeys",
    "SIGNATURE_BYTES",
    "TAMPERED_KEYS",
    "TAMPERED_SLOT",
    "WrappedKeys",
    "change_member_passphrase",
    "find_slot",
    "make_member",
    "make_slot",
    "member_tag",
    "name_key",
    "new_member_id",
    "open_slot",
    "rewrap_slot",
    "sign",
    "unwrap_data_key",
    "unwrap_member_keys",
    "verify",
    "wrap_data_key",
    "wrap_member_keys",
]
