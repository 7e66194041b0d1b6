"""Notes: progress notes (Data / Assessment / Plan), joint notes, process notes, addenda.

* A progress note belongs to the client record; a joint note (couple, family or
  group session) is one note linked to every client present.
* A process (psychotherapy) note is kept apart: its own table, one client, never
  listed with progress notes unless asked for.
* A draft can be edited.  Signing fixes the text with the signer, the time and a
  SHA-256 hash of the content; after that only dated, attributed addenda.  The
  database refuses any change to a signed note (triggers in the schema), so no
  interface and no SQL through the store can edit one.

References: progress notes are "N-<id>", process notes "P-<id>"; a bare number
means a progress note.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import date

from safefile.clock import iso_now, today
from safefile.errors import InvalidInput, NotFound, SignedNoteImmutable
from safefile.numbers import is_ascii_digits, whole_number
from safefile.records.models import Addendum, Note, NoteIn, NoteKind, trusted
from safefile.records.program_categories import check_tag
from safefile.records.validation import not_in_future, require_client
from safefile.records.writes import Actor, change
from safefile.staff.guard import allowed
from safefile.staff.roles import Action, Role, may_read_process_note
from safefile.store import database
from safefile.store.connection import Connection, Row
from safefile.store.vault import Vault

SIGNED = (
    "This note is signed, so it can no longer be changed. "
    "To correct or add to it, write an addendum."
)
_TABLE = {"progress": "progress_notes", "process": "process_notes"}
_PREFIX = {"progress": "N", "process": "P"}


def ref_of(kind: NoteKind, note_id: int) -> str:
    return f"{_PREFIX[kind]}-{note_id}"


def parse_ref(text: str) -> tuple[NoteKind, int]:
    t = str(text).strip().upper()
    kind: NoteKind = "progress"
    if t[:2] in ("N-", "P-"):
        kind = "process" if t[0] == "P" else "progress"
        t = t[2:]
    if not is_ascii_digits(t):
        raise InvalidInput(
            f"'{text}' is not a note reference. Progress notes look like N-12, process notes P-3."
        )
    number = whole_number(t)
    if number is None:  # beyond any row id: no such note (SQLite could not even look)
        raise NotFound(f"There is no note {text}.")
    return kind, number


def content_hash(
    kind: str,
    client_ids: tuple[int, ...],
    on_date: str,
    data: str,
    assessment: str,
    plan: str,
    author: str,
) -> str:
    payload = json.dumps(
        [kind, sorted(client_ids), on_date, data, assessment, plan, author],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@allowed(Action.EDIT_FILES)
def add_note(
    vault: Vault,
    n: NoteIn,
    *,
    sign: bool = False,
    category: str | None = None,
    actor: Actor,
) -> str:
    """Save a draft note (and sign it at once if ``sign``); return its reference.

    ``category``: the program category it belongs to (records/program_categories.py); the
    gate then gives it only under a release naming that category."""
    not_in_future(n.on_date, today(vault.clock), "the date of the note")
    tag = check_tag(vault, category)
    if tag is not None and n.kind == "process":
        raise InvalidInput(
            "A process note is already a category of its own: it cannot be put in another."
        )
    client_ids = tuple(dict.fromkeys(n.client_ids))  # keep order, drop repeats
    if n.kind == "process" and len(client_ids) > 1:
        raise InvalidInput(
            "Process notes belong to one client's file only; they cannot be joint notes."
        )
    now = iso_now(vault.clock)
    with change(vault, actor) as ch:
        db = ch.db
        for cid in client_ids:
            require_client(db, cid)
        if n.kind == "process":
            cur = db.execute(
                "INSERT INTO process_notes (client_id, on_date, data, assessment, plan, author, "
                "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    client_ids[0],
                    n.on_date.isoformat(),
                    n.data,
                    n.assessment,
                    n.plan,
                    ch.actor.name,
                    now,
                    now,
                ),
            )
        else:
            cur = db.execute(
                "INSERT INTO progress_notes (on_date, data, assessment, plan, author, "
                "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (n.on_date.isoformat(), n.data, n.assessment, n.plan, ch.actor.name, now, now),
            )
            db.executemany(
                "INSERT INTO note_clients (note_id, client_id) VALUES (?, ?)",
                [(cur.lastrowid, cid) for cid in client_ids],
            )
            if tag is not None:
                db.execute(
                    "INSERT INTO note_categories (note_id, category) VALUES (?, ?)",
                    (cur.lastrowid, tag),
                )
        ref = ref_of(n.kind, int(cur.lastrowid))
        for cid in client_ids:
            ch.audit("note added", client_id=cid, note=ref)
        if sign:
            sign_note(vault, ref, actor=ch.actor)
    return ref


def get_note(vault: Vault, ref: str) -> Note:
    kind, note_id = parse_ref(ref)
    db = vault.db
    if kind == "process":
        r = db.execute(
            "SELECT id, client_id, on_date, data, assessment, plan, author, created_at, "
            "signed_by, signed_at, content_hash FROM process_notes WHERE id = ?",
            (note_id,),
        ).fetchone()
        client_ids: tuple[int, ...] = (r[1],) if r else ()
    else:
        r = db.execute(
            "SELECT id, NULL, on_date, data, assessment, plan, author, created_at, "
            "signed_by, signed_at, content_hash FROM progress_notes WHERE id = ?",
            (note_id,),
        ).fetchone()
        links = "SELECT client_id FROM note_clients WHERE note_id = ? ORDER BY client_id"
        client_ids = tuple(x[0] for x in db.execute(links, (note_id,))) if r else ()
    if r is None or (kind == "process" and not readable(vault)(str(r[6]))):
        # (another author's process note is, to this member, not there)
        raise NotFound(f"There is no note {ref_of(kind, note_id)}.")
    return _trusted_note(kind, r, client_ids, _addenda(db, kind, note_id))


def _addenda(db: Connection, kind: str, note_id: int) -> tuple[Addendum, ...]:
    rows = db.execute(
        "SELECT id, text, author, at FROM addenda WHERE note_kind = ? AND note_id = ? ORDER BY id",
        (kind, note_id),
    )
    return tuple(Addendum(id=a[0], text=a[1], author=a[2], at=a[3]) for a in rows)


@allowed(Action.EDIT_FILES)
def update_draft(
    vault: Vault,
    ref: str,
    *,
    data: str | None = None,
    assessment: str | None = None,
    plan: str | None = None,
    actor: Actor,
) -> None:
    """Change a draft's sections; a signed note refuses (and so does the database)."""
    note = get_note(vault, ref)
    if note.signed:
        raise SignedNoteImmutable(SIGNED)
    new = {
        "data": (data if data is not None else note.data).strip(),
        "assessment": (assessment if assessment is not None else note.assessment).strip(),
        "plan": (plan if plan is not None else note.plan).strip(),
    }
    if not new["data"]:
        raise InvalidInput("Please fill in the Data section; it cannot be empty.")
    with change(vault, actor) as ch:
        db = ch.db
        try:
            db.execute(
                f"UPDATE {_TABLE[note.kind]} SET data = ?, assessment = ?, plan = ?, "  # noqa: S608
                "updated_at = ? WHERE id = ?",
                (new["data"], new["assessment"], new["plan"], iso_now(vault.clock), note.id),
            )
        except database.IntegrityError:
            raise SignedNoteImmutable(SIGNED) from None
        for cid in note.client_ids:
            ch.audit("note edited", client_id=cid, note=note.ref)


@allowed(Action.SIGN_NOTES)
def sign_note(vault: Vault, ref: str, *, actor: Actor) -> Note:
    """Fix the note: signer, time and a hash of its content. Signing twice is refused."""
    note = get_note(vault, ref)
    if note.signed:
        raise SignedNoteImmutable(f"Note {note.ref} is already signed.")
    digest = content_hash(
        note.kind,
        note.client_ids,
        note.on_date.isoformat(),
        note.data,
        note.assessment,
        note.plan,
        note.author,
    )
    with change(vault, actor) as ch:
        db = ch.db
        db.execute(
            f"UPDATE {_TABLE[note.kind]} SET signed_by = ?, signed_at = ?, content_hash = ? "  # noqa: S608
            "WHERE id = ? AND signed_at IS NULL",
            (ch.actor.name, iso_now(vault.clock), digest, note.id),
        )
        for cid in note.client_ids:
            # The content's hash in the entry: the member's signature of the entry
            # (issue 28, store/signatures.py) is then their signature of the note.
            ch.audit("note signed", client_id=cid, note=note.ref, content_hash=digest)
    return get_note(vault, ref)


@allowed(Action.SIGN_NOTES)
def add_addendum(vault: Vault, ref: str, text: str, *, actor: Actor) -> int:
    """A dated, attributed correction or addition to a signed note; the original stays."""
    text = text.strip()
    if not text:
        raise InvalidInput("Please write the text of the addendum; it cannot be empty.")
    note = get_note(vault, ref)
    if not note.signed:
        raise InvalidInput(
            f"Note {note.ref} is still a draft: edit it directly. Addenda are for signed notes."
        )
    with change(vault, actor) as ch:
        db = ch.db
        cur = db.execute(
            "INSERT INTO addenda (note_kind, note_id, text, author, at) VALUES (?, ?, ?, ?, ?)",
            (note.kind, note.id, text, ch.actor.name, iso_now(vault.clock)),
        )
        for cid in note.client_ids:
            ch.audit(
                "addendum added",
                client_id=cid,
                note=note.ref,
                addendum=int(cur.lastrowid),
                text_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            )
    return int(cur.lastrowid)


@allowed(Action.EDIT_FILES)
def delete_draft(vault: Vault, ref: str, *, actor: Actor) -> None:
    """A draft may be thrown away; a signed note never."""
    note = get_note(vault, ref)
    if note.signed:
        raise SignedNoteImmutable(SIGNED)
    with change(vault, actor) as ch:
        db = ch.db
        if note.kind == "progress":
            db.execute("DELETE FROM note_clients WHERE note_id = ?", (note.id,))
        db.execute(f"DELETE FROM {_TABLE[note.kind]} WHERE id = ?", (note.id,))  # noqa: S608
        for cid in note.client_ids:
            ch.audit("draft deleted", client_id=cid, note=note.ref)


@allowed(Action.FIND_FILES)
def list_notes(vault: Vault, client_id: int, *, include_process: bool = False) -> list[Note]:
    """A client's progress notes (joint ones included), newest first; process notes apart.

    Three statements whatever the number of notes (the notes, every link of those
    notes, their addenda), and rows the database already holds are built without
    validating them again (``_trusted_note``).
    """
    db = vault.db
    rows = db.execute(
        "SELECT n.id, NULL, n.on_date, n.data, n.assessment, n.plan, n.author, n.created_at, "
        "n.signed_by, n.signed_at, n.content_hash FROM progress_notes n "
        "JOIN note_clients nc ON nc.note_id = n.id WHERE nc.client_id = ? "
        "ORDER BY n.on_date DESC, n.id DESC",
        (client_id,),
    ).fetchall()
    mine = "SELECT note_id FROM note_clients WHERE client_id = ?"
    links: dict[int, list[int]] = {}
    if rows:
        for note_id, cid in db.execute(
            f"SELECT note_id, client_id FROM note_clients WHERE note_id IN ({mine}) "  # noqa: S608
            "ORDER BY note_id, client_id",
            (client_id,),
        ):
            links.setdefault(note_id, []).append(cid)
    addenda = _addenda_of(db, "progress", mine, client_id) if rows else {}
    notes = [
        _trusted_note("progress", r, tuple(links.get(r[0], ())), addenda.get(r[0], ()))
        for r in rows
    ]
    if include_process:
        notes += list_process_notes(vault, client_id)
    return notes


def readable(vault: Vault) -> Callable[[str], bool]:
    """Whether the session's member may read a process note by a given author: their
    own, and a supervisor's reading when the program's setting says so
    (staff/roles.may_read_process_note). A vault without staff accounts has one
    practitioner, who reads them all."""
    who = vault.actor
    if not who.uid:
        return lambda author: True
    supervisor_reads = vault.get_meta("supervisor_reads_process_notes") == "1"
    role = Role(who.role)
    return lambda author: may_read_process_note(
        who.name, role, author, supervisor_reads=supervisor_reads
    )


@allowed(Action.READ_PROCESS_NOTES)
def list_process_notes(vault: Vault, client_id: int) -> list[Note]:
    """The client's process notes the session's member may read (``readable``): every
    reader of process notes (the file, the sharing picker, an export) comes here."""
    rows = vault.db.execute(
        "SELECT id, client_id, on_date, data, assessment, plan, author, created_at, "
        "signed_by, signed_at, content_hash FROM process_notes WHERE client_id = ? "
        "ORDER BY on_date DESC, id DESC",
        (client_id,),
    ).fetchall()
    may_read = readable(vault)
    rows = [r for r in rows if may_read(str(r[6]))]
    mine = "SELECT id FROM process_notes WHERE client_id = ?"
    addenda = _addenda_of(vault.db, "process", mine, client_id) if rows else {}
    return [_trusted_note("process", r, (r[1],), addenda.get(r[0], ())) for r in rows]


def _addenda_of(
    db: Connection, kind: NoteKind, note_ids_sql: str, client_id: int
) -> dict[int, tuple[Addendum, ...]]:
    """The addenda of every note ``note_ids_sql`` selects, by note id, oldest first."""
    found: dict[int, list[Addendum]] = {}
    for note_id, aid, text, author, at in db.execute(
        "SELECT note_id, id, text, author, at FROM addenda "  # noqa: S608
        f"WHERE note_kind = ? AND note_id IN ({note_ids_sql}) ORDER BY note_id, id",
        (kind, client_id),
    ):
        found.setdefault(note_id, []).append(
            trusted(Addendum, id=aid, text=text, author=author, at=at)
        )
    return {k: tuple(v) for k, v in found.items()}


def _trusted_note(
    kind: NoteKind, r: Row, client_ids: tuple[int, ...], addenda: tuple[Addendum, ...]
) -> Note:
    """A note from a row of our own database: its columns have the model's types already
    (the schema's CHECKs and the validation on the way in), so pydantic is not asked to
    check them again; only the date is parsed."""
    return trusted(
        Note,
        ref=ref_of(kind, r[0]),
        kind=kind,
        id=r[0],
        client_ids=client_ids,
        on_date=date.fromisoformat(r[2]),
        data=r[3],
        assessment=r[4],
        plan=r[5],
        author=r[6],
        created_at=r[7],
        signed_by=r[8],
        signed_at=r[9],
        content_hash=r[10],
        addenda=addenda,
    )
