"""Disclosures made outside SafeFile: a call to child protection, 911, a consultation by
phone, a conversation in person, an email, a fax, a letter.

DOMAIN.md: they pass the same gate and are recorded the same way as an exported file:
a release that allows that method, or a disclosure required by law; otherwise they are
refused and the refusal is recorded.  ``disclose`` asks the gate exactly as an export
does (with the method, and the person spoken to), and when the gate allows it records
a "disclosure made" entry tied to the decision: that entry is the disclosure in the
accounting, as "export written" is for a file.  The gate's grant is spent at once (no
file is made from it).

The recipient's person and job title come from what the user gives, else from the
release's contact person, else from the organisation's contact person and job title.
"""

from __future__ import annotations

from dataclasses import dataclass

from safefile.consent import details, gate, log
from safefile.consent.categories import known_categories, parse_categories
from safefile.consent.court_order import CourtOrder
from safefile.consent.kinds import DISCLOSURE_KINDS
from safefile.consent.methods import check_method
from safefile.errors import InvalidInput
from safefile.staff.guard import allowed
from safefile.staff.roles import Action
from safefile.store.actor import Actor
from safefile.store.vault import Vault

SUMMARY_MAX = 4000


@dataclass(frozen=True)
class Disclosed:
    """A disclosure by other means, recorded: the gate's decision and the disclosure."""

    decision_ref: str
    entry_ref: str
    recipient: str
    method: str


@allowed(Action.SHARE)
def disclose(
    vault: Vault,
    *,
    client_id: int,
    recipient_org_id: int,
    categories: tuple[str, ...] | str,
    method: str,
    summary: str,
    release_id: int | None = None,
    purpose: str | None = None,
    exception: str | None = None,
    basis: str = "",
    authority: str = "",
    order: CourtOrder | None = None,
    person: str = "",
    job_title: str = "",
    client_informed: bool | None = None,
    not_informed_reason: str = "",
    override_restriction: str = "",
    order_names_process_notes: bool = False,
    old_order_reason: str = "",
    joint_notes_covered: bool = False,
    order_names_parties: bool = False,
    actor: Actor,
) -> Disclosed:
    """Record a disclosure made by ``method`` through the gate, or ConsentRefused (exit 3,
    the refusal recorded).  Bad input raises InvalidInput and records nothing."""
    check_method(method)
    text = " ".join(summary.split())
    if not text:
        raise InvalidInput("Write a short summary of what was said or sent (--summary).")
    if len(text) > SUMMARY_MAX:
        raise InvalidInput(f"Keep the summary under {SUMMARY_MAX} characters.")
    cats = parse_categories(categories, known_categories(vault))
    if exception is not None and release_id is not None:
        raise InvalidInput("Choose one: a release, or a disclosure required by law.")
    if exception is None and override_restriction.strip():
        raise InvalidInput(
            "An override of a restriction is only for a disclosure required by law; under a "
            "release a restricted person never receives anything."
        )
    if exception is not None:
        result = gate.legal_disclosure(
            vault,
            client_id,
            exception,
            basis=basis,
            recipient_org_id=recipient_org_id,
            categories=cats,
            authority=authority,
            client_informed=client_informed,
            not_informed_reason=not_informed_reason,
            order=order,
            method=method,
            person=person,
            job_title=job_title,
            override_restriction=override_restriction,
            order_names_process_notes=order_names_process_notes,
            old_order_reason=old_order_reason,
            joint_notes_covered=joint_notes_covered,
            order_names_parties=order_names_parties,
            actor=actor,
        )
    else:
        result = gate.decide(
            vault,
            gate.ExportRequest(
                client_id=client_id,
                recipient_org_id=recipient_org_id,
                categories=cats,
                release_id=release_id,
                purpose=purpose,
                method=method,
                person=person,
                job_title=job_title,
            ),
            actor=actor,
        )
    grant = gate.granted(result)  # a refusal: ConsentRefused, already recorded
    # No file is made from this grant: spend it now so nothing else can use it.
    g = gate.spend_recorded(vault, grant, DISCLOSURE_KINDS)
    decision = log.get_entry(vault, g.log_ref)
    d = decision.detail
    entry = log.append(
        vault,
        details.Disclosed(
            for_=g.log_ref,
            road=d.get("road"),
            legal_kind=d.get("legal_kind"),
            recipient=g.recipient,
            recipient_person=d.get("recipient_person", ""),
            recipient_job_title=d.get("recipient_job_title", ""),
            recipient_phone=d.get("recipient_phone", ""),
            categories=list(g.categories),
            purpose=g.purpose,
            release=g.release_ref,
            method=method,
            shared_summary=text,
            left_out=list(g.left_out),
        ),
        actor=actor,
        client_id=g.client_id,
        recipient_org_id=g.recipient_org_id,
        release_id=g.release.id if g.release else None,
    )
    return Disclosed(g.log_ref, entry.ref, g.recipient, method)


__all__ = [
    "Disclosed",
    "disclose",
]
