"""What the retention policy makes due, and what a legal hold keeps.

Each kind of record has its own period (settings.py): a client's file (everything
in it) and its process notes are kept a number of months after the file was
closed; process notes may go sooner than the rest of the file, never later (when a
file is destroyed nothing of it stays).  A file under a legal hold is never due,
whatever its dates, and is listed as held.  Open files are never due.

Entries that belong to no file (anonymous contacts, unmet shelter requests, survey
counts) are kept as long as a closed file, counted from the end of the federal fiscal
year they fall in, so that year's funder reports can still be made and checked.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date

from safefile import settings
from safefile.clock import today
from safefile.retention.closing import held_ids
from safefile.staff import guard
from safefile.store.vault import Vault


def add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class DueFile:
    client_id: int
    closed_on: date
    due_on: date


@dataclass
class Plan:
    """Ids are for the one running the destruction; nothing here is printed on a report."""

    on: date
    files: list[DueFile] = field(default_factory=list)
    process_notes: list[DueFile] = field(default_factory=list)  # files whose process notes go
    held: list[int] = field(default_factory=list)
    held_would_be_due: list[int] = field(default_factory=list)
    # entries of the record of sharing about destroyed files, past the sharing period
    sharing_entries: list[int] = field(default_factory=list)
    file_months: int = 12
    process_notes_months: int = 12
    sharing_months: int = 72
    # anonymous entries dated on or before this day are due (a fiscal year's last day)
    anonymous_through: date | None = None
    anonymous: dict[str, int] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return (
            not self.files
            and not self.process_notes
            and not self.sharing_entries
            and not any(self.anonymous.values())
        )


# Entries that belong to no client's file, by table: what the retention listing calls them.
ANONYMOUS = {
    "anonymous_contacts": "anonymous contacts",
    "shelter_unmet": "unmet shelter requests",
    "survey_counts": "survey counts",
}


def anonymous_cutoff(on: date, months: int) -> date | None:
    """The last day of the latest federal fiscal year whose entries are due on ``on``."""
    year = on.year
    while year > 1900:
        end = date(year, 9, 30)
        if add_months(end, months) <= on:
            return end
        year -= 1
    return None


def due(vault: Vault, on: date | None = None) -> Plan:
    on = on or today(vault.clock)
    s = settings.load(vault)
    plan = Plan(
        on=on,
        file_months=s.retention_months,
        process_notes_months=min(s.process_notes_months, s.retention_months),
        sharing_months=s.sharing_months,
    )
    held = held_ids(vault.db)
    plan.held = sorted(held)
    with_process = {
        int(r[0]) for r in vault.db.execute("SELECT DISTINCT client_id FROM process_notes")
    }
    rows = vault.db.execute(
        "SELECT id, closed_on FROM clients WHERE status = 'closed' ORDER BY closed_on, id"
    ).fetchall()
    # A file closed to the session's member is not in their plan: it is neither shown
    # to them nor destroyed by their run (another member's run destroys it; staff/guard.py).
    hidden = guard.closed_ids(vault)
    for client_id, closed in rows:
        if client_id in hidden:
            continue
        closed_on = date.fromisoformat(closed)
        file_due = add_months(closed_on, plan.file_months)
        notes_due = add_months(closed_on, plan.process_notes_months)
        if client_id in held:
            if file_due <= on or (client_id in with_process and notes_due <= on):
                plan.held_would_be_due.append(client_id)
            continue
        if file_due <= on:
            plan.files.append(DueFile(client_id, closed_on, file_due))
        elif client_id in with_process and notes_due <= on:
            plan.process_notes.append(DueFile(client_id, closed_on, notes_due))
    plan.anonymous_through = anonymous_cutoff(on, plan.file_months)
    if plan.anonymous_through is not None:
        for table, what in ANONYMOUS.items():
            plan.anonymous[what] = int(
                vault.db.execute(
                    f"SELECT count(*) FROM {table} WHERE on_date <= ?",  # noqa: S608
                    (plan.anonymous_through.isoformat(),),
                ).fetchone()[0]
            )
    cutoff = add_months(on, -plan.sharing_months).isoformat()
    plan.sharing_entries = [
        int(r[0])
        for r in vault.db.execute(
            "SELECT seq FROM disclosures WHERE redacted IS NOT NULL AND substr(at, 1, 10) < ? "
            "AND detail NOT LIKE '%\"expired\"%' ORDER BY seq",
            (cutoff,),
        )
    ]
    return plan


@dataclass(frozen=True)
class Line:
    """One file as the Retention screen lists it (names are for the user's screen only)."""

    client_id: int
    name: str
    closed_on: str
    due_on: str
    what: str


def listing(vault: Vault, p: Plan) -> tuple[list[Line], list[Line]]:
    """(what is due, what is held) with names, for the one deciding."""
    from safefile.retention.closing import holds

    def name(cid: int) -> tuple[str, str]:
        r = vault.db.execute("SELECT name, closed_on FROM clients WHERE id = ?", (cid,)).fetchone()
        return (str(r[0]), str(r[1] or "")) if r else ("", "")

    due = [
        Line(f.client_id, name(f.client_id)[0], str(f.closed_on), str(f.due_on), "the whole file")
        for f in p.files
    ] + [
        Line(f.client_id, name(f.client_id)[0], str(f.closed_on), str(f.due_on), "process notes")
        for f in p.process_notes
    ]
    held = []
    for h in holds(vault):
        n, closed = name(h.client_id)
        note = " (would otherwise be due)" if h.client_id in p.held_would_be_due else ""
        held.append(Line(h.client_id, n, closed, "", f"held since {h.placed_on}: {h.reason}{note}"))
    return due, held
