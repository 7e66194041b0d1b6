"""Every foreign key has an index that starts with its columns (issue 30): a delete that
SQLite checks against the key then looks the referring rows up instead of scanning. So
does every column that names a client without a declared key (``client_id``,
``*_client_id``), which retention's destruction follows as it follows the keys."""

from __future__ import annotations

from typing import Any

from safefile.store.vault import Vault


def _unindexed_foreign_keys(db: Any) -> list[str]:
    tables = [
        row[0]
        for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND sql NOT LIKE 'CREATE VIRTUAL%'"
        )
    ]
    missing = []
    for table in tables:
        keys: dict[int, list[str]] = {}
        for fk in db.execute(f"PRAGMA foreign_key_list({table})").fetchall():
            keys.setdefault(fk[0], []).append(fk[3])
        indexes = [
            [col[2] for col in db.execute(f"PRAGMA index_info({index[1]})")]
            for index in db.execute(f"PRAGMA index_list({table})").fetchall()
        ]
        info = db.execute(f"PRAGMA table_info({table})").fetchall()
        for col in (str(c[1]) for c in info):
            names_a_client = col == "client_id" or col.endswith("_client_id")
            if table != "clients" and names_a_client and [col] not in keys.values():
                keys[-len(keys) - 1] = [col]
        indexes.append([col[1] for col in sorted(info, key=lambda c: c[5]) if col[5]])
        for cols in keys.values():
            if not any(index[: len(cols)] == cols for index in indexes):
                missing.append(f"{table}({', '.join(cols)})")
    return missing


def test_every_foreign_key_has_an_index(vault: Vault) -> None:
    assert _unindexed_foreign_keys(vault.db) == []


def test_the_walk_finds_an_unindexed_key(vault: Vault) -> None:
    """The probe: a key with no index is named (so the test above can fail)."""
    vault.db.execute("DROP INDEX services_replaced_by")
    assert _unindexed_foreign_keys(vault.db) == ["services(replaced_by)"]
