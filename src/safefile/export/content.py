"""What an export contains, gathered from the vault for exactly what a grant allows.

The content is built only from the grant's scope (the exact items the gate
allowed) and only from this client's file: no household member's items, no
draft, no process note unless the grant is for process notes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from safefile import words
from safefile.consent.grants import Grant
from safefile.consent.kinds import GrantKind
from safefile.records import documents as docs
from safefile.records.clients import get_client
from safefile.records.models import Document, Note, Service
from safefile.records.notes import get_note
from safefile.records.services import list_services
from safefile.store.vault import Vault

TITLES = {
    GrantKind.RELEASE: "Disclosure of client information",
    GrantKind.OWN_COPY: "Client's own copy of their record",
    GrantKind.LEGAL: "Disclosure required by law",
}


@dataclass
class Content:
    title: str
    terms: list[tuple[str, str]]
    notices: list[str]
    left_out: list[str]
    contact: list[tuple[str, str]] = field(default_factory=list)
    attendance: list[date] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    process_notes: list[Note] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    attachments: list[tuple[str, bytes]] = field(default_factory=list)
    footer: str = ""
    show_attendance_only: bool = False


def _d(value: date | None) -> str:
    return value.isoformat() if value else "-"


def gather(vault: Vault, grant: Grant, program: str) -> Content:
    if grant.client_id is None:
        raise ValueError("This grant is not for a client's file.")
    client = get_client(vault, grant.client_id)
    scope = grant.scope
    cats = words.categories(grant.categories)
    exported = vault.clock.now().astimezone().date()
    terms: list[tuple[str, str]] = [("Client", client.name)]
    if grant.kind == GrantKind.RELEASE and grant.release is not None:
        rel = grant.release
        terms += [
            ("Disclosing program", program),
            ("Recipient", grant.recipient),
            ("Purpose", grant.purpose),
            ("Information included", cats),
            (
                "Release of information",
                f"{rel.ref}, signed {_d(rel.signed_on)} by "
                f"{rel.signer_name} ({rel.signer_capacity})",
            ),
            ("Release valid", f"{_d(rel.effective_on)} to {_d(rel.expires_on)} (inclusive)"),
        ]
        if rel.contact_person:
            terms.append(("Deliver to", rel.contact_person))
    elif grant.kind == GrantKind.OWN_COPY:
        terms += [
            ("Disclosing program", program),
            ("Provided to", "the client, at their request"),
            ("Requested on", _d(grant.requested_on)),
            ("Due by", _d(grant.due_on)),
            ("Information included", cats + "; process notes are not part of the client's copy"),
        ]
    else:
        terms += [
            ("Disclosing program", program),
            ("Recipient", grant.recipient),
            ("Legal basis", f"{grant.purpose}: {grant.basis}"),
            ("Authority", grant.authority or "-"),
            ("Information included", cats),
            ("Consent", "disclosed WITHOUT the client's consent, as required by law"),
        ]
    terms += [("Date of export", exported.isoformat()), ("Record of sharing entry", grant.log_ref)]
    content = Content(
        title=TITLES[grant.kind],
        terms=terms,
        notices=list(grant.notices),
        left_out=list(grant.left_out),
    )
    if scope.contact:
        content.contact = [
            ("Safe to contact", "yes" if client.contact_safe else "NO - do not contact"),
            ("How to contact safely", client.contact_how or "-"),
        ]
    wanted = set(scope.service_ids)
    services = [s for s in list_services(vault, client.id) if s.id in wanted]
    services.sort(key=lambda s: (s.on_date, s.id))
    if "services" in grant.categories:
        content.services = services
    elif scope.attendance:
        content.attendance = sorted({s.on_date for s in services})
        content.show_attendance_only = True
    if scope.attendance and "services" in grant.categories:
        content.attendance = sorted({s.on_date for s in services})
    content.notes = sorted(
        (get_note(vault, r) for r in scope.note_refs), key=lambda n: (n.on_date, n.id)
    )
    content.process_notes = sorted(
        (get_note(vault, r) for r in scope.process_note_refs),
        key=lambda n: (n.on_date, n.id),
    )
    for doc_id in scope.document_ids:
        meta = docs.get_document(vault, doc_id)
        content.documents.append(meta)
        content.attachments.append((_attachment_name(meta), docs.read_document(vault, doc_id)))
    expiry = f" - release expires {_d(grant.expires_on)}" if grant.kind == GrantKind.RELEASE else ""
    content.footer = f"To: {grant.recipient} - {grant.release_ref}{expiry} - entry {grant.log_ref}"
    return content


def _attachment_name(meta: Document) -> str:
    ext = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}.get(
        meta.media_type, ""
    )
    safe = "".join(ch if ch.isalnum() or ch in " -_" else "_" for ch in meta.title).strip()
    return f"document-{meta.id}-{safe or 'untitled'}{ext}"
