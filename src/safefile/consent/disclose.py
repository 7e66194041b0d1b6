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

from safefile.consent import log
from safefile.consent.accounting import DISCLOSED
from safefile.consent.court_order import CourtOrder
from safefile.consent.kinds import DISCLOSURE_KINDS
from safefile.consent.releases import Release
from safefile.errors import InvalidInput
from safefile.records.models import Org
from safefile.store.actor import Actor
from safefile.store.vault import Vault

PDF_EXPORT = "PDF export"
# How information may leave outside SafeFile, and the release method that allows each.
METHODS: dict[str, str] = {
    "phone": "by phone",
    "in-person": "in person",
    "email": "by email",
    "fax": "by fax",
    "mail": "by post",
}
SUMMARY_MAX = 4000


@dataclass(frozen=True)
class Disclosed:
    """A disclosure by other means, recorded: the gate's decision and the disclosure."""

    decision_ref: str
    entry_ref: str
    recipient: str
    method: str


def recipient_person(
    org: Org, release: Release | None, person: str = "", job_title: str = ""
) -> tuple[str, str]:
    """(person, job title) at the recipient: as given, else the release's contact person,
    else the organisation's contact person and job title."""
    name, title = " ".join(person.split()), " ".join(job_title.split())
    if name:
        if not title and name.casefold() == org.contact_person.casefold():
            title = org.job_title
        return name, title
    if release is not None and release.contact_person:
        same = release.contact_person.casefold() == org.contact_person.casefold()
        return release.contact_person, title or (org.job_title if same else "")
    return org.contact_person, title or org.job_title


def method_problems(rel: Release, method: str) -> list[str]:
    """Why ``rel`` does not allow information to leave by ``method`` ([] if it does).

    The release's methods are part of the match: a file written (``PDF export``) needs
    ``pdf`` among them, a disclosure by other means the method it was made by.  The
    refusal names the methods the release allows."""
    needed = "pdf" if method == PDF_EXPORT else method
    if needed in rel.methods:
        return []
    allowed = ", ".join(rel.methods) or "none"
    how = "as a PDF file" if needed == "pdf" else METHODS.get(method, method)
    return [
        f"Release {rel.ref} does not allow information to be given {how} (it allows: {allowed})."
    ]


def check_method(method: str) -> str:
    if method not in METHODS:
        raise InvalidInput("How it was shared is one of: " + ", ".join(METHODS) + ".")
    return method


def check_told(client_informed: bool | None, not_informed_reason: str) -> None:
    """Every disclosure without consent records whether the client was told, and why not."""
    if client_informed is None:
        raise InvalidInput(
            "Record whether the client was told of this disclosure, and if not, why not."
        )
    if client_informed is False and not not_informed_reason.strip():
        raise InvalidInput("Record why the client was not told of this disclosure.")


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
    from safefile.consent import gate
    from safefile.consent.categories import known_categories, parse_categories

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
        DISCLOSED,
        {
            "for": g.log_ref,
            "road": d.get("road"),
            "legal_kind": d.get("legal_kind"),
            "recipient": g.recipient,
            "recipient_person": d.get("recipient_person", ""),
            "recipient_job_title": d.get("recipient_job_title", ""),
            "recipient_phone": d.get("recipient_phone", ""),
            "categories": list(g.categories),
            "purpose": g.purpose,
            "release": g.release_ref,
            "method": method,
            "shared_summary": text,
            "left_out": list(g.left_out),
        },
        actor=actor,
        client_id=g.client_id,
        recipient_org_id=g.recipient_org_id,
        release_id=g.release.id if g.release else None,
    )
    return Disclosed(g.log_ref, entry.ref, g.recipient, method)


__all__ = [
    "METHODS",
    "PDF_EXPORT",
    "Disclosed",
    "check_method",
    "check_told",
    "disclose",
    "method_problems",
    "recipient_person",
]
