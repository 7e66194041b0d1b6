"""Opening a client's file: its audit entry ("file read") is committed before the file is
returned, without waiting on its own fsync, and made durable at lock (issue 30 item 2,
``Vault.reading_entry``)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any, cast

import pytest

from safefile import records
from safefile.records.models import ClientIn
from safefile.store import checkup, database
from safefile.store.layout import DB_FILE
from safefile.store.vault import Vault
from tests.conftest import PASSPHRASE

WAL = f"{DB_FILE}-wal"


@pytest.fixture
def client(vault: Vault) -> int:
    return records.add_client(
        vault,
        ClientIn.from_input({"name": "Amina Diallo", "case_number": "DV-001"}),
        actor=vault.actor,
    )


def _events(vault: Vault) -> list[tuple[str, int | None]]:
    return [(r[0], r[1]) for r in vault.db.execute("SELECT event, client_id FROM audit")]


def test_the_entry_is_committed_before_the_file_is_returned(vault: Vault, client: int) -> None:
    statements: list[str] = []
    cast(Any, vault.db).set_trace_callback(statements.append)
    f = records.client_file(vault, client, actor=vault.actor)
    cast(Any, vault.db).set_trace_callback(None)
    assert f.client.id == client
    assert not vault.db.in_transaction
    assert _events(vault)[-1] == ("file read", client)
    # Its COMMIT alone ran with synchronous = NORMAL; FULL again right after.
    relaxed = statements[
        statements.index("PRAGMA synchronous = NORMAL") : statements.index(
            "PRAGMA synchronous = FULL"
        )
    ]
    assert relaxed.count("BEGIN IMMEDIATE") == relaxed.count("COMMIT") == 1
    assert relaxed[-1] == "COMMIT"
    assert any(s.startswith("INSERT INTO audit") for s in relaxed)
    assert vault.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_no_file_without_its_entry(vault: Vault, client: int) -> None:
    """A refused entry (here a trigger; a full disk alike) returns nothing of the file,
    and the durable setting is back for the next write."""
    vault.db.execute(
        "CREATE TEMP TRIGGER refuse_reads BEFORE INSERT ON main.audit "
        "WHEN NEW.event = 'file read' BEGIN SELECT RAISE(ABORT, 'refused'); END"
    )
    with pytest.raises(database.IntegrityError, match="refused"):
        records.client_file(vault, client, actor=vault.actor)
    assert ("file read", client) not in _events(vault)
    assert vault.db.execute("PRAGMA synchronous").fetchone()[0] == 2


def test_lock_makes_the_entries_durable_before_it_remembers_the_head(
    vault: Vault, client: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[str] = []
    real = os.fsync

    def fsync(fd: int) -> None:
        synced.append(os.path.basename(os.readlink(f"/proc/self/fd/{fd}")))
        real(fd)

    records.client_file(vault, client, actor=vault.actor)
    monkeypatch.setattr(os, "fsync", fsync)
    vault.lock()
    assert WAL in synced
    # store/seen.py writes what this computer saw (atomically: fsynced) after the log.
    seen = [i for i, name in enumerate(synced) if name.endswith(".part")]
    assert seen, synced
    assert synced.index(WAL) < seen[0]


def _image(src: Path, dest: Path, *, wal_bytes: int | None = None) -> Path:
    """What a crash leaves on disk: the vault's files, the log cut to ``wal_bytes`` (what
    the last fsync made durable; a power loss may drop what follows)."""
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("*.lock", "*-shm", "readers*"))
    if wal_bytes is not None:
        os.truncate(dest / WAL, wal_bytes)
    return dest


def test_a_crash_loses_at_most_the_readings_since_the_last_durable_write(
    vault: Vault, client: int, tmp_path: Path
) -> None:
    records.client_file(
        vault, client, actor=vault.actor
    )  # an earlier reading, then a durable write
    second = records.add_client(
        vault,
        ClientIn.from_input({"name": "Grace Okafor", "case_number": "DV-002"}),
        actor=vault.actor,
    )
    durable = (vault.path / WAL).stat().st_size
    records.client_file(vault, client, actor=vault.actor)
    assert (vault.path / WAL).stat().st_size > durable
    killed = _image(vault.path, tmp_path / "killed.safefile")
    power = _image(vault.path, tmp_path / "power.safefile", wal_bytes=durable)
    for path, reads in ((killed, 2), (power, 1)):
        v = Vault.open(path, passphrase=PASSPHRASE)
        try:
            v.settle()
            assert checkup.check(v).ok, checkup.check(v).problems
            events = _events(v)
            assert events.count(("file read", client)) == reads
            assert records.get_client(v, second).name == "Grace Okafor"
        finally:
            v.lock()


def test_the_seal_file_is_never_ahead_of_what_is_durable(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should a sealed change ever commit inside ``reading_entry`` (clients are sealed),
    the log is fsynced before the seal file moves on: a power loss cannot leave the
    seal ahead of the database, which no opening would accept."""
    synced: list[str] = []
    real = os.fsync

    def fsync(fd: int) -> None:
        synced.append(os.path.basename(os.readlink(f"/proc/self/fd/{fd}")))
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    with vault.reading_entry():
        records.add_client(vault, ClientIn.from_input({"name": "Grace Okafor"}), actor=vault.actor)
    part = [i for i, name in enumerate(synced) if name.endswith(".part")]
    assert WAL in synced and part, synced
    assert synced.index(WAL) < part[0]
