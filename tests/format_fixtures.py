"""A vault as the release before the faster page format made it (key file format 1,
SQLCipher 4's default pages), holding one of every kind of item.

python -m tests.format_fixtures PATH   (passphrase: tests.conftest.PASSPHRASE)
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from safefile import records
from safefile.clock import Clock
from safefile.records.models import ClientIn, NoteIn, OrgIn, ServiceIn
from safefile.store import database, keys
from safefile.store.vault import Vault
from tests.conftest import MARKER, PASSPHRASE


def make_legacy_vault(path: Path, clock: Clock | None = None) -> tuple[dict[str, int], str]:
    """Create it at ``path``; return the row counts of its tables and its recovery key."""
    vault, recovery = Vault.create(
        path,
        PASSPHRASE,
        kdf=keys.KdfParams.minimum(),
        clock=clock,
        user_name="Test Advocate",
        page_format=database.LEGACY_PAGE_FORMAT,
    )
    assert recovery is not None
    try:
        fill(vault)
        counts = table_counts(vault)
    finally:
        vault.lock()
    return counts, recovery


def fill(vault: Vault) -> None:
    """One of every kind of item: clients, a household, an org, services, notes, a document."""
    amina = records.add_client(
        vault,
        ClientIn.from_input({"name": f"Amina {MARKER}", "born": "1990-04-02"}),
        actor=vault.actor,
    )
    hh = records.add_household(vault, actor=vault.actor)
    records.add_client(
        vault,
        ClientIn.from_input({"name": "Kid", "household_id": hh, "household_role": "child"}),
        actor=vault.actor,
    )
    records.add_org(vault, OrgIn.from_input({"name": "Division of Parole"}), actor=vault.actor)
    records.attach(vault, amina, f"%PDF-1.4 {MARKER}".encode(), title="ROI", actor=vault.actor)
    day = vault.clock.now().date() if hasattr(vault.clock, "now") else date.today()
    records.add_service(
        vault,
        ServiceIn.from_input({"client_id": amina, "on_date": day, "type": "Intake", "minutes": 30}),
        actor=vault.actor,
    )
    records.add_note(
        vault,
        NoteIn.from_input({"client_ids": [amina], "on_date": day, "data": MARKER}),
        sign=True,
        actor=vault.actor,
    )
    records.add_note(
        vault,
        NoteIn.from_input(
            {"client_ids": [amina], "on_date": day, "data": MARKER, "kind": "process"}
        ),
        actor=vault.actor,
    )


def table_counts(vault: Vault) -> dict[str, int]:
    from safefile.store.rebuild import _table_counts

    return _table_counts(vault.db)


if __name__ == "__main__":
    make_legacy_vault(Path(sys.argv[1]))
