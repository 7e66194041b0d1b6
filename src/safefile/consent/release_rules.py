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
from dataclasses import dataclass
from datetime import date

from safefile.clock import today
from safefile.consent import log
from safefile.consent.categories import (
    DOCUMENTS,
    PROCESS_NOTES,
    PROGRESS_NOTES,
    alone,
    known_categories,
    parse_categories,
)
from safefile.consent.decision import REDISCLOSURE_NOTICE, Decision, grant_digest, refuse
from safefile.consent.disclose import method_problems, recipient_person
from safefile.consent.grants import mint
from safefile.consent.items import collect
from safefile.consent.kinds import EntryKind, GrantKind, Road
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
from safefile.records.models import Note
from safefile.records.orgs import get_org
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
    """Every reason ``rel`` does not allow this export on day ``on`` (empty: it does)."""
    r: list[str] = []
    if rel.client_id != client_id:
        r.append(f"Release {rel.ref} is from another client, not this one.")
    if rel.recipient_org_id != recipient_org_id:
        r.append(f"Release {rel.ref} names {rel.recipient} as the recipient, not {recipient_name}.")
    if purpose is not None and _norm(purpose) != _norm(rel.purpose):
        r.append(f'Release {rel.ref} is for the purpose "{rel.purpose}", not "{purpose}".')
    if rel.direction == "obtain":
        r.append(
            f"Release {rel.ref} allows us to obtain information from {rel.recipient}, "
            "not to send it."
        )
    if PROCESS_NOTES in categories and tuple(rel.categories) != (PROCESS_NOTES,):
        r.append(
            "Process notes can be released only under a release that names process notes alone."
        )
    lone = alone(vault)
    for cat in sorted(lone - {PROCESS_NOTES}):
        if cat in categories and tuple(rel.categories) != (cat,):
            r.append(
                f"The program's category {cat} travels alone: it can be released only under "
                "a release that names it alone."
            )
    for cat in categories:
        if cat not in lone and cat not in rel.categories:
            r.append(f"Release {rel.ref} does not cover {category_short(cat)}.")
    if on < rel.effective_on:
        r.append(f"Release {rel.ref} is not yet in effect: it takes effect on {rel.effective_on}.")
    if on > rel.expires_on:
        r.append(f"Release {rel.ref} expired on {rel.expires_on}.")
    if rel.revoked_on is not None and rel.revoked_on <= on:
        r.append(f"Release {rel.ref} was revoked on {rel.revoked_on} ({rel.revoked_how}).")
    r += validity_problems(
        rel.signed_on, rel.effective_on, rel.expires_on, max_days(vault), f"Release {rel.ref}"
    )
    r += minor_problems(
        get_client(vault, rel.client_id),
        rel.signed_on,
        rel.signer_capacity,
        rel.signer_name,
        rel.not_abuser,
        rel.minor_law,
        f"Release {rel.ref}",
    )
    signer = restriction_match(vault, rel.client_id, *rel.signers())
    if signer is not None:
        r.append(
            f"Release {rel.ref} was signed by a person who {signer.says}: no consent is "
            "accepted from them."
        )
    contact = restriction_match(vault, rel.client_id, rel.contact_person, *org_contacts(vault, rel))
    if contact is not None:
        r.append(
            f"The contact person for release {rel.ref} {contact.says}: they never "
            "receive the client's information."
        )
    if DOCUMENTS in categories and DOCUMENTS in rel.categories and not rel.document_ids:
        r.append(
            f"Release {rel.ref} covers documents but does not name them: enter a release "
            "that names the documents it covers."
        )
    if rel.single_use:
        used = uses(vault, rel)
        if used:
            r.append(
                f"Release {rel.ref} was for one disclosure only, and it was used on "
                f"{used[0].at[:10]} (entry {used[0].ref})."
            )
    if not _form_ok(vault, rel):
        r.append(
            f"Release {rel.ref} has no signed form in the vault and no record that the "
            "signed original is on file."
        )
    return r


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


def decide(vault: Vault, request: ExportRequest, *, actor: Actor) -> Decision:
    """The gate. Every decision, either way, is written to the record of sharing."""
    now = vault.clock.now()
    on = today(vault.clock)  # in the vault's zone, whatever the process's (clock.py)
    client = get_client(vault, request.client_id)
    org = get_org(vault, request.recipient_org_id)
    cats = parse_categories(request.categories, known_categories(vault))
    reasons: list[str] = []
    if request.purpose is None or not request.purpose.strip():
        reasons.append(
            "State the purpose of this disclosure: information leaves only for the purpose "
            "the client agreed to in the release."
        )
    if PROCESS_NOTES in cats and len(cats) > 1:
        reasons.append(
            "Process notes must be sent on their own, under a release that names them alone."
        )
    for cat in sorted(alone(vault) - {PROCESS_NOTES}):
        if cat in cats and len(cats) > 1:
            reasons.append(
                f"The program's category {cat} travels alone: send it on its own, under a "
                "release that names it alone."
            )

    def problems(rel: Release) -> list[str]:
        return (
            release_problems(
                vault,
                rel,
                client_id=client.id,
                recipient_org_id=org.id,
                recipient_name=org.name,
                purpose=request.purpose,
                categories=cats,
                on=on,
            )
            + method_problems(rel, request.method)
            + person_problems(rel)
        )

    def person_problems(rel: Release) -> list[str]:
        m = restriction_match(vault, client.id, request.person)
        if m is None:
            return []
        return [
            f"The person named at the recipient {m.says}: nothing about the client is given "
            "to them."
        ]

    chosen: Release | None = None
    if request.release_id is not None:
        try:
            rel = get_release(vault, request.release_id)
        except NotFound as exc:
            reasons.append(exc.message)
        else:
            found = problems(rel)
            reasons += found
            chosen = rel
            if found:  # point to one of this recipient's releases that would allow it
                others = [
                    r
                    for r in list_releases(vault, client.id)
                    if r.recipient_org_id == org.id and r.id != rel.id and not problems(r)
                ]
                if others:
                    other = max(others, key=lambda r: (r.expires_on, r.id))
                    reasons.append(
                        f"Release {other.ref} to {org.name} allows this: choose it instead."
                    )
    else:
        candidates = [r for r in list_releases(vault, client.id) if r.recipient_org_id == org.id]
        fitting = [r for r in candidates if not problems(r)]
        if fitting:
            chosen = max(fitting, key=lambda r: (r.expires_on, r.id))
        elif not candidates:
            reasons.append(f"There is no release from this client naming {org.name}.")
            for ref in _unsigned(vault, client.id, org.id):
                reasons.append(
                    f"Release {ref} to {org.name} is not signed yet (printed, awaiting "
                    "signature, or a draft): nothing leaves under it until the signed form "
                    "is attached."
                )
        else:
            best = min(candidates, key=lambda r: (len(problems(r)), -r.expires_on.toordinal()))
            reasons += problems(best)
            chosen = best
    person, job_title = recipient_person(org, chosen, request.person, request.job_title)
    base = {
        "road": Road.RELEASE,
        "recipient": org.name,
        "recipient_person": person,
        "recipient_job_title": job_title,
        "recipient_phone": org.phone,
        "recipient_address": org.address,
        "categories": list(cats),
        "release": chosen.ref if chosen else None,
        "method": request.method,
        "client_informed": True,  # a release is given by the client: they know
    }
    if reasons or chosen is None:
        if restriction_match(vault, client.id, person) is not None:
            base["recipient_person"] = WITHHELD  # a refusal never names a restricted person
        return refuse(
            vault,
            {**base, "purpose": request.purpose},
            reasons,
            actor=actor,
            client_id=client.id,
            recipient_org_id=org.id,
            release_id=chosen.id if chosen else None,
        )
    purpose = chosen.purpose

    def joint(n: Note) -> list[str]:
        return _joint_consent(vault, n, client.id, org.id, org.name, purpose, on)

    scope, left_out = collect(
        vault, client.id, cats, request.note_refs, request.document_ids, joint, release=chosen
    )
    entry = log.append(
        vault,
        log.GRANTED,
        {
            **base,
            "purpose": purpose,
            "left_out": left_out,
            "consent": f"written release {chosen.ref} signed {chosen.signed_on} by "
            f"{chosen.signer_capacity}, valid {chosen.effective_on} to {chosen.expires_on}",
            "items": scope.items(),
            "grant_digest": grant_digest(client.id, org.id, cats, scope),
        },
        actor=actor,
        client_id=client.id,
        recipient_org_id=org.id,
        release_id=chosen.id,
    )
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
