"""A client's requests for their own copy (right of access), from receipt to answer.

DOMAIN.md, "Three other roads": the request is recorded with its date and how the
requester's identity was checked (for a personal representative, their capacity
and authority; never a person named as having caused harm); it is due within 30
calendar days; one extension of 30 days is allowed, only with a written reason
given to the client within the first 30 days.  The export that answers a request
is tied to it, so a late answer is seen and an overdue request is listed.

Days are calendar days in the workstation's time zone: a request received on
2026-11-01 is due on 2026-12-01 and is overdue from 2026-12-02.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from pydantic import BaseModel

from safefile.clock import iso_now, today
from safefile.consent import details, log
from safefile.consent.decision import refuse
from safefile.consent.kinds import Road
from safefile.consent.people import minor_on, recorded_match, restriction_match
from safefile.errors import ConsentRefused, InvalidInput, NotFound
from safefile.numbers import whole_number
from safefile.records import writes
from safefile.records.clients import get_client
from safefile.staff import guard
from safefile.staff.guard import allowed
from safefile.staff.roles import Action
from safefile.store.actor import Actor
from safefile.store.vault import Vault

DUE_DAYS = 30  # an own copy is due this many calendar days after the request: the one home
EXTENSION_DAYS = 30
CAPACITIES = {
    "parent": "a parent",
    "guardian": "a legal guardian",
    "personal-representative": "a personal representative",
}

RESTRICTED = (
    "The person asking is on this client's restricted list: nothing about the client is "
    "given to them, and no request from them is accepted."
)
RESTRICTED_MAYBE = (
    "The person asking may be the restricted person (a name like one on this client's "
    "restricted list): nothing about the client is given to them, and no request from them "
    "is accepted."
)


def minor_needs_representative(why: str) -> str:
    """The refusal of a minor's own copy without a representative, with the way through."""
    return (
        f"The client is a minor ({why}): a minor's own copy is given to a parent or guardian "
        "who asked for it. Record the request with the representative, their capacity and "
        "their authority (own-copy request --representative NAME --capacity parent|guardian|"
        "personal-representative --authority TEXT), then export --own-copy --request OC-N."
    )


class OwnCopyRequest(BaseModel):
    id: int
    client_id: int
    received_on: date
    identity_checked_by: str
    representative: str
    capacity: str
    authority: str
    due_on: date
    extended_to: date | None
    extension_reason: str | None
    client_told_on: date | None
    answered_entry: str | None
    answered_at: str | None
    created_at: str
    recorded_by: str
    extension_recorded_on: date | None = None

    @property
    def extension_late(self) -> bool:
        """Whether the extension was typed in after the day the client was told of it."""
        return (
            self.client_told_on is not None
            and self.extension_recorded_on is not None
            and self.extension_recorded_on > self.client_told_on
        )

    @property
    def ref(self) -> str:
        return f"OC-{self.id}"

    @property
    def due(self) -> date:
        """The date it is due now: the extended date if it was extended."""
        return self.extended_to or self.due_on

    def overdue_on(self, on: date) -> bool:
        return self.answered_entry is None and on > self.due

    def state(self, on: date) -> str:
        if self.answered_entry:
            return f"answered on {str(self.answered_at)[:10]} ({self.answered_entry})"
        days = (self.due - on).days
        if days < 0:
            return f"OVERDUE: was due on {self.due} ({-days} days late)"
        if days == 0:
            return f"due today ({self.due})"
        return f"due on {self.due} (in {days} days)"

    @property
    def requester(self) -> str:
        if not self.representative:
            return "the client"
        return f"{self.representative}, {CAPACITIES.get(self.capacity, self.capacity)}"


# A fixed list of column names, never user input: the f-strings below are safe.
_COLUMNS = (
    "id, client_id, received_on, identity_checked_by, representative, capacity, authority, "
    "due_on, extended_to, extension_reason, client_told_on, answered_entry, answered_at, "
    "created_at, recorded_by, extension_recorded_on"
)


def _row(r: Any) -> OwnCopyRequest:
    return OwnCopyRequest(**dict(zip(_COLUMNS.split(", "), r, strict=True)))


def parse_ref(text: str | int) -> int:
    n = whole_number(str(text).strip().upper().removeprefix("OC-"))
    if n is None or n < 1:
        raise InvalidInput(f"'{text}' is not an own-copy request; write it as OC-3 or 3.")
    return n


def get_request(vault: Vault, ref: str | int) -> OwnCopyRequest:
    rid = parse_ref(ref)
    sql = f"SELECT {_COLUMNS} FROM own_copy_requests WHERE id = ?"  # noqa: S608
    r = vault.db.execute(sql, (rid,)).fetchone()
    if r is None:
        raise NotFound(f"There is no own-copy request OC-{rid}.")
    return _row(r)


def list_requests(
    vault: Vault, client_id: int | None = None, *, overdue: bool = False, open_only: bool = False
) -> list[OwnCopyRequest]:
    """Requests (a client's, or all), oldest first; ``overdue``: only those past due
    and not answered; ``open_only``: only those not answered."""
    sql = f"SELECT {_COLUMNS} FROM own_copy_requests"  # noqa: S608
    params: tuple[Any, ...] = ()
    if client_id is not None:
        sql += " WHERE client_id = ?"
        params = (client_id,)
    rows = [_row(r) for r in vault.db.execute(sql + " ORDER BY received_on, id", params)]
    closed = guard.closed_ids(vault)  # a file closed to the member: not on their list
    rows = [r for r in rows if r.client_id not in closed]
    on = today(vault.clock)
    if overdue:
        rows = [r for r in rows if r.overdue_on(on)]
    if open_only:
        rows = [r for r in rows if r.answered_entry is None]
    return rows


def due_on(received_on: date) -> date:
    """When an own copy asked for on ``received_on`` is due (before any extension)."""
    return received_on + timedelta(days=DUE_DAYS)


@allowed(Action.SHARE)
def record_request(
    vault: Vault,
    client_id: int,
    *,
    received_on: date,
    identity_checked_by: str,
    representative: str = "",
    capacity: str = "",
    authority: str = "",
    actor: Actor,
) -> OwnCopyRequest:
    """Record a request for the client's own copy; it is due 30 calendar days later.

    Refused (InvalidInput, nothing recorded) without an identity check, with a date
    in the future, or for a representative without capacity and authority; refused
    for a person on the client's restriction list (ConsentRefused, exit 3, recorded).
    """
    client = get_client(vault, client_id)
    on = today(vault.clock)
    problems: list[str] = []
    checked = " ".join(identity_checked_by.split())
    if not checked:
        problems.append(
            "Record how the requester's identity was checked (for example: photo ID seen "
            "in person, or rang back on the number in the file)."
        )
    if received_on > on:
        problems.append(f"The date received ({received_on}) is in the future.")
    rep = " ".join(representative.split())
    cap = capacity.strip()
    auth = " ".join(authority.split())
    if rep:
        if cap not in CAPACITIES:
            problems.append(
                "For a request made on the client's behalf, record the representative's "
                "capacity: parent, guardian or personal-representative."
            )
        if not auth:
            problems.append(
                "For a request made on the client's behalf, record the representative's "
                "authority (for example: court order of guardianship, seen and copied)."
            )
    elif cap or auth:
        problems.append(
            "A capacity or authority needs the representative's name (--representative)."
        )
    if problems:
        raise InvalidInput("\n".join(problems))
    match = restriction_match(vault, client.id, rep, checked)
    minor = minor_on(client, received_on)
    why: list[str] = []
    if match is not None:
        why.append(RESTRICTED if match.full else RESTRICTED_MAYBE)
    if minor.minor and not rep:
        why.append(minor_needs_representative(minor.why))
    if why:
        # Refused and recorded (exit 3), without naming the person in the record.
        refusal = refuse(
            vault,
            details.Refused(
                road=Road.OWN_COPY,
                recipient="a representative of the client" if rep else "the client",
                purpose="client's right of access",
                received_on=received_on.isoformat(),
                **recorded_match(match),
                reasons=why,
            ),
            actor=actor,
            client_id=client.id,
        )
        raise ConsentRefused(why, refusal.log_ref)
    due = due_on(received_on)
    with writes.together(vault) as db:
        cur = db.execute(
            "INSERT INTO own_copy_requests (client_id, received_on, identity_checked_by, "
            "representative, capacity, authority, due_on, created_at, recorded_by) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                client.id,
                received_on.isoformat(),
                checked,
                rep,
                cap if rep else "",
                auth if rep else "",
                due.isoformat(),
                iso_now(vault.clock),
                vault.user_name,
            ),
        )
        rid = int(cur.lastrowid)
        log.append(
            vault,
            details.Incoming(
                road="own copy",
                own_copy_request=f"OC-{rid}",
                requester=rep or "the client",
                organisation="",
                job_title=CAPACITIES.get(cap, "") if rep else "",
                authority=auth if rep else "",
                identity_confirmed_by=checked,
                reason="the client's right of access to their own record",
                summary="a copy of the client's own record",
                decision="pending",
                decision_reasons="",
                received_on=received_on.isoformat(),
                due_on=due.isoformat(),
            ),
            client_id=client.id,
            actor=actor,
        )
        vault.audit(
            "own-copy request recorded", client_id=client.id, request=f"OC-{rid}", actor=actor
        )
    return get_request(vault, rid)


@allowed(Action.SHARE)
def extend(
    vault: Vault, ref: str | int, *, reason: str, told_on: date, actor: Actor
) -> OwnCopyRequest:
    """The one extension of 30 days, with a written reason given to the client within
    the first 30 days.  Refused (InvalidInput, nothing changed) otherwise.

    The 30 days are checked against ``told_on``, the day the client was told, not the
    day it is typed: an extension given in time may be recorded later, and the request
    then keeps the day it was recorded, so it says it was recorded late."""
    req = get_request(vault, ref)
    on = today(vault.clock)
    first_end = due_on(req.received_on)
    problems: list[str] = []
    if req.answered_entry:
        problems.append(f"Request {req.ref} was already answered ({req.answered_entry}).")
    if req.extended_to is not None:
        problems.append(
            f"Request {req.ref} was already extended once, to {req.extended_to}; only one "
            "extension is allowed. Provide the copy now."
        )
    text = " ".join(reason.split())
    if not text:
        problems.append("Write the reason for the extension, as it was given to the client.")
    if told_on > on:
        problems.append(f"The date the client was told ({told_on}) is in the future.")
    elif told_on < req.received_on:
        problems.append(
            f"The date the client was told ({told_on}) is before the request was received "
            f"({req.received_on})."
        )
    elif told_on > first_end:
        problems.append(
            f"Request {req.ref} can no longer be extended: the client was told on {told_on}, "
            f"after the first {DUE_DAYS} days ended on {first_end}; the extension had to be "
            "given within them. Provide the copy now."
        )
    if problems:
        raise InvalidInput("\n".join(problems))
    new_due = req.due_on + timedelta(days=EXTENSION_DAYS)
    with writes.together(vault) as db:
        db.execute(
            "UPDATE own_copy_requests SET extended_to = ?, extension_reason = ?, "
            "client_told_on = ?, extension_recorded_on = ? WHERE id = ?",
            (new_due.isoformat(), text, told_on.isoformat(), on.isoformat(), req.id),
        )
        vault.audit(
            "own-copy request extended",
            client_id=req.client_id,
            request=req.ref,
            due_on=new_due.isoformat(),
            told_on=told_on.isoformat(),
            recorded_late_days=(on - told_on).days,
            actor=actor,
        )
    return get_request(vault, req.id)


@allowed(Action.SHARE)
def answered(vault: Vault, ref: str | int, entry_ref: str, *, actor: Actor) -> OwnCopyRequest:
    """Tie the export that answered the request (its record-of-sharing entry) to it."""
    req = get_request(vault, ref)
    if req.answered_entry:
        raise InvalidInput(f"Request {req.ref} was already answered ({req.answered_entry}).")
    with writes.together(vault) as db:
        db.execute(
            "UPDATE own_copy_requests SET answered_entry = ?, answered_at = ? WHERE id = ?",
            (entry_ref, iso_now(vault.clock), req.id),
        )
        vault.audit(
            "own-copy request answered", client_id=req.client_id, request=req.ref, actor=actor
        )
    return get_request(vault, req.id)


def check_answerable(vault: Vault, ref: str | int, client_id: int) -> OwnCopyRequest:
    """The request an export is about to answer, or InvalidInput saying why it cannot be."""
    req = get_request(vault, ref)
    if req.client_id != client_id:
        raise InvalidInput(f"Request {req.ref} is from another client, not this one.")
    if req.answered_entry:
        raise InvalidInput(
            f"Request {req.ref} was already answered ({req.answered_entry}). Record a new "
            "request for another copy."
        )
    return req


def lateness(req: OwnCopyRequest, on: date) -> str:
    """A warning when the answer is late ("" when it is on time)."""
    if on <= req.due:
        return ""
    return (
        f"Warning: request {req.ref} was due on {req.due}; this copy is {(on - req.due).days} "
        "days late. The record shows it."
    )


__all__ = [
    "CAPACITIES",
    "DUE_DAYS",
    "OwnCopyRequest",
    "answered",
    "check_answerable",
    "extend",
    "get_request",
    "lateness",
    "minor_needs_representative",
    "list_requests",
    "record_request",
]
