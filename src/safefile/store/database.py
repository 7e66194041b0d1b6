"""Opening the encrypted database: SQLCipher only, keyed with a raw key, verified.

Settings, chosen for safety and speed (measured figures in docs/performance.md):

* raw 256-bit key (``x'..'``): SQLCipher's own PBKDF2 does not run on top of Argon2id;
* ``temp_store = MEMORY``: sorts and temporary tables never touch the disk;
* ``secure_delete = ON``: deleted content is overwritten, not left in free pages;
* ``journal_mode = WAL`` with ``synchronous = FULL``: readers do not block the
  writer, and a committed write survives a power loss (WAL pages are encrypted
  like the database's own); the one exception, a reading's audit entry, is durable
  at the next write or at lock (``Vault.reading_entry``);
* a 128 MiB page cache: the default 8 MiB makes reads of a large vault about
  three times slower than plain SQLite, 128 MiB brings them level;
* ``cipher_memory_security = OFF``: it wipes and locks every allocation and
  costs far more than it protects here, because Python itself keeps copies of
  keys and decrypted rows that no pragma can wipe (see bench/unlock.py);
* ``foreign_keys = ON``.

At unlock the whole-file HMAC check runs in the background (``BackgroundCheck``) on
its own read-only connection, so the vault opens in the KDF's time at any size; the
vault refuses every write until it passes (``guard_writes``, ``store/vault.py``),
and SQLCipher still checks each page's HMAC whenever a page is read, so nothing
unverified is ever shown.

Plain ``sqlite3`` would silently write an unencrypted file.  ``connect`` refuses
any driver that does not report a ``cipher_version`` before it keys, and checks
the schema after, because ``PRAGMA key`` answers "ok" even with a wrong key.
"""

from __future__ import annotations

import contextlib
import secrets
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlcipher3 import dbapi2 as sqlcipher

from safefile.errors import DamagedFile
from safefile.fsutil import write_failure
from safefile.store import keys
from safefile.store.connection import Connection

DatabaseError = sqlcipher.DatabaseError
IntegrityError = sqlcipher.IntegrityError

APPLICATION_ID = 0x53464C45  # "SFLE"
CACHE_KIB = 128 * 1024
BUSY_TIMEOUT_MS = 30_000

# Page formats, named by the key file's ``format_version`` (store/header.py) so that
# the key file says how its database is laid out.  1: SQLCipher 4's defaults
# (4 KiB pages, HMAC-SHA512), what SafeFile made before 2026-12.  2: 16 KiB pages
# with HMAC-SHA256, about half the cost of the integrity check and of every cold
# read (bench/page_format.py); existing vaults move to it once (store/rebuild.py).
LEGACY_PAGE_FORMAT = 1
PAGE_FORMAT = 2
PAGE_FORMATS: dict[int, tuple[str, ...]] = {
    1: (),
    2: ("cipher_page_size = 16384", "cipher_hmac_algorithm = HMAC_SHA256"),
}


def page_format_pragmas(page_format: int, schema: str = "") -> list[str]:
    """The PRAGMAs (after the key, before the first read) for one page format."""
    try:
        settings = PAGE_FORMATS[page_format]
    except KeyError:
        raise DamagedFile(DAMAGED) from None
    prefix = f"{schema}." if schema else ""
    return [f"PRAGMA {prefix}{s}" for s in settings]


DAMAGED = (
    "The vault's database is damaged or has been changed. Nothing was changed. "
    "Restore the vault from your last backup."
)


class NotSQLCipher(RuntimeError):
    """The driver is not SQLCipher: opening would read or write plaintext."""


def connect(
    path: Path | str,
    key: bytes | bytearray,
    *,
    driver: Callable[..., Any] = sqlcipher.connect,
    create: bool = False,
    page_format: int = PAGE_FORMAT,
    exclusive: bool = False,
    readonly: bool = False,
    immutable: bool = False,
) -> Connection:
    """An open, keyed and verified connection, or an exception; never a plaintext one.

    ``exclusive`` keeps the WAL's index in this process's memory instead of the shared
    ``-shm`` file, which a full disk cannot hold; the vault lock already keeps other
    processes out, so nothing else changes (Vault.open uses it only on a full disk).

    ``readonly``: opened with ``mode=ro`` and ``query_only``, for the background check
    (SQLite creates the WAL's files beside the database if they are not there yet).

    ``immutable`` (with ``readonly``): on read-only media, where SQLite cannot make the
    WAL's files and nothing can change the file, read it as it is.
    """
    if readonly:
        uri = Path(path).absolute().as_uri() + "?mode=ro" + ("&immutable=1" if immutable else "")
        conn = driver(uri, uri=True, isolation_level=None, check_same_thread=True)
    else:
        conn = driver(str(path), isolation_level=None, check_same_thread=True)
    try:
        row = conn.execute("PRAGMA cipher_version").fetchone()
        if not row or not row[0]:
            raise NotSQLCipher("refusing to open a vault without SQLCipher")
        conn.execute("PRAGMA cipher_log_level = NONE")
        # The key as a blob literal: the only place its hex form exists, briefly.
        conn.execute(f"PRAGMA key = \"x'{bytes(key).hex()}'\"")
        for pragma in page_format_pragmas(page_format):
            conn.execute(pragma)
        conn.execute("PRAGMA cipher_memory_security = OFF")
        if exclusive:
            conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except DatabaseError as exc:
            if write_failure(exc, Path(path)) is not None:
                raise  # a full or read-only disk, not damage: the caller says which
            raise DamagedFile(DAMAGED) from None
        if not create:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            if app_id != APPLICATION_ID:
                raise DamagedFile(DAMAGED)
        if readonly:
            conn.execute("PRAGMA query_only = ON")
            conn.execute("PRAGMA cache_size = -2048")
            readonly_conn: Connection = conn
            return readonly_conn
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA secure_delete = ON")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise DamagedFile(DAMAGED)
        conn.execute("PRAGMA synchronous = FULL")
        # A reader beside the writer (store/lockfile.py) waits for the other's short
        # transactions instead of failing at once; a backup holds the write lock for
        # about a second per GB.
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        conn.execute("PRAGMA foreign_keys = ON")
        if create:
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        typed: Connection = conn  # the driver is untyped; Connection names what we use
        return typed
    except BaseException:
        conn.close()
        raise


@contextlib.contextmanager
def transaction(conn: Connection) -> Iterator[Connection]:
    """BEGIN IMMEDIATE … COMMIT; nested use joins the outer transaction via a savepoint."""
    if conn.in_transaction:
        name = f"sp_{secrets.token_hex(4)}"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield conn
        except BaseException:
            conn.execute(f"ROLLBACK TO {name}")
            conn.execute(f"RELEASE {name}")
            raise
        conn.execute(f"RELEASE {name}")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def integrity_problems(conn: Connection, *, structure: bool = True, hmac: bool = True) -> list[str]:
    """Every page's HMAC, then (``structure``) SQLite's own check; an empty list is healthy.

    The HMAC pass alone detects any changed byte anywhere in the file; it runs after
    every unlock, in the background (``BackgroundCheck``; about 2.4-3.4 ms per MB here,
    see docs/performance.md).  The structure check costs as much again and runs in
    ``safefile check``.
    """
    try:
        problems = []
        if hmac:
            problems = [str(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check")]
        if structure:
            rows = conn.execute("PRAGMA quick_check").fetchall()
            problems += [str(r[0]) for r in rows if r[0] != "ok"]
    except DatabaseError as exc:
        return [str(exc)]
    return problems


class BackgroundCheck:
    """The whole-file HMAC check (``cipher_integrity_check``) on a thread of its own,
    with its own read-only connection, started as soon as the key has opened the
    database.  ``result()`` waits for it: an empty list means every page is authentic.
    """

    def __init__(
        self, path: Path | str, key: bytes | bytearray, *, page_format: int = PAGE_FORMAT
    ) -> None:
        self._done = threading.Event()
        self._problems: list[str] = []
        self.ran = False  # False: it could not run (busy, no room for its index...)
        self._stopped = False
        self._thread = threading.Thread(
            target=self._run,
            args=(Path(path), bytearray(key), page_format),  # wiped once it has connected
            name="safefile-check",
            daemon=True,
        )
        self._thread.start()

    def _run(self, path: Path, key: bytearray, page_format: int) -> None:
        try:
            try:
                conn = connect(path, key, readonly=True, page_format=page_format)
            finally:
                keys.wipe(key)
            try:
                if self._stopped:
                    return
                conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                rows = conn.execute("PRAGMA cipher_integrity_check").fetchall()
                self._problems = [str(r[0]) for r in rows]
                self.ran = True
            finally:
                conn.close()
        except DamagedFile:  # the key does not open it, or it is not this vault's
            self._problems = [DAMAGED]
            self.ran = True
        except Exception:  # could not run (busy, a full disk...): the vault checks itself
            self._problems = []
        finally:
            self._done.set()

    @property
    def finished(self) -> bool:
        return self._done.is_set()

    def result(self) -> list[str]:
        """Wait for the check; its problems (none: the file is whole)."""
        self._done.wait()
        return list(self._problems)

    def stop(self) -> None:
        """End the check and wait until its connection is closed (the vault is locking,
        or the folder it reads is about to go); its result no longer counts.

        A check not yet started is skipped. One running is waited for: SQLCipher's
        check reads the whole file while its statement is prepared and cannot be
        interrupted (about 1.3 ms a MB of database, docs/performance.md)."""
        self._stopped = True
        self._thread.join()


# Until the background check has passed, the vault's connection refuses anything
# that would change the file (a second line behind Vault.transaction, which waits).
_WRITES = frozenset(
    getattr(sqlcipher, name)
    for name in (
        "SQLITE_INSERT",
        "SQLITE_UPDATE",
        "SQLITE_DELETE",
        "SQLITE_CREATE_INDEX",
        "SQLITE_CREATE_TABLE",
        "SQLITE_CREATE_TRIGGER",
        "SQLITE_CREATE_VIEW",
        "SQLITE_CREATE_VTABLE",
        "SQLITE_DROP_INDEX",
        "SQLITE_DROP_TABLE",
        "SQLITE_DROP_TRIGGER",
        "SQLITE_DROP_VIEW",
        "SQLITE_DROP_VTABLE",
        "SQLITE_ALTER_TABLE",
        "SQLITE_REINDEX",
        "SQLITE_ANALYZE",
        "SQLITE_ATTACH",
    )
)
# Pragmas: an allow-list, not a deny-list (issue 29 F13: schema_version and journal_mode
# went through). Any pragma given a value is refused but these, whose argument only
# names what to read; and these few write without one.
_READING_PRAGMAS_WITH_ARGUMENT = frozenset(
    {
        "table_info",
        "table_xinfo",
        "table_list",
        "index_info",
        "index_xinfo",
        "index_list",
        "foreign_key_list",
        "foreign_key_check",
        "integrity_check",
        "quick_check",
    }
)
_WRITING_PRAGMAS_WITHOUT_ARGUMENT = frozenset(
    {"wal_checkpoint", "incremental_vacuum", "optimize", "rekey", "cipher_migrate"}
)


def _refuse_writes(
    action: int, arg1: str | None, arg2: str | None, db_name: str | None, *_: object
) -> int:
    if action in _WRITES and db_name != "temp":
        return int(sqlcipher.SQLITE_DENY)
    if action == sqlcipher.SQLITE_PRAGMA and arg1 is not None:
        name = arg1.lower()
        if name in _WRITING_PRAGMAS_WITHOUT_ARGUMENT or (
            arg2 is not None and name not in _READING_PRAGMAS_WITH_ARGUMENT
        ):
            return int(sqlcipher.SQLITE_DENY)
    return int(sqlcipher.SQLITE_OK)


def guard_writes(conn: Any, on: bool) -> None:
    """Refuse (``on``) or allow again every statement that would change the file."""
    conn.set_authorizer(_refuse_writes if on else None)
