"""The written revocation of a release (issue 24).

A client may take back a release orally; it takes effect at once and is recorded then,
with how it was received and who took it (``releases.revoke_release``).  The writing
follows: the client signs the revocation form printed from the release (or writes a
letter), and its scan is attached here.  Until it is, the release is listed as waiting
for its written revocation (``waiting_for_writing``), a reminder on every listing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from safefile.clock import iso_now
from safefile.consent import drafts
from safefile.consent.releases import Release, get_release, list_releases, revoke_release
from safefile.errors import InvalidInput
from safefile.records import documents
from safefile.records.writes import Actor, change
from safefile.staff.guard import allowed
from safefile.staff.roles import Action
from safefile.store.vault import Vault

WRITTEN = "in writing"


@dataclass(frozen=True)
class Reminder:
    release: Release
    text: str


def written_form(vault: Vault, release_id: int) -> int | None:
    row = vault.db.execute(
        "SELECT document_id FROM revocation_forms WHERE release_id = ? ORDER BY id LIMIT 1",
        (release_id,),
    ).fetchone()
    return None if row is None else int(row[0])


def reminder(vault: Vault, rel: Release) -> str | None:
    """The reminder a release revoked without writing carries, or None."""
    if rel.revoked_on is None or written_form(vault, rel.id) is not None:
        return None
    if (rel.revoked_how or "").strip().lower() == WRITTEN:
        return None  # revoked in writing: the writing is the paper recorded then
    return (
        f"Release {rel.ref} was revoked {rel.revoked_how} on {rel.revoked_on} (taken by "
        f"{rel.revoked_taken_by}); attach the written revocation when the client signs it "
        f"('release revoke-form' prints it; 'release revoke {rel.ref} --scan FILE' attaches it)."
    )


@allowed(Action.FIND_FILES)
def waiting_for_writing(vault: Vault, client_id: int) -> list[Reminder]:
    out: list[Reminder] = []
    for rel in list_releases(vault, client_id):
        text = reminder(vault, rel)
        if text:
            out.append(Reminder(rel, text))
    return out


@allowed(Action.RECORD_RELEASE)
def attach_written(
    vault: Vault,
    ref: str | int,
    scan: Path,
    *,
    on: date | None = None,
    how: str = WRITTEN,
    taken_by: str = "",
    actor: Actor,
) -> Release:
    """Attach the signed revocation (the scan of its form, or the client's letter).
    A release not revoked yet is revoked from ``on`` as it is attached."""
    from safefile.consent.form_scan import read_codes

    rel = get_release(vault, ref)
    path = Path(scan)
    if not path.is_file():
        raise InvalidInput(f"There is no file at {path}.")
    data = path.read_bytes()
    codes, _ = read_codes(data)
    for text in codes:
        ok = drafts.revocation_code_ok(vault, rel, text)
        if ok is False:
            raise InvalidInput(
                f"This scan is a revocation form, but not release {rel.ref}'s (or it was "
                "altered). Nothing was attached; attach it to the release it names."
            )
        if ok is None and drafts.parse_code(text) is not None:
            raise InvalidInput(
                "This scan is a release form, not a revocation form. Nothing was attached."
            )
    if written_form(vault, rel.id) is not None:
        raise InvalidInput(f"Release {rel.ref}'s written revocation is attached already.")
    with change(vault, actor) as ch:
        if rel.revoked_on is None:
            if on is None:
                raise InvalidInput("Give the date of the revocation (--on DATE).")
            rel = revoke_release(vault, rel.id, on, how, taken_by, actor=ch.actor)
        doc_id = documents.attach(
            vault,
            rel.client_id,
            data,
            title=f"Release {rel.ref} written revocation",
            doc_type="signed release",
            filename=f"release-{rel.ref}-revocation{path.suffix.lower() or '.pdf'}",
            actor=ch.actor,
        )
        ch.db.execute(
            "INSERT INTO revocation_forms (release_id, client_id, document_id, attached_at, "
            "attached_by) VALUES (?, ?, ?, ?, ?)",
            (rel.id, rel.client_id, doc_id, iso_now(vault.clock), ch.actor.name),
        )
        ch.audit("written revocation attached", client_id=rel.client_id, release=rel.ref)
    return get_release(vault, rel.id)
