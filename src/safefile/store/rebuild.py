"""The one way the database is rebuilt: a new key, a new page format, or both.

Used by the re-key (``passwd --rekey``: someone else may know the passphrase), by
issuing a new recovery key (which re-keys too, so an old key file plus the old
recovery key no longer opens today's data), and by the one-time move of an older
vault to the faster page format (store/database.py: ``PAGE_FORMAT``).

``PRAGMA rekey`` is not used: it rewrites every page in one transaction, grows the
WAL to the size of the database, reports success when it rolled back, and cannot
be atomic with ``vault.json``.  Instead, under the vault's exclusive lock:

1. the vault is checked (every page, the structure, both chains); a damaged vault
   is never rebuilt;
2. ``sqlcipher_export`` copies it into a staging folder ``VAULT/.rebuild-XXXX/``
   holding the new ``vault.db`` (and, for a new key, the re-sealed ``documents/``
   and the chains re-signed with the new key) and the new ``vault.json``;
3. the staging copy is opened and checked like a restore: every page, the
   structure, the chains, the vault id and the number of rows of every table;
4. the vault's connection is closed (its WAL is checkpointed and removed), the
   staging folder is renamed ``VAULT/.rebuild-ready`` (the commit point), and its
   files are moved over the vault's: ``vault.db``, then ``documents/``, then
   ``vault.json``.

A crash before the commit point leaves the old vault untouched, and the staging
folder is removed at the next open.  A crash after it leaves ``.rebuild-ready``,
which the next open (holding the lock, before it reads the key file) finishes
moving into place: every step is a rename that can be repeated.  Either way the
vault opens, with the old key file and database or the new ones, never a mix.
See docs/decisions.md.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from safefile.errors import AlreadyOpen, DamagedFile, InvalidInput
from safefile.fsutil import fsync_dir, private_mkdir
from safefile.store import chain, database, header, keys, seal, signatures
from safefile.store.connection import Connection
from safefile.store.layout import (
    DB_FILE,
    DOCUMENTS_DIR,
    HEADER_FILE,
    LOCK_FILE,
    READY,
    STAGING_PREFIX,
)
from safefile.store.lockfile import VaultLock

OLD_DOCUMENTS = "documents.old"
DOC_MAGIC = b"SFDOC1"  # records/documents.py
CHANGED_WHILE_OPENING = (
    "The vault's key was changed by another SafeFile window or command while this one "
    "was opening it. Try again."
)


def finish_interrupted(path: Path, *, reader: bool = False) -> None:
    """Finish (or drop) a rebuild a crash interrupted, holding the lock for that moment.

    A ``reader`` does it too when nobody holds the writer's lock nor the readers' (the
    rebuild's every step is a rename that can be repeated); when someone does, or the
    disk takes no writes, it leaves it and reads the key file that matches the database
    in place (``layout.key_file_of``).
    """
    if not any(path.glob(f"{STAGING_PREFIX}*")):
        return
    lock = VaultLock(path / LOCK_FILE)
    try:
        lock.acquire()
    except (AlreadyOpen, OSError):
        if reader:
            return
        raise
    try:
        if not reader:
            recover(path)
            return
        with contextlib.suppress(AlreadyOpen, OSError), lock.without_readers():
            if (path / READY).is_dir():
                recover(path)
    finally:
        lock.release()


def recover(path: Path) -> None:
    """At open, holding the lock: finish a committed rebuild, drop an unfinished one."""
    for stale in path.glob(f"{STAGING_PREFIX}*"):
        if stale.name != READY:
            shutil.rmtree(stale, ignore_errors=True)
    if (path / READY).is_dir():
        _roll_forward(path)


def _roll_forward(path: Path) -> None:
    ready = path / READY
    if (ready / DB_FILE).exists():
        for side in ("-wal", "-shm"):  # the old database's, empty: it was closed cleanly
            (path / f"{DB_FILE}{side}").unlink(missing_ok=True)
        os.replace(ready / DB_FILE, path / DB_FILE)
    if (ready / DOCUMENTS_DIR).is_dir():
        if (path / DOCUMENTS_DIR).exists() and not (ready / OLD_DOCUMENTS).exists():
            os.rename(path / DOCUMENTS_DIR, ready / OLD_DOCUMENTS)
        os.rename(ready / DOCUMENTS_DIR, path / DOCUMENTS_DIR)
    if (ready / seal.SEAL_FILE).exists():  # before the key file: the new key's seal
        os.replace(ready / seal.SEAL_FILE, path / seal.SEAL_FILE)
    if (ready / HEADER_FILE).exists():
        os.replace(ready / HEADER_FILE, path / HEADER_FILE)
    fsync_dir(path)
    shutil.rmtree(ready, ignore_errors=True)
    fsync_dir(path)


def _table_counts(conn: Connection) -> dict[str, int]:
    names = [
        str(r[0])
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {n: int(conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0]) for n in names}  # noqa: S608


def _problems(conn: Connection, key: bytes | bytearray) -> list[str]:
    problems = database.integrity_problems(conn, structure=True)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    for ch in chain.ALL:
        if ch.table in tables:
            problems += ch.verify(conn, keys.subkey(key, ch.table))
    # The staff signatures too (issue 28): a vault with a forged entry is never rebuilt,
    # and the rebuilt copy must keep every signature (they do not cover the chains' MAC).
    problems += signatures.problems(conn)[0]
    return problems


def _rechain(conn: Connection, new_key: bytes | bytearray) -> None:
    """Sign both chains again with the new key (after the old signatures were checked).

    The append-only triggers are dropped and made again around the change, inside
    the one transaction that rewrites the chain: the staging copy is private to
    this process until it is checked and renamed into place.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        for ch in chain.ALL:
            triggers = conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE type='trigger' AND tbl_name=?",
                (ch.table,),
            ).fetchall()
            if not conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (ch.table,)
            ).fetchone():
                continue
            for name, _ in triggers:
                conn.execute(f'DROP TRIGGER "{name}"')
            # sealed and redacted entries are signed again as chain.py defines them
            ch.rechain(conn, keys.subkey(new_key, ch.table))
            for _, sql in triggers:
                conn.execute(sql)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _reseal(conn: Connection, new_key: bytes | bytearray, staging: Path, vault_id: str) -> None:
    """Sign the security state's seal again with the new key (store/seal.py), and stage
    its file to be moved into place with the database."""
    key = keys.subkey(new_key, seal.PURPOSE)
    conn.execute("BEGIN IMMEDIATE")
    try:
        resigned = seal.resign(conn, key, vault_id)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    if resigned is not None:
        seal.write_file(staging, vault_id, resigned, key)


def _reseal_documents(src: Path, dest: Path, old_key: bytes, new_key: bytes) -> int:
    """Each document decrypted with the old key and sealed with the new, into ``dest``."""
    private_mkdir(dest)
    n = 0
    if not src.is_dir():
        return n
    old, new = AESGCM(old_key), AESGCM(new_key)
    for doc in sorted(src.iterdir()):
        if not doc.is_file() or doc.name.startswith("."):
            continue
        sealed = doc.read_bytes()
        if not sealed.startswith(DOC_MAGIC):
            raise DamagedFile(database.DAMAGED)
        nonce, ct = sealed[len(DOC_MAGIC) : len(DOC_MAGIC) + 12], sealed[len(DOC_MAGIC) + 12 :]
        try:
            data = old.decrypt(nonce, ct, doc.name.encode())
        except InvalidTag:
            raise DamagedFile(database.DAMAGED) from None
        fresh = os.urandom(12)
        fd = os.open(dest / doc.name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(DOC_MAGIC + fresh + new.encrypt(fresh, data, doc.name.encode()))
            out.flush()
            os.fsync(out.fileno())
        n += 1
    fsync_dir(dest)
    return n


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def rebuild(
    path: Path,
    conn: Connection,
    old_key: bytearray,
    old_header: header.Header,
    *,
    new_key: bytearray | None,
    page_format: int,
    make_header: Callable[[header.Header], header.Header],
) -> tuple[Connection, header.Header]:
    """Rebuild the open vault at ``path`` (see the module's docstring).

    ``conn`` is the vault's open connection; it is closed here.  Returns the new
    connection and key file.  On any failure before the commit point the vault is
    as it was and ``conn`` is still open; the error is raised.
    """
    if conn.in_transaction:
        raise RuntimeError("a rebuild cannot start inside a transaction")
    key = new_key if new_key is not None else old_key
    problems = _problems(conn, old_key)
    if problems:
        raise DamagedFile(database.DAMAGED)
    before = _table_counts(conn)
    user_version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    staging = path / f"{STAGING_PREFIX}{os.urandom(4).hex()}"
    private_mkdir(staging)
    new_conn: Connection | None = None
    try:
        target = staging / DB_FILE
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        conn.execute(f"ATTACH DATABASE ? AS rebuilt KEY \"x'{bytes(key).hex()}'\"", (str(target),))
        try:
            for pragma in database.page_format_pragmas(page_format, "rebuilt"):
                conn.execute(pragma)
            conn.execute("SELECT sqlcipher_export('rebuilt')")
            conn.execute(f"PRAGMA rebuilt.user_version = {user_version}")
            conn.execute(f"PRAGMA rebuilt.application_id = {database.APPLICATION_ID}")
        finally:
            conn.execute("DETACH DATABASE rebuilt")
        if new_key is not None:
            _reseal_documents(
                path / DOCUMENTS_DIR,
                staging / DOCUMENTS_DIR,
                keys.subkey(old_key, "documents"),
                keys.subkey(new_key, "documents"),
            )
        new_conn = database.connect(target, key, page_format=page_format)
        if new_key is not None:
            _rechain(new_conn, new_key)
            _reseal(new_conn, new_key, staging, old_header.vault_id)
        problems = _problems(new_conn, key)
        if problems or _table_counts(new_conn) != before:
            raise DamagedFile(
                "The rebuilt copy of the vault did not check out, so it was not used. "
                "Nothing was changed."
            )
        stored = new_conn.execute("SELECT value FROM meta WHERE key='vault_id'").fetchone()
        if stored is None or stored[0] != old_header.vault_id:
            raise DamagedFile(database.DAMAGED)
        new_conn.close()  # checkpoints its WAL into the file
        new_conn = None
        if (staging / f"{DB_FILE}-wal").exists():
            raise InvalidInput(
                "The rebuilt database could not be closed cleanly. Nothing was changed."
            )
        _fsync_file(target)
        new_header = make_header(old_header)
        header.write(staging / HEADER_FILE, new_header)
        fsync_dir(staging)
        # Close the vault's own connection: SQLite checkpoints its WAL and removes it.
        conn.close()
    except BaseException:
        if new_conn is not None:
            with contextlib.suppress(Exception):
                new_conn.close()
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if (path / f"{DB_FILE}-wal").exists() and (path / f"{DB_FILE}-wal").stat().st_size:
        # Another connection kept the WAL alive: the old file is not whole on its own.
        shutil.rmtree(staging, ignore_errors=True)
        raise InvalidInput(
            "The vault is in use by another SafeFile window or command. Close it there "
            "and try again. Nothing was changed."
        )
    os.rename(staging, path / READY)  # the commit point
    fsync_dir(path)
    _roll_forward(path)
    return database.connect(path / DB_FILE, key, page_format=page_format), new_header
