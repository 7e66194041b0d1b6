"""A staff member's keys (store/memberslots.py): real Argon2id at the floor, real HPKE, real
Ed25519; every failure is the specific error, never a wrong key taken for a right one."""

from __future__ import annotations

import base64

import pytest

from safefile.errors import DamagedFile, WrongKey
from safefile.store import keys
from safefile.store import memberslots as member_keys
from safefile.store.keyring import WRONG_PASSPHRASE
from safefile.store.memberslots import DataKeySlot, MemberKeys, WrappedKeys
from tests.conftest import OTHER_PASSPHRASE, PASSPHRASE

VAULT = "0f" * 16
A, B = member_keys.new_member_id(), member_keys.new_member_id()
DATA_KEY = bytes(range(32))


@pytest.fixture(scope="module")
def ana() -> tuple[MemberKeys, WrappedKeys]:
    return member_keys.make_member(
        PASSPHRASE, vault_id=VAULT, member_id=A, kdf=keys.KdfParams.minimum()
    )


@pytest.fixture(scope="module")
def ben() -> tuple[MemberKeys, WrappedKeys]:
    return member_keys.make_member(
        OTHER_PASSPHRASE, vault_id=VAULT, member_id=B, kdf=keys.KdfParams.minimum()
    )


def _flip(b64: str, at: int = -1) -> str:
    raw = bytearray(base64.b64decode(b64))
    raw[at] ^= 1
    return base64.b64encode(bytes(raw)).decode()


def test_a_members_keys_unwrap_with_their_passphrase(ana: tuple[MemberKeys, WrappedKeys]) -> None:
    member, wrapped = ana
    back = member_keys.unwrap_member_keys(wrapped, PASSPHRASE, vault_id=VAULT, member_id=A)
    assert back.public == member.public
    assert len(back.public.x25519) == len(back.public.ed25519) == 32
    # The wrapped form holds neither private key in clear.
    raw = base64.b64decode(wrapped.ciphertext)
    assert member.x25519.private_bytes_raw() not in raw
    assert member.ed25519.private_bytes_raw() not in raw


def test_the_wrap_uses_the_vaults_kdf_and_its_bounds() -> None:
    """The member's passphrase is derived like the vault's: calibrated parameters by
    default (the floor under the test switch), and a key file asking for more than
    SafeFile makes is refused before any derivation."""
    _, wrapped = member_keys.make_member(PASSPHRASE, vault_id=VAULT, member_id=A)
    assert wrapped.kdf.memory_kib == keys.MIN_MEMORY_KIB
    assert not wrapped.kdf.is_weaker_than_floor()
    greedy = wrapped.model_copy(
        update={"kdf": wrapped.kdf.model_copy(update={"memory_kib": 8 * keys.MAX_MEMORY_KIB})}
    )
    with pytest.raises(DamagedFile, match="key-derivation settings SafeFile never makes"):
        member_keys.unwrap_member_keys(greedy, PASSPHRASE, vault_id=VAULT, member_id=A)


def test_a_wrong_passphrase_is_the_vaults_wrong_passphrase(
    ana: tuple[MemberKeys, WrappedKeys],
) -> None:
    _, wrapped = ana
    with pytest.raises(WrongKey) as caught:
        member_keys.unwrap_member_keys(wrapped, OTHER_PASSPHRASE, vault_id=VAULT, member_id=A)
    assert caught.value.message == WRONG_PASSPHRASE
    assert caught.value.exit_code == 4


def test_wrapped_keys_are_bound_to_their_member_and_vault(
    ana: tuple[MemberKeys, WrappedKeys],
) -> None:
    """Moved to another member's place or another vault, the wrap does not open."""
    _, wrapped = ana
    with pytest.raises(WrongKey):
        member_keys.unwrap_member_keys(wrapped, PASSPHRASE, vault_id=VAULT, member_id=B)
    with pytest.raises(WrongKey):
        member_keys.unwrap_member_keys(wrapped, PASSPHRASE, vault_id="1e" * 16, member_id=A)


def test_a_new_passphrase_rewraps_the_same_keys(ana: tuple[MemberKeys, WrappedKeys]) -> None:
    member, wrapped = ana
    again = member_keys.change_member_passphrase(
        member, OTHER_PASSPHRASE, wrapped, vault_id=VAULT, member_id=A
    )
    assert again.kdf.salt != wrapped.kdf.salt
    assert again.kdf.time_cost >= wrapped.kdf.time_cost
    back = member_keys.unwrap_member_keys(again, OTHER_PASSPHRASE, vault_id=VAULT, member_id=A)
    assert back.public == member.public
    with pytest.raises(WrongKey):
        member_keys.unwrap_member_keys(again, PASSPHRASE, vault_id=VAULT, member_id=A)


def test_the_data_key_round_trips_through_a_members_slot(
    ana: tuple[MemberKeys, WrappedKeys],
) -> None:
    member, _ = ana
    slot = member_keys.wrap_data_key(DATA_KEY, member.public.x25519, vault_id=VAULT, member_id=A)
    assert DATA_KEY not in base64.b64decode(slot.sealed)
    got = member_keys.unwrap_data_key(slot, member, vault_id=VAULT, member_id=A)
    assert bytes(got) == DATA_KEY
    # Each wrap is fresh (an ephemeral key each time).
    again = member_keys.wrap_data_key(DATA_KEY, member.public.x25519, vault_id=VAULT, member_id=A)
    assert again.sealed != slot.sealed


def test_a_slot_for_b_does_not_open_with_as_keys(
    ana: tuple[MemberKeys, WrappedKeys], ben: tuple[MemberKeys, WrappedKeys]
) -> None:
    a, b = ana[0], ben[0]
    slot_b = member_keys.wrap_data_key(DATA_KEY, b.public.x25519, vault_id=VAULT, member_id=B)
    with pytest.raises(WrongKey, match="belongs to another staff member"):
        member_keys.unwrap_data_key(slot_b, a, vault_id=VAULT, member_id=B)
    # Relabelled as A's (A's public key written on it), it still does not open for A.
    relabelled = slot_b.model_copy(update={"recipient": base64.b64encode(a.public.x25519).decode()})
    with pytest.raises(DamagedFile, match="key slot .* damaged or changed"):
        member_keys.unwrap_data_key(relabelled, a, vault_id=VAULT, member_id=A)
    assert bytes(member_keys.unwrap_data_key(slot_b, b, vault_id=VAULT, member_id=B)) == DATA_KEY


@pytest.mark.parametrize("at", [0, 31, 32, -1])  # the encapsulated key, the ciphertext, the tag
def test_a_tampered_slot_is_damage_not_a_wrong_key(
    ana: tuple[MemberKeys, WrappedKeys], at: int
) -> None:
    member, _ = ana
    slot = member_keys.wrap_data_key(DATA_KEY, member.public.x25519, vault_id=VAULT, member_id=A)
    bad = DataKeySlot(recipient=slot.recipient, sealed=_flip(slot.sealed, at))
    with pytest.raises(DamagedFile) as caught:
        member_keys.unwrap_data_key(bad, member, vault_id=VAULT, member_id=A)
    assert caught.value.message == member_keys.TAMPERED_SLOT


def test_a_slot_is_bound_to_its_vault_and_member(ana: tuple[MemberKeys, WrappedKeys]) -> None:
    member, _ = ana
    slot = member_keys.wrap_data_key(DATA_KEY, member.public.x25519, vault_id=VAULT, member_id=A)
    with pytest.raises(DamagedFile):
        member_keys.unwrap_data_key(slot, member, vault_id="1e" * 16, member_id=A)
    with pytest.raises(DamagedFile):
        member_keys.unwrap_data_key(slot, member, vault_id=VAULT, member_id=B)


def test_tampered_wrapped_keys_do_not_open(ana: tuple[MemberKeys, WrappedKeys]) -> None:
    _, wrapped = ana
    bad = wrapped.model_copy(update={"ciphertext": _flip(wrapped.ciphertext, 3)})
    with pytest.raises(WrongKey):
        member_keys.unwrap_member_keys(bad, PASSPHRASE, vault_id=VAULT, member_id=A)


def test_signatures_verify_for_their_signer_purpose_and_bytes(
    ana: tuple[MemberKeys, WrappedKeys], ben: tuple[MemberKeys, WrappedKeys]
) -> None:
    a, b = ana[0], ben[0]
    entry = b'{"event":"note signed","note":7}'
    sig = member_keys.sign(a, "audit entry", entry)
    assert len(sig) == member_keys.SIGNATURE_BYTES
    assert member_keys.verify(a.public.ed25519, "audit entry", entry, sig)
    # Another member's key, another purpose, changed bytes, a changed signature: no.
    assert not member_keys.verify(b.public.ed25519, "audit entry", entry, sig)
    assert not member_keys.verify(a.public.ed25519, "note signature", entry, sig)
    assert not member_keys.verify(a.public.ed25519, "audit entry", entry + b" ", sig)
    flipped = bytes([sig[0] ^ 1]) + sig[1:]
    assert not member_keys.verify(a.public.ed25519, "audit entry", entry, flipped)
    # B signing A's entry with B's key does not pass as A's.
    forged = member_keys.sign(b, "audit entry", entry)
    assert not member_keys.verify(a.public.ed25519, "audit entry", entry, forged)
    # Malformed input is a failed check, not a crash.
    assert not member_keys.verify(b"short", "audit entry", entry, sig)
    assert not member_keys.verify(a.public.ed25519, "audit entry", entry, b"short")


def test_the_key_file_finds_a_slot_by_a_tag_not_a_name() -> None:
    tag = member_keys.member_tag(VAULT, "Ana  Ruiz")
    assert tag == member_keys.member_tag(VAULT, "ana ruiz")
    assert len(tag) == 64 and set(tag) <= set("0123456789abcdef")
    assert tag != member_keys.member_tag(VAULT, "Ana Ruis")
    assert tag != member_keys.member_tag("1e" * 16, "Ana Ruiz")


def test_a_whole_slot_is_made_found_opened_and_rewrapped() -> None:
    """What the key ring will do: an administrator makes a slot for a new member; the
    member finds it by name and opens it with their passphrase; a re-key wraps a new data
    key to them from their public key alone; the slot survives the key file's JSON."""
    member, slot = member_keys.make_slot(
        DATA_KEY, "Ana Ruiz", PASSPHRASE, vault_id=VAULT, member_id=A, kdf=keys.KdfParams.minimum()
    )
    _, other = member_keys.make_slot(
        DATA_KEY,
        "Ben Ode",
        OTHER_PASSPHRASE,
        vault_id=VAULT,
        member_id=B,
        kdf=keys.KdfParams.minimum(),
    )
    slots = [other, slot]
    again = member_keys.MemberSlot.model_validate_json(slot.model_dump_json())
    assert again == slot
    assert "Ana" not in slot.model_dump_json()
    found = member_keys.find_slot(slots, VAULT, " ana  RUIZ")
    assert found is slot
    opened, data_key = member_keys.open_slot(found, PASSPHRASE, vault_id=VAULT)
    assert opened.public == member.public and bytes(data_key) == DATA_KEY
    with pytest.raises(WrongKey, match="That name and passphrase do not open"):
        member_keys.find_slot(slots, VAULT, "Eve")
    with pytest.raises(WrongKey, match="does not open this vault"):
        member_keys.open_slot(other, PASSPHRASE, vault_id=VAULT)  # Ben's slot, Ana's words
    new_key = bytes(range(100, 132))
    rekeyed = member_keys.rewrap_slot(slot, new_key, member.public.x25519, vault_id=VAULT)
    assert rekeyed.keys == slot.keys  # the passphrase wrap is untouched
    _, got = member_keys.open_slot(rekeyed, PASSPHRASE, vault_id=VAULT)
    assert bytes(got) == new_key
