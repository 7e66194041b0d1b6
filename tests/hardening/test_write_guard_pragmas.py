"""Until the whole-file check ends, the vault's connection refuses every pragma that
writes (issue 29, F13: ``PRAGMA schema_version`` and ``journal_mode`` went through),
while the pragmas that only read still work."""

from __future__ import annotations

import pytest

from safefile.store import database
from safefile.store.vault import Vault
from tests.conftest import PASSPHRASE

WRITING = [
    "PRAGMA schema_version = 99",
    "PRAGMA journal_mode = DELETE",
    "PRAGMA user_version = 99",
    "PRAGMA application_id = 7",
    "PRAGMA main.page_size = 4096",
    "PRAGMA auto_vacuum = FULL",
    "PRAGMA wal_checkpoint(TRUNCATE)",
    "PRAGMA wal_checkpoint",
    "PRAGMA incremental_vacuum",
    "PRAGMA optimize",
    "PRAGMA writable_schema = ON",
    "PRAGMA legacy_file_format = ON",
]
READING = [
    "PRAGMA schema_version",
    "PRAGMA journal_mode",
    "PRAGMA user_version",
    "PRAGMA table_info(clients)",
    "PRAGMA index_list(clients)",
]


def test_every_writing_pragma_is_refused_before_the_check_ends(vault: Vault) -> None:
    path = vault.path
    vault.lock()
    v = Vault.open(path, passphrase=PASSPHRASE)
    try:
        assert not v.checked
        version = v.db.execute("PRAGMA schema_version").fetchone()[0]
        for sql in WRITING:
            with pytest.raises(database.DatabaseError):
                v.db.execute(sql).fetchall()
        for sql in READING:
            v.db.execute(sql).fetchall()
        assert v.db.execute("PRAGMA schema_version").fetchone()[0] == version
        assert v.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        v.settle()
        v.db.execute("PRAGMA user_version").fetchone()  # allowed from now on
    finally:
        v.lock()
    Vault.open(path, passphrase=PASSPHRASE).lock()
