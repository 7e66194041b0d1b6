"""What an export contains, gathered from the vault for exactly what a grant allows.

The content is built only from the grant's scope (the exact items the gate
allowed) and only from this client's file: no household member's items, no
draft, no process note unless the grant is for process notes.

The first page tells the recipient what a court or a legal-aid office asks of a
document: who sent it (the program, the practitioner, the program's phone), how to
verify it (the entry reference and the program's phone), a second identifier of
the person where the disclosure allows it (the case number; the date of birth only
when contact details are disclosed, or in the client's own copy), and what was NOT
included (every category the disclosure does not cover).  Advice meant for staff
(for example that a subpoena is not a court order) never goes on it; a court-order
disclosure carries instead a notice that the records are produced under a court
order and that sealing or a protective order has been or may be requested.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from safefile import settings, words
from safefile.clock import today
from safefile.consent.categories import CATEGORIES, CONTACT, PROCESS_NOTES, notices_for
from safefile.consent.court_order import COURT_ORDER_NOTICE
from safefile.consent.decision import REDISCLOSURE_NOTICE, SOME_LEFT_OUT
from safefile.consent.grants import Grant
from safefile.consent.kinds import GrantKind
from safefile.records import documents as docs
from safefile.records.clients import get_client
from safefile.records.language import client_language, form_texts
from safefile.records.models import Client, Document, Note, Service
from safefile.records.notes import get_note
from safefile.records.services import list_services
from safefile.staff.guard import allowed
from safefile.staff.roles import Action
from safefile.store.actor import Actor
from safefile.store.vault import Vault

TITLES = {
    GrantKind.RELEASE: "Disclosure of client information",
    GrantKind.OWN_COPY: "Client's own copy of their record",
    GrantKind.LEGAL: "Disclosure required by law",
}


# Advice meant for staff: shown on screen by the app and the command line, never printed.
STAFF_ONLY_PREFIXES = ("A subpoena is not a court order",)


@dataclass(frozen=True)
class Sender:
    """Who sends a document and how a recipient can check it, from the program's settings."""

    program: str
    address: str
    phone: str
    practitioner: str  # "Dana Whitfield, LCSW", or "" if never set
    page_size: str  # "letter" or "a4"
    locale: str  # "en-US" or "en-GB"


def sender(vault: Vault) -> Sender:
    s = settings.load(vault)
    return Sender(
        program=s.program_name or "(program name not set)",
        address=s.program_address,
        phone=s.program_phone,
        practitioner=s.signature,
        page_size=s.page_size,
        locale=settings.program_locale(vault),
    )


def verify_text(who: Sender, ref: str) -> str:
    """How to verify a document: the entry reference and the program's phone."""
    call = f"call {who.program} on {who.phone}" if who.phone else f"contact {who.program}"
    return (
        f"To verify this document, {call} and quote the reference {ref}. The program keeps "
        "a fingerprint of every file it sends in its tamper-evident record of sharing and "
        "can confirm whether this copy is unchanged."
    )


def sent_by(who: Sender, phone: str = "phone {phone}") -> str:
    """The program, practitioner, address and phone; ``phone``: "phone {phone}" in the
    reader's language (an own copy)."""
    parts = [who.program]
    if who.practitioner:
        parts.append(who.practitioner)
    if who.address:
        parts.append(who.address)
    if who.phone:
        parts.append(phone.format(phone=who.phone))
    return "; ".join(parts)


def not_included(kind: str, categories: tuple[str, ...]) -> str:
    """The categories this disclosure does not cover, in words ("" if none)."""
    missing = [c for c in CATEGORIES if c not in categories]
    if kind == "own-copy":
        missing = [c for c in missing if c == PROCESS_NOTES]
    return "; ".join(CATEGORIES[c] for c in missing)


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
    sender: Sender | None = None
    verify: str = ""
    not_included: str = ""
    # SafeFile's own English words on the page -> the client's language (an own copy)
    words: dict[str, str] = field(default_factory=dict)
    language: str = "en"
    # the same in English, printed after it for the file (an own copy asked bilingual)
    english: Content | None = None


def _d(value: date | None) -> str:
    return value.isoformat() if value else "-"


def _second_identifier(client: Any, kind: str, categories: tuple[str, ...]) -> tuple[str, str]:
    """(label, value) of a second identifier the disclosure allows, or ("", "")."""
    if client.born and (kind == "own-copy" or CONTACT in categories):
        return "Date of birth", client.born
    if client.case_number:
        return "Program case number", client.case_number
    return "", ""


def _release_terms(vault: Vault, grant: Grant, cats: str) -> list[tuple[str, str]]:
    """Under a release: the recipient, the purpose, what is included, the release (who
    signed it, when it is valid, its limits) and the person to deliver to."""
    rel = grant.release
    assert rel is not None
    terms = [
        ("Recipient", grant.recipient),
        ("Purpose", grant.purpose),
        ("Information included", cats),
        (
            "Release of information",
            f"{rel.ref}, signed {_d(rel.signed_on)} by {rel.signer_name} ({rel.signer_capacity})",
        ),
        ("Release valid", f"{_d(rel.effective_on)} to {_d(rel.expires_on)} (inclusive)"),
        ("Limits of this release", release_limits(vault, rel)),
    ]
    if rel.contact_person:
        terms.append(("Deliver to", rel.contact_person))
    return terms


def _own_copy_terms(grant: Grant, cats: str) -> list[tuple[str, str]]:
    """An own copy: who collects it, when asked and due, and what it holds (that process
    notes are not part of it is said once, by the "Not included" line under the terms)."""
    return [
        (
            ("Collected by", f"{grant.collected_by}, for the client")
            if grant.collected_by
            else ("Provided to", "the client, at their request")
        ),
        ("Requested on", _d(grant.requested_on)),
        ("Due by", _d(grant.due_on)),
        ("Information included", cats),
    ]


def _legal_terms(grant: Grant, cats: str) -> list[tuple[str, str]]:
    """A disclosure required by law: the recipient, the legal basis, the authority, and
    that it was made WITHOUT the client's consent."""
    return [
        ("Recipient", grant.recipient),
        ("Legal basis", f"{grant.purpose}: {grant.basis}" if grant.basis else grant.purpose),
        ("Authority", grant.authority or "-"),
        ("Information included", cats),
        ("Consent", "disclosed WITHOUT the client's consent, as required by law"),
    ]


def _terms(vault: Vault, grant: Grant, who: Sender, client: Client) -> list[tuple[str, str]]:
    """The cover's terms: the client, a second identifier where one is needed, the sender,
    the terms of the road the grant came by, the date of export and the entry."""
    cats = words.categories(grant.categories)
    terms: list[tuple[str, str]] = [("Client", client.name)]
    label, value = _second_identifier(client, grant.kind, tuple(grant.categories))
    if label:
        terms.append((label, value))
    terms.append(("Sent by", sent_by(who)))
    if grant.kind == GrantKind.RELEASE and grant.release is not None:
        terms += _release_terms(vault, grant, cats)
    elif grant.kind == GrantKind.OWN_COPY:
        terms += _own_copy_terms(grant, cats)
    else:
        terms += _legal_terms(grant, cats)
    exported = today(vault.clock)
    return terms + [
        ("Date of export", exported.isoformat()),
        ("Record of sharing entry", grant.log_ref),
    ]


def _notices(vault: Vault, grant: Grant, code: str) -> list[str]:
    """The notices the recipient reads: the grant's (never advice meant for staff), the
    court order's, each program category's carried, and the redisclosure notice also in
    the language the client reads."""
    notices = [n for n in grant.notices if not n.startswith(STAFF_ONLY_PREFIXES)]
    if grant.legal_kind == "court-order" and COURT_ORDER_NOTICE not in notices:
        notices.insert(0, COURT_ORDER_NOTICE)
    # Each program category carried (a note or document in it) prints its notice: the
    # 42 CFR 2.32 notice on every disclosure of substance-use records.
    scope = grant.scope
    notices += [
        n for n in notices_for(vault, scope.note_refs, scope.document_ids) if n not in notices
    ]
    if grant.kind == GrantKind.RELEASE and code != "en" and REDISCLOSURE_NOTICE in notices:
        # The notice in English for the recipient, then in the language the client reads.
        notices.insert(
            notices.index(REDISCLOSURE_NOTICE) + 1, form_texts(code).text("notice_redisclosure")
        )
    return notices


def _services(vault: Vault, content: Content, grant: Grant, client_id: int) -> None:
    """The services granted, or only the dates attended when attendance alone is."""
    scope = grant.scope
    wanted = set(scope.service_ids)
    services = [s for s in list_services(vault, client_id) if s.id in wanted]
    services.sort(key=lambda s: (s.on_date, s.id))
    if "services" in grant.categories:
        content.services = services
    elif scope.attendance:
        content.attendance = sorted({s.on_date for s in services})
        content.show_attendance_only = True
    if scope.attendance and "services" in grant.categories:
        content.attendance = sorted({s.on_date for s in services})


def _notes_and_documents(vault: Vault, content: Content, grant: Grant, actor: Actor) -> None:
    """The notes granted (people named by role where the grant renames them), the process
    notes granted, and each document granted, printed and attached."""
    scope = grant.scope
    content.notes = sorted(
        (by_role(get_note(vault, r), grant.renamed) for r in scope.note_refs),
        key=lambda n: (n.on_date, n.id),
    )
    content.process_notes = sorted(
        (get_note(vault, r) for r in scope.process_note_refs),
        key=lambda n: (n.on_date, n.id),
    )
    for doc_id in scope.document_ids:
        meta = docs.get_document(vault, doc_id)
        content.documents.append(meta)
        content.attachments.append(
            (_attachment_name(meta), docs.read_document(vault, doc_id, actor=actor))
        )


def _contact(client: Client) -> list[tuple[str, str]]:
    """Whether the client may be contacted safely, and how."""
    return [
        ("Safe to contact", "yes" if client.contact_safe else "NO - do not contact"),
        ("How to contact safely", client.contact_how or "-"),
    ]


def _footer(grant: Grant, who: Sender) -> str:
    """Every page's footer: from, to, the release (and its expiry) and the entry."""
    expiry = f" - release expires {_d(grant.expires_on)}" if grant.kind == GrantKind.RELEASE else ""
    phone = f" ({who.phone})" if who.phone else ""
    return (
        f"From: {who.program}{phone} - to: {grant.recipient} - {grant.release_ref}{expiry} - "
        f"entry {grant.log_ref}"
    )


@allowed(Action.SHARE)
def gather(
    vault: Vault, grant: Grant, who: Sender | str, *, bilingual: bool = False, actor: Actor
) -> Content:
    """What the PDF of ``grant`` holds.  An own copy is in the client's language
    (records/language.py); ``bilingual``: followed by the same in English, for the file."""
    if grant.client_id is None:
        raise ValueError("This grant is not for a client's file.")
    if isinstance(who, str):  # the program's name only (older callers)
        who = sender(vault)
    client = get_client(vault, grant.client_id)
    terms = _terms(vault, grant, who, client)
    code = client_language(vault, client.id)
    content = Content(
        title=TITLES[grant.kind],
        terms=terms,
        notices=_notices(vault, grant, code),
        # the recipient is told only that something is left out, never what or whose
        left_out=[SOME_LEFT_OUT] if grant.some_left_out else [],
        sender=who,
        verify=verify_text(who, grant.log_ref),
        not_included=not_included(grant.kind, tuple(grant.categories)),
    )
    if grant.scope.contact:
        content.contact = _contact(client)
    _services(vault, content, grant, client.id)
    _notes_and_documents(vault, content, grant, actor)
    content.footer = _footer(grant, who)
    if grant.kind == GrantKind.OWN_COPY and code != "en":
        _own_copy_translated(vault, content, grant, who, bilingual=bilingual)
    return content


def _own_copy_translated(
    vault: Vault, content: Content, grant: Grant, who: Sender, *, bilingual: bool
) -> None:
    """An own copy for a client who reads another language is in that language;
    ``bilingual``: followed by the same in English, for the file."""
    english = dataclasses.replace(content) if bilingual else None
    _in_clients_language(vault, content, grant, who)
    if english is not None:
        english.notices = _english_notices(vault, grant)
        content.english = english


def _english_notices(vault: Vault, grant: Grant) -> list[str]:
    """An own copy's notices in English (the client's copy carries them in their language)."""
    from safefile.consent.log import get_entry
    from safefile.consent.roads import left_out_notice

    assert grant.client_id is not None
    d = get_entry(vault, grant.log_ref).detail
    _, notice = left_out_notice(
        vault,
        grant.client_id,
        bool(d.get("left_out")),
        bool(d.get("withheld")),
        str(d.get("withheld_reason") or ""),
        language="en",
    )
    return [notice] if notice else []


# SafeFile's words on an own copy's pages, and the key of each in the language files.
_COVER_WORDS = {
    "Client's own copy of their record": "cover_title_own",
    "Client": "cover_client",
    "Date of birth": "cover_born",
    "Program case number": "cover_case_number",
    "Sent by": "cover_sent_by",
    "Provided to": "cover_provided_to",
    "the client, at their request": "cover_at_request",
    "Requested on": "cover_requested_on",
    "Due by": "cover_due_by",
    "Information included": "cover_included",
    "Date of export": "cover_exported",
    "Record of sharing entry": "cover_entry",
    "Not included": "cover_not_included",
    "Left out of this document": "cover_left_out_heading",
    SOME_LEFT_OUT: "cover_some_left_out",
    "Contact details": "cover_contact",
    "Attendance": "cover_attendance",
    "Services provided": "cover_services",
    "Progress notes": "cover_progress_notes",
    "Documents": "cover_documents",
    "End of document.": "cover_end",
    "Date": "cover_col_date",
    "Service": "cover_col_service",
    "Minutes": "cover_col_minutes",
    "Note": "cover_col_note",
    "Signed by {name} on {when}": "cover_note_signed",
    "joint note (session with others present)": "cover_note_joint",
    "Data": "cover_note_data",
    "Assessment": "cover_note_assessment",
    "Plan": "cover_note_plan",
    "Addendum, {when} by {author}": "cover_note_addendum",
    "A client of the program. Dates attended ({count}): {dates}": "cover_attendance_dates",
    "Each document below is printed on the pages after this information, and attached to "
    "this PDF file.": "cover_documents_printed",
    "{kind}, added {date}, {size} bytes": "cover_document_row",
    "Document: {title}": "cover_document_heading",
    "This document cannot be printed into this file. It is attached to the PDF: open the "
    "file's attachments to read it.": "cover_document_attached",
    "No items of these categories are in the client's file.": "cover_no_items",
    "Safe to contact": "cover_safe_contact",
    "yes": "cover_yes",
    "NO - do not contact": "cover_no_contact",
    "How to contact safely": "cover_contact_how",
    "Collected by": "cover_collected_by",
    "The same copy in English follows, for the file.": "cover_bilingual_note",
}


def _in_clients_language(vault: Vault, content: Content, grant: Grant, who: Sender) -> None:
    """An own copy's words in the language the client reads (records/language.py): the
    cover, the notices, every label and heading, and the footer.  What the record itself
    says (notes, services, titles) is printed as it was written."""
    assert grant.client_id is not None
    code = client_language(vault, grant.client_id)
    t = form_texts(code)
    content.language = code
    content.words = {en: t.text(key) for en, key in _COVER_WORDS.items()}
    content.words["CONFIDENTIAL"] = t.text("confidential")
    content.words["Page {page} of {total}"] = t.text("page")
    values = {
        "Information included": t.text("cover_included_own"),
        "Collected by": t.text("cover_collected_value", name=grant.collected_by),
        "Sent by": sent_by(who, t.text("cover_phone")),
    }
    content.terms = [(k, values.get(k, v)) for k, v in content.terms]
    content.not_included = t.text("category_process-notes")
    content.verify = t.text(
        "cover_verify", program=who.program, phone=who.phone or t.text("none"), ref=grant.log_ref
    )
    client = get_client(vault, grant.client_id).name
    phone = f" ({who.phone})" if who.phone else ""
    content.footer = t.text(
        "cover_footer",
        program=who.program + phone,
        client=f"{client}, {grant.collected_by}" if grant.collected_by else client,
        ref=grant.log_ref,
    )


def release_limits(vault: Vault, rel: Any) -> str:
    """What the release narrows, for the recipient: the period, single use, the named
    documents (by title), or that it narrows nothing more."""
    parts: list[str] = []
    if rel.period_from or rel.period_to:
        start = _d(rel.period_from) if rel.period_from else "any time"
        end = _d(rel.period_to) if rel.period_to else "any time"
        parts.append(f"only services and notes dated {start} to {end}")
    if rel.document_ids is not None:
        titles = [docs.get_document(vault, i).title for i in rel.document_ids]
        parts.append("only the documents it names: " + ", ".join(titles))
    if rel.single_use:
        parts.append("one disclosure only: this one; the release is now used up")
    return "; ".join(parts) or ("none beyond the recipient, purpose, information and dates above")


def by_role(note: Note, renamed: tuple[tuple[str, str], ...]) -> Note:
    """The note with each other party's name (whole, then each part of it) replaced by
    their role, for a joint note that leaves on a legal road without naming them."""
    if not renamed or not note.joint:
        return note
    swaps: list[tuple[str, str]] = []
    for name, role in renamed:
        swaps.append((name, role))
        swaps += [(part, role) for part in re.split(r"[\s,.\-]+", name) if len(part) >= 2]
    swaps.sort(key=lambda x: -len(x[0]))

    def plain(text: str) -> str:
        for name, role in swaps:
            text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", role, text, flags=re.IGNORECASE)
        return text

    return note.model_copy(
        update={
            "data": plain(note.data),
            "assessment": plain(note.assessment),
            "plan": plain(note.plan),
            "addenda": tuple(a.model_copy(update={"text": plain(a.text)}) for a in note.addenda),
        }
    )


def _attachment_name(meta: Document) -> str:
    ext = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}.get(
        meta.media_type, ""
    )
    safe = "".join(ch if ch.isalnum() or ch in " -_" else "_" for ch in meta.title).strip()
    return f"document-{meta.id}-{safe or 'untitled'}{ext}"
