"""A vault of every earlier schema version opens and is migrated in one transaction.

Fixtures are generated here, not by hand and not committed: a vault at version n
is what an older SafeFile made, i.e. the current vault folder with only the first
n migrations applied (tests/schema_fixtures.py, runnable to make one for inspection).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from safefile.clock import FixedClock
from safefile.store import checkup, database, header, schema
from safefile.store.layout import DB_FILE, HEADER_FILE
from safefile.store.vault import Vault
from tests.conftest import PASSPHRASE
from tests.schema_fixtures import _data_key, make_vault_at_version


@pytest.mark.parametrize("version", range(1, schema.SCHEMA_VERSION))
def test_every_earlier_schema_opens_and_migrates(
    tmp_path: Path, version: int, clock: FixedClock
) -> None:
    path = tmp_path / f"v{version}.safefile"
    make_vault_at_version(path, version)
    with Vault.open(path, passphrase=PASSPHRASE, clock=clock) as vault:
        assert schema.version_of(vault.db) == schema.SCHEMA_VERSION
        tables = {r[0] for r in vault.db.execute("SELECT name FROM sqlite_master")}
        assert {"clients", "releases", "disclosures"} <= tables
        assert checkup.check(vault).ok


def test_failed_migration_leaves_the_old_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "v1.safefile"
    make_vault_at_version(path, 1)
    broken = [*schema.MIGRATIONS[:1], [*schema.MIGRATIONS[1][:3], "THIS IS NOT SQL"]]
    monkeypatch.setattr(schema, "MIGRATIONS", broken)
    monkeypatch.setattr(schema, "SCHEMA_VERSION", len(broken))
    with pytest.raises(Exception):  # noqa: B017 - any failure must roll back
        Vault.open(path, passphrase=PASSPHRASE)
    monkeypatch.undo()
    hdr = header.read(path / HEADER_FILE)
    conn = database.connect(path / DB_FILE, _data_key(hdr))
    try:
        assert schema.version_of(conn) == 1
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert "households" not in tables
    finally:
        conn.close()
