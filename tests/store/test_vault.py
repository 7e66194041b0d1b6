"""The vault: create, lock, unlock, and every way opening can fail."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from safefile.clock import FixedClock
from safefile.errors import (
    AlreadyOpen,
    DamagedFile,
    InvalidInput,
    NewerVersion,
    NotAVault,
    WrongKey,
)
from safefile.store import header, keyring, keys, schema
from safefile.store.layout import DB_FILE, HEADER_FILE
from safefile.store.vault import Vault
from tests.conftest import MARKER, OTHER_PASSPHRASE, PASSPHRASE, all_bytes_under


def test_create_lock_unlock(vault: Vault, vault_path: Path, clock: FixedClock) -> None:
    vault.set_meta("program_name", "Harbour Advocacy")
    vault.lock()
    assert not vault.is_open
    with pytest.raises(RuntimeError):
        _ = vault.db
    again = Vault.open(vault_path, passphrase=PASSPHRASE, clock=clock)
    try:
        assert again.get_meta("program_name") == "Harbour Advocacy"
        assert schema.version_of(again.db) == schema.SCHEMA_VERSION
    finally:
        again.lock()


def test_vault_folder_is_private(vault: Vault, vault_path: Path) -> None:
    if os.name != "posix":
        pytest.skip("POSIX permissions")
    assert vault_path.stat().st_mode & 0o077 == 0
    for p in vault_path.rglob("*"):
        assert p.stat().st_mode & 0o077 == 0, p


def test_wrong_passphrase(vault: Vault, vault_path: Path) -> None:
    vault.lock()
    with pytest.raises(WrongKey, match="does not open this vault"):
        Vault.open(vault_path, passphrase=OTHER_PASSPHRASE)


def test_recovery_key_opens_and_sets_new_passphrase(
    new_vault: tuple[Vault, str], vault_path: Path
) -> None:
    vault, recovery = new_vault
    vault.lock()
    with Vault.open(vault_path, recovery_key=recovery.lower().replace("-", " ")) as rescued:
        assert rescued.recovery_used
        rescued.change_passphrase(OTHER_PASSPHRASE)
        events = [r[0] for r in rescued.db.execute("SELECT event FROM audit ORDER BY seq")]
        assert "passphrase changed" in events
    with pytest.raises(WrongKey):
        Vault.open(vault_path, passphrase=PASSPHRASE)
    Vault.open(vault_path, passphrase=OTHER_PASSPHRASE).lock()
    # The recovery key still works after the passphrase changed.
    Vault.open(vault_path, recovery_key=recovery).lock()


def test_recovery_key_typo_is_told_apart(new_vault: tuple[Vault, str], vault_path: Path) -> None:
    vault, recovery = new_vault
    vault.lock()
    typo = ("A" if recovery[0] != "A" else "B") + recovery[1:]
    with pytest.raises(WrongKey, match="typing mistake"):
        Vault.open(vault_path, recovery_key=typo)
    other = keys.new_recovery_key()
    with pytest.raises(WrongKey, match="recovery key does not open"):
        Vault.open(vault_path, recovery_key=other)


def test_recovery_key_is_easy_to_write() -> None:
    key = keys.new_recovery_key()
    groups = key.split("-")
    assert len(groups) == 9 and all(len(g) == 4 for g in groups)
    assert not set(key) & set("ILOU")


def test_vault_without_recovery_key(vault_path: Path) -> None:
    vault, recovery = Vault.create(
        vault_path, PASSPHRASE, with_recovery_key=False, kdf=keys.KdfParams.minimum()
    )
    vault.lock()
    assert recovery is None
    with pytest.raises(WrongKey, match="without a recovery key"):
        Vault.open(vault_path, recovery_key=keys.new_recovery_key())


def test_create_refuses_existing_content(tmp_path: Path) -> None:
    target = tmp_path / "busy"
    target.mkdir()
    (target / "something.txt").write_text("x")
    with pytest.raises(InvalidInput, match="already something"):
        Vault.create(target, PASSPHRASE, kdf=keys.KdfParams.minimum())
    assert sorted(p.name for p in target.iterdir()) == ["something.txt"]


def test_create_refuses_weak_passphrase_and_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="at least 15"):
        Vault.create(tmp_path / "v", "short one", kdf=keys.KdfParams.minimum())
    assert list(tmp_path.iterdir()) == []


def test_not_a_vault(tmp_path: Path) -> None:
    with pytest.raises(NotAVault):
        Vault.open(tmp_path, passphrase=PASSPHRASE)
    afile = tmp_path / "notes.txt"
    afile.write_text("hello")
    with pytest.raises(NotAVault):
        Vault.open(afile, passphrase=PASSPHRASE)
    fake = tmp_path / "fake.safefile"
    fake.mkdir()
    (fake / HEADER_FILE).write_text(json.dumps({"format": "something-else"}))
    with pytest.raises(NotAVault):
        Vault.open(fake, passphrase=PASSPHRASE)


def test_already_open_in_another_process(vault: Vault, vault_path: Path) -> None:
    # flock is per open file description: a second open in this process is refused
    # the same way another process would be.
    with pytest.raises(AlreadyOpen, match="already open"):
        Vault.open(vault_path, passphrase=PASSPHRASE)


def test_newer_vault_format_is_refused(vault: Vault, vault_path: Path) -> None:
    vault.lock()
    raw = json.loads((vault_path / HEADER_FILE).read_text())
    raw["format_version"] = header.FORMAT_VERSION + 1
    (vault_path / HEADER_FILE).write_text(json.dumps(raw))
    with pytest.raises(NewerVersion, match="newer version"):
        Vault.open(vault_path, passphrase=PASSPHRASE)


def test_newer_schema_is_refused(vault: Vault, vault_path: Path) -> None:
    vault.db.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    vault.lock()
    with pytest.raises(NewerVersion):
        Vault.open(vault_path, passphrase=PASSPHRASE)


def test_damaged_key_file(vault: Vault, vault_path: Path) -> None:
    vault.lock()
    data = bytearray((vault_path / HEADER_FILE).read_bytes())
    pos = data.index(b'"ciphertext": "') + 20
    data[pos] = ord("A") if data[pos] != ord("A") else ord("B")
    (vault_path / HEADER_FILE).write_bytes(bytes(data))
    with pytest.raises(DamagedFile, match="key file is damaged"):
        Vault.open(vault_path, passphrase=PASSPHRASE)


def test_missing_database(vault: Vault, vault_path: Path) -> None:
    vault.lock()
    (vault_path / DB_FILE).unlink()
    with pytest.raises(DamagedFile):
        Vault.open(vault_path, passphrase=PASSPHRASE)


def test_marker_never_on_disk_in_clear(vault: Vault, vault_path: Path) -> None:
    """A string written into the vault is absent from every byte on disk, WAL included."""
    with vault.transaction():
        for i in range(200):
            vault.db.execute(
                "INSERT INTO meta(key, value) VALUES (?, ?)", (f"k{i}", f"{MARKER} {i}" * 20)
            )
    # While open (the WAL holds the writes) and after closing.
    wal = vault_path / (DB_FILE + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    for needle in (MARKER.encode(), MARKER.encode("utf-16-le")):
        assert needle not in all_bytes_under(vault_path)
    vault.lock()
    for needle in (MARKER.encode(), MARKER.encode("utf-16-le")):
        assert needle not in all_bytes_under(vault_path)
    assert not (vault_path / DB_FILE).read_bytes().startswith(b"SQLite format 3")


def test_kdf_parameters_never_below_rfc9106(vault: Vault) -> None:
    kdf = vault.header.kdf
    assert kdf.memory_kib >= 64 * 1024 and kdf.time_cost >= 3 and kdf.parallelism >= 4
    with pytest.raises(InvalidInput):
        Vault.create(
            vault.path.parent / "weak",
            PASSPHRASE,
            kdf=keys.KdfParams(memory_kib=1024, time_cost=1, parallelism=1, salt="00" * 16),
        )


def test_weak_kdf_is_upgraded_at_next_unlock(vault: Vault, vault_path: Path) -> None:
    """A vault from a build that used weaker parameters is strengthened when opened."""
    weak = keys.KdfParams(memory_kib=8 * 1024, time_cost=1, parallelism=1, salt="11" * 16)
    vault.keyring.rewrap(keyring.PassphraseSlot(PASSPHRASE, weak))  # as an older build wrote it
    vault.lock()
    assert header.read(vault_path / HEADER_FILE).kdf.is_weaker_than_floor()
    with Vault.open(vault_path, passphrase=PASSPHRASE) as v:
        events = [r[0] for r in v.db.execute("SELECT event FROM audit")]
        assert "key derivation strengthened" in events
    upgraded = header.read(vault_path / HEADER_FILE).kdf
    assert not upgraded.is_weaker_than_floor()
    assert upgraded.salt != weak.salt
    Vault.open(vault_path, passphrase=PASSPHRASE).lock()


def test_calibration_meets_the_floor() -> None:
    params = keys.calibrate(target_seconds=0.05)
    assert not params.is_weaker_than_floor()


def test_lock_drops_key_material(vault: Vault) -> None:
    key_ref = vault.keyring.data_key
    assert any(key_ref)
    with vault.keyring.lend() as lent:
        assert lent == key_ref and lent is not key_ref
    assert not any(lent)  # the copy lent for one job was zeroed after it
    vault.lock()
    assert not vault.keyring.held
    assert not any(key_ref)  # the bytearray we held was zeroed
    with pytest.raises(RuntimeError):
        vault.key_for("audit")


def test_creating_a_vault_leaves_the_parent_folder_alone(tmp_path: Path) -> None:
    """A vault made in a shared folder (e.g. /tmp) must not change that folder's permissions."""
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    vault, _ = Vault.create(shared / "v.safefile", PASSPHRASE, kdf=keys.KdfParams.minimum())
    vault.lock()
    assert shared.stat().st_mode & 0o7777 == 0o1777
    nested = tmp_path / "a" / "b" / "v.safefile"
    vault, _ = Vault.create(nested, PASSPHRASE, kdf=keys.KdfParams.minimum())
    vault.lock()
    for folder in (tmp_path / "a", tmp_path / "a" / "b", nested):
        assert folder.stat().st_mode & 0o077 == 0, folder
