"""Generate a vault at an earlier schema version, as an older SafeFile left it.

python -m tests.schema_fixtures PATH VERSION   (passphrase: tests.conftest.PASSPHRASE)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from safefile.store import database, header, keys, schema
from safefile.store.keyring import unwrap_data_key
from safefile.store.layout import DB_FILE, HEADER_FILE
from safefile.store.seal import SEAL_FILE
from safefile.store.vault import Vault
from tests.conftest import PASSPHRASE


def make_vault_at_version(path: Path, version: int) -> None:
    """A vault as SafeFile with schema ``version`` left it (see scripts/make_schema_fixture.py)."""
    vault, recovery = Vault.create(path, PASSPHRASE, kdf=keys.KdfParams.minimum())
    vault.lock()
    hdr = header.read(path / HEADER_FILE)
    key = unwrap_data_key(hdr, recovery_key=recovery)  # no second Argon2id derivation
    (path / DB_FILE).unlink()
    (path / SEAL_FILE).unlink()  # SafeFile before the security seal wrote none
    os.close(os.open(path / DB_FILE, os.O_WRONLY | os.O_CREAT, 0o600))
    conn = database.connect(path / DB_FILE, key, create=True)
    schema.migrate(conn, target=version)
    conn.execute("INSERT INTO meta(key, value) VALUES ('vault_id', ?)", (hdr.vault_id,))
    conn.close()


def _data_key(hdr: header.Header) -> bytearray:
    return unwrap_data_key(hdr, passphrase=PASSPHRASE)


if __name__ == "__main__":
    make_vault_at_version(Path(sys.argv[1]), int(sys.argv[2]))
