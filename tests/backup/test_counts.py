"""A backup's counts come from ``row_counts`` (store/migrations/backup_counts.py), kept by
triggers as the rows are written: they must be exactly ``count(*)`` whatever was written,
deleted or destroyed, and right from the start in a vault made before them."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

from safefile import records
from safefile.backup import make_backup
from safefile.backup.core import COUNTED, _counts
from safefile.clock import FixedClock
from safefile.records.models import ClientIn, NoteIn, ServiceIn
from safefile.retention import closing, destroy, plan
from safefile.store import database, header, schema
from safefile.store.keyring import unwrap_data_key
from safefile.store.layout import DB_FILE, HEADER_FILE
from safefile.store.migrations import backup_counts
from safefile.store.vault import Vault
from tests.backup.test_backup import fill
from tests.conftest import PASSPHRASE


def kept(vault: Vault) -> dict[str, int]:
    return dict(vault.db.execute("SELECT name, n FROM row_counts").fetchall())


def _a_file(vault: Vault, rng: random.Random, i: int) -> int:
    c = records.add_client(
        vault,
        ClientIn.from_input({"name": f"P{i}", "intake_date": "2023-01-05"}),
        actor=vault.actor,
    )
    for _ in range(rng.randint(0, 3)):
        records.add_service(
            vault,
            ServiceIn.from_input(
                {"client_id": c, "on_date": "2023-02-01", "type": records.service_types(vault)[0]}
            ),
            actor=vault.actor,
        )
    for kind in rng.sample(["progress", "process"], rng.randint(0, 2)):
        records.add_note(
            vault,
            NoteIn.from_input(
                {"client_ids": [c], "kind": kind, "data": "d", "on_date": "2023-02-01"}
            ),
            sign=rng.random() < 0.5,
            actor=vault.actor,
        )
    if rng.random() < 0.5:
        records.attach(vault, c, b"scan", title="letter", actor=vault.actor)
    return c


def test_kept_counts_are_count_star_after_a_random_mix(vault: Vault, tmp_path: Path) -> None:
    rng = random.Random(30)
    fill(vault)  # releases, disclosures, an addendum, an organisation
    files = [_a_file(vault, rng, i) for i in range(12)]
    assert kept(vault) == _counts(vault.db)
    # Rows deleted directly (a client with nothing of theirs kept, the way a draft goes)...
    bare = [
        records.add_client(vault, ClientIn.from_input({"name": f"B{i}"}), actor=vault.actor)
        for i in range(5)
    ]
    with vault.transaction():
        for c in rng.sample(bare, 3):
            vault.db.execute("DELETE FROM clients WHERE id = ?", (c,))
    assert kept(vault) == _counts(vault.db)
    # ... and whole files destroyed by retention (cascades, documents, redacted entries).
    gone = rng.sample(files, 7)
    for c in gone:
        closing.close_file(vault, c, date(2024, 3, 1), "services ended", actor=vault.actor)
    result = destroy.apply(vault, plan.due(vault), actor=vault.actor)
    assert result.files == 7
    for c in rng.sample([c for c in files if c not in gone], 3):  # more after a destruction
        records.add_service(
            vault,
            ServiceIn.from_input(
                {"client_id": c, "on_date": "2026-02-01", "type": records.service_types(vault)[0]}
            ),
            actor=vault.actor,
        )
    now = _counts(vault.db)
    assert kept(vault) == now and now["clients"] == 1 + 12 + 2 - 7
    info = make_backup(vault, tmp_path / "b.sfbackup")
    assert info.counts == {t: now[t] for t in COUNTED}  # (the backup's entry comes after)


def test_a_vault_made_before_the_counts_gets_them_right(
    vault: Vault, vault_path: Path, clock: FixedClock
) -> None:
    rng = random.Random(7)
    fill(vault)
    for i in range(4):
        _a_file(vault, rng, i)
    vault.lock()
    # As SafeFile left it before the counts: no table, no triggers, the version before.
    conn = database.connect(
        vault_path / DB_FILE,
        unwrap_data_key(header.read(vault_path / HEADER_FILE), passphrase=PASSPHRASE),
    )
    try:
        triggers = [
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE name LIKE 'row_counts_%'")
        ]
        for name in triggers:
            conn.execute(f'DROP TRIGGER "{name}"')
        conn.execute("DROP TABLE row_counts")
        # (the migrations after it run again too: each of them rebuilds what it made)
        before = schema.MIGRATIONS.index(backup_counts.STATEMENTS)
        conn.execute(f"PRAGMA user_version = {before}")
    finally:
        conn.close()
    with Vault.open(vault_path, passphrase=PASSPHRASE, clock=clock) as reopened:
        assert schema.version_of(reopened.db) == schema.SCHEMA_VERSION
        assert kept(reopened) == _counts(reopened.db)
        assert _counts(reopened.db)["clients"] == 5
