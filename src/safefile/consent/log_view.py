"""The record of sharing read in plain words: rows a person understands, newest first.

``select`` turns entries of the record of sharing (consent/log.py) into
:class:`LogRow` s narrowed by a :class:`LogFilter`.  Every word comes from
``safefile.words``.  Printing the record is its own road out (consent/log_print.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from safefile import words
from safefile.consent import details, log
from safefile.consent.kinds import EntryKind
from safefile.errors import InvalidInput, NotFound
from safefile.records.clients import get_client
from safefile.store.vault import Vault

KIND_WORDS = words.ENTRY_KINDS
GROUPS: dict[str, str] = {
    "all": "All kinds",
    "disclosures": "Information shared",
    "refusals": "Refusals (not shared)",
    "requests": "Requests",
    "corrections": "Corrections",
    "failed": "Saving failed",
    "printed": "Printed copies of this record",
}
_GROUP_KINDS: dict[str, tuple[EntryKind, ...]] = {
    "disclosures": (
        EntryKind.GRANTED,
        EntryKind.OWN_COPY,
        EntryKind.LEGAL,
        EntryKind.DEIDENTIFIED,
        EntryKind.WRITTEN,
        EntryKind.DISCLOSED,
        EntryKind.OUTCOME,
    ),
    "refusals": (EntryKind.REFUSED,),
    "requests": (EntryKind.INCOMING, EntryKind.OUTGOING),
    "corrections": (EntryKind.CORRECTION,),
    "failed": (EntryKind.FAILED,),
    "printed": (EntryKind.PRINTED,),
}

# Every detail field in plain words, in the order shown; technical ones are left out.
# Each names a key an entry's structure declares (consent/details.py), and each declared
# key is here or in HIDDEN (tests/consent/test_details.py).
LABELS: dict[str, str] = {
    "road": "Road out",
    "recipient": "Recipient",
    "recipient_person": "Person at the recipient",
    "recipient_job_title": "Their job title",
    "recipient_phone": "Recipient's telephone",
    "recipient_address": "Recipient's address",
    "requester": "Person",
    "organisation": "Organisation",
    "job_title": "Job title",
    "phone": "Telephone",
    "identity_confirmed_by": "How their identity was confirmed",
    "received_on": "Date received",
    "reason": "Reason",
    "summary": "What was asked for",
    "decision": "Decision",
    "decision_reasons": "Reasons for the decision",
    "purpose": "Purpose",
    "categories": "Information",
    "release": "Release",
    "consent": "Consent",
    "legal_kind": "Legal ground",
    "basis": "Legal basis",
    "court": "Court",
    "judge": "Judge",
    "order_signed_on": "Order signed on",
    "case": "Case",
    "order_document": "Copy of the order (document)",
    "authority": "Authority",
    "client_informed": "Client told",
    "not_informed_reason": "Why the client was not told",
    "requested_on": "Requested on",
    "due_on": "Due by",
    "withheld": "Withheld",
    "withheld_reason": "Why withheld",
    "review_right": "Review",
    "description": "Description",
    "method": "How it was shared",
    "shared_summary": "What was said or sent",
    "outcome": "Outcome",
    "next_step": "Next step",
    "receipt_confirmed_by": "How receipt was confirmed",
    "own_copy_request": "Own-copy request",
    "left_out": "Left out",
    "reasons": "Reasons",
    "for": "For entry",
    "corrects": "Corrects entry",
    "text": "Correction",
    "pages": "Pages",
    "filter": "Filter",
    "entries": "Entries",
    "sha256": "File fingerprint (SHA-256)",
    # Shown as their names always were (after the others, in this order).
    "collected_by": "Collected by",
    "command": "Command",
    "cover_language": "Cover language",
    "joint_notes_covered": "Joint notes covered",
    "joint_parties": "Joint parties",
    "left_out_told": "Left out told",
    "old_order_reason": "Old order reason",
    "order_names_process_notes": "Order names process notes",
    "parties_named": "Parties named",
    "restriction_match": "Restriction match",
    "restriction_override": "Restriction override",
    "to": "To",
    "what": "What",
}
HIDDEN = {"grant_digest", "items", "refs", "purpose_key", "shape", "names", "filter_fields"}


@dataclass(frozen=True)
class LogFilter:
    """What the screen shows: text search, a group of kinds, a client, a date range."""

    text: str = ""
    group: str = "all"
    client_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None

    def check(self) -> None:
        if self.group not in GROUPS:
            raise InvalidInput("Choose a kind of entry from the list.")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise InvalidInput(
                f"The 'from' date ({self.date_from}) is after the 'to' date ({self.date_to}). "
                "Change one of them."
            )

    def describe(self) -> str:
        """The filter in plain words, naming no client (clients by number)."""
        parts = [GROUPS.get(self.group, self.group).lower()]
        if self.client_id is not None:
            parts.append(f"client {self.client_id}")
        if self.date_from or self.date_to:
            parts.append(f"from {self.date_from or 'the start'} to {self.date_to or 'today'}")
        if self.text.strip():
            parts.append("matching a search")
        return ", ".join(parts)


@dataclass(frozen=True)
class LogRow:
    """One entry in plain words; ``fields`` holds every detail as (label, value)."""

    ref: str
    seq: int
    at: str  # "2026-11-22 10:00"
    kind: str
    kind_words: str
    client_id: int | None
    client: str  # the name, "client N" without names, or "" for none
    recipient: str
    what: str
    actor: str
    fields: tuple[tuple[str, str], ...] = field(default_factory=tuple)


def plain(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return "; ".join(plain(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k.replace('_', ' ')}: {plain(v)}" for k, v in value.items())
    return str(value)


class Names:
    """Client names looked up once each; a destroyed file shows its number only."""

    def __init__(self, vault: Vault) -> None:
        self.vault = vault
        self.cache: dict[int, str] = {}

    def __call__(self, client_id: int | None) -> str:
        if client_id is None:
            return ""
        if client_id not in self.cache:
            try:
                self.cache[client_id] = get_client(self.vault, client_id).name
            except NotFound:
                self.cache[client_id] = f"client {client_id} (file no longer kept)"
        return self.cache[client_id]


def _recipient(e: log.Entry) -> str:
    t = e.typed
    if isinstance(t, details.Incoming | details.Outgoing):
        who = ", ".join(x for x in (t.requester, t.organisation) if x)
        return ("From: " if isinstance(t, details.Incoming) else "To: ") + who
    return t.recipient if isinstance(t, details.WITH_RECIPIENT) else ""


def _what(e: log.Entry) -> str:
    t = e.typed
    if isinstance(t, details.Incoming | details.Outgoing):
        return f"{t.summary} (decision: {t.decision})"
    if isinstance(t, details.Correction):
        return f"Corrects {t.corrects}: {t.text}"
    if isinstance(t, details.Refused):
        return "; ".join(t.reasons)
    if isinstance(t, details.Failed):
        return t.reason
    if isinstance(t, details.Printed):
        return f"{t.entries} entries, for {t.purpose}"
    if isinstance(t, details.Deidentified):
        return t.description
    if isinstance(t, details.Outcome):
        return f"Outcome of {t.for_}: {t.outcome}"
    if isinstance(t, details.Disclosed):
        return f"{words.categories(t.categories)} ({t.method})"
    return words.categories(t.categories) if isinstance(t, details.WITH_CATEGORIES) else ""


def _fields(e: log.Entry, client: str, corrected_by: list[str]) -> tuple[tuple[str, str], ...]:
    out = [
        ("Reference", e.ref),
        ("Date and time", words.when(e.at)),
        ("Kind", words.entry_kind(e.kind)),
        ("Client", client or "-"),
        ("Entered by", e.actor),
    ]
    d = e.detail
    shown = [k for k in LABELS if k in d] + sorted(k for k in d if k not in LABELS)
    for key in shown:
        if key in HIDDEN:
            continue
        value = d[key]
        if key == "categories":
            text = words.categories(value) or "-"
        elif key == "road":
            text = words.road(str(value))
        elif key == "client_informed" and value is None:
            text = "not recorded"
        else:
            text = plain(value)
        out.append((LABELS.get(key, key.replace("_", " ").capitalize()), text))
    if corrected_by:
        out.append(("Corrected by", ", ".join(corrected_by)))
    return tuple(out)


def row(e: log.Entry, names: Names, corrections: dict[str, list[str]]) -> LogRow:
    client = names(e.client_id)
    return LogRow(
        ref=e.ref,
        seq=e.seq,
        at=words.when(e.at),
        kind=e.kind,
        kind_words=words.entry_kind(e.kind),
        client_id=e.client_id,
        client=client,
        recipient=_recipient(e),
        what=_what(e),
        actor=e.actor,
        fields=_fields(e, client, corrections.get(e.ref, [])),
    )


def _in_group(e: log.Entry, group: str) -> bool:
    if group == "all":
        return True
    if group == "refusals" and e.kind in (EntryKind.INCOMING, EntryKind.OUTGOING):
        return e.detail.get("decision") == "refused"  # a decision not to share is a refusal
    return e.kind in _GROUP_KINDS[group]


def _matches(row: LogRow, text: str) -> bool:
    words = text.casefold().split()
    hay = " ".join(
        [
            row.ref,
            row.at,
            row.kind_words,
            row.client,
            row.recipient,
            row.what,
            row.actor,
            *(v for _, v in row.fields),
        ]
    ).casefold()
    return all(w in hay for w in words)


def _corrections(all_entries: list[log.Entry]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for e in all_entries:
        if e.kind == EntryKind.CORRECTION:
            out.setdefault(str(e.detail.get("corrects", "")), []).append(e.ref)
    return out


def select(vault: Vault, flt: LogFilter | None = None) -> list[LogRow]:
    """The entries the filter keeps, newest first, in plain words."""
    flt = flt or LogFilter()
    flt.check()
    every = log.entries(vault)
    corrections = _corrections(every)
    names = Names(vault)
    rows: list[LogRow] = []
    for e in reversed(every):
        day = e.at[:10]
        if flt.client_id is not None and e.client_id != flt.client_id:
            continue
        if flt.date_from and day < flt.date_from.isoformat():
            continue
        if flt.date_to and day > flt.date_to.isoformat():
            continue
        if not _in_group(e, flt.group):
            continue
        one = row(e, names, corrections)
        if flt.text.strip() and not _matches(one, flt.text):
            continue
        rows.append(one)
    return rows


__all__ = [
    "GROUPS",
    "KIND_WORDS",
    "HIDDEN",
    "LABELS",
    "LogFilter",
    "LogRow",
    "Names",
    "plain",
    "row",
    "select",
]
