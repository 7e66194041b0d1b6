"""The client was told at intake how their information is kept and shared, and its limits.

Three statements, each recorded as given or not (none is assumed): how the information is
kept (encrypted, the minimum, for how long), how it is shared (only on the client's written
release, with the other roads out), and its limits (mandated reporting, court orders).
With the day, who told them, and whether they got the program's written notice
(resources/intake_notice.txt).  A file whose newest acknowledgement lacks one of them
shows what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from importlib import resources

from safefile.clock import iso_now, today
from safefile.errors import InvalidInput
from safefile.records.validation import not_in_future, require_client
from safefile.records.writes import Actor, change
from safefile.staff.guard import allowed
from safefile.staff.roles import Action
from safefile.store.vault import Vault

STATEMENTS = {
    "kept": "how their information is kept",
    "shared": "how and when it is shared",
    "limits": "the limits of confidentiality (mandated reporting, court orders)",
}


@dataclass(frozen=True)
class Acknowledgement:
    told_on: date
    told_by: str
    told: tuple[str, ...]
    notice_given: bool

    @property
    def missing(self) -> list[str]:
        return [STATEMENTS[k] for k in STATEMENTS if k not in self.told]


def notice_text() -> str:
    """The program's written notice, as shipped (a program may print its own)."""
    return resources.files("safefile.resources").joinpath("intake_notice.txt").read_text("utf-8")


def parse_told(text: str) -> tuple[str, ...]:
    items = [t.strip().lower() for t in text.split(",") if t.strip()]
    unknown = [t for t in items if t not in STATEMENTS]
    if unknown:
        raise InvalidInput(f"'{unknown[0]}' is not one of the statements: {', '.join(STATEMENTS)}.")
    return tuple(k for k in STATEMENTS if k in items)


@allowed(Action.EDIT_FILES)
def record(
    vault: Vault,
    client_id: int,
    *,
    told_on: date,
    told_by: str,
    told: tuple[str, ...],
    notice_given: bool,
    actor: Actor,
) -> Acknowledgement:
    not_in_future(told_on, today(vault.clock), "the day the client was told")
    who = " ".join(told_by.split())
    if not who:
        raise InvalidInput("Write who told the client (the staff member's name).")
    if not told:
        raise InvalidInput(
            "Record at least one statement the client was given: " + ", ".join(STATEMENTS) + "."
        )
    with change(vault, actor) as ch:
        require_client(ch.db, client_id)
        opened = ch.db.execute(
            "SELECT intake_date FROM clients WHERE id = ?", (client_id,)
        ).fetchone()[0]
        if told_on.isoformat() < str(opened):
            raise InvalidInput(
                f"The client was told on {told_on}, before the file was opened ({opened})."
            )
        ch.db.execute(
            "INSERT INTO intake_acknowledgements (client_id, told_on, told_by, how_kept, "
            "how_shared, limits, notice_given, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                client_id,
                told_on.isoformat(),
                who,
                int("kept" in told),
                int("shared" in told),
                int("limits" in told),
                int(notice_given),
                iso_now(vault.clock),
            ),
        )
        ch.audit("intake acknowledgement recorded", client_id=client_id)
    return Acknowledgement(told_on, who, told, notice_given)


def latest(vault: Vault, client_id: int) -> Acknowledgement | None:
    r = vault.db.execute(
        "SELECT told_on, told_by, how_kept, how_shared, limits, notice_given "
        "FROM intake_acknowledgements WHERE client_id = ? ORDER BY id DESC LIMIT 1",
        (client_id,),
    ).fetchone()
    if r is None:
        return None
    told = tuple(k for k, v in zip(STATEMENTS, (r[2], r[3], r[4]), strict=True) if v)
    return Acknowledgement(date.fromisoformat(r[0]), str(r[1]), told, bool(r[5]))
