"""A small program's vault: two clients, two organisations, services, notes, a form."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from safefile import records
from safefile.clock import FixedClock
from safefile.consent import releases
from safefile.consent.releases import ReleaseIn
from safefile.records.models import ClientIn, NoteIn, OrgIn, ServiceIn
from safefile.store.vault import Vault
from tests.conftest import ALL_TOLD, Templates, template_vault

D = date.fromisoformat
__all__ = ["ALL_TOLD", "D", "World"]


@dataclass
class World:
    vault: Vault
    amina: int  # the client
    ben: int  # her partner (joint note)
    kid: int  # her child (household), a minor
    parole: int  # Division of Parole
    court: int  # County Court
    form: int  # Amina's scanned signed release
    other_doc: int  # another document in Amina's file (a protective order)
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
            "statements": ALL_TOLD,
        } | changes
        return releases.add_release(self.vault, ReleaseIn.from_input(data), actor=self.vault.actor)


_WORLD_IDS = pytest.StashKey[tuple[Any, ...]]()


@pytest.fixture
def new_vault(
    request: pytest.FixtureRequest, vault_path: Path, clock: FixedClock, templates: Templates
) -> Iterator[tuple[Vault, str]]:
    """As tests/conftest.py's; for a test that asks for ``world``, a copy of the session's
    vault with the world already in it (``_fill``, run once on the template)."""
    fill = _fill if "world" in request.fixturenames else None
    vault, recovery, ids = template_vault(templates, vault_path, clock, fill)
    if fill is not None:
        assert isinstance(ids, tuple)
        request.node.stash[_WORLD_IDS] = ids
    try:
        yield vault, recovery
    finally:
        vault.lock()


@pytest.fixture
def world(vault: Vault, request: pytest.FixtureRequest) -> World:
    return World(vault, *request.node.stash[_WORLD_IDS])


def _fill(v: Vault) -> tuple[Any, ...]:
    """The world's records, added to ``v``; their ids (World's fields after ``vault``)."""
    amina = records.add_client(
        v, ClientIn.from_input({"name": "Amina Diallo", "born": "1990-04-02"}), actor=v.actor
    )
    ben = records.add_client(
        v, ClientIn.from_input({"name": "Ben Okafor", "born": "1988-01-01"}), actor=v.actor
    )
    hh = records.add_household(v, actor=v.actor)
    records.add_client(
        v,
        ClientIn.from_input({"name": "Parent", "household_id": hh, "household_role": "parent"}),
        actor=v.actor,
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
        actor=v.actor,
    )
    parole = records.add_org(
        v, OrgIn.from_input({"name": "Division of Parole", "phone": "555-0100"}), actor=v.actor
    )
    court = records.add_org(v, OrgIn.from_input({"name": "County Court"}), actor=v.actor)
    form = records.attach(
        v, amina, b"%PDF-1.4 signed form", title="ROI", doc_type="signed release", actor=v.actor
    )
    records.add_service(
        v,
        ServiceIn.from_input(
            {"client_id": amina, "on_date": D("2026-11-10"), "type": "Intake", "minutes": 60}
        ),
        actor=v.actor,
    )
    own = records.add_note(
        v,
        NoteIn.from_input({"client_ids": [amina], "on_date": D("2026-11-10"), "data": "Own note"}),
        sign=True,
        actor=v.actor,
    )
    joint = records.add_note(
        v,
        NoteIn.from_input(
            {"client_ids": [amina, ben], "on_date": D("2026-11-12"), "data": "Joint session"}
        ),
        sign=True,
        actor=v.actor,
    )
    records.add_note(
        v,
        NoteIn.from_input(
            {"client_ids": [amina], "on_date": D("2026-11-13"), "data": "Draft note"}
        ),
        actor=v.actor,
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
        actor=v.actor,
    )
    other = records.attach(
        v, amina, b"%PDF-1.4 protective order", title="Order", doc_type="other", actor=v.actor
    )
    return (amina, ben, kid, parole, court, form, other, joint, own, process)
