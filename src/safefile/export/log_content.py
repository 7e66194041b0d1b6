"""What a printed record of sharing holds, made only from a redeemed grant of
consent/log_print.py: exactly the grant's entries, laid out for its shape.

An audit copy names no one: clients appear as "client N", requesters by
organisation only, and no free text that may hold names (reasons, summaries,
corrections, legal basis) is printed, only the structured facts (date, kind,
recipient organisation, categories, release, decision) that show due process
was followed.
"""

from __future__ import annotations

from dataclasses import dataclass

from safefile import words
from safefile.clock import today
from safefile.consent import accounting, log
from safefile.consent.grants import Grant
from safefile.consent.kinds import EntryKind, Road
from safefile.consent.log_print import ACCOUNTING
from safefile.consent.log_view import ACCOUNTING_YEARS, Names, row
from safefile.errors import NotFound
from safefile.records.language import client_language, form_texts
from safefile.records.orgs import get_org
from safefile.store.vault import Vault


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
    if e.kind in (EntryKind.INCOMING, EntryKind.OUTGOING):
        recipient = str(d.get("organisation") or "-")
        what = f"decision: {d.get('decision', '-')}"
    elif e.kind in (
        EntryKind.CORRECTION,
        EntryKind.FAILED,
        EntryKind.PRINTED,
        EntryKind.DEIDENTIFIED,
    ):
        recipient, what = (
            "-",
            {
                EntryKind.CORRECTION: f"corrects {d.get('corrects', '')}",
                EntryKind.FAILED: f"for {d.get('for', '')}",
                EntryKind.PRINTED: f"{d.get('entries', 0)} entries",
                EntryKind.DEIDENTIFIED: "de-identified",
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
            recipient = "the client" if d.get("road") == Road.OWN_COPY else "-"
        basis = d.get("release") or d.get("legal_kind") or d.get("road") or ""
        what = "; ".join(x for x in (words.categories(d.get("categories")), str(basis)) if x)
        if e.kind == EntryKind.REFUSED:
            what = f"{len(d.get('reasons', []))} reason(s) recorded; {what}"
    return (words.when(e.at), e.ref, words.entry_kind(e.kind), client, recipient, what, e.actor)


def gather(vault: Vault, grant: Grant, program: str) -> Report:
    """Exactly the grant's entries, laid out for its shape (called by the exporter)."""
    scope = grant.scope
    entries = [log.get_entry(vault, r) for r in scope.log_refs]
    printed = words.when(log.get_entry(vault, grant.log_ref).at)
    common = [
        ("Program", program),
        ("Printed for", grant.purpose),
        ("Printed by", vault.user_name),
        ("Printed on", printed),
        ("Record of sharing entry", grant.log_ref),
    ]
    footer = f"Record of sharing - printed for {grant.purpose} - entry {grant.log_ref}"
    if scope.log_shape == ACCOUNTING:
        now = today(vault.clock)
        since = accounting.since(now, ACCOUNTING_YEARS)
        rows: list[tuple[str, ...]] = []
        for x in (accounting.disclosure_of(vault, e) for e in entries):
            recipient = x.recipient + "".join(f"\n{y}" for y in (x.person, x.address) if y)
            rows.append((x.on, recipient, x.what, x.purpose, f"{x.road}; {x.method}", x.entry))
        # For the client, in the language they read (records/language.py).
        t = form_texts(client_language(vault, grant.client_id) if grant.client_id else "en")
        return Report(
            title=t.text("acc_title"),
            terms=[
                (t.text("acc_client"), grant.client_name),
                (
                    t.text("acc_period"),
                    t.text("acc_period_value", since=since, now=now, years=ACCOUNTING_YEARS),
                ),
                *(
                    (t.text(key), value)
                    for key, (_, value) in zip(
                        (
                            "acc_program",
                            "acc_printed_for",
                            "acc_printed_by",
                            "acc_printed_on",
                            "acc_entry",
                        ),
                        common,
                        strict=True,
                    )
                ),
            ],
            columns=tuple(
                t.text(f"acc_col_{c}")
                for c in ("date", "recipient", "what", "purpose", "basis", "entry")
            ),
            widths=(19, 38, 33, 29, 31, 20),
            rows=rows,
            refs=[e.ref for e in entries],
            notes=[t.text("acc_note")],
            empty=t.text("acc_empty"),
            footer=footer,
        )
    if scope.names:
        names = Names(vault)
        rows = [
            (r.at, r.ref, r.kind_words, r.client or "-", r.recipient or "-", r.what or "-", r.actor)
            for r in (row(e, names, {}) for e in entries)
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


__all__ = ["Report", "gather"]
