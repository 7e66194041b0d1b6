"""What a printed record of sharing holds, made only from a redeemed grant of
consent/log_print.py: exactly the grant's entries, laid out for its shape.

An audit copy names no one: clients appear as "client N", requesters by
organisation only, and no free text that may hold names (reasons, summaries,
corrections, legal basis) is printed, only the structured facts (date, kind,
recipient organisation, categories, release, decision) that show due process
was followed.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from safefile import words
from safefile.clock import today
from safefile.consent import accounting, log
from safefile.consent.grants import Grant
from safefile.consent.kinds import EntryKind, Road
from safefile.consent.log_print import ACCOUNTING
from safefile.consent.log_view import Names, row
from safefile.errors import NotFound
from safefile.records.language import FormTexts, client_language, form_texts
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
    end: str = ""  # "End of document (N entries)." in the report's language
    language: str = "en"
    phone_label: str = "Program's phone"
    # the same in English, printed after it for the file (an accounting asked bilingual)
    english: Report | None = None
    bilingual_note: str = ""


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


def gather(vault: Vault, grant: Grant, program: str, *, bilingual: bool = False) -> Report:
    """Exactly the grant's entries, laid out for its shape (called by the exporter).
    An accounting is in the client's language; ``bilingual``: then in English, for the
    file."""
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
        code = client_language(vault, grant.client_id) if grant.client_id else "en"
        report = _accounting(vault, grant, entries, common, code)
        if bilingual and code != "en":
            report.english = _accounting(vault, grant, entries, common, "en")
            report.bilingual_note = form_texts(code).text("acc_bilingual_note")
        return report
    if scope.names:
        names = Names(vault)
        rows: list[tuple[str, ...]] = [
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


_METHODS = {
    "PDF export": "method_pdf",
    "mail": "method_mail",
    "email": "method_email",
    "fax": "method_fax",
    "phone": "method_phone",
    "in person": "method_in-person",
    "in-person": "method_in-person",
}


def _translated(
    x: accounting.Disclosure, d: dict[str, object], t: FormTexts
) -> accounting.Disclosure:
    """SafeFile's words in a line of the accounting in the client's language: what was
    disclosed (the form's words for each category), the road, the method, and for the
    client's own copy the recipient and purpose; what staff typed stays as typed."""
    what = "; ".join(t.text(f"category_{c}") if t.has(f"category_{c}") else c for c in x.categories)
    road = str(d.get("road") or "")
    recipient, purpose = x.recipient, x.purpose
    if road == "release":
        said = t.text("acc_road_release", ref=d.get("release") or "-")
    elif road == "own copy":
        said = t.text("acc_road_own")
        recipient = t.text("acc_recipient_own")
        if d.get("collected_by"):
            recipient += "; " + t.text("cover_collected_value", name=d["collected_by"])
        purpose = t.text("acc_purpose_own")
    elif road == "required by law":
        kind = str(d.get("legal_kind") or "")
        why = t.text(f"acc_law_{kind}") if t.has(f"acc_law_{kind}") else kind
        said = t.text("acc_road_law", why=why)
        if d.get("restriction_override"):
            said += "; " + t.text("acc_road_override", reason=d["restriction_override"])
    else:
        said = x.road
    key = _METHODS.get(x.method, "")
    method = t.text(key) if key else x.method
    return dataclasses.replace(
        x, what=what or "-", road=said, method=method, recipient=recipient, purpose=purpose
    )


def _accounting(
    vault: Vault,
    grant: Grant,
    entries: list[log.Entry],
    common: list[tuple[str, str]],
    code: str,
) -> Report:
    """The accounting of disclosures for the client, in the language ``code``
    (records/language.py): every word SafeFile adds; what the record of sharing holds
    (recipients, purposes as recorded) is printed as it was recorded."""
    now = today(vault.clock)
    since = accounting.since(now)
    rows: list[tuple[str, ...]] = []
    t = form_texts(code)
    for e in entries:
        x = accounting.disclosure_of(vault, e)
        if code != "en":
            x = _translated(x, accounting.detail_of(vault, e), t)
        recipient = x.recipient + "".join(f"\n{y}" for y in (x.person, x.address) if y)
        rows.append((x.on, recipient, x.what, x.purpose, f"{x.road}; {x.method}", x.entry))
    values = [v for _, v in common]
    if code != "en":
        values[1] = t.text("acc_printed_for_value")
    return Report(
        title=t.text("acc_title"),
        terms=[
            (t.text("acc_client"), grant.client_name),
            (
                t.text("acc_period"),
                t.text("acc_period_value", since=since, now=now, years=accounting.YEARS),
            ),
            *(
                (t.text(key), value)
                for key, value in zip(
                    (
                        "acc_program",
                        "acc_printed_for",
                        "acc_printed_by",
                        "acc_printed_on",
                        "acc_entry",
                    ),
                    values,
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
        footer=(
            f"Record of sharing - printed for {grant.purpose} - entry {grant.log_ref}"
            if code == "en"
            else t.text("acc_footer", ref=grant.log_ref)
        ),
        end=t.text("acc_end", count=len(rows)),
        language=code,
        phone_label=t.text("acc_phone"),
    )


__all__ = ["Report", "gather"]
