"""What the file's tabs show of one client, read in one audited job on the vault's thread,
and how each kind of item reads in a table cell or a detail line (plain words, never markup).

Nothing here is Qt: each tab is fed a :class:`FileData` and never reaches for its parent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from safefile import records
from safefile.clock import today
from safefile.consent import drafts, log, releases
from safefile.consent.drafts import Draft
from safefile.consent.log import Entry
from safefile.consent.releases import Release
from safefile.records.language import client_language, languages
from safefile.records.models import ClientFile, Document, Note, Service
from safefile.records.program_categories import ProgramCategory, list_categories
from safefile.ui.clients.documents import size_text
from safefile.ui.worker import VaultWorker
from safefile.words import categories as plain_categories
from safefile.words import category_short, entry_kind, when

PROCESS_EXPLAINED = (
    "Process notes (your private psychotherapy notes) are kept apart from the client's "
    "record: they are never part of the client's own copy or of an ordinary release, and "
    "each time they are shown this is recorded."
)


@dataclass(frozen=True)
class ReleaseRow:
    release: Release
    state: str
    documents: tuple[str, ...] = ()  # the titles of the documents it is limited to


@dataclass(frozen=True)
class FileData:
    """What the view shows of one client, read in one job on the vault's thread."""

    file: ClientFile
    types: list[str]
    releases: list[ReleaseRow]
    sharing: list[Entry]
    user_name: str
    today: date
    language: str = "en"  # the language the client reads (records/language.py)
    waiting: tuple[Draft, ...] = field(default=())  # releases waiting for signature
    # the program's own categories a document can be put in (records/program_categories.py)
    categories: tuple[ProgramCategory, ...] = field(default=())


def load_file(w: VaultWorker, client_id: int, include_process: bool) -> FileData:
    v = w.require()
    on = today(v.clock)
    f = records.client_file(v, client_id, include_process=include_process, actor=v.actor)
    titles = {d.id: f"{d.title} ({d.doc_type}, {d.added_at[:10]})" for d in f.documents}
    rels = [
        ReleaseRow(
            r,
            releases.state(r, on),
            tuple(titles.get(i, f"document {i}") for i in r.document_ids or ()),
        )
        for r in releases.list_releases(v, client_id)
    ]
    return FileData(
        f,
        records.service_types(v),
        rels,
        log.entries(v, client_id=client_id),
        v.user_name,
        on,
        client_language(v, client_id),
        tuple(drafts.waiting(v, client_id)),
        tuple(list_categories(v)),
    )


def language_text(code: str) -> str:
    return f"{languages().get(code, code)} ({code})"


def draft_cells(d: Draft) -> tuple[str, ...]:
    return (d.ref, d.fields.purpose, d.status, d.created_at[:10])


def service_cells(s: Service) -> tuple[str, ...]:
    entry = ""
    if s.voided:
        entry = "corrected" if s.replaced_by else "void"
        entry += f" by {s.voided_by}: {s.void_reason}"
    minutes = "" if s.minutes is None else str(s.minutes)
    return (s.on_date.isoformat(), s.type, minutes, s.note, entry)


def note_cells(n: Note) -> tuple[str, ...]:
    state = f"signed by {n.signed_by}" if n.signed else "draft (not signed)"
    extra = f", {len(n.addenda)} addend{'um' if len(n.addenda) == 1 else 'a'}" if n.addenda else ""
    return (n.on_date.isoformat(), n.ref, state + extra, "joint" if n.joint else "")


def document_cells(d: Document) -> tuple[str, ...]:
    return (d.title, d.doc_type, d.added_at[:10], size_text(d.size))


def categories_text(cats: tuple[str, ...]) -> str:
    """Each category in full plain words (for details)."""
    return plain_categories(cats)


def categories_short(cats: tuple[str, ...]) -> str:
    """Each category in a word or two (for a table cell)."""
    return ", ".join(category_short(c) for c in cats)


def release_cells(r: ReleaseRow) -> tuple[str, ...]:
    rel = r.release
    return (
        rel.ref,
        rel.recipient,
        r.state,
        categories_short(rel.categories),
        rel.purpose,
        f"{rel.effective_on} to {rel.expires_on}",
    )


def entry_cells(e: Entry) -> tuple[str, ...]:
    d = e.detail
    who = d.get("recipient") or ", ".join(
        str(d[k]) for k in ("requester", "organisation") if d.get(k)
    )
    return (e.at[:10], e.ref, entry_kind(e.kind), str(who))


def note_text(n: Note) -> str:
    """A note's sections and addenda, as plain text."""
    head = (
        f"{n.ref}  {n.on_date}  "
        + (f"signed by {n.signed_by} on {(n.signed_at or '')[:10]}" if n.signed else "draft")
        + ("  (joint note)" if n.joint else "")
    )
    parts = [head, "", "Data", n.data]
    if n.assessment:
        parts += ["", "Assessment", n.assessment]
    if n.plan:
        parts += ["", "Plan", n.plan]
    for a in n.addenda:
        parts += ["", f"Addendum by {a.author} on {a.at[:10]}", a.text]
    return "\n".join(parts)


def release_text(r: ReleaseRow) -> str:
    """One release in full sentences (the Releases tab's detail line)."""
    rel = r.release
    form = (
        "the signed form is attached"
        if rel.form_document_id is not None
        else "the signed paper original is on file"
    )
    text = (
        f"{rel.ref} to {rel.recipient}, {r.state}. It allows sending: "
        f"{categories_text(rel.categories)}; for: {rel.purpose}. Valid from "
        f"{rel.effective_on} to {rel.expires_on}. Signed on {rel.signed_on} by "
        f"{rel.signer_name} ({rel.signer_capacity}); {form}."
    )
    if r.documents:
        text += " Limited to the document" + ("s: " if len(r.documents) > 1 else ": ")
        text += "; ".join(r.documents) + "."
    if rel.period_from or rel.period_to:
        text += (
            f" Only services and notes dated from {rel.period_from or 'the start'} "
            f"to {rel.period_to or 'today'}."
        )
    if rel.single_use:
        text += " For one disclosure only."
    if rel.expiry_event:
        text += f" Ends early when: {rel.expiry_event}."
    if rel.revoked_on:
        text += (
            f" Revoked on {rel.revoked_on} ({rel.revoked_how}), taken by {rel.revoked_taken_by}."
        )
    return text


def entry_text(e: Entry) -> str:
    """One entry of the record of sharing in a line (the Sharing tab's detail)."""
    d = e.detail
    parts = [f"{e.ref} by {e.actor} at {when(e.at)}: {entry_kind(e.kind)}"]
    for key, words in (
        ("purpose", "purpose"),
        ("reason", "reason"),
        ("summary", "asked for"),
        ("decision", "decision"),
        ("release", "under release"),
    ):
        if d.get(key):
            parts.append(f"{words}: {d[key]}")
    if d.get("categories"):
        parts.append("what: " + categories_text(tuple(d["categories"])))
    if d.get("reasons"):
        parts.append("reasons: " + " ".join(str(r) for r in d["reasons"]))
    return "; ".join(parts)
