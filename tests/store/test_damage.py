"""A byte flipped anywhere in the database gives a 'damaged' error and changes nothing."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from safefile.errors import DamagedFile
from safefile.store.vault import DB_FILE, Vault
from tests.conftest import PASSPHRASE


@pytest.fixture
def closed_vault(vault: Vault, vault_path: Path) -> Path:
    with vault.transaction():
        for i in range(300):
            vault.db.execute(
                "INSERT INTO meta(key, value) VALUES (?, ?)", (f"filler{i}", "x" * 400)
            )
    vault.lock()
    return vault_path


def _flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.mark.slow
def test_byte_flips_anywhere_are_detected(closed_vault: Path) -> None:
    db = closed_vault / DB_FILE
    original = db.read_bytes()
    size = len(original)
    page = 4096
    rng = random.Random(1234)
    # The salt, the first page's header, every page's start and end, and random places.
    offsets = {0, 15, 16, 100, page - 1, size - 1}
    pages = size // page
    offsets |= {p * page for p in range(0, pages, 5)}
    offsets |= {p * page + page - 1 for p in range(2, pages, 7)}
    offsets |= {rng.randrange(size) for _ in range(12)}
    for offset in sorted(offsets):
        _flip(db, offset)
        damaged = db.read_bytes()
        with pytest.raises(DamagedFile, match="damaged"):
            Vault.open(closed_vault, passphrase=PASSPHRASE)
        assert db.read_bytes() == damaged, f"opening changed the damaged file (offset {offset})"
        assert (
            not (closed_vault / (DB_FILE + "-wal")).exists()
            or (closed_vault / (DB_FILE + "-wal")).stat().st_size == 0
        )
        db.write_bytes(original)
    Vault.open(closed_vault, passphrase=PASSPHRASE).lock()


def test_database_swapped_from_another_vault(closed_vault: Path, tmp_path: Path) -> None:
    from safefile.store import keys

    other, _ = Vault.create(tmp_path / "other.safefile", PASSPHRASE, kdf=keys.KdfParams.minimum())
    other.lock()
    (closed_vault / DB_FILE).write_bytes((tmp_path / "other.safefile" / DB_FILE).read_bytes())
    with pytest.raises(DamagedFile):
        Vault.open(closed_vault, passphrase=PASSPHRASE)
