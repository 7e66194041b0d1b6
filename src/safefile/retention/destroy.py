"""Destruction inside the vault, leaving no readable remains.

One transaction removes every row of the destroyed files (found by following the
schema's foreign keys from ``clients``, so tables added later are covered too),
the joint notes no remaining client is linked to, their addenda, households left
empty; redacts the entries of the audit trail and of the record of sharing that
name those clients (store/chain.py: the chain still verifies); rebuilds every
full-text index that does not remove a deleted row's terms at once (store/migrations/
fts_secure_delete.py); records the destruction (counts and dates, never a name) and a tombstone
per file (retention/tombstones.py).  The database's own guards (triggers that
keep signed notes, releases and the logs) are lifted inside that transaction only
and put back, exactly as they were, before it commits.

Then: each document's encrypted file is overwritten and removed, and the database
file is cleaned: ``secure_delete`` (set at every open) zeroes freed content, the WAL is
checkpointed and truncated, and ``VACUUM`` rebuilds the file without free pages when
enough of it is free (``compact``), so neither the database nor its WAL keeps a page of
the destroyed content (tests/retention/test_destroy.py reads every page back).
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from safefile.clock import iso_now, today
from safefile.records import writes
from safefile.retention import tombstones
from safefile.retention.plan import Plan
from safefile.staff.guard import allowed
from safefile.staff.roles import Action
from safefile.store import chain
from safefile.store.actor import Actor
from safefile.store.connection import Connection
from safefile.store.vault import Vault

# Entries of the record of sharing keep these structured facts after the client's file
# is destroyed (what was shared, how, with which organisation): never free text.
KEPT_DETAIL = ("road", "categories", "method", "decision", "pages", "legal_kind", "recipient")
SKIPPED = {"meta", "audit", "disclosures", "destructions", "tombstones", "orgs", "service_types"}
COUNTED = {
    "clients": "client files",
    "services": "services",
    "progress_notes": "progress notes",
    "process_notes": "process notes",
    "addenda": "addenda",
    "documents": "documents",
    "releases": "releases",
}
_CHUNK = 500

T = TypeVar("T")
_Value = int | str | float | bytes | None  # one SQLite value, as a column holds it


@dataclass
class Destruction:
    """What was destroyed: counts and dates, never a name or an id."""

    on: date
    counts: dict[str, int] = field(default_factory=dict)
    redacted: dict[str, int] = field(default_factory=dict)
    closed_from: str | None = None
    closed_to: str | None = None
    backups_holding: list[str] = field(default_factory=list)

    @property
    def files(self) -> int:
        return self.counts.get("client files", 0)


def _chunks(values: Sequence[T]) -> Iterable[Sequence[T]]:
    for i in range(0, len(values), _CHUNK):
        yield values[i : i + _CHUNK]


def _lift_guards(db: Connection) -> list[tuple[str, str]]:
    guards = [
        (str(r[0]), str(r[1]))
        for r in db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%RAISE(%'"
        )
    ]
    for name, _ in guards:
        db.execute(f'DROP TRIGGER "{name}"')
    return guards


def _restore_guards(db: Connection, guards: list[tuple[str, str]]) -> None:
    for _, sql in guards:
        db.execute(sql)


def _tables(db: Connection) -> dict[str, bool]:
    """Ordinary tables a destruction may reach: {name: has rowid}."""
    virtual = [
        str(r[0])
        for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'"
        )
    ]
    out: dict[str, bool] = {}
    for name, sql in db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'"):
        if (
            name.startswith("sqlite_")
            or name in SKIPPED
            or name in virtual
            or any(name.startswith(v + "_") for v in virtual)
        ):
            continue
        out[str(name)] = "WITHOUT ROWID" not in str(sql).upper()
    return out


def _values(db: Connection, table: str, column: str, rowids: set[int]) -> list[_Value]:
    out: list[_Value] = []
    for part in _chunks(sorted(rowids)):
        q = ",".join("?" * len(part))
        out += [
            r[0]
            for r in db.execute(f'SELECT "{column}" FROM "{table}" WHERE rowid IN ({q})', part)  # noqa: S608
        ]
    return out


def _select(
    db: Connection, table: str, column: str, values: Sequence[_Value], what: str = "rowid"
) -> set[int]:
    """The ``what`` (a rowid or an id column) of the rows whose ``column`` is in ``values``."""
    found: set[int] = set()
    for part in _chunks(values):
        q = ",".join("?" * len(part))
        found |= {
            r[0]
            for r in db.execute(f'SELECT {what} FROM "{table}" WHERE "{column}" IN ({q})', part)  # noqa: S608
        }
    return found


# child -> (parent, column, parent column: None when the reference is to the primary key)
_ForeignKeys = dict[str, list[tuple[str, str, str | None]]]


def _foreign_keys(db: Connection, tables: dict[str, bool]) -> _ForeignKeys:
    """Every reference between tables: the declared foreign keys, and a column that
    names a client without a declared foreign key (it still names one)."""
    fks: _ForeignKeys = {
        t: [(str(f[2]), str(f[3]), f[4]) for f in db.execute(f'PRAGMA foreign_key_list("{t}")')]
        for t in tables
    }
    for t in tables:
        fks[t] += [("clients", col, "id") for col in _undeclared_client_columns(db, t, fks[t])]
    return fks


def _undeclared_client_columns(
    db: Connection, table: str, declared: list[tuple[str, str, str | None]]
) -> list[str]:
    """The columns of ``table`` named for a client (``client_id``, ``*_client_id``)
    without a declared foreign key to clients."""
    if table == "clients":
        return []
    covered = {frm for parent, frm, _ in declared if parent == "clients"}
    columns = (str(c[1]) for c in db.execute(f'PRAGMA table_info("{table}")'))
    return [
        col
        for col in columns
        if (col == "client_id" or col.endswith("_client_id")) and col not in covered
    ]


def _joint_notes(db: Connection, file_ids: set[int]) -> set[int]:
    """A joint note goes only when none of the clients it is linked to stays. Only the
    notes of the files destroyed are read (indexed), never the whole table."""
    notes = sorted(_select(db, "note_clients", "client_id", sorted(file_ids), what="note_id"))
    linked: dict[int, list[int]] = {}
    for part in _chunks(notes):
        q = ",".join("?" * len(part))
        for note_id, client_id in db.execute(
            f"SELECT note_id, client_id FROM note_clients WHERE note_id IN ({q})",  # noqa: S608
            part,
        ):
            linked.setdefault(int(note_id), []).append(int(client_id))
    return {n for n, cs in linked.items() if cs and all(c in file_ids for c in cs)}


def _households(db: Connection, file_ids: set[int]) -> set[int]:
    """A household goes when every member's file goes (only those of the files destroyed
    are read)."""
    households = sorted(h for h in _values(db, "clients", "household_id", file_ids) if h)
    members: dict[int, list[int]] = {}
    for hid in households:
        for (cid,) in db.execute("SELECT id FROM clients WHERE household_id = ?", (hid,)):
            members.setdefault(int(hid), []).append(int(cid))
    return {h for h, cs in members.items() if all(c in file_ids for c in cs)}


def _cascade(
    db: Connection, tables: dict[str, bool], fks: _ForeignKeys, doomed: dict[str, set[int]]
) -> list[tuple[str, str, list[_Value]]]:
    """Every row that refers to a row going goes too, until nothing more is found; rows of
    a table without rowid are returned as (table, column, values)."""
    no_rowid: list[tuple[str, str, list[_Value]]] = []
    seen_no_rowid: set[tuple[str, str]] = set()
    changed = True
    while changed:
        changed = False
        for child, parent, frm, to in _references(fks, doomed):
            vals = _values(db, parent, to or "rowid", doomed[parent])
            if not tables[child]:
                if (child, frm) not in seen_no_rowid or vals:
                    seen_no_rowid.add((child, frm))
                    no_rowid.append((child, frm, vals))
                continue
            new = _select(db, child, frm, vals) - doomed[child]
            doomed[child] |= new
            changed = changed or bool(new)
    return no_rowid


def _references(
    fks: _ForeignKeys, doomed: dict[str, set[int]]
) -> Iterator[tuple[str, str, str, str | None]]:
    """(child, parent, column, parent column) for each reference to a table with rows going."""
    for child, refs in fks.items():
        for parent, frm, to in refs:
            if doomed.get(parent):
                yield child, parent, frm, to


def _addenda(db: Connection, doomed: dict[str, set[int]]) -> set[int]:
    """A note's addenda go with the note."""
    found: set[int] = set()
    for kind, table in (("progress", "progress_notes"), ("process", "process_notes")):
        notes = sorted(doomed.get(table, set()))
        for part in _chunks(notes):
            q = ",".join("?" * len(part))
            found |= {
                int(r[0])
                for r in db.execute(
                    f"SELECT id FROM addenda WHERE note_kind = ? AND note_id IN ({q})",  # noqa: S608
                    [kind, *part],
                )
            }
    return found


def _doomed(
    db: Connection, file_ids: set[int]
) -> tuple[dict[str, set[int]], list[tuple[str, str, list[_Value]]]]:
    """Rows to delete: {table: rowids}, and (table, column, values) for tables without
    rowid: the files, their joint notes and households, every row referring to a row
    going, and the addenda of the notes going, in that order."""
    tables = _tables(db)
    fks = _foreign_keys(db, tables)
    doomed: dict[str, set[int]] = {t: set() for t in tables if tables[t]}
    doomed["clients"] = set(file_ids)
    if "note_clients" in tables:
        doomed["progress_notes"] |= _joint_notes(db, file_ids)
    if "households" in tables:
        doomed["households"] |= _households(db, file_ids)
    no_rowid = _cascade(db, tables, fks, doomed)
    if "addenda" in doomed:
        doomed["addenda"] |= _addenda(db, doomed)
    return doomed, no_rowid


def _blobs(db: Connection, doc_rowids: set[int]) -> list[str]:
    return [str(b) for b in _values(db, "documents", "blob", doc_rowids)] if doc_rowids else []


def _delete(
    db: Connection, doomed: dict[str, set[int]], no_rowid: list[tuple[str, str, list[_Value]]]
) -> None:
    for table, column, values in no_rowid:
        for part in _chunks(values):
            q = ",".join("?" * len(part))
            db.execute(f'DELETE FROM "{table}" WHERE "{column}" IN ({q})', part)  # noqa: S608
    for table, rowids in doomed.items():
        for part in _chunks(sorted(rowids)):
            q = ",".join("?" * len(part))
            db.execute(f'DELETE FROM "{table}" WHERE rowid IN ({q})', part)  # noqa: S608


def _kept_detail(detail: str, on: str) -> str:
    try:
        d = json.loads(detail)
    except ValueError:
        d = {}
    kept = {k: d[k] for k in KEPT_DETAIL if isinstance(d, dict) and k in d}
    kept["redacted"] = f"the client's file was destroyed on {on}"
    return json.dumps(kept, sort_keys=True, ensure_ascii=False)


def _redact(vault: Vault, file_ids: set[int], on: str, *, actor: Actor) -> dict[str, int]:
    """Blank what names the destroyed clients in both chains; record the ledger entry."""
    db = vault.db
    ids = sorted(file_ids)
    ledger: dict[str, dict[str, str]] = {}
    counts: dict[str, int] = {}
    for ch in chain.ALL:
        key = vault.key_for(ch.table)
        if ch.reseal(db, key):
            vault.audit("log re-chained for redaction", log=ch.table, actor=actor)
        seqs: list[tuple[int, str]] = []
        for part in _chunks(ids):
            q = ",".join("?" * len(part))
            seqs += [
                (int(r[0]), str(r[1]))
                for r in db.execute(
                    f"SELECT seq, detail FROM {ch.table} WHERE client_id IN ({q})",  # noqa: S608
                    part,
                )
            ]
        entries: dict[str, str] = {}
        for seq, detail in seqs:
            values: dict[str, object] = {"client_id": None}
            if ch is chain.DISCLOSURES:
                values |= {"release_id": None, "detail": _kept_detail(detail, on)}
            else:
                values["detail"] = json.dumps({"redacted": f"file destroyed on {on}"})
            entries[str(seq)] = ch.redact(db, key, seq, values, on)
        if entries:
            ledger[ch.table] = entries
        counts[ch.table] = len(entries)
    if ledger:
        vault.audit(chain.LEDGER_EVENT, entries=ledger, actor=actor)
    return counts


def _purge_fts(db: Connection) -> None:
    """Make sure no full-text index keeps a destroyed row's terms.

    An index with FTS5's ``secure-delete`` on (store/migrations/fts_secure_delete.py)
    removed them as the rows were deleted; any other (a table added later without it)
    is rebuilt whole."""
    for (name,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%fts5%'"
    ).fetchall():
        row = db.execute(
            f"SELECT v FROM \"{name}_config\" WHERE k = 'secure-delete'"  # noqa: S608
        ).fetchone()
        if row and row[0]:
            continue
        try:
            db.execute(f'INSERT INTO "{name}"("{name}") VALUES (\'rebuild\')')  # noqa: S608
        except Exception:
            db.execute(f'INSERT INTO "{name}"("{name}") VALUES (\'optimize\')')  # noqa: S608


def shred(path: os.PathLike[str] | str) -> None:
    """Overwrite a document's (encrypted) file, then remove it."""
    with contextlib.suppress(FileNotFoundError):
        size = os.path.getsize(path)
        with open(path, "r+b") as fh:
            fh.write(b"\0" * size)
            fh.flush()
            os.fsync(fh.fileno())
        os.unlink(path)


# Rewrite the file (VACUUM, in time proportional to the vault) only when at least this
# share of its pages is free: below it, the freed pages stay in the file, zeroed.
VACUUM_WHEN_FREE = 0.25


def compact(vault: Vault) -> None:
    """Leave no page of destroyed content in the database file or its WAL.

    ``secure_delete`` (set at every open) has already zeroed every freed cell and page as
    the rows were deleted; the WAL is checkpointed into the file and truncated, so the
    zeroed pages replace the old ones. The file is rewritten without free pages (VACUUM)
    only when enough of it is free to be worth the time."""
    vault.settle()  # writes outside Vault.transaction: only to a file known to be whole
    db = vault.db
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    free = int(db.execute("PRAGMA freelist_count").fetchone()[0])
    pages = int(db.execute("PRAGMA page_count").fetchone()[0])
    if pages and free / pages >= VACUUM_WHEN_FREE:
        db.execute("VACUUM")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


@allowed(Action.DESTROY)
def destroy(
    vault: Vault,
    file_ids: Iterable[int],
    process_note_ids: Iterable[int] = (),
    *,
    actor: Actor,
    reapplied: bool = False,
) -> Destruction:
    """Destroy whole files (``file_ids``) and the process notes of others; see the module."""
    vault.settle()  # writes outside Vault.transaction: only to a file known to be whole
    db = vault.db
    if db.in_transaction:
        raise RuntimeError("a destruction cannot run inside another change")
    files = set(file_ids)
    notes_of = set(process_note_ids) - files
    on = today(vault.clock)
    result = Destruction(on=on)
    blobs: list[str] = []
    db.execute("BEGIN IMMEDIATE")
    try:
        vault.check_seal(fresh=True)  # a hold brought back from an older copy stops here
        guards = _lift_guards(db)
        db.execute("PRAGMA defer_foreign_keys = ON")
        closed = sorted(
            str(d) for d in _values(db, "clients", "closed_on", files | notes_of) if d is not None
        )
        tokens = tombstones.tokens_for(vault, files, "file") + tombstones.tokens_for(
            vault, notes_of, "process notes"
        )
        doomed, no_rowid = _doomed(db, files) if files else ({}, [])
        if notes_of:
            doomed.setdefault("process_notes", set())
            doomed["process_notes"] |= _select(db, "process_notes", "client_id", sorted(notes_of))
            doomed.setdefault("addenda", set())
            for part in _chunks(sorted(doomed["process_notes"])):
                q = ",".join("?" * len(part))
                doomed["addenda"] |= {
                    int(r[0])
                    for r in db.execute(
                        f"SELECT id FROM addenda WHERE note_kind = 'process' AND note_id IN ({q})",  # noqa: S608
                        part,
                    )
                }
        blobs = _blobs(db, doomed.get("documents", set()))
        counts = {COUNTED[t]: len(doomed.get(t, ())) for t in COUNTED}
        counts["other records"] = sum(len(v) for t, v in doomed.items() if t not in COUNTED)
        _delete(db, doomed, no_rowid)
        result.redacted = _redact(vault, files, on.isoformat(), actor=actor) if files else {}
        result.counts = counts
        result.closed_from, result.closed_to = (closed[0], closed[-1]) if closed else (None, None)
        db.execute(
            "INSERT INTO destructions (at, actor, counts, reapplied) VALUES (?, ?, ?, ?)",
            (iso_now(vault.clock), actor.name, json.dumps(counts), int(reapplied)),
        )
        tombstones.record(vault, tokens, on)
        vault.audit(
            "records destroyed" if not reapplied else "destruction re-applied after a restore",
            counts=counts,
            redacted=result.redacted,
            closed_between=[result.closed_from, result.closed_to],
            actor=actor,
        )
        _purge_fts(db)
        _restore_guards(db, guards)
        # Foreign keys are deferred: COMMIT itself refuses if a deleted row is still
        # pointed to (only the rows this transaction touched are checked, not the file).
        sealed = vault.seal_before_commit()  # the state changed: sealed anew (store/seal.py)
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    vault.seal_after_commit(sealed)
    for blob in blobs:
        shred(vault.documents_dir / blob)
    compact(vault)
    tombstones.publish(vault)
    return result


@allowed(Action.DESTROY)
def expire_sharing(vault: Vault, seqs: list[int], *, actor: Actor) -> int:
    """Entries of the record of sharing about destroyed files, past the sharing period:
    what they still kept (organisation, file digest, structured facts) goes too."""
    if not seqs:
        return 0
    vault.settle()  # writes outside Vault.transaction: only to a file known to be whole
    db = vault.db
    on = today(vault.clock).isoformat()
    key = vault.key_for(chain.DISCLOSURES.table)
    db.execute("BEGIN IMMEDIATE")
    try:
        vault.check_seal(fresh=True)  # a hold brought back from an older copy stops here
        guards = _lift_guards(db)
        values: dict[str, object] = {
            "client_id": None,
            "release_id": None,
            "recipient_org_id": None,
            "digest": None,
            "detail": json.dumps({"expired": on, "redacted": "past the record's period"}),
        }
        entries = {str(seq): chain.DISCLOSURES.redact(db, key, seq, values, on) for seq in seqs}
        vault.audit(chain.LEDGER_EVENT, entries={chain.DISCLOSURES.table: entries}, actor=actor)
        vault.audit("record of sharing entries expired", count=len(seqs), actor=actor)
        _restore_guards(db, guards)
        sealed = vault.seal_before_commit()
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    vault.seal_after_commit(sealed)
    compact(vault)
    return len(seqs)


@allowed(Action.DESTROY)
def destroy_anonymous(vault: Vault, plan: Plan, *, actor: Actor) -> dict[str, int]:
    """Anonymous contacts, unmet shelter requests and survey counts past the period, in one
    transaction, recorded as counts (secure delete overwrites the rows' cells)."""
    from safefile.retention.plan import ANONYMOUS

    if plan.anonymous_through is None or not any(plan.anonymous.values()):
        return {}
    through = plan.anonymous_through.isoformat()
    done: dict[str, int] = {}
    with writes.together(vault) as db:
        for table, what in ANONYMOUS.items():
            if table == "anonymous_contacts":
                db.execute(
                    "DELETE FROM anonymous_contact_answers WHERE contact_id IN "
                    "(SELECT id FROM anonymous_contacts WHERE on_date <= ?)",
                    (through,),
                )
            n = db.execute(f"DELETE FROM {table} WHERE on_date <= ?", (through,)).rowcount  # noqa: S608
            if n:
                done[what] = int(n)
        vault.audit(
            "anonymous entries destroyed",
            through=through,
            counts=dict(done),
            actor=actor,
        )
    return done


@allowed(Action.DESTROY)
def apply(vault: Vault, plan: Plan, *, actor: Actor) -> Destruction:
    """Destroy what ``plan`` (from plan.due) lists; held files are never in it."""
    from safefile.retention.closing import held_ids

    held = held_ids(vault.db)
    files = {f.client_id for f in plan.files} - held
    notes = {f.client_id for f in plan.process_notes} - held
    expired = expire_sharing(vault, plan.sharing_entries, actor=actor)
    anonymous = destroy_anonymous(vault, plan, actor=actor)
    if not files and not notes:
        result = Destruction(on=today(vault.clock), counts=anonymous)
        if expired:
            result.redacted = {"disclosures expired": expired}
        return result
    result = destroy(vault, files, notes, actor=actor)
    result.counts.update(anonymous)
    if expired:
        result.redacted["disclosures expired"] = expired
    from safefile.retention.backups import holding

    result.backups_holding = [str(p) for p in holding(vault)]
    return result
