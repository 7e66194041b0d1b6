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
own copy asked for by them, a request from them granted, or a disclosure required by law
to them without a recorded override is refused.  Names are compared as
consent/names.py says (normalised, look-alike letters mapped, full and partial
matches, aliases); :func:`restriction_match` is the one function that decides.  The
list is confidential: it is never exported, and a reason
recorded in the record of sharing says that a restricted person is involved
without naming them.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import TypedDict

from safefile.clock import iso_now
from safefile.consent import names as names_mod
from safefile.errors import InvalidInput
from safefile.records.clients import get_client
from safefile.records.models import Client
from safefile.records.validation import require_client
from safefile.records.writes import Actor, change
from safefile.staff.guard import allowed
from safefile.staff.roles import Action
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
            return MinorStatus(True, f"under 18 on {on}, born {born}")
        return MinorStatus(False, f"18 or over on {on}, born {born}")
    if len(born) == 4 and born.isdigit():
        youngest_age = on.year - int(born) - 1  # born on 31 December of that year
        if youngest_age < ADULT_AGE:
            return MinorStatus(True, f"possibly under 18 on {on}, born in {born}", True)
        return MinorStatus(False, f"18 or over on {on}, born in {born}")
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
    aliases: tuple[str, ...] = ()


WITHHELD = "(not recorded: a name like one on the client's restricted list)"
# What a refusal says of a match: never the restricted person's name.
IS_RESTRICTED = "is on this client's restricted list"
MAY_BE_RESTRICTED = (
    "may be the restricted person (a name like one on this client's restricted list)"
)


@dataclass(frozen=True)
class Match:
    """A name given on a road matched a person restricted for the client.

    ``says`` is what a refusal says of the person (never their name); ``full`` is False
    for a partial match or an alias ("may be the restricted person")."""

    given: str
    restriction_id: int
    full: bool

    @property
    def says(self) -> str:
        return IS_RESTRICTED if self.full else MAY_BE_RESTRICTED

    @property
    def extent(self) -> str:
        """How the record of sharing keeps it (``restriction_match``): the kind of match,
        never the names."""
        return "full" if self.full else "partial"


class RecordedMatch(TypedDict, total=False):
    restriction_match: str


def recorded_match(m: Match | None) -> RecordedMatch:
    """``restriction_match`` for an entry's detail (consent/details.py), only when there is
    a match (an entry without one has never held the key)."""
    return RecordedMatch() if m is None else RecordedMatch(restriction_match=m.extent)


def _aliases_of(vault: Vault, rid: int) -> tuple[str, ...]:
    has = vault.db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'restriction_aliases'"
    ).fetchone()
    if not has:
        return ()
    return tuple(
        str(r[0])
        for r in vault.db.execute(
            "SELECT alias FROM restriction_aliases WHERE restriction_id = ? ORDER BY id", (rid,)
        )
    )


@allowed(Action.RESTRICT_PERSON)
def add_restriction(
    vault: Vault,
    client_id: int,
    person: str,
    reason: str,
    *,
    aliases: tuple[str, ...] | list[str] = (),
    actor: Actor,
) -> int:
    """Name a person from whom no consent is accepted for this client and their household,
    with the other names (nicknames) they go by."""
    person, reason = " ".join(person.split()), reason.strip()
    missing = [w for w, v in (("the person's name", person), ("the reason", reason)) if not v]
    if missing:
        raise InvalidInput("Please record " + " and ".join(missing) + ".")
    names = [" ".join(a.split()) for a in aliases]
    if any(not a or not names_mod.key(a) for a in names):
        raise InvalidInput("An alias must be a name (letters), not empty.")
    if not names_mod.key(person):
        raise InvalidInput("The person's name must contain letters.")
    with change(vault, actor) as ch:
        require_client(ch.db, client_id)
        if fold(person) in {fold(r.person) for r in _own(vault, client_id)}:
            raise InvalidInput("This person is already on the client's restricted list.")
        rid = ch.insert(
            "INSERT INTO restrictions (client_id, person, reason, added_by, added_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (client_id, person, reason, ch.actor.name, iso_now(vault.clock)),
        )
        for alias in dict.fromkeys(names):
            ch.insert(
                "INSERT INTO restriction_aliases (restriction_id, alias, added_by, added_at) "
                "VALUES (?, ?, ?, ?)",
                (rid, alias, ch.actor.name, iso_now(vault.clock)),
            )
        ch.audit("restriction added", client_id=client_id, restriction=rid, aliases=len(names))
    return rid


def _own(vault: Vault, client_id: int) -> list[Restriction]:
    rows = vault.db.execute(
        "SELECT id, client_id, person, reason, added_by, added_at FROM restrictions "
        "WHERE client_id = ? ORDER BY id",
        (client_id,),
    ).fetchall()
    return [
        Restriction(
            int(r[0]),
            int(r[1]),
            str(r[2]),
            str(r[3]),
            str(r[4]),
            str(r[5]),
            aliases=_aliases_of(vault, int(r[0])),
        )
        for r in rows
    ]


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


@allowed(Action.FIND_FILES)
def list_restrictions(vault: Vault, client_id: int, *, actor: Actor) -> list[Restriction]:
    """The restricted list as a person reads it; reading it is audited."""
    found = restrictions_for(vault, client_id)
    vault.audit("restrictions viewed", client_id, actor=actor)
    return found


def restriction_match(vault: Vault, client_id: int, *names: str) -> Match | None:
    """THE decision whether any of ``names`` (people or organisations met on a road) is, or
    may be, a person restricted for this client (their own list, and every household
    member's).  Every road out consults it (tests/consent/test_gate_roads.py enumerates the
    roads from the code).  A full match comes before a partial one."""
    has_list = vault.db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'restrictions'"
    ).fetchone()
    if not has_list:
        return None
    found: list[Match] = []
    for r in restrictions_for(vault, client_id):
        for n in names:
            if not n or not n.strip():
                continue
            m = names_mod.match(n, r.id, r.person, r.aliases)
            if m is not None:
                found.append(Match(n, r.id, m.kind == names_mod.FULL and not m.by_alias))
    if not found:
        return None
    return next((m for m in found if m.full), found[0])


def restricted(vault: Vault, client_id: int, *names: str) -> list[str]:
    """Those of ``names`` (as given) that are, or may be, restricted for this client
    (each decided by :func:`restriction_match`)."""
    return [n for n in names if restriction_match(vault, client_id, n) is not None]


__all__ = [
    "COMPLETE_BIRTH_DATE",
    "IS_RESTRICTED",
    "WITHHELD",
    "MAY_BE_RESTRICTED",
    "Match",
    "RecordedMatch",
    "MinorStatus",
    "Restriction",
    "add_restriction",
    "fold",
    "list_restrictions",
    "minor_on",
    "recorded_match",
    "restricted",
    "restriction_match",
    "restrictions_for",
]
