"""A small program's vault: two clients, two organisations, services, notes, a form."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from safefile import records
from safefile.consent import releases
from safefile.consent.releases import ReleaseIn
from safefile.records.models import ClientIn, NoteIn, OrgIn, ServiceIn
from safefile.store.vault import Vault

D = date.fromisoformat


@dataclass
class World:
    vault: Vault
    amina: int  # the client
    ben: int  # her partner (joint note)
    kid: int  # her child (household), a minor
    parole: int  # Division of Parole
    court: int  # County Court
    form: int  # Amina's scanned signed release
    joint_note: str
    own_note: str
    process_note: str

    def release(self, **changes: Any) -> int:
        data = {
            "client_id": self.amina,
            "recipient_org_id": self.parole,
            "categories": ("attendance", "services", "progress-notes"),
            "purpose": "Parole compliance",
            "signed_on": D("2026-11-01"),
            "expires_on": D("2027-01-31"),
            "form_document_id": self.form,
        } | changes
        return releases.add_release(self.vault, ReleaseIn.from_input(data))


@pytest.fixture
def world(vault: Vault) -> World:
    v = vault
    amina = records.add_client(
        v, ClientIn.from_input({"name": "Amina Diallo", "born": "1990-04-02"})
    )
    ben = records.add_client(v, ClientIn.from_input({"name": "Ben Okafor", "born": "1988-01-01"}))
    hh = records.add_household(v)
    records.add_client(
        v, ClientIn.from_input({"name": "Parent", "household_id": hh, "household_role": "parent"})
    )
    kid = records.add_client(
        v,
        ClientIn.from_input(
            {
                "name": "Kid Diallo",
                "born": "2015-06-01",
                "household_id": hh,
                "household_role": "child",
            }
        ),
    )
    parole = records.add_org(
        v, OrgIn.from_input({"name": "Division of Parole", "phone": "555-0100"})
    )
    court = records.add_org(v, OrgIn.from_input({"name": "County Court"}))
    form = records.attach(v, amina, b"%PDF-1.4 signed form", title="ROI", doc_type="signed release")
    records.add_service(
        v,
        ServiceIn.from_input(
            {"client_id": amina, "on_date": D("2026-11-10"), "type": "Intake", "minutes": 60}
        ),
    )
    own = records.add_note(
        v,
        NoteIn.from_input({"client_ids": [amina], "on_date": D("2026-11-10"), "data": "Own note"}),
        sign=True,
    )
    joint = records.add_note(
        v,
        NoteIn.from_input(
            {"client_ids": [amina, ben], "on_date": D("2026-11-12"), "data": "Joint session"}
        ),
        sign=True,
    )
    records.add_note(
        v,
        NoteIn.from_input(
            {"client_ids": [amina], "on_date": D("2026-11-13"), "data": "Draft note"}
        ),
    )
    process = records.add_note(
        v,
        NoteIn.from_input(
            {
                "kind": "process",
                "client_ids": [amina],
                "on_date": D("2026-11-12"),
                "data": "Process",
            }
        ),
        sign=True,
    )
    return World(v, amina, ben, kid, parole, court, form, joint, own, process)
