"""Clients and households: the minimum a file needs, and nothing of one file in another."""

from __future__ import annotations

from datetime import date

from safefile.clock import iso_now, today
from safefile.errors import InvalidInput, NotFound
from safefile.records.models import Client, ClientIn, trusted
from safefile.records.validation import not_in_future, require_client
from safefile.records.writes import Actor, change
from safefile.staff import guard
from safefile.staff.guard import allowed
from safefile.staff.roles import Action
from safefile.store.connection import Row
from safefile.store.vault import Vault

_COLUMNS = (
    "id, name, alias, born, case_number, intake_date, status, closed_on, contact_safe, "
    "contact_how, household_id, household_role"
)


def _row(r: Row) -> Client:
    """A row of our own database, built without validating it again (only dates parsed)."""
    return trusted(
        Client,
        id=r[0],
        name=r[1],
        alias=r[2],
        born=r[3],
        case_number=r[4],
        intake_date=date.fromisoformat(r[5]),
        status=r[6],
        closed_on=date.fromisoformat(r[7]) if r[7] else None,
        contact_safe=bool(r[8]),
        contact_how=r[9],
        household_id=r[10],
        household_role=r[11],
    )


@allowed(Action.EDIT_FILES)
def add_client(vault: Vault, c: ClientIn, *, actor: Actor) -> int:
    """Save a new client's file; return its id."""
    now = today(vault.clock)
    if c.born is not None:
        born = date(int(c.born), 1, 1) if len(c.born) == 4 else date.fromisoformat(c.born)
        not_in_future(born, now, "the date of birth")
    not_in_future(c.intake_date, now, "the intake date")
    if (c.household_id is None) != (c.household_role is None):
        raise InvalidInput("A household link needs both the household and the role in it.")
    with change(vault, actor) as ch:
        db = ch.db
        if c.household_id is not None and (
            db.execute("SELECT 1 FROM households WHERE id = ?", (c.household_id,)).fetchone()
            is None
        ):
            raise NotFound(f"There is no household with id {c.household_id}.")
        if (
            c.case_number
            and db.execute(
                "SELECT 1 FROM clients WHERE case_number = ?", (c.case_number,)
            ).fetchone()
        ):
            raise InvalidInput(f"Another client already has case number {c.case_number}.")
        cur = db.execute(
            "INSERT INTO clients (name, alias, born, case_number, intake_date, contact_safe, "
            "contact_how, household_id, household_role, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                c.name,
                c.alias,
                c.born,
                c.case_number,
                (c.intake_date or now).isoformat(),
                int(c.contact_safe),
                c.contact_how,
                c.household_id,
                c.household_role,
                iso_now(vault.clock),
            ),
        )
        client_id = int(cur.lastrowid)
        ch.audit("client added", client_id=client_id)
    return client_id


@allowed(Action.EDIT_FILES)
def add_household(vault: Vault, label: str = "", *, actor: Actor) -> int:
    """A household links files (a parent's and a child's) without merging them."""
    with change(vault, actor) as ch:
        db = ch.db
        cur = db.execute(
            "INSERT INTO households (label, created_at) VALUES (?, ?)",
            (label.strip(), iso_now(vault.clock)),
        )
        household_id = int(cur.lastrowid)
        ch.audit("household added", household_id=household_id)
    return household_id


@allowed(Action.EDIT_FILES)
def ensure_household(vault: Vault, household_id: int, *, actor: Actor) -> None:
    """A household id a script names is created on first use, so files can be linked."""
    if vault.db.execute("SELECT 1 FROM households WHERE id = ?", (household_id,)).fetchone():
        return
    if household_id < 1:
        raise InvalidInput("A household id is a positive number.")
    with change(vault, actor) as ch:
        ch.db.execute(
            "INSERT INTO households (id, label, created_at) VALUES (?, '', ?)",
            (household_id, iso_now(vault.clock)),
        )
        ch.audit("household added", household_id=household_id)


@allowed(Action.EDIT_FILES)
def link_household(
    vault: Vault, client_id: int, household_id: int, role: str, *, actor: Actor
) -> None:
    if role not in ("parent", "child", "other"):
        raise InvalidInput("The role in the household must be parent, child or other.")
    with change(vault, actor) as ch:
        db = ch.db
        require_client(db, client_id)
        if db.execute("SELECT 1 FROM households WHERE id = ?", (household_id,)).fetchone() is None:
            raise NotFound(f"There is no household with id {household_id}.")
        db.execute(
            "UPDATE clients SET household_id = ?, household_role = ? WHERE id = ?",
            (household_id, role, client_id),
        )
        ch.audit("household linked", client_id=client_id, household_id=household_id)


@allowed(Action.EDIT_FILES)
def set_born(vault: Vault, client_id: int, born: str | None, *, actor: Actor) -> None:
    """Record (or correct, or clear) the client's birth date or birth year, as at intake.

    The minors' rules read it (consent/people.py): a release for a minor needs a parent
    or guardian, a child-protection report concerns a minor only."""
    shape = ClientIn.from_input({"name": "-", "born": born}).born  # the intake's own check
    if shape is not None:
        on = date(int(shape), 1, 1) if len(shape) == 4 else date.fromisoformat(shape)
        not_in_future(on, today(vault.clock), "the date of birth")
    with change(vault, actor) as ch:
        require_client(ch.db, client_id)
        ch.db.execute("UPDATE clients SET born = ? WHERE id = ?", (shape, client_id))
        ch.audit("birth date changed", client_id=client_id)


@allowed(Action.EDIT_FILES)
def join_household(
    vault: Vault,
    client_id: int,
    with_client: int,
    role: str,
    with_role: str | None = None,
    *,
    actor: Actor,
) -> int:
    """Link ``client_id``'s file, in ``role``, with ``with_client``'s household (made now,
    with ``with_client`` in ``with_role``, if they have none yet); return its id.  The
    files stay separate: a household only links them (DOMAIN.md, separate files)."""
    roles = ("parent", "child", "other")
    if role not in roles or (with_role is not None and with_role not in roles):
        raise InvalidInput("The role in the household must be parent, child or other.")
    if client_id == with_client:
        raise InvalidInput("Choose another client: a file cannot share a household with itself.")
    with change(vault, actor) as ch:
        db = ch.db
        require_client(db, client_id)
        require_client(db, with_client)
        row = db.execute("SELECT household_id FROM clients WHERE id = ?", (with_client,)).fetchone()
        household_id = row[0]
        if household_id is None:
            if with_role is None:
                raise InvalidInput(
                    "The other client is not in a household yet: say their role in it too."
                )
            cur = db.execute(
                "INSERT INTO households (label, created_at) VALUES ('', ?)", (iso_now(vault.clock),)
            )
            household_id = int(cur.lastrowid)
            ch.audit("household added", household_id=household_id)
            db.execute(
                "UPDATE clients SET household_id = ?, household_role = ? WHERE id = ?",
                (household_id, with_role, with_client),
            )
            ch.audit("household linked", client_id=with_client, household_id=household_id)
        db.execute(
            "UPDATE clients SET household_id = ?, household_role = ? WHERE id = ?",
            (household_id, role, client_id),
        )
        ch.audit("household linked", client_id=client_id, household_id=household_id)
    return int(household_id)


@allowed(Action.EDIT_FILES)
def add_client_with_household(
    vault: Vault,
    c: ClientIn,
    with_client: int,
    role: str,
    with_role: str | None = None,
    *,
    actor: Actor,
) -> int:
    """Add a client and link them into ``with_client``'s household in one change: if the
    link is refused, no client is added (a retry cannot make a second file)."""
    with change(vault, actor):
        client_id = add_client(vault, c, actor=actor)
        join_household(vault, client_id, with_client, role, with_role, actor=actor)
    return client_id


@allowed(Action.EDIT_FILES)
def leave_household(vault: Vault, client_id: int, *, actor: Actor) -> None:
    """Take the client's file out of its household (the other files stay linked)."""
    with change(vault, actor) as ch:
        require_client(ch.db, client_id)
        ch.db.execute(
            "UPDATE clients SET household_id = NULL, household_role = NULL WHERE id = ?",
            (client_id,),
        )
        ch.audit("household left", client_id=client_id)


def get_client(vault: Vault, client_id: int) -> Client:
    """One client's details (not audited as a file read: see clientfile.client_file)."""
    guard.require_open(vault, client_id, road="open")  # closed to the member: not there
    r = vault.db.execute(f"SELECT {_COLUMNS} FROM clients WHERE id = ?", (client_id,)).fetchone()  # noqa: S608
    if r is None:
        raise NotFound(f"There is no client with id {client_id}. Check the id with 'client list'.")
    return _row(r)


def _fts_query(text: str) -> str:
    """Each word the user typed as a prefix; quotes keep FTS syntax out of their words."""
    words = [w.replace('"', "") for w in text.split()]
    return " ".join(f'"{w}"*' for w in words if w)


def list_clients(
    vault: Vault,
    search: str | None = None,
    status: str | None = None,
    limit: int = 200,
    offset: int = 0,
) -> list[Client]:
    """Clients by name; ``search`` matches name, alias or case number as the user types.
    A file closed to the session's member is not listed (staff/guard.py)."""
    where, params = _filters(search, status, _hidden(vault, search, status))
    rows = vault.db.execute(
        f"SELECT {_COLUMNS} FROM clients {where} ORDER BY name COLLATE NOCASE, id "  # noqa: S608
        "LIMIT ? OFFSET ?",
        (*params, limit, offset),
    ).fetchall()
    return [_row(r) for r in rows]


def count_clients(vault: Vault, search: str | None = None, status: str | None = None) -> int:
    where, params = _filters(search, status, guard.closed_ids(vault))
    return int(vault.db.execute(f"SELECT count(*) FROM clients {where}", params).fetchone()[0])  # noqa: S608


def _hidden(vault: Vault, search: str | None, status: str | None) -> frozenset[int]:
    """The files closed to the session's member; a search that would have found one of
    them is recorded (the road "search"), never shown to them."""
    closed = guard.closed_ids(vault)
    if closed and search and search.strip():
        where, params = _filters(search, status)
        marks = ",".join("?" * len(closed))
        join = " AND " if where else "WHERE "
        found = vault.db.execute(
            f"SELECT id FROM clients {where}{join}id IN ({marks}) ORDER BY id",  # noqa: S608
            (*params, *sorted(closed)),
        ).fetchall()
        for (cid,) in found:
            vault.audit(
                "closed file refused",
                cid,
                actor=vault.actor,
                member=vault.actor.uid,
                road="search",
            )
    return closed


def _filters(
    search: str | None, status: str | None, hidden: frozenset[int] = frozenset()
) -> tuple[str, tuple[object, ...]]:
    clauses: list[str] = []
    params: list[object] = []
    if hidden:  # closed to the session's member (staff/guard.py)
        clauses.append(f"id NOT IN ({','.join('?' * len(hidden))})")
        params.extend(sorted(hidden))
    if search and search.strip():
        q = _fts_query(search)
        if q:
            clauses.append("id IN (SELECT rowid FROM clients_fts WHERE clients_fts MATCH ?)")
            params.append(q)
    if status in ("open", "closed"):
        clauses.append("status = ?")
        params.append(status)
    elif status not in (None, "", "all"):
        raise InvalidInput("The status filter must be open, closed or all.")
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), tuple(params)


@allowed(Action.CLOSE_FILE)
def set_status(
    vault: Vault, client_id: int, status: str, on: date | None = None, *, actor: Actor
) -> None:
    """Close a file (services ended: the retention clock starts) or reopen it."""
    if status not in ("open", "closed"):
        raise InvalidInput("A file is either open or closed.")
    now = today(vault.clock)
    closed_on = (on or now) if status == "closed" else None
    not_in_future(closed_on, now, "the closing date")
    with change(vault, actor) as ch:
        db = ch.db
        require_client(db, client_id)
        db.execute(
            "UPDATE clients SET status = ?, closed_on = ? WHERE id = ?",
            (status, closed_on.isoformat() if closed_on else None, client_id),
        )
        ch.audit(f"file {status}", client_id=client_id)


@allowed(Action.EDIT_FILES)
def update_contact(vault: Vault, client_id: int, safe: bool, how: str, *, actor: Actor) -> None:
    """Whether and how it is safe to contact the client."""
    with change(vault, actor) as ch:
        db = ch.db
        require_client(db, client_id)
        db.execute(
            "UPDATE clients SET contact_safe = ?, contact_how = ? WHERE id = ?",
            (int(safe), how.strip(), client_id),
        )
        ch.audit("contact details changed", client_id=client_id)
