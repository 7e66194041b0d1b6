"""Organisations that may receive information, chosen from a list.

A release and an export name the same organisation row, so "Division of Parole"
and "division of parole " can never be two recipients: names are unique without
regard to case, and surrounding spaces are dropped.
"""

from __future__ import annotations

from typing import Any

from safefile.clock import iso_now
from safefile.errors import InvalidInput, NotFound
from safefile.records.models import Org, OrgIn
from safefile.records.validation import parse
from safefile.store.vault import Vault


def add_org(vault: Vault, data: OrgIn | dict[str, Any]) -> int:
    o = parse(OrgIn, data)
    with vault.transaction() as db:
        if db.execute("SELECT 1 FROM orgs WHERE name = ?", (o.name,)).fetchone():
            raise InvalidInput(f"'{o.name}' is already in the list of organisations.")
        cur = db.execute(
            "INSERT INTO orgs (name, phone, address, contact_person, job_title, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (o.name, o.phone, o.address, o.contact_person, o.job_title, iso_now(vault.clock)),
        )
        org_id = int(cur.lastrowid)
        vault.audit("organisation added", org_id=org_id)
    return org_id


def get_org(vault: Vault, org_id: int) -> Org:
    r = vault.db.execute(_SELECT + " WHERE id = ?", (org_id,)).fetchone()
    if r is None:
        raise NotFound(f"There is no organisation with id {org_id}. Check the id with 'org list'.")
    return _org(r)


_SELECT = "SELECT id, name, phone, address, contact_person, job_title FROM orgs"


def _org(r: Any) -> Org:
    return Org(id=r[0], name=r[1], phone=r[2], address=r[3], contact_person=r[4], job_title=r[5])


def list_orgs(vault: Vault) -> list[Org]:
    return [_org(r) for r in vault.db.execute(_SELECT + " ORDER BY name").fetchall()]
