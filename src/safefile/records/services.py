"""Service entries: date, type from the program's list, minutes, a short factual note."""

from __future__ import annotations

import json
from datetime import date
from importlib import resources

from safefile.clock import iso_now, today
from safefile.errors import InvalidInput
from safefile.records.models import Service, ServiceIn, trusted
from safefile.records.validation import not_in_future, require_client
from safefile.records.writes import Actor, change
from safefile.store.vault import Vault


def default_service_types() -> list[str]:
    text = resources.files("safefile.resources").joinpath("service_types.json").read_text("utf-8")
    return list(json.loads(text)["service_types"])


def _seed(vault: Vault) -> None:
    db = vault.db
    if db.execute("SELECT 1 FROM service_types LIMIT 1").fetchone() is None:
        with vault.transaction():
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


def add_service_type(vault: Vault, name: str, *, actor: Actor | None = None) -> None:
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


def retire_service_type(vault: Vault, name: str, *, actor: Actor | None = None) -> None:
    """Hide a type from new entries; past entries keep it."""
    with change(vault, actor) as ch:
        db = ch.db
        db.execute("UPDATE service_types SET active = 0 WHERE name = ?", (name,))
        ch.audit("service type retired")


def add_service(vault: Vault, s: ServiceIn, *, actor: Actor | None = None) -> int:
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


def list_services(vault: Vault, client_id: int, limit: int = -1, offset: int = 0) -> list[Service]:
    rows = vault.db.execute(
        "SELECT id, client_id, on_date, type, minutes, note, author FROM services "
        "WHERE client_id = ? ORDER BY on_date DESC, id DESC LIMIT ? OFFSET ?",
        (client_id, limit, offset),
    ).fetchall()
    # Rows of our own database: built without validating them again (see notes._trusted_note).
    return [
        trusted(
            Service,
            id=r[0],
            client_id=r[1],
            on_date=date.fromisoformat(r[2]),
            type=r[3],
            minutes=r[4],
            note=r[5],
            author=r[6],
        )
        for r in rows
    ]
