"""A signed release entered with its scanned form: the form stored in the client's file and
the release naming it, together or neither."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from safefile import records
from safefile.consent import releases
from safefile.consent.releases import ReleaseIn
from safefile.records import writes
from safefile.staff.guard import allowed
from safefile.staff.roles import Action
from safefile.store.actor import Actor
from safefile.store.vault import Vault


@allowed(Action.RECORD_RELEASE)
def add_with_form(vault: Vault, data: dict[str, Any], form: Path | None, *, actor: Actor) -> int:
    """Enter the release ``data`` describes (releases.add_release), with ``form`` (the signed
    paper, if scanned) attached to the file as its "signed release"; the release's id."""
    with writes.together(vault):
        doc = None
        if form is not None:
            doc = records.attach(
                vault,
                data["client_id"],
                form,
                title="Signed release",
                doc_type="signed release",
                actor=actor,
            )
        return releases.add_release(
            vault, ReleaseIn.from_input({**data, "form_document_id": doc}), actor=actor
        )
