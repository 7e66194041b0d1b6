"""One client's file, as the user sees it and as an export draws from it.

A household member's items never appear here: only this client's services,
documents and process notes, and the progress notes this client is linked to
(a joint note appears in each present client's file, marked joint).  The
household is shown as links (the other file's id and role), never its content.
Every read is written to the audit trail, committed before the file is returned
(``Vault.reading_entry``: without waiting on its own fsync).
"""

from __future__ import annotations

from safefile.records.clients import get_client
from safefile.records.documents import list_documents
from safefile.records.models import ClientFile, Note
from safefile.records.notes import list_notes, list_process_notes
from safefile.records.services import list_services
from safefile.staff import guard
from safefile.staff.guard import allowed
from safefile.staff.roles import Action
from safefile.store.actor import Actor
from safefile.store.vault import Vault


def _process_notes(vault: Vault, client_id: int) -> tuple[Note, ...]:
    """The process notes the session's member may read (records/notes.readable)."""
    return tuple(list_process_notes(vault, client_id))


@allowed(Action.FIND_FILES)
def client_file(
    vault: Vault, client_id: int, *, include_process: bool = False, actor: Actor
) -> ClientFile:
    client = get_client(vault, client_id)
    household: tuple[tuple[int, str, str], ...] = ()
    if client.household_id is not None:
        closed = guard.closed_ids(vault)  # a closed file is not even a link (staff/guard.py)
        household = tuple(
            (r[0], "", r[1])
            for r in vault.db.execute(
                "SELECT id, household_role FROM clients WHERE household_id = ? AND id != ? "
                "ORDER BY id",
                (client.household_id, client_id),
            )
            if r[0] not in closed
        )
    result = ClientFile.model_construct(  # parts built from our own rows
        client=client,
        services=tuple(list_services(vault, client_id, include_voided=True)),
        notes=tuple(list_notes(vault, client_id)),
        process_notes=_process_notes(vault, client_id) if include_process else (),
        documents=tuple(list_documents(vault, client_id)),
        household=household,
    )
    with vault.reading_entry():  # committed before it is returned; no wait on the disk
        vault.audit("file read", client_id=client_id, process_notes=include_process, actor=actor)
    return result
