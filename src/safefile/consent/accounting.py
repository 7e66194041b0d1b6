"""The accounting of disclosures (HIPAA 164.528), and who received information under a release.

A disclosure is information that actually left: a file written under a grant (an
export under a release, the client's own copy, a disclosure required by law) or a
disclosure made by other means (a call, a letter, a fax) recorded through the gate.
A decision alone is not a disclosure (the file may never have been written), a
refusal never is, and a printed copy of the record of sharing is the program's own
record, not a disclosure of the client's file.

``disclosures`` lists a client's disclosures over the past six years, oldest first:
the date, the recipient and their address if known, what was disclosed, the
purpose, and the road (under which release, or which legal ground) and how it was
sent.  The same list feeds the command line, the app and the printed accounting
(which takes its own recorded road out: consent/log_print.print_log with the
accounting purpose).  ``under_release`` lists every disclosure made under one
release: whom to tell after the client revokes it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

from safefile.clock import today
from safefile.consent import log
from safefile.consent.categories import CATEGORIES
from safefile.consent.kinds import EntryKind, Road
from safefile.errors import NotFound
from safefile.records.orgs import get_org
from safefile.staff.guard import allowed
from safefile.staff.roles import Action
from safefile.store.vault import Vault

YEARS = 6
PRINTED_ROAD = Road.LOG_REPORT  # printed copies of the record of sharing
# Kinds of entry that record information actually leaving.  "disclosure made" is a
# disclosure by other means (consent/disclose.py), recorded after its gate decision.
LEFT_KINDS = (EntryKind.WRITTEN, EntryKind.DISCLOSED)


@dataclass(frozen=True)
class Disclosure:
    entry: str  # the entry that records it left (the file written, or the call made)
    decision: str  # the gate's entry that allowed it
    on: str  # YYYY-MM-DD
    recipient: str
    person: str  # the person at the recipient, with their job title, if known
    address: str
    categories: tuple[str, ...]
    what: str  # the categories in words
    purpose: str
    road: str  # in words: under which release, or which legal ground
    method: str  # PDF export, phone, in person, email, fax, mail
    release_id: int | None


def since(on: date, years: int = YEARS) -> date:
    """The first day of the accounting period ending ``on``: the same date ``years`` ago."""
    try:
        return on.replace(year=on.year - years)
    except ValueError:  # 29 February
        return on.replace(year=on.year - years, day=28)


def _decision(vault: Vault, e: log.Entry) -> log.Entry | None:
    ref = e.detail.get("for")
    if not ref:
        return None
    try:
        return log.get_entry(vault, str(ref))
    except NotFound:
        return None


def _road_words(d: dict[str, object]) -> str:
    road = str(d.get("road") or "")
    if road == "release":
        return f"with the client's written consent (release {d.get('release') or '-'})"
    if road == "own copy":
        return "the client's own copy, at their request"
    if road == "required by law":
        kind = str(d.get("legal_kind") or "")
        words = {
            "court-order": "a court order",
            "child-protection": "a child-protection report",
            "imminent-harm": "an imminent risk of serious harm",
        }.get(kind, kind or "the law")
        said = f"without consent, required by law ({words})"
        if d.get("restriction_override"):
            said += (
                "; the recipient matched a restricted person, overridden: "
                f"{d['restriction_override']}"
            )
        return said
    return road or "-"


def _address(vault: Vault, e: log.Entry, decision: log.Entry | None) -> str:
    for d in (e.detail, decision.detail if decision else {}):
        if d.get("recipient_address"):
            return str(d["recipient_address"])
    if e.recipient_org_id is not None:
        try:
            return get_org(vault, e.recipient_org_id).address
        except NotFound:
            return ""
    return ""


def _person(d: dict[str, object]) -> str:
    name = str(d.get("recipient_person") or "")
    title = str(d.get("recipient_job_title") or "")
    return ", ".join(x for x in (name, title) if x)


def detail_of(vault: Vault, e: log.Entry) -> dict[str, object]:
    """What the entry and the decision it carries out recorded, together (the printed
    accounting says the road and the method in the client's language from it)."""
    decision = _decision(vault, e)
    return {**(decision.detail if decision else {}), **e.detail}


def _disclosure(vault: Vault, e: log.Entry) -> Disclosure:
    decision = _decision(vault, e)
    d = {**(decision.detail if decision else {}), **e.detail}
    cats = tuple(str(c) for c in d.get("categories", []) or [])
    return Disclosure(
        entry=e.ref,
        decision=decision.ref if decision else e.ref,
        on=e.at[:10],
        recipient=str(d.get("recipient") or "-"),
        person=_person(d),
        address=_address(vault, e, decision),
        categories=cats,
        what="; ".join(CATEGORIES.get(c, c) for c in cats) or "-",
        purpose=str(d.get("purpose") or "-"),
        road=_road_words(d),
        method=str(d.get("method") or "PDF export"),
        release_id=e.release_id
        if e.release_id is not None
        else (decision.release_id if decision else None),
    )


def disclosure_of(vault: Vault, e: log.Entry) -> Disclosure:
    """One entry of the accounting in its shape (for the printed accounting)."""
    return _disclosure(vault, e)


def _left(e: log.Entry) -> bool:
    """An entry that records information about a client actually leaving."""
    road = e.detail.get("road")
    return e.kind in LEFT_KINDS and road not in (PRINTED_ROAD, "de-identified")


def _as_party(vault: Vault, client_id: int) -> list[log.Entry]:
    """Disclosures of another client's file that carried a joint note of a session with
    this client (a legal road records its parties: consent/roads.legal_disclosure)."""
    found: list[log.Entry] = []
    for kind in LEFT_KINDS:
        for e in log.entries(vault, kind=kind):
            if e.client_id == client_id or not _left(e):
                continue
            decision = _decision(vault, e)
            if decision is not None and client_id in (decision.detail.get("joint_parties") or []):
                found.append(e)
    return found


@allowed(Action.FIND_FILES)
def disclosures(vault: Vault, client_id: int, years: int = YEARS) -> list[Disclosure]:
    """Every disclosure of the client's information in the past ``years`` years, oldest
    first: of their own file, and of a joint note with them in another client's file."""
    first = since(today(vault.clock), years).isoformat()
    own = [e for e in log.entries(vault, client_id=client_id) if _left(e)]
    theirs = _as_party(vault, client_id)
    joint = {e.seq for e in theirs}
    every = sorted([*own, *theirs], key=lambda e: e.seq)
    out: list[Disclosure] = []
    for e in every:
        if e.at[:10] < first:
            continue
        x = _disclosure(vault, e)
        if e.seq in joint:
            x = dataclasses.replace(
                x,
                road=x.road + "; a joint note of a session with this client, in another "
                "client's file",
            )
        out.append(x)
    return out


@allowed(Action.FIND_FILES)
def refs(vault: Vault, client_id: int, years: int = YEARS) -> list[str]:
    """The entries of a client's accounting, oldest first (what a printed accounting holds)."""
    return [x.entry for x in disclosures(vault, client_id, years)]


def under_release(vault: Vault, release_id: int) -> list[Disclosure]:
    """Every disclosure made under one release, oldest first (whom to tell of a revocation)."""
    out: list[Disclosure] = []
    for e in log.entries(vault):
        if not _left(e):
            continue
        x = _disclosure(vault, e)
        if x.release_id == release_id:
            out.append(x)
    return out


__all__ = [
    "YEARS",
    "Disclosure",
    "disclosure_of",
    "disclosures",
    "refs",
    "since",
    "under_release",
]
