"""Organisations that may receive information, chosen from a list.

A release and an export name the same organisation row, so "Division of Parole"
and "division of parole " can never be two recipients: names are unique without
regard to case, and surrounding spaces are dropped.  The contact person and job title
are for delivery only: the recipient is always the organisation.

An organisation that a release or the record of sharing names is never deleted (the
record must keep saying who received what); it can still be corrected.
"""

from __future__ import annotations

from safefile.clock import iso_now
from safefile.errors import InvalidInput, NotFound
from safefile.records import writes
from safefile.records.models import Org, OrgIn
from safefile.records.writes import Actor, change
from safefile.staff.guard import allowed
from safefile.staff.roles import Action
from safefile.store.connection import Connection, Row
from safefile.store.vault import Vault

_COLUMNS = "id, name, phone, address, contact_person, job_title"


def _row(r: Row) -> Org:
    return Org(id=r[0], name=r[1], phone=r[2], address=r[3], contact_person=r[4], job_title=r[5])


def _refuse_duplicate(db: Connection, name: str, but: int | None = None) -> None:
    r = db.execute("SELECT id FROM orgs WHERE name = ?", (name,)).fetchone()
    if r is not None and r[0] != but:
        raise InvalidInput(f"'{name}' is already in the list of organisations.")


@allowed(Action.EDIT_FILES)
def add_org(vault: Vault, o: OrgIn, *, actor: Actor) -> int:
    with change(vault, actor) as ch:
        db = ch.db
        _refuse_duplicate(db, o.name)
        cur = db.execute(
            "INSERT INTO orgs (name, phone, address, contact_person, job_title, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (o.name, o.phone, o.address, o.contact_person, o.job_title, iso_now(vault.clock)),
        )
        org_id = int(cur.lastrowid)
        ch.audit("organisation added", org_id=org_id)
    return org_id


@allowed(Action.EDIT_FILES)
def update_org(vault: Vault, org_id: int, o: OrgIn, *, actor: Actor) -> None:
    """Correct an organisation's details (its releases and past entries keep its id)."""
    with change(vault, actor) as ch:
        db = ch.db
        get_org(vault, org_id)
        _refuse_duplicate(db, o.name, but=org_id)
        db.execute(
            "UPDATE orgs SET name = ?, phone = ?, address = ?, contact_person = ?,"
            " job_title = ? WHERE id = ?",
            (o.name, o.phone, o.address, o.contact_person, o.job_title, org_id),
        )
        ch.audit("organisation changed", org_id=org_id)


def org_in_use(vault: Vault, org_id: int) -> bool:
    """Whether a release or an entry of the record of sharing names this organisation."""
    db = vault.db
    if db.execute("SELECT 1 FROM releases WHERE recipient_org_id = ?", (org_id,)).fetchone():
        return True
    return (
        db.execute(
            "SELECT 1 FROM disclosures WHERE recipient_org_id = ? LIMIT 1", (org_id,)
        ).fetchone()
        is not None
    )


@allowed(Action.EDIT_FILES)
def delete_org(vault: Vault, org_id: int, *, actor: Actor) -> None:
    """Remove an organisation entered by mistake; refused once anything names it."""
    org = get_org(vault, org_id)
    with writes.together(vault) as db:
        if org_in_use(vault, org_id):
            raise InvalidInput(
                f"'{org.name}' cannot be deleted: a release or the record of sharing names "
                "it, and that record must keep saying who received what. You can still "
                "correct its details."
            )
        db.execute("DELETE FROM orgs WHERE id = ?", (org_id,))
        vault.audit("organisation deleted", org_id=org_id, actor=actor)


def get_org(vault: Vault, org_id: int) -> Org:
    r = vault.db.execute(f"SELECT {_COLUMNS} FROM orgs WHERE id = ?", (org_id,)).fetchone()  # noqa: S608
    if r is None:
        raise NotFound(f"There is no organisation with id {org_id}. Check the id with 'org list'.")
    return _row(r)


def list_orgs(vault: Vault) -> list[Org]:
    rows = vault.db.execute(f"SELECT {_COLUMNS} FROM orgs ORDER BY name").fetchall()  # noqa: S608
    return [_row(r) for r in rows]
