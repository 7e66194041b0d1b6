"""Making a new vault: its key file, its database with the schema, the first audit
entry and the first seal, built in a hidden staging folder beside it and renamed into
place whole (a crash leaves nothing under the vault's name; the next creation or opening
removes the staging folder). store/vault.Vault.create opens what this makes."""

from __future__ import annotations

import json
import os
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

from safefile.clock import Clock, iso_now, local_zone_name
from safefile.errors import InvalidInput
from safefile.fsutil import (
    IN_USE,
    fsync_dir,
    hold_staging,
    private_mkdir,
    refuse_inside_vault,
    release_staging,
    remove_stale_staging,
    staging_folders_beside,
)
from safefile.passphrase import require_acceptable
from safefile.store import audit, calibration, database, header, keyring, keys, schema, seal
from safefile.store.connection import Connection
from safefile.store.layout import DB_FILE, DOCUMENTS_DIR, HEADER_FILE
from safefile.store.lockfile import READERS_FILE


@dataclass
class Made:
    """A vault just made, closed: where, its key file, its data key (the vault that opens
    it holds it from then on) and its recovery key (shown once), if it has one."""

    path: Path
    header: header.Header
    data_key: bytearray
    recovery_key: str | None


def create(
    path: Path,
    passphrase: str,
    *,
    with_recovery_key: bool,
    kdf: keys.KdfParams | None,
    clock: Clock,
    user_name: str,
    page_format: int,
) -> Made:
    """Make a vault at ``path`` (a new name or an empty folder)."""
    path = refuse_inside_vault(path, allow_vault_itself=True)
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise InvalidInput(
            f"There is already something at {path}. Choose a new name or an empty folder."
        )
    require_acceptable(passphrase)
    params = kdf or keys.params_for_new_vault()
    if params.is_weaker_than_floor():
        raise InvalidInput("The key derivation parameters are weaker than SafeFile allows.")
    data_key = keys.new_data_key()
    vault_id = secrets.token_hex(16)
    recovery_text: str | None = None
    hdr = header.Header(
        vault_id=vault_id,
        format_version=page_format,
        created=iso_now(clock),
        kdf=params,
        passphrase_wrap=header.Wrapped.model_construct(nonce="", ciphertext=""),
    )
    hdr = keyring.PassphraseSlot(passphrase, params).wrap(hdr, data_key)
    calibration.remember(vault_id, params)
    if with_recovery_key:
        recovery_text = keys.new_recovery_key()
        hdr = keyring.RecoverySlot(recovery_text).wrap(hdr, data_key)

    private_mkdir(path.parent)
    remove_stale_staging(staging_folders_beside(path))
    staging = path.parent / f".{path.name}.creating-{secrets.token_hex(4)}"
    private_mkdir(staging)
    held = hold_staging(staging)
    try:
        private_mkdir(staging / DOCUMENTS_DIR)
        # Create the database file private first: SQLite gives its -wal and
        # -shm files the database file's permissions, whatever the umask.
        os.close(os.open(staging / DB_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        os.close(os.open(staging / READERS_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        conn = database.connect(staging / DB_FILE, data_key, create=True, page_format=page_format)
        try:
            schema.migrate(conn)
            with database.transaction(conn):
                set_meta(conn, "created", hdr.created)
                set_meta(conn, "vault_id", vault_id)
                set_meta(conn, "user_name", user_name)
                set_meta(conn, "time_zone", local_zone_name())
                audit.append(
                    conn,
                    keys.subkey(data_key, audit.PURPOSE),
                    at=iso_now(clock),
                    actor=user_name,
                    event="vault created",
                    client_id=None,
                    # (in the order written since the first vault: not detail_text's)
                    detail=json.dumps(
                        {"recovery_key": with_recovery_key, "kdf_time_cost": params.time_cost}
                    ),
                )
                seal_key = keys.subkey(data_key, seal.PURPOSE)
                first = seal.seal_now(conn, seal_key, vault_id)
        finally:
            conn.close()  # checkpoints the WAL into vault.db
        if first is not None:
            seal.write_file(staging, vault_id, first, seal_key)
        header.write(staging / HEADER_FILE, hdr)
        (staging / IN_USE).unlink()
        if path.exists():
            path.rmdir()
        os.rename(staging, path)
        fsync_dir(path.parent)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        keys.wipe(data_key)
        raise
    finally:
        release_staging(held)
    return Made(path, hdr, data_key, recovery_text)


def set_meta(conn: Connection, key: str, value: str) -> None:
    """One setting of the ``meta`` table, added or replaced (in the caller's transaction)."""
    conn.execute(
        "INSERT INTO meta(key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )
