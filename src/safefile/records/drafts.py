"""Drafts of unsaved forms, kept inside the vault when the app locks (issue 23).

A draft is the typed content of one form about one client, as a small mapping of the
form's field names to what was in them (text, a ticked box, a number). It is written
only inside the vault (encrypted, in one transaction), never to a file, log or cache;
:func:`take` reads it back for the same form and client after the unlock; it is
deleted when the form is saved or discarded (:func:`discard`) and with the client's
file (store/migrations/drafts.py). A draft is its author's alone: another staff member
after "Lock and switch user" is never offered it (store/migrations/drafts_by_member.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from safefile.clock import iso_now
from safefile.errors import InvalidInput
from safefile.records import writes
from safefile.staff.guard import allowed
from safefile.staff.roles import Action
from safefile.store.vault import Vault

Value = str | bool | int
# The forms a draft may belong to (the names the app's dialogs use).
FORMS = (
    "note",
    "service",
    "addendum",
    "release",
    "request",
    "own-copy-request",
    "disclosure",
    "send",
)


@dataclass(frozen=True)
class Draft:
    form: str
    client_id: int
    fields: dict[str, Value]
    saved_at: str


def _check(form: str, fields: dict[str, Value]) -> None:
    if form not in FORMS:
        raise InvalidInput(f"'{form}' is not a form that keeps drafts.")
    for key, value in fields.items():
        if not isinstance(key, str) or not isinstance(value, (str, bool, int)):
            raise InvalidInput("A draft holds only the text, ticks and numbers of a form.")


def keep(vault: Vault, form: str, client_id: int, fields: dict[str, Value]) -> None:
    """Keep (or replace) the draft of ``form`` for this client."""
    _check(form, fields)
    with writes.together(vault) as db:
        db.execute(
            "INSERT INTO drafts (form, client_id, author, fields, saved_at)"
            " VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (form, client_id, author) DO UPDATE SET fields = excluded.fields,"
            " saved_at = excluded.saved_at",
            (
                form,
                client_id,
                vault.actor.uid,
                json.dumps(fields, ensure_ascii=False),
                iso_now(vault.clock),
            ),
        )


@allowed(Action.FIND_FILES)
def find(vault: Vault, form: str, client_id: int) -> Draft | None:
    """The draft kept for this form and client, if any (it stays until saved or discarded)."""
    r = vault.db.execute(
        "SELECT fields, saved_at FROM drafts WHERE form = ? AND client_id = ? AND author = ?",
        (form, client_id, vault.actor.uid),
    ).fetchone()
    if r is None:
        return None
    return Draft(form, client_id, dict(json.loads(r[0])), str(r[1]))


def forms_with_drafts(vault: Vault, client_id: int) -> list[str]:
    """Which forms of this client's file have a draft waiting."""
    rows = vault.db.execute(
        "SELECT form FROM drafts WHERE client_id = ? AND author = ? ORDER BY saved_at",
        (client_id, vault.actor.uid),
    ).fetchall()
    return [str(r[0]) for r in rows]


def discard(vault: Vault, form: str, client_id: int) -> None:
    """The form was saved or its text thrown away: its draft goes."""
    with writes.together(vault) as db:
        db.execute(
            "DELETE FROM drafts WHERE form = ? AND client_id = ? AND author = ?",
            (form, client_id, vault.actor.uid),
        )
