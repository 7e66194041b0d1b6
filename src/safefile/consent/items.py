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
from safefile.consent.people import minor_on
from safefile.consent.releases import Release
from safefile.records import documents as docs
from safefile.records.models import Client, Note
from safefile.records.notes import list_notes, list_process_notes
from safefile.records.program_categories import document_tags, note_tags
from safefile.records.services import list_services
from safefile.store.vault import Vault

JointCheck = Callable[[Note], list[str]]


def is_minor(client: Client, on: date) -> bool:
    """A minor on ``on`` (consent/people.minor_on: the birth date decides when known)."""
    return minor_on(client, on).minor


def age_on(born: str, on: date) -> int | None:
    """Age in whole years on ``on`` from a full birth date; None when it is not a full date."""
    if not born or len(born) != 10:
        return None
    b = date.fromisoformat(born)
    return on.year - b.year - ((on.month, on.day) < (b.month, b.day))


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
    *,
    release: Release | None = None,
) -> tuple[Scope, list[str]]:
    """The exact items of this client that the categories cover, and what was left out.

    Under a ``release``, only the documents it names and only services and notes dated
    within its period.
    """

    def in_period(day: date) -> bool:
        return release is None or release.covers_day(day)

    left_out: list[str] = []
    service_ids: tuple[int, ...] = ()
    notes: tuple[str, ...] = ()
    process: tuple[str, ...] = ()
    documents: tuple[int, ...] = ()
    if SERVICES in categories or ATTENDANCE in categories:
        service_ids = tuple(s.id for s in list_services(vault, client_id) if in_period(s.on_date))
    # A note or document in a program category goes only when that category is asked
    # for (and, under a release, named by it); the others as their kind's category says.
    ntags = note_tags(vault)
    dtags = document_tags(vault)
    tagged = {c for c in categories if c in set(ntags.values()) | set(dtags.values())}
    if PROGRESS_NOTES in categories or tagged:
        keep = []
        for n in signed(list_notes(vault, client_id), note_refs):
            tag = ntags.get(n.id)
            if (tag not in categories) if tag else (PROGRESS_NOTES not in categories):
                continue
            if not in_period(n.on_date):
                continue
            why = joint_check(n) if n.joint else []
            if why:
                left_out += why
            else:
                keep.append(n.ref)
        notes = tuple(keep)
    if PROCESS_NOTES in categories:
        process = tuple(
            n.ref
            for n in signed(list_process_notes(vault, client_id), note_refs)
            if in_period(n.on_date)
        )
    if DOCUMENTS in categories or tagged:
        ids = []
        for d in docs.list_documents(vault, client_id):
            tag = dtags.get(d.id)
            if tag:
                if tag in categories:
                    ids.append(d.id)  # the release names its category
            elif DOCUMENTS in categories and (
                release is None or d.id in set(release.document_ids or ())
            ):
                ids.append(d.id)
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
