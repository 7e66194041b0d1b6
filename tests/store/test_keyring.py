"""The key ring's slots (store/keyring.py): each unwraps the one data key, a rebuilt key
file holds only the slots it is given, and no slot prints its secret."""

from __future__ import annotations

import pytest

from safefile.errors import WrongKey
from safefile.store import keyring, keys
from safefile.store.vault import Vault
from tests.conftest import PASSPHRASE


def test_each_slot_unwraps_the_one_data_key(new_vault: tuple[Vault, str]) -> None:
    vault, recovery = new_vault
    hdr = vault.header
    by_passphrase = keyring.PassphraseSlot(PASSPHRASE).unwrap(hdr)
    by_recovery = keyring.RecoverySlot(recovery).unwrap(hdr)
    assert by_passphrase == by_recovery == vault.keyring.data_key
    with pytest.raises(WrongKey, match="passphrase does not open"):
        keyring.PassphraseSlot("not the one at all here").unwrap(hdr)
    with pytest.raises(WrongKey, match="recovery key does not open"):
        keyring.RecoverySlot(keys.new_recovery_key()).unwrap(hdr)


def test_a_rebuilt_key_file_holds_only_the_slots_it_is_given(
    new_vault: tuple[Vault, str],
) -> None:
    vault, recovery = new_vault
    new_key = keys.new_data_key()
    hdr = keyring.wrapped_anew(vault.header, new_key, [keyring.PassphraseSlot(PASSPHRASE)])
    assert keyring.PassphraseSlot(PASSPHRASE).unwrap(hdr) == new_key
    with pytest.raises(WrongKey, match="created without a recovery key"):
        keyring.RecoverySlot(recovery).unwrap(hdr)  # the slot left out opens nothing


def test_no_slot_prints_its_secret(new_vault: tuple[Vault, str]) -> None:
    _, recovery = new_vault
    for slot in (keyring.PassphraseSlot(PASSPHRASE), keyring.RecoverySlot(recovery)):
        assert PASSPHRASE not in repr(slot) and recovery not in repr(slot)
