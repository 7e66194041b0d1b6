"""A destruction's steps that no other test names (retention/destroy._doomed's table)."""

from __future__ import annotations

from datetime import date

from safefile import records
from safefile.records.models import ClientIn
from safefile.retention import closing, destroy, plan
from safefile.store import checkup
from safefile.store.vault import Vault


def _households(vault: Vault) -> int:
    return int(vault.db.execute("SELECT count(*) FROM households").fetchone()[0])


def test_a_household_goes_only_with_its_last_member(vault: Vault) -> None:
    hh = records.add_household(vault, actor=vault.actor)
    ids = [
        records.add_client(
            vault,
            ClientIn.from_input(
                {"name": name, "intake_date": "2023-01-05", "household_id": hh}
                | {"household_role": role}
            ),
            actor=vault.actor,
        )
        for name, role in (("Parent", "parent"), ("Child", "child"))
    ]
    closing.close_file(vault, ids[0], date(2024, 1, 1), actor=vault.actor)
    destroy.apply(vault, plan.due(vault), actor=vault.actor)
    assert _households(vault) == 1  # the child's file still links to it
    closing.close_file(vault, ids[1], date(2024, 1, 1), actor=vault.actor)
    destroy.apply(vault, plan.due(vault), actor=vault.actor)
    assert _households(vault) == 0
    assert checkup.check(vault).ok
