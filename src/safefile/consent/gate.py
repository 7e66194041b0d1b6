"""The consent gate: the one place that decides whether information may leave.

``decide`` takes an export request (client, recipient organisation, purpose,
categories, optionally the release and a subset of items) and, at the moment
read from ``vault.clock``, returns a :class:`Grant` scoped to exactly what may
leave, or a :class:`Refusal` listing every reason.  Both are written to the
record of sharing.  The three other roads out (the client's own copy, a
disclosure required by law, de-identified material) are their own functions
and their own kinds of grant and entry, never mistaken for a release.

Rules, as DOMAIN.md "The gate" states them:

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
  others); otherwise it is left out and the grant says so;
* drafts are not part of the record and never leave: only signed notes do.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from safefile.clock import today
from safefile.consent import court_order, log
from safefile.consent.categories import (
    ATTENDANCE,
    CONTACT,
    DOCUMENTS,
    PROCESS_NOTES,
    PROGRESS_NOTES,
    SERVICES,
    parse_categories,
)
from safefile.consent.court_order import CourtOrder
from safefile.consent.disclose import check_told, method_problems, recipient_person
from safefile.consent.grants import Grant, mint, spend
from safefile.consent.releases import Release, get_release, list_releases, release_ref
from safefile.errors import ConsentRefused, InvalidInput, NotFound
from safefile.records import documents as docs
from safefile.records.clients import get_client
from safefile.records.models import Client, Note
from safefile.records.notes import list_notes, list_process_notes
from safefile.records.orgs import get_org
from safefile.records.services import list_services
from safefile.store.vault import Vault

REDISCLOSURE_NOTICE = (
    "This information has been disclosed to you from records protected by law and by the "
    "client's written consent. You may not disclose it further unless the client consents in "
    "writing or the law allows it. A general authorisation to release information is not "
    "sufficient for this purpose."
)


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


@dataclass(frozen=True)
class Refusal:
    reasons: tuple[str, ...]
    log_ref: str
    left_out: tuple[str, ...] = field(default_factory=tuple)

    def raise_(self) -> None:
        raise ConsentRefused(list(self.reasons), self.log_ref)


def grant_digest(
    client_id: int | None,
    recipient_org_id: int | None,
    categories: tuple[str, ...],
    scope: dict[str, Any],
) -> str:
    """What a grant lets out, as one hash; its log entry keeps it and redeem compares."""
    payload = json.dumps(
        [client_id, recipient_org_id, list(categories), scope], sort_keys=True, default=list
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.casefold()).strip(" .;,")


def _minor(client: Client, on: date) -> bool:
    if not client.born or len(client.born) != 10:
        return False  # unknown: treated as an adult whose consent is needed (the safer reading)
    b = date.fromisoformat(client.born)
    return (on.year - b.year - ((on.month, on.day) < (b.month, b.day))) < 18


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
    for cat in categories:
        if cat != PROCESS_NOTES and cat not in rel.categories:
            r.append(f"Release {rel.ref} does not cover {cat}.")
    if on < rel.effective_on:
        r.append(f"Release {rel.ref} is not yet in effect: it takes effect on {rel.effective_on}.")
    if on > rel.expires_on:
        r.append(f"Release {rel.ref} expired on {rel.expires_on}.")
    if rel.revoked_on is not None and rel.revoked_on <= on:
        r.append(f"Release {rel.ref} was revoked on {rel.revoked_on} ({rel.revoked_how}).")
    if not _form_ok(vault, rel):
        r.append(
            f"Release {rel.ref} has no signed form in the vault and no record that the "
            "signed original is on file."
        )
    return r


def _signed(notes: list[Note], refs: tuple[str, ...] | None) -> list[Note]:
    wanted = None if refs is None else {x.upper() for x in refs}
    return [n for n in notes if n.signed and (wanted is None or n.ref in wanted)]


def _joint_consent(
    vault: Vault, note: Note, client_id: int, org_id: int, org_name: str, purpose: str, on: date
) -> list[str]:
    """Why a joint note cannot go (a party without a valid release), or []."""
    missing: list[str] = []
    for party in note.client_ids:
        if party == client_id or _minor(get_client(vault, party), on):
            continue
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


def _scope(
    vault: Vault,
    client_id: int,
    categories: tuple[str, ...],
    note_refs: tuple[str, ...] | None,
    document_ids: tuple[int, ...] | None,
    joint_check: Any,
) -> tuple[dict[str, Any], list[str]]:
    """The exact items of this client that the categories cover, and what was left out."""
    scope: dict[str, Any] = {
        "attendance": ATTENDANCE in categories,
        "contact": CONTACT in categories,
        "service_ids": (),
        "note_refs": (),
        "process_note_refs": (),
        "document_ids": (),
    }
    left_out: list[str] = []
    if SERVICES in categories or ATTENDANCE in categories:
        scope["service_ids"] = tuple(s.id for s in list_services(vault, client_id))
    if PROGRESS_NOTES in categories:
        keep = []
        for n in _signed(list_notes(vault, client_id), note_refs):
            why = joint_check(n) if n.joint else []
            if why:
                left_out += why
            else:
                keep.append(n.ref)
        scope["note_refs"] = tuple(keep)
    if PROCESS_NOTES in categories:
        scope["process_note_refs"] = tuple(
            n.ref for n in _signed(list_process_notes(vault, client_id), note_refs)
        )
    if DOCUMENTS in categories:
        ids = [d.id for d in docs.list_documents(vault, client_id)]
        if document_ids is not None:
            ids = [i for i in ids if i in set(document_ids)]
        scope["document_ids"] = tuple(ids)
    return scope, left_out


def decide(vault: Vault, request: ExportRequest) -> Grant | Refusal:
    """The gate. Every decision, either way, is written to the record of sharing."""
    now = vault.clock.now()
    on = now.astimezone().date()
    client = get_client(vault, request.client_id)
    org = get_org(vault, request.recipient_org_id)
    cats = parse_categories(request.categories)
    reasons: list[str] = []
    if PROCESS_NOTES in cats and len(cats) > 1:
        reasons.append(
            "Process notes must be sent on their own, under a release that names them alone."
        )

    def problems(rel: Release) -> list[str]:
        return release_problems(
            vault,
            rel,
            client_id=client.id,
            recipient_org_id=org.id,
            recipient_name=org.name,
            purpose=request.purpose,
            categories=cats,
            on=on,
        ) + method_problems(rel, request.method)

    chosen: Release | None = None
    if request.release_id is not None:
        try:
            rel = get_release(vault, request.release_id)
        except NotFound as exc:
            reasons.append(exc.message)
        else:
            reasons += problems(rel)
            chosen = rel
    else:
        candidates = [r for r in list_releases(vault, client.id) if r.recipient_org_id == org.id]
        fitting = [r for r in candidates if not problems(r)]
        if fitting:
            chosen = max(fitting, key=lambda r: (r.expires_on, r.id))
        elif not candidates:
            reasons.append(f"There is no release from this client naming {org.name}.")
        else:
            best = min(candidates, key=lambda r: (len(problems(r)), -r.expires_on.toordinal()))
            reasons += problems(best)
            chosen = best
    person, job_title = recipient_person(org, chosen, request.person, request.job_title)
    base = {
        "road": "release",
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
        entry = log.append(
            vault,
            log.REFUSED,
            {**base, "purpose": request.purpose, "reasons": reasons},
            client_id=client.id,
            recipient_org_id=org.id,
            release_id=chosen.id if chosen else None,
        )
        return Refusal(tuple(reasons), entry.ref)
    purpose = chosen.purpose

    def joint(n: Note) -> list[str]:
        return _joint_consent(vault, n, client.id, org.id, org.name, purpose, on)

    scope, left_out = _scope(vault, client.id, cats, request.note_refs, request.document_ids, joint)
    entry = log.append(
        vault,
        log.GRANTED,
        {
            **base,
            "purpose": purpose,
            "left_out": left_out,
            "consent": f"written release {chosen.ref} signed {chosen.signed_on} by "
            f"{chosen.signer_capacity}, valid {chosen.effective_on} to {chosen.expires_on}",
            "items": {k: list(v) if isinstance(v, tuple) else v for k, v in scope.items()},
            "grant_digest": grant_digest(client.id, org.id, cats, scope),
        },
        client_id=client.id,
        recipient_org_id=org.id,
        release_id=chosen.id,
    )
    return mint(
        vault.header.vault_id,
        kind="release",
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
        notices=(REDISCLOSURE_NOTICE,),
    )


def require(vault: Vault, request: ExportRequest) -> Grant:
    """``decide``, raising ConsentRefused (exit 3) with every reason on a refusal."""
    result = decide(vault, request)
    if isinstance(result, Refusal):
        result.raise_()
    assert isinstance(result, Grant)
    return result


# --- the three other roads -------------------------------------------------------------

OWN_COPY_DAYS = 30


def own_copy(
    vault: Vault,
    client_id: int,
    requested_on: date,
    *,
    withheld: tuple[str, ...] = (),
    withheld_reason: str = "",
) -> Grant:
    """The client's own copy (right of access): the record except process notes.

    Due within 30 calendar days of the request.  Joint notes need the other
    parties' consent and are left out here (the grant says so).  A part may be
    withheld only with a recorded reason (risk of serious harm); the client's
    right to a review is noted.
    """
    now = vault.clock.now()
    client = get_client(vault, client_id)
    if requested_on > today(vault.clock):
        raise InvalidInput(f"The request date {requested_on} is in the future.")
    if withheld and not withheld_reason.strip():
        raise InvalidInput(
            "A part of the record may be withheld only with a recorded reason "
            "(a risk of serious harm)."
        )
    cats = (ATTENDANCE, CONTACT, DOCUMENTS, PROGRESS_NOTES, SERVICES)
    scope, left_out = _scope(
        vault,
        client.id,
        cats,
        None,
        None,
        lambda n: [f"Joint note {n.ref} is left out: it needs the other parties' consent."],
    )
    hidden = {w.upper() for w in withheld}
    scope["note_refs"] = tuple(r for r in scope["note_refs"] if r not in hidden)
    due = date.fromordinal(requested_on.toordinal() + OWN_COPY_DAYS)
    detail = {
        "road": "own copy",
        "recipient": f"the client ({client.name})",
        "categories": list(cats),
        "purpose": "client's right of access",
        "requested_on": requested_on.isoformat(),
        "due_on": due.isoformat(),
        "withheld": sorted(hidden),
        "withheld_reason": withheld_reason,
        "review_right": "the client may ask for a review of any part withheld" if hidden else "",
        "left_out": left_out,
        "method": "PDF export",
        "grant_digest": grant_digest(client.id, None, cats, scope),
    }
    entry = log.append(vault, log.OWN_COPY, detail, client_id=client.id)
    return mint(
        vault.header.vault_id,
        kind="own-copy",
        client_id=client.id,
        client_name=client.name,
        recipient_org_id=None,
        recipient=f"{client.name} (own copy)",
        purpose="the client's own copy (right of access)",
        categories=cats,
        release=None,
        release_ref="own copy",
        expires_on=None,
        signed_on=None,
        made_at=now,
        log_ref=entry.ref,
        scope=scope,
        left_out=tuple(left_out),
        requested_on=requested_on,
        due_on=due,
        notices=(),
    )


LEGAL_KINDS = {
    "court-order": "a court order",
    "child-protection": "a child-protection report",
    "imminent-harm": "an imminent risk of serious harm",
}
COURT_ORDER_WARNING = court_order.STAFF_ADVICE


def court_order_basis(order: CourtOrder, basis: str = "") -> str:
    """The legal basis of a court-order disclosure: the order itself (and any note)."""
    note = basis.strip()
    return order.describe() + (f"; {note}" if note else "")


def legal_disclosure(
    vault: Vault,
    client_id: int,
    kind: str,
    *,
    basis: str,
    recipient_org_id: int,
    categories: tuple[str, ...] | str,
    authority: str = "",
    client_informed: bool | None = None,
    not_informed_reason: str = "",
    order: CourtOrder | None = None,
    method: str = "PDF export",
    person: str = "",
    job_title: str = "",
) -> Grant:
    """A disclosure required by law, without consent, recorded as such (DOMAIN.md).

    A court order needs the signed order (attached), the judge, the date signed and the
    court (consent/court_order.py): without them it is refused and the refusal recorded;
    no basis text stands in for them.  Every such disclosure records whether the client
    was told and, if not, why."""
    now = vault.clock.now()
    if kind not in LEGAL_KINDS:
        raise InvalidInput("The legal basis is one of: " + ", ".join(LEGAL_KINDS) + ".")
    if kind != "court-order" and not basis.strip():
        raise InvalidInput("Record the legal basis (the law or the authority that requires it).")
    check_told(client_informed, not_informed_reason)
    client = get_client(vault, client_id)
    org = get_org(vault, recipient_org_id)
    cats = parse_categories(categories)
    reasons: list[str] = []
    if kind == "court-order":
        reasons += court_order.problems(vault, client.id, order, basis)
    if kind == "child-protection" and not (
        client.household_role == "child" or _minor(client, today(vault.clock))
    ):
        reasons.append(
            "A child-protection report may include the child's records only; this client is "
            "not recorded as a child."
        )
    if PROCESS_NOTES in cats and kind != "court-order":
        reasons.append("Process notes may be disclosed without consent only under a court order.")
    who, title = recipient_person(org, None, person, job_title)
    if (
        kind == "court-order"
        and order is not None
        and not court_order.problems(vault, client.id, order)
    ):
        basis = court_order_basis(order, basis)
    base = {
        "road": "required by law",
        "legal_kind": kind,
        "basis": basis.strip(),
        "authority": authority.strip(),
        **(order.as_detail() if kind == "court-order" and order is not None else {}),
        "recipient": org.name,
        "recipient_person": who,
        "recipient_job_title": title,
        "recipient_phone": org.phone,
        "recipient_address": org.address,
        "categories": list(cats),
        "consent": "without consent: " + LEGAL_KINDS[kind],
        "client_informed": client_informed,
        "not_informed_reason": not_informed_reason.strip(),
        "purpose": LEGAL_KINDS[kind],
        "method": method,
    }
    if reasons:
        entry = log.append(
            vault,
            log.REFUSED,
            {**base, "reasons": reasons},
            client_id=client.id,
            recipient_org_id=org.id,
        )
        raise ConsentRefused(reasons, entry.ref)
    scope, left_out = _scope(
        vault,
        client.id,
        cats,
        None,
        None,
        lambda n: [f"Joint note {n.ref} is left out: it holds other people's information."],
    )
    # Staff advice (COURT_ORDER_WARNING) is shown on screen; it never goes on the document.
    notices = (court_order.COURT_ORDER_NOTICE,) if kind == "court-order" else ()
    digest = grant_digest(client.id, org.id, cats, scope)
    entry = log.append(
        vault,
        log.LEGAL,
        {**base, "left_out": left_out, "grant_digest": digest},
        client_id=client.id,
        recipient_org_id=org.id,
    )
    return mint(
        vault.header.vault_id,
        kind="legal",
        legal_kind=kind,
        order=order if kind == "court-order" else None,
        basis=basis.strip(),
        authority=authority.strip(),
        client_id=client.id,
        client_name=client.name,
        recipient_org_id=org.id,
        recipient=org.name,
        purpose=LEGAL_KINDS[kind],
        categories=cats,
        release=None,
        release_ref=f"required by law ({kind})",
        expires_on=None,
        signed_on=None,
        made_at=now,
        log_ref=entry.ref,
        scope=scope,
        left_out=tuple(left_out),
        notices=notices,
    )


def deidentified(vault: Vault, purpose: str, description: str) -> Grant:
    """De-identified material (consultation, teaching, funder reports): recorded, no release."""
    if not purpose.strip() or not description.strip():
        raise InvalidInput("Record the purpose and what the de-identified material is.")
    entry = log.append(
        vault,
        log.DEIDENTIFIED,
        {"road": "de-identified", "purpose": purpose.strip(), "description": description.strip()},
    )
    return mint(
        vault.header.vault_id,
        kind="deidentified",
        client_id=None,
        client_name="",
        recipient_org_id=None,
        recipient="",
        purpose=purpose.strip(),
        categories=(),
        release=None,
        release_ref="de-identified",
        expires_on=None,
        signed_on=None,
        made_at=vault.clock.now(),
        log_ref=entry.ref,
        scope={},
        left_out=(),
        notices=(),
    )


# --- redeeming and recording ---------------------------------------------------------


def spend_recorded(vault: Vault, grant: object, kinds: tuple[str, ...]) -> Grant:
    """Spend a grant (genuine, unchanged, unspent, current, for this vault) that matches
    its entry in the record of sharing, an entry of one of ``kinds``."""
    g = spend(grant, vault.header.vault_id, vault.clock.now())
    try:
        entry = log.get_entry(vault, g.log_ref)
    except NotFound:
        entry = None
    if (
        entry is None
        or entry.kind not in kinds
        or entry.detail.get("grant_digest")
        != grant_digest(g.client_id, g.recipient_org_id, g.categories, g.scope)
    ):
        raise ConsentRefused(["This grant does not match any decision in the record of sharing."])
    return g


def redeem(vault: Vault, grant: object) -> Grant:
    """Check and spend a grant; for a release, check again that it still allows this now."""
    g = spend_recorded(vault, grant, log.DISCLOSURE_KINDS)
    if g.kind == "release":
        rel = get_release(vault, g.release.id)
        again = release_problems(
            vault,
            rel,
            client_id=g.client_id,
            recipient_org_id=g.recipient_org_id,
            recipient_name=g.recipient,
            purpose=g.purpose,
            categories=g.categories,
            on=vault.clock.now().astimezone().date(),
        )
        if again:
            entry = log.append(
                vault,
                log.REFUSED,
                {"road": "release", "for": g.log_ref, "reasons": again},
                client_id=g.client_id,
                release_id=rel.id,
            )
            raise ConsentRefused(again, entry.ref)
    return g


def record_export_written(vault: Vault, grant: Grant, digest: str, pages: int = 0) -> log.Entry:
    return log.append(
        vault,
        log.WRITTEN,
        {
            "for": grant.log_ref,
            "road": {"release": "release", "own-copy": "own copy", "legal": "required by law"}.get(
                grant.kind, grant.kind
            ),
            "recipient": grant.recipient,
            "categories": list(grant.categories),
            "purpose": grant.purpose,
            "release": grant.release_ref,
            "pages": pages,
            "method": "PDF export",
            "sha256": digest,
        },
        client_id=grant.client_id,
        recipient_org_id=grant.recipient_org_id,
        release_id=grant.release.id if grant.release else None,
        digest=digest,
    )


def record_export_failed(vault: Vault, grant: Grant, reason: str) -> log.Entry:
    return log.append(
        vault,
        log.FAILED,
        {"for": grant.log_ref, "reason": reason},
        client_id=grant.client_id,
        recipient_org_id=grant.recipient_org_id,
    )


__all__ = [
    "ExportRequest",
    "Grant",
    "Refusal",
    "decide",
    "deidentified",
    "legal_disclosure",
    "own_copy",
    "record_export_failed",
    "record_export_written",
    "redeem",
    "release_ref",
    "require",
]
