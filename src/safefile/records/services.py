"""Service entries: date, type from the program's list, minutes, a short factual note."""

from __future__ import annotations

import json
from datetime import date
from importlib import resources

from safefile.clock import iso_now, today
from safefile.errors import InvalidInput, NotFound
from safefile.records.models import Service, ServiceIn, trusted
from safefile.records.validation import not_in_future, require_client
from safefile.records.writes import Actor, Change, change, together
from safefile.staff.guard import allowed
from safefile.staff.roles import Action
from safefile.store.connection import Row
from safefile.store.vault import Vault


def default_service_types() -> list[str]:
    text = resources.files("safefile.resources").joinpath("service_types.json").read_text("utf-8")
    return list(json.loads(text)["service_types"])


def _seed(vault: Vault) -> None:
    db = vault.db
    if db.execute("SELECT 1 FROM service_types LIMIT 1").fetchone() is None:
        with together(vault):
            db.executemany(
                "INSERT OR IGNORE INTO service_types (name, position) VALUES (?, ?)",
                [(name, i) for i, name in enumerate(default_service_types())],
            )


def service_types(vault: Vault, include_inactive: bool = False) -> list[str]:
    """The program's list, seeded from resources/service_types.json on first use."""
    _seed(vault)
    where = "" if include_inactive else "WHERE active = 1"
    rows = vault.db.execute(f"SELECT name FROM service_types {where} ORDER BY position, name")  # noqa: S608
    return [r[0] for r in rows]


@allowed(Action.CHANGE_SETTINGS)
def add_service_type(vault: Vault, name: str, *, actor: Actor) -> None:
    name = name.strip()
    if not name:
        raise InvalidInput("Please fill in the name of the service type.")
    _seed(vault)
    with change(vault, actor) as ch:
        db = ch.db
        pos = db.execute("SELECT coalesce(max(position), 0) + 1 FROM service_types").fetchone()[0]
        db.execute(
            "INSERT INTO service_types (name, position) VALUES (?, ?) "
            "ON CONFLICT(name) DO UPDATE SET active = 1",
            (name, pos),
        )
        ch.audit("service type added")


@allowed(Action.CHANGE_SETTINGS)
def retire_service_type(vault: Vault, name: str, *, actor: Actor) -> None:
    """Hide a type from new entries; past entries keep it."""
    with change(vault, actor) as ch:
        db = ch.db
        db.execute("UPDATE service_types SET active = 0 WHERE name = ?", (name,))
        ch.audit("service type retired")


@allowed(Action.EDIT_FILES)
def add_service(vault: Vault, s: ServiceIn, *, actor: Actor) -> int:
    not_in_future(s.on_date, today(vault.clock), "the date of the service")
    types = service_types(vault)
    if s.type not in types:
        raise InvalidInput(
            f"'{s.type}' is not one of the program's service types. Choose one of: "
            + ", ".join(types)
            + "."
        )
    with change(vault, actor) as ch:
        db = ch.db
        require_client(db, s.client_id)
        cur = db.execute(
            "INSERT INTO services (client_id, on_date, type, minutes, note, author, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                s.client_id,
                s.on_date.isoformat(),
                s.type,
                s.minutes,
                s.note,
                ch.actor.name,
                iso_now(vault.clock),
            ),
        )
        service_id = int(cur.lastrowid)
        ch.audit("service added", client_id=s.client_id, service_id=service_id)
    return service_id


_COLUMNS = (
    "id, client_id, on_date, type, minutes, note, author, voided_at, voided_by, void_reason, "
    "replaced_by"
)


def _service(r: Row) -> Service:
    # A row of our own database: built without validating it again (see notes._trusted_note).
    return trusted(
        Service,
        id=r[0],
        client_id=r[1],
        on_date=date.fromisoformat(r[2]),
        type=r[3],
        minutes=r[4],
        note=r[5],
        author=r[6],
        voided_at=r[7],
        voided_by=r[8],
        void_reason=r[9],
        replaced_by=r[10],
    )


@allowed(Action.FIND_FILES)
def list_services(
    vault: Vault, client_id: int, limit: int = -1, offset: int = 0, *, include_voided: bool = False
) -> list[Service]:
    """The client's services, newest first.  Voided entries are left out (of exports, copies
    and counts) unless ``include_voided``: the file shows them, marked."""
    where = "" if include_voided else " AND voided_at IS NULL"
    rows = vault.db.execute(
        f"SELECT {_COLUMNS} FROM services WHERE client_id = ?{where} "  # noqa: S608
        "ORDER BY on_date DESC, id DESC LIMIT ? OFFSET ?",
        (client_id, limit, offset),
    ).fetchall()
    return [_service(r) for r in rows]


def get_service(vault: Vault, service_id: int) -> Service:
    r = vault.db.execute(
        f"SELECT {_COLUMNS} FROM services WHERE id = ?",  # noqa: S608
        (service_id,),
    ).fetchone()
    if r is None:
        raise NotFound(f"There is no service entry with id {service_id}.")
    return _service(r)


def _void(ch: Change, s: Service, reason: str, replaced_by: int | None = None) -> None:
    ch.db.execute(
        "UPDATE services SET voided_at = ?, voided_by = ?, void_reason = ?, replaced_by = ? "
        "WHERE id = ? AND voided_at IS NULL",
        (iso_now(ch.vault.clock), ch.actor.name, reason, replaced_by, s.id),
    )
    ch.audit(
        "service corrected" if replaced_by else "service voided",
        client_id=s.client_id,
        service_id=s.id,
        replaced_by=replaced_by,
    )


def _voidable(vault: Vault, service_id: int, reason: str) -> tuple[Service, str]:
    s = get_service(vault, service_id)
    if s.voided:
        raise InvalidInput(
            f"Service entry {s.id} was already voided on {s.voided_at[:10] if s.voided_at else ''}"
            "; it cannot be changed again."
        )
    reason = reason.strip()
    if not reason:
        raise InvalidInput("Please say why the entry is wrong; the reason is kept with it.")
    return s, reason


@allowed(Action.EDIT_FILES)
def void_service(vault: Vault, service_id: int, reason: str, *, actor: Actor) -> None:
    """Mark a wrong entry as void, with the reason: it stays in the file, marked, and no
    longer counts (exports, copies, reports)."""
    s, reason = _voidable(vault, service_id, reason)
    with change(vault, actor) as ch:
        _void(ch, s, reason)


@allowed(Action.EDIT_FILES)
def correct_service(
    vault: Vault, service_id: int, new: ServiceIn, reason: str, *, actor: Actor
) -> int:
    """Replace a wrong entry with a corrected one, in one change: the old one is voided and
    points to the new one.  Returns the new entry's id."""
    s, reason = _voidable(vault, service_id, reason)
    if new.client_id != s.client_id:
        raise InvalidInput("A correction stays in the same client's file.")
    with change(vault, actor) as ch:
        new_id = add_service(vault, new, actor=ch.actor)
        _void(ch, s, reason, replaced_by=new_id)
    return new_id
