"""The sealed security state: what the gate reads cannot be rolled back page by page.

SQLCipher authenticates each page with its number but no version, so a page copied
from an older copy of ``vault.db`` is authentic: copying back the one page a
revocation changed would bring the release back (docs/security.md, "Old pages").

Defence (docs/security.md gives the reasoning):

* The *state digest* is an HMAC, under a sub-key of the data key, over every row of
  every table the gate reads (``SEALED``), read generically (``SELECT *``, every
  column, so a column added later is covered without a change here), and over the
  record of sharing's newest entry and its number of entries (single-use releases are
  spent there).
* The *seal* is that digest with a generation number (one more at each change) and a
  MAC over both and the vault's id.  It is kept twice: in the database
  (``security_seal``, one row) and in the file ``vault.state`` beside it, replaced
  atomically after each commit that changed the state.
* At every opening the digest is computed again and must equal the database's seal,
  and the database's seal must be the file's or newer (a crash between the commit and
  the file's replacement leaves the file one step behind; the next opening by the
  writer writes it again).  Any set of pages brought back from an older copy leaves
  either rows that do not match the seal (the digest differs) or a seal older than the
  file's: both are the damage of exit 5.
* Every gate decision (consent/log.py, where each is recorded) and every destruction
  checks the state against the seal again in full; every write checks that the seal is
  still the one this opening verified, and, before its commit, seals the state anew when
  a sealed table changed (triggers set ``dirty``; store/migrations/security_seal.py).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from safefile.errors import DamagedFile
from safefile.fsutil import atomic_write
from safefile.store import database
from safefile.store.connection import Connection
from safefile.store.layout import going_with_database

SEAL_FILE = "vault.state"
TABLE = "security_seal"
PURPOSE = "security seal"  # the data key's sub-key for the digest and the seal's MAC

# Every table the gate (or retention's "never destroy under a hold") reads, with the
# rows that count.  ``meta`` holds the settings; its ``chain:`` markers are the hash
# chains' own end markers (checked by the chains), rewritten at every entry.
SEALED: dict[str, str] = {
    "releases": "",
    "restrictions": "",
    "restriction_aliases": "",
    "legal_holds": "",
    "own_copy_requests": "",
    "clients": "",
    "households": "",
    "orgs": "",
    "documents": "",
    "file_closures": "",
    "meta": "WHERE key NOT LIKE 'chain:%'",
    "program_categories": "",
    "note_categories": "",
    "document_categories": "",
    "staff": "",  # members, roles and public keys (issue 28)
    "known_to_staff": "",  # files closed to a member who knows the client
}


@dataclass(frozen=True)
class Seal:
    generation: int
    digest: str
    mac: str


def _bytes(value: object) -> str:
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    raise TypeError(type(value).__name__)


def _encode(value: object) -> bytes:
    return json.dumps(
        value, separators=(",", ":"), ensure_ascii=False, default=_bytes, allow_nan=True
    ).encode("utf-8")


def _tables(conn: Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _rows(conn: Connection, present: set[str]) -> Iterator[bytes]:
    """Each sealed table as one text, built by SQLite: its columns' names, then every row
    (by primary key) as the SQL literals of all its columns (``quote``: text quoted with
    its quotes doubled, so the encoding is unambiguous; blobs as hex; NULL as NULL)."""
    for table, where in SEALED.items():
        if table not in present:
            continue
        info = list(conn.execute(f"PRAGMA table_info({table})"))
        cols = [str(r[1]) for r in info]
        # By the primary key (a VACUUM may renumber the rowids of a table without one).
        order = [str(r[1]) for r in sorted((r for r in info if r[5]), key=lambda r: r[5])]
        by = ", ".join(f'"{c}"' for c in (order or cols))
        row = " || char(31) || ".join(f'quote("{c}")' for c in cols)
        count, text = conn.execute(
            f"SELECT count(*), string_agg({row}, char(30) ORDER BY {by}) "  # noqa: S608
            f"FROM {table} {where}"
        ).fetchone()
        yield _encode([table, cols, count])
        yield (text or "").encode("utf-8", "surrogatepass")
    if "disclosures" in present:
        # Its newest entry and how many there are (read from the table itself): an old
        # page of it has fewer entries (it is append-only), so it changes one of them.
        tail = conn.execute("SELECT seq, hash FROM disclosures ORDER BY seq DESC LIMIT 1")
        count = conn.execute("SELECT count(*) FROM disclosures NOT INDEXED").fetchone()
        yield _encode(["disclosures", list(tail.fetchone() or ()), count[0]])


def state_digest(conn: Connection, key: bytes) -> str:
    """The keyed digest of every row the gate reads (see the module's text)."""
    mac = hmac.new(key, b"safefile sealed state v1", hashlib.sha256)
    present = _tables(conn)
    for part in _rows(conn, present):
        mac.update(len(part).to_bytes(8, "big"))
        mac.update(part)
    return mac.hexdigest()


def indexes_agree(conn: Connection) -> bool:
    """Every index of the sealed tables holds exactly their rows.  The digest reads each
    table through its own tree; the gate often reads through an index (a client's
    restrictions), whose page could be an older copy's: SQLite's integrity check of
    those tables finds an index entry missing or left over."""
    present = _tables(conn)
    for table in [*SEALED, "disclosures"]:
        if table not in present:
            continue
        if conn.execute(f"PRAGMA integrity_check({table})").fetchall() != [("ok",)]:
            return False
        # SQLite's check does not count a partial index's entries (a released hold's
        # entry left in "the one active hold" index): compare them with the table's.
        for name, sql in conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
            "AND sql IS NOT NULL",
            (table,),
        ).fetchall():
            where = re.split(r"\bWHERE\b", str(sql), flags=re.IGNORECASE)
            if len(where) < 2:
                continue
            cond = where[-1]
            via_index = conn.execute(
                f'SELECT rowid FROM {table} INDEXED BY "{name}" WHERE {cond} ORDER BY rowid'  # noqa: S608
            ).fetchall()
            via_table = conn.execute(
                f"SELECT rowid FROM {table} NOT INDEXED WHERE {cond} ORDER BY rowid"  # noqa: S608
            ).fetchall()
            if via_index != via_table:
                return False
    return True


def seal_mac(key: bytes, vault_id: str, generation: int, digest: str) -> str:
    return hmac.new(
        key, _encode(["seal", vault_id, generation, digest]), hashlib.sha256
    ).hexdigest()


def _valid(key: bytes, vault_id: str, seal: Seal) -> bool:
    return hmac.compare_digest(seal_mac(key, vault_id, seal.generation, seal.digest), seal.mac)


def stored(conn: Connection) -> Seal | None:
    """The database's seal, or None (a vault not yet sealed)."""
    row = conn.execute("SELECT generation, digest, mac FROM security_seal WHERE id = 1").fetchone()
    return None if row is None else Seal(int(row[0]), str(row[1]), str(row[2]))


def has_table(conn: Connection) -> bool:
    return TABLE in _tables(conn)


def read_file(folder: Path) -> Seal | None:
    """The seal file's seal; None when there is none; a file that is not one is damage."""
    try:
        data = json.loads((folder / SEAL_FILE).read_bytes())
        return Seal(int(data["generation"]), str(data["digest"]), str(data["mac"]))
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError, OSError):
        raise DamagedFile(_damaged()) from None


def write_file(folder: Path, vault_id: str, seal: Seal) -> None:
    """Replace ``vault.state`` atomically (write, fsync, rename)."""
    data = {
        "about": "SafeFile's seal of the vault's security state; do not edit or remove",
        "vault_id": vault_id,
        "generation": seal.generation,
        "digest": seal.digest,
        "mac": seal.mac,
    }
    atomic_write(folder / SEAL_FILE, json.dumps(data, indent=1).encode("ascii") + b"\n")


def left_dirty(conn: Connection) -> bool:
    """Outside a transaction of the store, ``dirty`` is never set: every commit clears it.
    Set, a sealed table was changed by something other than the store."""
    row = conn.execute("SELECT dirty FROM security_seal WHERE id = 1").fetchone()
    return row is not None and bool(row[0])


def dirty(conn: Connection) -> bool:
    """A sealed table changed in the transaction under way (or the vault has no seal)."""
    row = conn.execute("SELECT dirty FROM security_seal WHERE id = 1").fetchone()
    return row is None or bool(row[0])


def seal_now(
    conn: Connection, key: bytes, vault_id: str, *, digest: str | None = None
) -> Seal | None:
    """Inside the caller's transaction: seal the state if it changed since the last
    seal; return the new seal (for the file, once committed), or None."""
    old = stored(conn)
    digest = digest or state_digest(conn, key)
    if old is not None and old.digest == digest:
        if dirty(conn):  # changed and changed back: nothing to seal
            conn.execute("UPDATE security_seal SET dirty = 0 WHERE id = 1")
        return None
    generation = (old.generation if old else 0) + 1
    new = Seal(generation, digest, seal_mac(key, vault_id, generation, digest))
    conn.execute(
        "INSERT INTO security_seal (id, generation, digest, mac, dirty) VALUES (1, ?, ?, ?, 0) "
        "ON CONFLICT(id) DO UPDATE SET generation = excluded.generation, "
        "digest = excluded.digest, mac = excluded.mac, dirty = 0",
        (new.generation, new.digest, new.mac),
    )
    return new


def resign(conn: Connection, key: bytes, vault_id: str) -> Seal | None:
    """Sign the current seal again under ``key`` (a re-key), same generation."""
    old = stored(conn)
    if old is None:
        return None
    digest = state_digest(conn, key)
    new = Seal(old.generation, digest, seal_mac(key, vault_id, old.generation, digest))
    conn.execute("UPDATE security_seal SET digest = ?, mac = ? WHERE id = 1", (new.digest, new.mac))
    return new


@dataclass(frozen=True)
class Verdict:
    """What the opening found: ``seal`` the database's (None: not sealed yet, seal now);
    ``file_behind``: the file is older than the database (write it again)."""

    seal: Seal | None
    file_behind: bool = False


@contextlib.contextmanager
def _snapshot(conn: Connection) -> Iterator[None]:
    """One read transaction, so the seal and the rows it covers are read as of one commit
    (a reader beside the app must not see the seal of one commit and the rows of the
    next); joins the caller's transaction when there is one."""
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    except BaseException:
        if conn.in_transaction:  # SQLite may have rolled it back already (an I/O error)
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def verify(
    conn: Connection, key: bytes, vault_id: str, folder: Path, *, adopt: bool = False
) -> Verdict:
    """Check the database's state against its seal and the seal file; DamagedFile (exit 5)
    when a page was brought back from an older copy.  ``adopt``: a vault just restored
    from a backup (authenticated whole) that carries no seal file yet.

    The file is read before the database: a writer replaces it only after its commit, so
    the database read after it is as new as the file or newer (the file is then behind),
    never older, unless a page was brought back."""
    file_seal = read_file(folder)
    if file_seal is not None and not _valid(key, vault_id, file_seal):
        raise DamagedFile(_damaged())
    with _snapshot(conn):
        return _verify(conn, key, vault_id, file_seal, adopt)


def _verify(
    conn: Connection, key: bytes, vault_id: str, file_seal: Seal | None, adopt: bool
) -> Verdict:
    db_seal = stored(conn)
    digest = state_digest(conn, key)
    if db_seal is None:
        # Never sealed (a vault made before seals), or the first seal cut short after the
        # file was written: the file, if any, must be of exactly this state.
        if file_seal is not None and file_seal.digest != digest:
            raise DamagedFile(_damaged())
        return Verdict(None)
    if not _valid(key, vault_id, db_seal) or db_seal.digest != digest or left_dirty(conn):
        raise DamagedFile(_damaged())
    if not indexes_agree(conn):
        raise DamagedFile(_damaged())
    if file_seal is None:
        if not adopt:
            raise DamagedFile(_damaged())
        return Verdict(db_seal, file_behind=True)
    if file_seal.generation > db_seal.generation or (
        file_seal.generation == db_seal.generation and file_seal.digest != db_seal.digest
    ):
        raise DamagedFile(_damaged())
    return Verdict(db_seal, file_behind=file_seal.generation < db_seal.generation)


def unchanged(conn: Connection, key: bytes, vault_id: str, known: Seal | None) -> Seal | None:
    """At the start of every write: the database's seal is the one this opening verified
    or wrote (``known``), or a newer one another process of this vault wrote, which is
    then checked in full.  Returns the seal; DamagedFile (exit 5) if not."""
    if left_dirty(conn):
        raise DamagedFile(_damaged())
    db_seal = stored(conn)
    if db_seal == known:
        return known
    if db_seal is None or (known is not None and db_seal.generation <= known.generation):
        raise DamagedFile(_damaged())
    return still_current(conn, key, vault_id, known)


def still_current(
    conn: Connection, key: bytes, vault_id: str, known: Seal | None, *, fresh: bool = False
) -> Seal | None:
    """Before a gate decision: the state still matches the database's seal in full (its
    digest and its indexes), and that seal is ``known``'s generation or newer (another
    process of this vault may have sealed since).  Inside a transaction that already
    changed a sealed table there is nothing sealed to compare with: then only the seal
    itself is compared.  Outside one, or in one that has changed nothing yet (``fresh``),
    a changed mark was left by something other than the store: damage.  Returns the seal;
    DamagedFile (exit 5) if not."""
    own_changes = conn.in_transaction and not fresh  # read before _snapshot's BEGIN
    with _snapshot(conn):
        return _still_current(conn, key, vault_id, known, own_changes)


def _still_current(
    conn: Connection, key: bytes, vault_id: str, known: Seal | None, own_changes: bool
) -> Seal | None:
    db_seal = stored(conn)
    if db_seal is None:
        if known is not None:
            raise DamagedFile(_damaged())
        return None
    if not _valid(key, vault_id, db_seal) or (
        known is not None and db_seal.generation < known.generation
    ):
        raise DamagedFile(_damaged())
    if dirty(conn):
        if own_changes:
            return db_seal
        raise DamagedFile(_damaged())
    if state_digest(conn, key) != db_seal.digest or not indexes_agree(conn):
        raise DamagedFile(_damaged())
    return db_seal


def _damaged() -> str:
    return database.DAMAGED


def folder_of(path: Path) -> Path:
    """Where the seal file of the database at ``path/vault.db`` is: the staging folder, as
    for the key file, while a committed rebuild is not all moved into place
    (``layout.going_with_database``)."""
    return going_with_database(path, SEAL_FILE).parent
