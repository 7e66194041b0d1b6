"""The staff table: who the members are, their role and their public keys (issue 28).

This module records members in the database; their key slots live in the key file
(store/memberslots.py) and are written by the key ring when a member is added or removed (the
wiring round: docs/decisions.md, "Issue 28"). Each change is audited. Who may call these
(an administrator: ``roles.Action.MANAGE_STAFF``) is checked by the caller holding the
session, before it calls them.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from safefile.clock import today
from safefile.errors import InvalidInput, NotFound
from safefile.records import writes
from safefile.staff.guard import allowed
from safefile.staff.roles import Action, Role
from safefile.store.actor import Actor
from safefile.store.memberslots import PublicKeys, name_key
from safefile.store.vault import Vault

NAME_MAX = 120
CREDENTIALS_MAX = 120
_COLUMNS = "id, uid, name, credentials, role, x25519_public, ed25519_public, active"


@dataclass(frozen=True)
class Member:
    id: int
    uid: str
    name: str
    credentials: str
    role: Role
    public: PublicKeys
    active: bool

    @property
    def signs_as(self) -> str:
        """As the member signs: "Dana Whitfield, LCSW"."""
        return ", ".join(x for x in (self.name, self.credentials) if x)


def _member(row: Any) -> Member:
    return Member(
        int(row[0]),
        str(row[1]),
        str(row[2]),
        str(row[3]),
        Role(row[4]),
        PublicKeys(bytes(row[5]), bytes(row[6])),
        bool(row[7]),
    )


def _clean(text: str, what: str, most: int, *, required: bool) -> str:
    text = " ".join(unicodedata.normalize("NFC", text).split())
    if required and not text:
        raise InvalidInput(f"The {what} is empty. Type it and try again.")
    if len(text) > most:
        raise InvalidInput(f"The {what} is too long (at most {most} characters).")
    return text


def get(db: Any, uid: str) -> Member:
    row = db.execute(f"SELECT {_COLUMNS} FROM staff WHERE uid = ?", (uid,)).fetchone()  # noqa: S608
    if row is None:
        raise NotFound("There is no such staff member. Check the name with 'staff list'.")
    return _member(row)


def find_active(db: Any, name: str) -> Member:
    """The active member of that name (case and spaces do not matter)."""
    row = db.execute(
        f"SELECT {_COLUMNS} FROM staff WHERE active = 1 AND name_key = ?",  # noqa: S608
        (name_key(name),),
    ).fetchone()
    if row is None:
        raise NotFound(f"There is no active staff member named {name!r}. See 'staff list'.")
    return _member(row)


def listed(db: Any, *, removed: bool = False) -> list[Member]:
    """Active members by name (and removed ones after them when ``removed``)."""
    where = "" if removed else "WHERE active = 1"
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM staff {where} ORDER BY active DESC, name_key, id"  # noqa: S608
    )
    return [_member(r) for r in rows]


@allowed(Action.MANAGE_STAFF)
def record_member(
    vault: Vault,
    *,
    uid: str,
    name: str,
    role: Role,
    public: PublicKeys,
    actor: Actor,
    credentials: str = "",
) -> Member:
    """Record a new member (their key slot is written to the key file by the caller)."""
    name = _clean(name, "staff member's name", NAME_MAX, required=True)
    credentials = _clean(credentials, "credentials", CREDENTIALS_MAX, required=False)
    with writes.together(vault) as db:
        taken = db.execute(
            "SELECT active FROM staff WHERE name_key = ?", (name_key(name),)
        ).fetchone()
        if taken and taken[0]:
            raise InvalidInput(
                f"There is already an active staff member named {name!r}. "
                "Add the second with a middle initial or a surname to tell them apart."
            )
        if taken:  # a removed member's notes and entries keep their name: never another's
            raise InvalidInput(
                f"A staff member named {name!r} was removed from this vault; their notes "
                "and entries keep that name, so no one else may take it. Add the new "
                "member with a middle initial or a surname."
            )
        db.execute(
            "INSERT INTO staff (uid, name, name_key, credentials, role, x25519_public, "
            "ed25519_public, added_on, added_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                uid,
                name,
                name_key(name),
                credentials,
                role.value,
                public.x25519,
                public.ed25519,
                today(vault.clock).isoformat(),
                actor.name,
            ),
        )
        # The public signing key in the entry: once signed by the member who adds, it is
        # what vouches for the row (store/signatures.py: a row no verifying entry added
        # is damage, so a key holder cannot plant a member to sign in another's name).
        vault.audit(
            "staff member added",
            actor=actor,
            member=uid,
            role=role.value,
            ed25519=public.ed25519.hex(),
        )
        return get(db, uid)


def _active_administrators(db: Any) -> int:
    return int(
        db.execute(
            "SELECT count(*) FROM staff WHERE active = 1 AND role = ?",
            (Role.ADMINISTRATOR.value,),
        ).fetchone()[0]
    )


def _keep_an_administrator(db: Any, member: Member) -> None:
    if member.role is Role.ADMINISTRATOR and _active_administrators(db) <= 1:
        raise InvalidInput(
            "This is the vault's only administrator: the vault would have no one to manage "
            "its staff and keys. Make another member an administrator first."
        )


def refuse_last_administrator(db: Any, member: Member) -> None:
    """``InvalidInput`` when ``member`` is the vault's only active administrator (checked
    before a removal's re-key, which must not start for a removal that will be refused)."""
    _keep_an_administrator(db, member)


@allowed(Action.MANAGE_STAFF)
def change_role(vault: Vault, uid: str, role: Role, *, actor: Actor) -> Member:
    with writes.together(vault) as db:
        member = get(db, uid)
        if not member.active:
            raise InvalidInput("That staff member was removed; a removed member has no role.")
        if member.role is role:
            return member
        if role is not Role.ADMINISTRATOR:
            _keep_an_administrator(db, member)
        db.execute("UPDATE staff SET role = ? WHERE uid = ?", (role.value, uid))
        vault.audit(
            "staff role changed", actor=actor, member=uid, role=role.value, was=member.role.value
        )
        return get(db, uid)


@allowed(Action.MANAGE_STAFF)
def record_removal(vault: Vault, uid: str, *, actor: Actor) -> Member:
    """Mark a member removed (their row and public keys stay: their signatures still
    verify). The caller drops their slot and re-keys the vault in the same step."""
    with writes.together(vault) as db:
        member = get(db, uid)
        if not member.active:
            raise InvalidInput("That staff member was already removed.")
        _keep_an_administrator(db, member)
        db.execute(
            "UPDATE staff SET active = 0, removed_on = ?, removed_by = ? WHERE uid = ?",
            (today(vault.clock).isoformat(), actor.name, uid),
        )
        vault.audit("staff member removed", actor=actor, member=uid)
        return get(db, uid)


__all__ = [
    "Member",
    "change_role",
    "find_active",
    "get",
    "listed",
    "record_member",
    "record_removal",
    "refuse_last_administrator",
]
