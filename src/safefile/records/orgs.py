"""Organisations that may receive information, chosen from a list.

A release and an export name the same organisation row, so "Division of Parole"
and "division of parole " can never be two recipients: names are unique without
regard to case, and surrounding spaces are dropped.
"""

from __future__ import annotations

from safefile.clock import iso_now
from safefile.errors import InvalidInput, NotFound
from safefile.records.models import Org, OrgIn
from safefile.records.writes import Actor, change
from safefile.store.vault import Vault


def add_org(vault: Vault, o: OrgIn, *, actor: Actor | None = None) -> int:
    with change(vault, actor) as ch:
        db = ch.db
        if db.execute("SELECT 1 FROM orgs WHERE name = ?", (o.name,)).fetchone():
            raise InvalidInput(f"'{o.name}' is already in the list of organisations.")
        cur = db.execute(
            "INSERT INTO orgs (name, phone, address, created_at) VALUES (?, ?, ?, ?)",
            (o.name, o.phone, o.address, iso_now(vault.clock)),
        )
        org_id = int(cur.lastrowid)
        ch.audit("organisation added", org_id=org_id)
    return org_id


def get_org(vault: Vault, org_id: int) -> Org:
    r = vault.db.execute(
        "SELECT id, name, phone, address FROM orgs WHERE id = ?", (org_id,)
    ).fetchone()
    if r is None:
        raise NotFound(f"There is no organisation with id {org_id}. Check the id with 'org list'.")
    return Org(id=r[0], name=r[1], phone=r[2], address=r[3])


def list_orgs(vault: Vault) -> list[Org]:
    rows = vault.db.execute("SELECT id, name, phone, address FROM orgs ORDER BY name").fetchall()
    return [Org(id=r[0], name=r[1], phone=r[2], address=r[3]) for r in rows]
