"""How information leaves, and who receives it: the helpers the gate's roads share.

A leaf of consent/: the release rules (``release_rules``), the roads without a release
(``roads``) and disclosures by other means (``disclose``) all use these, and this module
imports none of them, so the gate and its roads form no circle.
"""

from __future__ import annotations

from safefile.consent.releases import Release
from safefile.errors import InvalidInput
from safefile.records.models import Org

PDF_EXPORT = "PDF export"
# How information may leave outside SafeFile, and the release method that allows each.
METHODS: dict[str, str] = {
    "phone": "by phone",
    "in-person": "in person",
    "email": "by email",
    "fax": "by fax",
    "mail": "by post",
}


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


__all__ = [
    "METHODS",
    "PDF_EXPORT",
    "check_method",
    "check_told",
    "method_problems",
    "recipient_person",
]
