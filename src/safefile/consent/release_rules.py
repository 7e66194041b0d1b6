"""The release road: the rules a written release must meet for information to leave.

``decide`` takes an :class:`ExportRequest` (client, recipient organisation,
purpose, categories, optionally the release and a subset of items) and, at the
moment read from ``vault.clock``, returns a Grant scoped to exactly what may
leave, or a Refusal listing every reason; both are written to the record of
sharing (consent/decision.py).  The rules and the tests that prove them are
listed in docs/rules.md:

* the release names this client, this recipient organisation and this purpose,
  covers every category asked for, allows sending (direction release or both),
  has taken effect, has not expired, has not been revoked, and is written (a
  signed form in the vault, or a recorded attestation that the original is on file);
* **time**: release dates are whole days in the workstation's time zone.  A
  release is in effect from the start of its effective date through the END of
  its expiry date (expiring 2026-11-22 it is valid all of that day and refused
  from 2026-11-23 00:00 local).  A revocation takes effect from the start of the
  day it is dated (the safer reading: on that day nothing more leaves);
* **purpose**: compared after folding case and spaces; the app offers the
  release's own purpose, so a mismatch means a different purpose, which the
  client did not agree to (the safer reading);
* process notes only under a release naming that category alone, and exported alone;
* a joint note needs such a release from every adult party to it (a party whose
  birth date shows them under 18 is a minor, whose records are consented for by
  others); otherwise it is left out and the user is told;
* drafts are not part of the record and never leave: only signed notes do;
* **who signed**: a release for a client who was a minor when it was signed rests on a
  parent's or guardian's signature and the staff member's attestation (or a recorded
  law that lets the minor consent alone); no signer, co-signer or contact person may
  be on the client's restricted list (consent/people.py);
* **validity runs from the signature**, for at most the program's maximum;
* **narrow scope**: only the documents a release names, only services and notes dated
  within its period, and a single-use release is used up by its first disclosure;
* **purpose**: an export states its purpose; none stated is refused;
* a joint note needs a valid release from every other party, a minor party's given
  on their behalf; what is left out is told to the user in full, and the recipient
  reads only "Some items are not included."
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from safefile.clock import today
from safefile.consent import details, log
from safefile.consent.categories import (
    DOCUMENTS,
    PROCESS_NOTES,
    PROGRESS_NOTES,
    alone,
    known_categories,
    parse_categories,
)
from safefile.consent.decision import REDISCLOSURE_NOTICE, Decision, grant_digest, refuse
from safefile.consent.grants import Scope, mint
from safefile.consent.items import collect
from safefile.consent.kinds import EntryKind, GrantKind, Road
from safefile.consent.methods import method_problems, recipient_person
from safefile.consent.people import WITHHELD, restriction_match
from safefile.consent.releases import (
    Release,
    get_release,
    list_releases,
    max_days,
    minor_problems,
    release_ref,
    validity_problems,
)
from safefile.errors import NotFound
from safefile.records.clients import get_client
from safefile.records.models import Client, Note, Org
from safefile.records.orgs import get_org
from safefile.staff.guard import allowed
from safefile.staff.roles import Action
from safefile.store.actor import Actor
from safefile.store.vault import Vault
from safefile.words import category_short


@dataclass(frozen=True)
class ExportRequest:
    client_id: int
    recipient_org_id: int
    categories: tuple[str, ...]
    purpose: str | None = None  # None: the purpose the release states
    release_id: int | None = None  # None: the one matching release the gate finds
    note_refs: tuple[str, ...] | None = None  # a subset; None means all that qualify
    document_ids: tuple[int, ...] | None = None
    method: str = "PDF export"  # or how it left outside SafeFile (consent/disclose.py)
    person: str = ""  # the person at the recipient, if not the contact person on file
    job_title: str = ""


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.casefold()).strip(" .;,")


def _form_ok(vault: Vault, rel: Release) -> bool:
    if rel.original_on_file:
        return True
    if rel.form_document_id is None:
        return False
    row = vault.db.execute(
        "SELECT blob, client_id FROM documents WHERE id = ?", (rel.form_document_id,)
    ).fetchone()
    return bool(row) and row[1] == rel.client_id and (vault.documents_dir / row[0]).is_file()


@dataclass(frozen=True)
class _Asked:
    """What an export asks of a release: release_problems' arguments, and the program's
    categories that travel alone."""

    client_id: int
    recipient_org_id: int
    recipient_name: str
    purpose: str | None
    categories: tuple[str, ...]
    on: date
    lone: frozenset[str]


def _from_this_client(vault: Vault, rel: Release, ask: _Asked) -> list[str]:
    """A release allows sharing only the information of the client who gave it."""
    if rel.client_id != ask.client_id:
        return [f"Release {rel.ref} is from another client, not this one."]
    return []


def _to_this_recipient(vault: Vault, rel: Release, ask: _Asked) -> list[str]:
    """A release allows sharing only with the recipient it names."""
    if rel.recipient_org_id != ask.recipient_org_id:
        return [
            f"Release {rel.ref} names {rel.recipient} as the recipient, not {ask.recipient_name}."
        ]
    return []


def _for_this_purpose(vault: Vault, rel: Release, ask: _Asked) -> list[str]:
    """A release allows sharing only for the purpose it states."""
    if ask.purpose is not None and _norm(ask.purpose) != _norm(rel.purpose):
        return [f'Release {rel.ref} is for the purpose "{rel.purpose}", not "{ask.purpose}".']
    return []


def _to_send_not_obtain(vault: Vault, rel: Release, ask: _Asked) -> list[str]:
    """A release to obtain information from someone never allows sending it to them."""
    if rel.direction == "obtain":
        return [
            f"Release {rel.ref} allows us to obtain information from {rel.recipient}, "
            "not to send it."
        ]
    return []


def _process_notes_alone(vault: Vault, rel: Release, ask: _Asked) -> list[str]:
    """Process notes go only under a release that names process notes alone."""
    if PROCESS_NOTES in ask.categories and tuple(rel.categories) != (PROCESS_NOTES,):
        return [
            "Process notes can be released only under a release that names process notes alone."
        ]
    return []


def _program_categories_alone(vault: Vault, rel: Release, ask: _Asked) -> list[str]:
    """A program category that travels alone goes only under a release naming it alone."""
    return [
        f"The program's category {cat} travels alone: it can be released only under "
        "a release that names it alone."
        for cat in sorted(ask.lone - {PROCESS_NOTES})
        if cat in ask.categories and tuple(rel.categories) != (cat,)
    ]


def _covers_categories(vault: Vault, rel: Release, ask: _Asked) -> list[str]:
    """A release allows only the categories of information it names."""
    return [
        f"Release {rel.ref} does not cover {category_short(cat)}."
        for cat in ask.categories
        if cat not in ask.lone and cat not in rel.categories
    ]


def _in_effect(vault: Vault, rel: Release, ask: _Asked) -> list[str]:
    """Nothing leaves under a release before the day it takes effect."""
    if ask.on < rel.effective_on:
        return [f"Release {rel.ref} is not yet in effect: it takes effect on {rel.effective_on}."]
    return []


def _not_expired(vault: Vault, rel: Release, ask: _Asked) -> list[str]:
    """Nothing leaves under a release after it expires."""
    if ask.on > rel.expires_on:
        return [f"Release {rel.ref} expired on {rel.expires_on}."]
    return []


def _not_revoked(vault: Vault, rel: Release, ask: _Asked) -> list[str]:
    """Nothing leaves under a release from the day it was revoked."""
    if rel.revoked_on is not None and rel.revoked_on <= ask.on:
        return [f"Release {rel.ref} was revoked on {rel.revoked_on} ({rel.revoked_how})."]
    return []


def _valid_dates(vault: Vault, rel: Release, ask: _Asked) -> list[str]:
    """A release's dates are valid, and it lasts no longer than the program allows."""
    return validity_problems(
        rel.signed_on, rel.effective_on, rel.expires_on, max_days(vault), f"Release {rel.ref}"
    )


def _minor_signed_rightly(vault: Vault, rel: Release, ask: _Asked) -> list[str]:
    """A minor's release is signed by whoever the minor law says may consent."""
    return minor_problems(
        get_client(vault, rel.client_id),
        rel.signed_on,
        rel.signer_capacity,
        rel.signer_name,
        rel.not_abuser,
        rel.minor_law,
        f"Release {rel.ref}",
    )


def _signer_not_restricted(vault: Vault, rel: Release, ask: _Asked) -> list[str]:
    """No consent is accepted from a person restricted for the client."""
    signer = restriction_match(vault, rel.client_id, *rel.signers())
    if signer is not None:
        return [
            f"Release {rel.ref} was signed by a person who {signer.says}: no consent is "
            "accepted from them."
        ]
    return []


def _contact_not_restricted(vault: Vault, rel: Release, ask: _Asked) -> list[str]:
    """A person restricted for the client never receives the client's information."""
    contact = restriction_match(vault, rel.client_id, rel.contact_person, *org_contacts(vault, rel))
    if contact is not None:
        return [
            f"The contact person for release {rel.ref} {contact.says}: they never "
            "receive the client's information."
        ]
    return []


def _names_documents(vault: Vault, rel: Release, ask: _Asked) -> list[str]:
    """Documents leave only under a release that names the documents it covers."""
    if DOCUMENTS in ask.categories and DOCUMENTS in rel.categories and not rel.document_ids:
        return [
            f"Release {rel.ref} covers documents but does not name them: enter a release "
            "that names the documents it covers."
        ]
    return []


def _single_use_unused(vault: Vault, rel: Release, ask: _Asked) -> list[str]:
    """A release for one disclosure only allows nothing once it has been used."""
    used = uses(vault, rel) if rel.single_use else []
    if used:
        return [
            f"Release {rel.ref} was for one disclosure only, and it was used on "
            f"{used[0].at[:10]} (entry {used[0].ref})."
        ]
    return []


def _signed_form_kept(vault: Vault, rel: Release, ask: _Asked) -> list[str]:
    """A release counts only with its signed form in the vault or the original on file."""
    if not _form_ok(vault, rel):
        return [
            f"Release {rel.ref} has no signed form in the vault and no record that the "
            "signed original is on file."
        ]
    return []


# The rules a release must meet for an export, in the order their reasons are given.
RELEASE_CHECKS: tuple[Callable[[Vault, Release, _Asked], list[str]], ...] = (
    _from_this_client,
    _to_this_recipient,
    _for_this_purpose,
    _to_send_not_obtain,
    _process_notes_alone,
    _program_categories_alone,
    _covers_categories,
    _in_effect,
    _not_expired,
    _not_revoked,
    _valid_dates,
    _minor_signed_rightly,
    _signer_not_restricted,
    _contact_not_restricted,
    _names_documents,
    _single_use_unused,
    _signed_form_kept,
)


def release_problems(
    vault: Vault,
    rel: Release,
    *,
    client_id: int,
    recipient_org_id: int,
    recipient_name: str,
    purpose: str | None,
    categories: tuple[str, ...],
    on: date,
) -> list[str]:
    """Every reason ``rel`` does not allow this export on day ``on`` (empty: it does):
    the checks of RELEASE_CHECKS, in order."""
    ask = _Asked(client_id, recipient_org_id, recipient_name, purpose, categories, on, alone(vault))
    return [reason for check in RELEASE_CHECKS for reason in check(vault, rel, ask)]


def _unsigned(vault: Vault, client_id: int, org_id: int) -> list[str]:
    """The references of this client's drafts to this organisation, never signed."""
    rows = vault.db.execute(
        "SELECT id FROM release_drafts WHERE client_id = ? AND recipient_org_id = ? "
        "AND state = 'draft' ORDER BY id",
        (client_id, org_id),
    ).fetchall()
    return [release_ref(int(r[0])) for r in rows]


def uses(vault: Vault, rel: Release) -> list[log.Entry]:
    """The disclosures made under a release (files written), oldest first."""
    return [e for e in log.entries(vault, kind=EntryKind.WRITTEN) if e.release_id == rel.id]


def org_contacts(vault: Vault, rel: Release) -> tuple[str, ...]:
    """The recipient organisation's name and contact person (a restricted person may be
    either: an organisation can be named on the list too)."""
    org = get_org(vault, rel.recipient_org_id)
    return tuple(x for x in (org.name, org.contact_person) if x)


def _joint_consent(
    vault: Vault, note: Note, client_id: int, org_id: int, org_name: str, purpose: str, on: date
) -> list[str]:
    """Why a joint note cannot go (a party without a valid release), or []."""
    missing: list[str] = []
    for party in note.client_ids:
        if party == client_id:
            continue  # a minor party needs consent given on their behalf, like any party
        ok = any(
            not release_problems(
                vault,
                rel,
                client_id=party,
                recipient_org_id=org_id,
                recipient_name=org_name,
                purpose=purpose,
                categories=(PROGRESS_NOTES,),
                on=on,
            )
            for rel in list_releases(vault, party)
        )
        if not ok:
            missing.append(
                f"Joint note {note.ref} is left out: another party to it (client {party}) "
                f"has not consented to its release to {org_name}."
            )
    return missing


def _purpose_stated(vault: Vault, request: ExportRequest, cats: tuple[str, ...]) -> list[str]:
    """Information leaves only for a stated purpose, the one the client agreed to."""
    if request.purpose is None or not request.purpose.strip():
        return [
            "State the purpose of this disclosure: information leaves only for the purpose "
            "the client agreed to in the release."
        ]
    return []


def _process_notes_sent_alone(
    vault: Vault, request: ExportRequest, cats: tuple[str, ...]
) -> list[str]:
    """Process notes are sent on their own."""
    if PROCESS_NOTES in cats and len(cats) > 1:
        return ["Process notes must be sent on their own, under a release that names them alone."]
    return []


def _program_categories_sent_alone(
    vault: Vault, request: ExportRequest, cats: tuple[str, ...]
) -> list[str]:
    """A program category that travels alone is sent on its own."""
    return [
        f"The program's category {cat} travels alone: send it on its own, under a "
        "release that names it alone."
        for cat in sorted(alone(vault) - {PROCESS_NOTES})
        if cat in cats and len(cats) > 1
    ]


# The rules the request itself must meet, whatever the release, in order.
REQUEST_CHECKS: tuple[Callable[[Vault, ExportRequest, tuple[str, ...]], list[str]], ...] = (
    _purpose_stated,
    _process_notes_sent_alone,
    _program_categories_sent_alone,
)


@dataclass(frozen=True)
class _Export:
    """One export the gate decides: the request, its client, recipient, categories, day."""

    vault: Vault
    request: ExportRequest
    client: Client
    org: Org
    cats: tuple[str, ...]
    on: date

    def problems(self, rel: Release) -> list[str]:
        """Every reason ``rel`` does not allow this export: the release's rules, the
        method, and the person named at the recipient."""
        return (
            release_problems(
                self.vault,
                rel,
                client_id=self.client.id,
                recipient_org_id=self.org.id,
                recipient_name=self.org.name,
                purpose=self.request.purpose,
                categories=self.cats,
                on=self.on,
            )
            + method_problems(rel, self.request.method)
            + _person_problems(self)
        )


def _person_problems(x: _Export) -> list[str]:
    """Nothing about the client is given to a restricted person named at the recipient."""
    m = restriction_match(x.vault, x.client.id, x.request.person)
    if m is None:
        return []
    return [
        f"The person named at the recipient {m.says}: nothing about the client is given to them."
    ]


def _named_release(x: _Export, release_id: int) -> tuple[Release | None, list[str]]:
    """The release the user chose, and why it does not allow the export; when it does
    not, one of this recipient's releases that would."""
    try:
        rel = get_release(x.vault, release_id)
    except NotFound as exc:
        return None, [exc.message]
    found = x.problems(rel)
    if not found:
        return rel, []
    others = [
        r
        for r in list_releases(x.vault, x.client.id)
        if r.recipient_org_id == x.org.id and r.id != rel.id and not x.problems(r)
    ]
    if others:
        other = max(others, key=lambda r: (r.expires_on, r.id))
        found.append(f"Release {other.ref} to {x.org.name} allows this: choose it instead.")
    return rel, found


def _found_release(x: _Export) -> tuple[Release | None, list[str]]:
    """The latest-expiring release to this recipient that allows the export; else the
    one nearest to allowing it and its reasons; else why there is none."""
    candidates = [r for r in list_releases(x.vault, x.client.id) if r.recipient_org_id == x.org.id]
    fitting = [r for r in candidates if not x.problems(r)]
    if fitting:
        return max(fitting, key=lambda r: (r.expires_on, r.id)), []
    if candidates:
        best = min(candidates, key=lambda r: (len(x.problems(r)), -r.expires_on.toordinal()))
        return best, x.problems(best)
    return None, [f"There is no release from this client naming {x.org.name}."] + [
        f"Release {ref} to {x.org.name} is not signed yet (printed, awaiting "
        "signature, or a draft): nothing leaves under it until the signed form "
        "is attached."
        for ref in _unsigned(x.vault, x.client.id, x.org.id)
    ]


def _record_grant(
    x: _Export, chosen: Release, asked: details.ReleaseAllowed, actor: Actor
) -> tuple[log.Entry, Scope, list[str]]:
    """Record the grant under ``chosen``: the items the release covers, joint notes left
    out where another party has not consented."""
    vault, client, org, cats = x.vault, x.client, x.org, x.cats
    purpose = chosen.purpose

    def joint(n: Note) -> list[str]:
        return _joint_consent(vault, n, client.id, org.id, org.name, purpose, x.on)

    scope, left_out = collect(
        vault, client.id, cats, x.request.note_refs, x.request.document_ids, joint, release=chosen
    )
    entry = log.append(
        vault,
        details.ReleaseAllowed(
            **details.carried(asked),
            purpose=purpose,
            left_out=left_out,
            consent=f"written release {chosen.ref} signed {chosen.signed_on} by "
            f"{chosen.signer_capacity}, valid {chosen.effective_on} to {chosen.expires_on}",
            items=scope.items(),
            grant_digest=grant_digest(client.id, org.id, cats, scope),
        ),
        actor=actor,
        client_id=client.id,
        recipient_org_id=org.id,
        release_id=chosen.id,
    )
    return entry, scope, left_out


@allowed(Action.SHARE)
def decide(vault: Vault, request: ExportRequest, *, actor: Actor) -> Decision:
    """The gate. Every decision, either way, is written to the record of sharing: the
    request's checks (REQUEST_CHECKS), then the release's (RELEASE_CHECKS), the method's
    and the recipient person's, for the release named or the best one found."""
    now = vault.clock.now()
    on = today(vault.clock)  # in the vault's zone, whatever the process's (clock.py)
    client = get_client(vault, request.client_id)
    org = get_org(vault, request.recipient_org_id)
    cats = parse_categories(request.categories, known_categories(vault))
    reasons = [reason for check in REQUEST_CHECKS for reason in check(vault, request, cats)]
    x = _Export(vault, request, client, org, cats, on)
    if request.release_id is not None:
        chosen, found = _named_release(x, request.release_id)
    else:
        chosen, found = _found_release(x)
    reasons += found
    person, job_title = recipient_person(org, chosen, request.person, request.job_title)
    asked = details.ReleaseAllowed(
        road=Road.RELEASE,
        recipient=org.name,
        recipient_person=person,
        recipient_job_title=job_title,
        recipient_phone=org.phone,
        recipient_address=org.address,
        categories=list(cats),
        release=chosen.ref if chosen else None,
        method=request.method,
        client_informed=True,  # a release is given by the client: they know
    )
    if reasons or chosen is None:
        refused = details.Refused(
            **details.carried(asked), purpose=request.purpose, reasons=reasons
        )
        if restriction_match(vault, client.id, person) is not None:
            # a refusal never names a restricted person
            refused = refused.model_copy(update={"recipient_person": WITHHELD})
        return refuse(
            vault,
            refused,
            actor=actor,
            client_id=client.id,
            recipient_org_id=org.id,
            release_id=chosen.id if chosen else None,
        )
    purpose = chosen.purpose
    entry, scope, left_out = _record_grant(x, chosen, asked, actor)
    return mint(
        vault.header.vault_id,
        kind=GrantKind.RELEASE,
        client_id=client.id,
        client_name=client.name,
        recipient_org_id=org.id,
        recipient=org.name,
        purpose=purpose,
        categories=cats,
        release=chosen,
        release_ref=chosen.ref,
        expires_on=chosen.expires_on,
        signed_on=chosen.signed_on,
        made_at=now,
        log_ref=entry.ref,
        scope=scope,
        left_out=tuple(left_out),
        some_left_out=bool(left_out),
        notices=(REDISCLOSURE_NOTICE,),
    )


__all__ = ["ExportRequest", "decide", "release_problems"]
