"""A byte flipped anywhere in the database gives a 'damaged' error and changes nothing.

The whole-file check runs in the background after unlock (issue 18): a damaged page
that opening does not read is found by that check, before anything is written.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from safefile.errors import DamagedFile
from safefile.store import database
from safefile.store.layout import DB_FILE
from safefile.store.vault import Vault
from tests.conftest import PASSPHRASE, Cli


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


@pytest.fixture
def recovery(new_vault: tuple[Vault, str]) -> str:
    """The recovery key of ``closed_vault``: it unwraps the data key without Argon2, for
    the many openings that only look for damage (which the database finds, after either
    slot has unwrapped the key)."""
    return new_vault[1]


def _wal_empty(vault_path: Path) -> bool:
    wal = vault_path / (DB_FILE + "-wal")
    return not wal.exists() or wal.stat().st_size == 0


def _open_then_write(vault_path: Path, recovery_key: str | None = None) -> None:
    """Open and make the first write; DamagedFile from either (the vault is then locked).
    With the passphrase, or ``recovery_key`` (the data key unwrapped without Argon2: the
    database's own checks are the same whichever slot gave the key)."""
    vault = (
        Vault.open(vault_path, recovery_key=recovery_key)
        if recovery_key
        else Vault.open(vault_path, passphrase=PASSPHRASE)
    )
    try:
        vault.audit("something written after unlock", actor=vault.actor)
    except DamagedFile:
        assert not vault.is_open, "a failed check must lock the vault"
        raise
    finally:
        vault.lock()


def _page_opening_does_not_read(vault_path: Path, recovery: str | None = None) -> int:
    """A page of the database whose damage opening itself does not notice."""
    db = vault_path / DB_FILE
    original = db.read_bytes()
    for page in reversed(range(len(original) // PAGE)):
        _flip(db, page * PAGE + PAGE // 2)
        try:
            opened = (
                Vault.open(vault_path, recovery_key=recovery)
                if recovery
                else Vault.open(vault_path, passphrase=PASSPHRASE)
            )
            opened.lock()  # writes nothing: damaged
        except DamagedFile:
            continue
        finally:
            db.write_bytes(original)
        return page
    raise AssertionError("opening read every page: the check is not in the background")


PAGE = 4096


@pytest.mark.slow
def test_byte_flips_anywhere_are_detected(closed_vault: Path, recovery: str) -> None:
    """About 170 flips: the fixed places are opened with the passphrase, the many others
    with the recovery key, whose unwrap takes no Argon2 (the flip is in the database,
    whose checks come after either unwrap)."""
    db = closed_vault / DB_FILE
    original = db.read_bytes()
    size = len(original)
    page = 4096
    rng = random.Random(1234)
    # The salt, the first page's header, every page's start and end, and random places.
    fixed = {0, 15, 16, 100, page - 1, size - 1}
    offsets = set(fixed)
    pages = size // page
    offsets |= {p * page for p in range(0, pages, 5)}
    offsets |= {p * page + page - 1 for p in range(2, pages, 7)}
    offsets |= {rng.randrange(size) for _ in range(12)}
    for offset in sorted(offsets):
        _flip(db, offset)
        damaged = db.read_bytes()
        with pytest.raises(DamagedFile, match="damaged"):
            _open_then_write(closed_vault, None if offset in fixed else recovery)
        assert db.read_bytes() == damaged, f"opening changed the damaged file (offset {offset})"
        assert _wal_empty(closed_vault)
        db.write_bytes(original)
    Vault.open(closed_vault, passphrase=PASSPHRASE).lock()


def test_database_swapped_from_another_vault(closed_vault: Path, tmp_path: Path) -> None:
    from safefile.store import keys

    other, _ = Vault.create(tmp_path / "other.safefile", PASSPHRASE, kdf=keys.KdfParams.minimum())
    other.lock()
    (closed_vault / DB_FILE).write_bytes((tmp_path / "other.safefile" / DB_FILE).read_bytes())
    with pytest.raises(DamagedFile):
        Vault.open(closed_vault, passphrase=PASSPHRASE)


def _unlock_entries(vault_path: Path) -> int:
    with Vault.open(vault_path, passphrase=PASSPHRASE) as v:
        v.settle()
        return int(
            v.db.execute("SELECT count(*) FROM audit WHERE event = 'vault unlocked'").fetchone()[0]
        )


def test_a_changed_vault_is_never_written_after_unlock(closed_vault: Path, recovery: str) -> None:
    """Opening succeeds (the check runs in the background), reads of sound pages work,
    and the first write waits for the check, which fails: refused, locked, unchanged."""
    page = _page_opening_does_not_read(closed_vault, recovery)
    unlocks_before = _unlock_entries(closed_vault)
    db = closed_vault / DB_FILE
    _flip(db, page * PAGE + 100)
    damaged = db.read_bytes()

    vault = Vault.open(closed_vault, passphrase=PASSPHRASE)  # in the KDF's time
    assert not vault.checked
    assert vault.db.execute("SELECT value FROM meta WHERE key = 'vault_id'").fetchone()
    with pytest.raises(DamagedFile, match="damaged or has been changed"):
        vault.audit("client list viewed", actor=vault.actor)
    assert not vault.is_open
    vault.lock()  # locking again is harmless
    assert db.read_bytes() == damaged
    assert _wal_empty(closed_vault)

    db.write_bytes(bytes(_unflip(damaged, page * PAGE + 100)))
    # Nothing of the damaged session reached the audit trail, not even the unlock;
    # the check above added exactly one unlock entry of its own.
    assert _unlock_entries(closed_vault) == unlocks_before + 1


def _unflip(data: bytes, offset: int) -> bytearray:
    fixed = bytearray(data)
    fixed[offset] ^= 0x01
    return fixed


def test_writes_through_sql_are_refused_until_the_check_passes(
    closed_vault: Path, recovery: str
) -> None:
    """A write that does not go through Vault.transaction is refused by the connection."""
    page = _page_opening_does_not_read(closed_vault, recovery)
    db = closed_vault / DB_FILE
    _flip(db, page * PAGE + 100)
    damaged = db.read_bytes()
    vault = Vault.open(closed_vault, passphrase=PASSPHRASE)
    try:
        with pytest.raises(database.DatabaseError, match="not authorized"):
            vault.db.execute("INSERT INTO meta(key, value) VALUES ('x', 'y')")
        with pytest.raises(database.DatabaseError, match="not authorized"):
            vault.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        vault.lock()
    assert db.read_bytes() == damaged


def test_a_sound_vault_records_the_unlock_at_its_time(closed_vault: Path) -> None:
    vault = Vault.open(closed_vault, passphrase=PASSPHRASE)
    vault.settle()
    assert vault.checked
    # allowed now (a table outside the sealed security state: store/seal.py)
    vault.db.execute("INSERT INTO tombstones VALUES ('x', 'file', '2026-01-01')")
    vault.lock()
    assert _unlock_entries(closed_vault) == 2  # this one and the counting one


def test_the_command_line_reports_the_damage(closed_vault: Path, recovery: str, cli: Cli) -> None:
    page = _page_opening_does_not_read(closed_vault, recovery)
    db = closed_vault / DB_FILE
    _flip(db, page * PAGE + 100)
    damaged = db.read_bytes()
    vault = str(closed_vault)
    for args in (
        ["client", "list", vault],
        ["org", "list", vault],  # reads only: the damage is still reported
        ["client", "add", vault, "--name", "Ann Lee"],
        # A writer whose own error comes first (no such entry) still reports the damage.
        ["service", "void", vault, "99", "--reason", "typo"],
        ["own-copy", "extend", vault, "OC-99", "--reason", "r", "--told-on", "2026-01-01"],
    ):
        r = cli(*args, "--passphrase-stdin", stdin=PASSPHRASE + "\n")
        assert r.code == 5, (args, r.err)
        assert "damaged or has been changed" in r.err
        assert r.out == ""
        assert db.read_bytes() == damaged
        assert _wal_empty(closed_vault)
    # The backup checks every page beside its own read of the file (not before it): a
    # damaged vault still gives no backup, not even a partial one.
    dest = closed_vault.parent / "out"
    dest.mkdir()
    r = cli(
        "backup", vault, str(dest / "b.sfbackup"), "--passphrase-stdin", stdin=PASSPHRASE + "\n"
    )
    assert r.code == 5, r.err
    assert "damaged or has been changed" in r.err and r.out == ""
    assert list(dest.iterdir()) == []
    assert db.read_bytes() == damaged


def test_a_check_that_could_not_run_is_not_a_pass(closed_vault: Path, recovery: str) -> None:
    """When the background check cannot run (busy, no room for its index), the vault
    checks itself on its own connection before the first write: damage is still found,
    and a sound vault is not called damaged."""
    page = _page_opening_does_not_read(closed_vault, recovery)
    vault = Vault.open(closed_vault, passphrase=PASSPHRASE)
    try:
        assert vault._check is not None
        vault._check.stop()
        vault._check = database.BackgroundCheck(closed_vault / "no-such.db", b"k" * 32)
        assert vault._check.result() == [] and not vault._check.ran
        vault.settle()  # sound: settles on its own connection
        assert vault.checked
    finally:
        vault.lock()
    db = closed_vault / DB_FILE
    _flip(db, page * PAGE + 100)
    damaged = db.read_bytes()
    vault = Vault.open(closed_vault, passphrase=PASSPHRASE)
    assert vault._check is not None
    vault._check.stop()
    vault._check = database.BackgroundCheck(closed_vault / "no-such.db", b"k" * 32)
    with pytest.raises(DamagedFile):
        vault.audit("a write", actor=vault.actor)
    assert not vault.is_open and db.read_bytes() == damaged
