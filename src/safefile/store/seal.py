"""The sealed security state: what the gate reads cannot be rolled back page by page.

SQLCipher authenticates each page with its number but no version, so a page copied
from an older copy of ``vault.db`` is authentic: copying back the one page a
revocation changed would bring the release back (docs/security.md, "Old pages").

Defence (docs/security.md gives the reasoning):

* The *state digest* covers every row of every table the gate reads (``SEALED``, the
  record of sharing included), read generically (``SELECT *``, every column, so a
  column added later is covered without a change here): the sum, modulo 2**256, of a
  keyed BLAKE2b MAC of each row (``_RowMacs``), so a change moves it by the MACs of
  the rows it changed.
* The *seal* is that digest with a generation number (one more at each change) and a
  MAC over both and the vault's id, in the database (``security_seal``, one row).  The
  file ``vault.state`` beside it holds the generation and that MAC (never the digest:
  sums published side by side could be combined) with a MAC of its own, replaced
  atomically after each commit that changed the state.
* At every opening the digest is computed again and must equal the database's seal,
  the seal's triggers must be whole and nothing left recorded, and the database's seal
  must be the file's or newer (a crash between the commit and the file's replacement
  leaves the file one step behind; the next opening by the writer writes it again).
  Any set of pages brought back from an older copy leaves either rows that do not
  match the seal (the digest differs) or a seal older than the file's: both are the
  damage of exit 5.
* The sealed tables' triggers record each changed row as it was and as it is
  (``seal_delta``; ``keep_triggers`` makes them after every migration) and mark the
  state changed; a commit moves the seal this opening verified by those rows' MACs
  (``seal_changes``), so a page brought back while the vault is open is never sealed
  with a write.  Every gate decision (consent/log.py, where each is recorded), every
  destruction, every re-key and every migration check the state in full first; every
  write checks that the seal is still the one this opening verified.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import re
from collections.abc import Iterable, Iterator
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
# rows that count (a condition on the row named ``{row}``).  ``meta`` holds the settings;
# its ``chain:`` markers are the hash chains' own end markers (checked by the chains),
# rewritten at every entry.  The record of sharing is append-only and a single-use
# release is spent there; its entries are sealed whole, so an old page of it, one from
# before a redaction too, is found.
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
    "meta": "{row}.key NOT LIKE 'chain:%'",
    "program_categories": "",
    "note_categories": "",
    "document_categories": "",
    "staff": "",  # members, roles and public keys (issue 28)
    "known_to_staff": "",  # files closed to a member who knows the client
    "disclosures": "",
}
DELTAS = "seal_delta"  # the rows changed in the transaction under way (the triggers')
# How a row is MACed (``_RowMacs``) is part of every sealed vault: a change to it needs a
# migration that verifies with the old definition and seals anew, as seal_deltas did.
_MODULUS = 1 << 256
# Each trigger, and the rows it records: as they were (OLD, taken off) and are (NEW).
_EVENTS = (("insert", ("NEW",)), ("update", ("OLD", "NEW")), ("delete", ("OLD",)))


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


def _columns(conn: Connection, table: str) -> list[str]:
    return [str(r[1]) for r in conn.execute(f"PRAGMA table_info({table})")]


def _row_text(columns: list[str], row: str) -> str:
    """SQL for a row as one text: the SQL literals of its columns (``quote``: text quoted
    with its quotes doubled, so the encoding is unambiguous; blobs as hex; NULL as NULL),
    separated by char(31).  ``concat_ws`` makes the same text as ``||`` between them
    (``quote`` is never NULL nor empty) in one allocation: for 50,000 clients' rows, the SQL
    64 ms against 114 ms, and the whole digest 103 ms against 136 ms."""
    literals = ", ".join(f'quote({row}."{c}")' for c in columns)
    return f"concat_ws(char(31), {literals})"


class _RowMacs:
    """The keyed MAC of a sealed row (BLAKE2b under a key of its own derived from the
    seal's sub-key, over the table, its columns and the row's text), as a number; the
    digest is their sum."""

    def __init__(self, conn: Connection, key: bytes) -> None:
        self._conn = conn
        self._key = hmac.new(key, b"safefile sealed rows v2", hashlib.sha256).digest()
        self._columns: dict[str, list[str]] = {}

    def columns(self, table: str) -> list[str]:
        if table not in self._columns:
            self._columns[table] = _columns(self._conn, table)
        return self._columns[table]

    def total(self, table: str, texts: Iterable[str]) -> int:
        prefix = _encode(["sealed row", table, self.columns(table)])
        start = hashlib.blake2b(prefix, key=self._key)  # copied for each row
        number, total = int.from_bytes, 0
        for text in texts:
            mac = start.copy()
            mac.update(text.encode("utf-8", "surrogatepass"))
            total += number(mac.digest(), "big")
        return total


def _hex(total: int) -> str:
    return f"{total % _MODULUS:064x}"


def state_digest(conn: Connection, key: bytes) -> str:
    """The keyed digest of every row the gate reads (see the module's text): the sum,
    modulo 2**256, of each sealed row's MAC, so a change moves it by the MACs of the rows
    it changed (``seal_changes``).  Each table is read itself, never through an index
    (an index's pages are checked by ``indexes_agree``)."""
    present = _tables(conn)
    if DELTAS not in present:
        return _digest_before_deltas(conn, key, present)
    macs = _RowMacs(conn, key)
    total = 0
    for table, cond in SEALED.items():
        if table not in present:
            continue
        where = f" WHERE {cond.format(row=table)}" if cond else ""
        text = _row_text(macs.columns(table), table)  # the schema's own names
        rows = conn.execute(f"SELECT {text} FROM {table} NOT INDEXED{where}")  # noqa: S608
        total += macs.total(table, (str(r[0]) for r in rows))
    return _hex(total)


# The tables that digest read, in its order (fixed: tables sealed later are not in it).
_SEALED_BEFORE_DELTAS = (
    "releases",
    "restrictions",
    "restriction_aliases",
    "legal_holds",
    "own_copy_requests",
    "clients",
    "households",
    "orgs",
    "documents",
    "file_closures",
    "meta",
    "program_categories",
    "note_categories",
    "document_categories",
    "staff",
    "known_to_staff",
)


def _digest_before_deltas(conn: Connection, key: bytes, present: set[str]) -> str:
    """The digest as sealed before the seal moved with its rows (one HMAC over each
    table's rows in order): kept to verify such a vault at its opening, before its
    migration seals it anew (store/migrations/seal_deltas.py)."""
    mac = hmac.new(key, b"safefile sealed state v1", hashlib.sha256)

    def feed(part: bytes) -> None:
        mac.update(len(part).to_bytes(8, "big"))
        mac.update(part)

    for table in _SEALED_BEFORE_DELTAS:  # (the record of sharing by its newest entry, below)
        if table not in present:
            continue
        cond = SEALED[table]
        info = list(conn.execute(f"PRAGMA table_info({table})"))
        cols = [str(r[1]) for r in info]
        # By the primary key (a VACUUM may renumber the rowids of a table without one).
        order = [str(r[1]) for r in sorted((r for r in info if r[5]), key=lambda r: r[5])]
        by = ", ".join(f'"{c}"' for c in (order or cols))
        row = " || char(31) || ".join(f'quote("{c}")' for c in cols)
        where = f"WHERE {cond.format(row=table)}" if cond else ""
        count, text = conn.execute(
            f"SELECT count(*), string_agg({row}, char(30) ORDER BY {by}) "  # noqa: S608
            f"FROM {table} {where}"
        ).fetchone()
        feed(_encode([table, cols, count]))
        feed((text or "").encode("utf-8", "surrogatepass"))
    if "disclosures" in present:
        tail = conn.execute("SELECT seq, hash FROM disclosures ORDER BY seq DESC LIMIT 1")
        count = conn.execute("SELECT count(*) FROM disclosures NOT INDEXED").fetchone()
        feed(_encode(["disclosures", list(tail.fetchone() or ()), count[0]]))
    return mac.hexdigest()


def _triggers(conn: Connection, table: str) -> Iterator[tuple[str, str]]:
    """(name, SQL) of the three triggers that record a sealed table's changed rows."""
    cols, cond = _columns(conn, table), SEALED[table]
    for event, rows in _EVENTS:
        when = " OR ".join(f"({cond.format(row=r)})" for r in rows) if cond else ""
        body = "".join(
            f" INSERT INTO {DELTAS} (sign, tbl, body) SELECT {-1 if r == 'OLD' else 1}, "
            f"'{table}', {_row_text(cols, r)}"
            + (f" WHERE {cond.format(row=r)}" if cond else "")
            + ";"
            for r in rows
        )
        name = f"{table}_sealed_{event}"
        head = f"CREATE TRIGGER {name} AFTER {event.upper()}"
        condition = f" WHEN {when}" if when else ""
        mark = "UPDATE security_seal SET dirty = 1 WHERE dirty = 0;"
        yield name, f"{head} ON {table}{condition} BEGIN{body} {mark} END"


def keep_triggers(conn: Connection) -> None:
    """Make every sealed table's triggers record every column of its changed rows: run
    after every migration (store/schema.migrate), so a column or a table added later is
    recorded with the rest; a trigger already right is left as it is."""
    present = _tables(conn)
    if DELTAS not in present:
        return
    have = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
    for table in SEALED:
        if table not in present:
            continue
        for name, sql in _triggers(conn, table):
            if have.get(name) != sql:
                conn.execute(f"DROP TRIGGER IF EXISTS {name}")
                conn.execute(sql)


def drop_triggers(conn: Connection) -> None:
    """Before a migration's statements: they may drop or rename a sealed table's column,
    which the triggers name (``keep_triggers`` makes them again after; the migration
    seals the state read whole)."""
    if DELTAS not in _tables(conn):
        return  # (the triggers of before name no column a migration drops: meta's key)
    for table in SEALED:
        for event, _rows in _EVENTS:
            conn.execute(f"DROP TRIGGER IF EXISTS {table}_sealed_{event}")


def triggers_whole(conn: Connection) -> bool:
    """Every sealed table's three triggers record every column of its changed rows (a
    schema page brought back with one missing would let a later change go unsealed)."""
    present = _tables(conn)
    if DELTAS not in present:
        return True  # sealed whole at each commit before (its migration makes them)
    have = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
    for table in SEALED:
        if table not in present:
            continue
        cols = _columns(conn, table)
        for event, rows in _EVENTS:
            sql = str(have.get(f"{table}_sealed_{event}") or "")
            if f"INSERT INTO {DELTAS}" not in sql or not all(
                f'quote({row}."{c}")' in sql for row in rows for c in cols
            ):
                return False
    return True


def indexes_agree(conn: Connection) -> bool:
    """Every index of the sealed tables holds exactly their rows.  The digest reads each
    table through its own tree; the gate often reads through an index (a client's
    restrictions), whose page could be an older copy's: SQLite's integrity check of
    those tables finds an index entry missing or left over."""
    present = _tables(conn)
    for table in SEALED:
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


def _mac(key: bytes, *parts: object) -> str:
    return hmac.new(key, _encode(list(parts)), hashlib.sha256).hexdigest()


def seal_mac(key: bytes, vault_id: str, generation: int, digest: str) -> str:
    return _mac(key, "seal", vault_id, generation, digest)


def _valid(key: bytes, vault_id: str, seal: Seal) -> bool:
    return hmac.compare_digest(seal_mac(key, vault_id, seal.generation, seal.digest), seal.mac)


def stored(conn: Connection) -> Seal | None:
    """The database's seal, or None (a vault not yet sealed)."""
    row = conn.execute("SELECT generation, digest, mac FROM security_seal WHERE id = 1").fetchone()
    return None if row is None else Seal(int(row[0]), str(row[1]), str(row[2]))


def has_table(conn: Connection) -> bool:
    return TABLE in _tables(conn)


@dataclass(frozen=True)
class FileSeal:
    """What ``vault.state`` holds: the seal's generation and MAC, not its digest (the
    digest is a sum of the rows' MACs, so digests published side by side could be
    combined into the digest of a splice; the MAC cannot), and a MAC of the file itself
    (``file_mac``: the vault's id, the generation and the seal's MAC), so a file made up
    or another vault's is damage at any generation.  A file written before the digest
    was left out holds the digest instead, which its seal's MAC covers."""

    generation: int
    mac: str
    file_mac: str | None = None
    digest: str | None = None  # (a file written before)

    def authentic(self, key: bytes, vault_id: str) -> bool:
        if self.file_mac is not None:
            want = _file_mac(key, vault_id, self.generation, self.mac)
            return hmac.compare_digest(want, self.file_mac)
        if self.digest is not None:
            return self.of_digest(key, vault_id, self.digest)
        return False

    def of_digest(self, key: bytes, vault_id: str, digest: str) -> bool:
        """This file is the seal of a state whose digest is ``digest``."""
        return hmac.compare_digest(seal_mac(key, vault_id, self.generation, digest), self.mac)


def _file_mac(key: bytes, vault_id: str, generation: int, mac: str) -> str:
    return _mac(key, "seal file", vault_id, generation, mac)


def read_file(folder: Path) -> FileSeal | None:
    """The seal file's seal; None when there is none; a file that is not one is damage
    (whether it is this vault's is ``FileSeal.authentic``)."""
    try:
        data = json.loads((folder / SEAL_FILE).read_bytes())
        file_mac, digest = data.get("file_mac"), data.get("digest")
        return FileSeal(
            int(data["generation"]),
            str(data["mac"]),
            None if file_mac is None else str(file_mac),
            None if digest is None else str(digest),
        )
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError, AttributeError, OSError):
        raise DamagedFile(_damaged()) from None


def write_file(folder: Path, vault_id: str, seal: Seal, key: bytes) -> None:
    """Replace ``vault.state`` atomically (write, fsync, rename)."""
    data = {
        "about": "SafeFile's seal of the vault's security state; do not edit or remove",
        "vault_id": vault_id,
        "generation": seal.generation,
        "mac": seal.mac,
        "file_mac": _file_mac(key, vault_id, seal.generation, seal.mac),
    }
    atomic_write(folder / SEAL_FILE, json.dumps(data, indent=1).encode("ascii") + b"\n")


def left_dirty(conn: Connection) -> bool:
    """Outside a transaction of the store, ``dirty`` is never set and no changed row is
    recorded: every commit clears both.  Either left, a sealed table was changed by
    something other than the store (or changed rows were planted to be sealed)."""
    row = conn.execute("SELECT dirty FROM security_seal WHERE id = 1").fetchone()
    if row is not None and bool(row[0]):
        return True
    if DELTAS not in _tables(conn):
        return False
    return conn.execute(f"SELECT 1 FROM {DELTAS} LIMIT 1").fetchone() is not None  # noqa: S608


def dirty(conn: Connection) -> bool:
    """A sealed table changed in the transaction under way (or the vault has no seal)."""
    row = conn.execute("SELECT dirty FROM security_seal WHERE id = 1").fetchone()
    return row is None or bool(row[0])


def seal_now(
    conn: Connection, key: bytes, vault_id: str, *, digest: str | None = None
) -> Seal | None:
    """Inside the caller's transaction: seal the state, read whole, if it changed since
    the last seal; return the new seal (for the file, once committed), or None.  For a
    migration (a column it adds fires no trigger), the first seal and a new vault."""
    digest = digest or state_digest(conn, key)
    if DELTAS in _tables(conn):
        conn.execute(f"DELETE FROM {DELTAS}")  # noqa: S608 (counted in the whole digest)
    return _store(conn, key, vault_id, stored(conn), digest)


def seal_changes(conn: Connection, key: bytes, vault_id: str) -> Seal | None:
    """Inside a write transaction of the store, before its commit: the seal moved on by
    the rows the transaction changed (each one's MAC as it was taken off, as it is
    added), in time proportional to them, not to the sealed tables.  The seal moved is
    the one this opening verified (``unchanged`` at the transaction's start), so a page
    brought back while the vault is open is not sealed with it: its rows' MACs stay out.
    A vault not yet sealed is sealed from the whole; a change marked and not recorded is
    damage (a trigger that only marks, brought back by an old schema page, must not make
    the next write seal the whole state)."""
    old = stored(conn)
    if old is None:
        return seal_now(conn, key, vault_id)
    changed = conn.execute(f"SELECT sign, tbl, body FROM {DELTAS}").fetchall()  # noqa: S608
    if not changed:
        raise DamagedFile(_damaged())
    bodies: dict[tuple[str, int], list[str]] = {}
    for sign, table, body in changed:
        bodies.setdefault((str(table), int(sign)), []).append(str(body))
    macs = _RowMacs(conn, key)
    total = int(old.digest, 16)
    for (table, sign), texts in bodies.items():
        total += sign * macs.total(table, texts)
    conn.execute(f"DELETE FROM {DELTAS}")  # noqa: S608
    return _store(conn, key, vault_id, old, _hex(total))


def _store(
    conn: Connection, key: bytes, vault_id: str, old: Seal | None, digest: str
) -> Seal | None:
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
    never older, unless a page was brought back.  A file not made by this vault is
    damage; at the database's generation it must be the same seal, with no seal in the
    database the first seal's file of exactly this state."""
    file_seal = read_file(folder)
    if file_seal is not None and not file_seal.authentic(key, vault_id):
        raise DamagedFile(_damaged())
    with _snapshot(conn):
        return _verify(conn, key, vault_id, file_seal, adopt)


def _verify(
    conn: Connection, key: bytes, vault_id: str, file_seal: FileSeal | None, adopt: bool
) -> Verdict:
    db_seal = stored(conn)
    digest = state_digest(conn, key)
    if db_seal is None:
        # Never sealed (a vault made before seals), or the first seal cut short after the
        # file was written: the file, if any, must be of exactly this state.
        if file_seal is not None and not file_seal.of_digest(key, vault_id, digest):
            raise DamagedFile(_damaged())
        return Verdict(None)
    if not _valid(key, vault_id, db_seal) or db_seal.digest != digest or left_dirty(conn):
        raise DamagedFile(_damaged())
    if not triggers_whole(conn) or not indexes_agree(conn):
        raise DamagedFile(_damaged())
    if file_seal is None:
        if not adopt:
            raise DamagedFile(_damaged())
        return Verdict(db_seal, file_behind=True)
    if file_seal.generation > db_seal.generation or (
        file_seal.generation == db_seal.generation and file_seal.mac != db_seal.mac
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
