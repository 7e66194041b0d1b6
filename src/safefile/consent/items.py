"""What a grant's categories cover in one client's file: the exact items, and what is left out.

Only signed notes (drafts are not part of the record), only this client's items,
and a joint note only when ``joint_check`` finds nothing against it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from safefile.consent.categories import (
    ATTENDANCE,
    CONTACT,
    DOCUMENTS,
    PROCESS_NOTES,
    PROGRESS_NOTES,
    SERVICES,
)
from safefile.consent.grants import Scope
from safefile.records import documents as docs
from safefile.records.models import Client, Note
from safefile.records.notes import list_notes, list_process_notes
from safefile.records.services import list_services
from safefile.store.vault import Vault

JointCheck = Callable[[Note], list[str]]


def age_on(born: str, on: date) -> int | None:
    """Age in whole years on ``on`` from a full birth date; None when it is not a full date."""
    if not born or len(born) != 10:
        return None
    b = date.fromisoformat(born)
    return on.year - b.year - ((on.month, on.day) < (b.month, b.day))


def is_minor(client: Client, on: date) -> bool:
    """Under 18 on ``on`` by a full birth date (unknown: not known to be a minor)."""
    age = age_on(client.born or "", on)
    return age is not None and age < 18


def signed(notes: list[Note], refs: tuple[str, ...] | None) -> list[Note]:
    wanted = None if refs is None else {x.upper() for x in refs}
    return [n for n in notes if n.signed and (wanted is None or n.ref in wanted)]


def collect(
    vault: Vault,
    client_id: int,
    categories: tuple[str, ...],
    note_refs: tuple[str, ...] | None,
    document_ids: tuple[int, ...] | None,
    joint_check: JointCheck,
) -> tuple[Scope, list[str]]:
    """The exact items of this client that the categories cover, and what was left out."""
    left_out: list[str] = []
    service_ids: tuple[int, ...] = ()
    notes: tuple[str, ...] = ()
    process: tuple[str, ...] = ()
    documents: tuple[int, ...] = ()
    if SERVICES in categories or ATTENDANCE in categories:
        service_ids = tuple(s.id for s in list_services(vault, client_id))
    if PROGRESS_NOTES in categories:
        keep = []
        for n in signed(list_notes(vault, client_id), note_refs):
            why = joint_check(n) if n.joint else []
            if why:
                left_out += why
            else:
                keep.append(n.ref)
        notes = tuple(keep)
    if PROCESS_NOTES in categories:
        process = tuple(n.ref for n in signed(list_process_notes(vault, client_id), note_refs))
    if DOCUMENTS in categories:
        ids = [d.id for d in docs.list_documents(vault, client_id)]
        if document_ids is not None:
            ids = [i for i in ids if i in set(document_ids)]
        documents = tuple(ids)
    scope = Scope(
        attendance=ATTENDANCE in categories,
        contact=CONTACT in categories,
        service_ids=service_ids,
        note_refs=notes,
        process_note_refs=process,
        document_ids=documents,
    )
    return scope, left_out


__all__ = ["JointCheck", "age_on", "collect", "is_minor", "signed"]
