"""The record of sharing read in plain words, and printed through the consent module.

Reading: ``select`` turns entries of the record of sharing (consent/log.py) into
rows a person understands (newest first), narrowed by a :class:`LogFilter`.

Printing puts client information outside the vault, so it is an export like any
other and takes its own road out (non-negotiable 2): ``print_log`` records an entry
of kind ``log.PRINTED`` (who printed it, why, the filter, how many entries and
exactly which) and makes a grant for exactly those entries; the exporter
(export/log_report.py) must ``redeem`` it (checked like the gate's grants: made
here, for this vault, unchanged, unspent, current, and matching its entry's
``grant_digest``), then writes the PDF and ``record_written`` keeps its SHA-256 so
``verify_export`` recognises the file.

Two shapes:

* ``accounting``: a client's accounting of disclosures over six years (HIPAA
  164.528: date, recipient and address if known, what, the purpose), to give to
  the client; it holds only that client's disclosures, whatever else the filter says;
* ``review`` and ``audit``: the program's log with the current filter.  For an
  audit by a funder or monitor no one is named (DOMAIN.md: funders get counts, not
  people): clients appear as "client N", requesters by organisation only, and no
  free text that may hold names (reasons, summaries, corrections, legal basis)
  is printed, only the structured facts (date, kind, recipient organisation,
  categories, release, decision) that show due process was followed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from safefile.clock import today
from safefile.consent import accounting, log
from safefile.consent.categories import CATEGORIES
from safefile.consent.gate import grant_digest, spend_recorded
from safefile.consent.grants import Grant, mint
from safefile.consent.outcome import OUTCOME
from safefile.errors import ConsentRefused, InvalidInput, NotFound
from safefile.records.clients import get_client
from safefile.records.orgs import get_org
from safefile.store.vault import Vault

ROAD = "record of sharing"
GRANT_KIND = "log-report"
ACCOUNTING, REVIEW, AUDIT = "accounting", "review", "audit"
PURPOSES: dict[str, str] = {
    ACCOUNTING: "an accounting of disclosures for the client (HIPAA 164.528)",
    REVIEW: "the program's own review of its sharing",
    AUDIT: "an audit by a funder or monitor (no names)",
}
RECIPIENTS = {
    ACCOUNTING: "the client",
    REVIEW: "the program (its own review)",
    AUDIT: "a funder or monitor (no names)",
}
ACCOUNTING_YEARS = 6

KIND_WORDS: dict[str, str] = {
    log.GRANTED: "Sharing allowed by a release",
    log.REFUSED: "Sharing refused",
    log.OWN_COPY: "Client's own copy",
    log.LEGAL: "Disclosure required by law",
    log.DEIDENTIFIED: "De-identified material",
    log.WRITTEN: "File saved",
    log.FAILED: "Saving failed",
    log.INCOMING: "Request to us",
    log.OUTGOING: "Request we made",
    log.CORRECTION: "Correction",
    log.PRINTED: "Record of sharing printed",
    accounting.DISCLOSED: "Disclosure made (call, letter...)",
    OUTCOME: "Outcome",
}
GROUPS: dict[str, str] = {
    "all": "All kinds",
    "disclosures": "Information shared",
    "refusals": "Refusals (not shared)",
    "requests": "Requests",
    "corrections": "Corrections",
    "failed": "Saving failed",
    "printed": "Printed copies of this record",
}
_GROUP_KINDS: dict[str, tuple[str, ...]] = {
    "disclosures": (
        log.GRANTED,
        log.OWN_COPY,
        log.LEGAL,
        log.DEIDENTIFIED,
        log.WRITTEN,
        accounting.DISCLOSED,
        OUTCOME,
    ),
    "refusals": (log.REFUSED,),
    "requests": (log.INCOMING, log.OUTGOING),
    "corrections": (log.CORRECTION,),
    "failed": (log.FAILED,),
    "printed": (log.PRINTED,),
}

# Every detail field in plain words, in the order shown; technical ones are left out.
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
}
_HIDDEN = {"grant_digest", "items", "refs", "purpose_key", "shape", "names", "filter_fields"}


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


def _words(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return "; ".join(_words(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k.replace('_', ' ')}: {_words(v)}" for k, v in value.items())
    return str(value)


def _categories(value: Any) -> str:
    cats = value if isinstance(value, list | tuple) else []
    return "; ".join(CATEGORIES.get(str(c), str(c)) for c in cats)


def _when(iso: str) -> str:
    return iso[:16].replace("T", " ")


class _Names:
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
    d = e.detail
    if e.kind in (log.INCOMING, log.OUTGOING):
        who = ", ".join(x for x in (d.get("requester", ""), d.get("organisation", "")) if x)
        return ("From: " if e.kind == log.INCOMING else "To: ") + who
    return str(d.get("recipient") or "")


def _what(e: log.Entry) -> str:
    d = e.detail
    if e.kind in (log.INCOMING, log.OUTGOING):
        return f"{d.get('summary', '')} (decision: {d.get('decision', '')})"
    if e.kind == log.CORRECTION:
        return f"Corrects {d.get('corrects', '')}: {d.get('text', '')}"
    if e.kind == log.REFUSED:
        return "; ".join(d.get("reasons", []))
    if e.kind == log.FAILED:
        return str(d.get("reason", ""))
    if e.kind == log.PRINTED:
        return f"{d.get('entries', 0)} entries, for {d.get('purpose', '')}"
    if e.kind == log.DEIDENTIFIED:
        return str(d.get("description", ""))
    if e.kind == OUTCOME:
        return f"Outcome of {d.get('for', '')}: {d.get('outcome', '')}"
    if e.kind == accounting.DISCLOSED:
        return f"{_categories(d.get('categories'))} ({d.get('method', '')})"
    return _categories(d.get("categories"))


def _fields(e: log.Entry, client: str, corrected_by: list[str]) -> tuple[tuple[str, str], ...]:
    out = [
        ("Reference", e.ref),
        ("Date and time", _when(e.at)),
        ("Kind", KIND_WORDS.get(e.kind, e.kind)),
        ("Client", client or "-"),
        ("Entered by", e.actor),
    ]
    d = e.detail
    shown = [k for k in LABELS if k in d] + sorted(k for k in d if k not in LABELS)
    for key in shown:
        if key in _HIDDEN:
            continue
        value = d[key]
        if key == "categories":
            text = _categories(value) or "-"
        elif key == "road" and value == "release":
            text = "under a written release"
        elif key == "client_informed" and value is None:
            text = "not recorded"
        else:
            text = _words(value)
        out.append((LABELS.get(key, key.replace("_", " ").capitalize()), text))
    if corrected_by:
        out.append(("Corrected by", ", ".join(corrected_by)))
    return tuple(out)


def _row(e: log.Entry, names: _Names, corrections: dict[str, list[str]]) -> LogRow:
    client = names(e.client_id)
    return LogRow(
        ref=e.ref,
        seq=e.seq,
        at=_when(e.at),
        kind=e.kind,
        kind_words=KIND_WORDS.get(e.kind, e.kind),
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
    if group == "refusals" and e.kind in (log.INCOMING, log.OUTGOING):
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
        if e.kind == log.CORRECTION:
            out.setdefault(str(e.detail.get("corrects", "")), []).append(e.ref)
    return out


def select(vault: Vault, flt: LogFilter | None = None) -> list[LogRow]:
    """The entries the filter keeps, newest first, in plain words."""
    flt = flt or LogFilter()
    flt.check()
    every = log.entries(vault)
    corrections = _corrections(every)
    names = _Names(vault)
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
        row = _row(e, names, corrections)
        if flt.text.strip() and not _matches(row, flt.text):
            continue
        rows.append(row)
    return rows


def accounting_refs(vault: Vault, client_id: int) -> list[str]:
    """The entries of a client's accounting (six years), oldest first: consent/accounting.py.

    Printed copies of the record of sharing are left out: they are the program's
    own records (or this very accounting), not disclosures of the client's file.
    """
    return accounting.refs(vault, client_id, ACCOUNTING_YEARS)


# --- printing: the road out -----------------------------------------------------------


def print_log(vault: Vault, purpose: str, flt: LogFilter | None = None) -> Grant:
    """Record that the record of sharing is being printed, and allow exactly that.

    ``purpose`` is a key of PURPOSES.  An accounting needs a client (``flt.client_id``)
    and holds only that client's disclosures over six years; the others print the
    entries the filter keeps.  Nothing is recorded when the input is refused.
    """
    flt = flt or LogFilter()
    if purpose not in PURPOSES:
        raise InvalidInput(
            "Choose why you are printing the record of sharing: for the client (an accounting "
            "of disclosures), for the program's own review, or for a funder's audit."
        )
    flt.check()
    client_name = ""
    if purpose == ACCOUNTING:
        if flt.client_id is None:
            raise InvalidInput(
                "An accounting of disclosures is for one client. Choose the client in the "
                "filter first, then save it again."
            )
        client_name = get_client(vault, flt.client_id).name
        refs = accounting_refs(vault, flt.client_id)
        described = f"disclosures for client {flt.client_id} over the past {ACCOUNTING_YEARS} years"
    else:
        refs = [r.ref for r in reversed(select(vault, flt))]  # oldest first, as kept
        if not refs:
            raise InvalidInput(
                "No entries match this filter, so there is nothing to print. Change the filter."
            )
        described = flt.describe()
    names = purpose != AUDIT
    scope: dict[str, Any] = {
        "shape": ACCOUNTING if purpose == ACCOUNTING else "log",
        "refs": list(refs),
        "names": names,
    }
    categories = (ROAD,)
    entry = log.append(
        vault,
        log.PRINTED,
        {
            "road": ROAD,
            "purpose": PURPOSES[purpose],
            "purpose_key": purpose,
            "recipient": RECIPIENTS[purpose],
            "filter": described,
            "filter_fields": {
                "group": flt.group,
                "client_id": flt.client_id,
                "from": flt.date_from,
                "to": flt.date_to,
                "search": bool(flt.text.strip()),
            },
            "entries": len(refs),
            "refs": list(refs),
            "names": names,
            "grant_digest": grant_digest(flt.client_id, None, categories, scope),
        },
        client_id=flt.client_id,
    )
    return mint(
        vault.header.vault_id,
        kind=GRANT_KIND,
        purpose_key=purpose,
        purpose=PURPOSES[purpose],
        client_id=flt.client_id,
        client_name=client_name,
        recipient_org_id=None,
        recipient=RECIPIENTS[purpose],
        categories=categories,
        release=None,
        release_ref=ROAD,
        expires_on=None,
        signed_on=None,
        made_at=vault.clock.now(),
        log_ref=entry.ref,
        scope=scope,
        filter=described,
        left_out=(),
        notices=(),
    )


def redeem(vault: Vault, grant: object) -> Grant:
    """Check and spend a grant for a printed record of sharing (as gate.redeem does)."""
    g = spend_recorded(vault, grant, (log.PRINTED,))
    if g.kind != GRANT_KIND:
        raise ConsentRefused(["This grant does not match any decision in the record of sharing."])
    return g


def record_written(vault: Vault, grant: Grant, digest: str, pages: int) -> log.Entry:
    return log.append(
        vault,
        log.WRITTEN,
        {
            "for": grant.log_ref,
            "road": ROAD,
            "recipient": grant.recipient,
            "categories": list(grant.categories),
            "purpose": grant.purpose,
            "entries": len(grant.scope["refs"]),
            "pages": pages,
            "method": "PDF export",
            "sha256": digest,
        },
        client_id=grant.client_id,
        digest=digest,
    )


# --- what the printed PDF holds ---------------------------------------------------------


@dataclass
class Report:
    title: str
    terms: list[tuple[str, str]]
    columns: tuple[str, ...]
    widths: tuple[int, ...]  # in millimetres, summing to 170 (A4 with margins)
    rows: list[tuple[str, ...]]
    refs: list[str]
    notes: list[str]
    empty: str
    footer: str


def _address(vault: Vault, e: log.Entry) -> str:
    """The recipient's address if known: from the decision's entry, else the organisation."""
    found = str(e.detail.get("recipient_address") or "")
    if not found and e.detail.get("for"):
        try:
            found = str(
                log.get_entry(vault, str(e.detail["for"])).detail.get("recipient_address") or ""
            )
        except NotFound:
            found = ""
    if not found and e.recipient_org_id is not None:
        try:
            found = get_org(vault, e.recipient_org_id).address
        except NotFound:
            found = ""
    return found


def _deidentified_row(e: log.Entry, org_names: dict[int, str], vault: Vault) -> tuple[str, ...]:
    d = e.detail
    client = f"client {e.client_id}" if e.client_id is not None else "-"
    if e.kind in (log.INCOMING, log.OUTGOING):
        recipient = str(d.get("organisation") or "-")
        what = f"decision: {d.get('decision', '-')}"
    elif e.kind in (log.CORRECTION, log.FAILED, log.PRINTED, log.DEIDENTIFIED):
        recipient, what = (
            "-",
            {
                log.CORRECTION: f"corrects {d.get('corrects', '')}",
                log.FAILED: f"for {d.get('for', '')}",
                log.PRINTED: f"{d.get('entries', 0)} entries",
                log.DEIDENTIFIED: "de-identified",
            }[e.kind],
        )
    else:
        if e.recipient_org_id is not None:
            if e.recipient_org_id not in org_names:
                try:
                    org_names[e.recipient_org_id] = get_org(vault, e.recipient_org_id).name
                except NotFound:
                    org_names[e.recipient_org_id] = f"organisation {e.recipient_org_id}"
            recipient = org_names[e.recipient_org_id]
        else:
            recipient = "the client" if d.get("road") == "own copy" else "-"
        basis = d.get("release") or d.get("legal_kind") or d.get("road") or ""
        what = "; ".join(x for x in (_categories(d.get("categories")), str(basis)) if x)
        if e.kind == log.REFUSED:
            what = f"{len(d.get('reasons', []))} reason(s) recorded; {what}"
    return (_when(e.at), e.ref, KIND_WORDS.get(e.kind, e.kind), client, recipient, what, e.actor)


def gather(vault: Vault, grant: Grant, program: str) -> Report:
    """Exactly the grant's entries, laid out for its shape (called by the exporter)."""
    scope = grant.scope
    entries = [log.get_entry(vault, r) for r in scope["refs"]]
    printed = _when(log.get_entry(vault, grant.log_ref).at)
    common = [
        ("Program", program),
        ("Printed for", grant.purpose),
        ("Printed by", vault.user_name),
        ("Printed on", printed),
        ("Record of sharing entry", grant.log_ref),
    ]
    footer = f"Record of sharing - printed for {grant.purpose} - entry {grant.log_ref}"
    if scope["shape"] == ACCOUNTING:
        now = today(vault.clock)
        since = accounting.since(now, ACCOUNTING_YEARS)
        rows: list[tuple[str, ...]] = []
        for x in (accounting.disclosure_of(vault, e) for e in entries):
            recipient = x.recipient + "".join(f"\n{y}" for y in (x.person, x.address) if y)
            rows.append((x.on, recipient, x.what, x.purpose, f"{x.road}; {x.method}", x.entry))
        return Report(
            title="Accounting of disclosures",
            terms=[
                ("Client", grant.client_name),
                ("Period", f"{since} to {now} (the past {ACCOUNTING_YEARS} years)"),
                *common,
            ],
            columns=(
                "Date",
                "Recipient and address",
                "What was disclosed",
                "Purpose",
                "On what basis, and how",
                "Entry",
            ),
            widths=(19, 38, 33, 29, 31, 20),
            rows=rows,
            refs=[e.ref for e in entries],
            notes=[
                "This lists every time information from the client's file was given out "
                "in the past six years, as the record of sharing holds it. Each entry "
                "reference ties a line to the program's tamper-evident record."
            ],
            empty="No information from this client's file was disclosed in this period.",
            footer=footer,
        )
    if scope["names"]:
        names = _Names(vault)
        rows = [
            (r.at, r.ref, r.kind_words, r.client or "-", r.recipient or "-", r.what or "-", r.actor)
            for r in (_row(e, names, {}) for e in entries)
        ]
        notes = [
            "Confidential: this record names clients. Keep it locked away and destroy it "
            "securely when the review is done."
        ]
    else:
        orgs: dict[int, str] = {}
        rows = [_deidentified_row(e, orgs, vault) for e in entries]
        notes = [
            "No client is named: clients appear by their number in the program's "
            "records, and free text that may hold names is left out."
        ]
    return Report(
        title="Record of sharing",
        terms=[("Filter", grant.filter), ("Entries", str(len(entries))), *common],
        columns=(
            "Date and time",
            "Entry",
            "Kind",
            "Client",
            "Recipient or requester",
            "What",
            "Entered by",
        ),
        widths=(21, 23, 24, 24, 28, 32, 18),
        rows=rows,
        refs=[e.ref for e in entries],
        notes=notes,
        empty="No entries.",
        footer=footer,
    )


__all__ = [
    "ACCOUNTING",
    "AUDIT",
    "GROUPS",
    "KIND_WORDS",
    "PURPOSES",
    "REVIEW",
    "LogFilter",
    "LogRow",
    "Report",
    "accounting_refs",
    "gather",
    "print_log",
    "record_written",
    "redeem",
    "select",
]
