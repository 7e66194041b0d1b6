"""A file closed to a staff member: "known to a staff member" (issue 28, Build 4).

DV programs close a survivor's file to a member who knows the survivor personally, or is
related to the person who caused harm. That member's session cannot find, open, count or
export the file, and every attempt is recorded, without naming the client to them.

To the member the file does not exist: :func:`require_open_to` refuses with exactly the
words of a file that is not there (``records.validation.require_client``), so the
refusal itself does not tell them the person is a client. The attempt is recorded in the
audit trail with the client's id (read by supervisors and administrators; the log's
view filters out, for a member, the files closed to them: the wiring round).

Every read of a client (a search, a list, a count, a file, an export, every road of the
gate) asks :func:`closed_to` or :func:`require_open_to` for the session's member; that
wiring is the next round's (docs/decisions.md, "Issue 28").
"""

from __future__ import annotations

from typing import Any

from safefile.clock import today
from safefile.errors import InvalidInput, NotFound
from safefile.records import writes
from safefile.records.validation import require_client
from safefile.staff import members
from safefile.staff.guard import allowed
from safefile.staff.roles import Action, roles_for
from safefile.store.actor import Actor
from safefile.store.vault import Vault

REASON_MAX = 500


def _not_found(client_id: int) -> NotFound:
    """The words require_client uses for a file that is not there (tested equal)."""
    return NotFound(f"There is no client with id {client_id}. Check the id with 'client list'.")


def is_closed_to(db: Any, client_id: int, member_uid: str) -> bool:
    row = db.execute(
        "SELECT 1 FROM known_to_staff k JOIN staff s ON s.id = k.member_id "
        "WHERE k.client_id = ? AND s.uid = ?",
        (client_id, member_uid),
    ).fetchone()
    return row is not None


def closed_to(db: Any, member_uid: str) -> frozenset[int]:
    """The ids of every client whose file is closed to the member (to leave out of what
    their session finds, lists and counts)."""
    rows = db.execute(
        "SELECT k.client_id FROM known_to_staff k JOIN staff s ON s.id = k.member_id "
        "WHERE s.uid = ?",
        (member_uid,),
    )
    return frozenset(int(r[0]) for r in rows)


def require_open_to(
    vault: Vault, client_id: int, member_uid: str, *, actor: Actor, road: str
) -> None:
    """Refuse, as if the file did not exist, when it is closed to the member; the attempt
    is recorded first (``road`` says which: "open", "export", "search"...)."""
    if not is_closed_to(vault.db, client_id, member_uid):
        return
    vault.audit("closed file refused", client_id, actor=actor, member=member_uid, road=road)
    raise _not_found(client_id)


@allowed(Action.MANAGE_STAFF)
def close_to(vault: Vault, client_id: int, member_uid: str, *, reason: str, actor: Actor) -> None:
    """Close the client's file to the member. Refused when no other active member who
    works files could still open it (a file no one can open cannot be cared for)."""
    reason = " ".join(reason.split())
    if len(reason) > REASON_MAX:
        raise InvalidInput(f"The reason is too long (at most {REASON_MAX} characters).")
    with writes.together(vault) as db:
        require_client(db, client_id)
        member = members.get(db, member_uid)
        if not member.active:
            raise InvalidInput("That staff member was removed: their session opens nothing.")
        if is_closed_to(db, client_id, member_uid):
            return
        workers = tuple(r.value for r in roles_for(Action.FIND_FILES))
        marks = ",".join("?" * len(workers))
        others = db.execute(
            f"SELECT count(*) FROM staff s WHERE s.active = 1 AND s.role IN ({marks}) "  # noqa: S608
            "AND s.uid != ? AND NOT EXISTS (SELECT 1 FROM known_to_staff k "
            "WHERE k.client_id = ? AND k.member_id = s.id)",
            (*workers, member_uid, client_id),
        ).fetchone()[0]
        if not others:
            raise InvalidInput(
                "No other staff member who works client files could open this file then. "
                "Add or choose another member for it first; nothing was changed."
            )
        db.execute(
            "INSERT INTO known_to_staff (client_id, member_id, reason, recorded_on, "
            "recorded_by) VALUES (?, ?, ?, ?, ?)",
            (client_id, member.id, reason, today(vault.clock).isoformat(), actor.name),
        )
        vault.audit("file closed to a staff member", client_id, actor=actor, member=member_uid)


@allowed(Action.MANAGE_STAFF)
def reopen_to(
    vault: Vault, client_id: int, member_uid: str, *, actor: Actor, actor_uid: str
) -> None:
    """Lift a closure (an administrator's decision); never by the member it closes."""
    if member_uid in (actor_uid, actor.uid, vault.actor.uid):  # the session, never only an argument
        raise InvalidInput(
            "A file closed to you cannot be reopened by you. Ask another administrator."
        )
    with writes.together(vault) as db:
        require_client(db, client_id)
        member = members.get(db, member_uid)
        gone = db.execute(
            "DELETE FROM known_to_staff WHERE client_id = ? AND member_id = ?",
            (client_id, member.id),
        ).rowcount
        if gone:
            vault.audit(
                "file reopened to a staff member", client_id, actor=actor, member=member_uid
            )


__all__ = ["close_to", "closed_to", "is_closed_to", "reopen_to", "require_open_to"]
