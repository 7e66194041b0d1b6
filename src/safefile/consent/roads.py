"""The roads out that are not a release: the client's own copy, a disclosure required
by law, and de-identified material.  Each is its own kind of grant and of entry in
the record of sharing (consent/kinds.py), never mistaken for a release, and each
returns a Grant or a recorded Refusal (consent/decision.py).  The rules and their
tests are listed in docs/rules.md.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from safefile.clock import today
from safefile.consent import court_order, details, log
from safefile.consent import own_copy as own_copy_requests
from safefile.consent.categories import (
    ATTENDANCE,
    CONTACT,
    DOCUMENTS,
    PROCESS_NOTES,
    PROGRESS_NOTES,
    SERVICES,
    known_categories,
    parse_categories,
)
from safefile.consent.court_order import CourtOrder
from safefile.consent.decision import Decision, grant_digest, refuse
from safefile.consent.grants import Scope, mint
from safefile.consent.items import collect, is_minor
from safefile.consent.kinds import GrantKind, Road
from safefile.consent.methods import check_told, recipient_person
from safefile.consent.people import WITHHELD, minor_on, recorded_match, restriction_match
from safefile.errors import InvalidInput
from safefile.records.clients import get_client
from safefile.records.language import client_language, form_texts
from safefile.records.models import Note
from safefile.records.orgs import get_org
from safefile.records.program_categories import list_categories
from safefile.staff.guard import allowed
from safefile.staff.roles import Action
from safefile.store.actor import Actor
from safefile.store.vault import Vault


@allowed(Action.SHARE)
def own_copy(
    vault: Vault,
    client_id: int,
    requested_on: date | None = None,
    *,
    request: str | int | None = None,
    withheld: tuple[str, ...] = (),
    withheld_reason: str = "",
    requested_by: str = "",
    actor: Actor,
) -> Decision:
    """The client's own copy (right of access): the record except process notes.

    Due within 30 calendar days of the request.  ``request``: the recorded request
    (consent/own_copy.py, e.g. "OC-3") this copy answers; its date and requester are
    used, and the export that writes the copy marks it answered (``redeem``).  Joint
    notes need the other parties' consent and are left out here (the grant says so).
    A part may be withheld only with a recorded reason (risk of serious harm); the
    client's right to a review is noted.  A request made by, or on behalf of, a person
    on the client's restricted list is refused (``requested_by``: who asked, if not the
    client).
    """
    now = vault.clock.now()
    client = get_client(vault, client_id)
    answers = None
    if request is not None:
        answers = own_copy_requests.check_answerable(vault, request, client.id)
        if requested_on is not None and requested_on != answers.received_on:
            raise InvalidInput(
                f"Request {answers.ref} was received on {answers.received_on}, not on "
                f"{requested_on}."
            )
        requested_on = answers.received_on
        requested_by = requested_by or answers.representative
    if requested_on is None:
        raise InvalidInput(
            "Say which recorded request this copy answers, or the date the client asked."
        )
    if requested_on > today(vault.clock):
        raise InvalidInput(f"The request date {requested_on} is in the future.")
    if withheld and not withheld_reason.strip():
        raise InvalidInput(
            "A part of the record may be withheld only with a recorded reason "
            "(a risk of serious harm)."
        )
    # The client's own record, with the notes and documents in the program's categories.
    builtin = (ATTENDANCE, CONTACT, DOCUMENTS, PROGRESS_NOTES, SERVICES)
    cats = tuple(sorted({*builtin, *(c.code for c in list_categories(vault))}))
    asker = restriction_match(
        vault,
        client.id,
        requested_by,
        answers.representative if answers is not None else "",
        answers.identity_checked_by if answers is not None else "",
    )
    minor = minor_on(client, requested_on)
    why: list[str] = []
    if asker is not None:
        why.append(
            f"This copy was asked for by, or on behalf of, a person who {asker.says}: "
            "nothing is given to them."
        )
    if minor.minor and (answers is None or not answers.representative):
        why.append(own_copy_requests.minor_needs_representative(minor.why))
    if why:
        return refuse(
            vault,
            details.Refused(
                road=Road.OWN_COPY,
                recipient="the client",
                categories=list(cats),
                requested_on=requested_on.isoformat(),
                **recorded_match(asker),
                reasons=why,
            ),
            actor=actor,
            client_id=client.id,
        )
    collected_by = ""
    if answers is not None and answers.representative:
        collected_by = f"collected by {answers.requester}, for the client"
    scope, left_out = collect(
        vault,
        client.id,
        cats,
        None,
        None,
        lambda n: [f"Joint note {n.ref} is left out: it needs the other parties' consent."],
    )
    hidden = {w.upper() for w in withheld}
    scope = dataclasses.replace(
        scope, note_refs=tuple(r for r in scope.note_refs if r not in hidden)
    )
    due = own_copy_requests.due_on(requested_on)
    kinds, notice = left_out_notice(vault, client.id, bool(left_out), bool(hidden), withheld_reason)
    detail = details.OwnCopyAllowed(
        road=Road.OWN_COPY,
        recipient=f"the client ({client.name})" + (f", {collected_by}" if collected_by else ""),
        collected_by=answers.requester if collected_by and answers is not None else "",
        categories=list(cats),
        purpose="client's right of access",
        requested_on=requested_on.isoformat(),
        due_on=due.isoformat(),
        withheld=sorted(hidden),
        withheld_reason=withheld_reason,
        review_right="the client may ask for a review of any part withheld" if hidden else "",
        left_out=left_out,
        left_out_told=kinds,  # what the cover tells the client was left out, and why
        cover_language=client_language(vault, client.id),
        method="PDF export",
        grant_digest=grant_digest(client.id, None, cats, scope),
    )
    if answers is not None:
        detail = details.OwnCopyAllowed(**details.carried(detail), own_copy_request=answers.ref)
    entry = log.append(vault, detail, actor=actor, client_id=client.id)
    return mint(
        vault.header.vault_id,
        kind=GrantKind.OWN_COPY,
        client_id=client.id,
        client_name=client.name,
        recipient_org_id=None,
        recipient=f"{client.name} (own copy)" + (f", {collected_by}" if collected_by else ""),
        collected_by=answers.requester if collected_by and answers is not None else "",
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
        some_left_out=bool(left_out or hidden),
        requested_on=requested_on,
        due_on=due,
        own_copy_request=answers.id if answers is not None else None,
        notices=(notice,) if notice else (),
    )


def left_out_notice(
    vault: Vault,
    client_id: int,
    joint: bool,
    withheld: bool,
    reason: str,
    *,
    language: str | None = None,
) -> tuple[list[str], str]:
    """What the cover of an own copy says was left out, why, and the right to a review of
    a part withheld for safety (HIPAA 164.524(d)), in the client's language (or
    ``language``: English for a bilingual copy's second part): the kinds told and the
    text ("" when nothing is left out)."""
    has_process = vault.db.execute(
        "SELECT 1 FROM process_notes WHERE client_id = ? LIMIT 1", (client_id,)
    ).fetchone()
    kinds = [
        k
        for k, present in (("process notes", has_process), ("joint", joint), ("withheld", withheld))
        if present
    ]
    if not kinds:
        return [], ""
    t = form_texts(language or client_language(vault, client_id))
    program = vault.get_meta("program_name") or "the program"  # settings.PROGRAM_NAME_KEY
    phone = vault.get_meta("program_phone") or t.text("none")  # settings.PROGRAM_PHONE_KEY
    lines = [t.text("own_left_out") + ":"]
    if has_process:
        lines.append("- " + t.text("own_process_notes"))
    if joint:
        lines.append("- " + t.text("own_joint"))
    if withheld:
        lines.append("- " + t.text("own_withheld", reason=reason.strip()))
        lines.append(t.text("own_review", program=program, phone=phone))
    else:
        lines.append(t.text("own_questions", program=program, phone=phone))
    return kinds, "\n".join(lines)


JOINT_NOTE_KINDS = ("court-order", "child-protection")


def party_role(vault: Vault, client_id: int) -> str:
    """How a PDF names another party to a joint note whose name it does not give."""
    minor = is_minor(get_client(vault, client_id), today(vault.clock))
    return "another child in the session" if minor else "another adult in the session"


def _names_of(vault: Vault, client_id: int) -> list[str]:
    c = get_client(vault, client_id)
    return [x for x in (c.name, c.alias or "") if x.strip()]


LEGAL_KINDS = {
    "court-order": "a court order",
    "child-protection": "a child-protection report",
    "imminent-harm": "an imminent risk of serious harm",
}
COURT_ORDER_WARNING = court_order.STAFF_ADVICE
IMMINENT_HARM_RULE = "An imminent risk of harm allows only what is needed to prevent the harm."
PROCESS_NOTES_LEFT_OUT = (
    "Process notes are left out: they leave under a court order only when the order names "
    "them (--order-names-process-notes, the user's attestation)."
)


@allowed(Action.SHARE)
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
    override_restriction: str = "",
    order_names_process_notes: bool = False,
    old_order_reason: str = "",
    joint_notes_covered: bool = False,
    order_names_parties: bool = False,
    actor: Actor,
) -> Decision:
    """A disclosure required by law, without consent, recorded as such (docs/rules.md).

    The recipient (the organisation, its contact person, the person named) is matched
    against the client's restricted people (``people.restriction_match``); a match is
    refused unless ``override_restriction`` records why it goes ahead (for example "the
    court itself, not the person"), which the record and the accounting show.  Process
    notes leave only under a court order the user attests names them
    (``order_names_process_notes``), else they are left out and the user told.  Imminent
    harm takes the minimum: never process notes or documents.

    Joint notes: on the court-order and child-protection roads a joint note goes when the
    user attests that the order (or the report's subject) covers it
    (``joint_notes_covered``); the other parties' names are replaced by their role
    ("another adult in the session") unless the order names them
    (``order_names_parties``, court order only), and the disclosure is in each party's
    accounting.  A note is still left out when the recipient matches a person restricted
    for another party.

    A court order needs the signed order (attached), the judge, the date signed and the
    court (consent/court_order.py): without them it is refused and the refusal recorded;
    no basis text stands in for them.  Every such disclosure records whether the client
    was told and, if not, why (InvalidInput, nothing recorded, when that is missing)."""
    now = vault.clock.now()
    if kind not in LEGAL_KINDS:
        raise InvalidInput("The legal basis is one of: " + ", ".join(LEGAL_KINDS) + ".")
    if kind != "court-order" and not basis.strip():
        raise InvalidInput("Record the legal basis (the law or the authority that requires it).")
    check_told(client_informed, not_informed_reason)
    client = get_client(vault, client_id)
    org = get_org(vault, recipient_org_id)
    cats = parse_categories(categories, known_categories(vault))
    reasons: list[str] = []
    told: list[str] = []  # what is left out, for the user
    if kind == "court-order":
        reasons += court_order.problems(
            vault, client.id, order, basis, old_order_reason=old_order_reason
        )
    if kind == "child-protection" and not (is_minor(client, today(vault.clock))):
        reasons.append(
            "A child-protection report may include the child's records only; this client is "
            f"not a child ({minor_on(client, today(vault.clock)).why})."
        )
    if kind == "imminent-harm":
        over = [c for c in cats if c in (PROCESS_NOTES, DOCUMENTS)]
        if over:
            reasons.append(
                f"{IMMINENT_HARM_RULE} Process notes and documents are never disclosed on this "
                "road: choose only the categories needed (attendance, contact, services, "
                "progress-notes)."
            )
    elif PROCESS_NOTES in cats and kind != "court-order":
        reasons.append("Process notes may be disclosed without consent only under a court order.")
    if kind == "court-order" and PROCESS_NOTES in cats and not order_names_process_notes:
        cats = tuple(c for c in cats if c != PROCESS_NOTES)
        told.append(PROCESS_NOTES_LEFT_OUT)
        if not cats:
            reasons.append(PROCESS_NOTES_LEFT_OUT)
    who, title = recipient_person(org, None, person, job_title)
    match = restriction_match(vault, client.id, org.name, org.contact_person, who)
    override = " ".join(override_restriction.split())
    if match is not None and not override:
        reasons.append(
            f"The recipient {match.says}. On a road required by law this goes ahead only "
            'with a recorded reason why (--override-restriction TEXT, for example "the court '
            'itself, not the person").'
        )
    if kind == "court-order" and order is not None and not reasons:
        basis = order.describe() + (f"; {basis.strip()}" if basis.strip() else "")
    asked = details.LegalAllowed(
        road=Road.LEGAL,
        legal_kind=kind,
        basis=basis.strip(),
        authority=authority.strip(),
        **(
            order.as_detail()
            if kind == "court-order" and order is not None
            else court_order.OrderDetail()
        ),
        recipient=org.name,
        recipient_person=who,
        recipient_job_title=title,
        recipient_phone=org.phone,
        recipient_address=org.address,
        categories=list(cats),
        consent="without consent: " + LEGAL_KINDS[kind],
        client_informed=client_informed,
        not_informed_reason=not_informed_reason.strip(),
        purpose=LEGAL_KINDS[kind],
        method=method,
        **recorded_match(match),
    )
    if kind == "court-order":
        asked = details.LegalAllowed(
            **details.carried(asked), order_names_process_notes=order_names_process_notes
        )
        if old_order_reason.strip():
            asked = details.LegalAllowed(
                **details.carried(asked), old_order_reason=old_order_reason.strip()
            )
    if match is not None and override:
        asked = details.LegalAllowed(**details.carried(asked), restriction_override=override)
    if reasons:
        refused = details.Refused(**details.carried(asked), reasons=reasons)
        if match is not None:  # a refusal never names a restricted person
            refused = refused.model_copy(update={"recipient_person": WITHHELD})
        return refuse(vault, refused, actor=actor, client_id=client.id, recipient_org_id=org.id)
    joint_ok = joint_notes_covered and kind in JOINT_NOTE_KINDS
    parties: dict[int, str] = {}

    def joint(n: Note) -> list[str]:
        if not joint_ok:
            return [f"Joint note {n.ref} is left out: it holds other people's information."]
        others = [p for p in n.client_ids if p != client.id]
        if any(restriction_match(vault, p, org.name, org.contact_person, who) for p in others):
            return [
                f"Joint note {n.ref} is left out: the recipient matches a person restricted "
                "for another party to it."
            ]
        for p in others:
            parties[p] = party_role(vault, p)
        return []

    scope, left_out = collect(vault, client.id, cats, None, None, joint)
    left_out = told + left_out
    named = order_names_parties and kind == "court-order"
    renamed: tuple[tuple[str, str], ...] = ()
    if parties and not named:
        renamed = tuple(
            (alias, role) for p, role in sorted(parties.items()) for alias in _names_of(vault, p)
        )
    # Staff advice (COURT_ORDER_WARNING) is shown on screen; it never goes on the document.
    notices = (court_order.COURT_ORDER_NOTICE,) if kind == "court-order" else ()
    digest = grant_digest(client.id, org.id, cats, scope)
    if parties:
        asked = details.LegalAllowed(
            **details.carried(asked),
            joint_parties=sorted(parties),
            joint_notes_covered=True,
            parties_named=named,
        )
    entry = log.append(
        vault,
        details.LegalAllowed(**details.carried(asked), left_out=left_out, grant_digest=digest),
        actor=actor,
        client_id=client.id,
        recipient_org_id=org.id,
    )
    return mint(
        vault.header.vault_id,
        kind=GrantKind.LEGAL,
        legal_kind=kind,
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
        some_left_out=bool(left_out),
        notices=notices,
        renamed=renamed,
    )


@allowed(Action.SHARE)
def deidentified(vault: Vault, purpose: str, description: str, *, actor: Actor) -> Decision:
    """De-identified material (consultation, teaching, funder reports): recorded, no release."""
    if not purpose.strip() or not description.strip():
        raise InvalidInput("Record the purpose and what the de-identified material is.")
    entry = log.append(
        vault,
        details.Deidentified(
            road=Road.DEIDENTIFIED,
            purpose=purpose.strip(),
            description=description.strip(),
            # so the grant can be spent like every other (reports/output.py)
            grant_digest=grant_digest(None, None, (), Scope()),
        ),
        actor=actor,
    )
    return mint(
        vault.header.vault_id,
        kind=GrantKind.DEIDENTIFIED,
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
        scope=Scope(),
        left_out=(),
        notices=(),
    )


__all__ = [
    "COURT_ORDER_WARNING",
    "IMMINENT_HARM_RULE",
    "LEGAL_KINDS",
    "PROCESS_NOTES_LEFT_OUT",
    "deidentified",
    "legal_disclosure",
    "own_copy",
]
