"""Closing a file (the retention clock starts) and legal holds (nothing held is destroyed)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from safefile.clock import iso_now, today
from safefile.errors import InvalidInput, NotFound
from safefile.records import writes
from safefile.records.clients import set_status
from safefile.records.validation import not_in_future, require_client
from safefile.staff.guard import allowed
from safefile.staff.roles import Action
from safefile.store.actor import Actor
from safefile.store.connection import Connection, Row
from safefile.store.vault import Vault

REASON_MAX = 500


class Hold(BaseModel):
    id: int
    client_id: int
    reason: str
    placed_on: date
    placed_by: str
    released_on: date | None = None


@allowed(Action.CLOSE_FILE)
def close_file(
    vault: Vault, client_id: int, on: date | None = None, reason: str = "", *, actor: Actor
) -> None:
    """Close a client's file on ``on`` (today by default); retention counts from then."""
    when = on or today(vault.clock)
    not_in_future(when, today(vault.clock), "the closing date")
    reason = " ".join(reason.split())
    if len(reason) > REASON_MAX:
        raise InvalidInput(f"The reason for closing is too long (at most {REASON_MAX} characters).")
    with writes.together(vault) as db:
        require_client(db, client_id)
        intake = db.execute("SELECT intake_date FROM clients WHERE id = ?", (client_id,)).fetchone()
        if intake and when.isoformat() < str(intake[0]):
            raise InvalidInput(
                f"The closing date ({when}) is before the file was opened ({intake[0]})."
            )
        set_status(vault, client_id, "closed", when, actor=actor)
        db.execute(
            "INSERT INTO file_closures (client_id, closed_on, reason, recorded_by, recorded_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(client_id) DO UPDATE SET "
            "closed_on = excluded.closed_on, reason = excluded.reason, "
            "recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at",
            (client_id, when.isoformat(), reason, actor.name, iso_now(vault.clock)),
        )


@allowed(Action.CLOSE_FILE)
def reopen_file(vault: Vault, client_id: int, *, actor: Actor) -> None:
    """Reopen a closed file (services resumed): its retention clock stops."""
    with writes.together(vault) as db:
        require_client(db, client_id)
        set_status(vault, client_id, "open", actor=actor)
        db.execute("DELETE FROM file_closures WHERE client_id = ?", (client_id,))


def closing_reason(vault: Vault, client_id: int) -> str:
    row = vault.db.execute(
        "SELECT reason FROM file_closures WHERE client_id = ?", (client_id,)
    ).fetchone()
    return "" if row is None else str(row[0])


@allowed(Action.LEGAL_HOLD)
def place_hold(
    vault: Vault, client_id: int, reason: str, on: date | None = None, *, actor: Actor
) -> int:
    """A legal hold (a subpoena received, litigation): the file is kept whatever the policy."""
    reason = " ".join(reason.split())
    if not reason:
        raise InvalidInput(
            "Please write the reason for the hold (for example: subpoena received on a date)."
        )
    if len(reason) > REASON_MAX:
        raise InvalidInput(
            f"The reason for the hold is too long (at most {REASON_MAX} characters)."
        )
    when = on or today(vault.clock)
    not_in_future(when, today(vault.clock), "the date of the hold")
    with writes.together(vault) as db:
        require_client(db, client_id)
        if active_hold(vault, client_id) is not None:
            raise InvalidInput(
                f"Client {client_id}'s file is already under a legal hold. Release it first to "
                "record a new one."
            )
        cur = db.execute(
            "INSERT INTO legal_holds (client_id, reason, placed_on, placed_by) VALUES (?, ?, ?, ?)",
            (client_id, reason, when.isoformat(), actor.name),
        )
        hold_id = int(cur.lastrowid)
        vault.audit("legal hold placed", client_id=client_id, hold_id=hold_id, actor=actor)
    return hold_id


@allowed(Action.LEGAL_HOLD)
def release_hold(vault: Vault, client_id: int, *, actor: Actor) -> Hold:
    with writes.together(vault) as db:
        require_client(db, client_id)
        hold = active_hold(vault, client_id)
        if hold is None:
            raise NotFound(f"Client {client_id}'s file is not under a legal hold.")
        db.execute(
            "UPDATE legal_holds SET released_on = ?, released_by = ? WHERE id = ?",
            (today(vault.clock).isoformat(), actor.name, hold.id),
        )
        vault.audit("legal hold released", client_id=client_id, hold_id=hold.id, actor=actor)
    return hold.model_copy(update={"released_on": today(vault.clock)})


def _hold(r: Row) -> Hold:
    return Hold(
        id=r[0], client_id=r[1], reason=r[2], placed_on=r[3], placed_by=r[4], released_on=r[5]
    )


_HOLD_COLS = "id, client_id, reason, placed_on, placed_by, released_on"


def active_hold(vault: Vault, client_id: int) -> Hold | None:
    r = vault.db.execute(
        f"SELECT {_HOLD_COLS} FROM legal_holds WHERE client_id = ? AND released_on IS NULL",  # noqa: S608
        (client_id,),
    ).fetchone()
    return None if r is None else _hold(r)


def holds(vault: Vault) -> list[Hold]:
    """Every hold in force, oldest first."""
    rows = vault.db.execute(
        f"SELECT {_HOLD_COLS} FROM legal_holds WHERE released_on IS NULL ORDER BY placed_on, id"  # noqa: S608
    )
    return [_hold(r) for r in rows]


def held_ids(db: Connection) -> set[int]:
    return {
        int(r[0]) for r in db.execute("SELECT client_id FROM legal_holds WHERE released_on IS NULL")
    }


def exists(db: Connection, client_id: int) -> bool:
    return db.execute("SELECT 1 FROM clients WHERE id = ?", (client_id,)).fetchone() is not None


__all__ = [
    "Hold",
    "active_hold",
    "close_file",
    "closing_reason",
    "exists",
    "held_ids",
    "holds",
    "place_hold",
    "release_hold",
    "reopen_file",
]
