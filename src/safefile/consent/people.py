"""Who may consent for a client: minors, and people from whom no consent is accepted.

**Minors** (docs/rules.md, "Who may consent").  A client is a minor on a day when:

* their full birth date shows them under 18 that day; a full birth date decides,
  whatever the household says (an adult born in 1990 recorded as a household's
  "child" is an adult);
* only the birth year is known and the year leaves it possible (the safer
  reading); the user is asked to complete the date;
* no birth date is known and they are recorded as a household's child.

**Restricted people.**  A client's file (and each member of a household) can name
people from whom no consent is ever accepted and who never receive information: a
release they signed or co-signed, a recipient whose contact person they are, or an
own copy asked for by them is refused.  Names are compared after folding case,
accents and spaces.  The list is confidential: it is never exported, and a reason
recorded in the record of sharing says that a restricted person is involved
without naming them.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date

from safefile.clock import iso_now
from safefile.errors import InvalidInput
from safefile.records.clients import get_client
from safefile.records.models import Client
from safefile.records.validation import require_client
from safefile.records.writes import Actor, change
from safefile.store.vault import Vault

ADULT_AGE = 18
COMPLETE_BIRTH_DATE = (
    "Only the birth year is recorded, so the client may have been under 18: they are "
    "treated as a minor. Complete the birth date in the client's file."
)


@dataclass(frozen=True)
class MinorStatus:
    minor: bool
    why: str  # in plain words, for the user
    year_only: bool = False  # the birth date should be completed


def minor_on(client: Client, on: date) -> MinorStatus:
    """Whether ``client`` is a minor on ``on``, and why (see the module docstring)."""
    born = (client.born or "").strip()
    if len(born) == 10:
        b = date.fromisoformat(born)
        age = on.year - b.year - ((on.month, on.day) < (b.month, b.day))
        if age < ADULT_AGE:
            return MinorStatus(True, f"under 18 on {on} (born {born})")
        return MinorStatus(False, f"18 or over on {on} (born {born})")
    if len(born) == 4 and born.isdigit():
        youngest_age = on.year - int(born) - 1  # born on 31 December of that year
        if youngest_age < ADULT_AGE:
            return MinorStatus(True, f"possibly under 18 on {on} (born in {born})", True)
        return MinorStatus(False, f"18 or over on {on} (born in {born})")
    if client.household_role == "child":
        return MinorStatus(True, "recorded as a child in a household, with no birth date")
    return MinorStatus(False, "no birth date recorded and not recorded as a child")


# --- restricted people -------------------------------------------------------------------


def fold(name: str) -> str:
    """A name compared without case, accents or extra spaces."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return " ".join(plain.casefold().split())


@dataclass(frozen=True)
class Restriction:
    id: int
    client_id: int
    person: str
    reason: str
    added_by: str
    added_at: str


def add_restriction(
    vault: Vault, client_id: int, person: str, reason: str, *, actor: Actor | None = None
) -> int:
    """Name a person from whom no consent is accepted for this client and their household."""
    person, reason = " ".join(person.split()), reason.strip()
    missing = [w for w, v in (("the person's name", person), ("the reason", reason)) if not v]
    if missing:
        raise InvalidInput("Please record " + " and ".join(missing) + ".")
    with change(vault, actor) as ch:
        require_client(ch.db, client_id)
        if fold(person) in {fold(r.person) for r in _own(vault, client_id)}:
            raise InvalidInput("This person is already on the client's restricted list.")
        rid = ch.insert(
            "INSERT INTO restrictions (client_id, person, reason, added_by, added_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (client_id, person, reason, ch.actor.name, iso_now(vault.clock)),
        )
        ch.audit("restriction added", client_id=client_id, restriction=rid)
    return rid


def _own(vault: Vault, client_id: int) -> list[Restriction]:
    rows = vault.db.execute(
        "SELECT id, client_id, person, reason, added_by, added_at FROM restrictions "
        "WHERE client_id = ? ORDER BY id",
        (client_id,),
    ).fetchall()
    return [Restriction(*r) for r in rows]


def restrictions_for(vault: Vault, client_id: int) -> list[Restriction]:
    """The people restricted for this client: on their file or a household member's."""
    client = get_client(vault, client_id)
    ids = [client_id]
    if client.household_id is not None:
        ids = [
            int(r[0])
            for r in vault.db.execute(
                "SELECT id FROM clients WHERE household_id = ? ORDER BY id",
                (client.household_id,),
            )
        ]
    out: list[Restriction] = []
    for cid in ids:
        out += _own(vault, cid)
    return out


def list_restrictions(
    vault: Vault, client_id: int, *, actor: Actor | None = None
) -> list[Restriction]:
    """The restricted list as a person reads it; reading it is audited."""
    found = restrictions_for(vault, client_id)
    vault.audit("restrictions viewed", client_id, actor=actor)
    return found


def restricted(vault: Vault, client_id: int, *names: str) -> list[str]:
    """Those of ``names`` (as given) that are restricted for this client."""
    banned = {fold(r.person) for r in restrictions_for(vault, client_id)}
    return [n for n in names if n.strip() and fold(n) in banned]


__all__ = [
    "COMPLETE_BIRTH_DATE",
    "MinorStatus",
    "Restriction",
    "add_restriction",
    "fold",
    "list_restrictions",
    "minor_on",
    "restricted",
    "restrictions_for",
]
