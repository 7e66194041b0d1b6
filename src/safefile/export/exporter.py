"""Export a client's information as a PDF bound to the grant that allows it.

The exporter accepts only a grant from the consent gate and redeems it first
(the gate checks it is genuine, unchanged, unspent and current, and for a release
that the release still allows it).  The PDF is built in memory, written
atomically where the user chose (a temporary file beside the destination, fsync,
rename: nothing anywhere else), and its SHA-256 recorded in the record of sharing,
so ``verify_export`` can later tell whether a file is one this vault exported,
unchanged.  A failure leaves no partial file and is logged as failed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from safefile.consent import gate, log
from safefile.consent.grants import Grant
from safefile.consent.redeem import redeem
from safefile.errors import DamagedFile, InvalidInput, SafeFileError
from safefile.export import seal
from safefile.export.content import gather, sender
from safefile.export.pdf import appended_pages, finish, render
from safefile.fsutil import atomic_write, output_path
from safefile.records import documents as docs
from safefile.records.models import Document
from safefile.staff.guard import allowed
from safefile.staff.roles import Action
from safefile.store.actor import Actor
from safefile.store.vault import Vault

LAYOUT_FAILED = (
    "The PDF could not be made, so nothing was saved and nothing was sent. The attempt is "
    "in the record of sharing. Please send the log file (Help > Log file) to your support."
)


class RecordWritten(Protocol):
    """Records a written file against its decision (consent/redeem, consent/log_print)."""

    def __call__(
        self, vault: Vault, grant: Grant, digest: str, pages: int, *, actor: Actor
    ) -> log.Entry: ...


@dataclass(frozen=True)
class ExportResult:
    path: Path
    decision_ref: str  # the gate's entry, which the PDF carries
    written_ref: str  # the entry that records the file and its digest
    sha256: str
    pages: int
    left_out: tuple[str, ...]


def check_destination(dest: Path) -> Path:
    """The place to write an export, or InvalidInput saying what is wrong with it."""
    return output_path(dest, suffix=".pdf", kind="PDF")


@allowed(Action.SHARE)
def export_pdf(
    vault: Vault,
    grant: object,
    dest: Path,
    *,
    password: str | None = None,
    append_release: bool = False,
    bilingual: bool = False,
    actor: Actor,
) -> ExportResult:
    """``bilingual``: an own copy in the client's language, then in English for the file
    (a copy in English is one copy whatever this says)."""
    dest = check_destination(dest)
    if append_release:
        release_form(vault, grant, actor=actor)  # refused before the grant is spent
    person = actor
    g = redeem(vault, grant, actor=person)  # refuses forged, altered, spent or stale grants
    who = sender(vault)
    title = f"SafeFile disclosure {g.log_ref}"

    def make() -> tuple[bytes, int]:
        stamp = seal.ensure(vault, actor=person)  # inside: a failure is recorded as failed
        content = gather(vault, g, who, bilingual=bilingual, actor=person)
        for part in (content, content.english):
            if part is not None:
                said = seal.cover_text(stamp, part.language)
                part.verify = f"{part.verify} {said}".strip()
        data, pages = render(content, title)
        extra: list[bytes] = []
        if append_release:
            meta, blob = release_form(vault, g, actor=person)
            ref = g.release.ref if g.release else "-"
            heading = f"Signed release {ref} (appended to entry {g.log_ref})"
            extra.append(
                appended_pages(heading, blob, meta.media_type, who.page_size, content.footer)
            )
        lang = "en-US" if who.locale == "en-US" else "en-GB"
        lang = content.language if content.language != "en" else lang
        return finish(data, title, content.attachments, password, extra, lang), pages

    return write_export(
        vault, g, dest, make, gate.record_export_written, actor=person, password=password
    )


@allowed(Action.RECORD_RELEASE)
def release_form(vault: Vault, grant: object, *, actor: Actor) -> tuple[Document, bytes]:
    """The signed release form to append to a release-road export, or InvalidInput."""
    rel = grant.release if isinstance(grant, Grant) else None
    if rel is None:
        raise InvalidInput(
            "Only an export under a release can carry the signed release (--append-release)."
        )
    if rel.form_document_id is None:
        raise InvalidInput(
            f"Release {rel.ref} has no scanned form in the vault (only a record that the "
            "signed original is on file), so it cannot be appended. Nothing was exported; "
            "send a copy of the paper original with the export instead."
        )
    meta = docs.get_document(vault, rel.form_document_id)
    if meta.media_type not in ("application/pdf", "image/jpeg", "image/png"):
        raise InvalidInput(
            f"The signed form of release {rel.ref} is not a PDF or an image, so it cannot be "
            "appended. Nothing was exported."
        )
    return meta, docs.read_document(vault, rel.form_document_id, actor=actor)


@allowed(Action.SHARE)
def write_export(
    vault: Vault,
    g: Grant,
    dest: Path,
    make: Callable[[], tuple[bytes, int]],
    record_written: RecordWritten,
    *,
    actor: Actor,
    password: str | None = None,
    kind: str = "PDF",
) -> ExportResult:
    """Make the file (a PDF; ``kind`` names another) of a redeemed grant, seal it if it is
    a PDF, write it atomically to ``dest`` and record its SHA-256 with
    ``record_written``; any failure is recorded as failed and leaves no file.
    ``password``: the one ``make`` encrypted the PDF with, if any."""
    who = actor
    try:
        data, pages = make()
        data = _sealed_last(vault, g, data, password) if kind == "PDF" else data
        atomic_write(dest, data)
    except SafeFileError as exc:
        gate.record_export_failed(vault, g, exc.message, actor=who)
        raise
    except OSError as exc:
        gate.record_export_failed(vault, g, f"could not write the file ({exc.strerror})", actor=who)
        raise SafeFileError(
            f"The {kind} could not be written to {dest} ({exc.strerror}). Nothing was saved there; "
            "choose another place and try again."
        ) from None
    except Exception as exc:
        gate.record_export_failed(
            vault, g, f"could not lay out the {kind} ({type(exc).__name__})", actor=who
        )
        raise SafeFileError(LAYOUT_FAILED) from None
    digest = hashlib.sha256(data).hexdigest()
    try:
        written = record_written(vault, g, digest, pages, actor=who)
    except BaseException:
        dest.unlink(missing_ok=True)  # an export that is not in the log does not exist
        raise
    vault.audit("export written", client_id=g.client_id, actor=who, entry=written.ref)
    return ExportResult(dest, g.log_ref, written.ref, digest, pages, tuple(g.left_out))


def _sealed_last(vault: Vault, g: Grant, data: bytes, password: str | None) -> bytes:
    """The last step of every PDF written (issue 25): the program's seal (export/seal.py),
    with the record-of-sharing entry as its reason.  Nothing changes the bytes after it;
    a file that is not a PDF (a funder report's CSV) is written as it is."""
    return seal.seal_pdf(vault, data, g.log_ref, password)


@dataclass(frozen=True)
class Verified:
    """A file this vault exported, unchanged: its "written" entry, and what its seal shows
    (``seal.problem`` says why the seal was not checked, when the digest alone holds:
    an export made before the program seal, or an encrypted one checked without its
    password)."""

    entry: log.Entry
    seal: seal.SealCheck


BEFORE_SEALS = (
    "It was exported before SafeFile sealed its PDFs, so it has no seal; the digest check "
    "alone holds."
)
NOT_OURS = (
    "This PDF is not one this vault exported, or it has been changed since it was exported. "
    "Do not rely on it; export the information again if it is needed."
)


def check_export(vault: Vault, path: Path, password: str | None = None) -> Verified:
    """Check an exported file two ways, with no network: its SHA-256 against the record of
    sharing, and its seal (export/seal.py); DamagedFile says which check failed."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        raise InvalidInput(f"There is no file at {path}.") from None
    entry = log.find_by_digest(vault, hashlib.sha256(data).hexdigest())
    found = seal.check_pdf(vault, data, password)
    if entry is None:
        if found.ok:
            why = (
                "The digest check failed: this file is not in this vault's record of sharing. "
                "The seal check passed (the program sealed it and it is unchanged since), so it "
                "was sent from another copy of this program's vault."
            )
        else:
            why = f"The digest check failed, and the seal check too: {found.problem}"
        raise DamagedFile(f"{NOT_OURS}\n{why}")
    if found.sealed and not found.ok:  # ours by digest, yet its seal fails: never rely on it
        raise DamagedFile(f"{NOT_OURS}\nThe seal check failed: {found.problem}")
    if found.problem == seal.NO_SEAL:  # ours by digest: made before the seal existed
        found = replace(found, problem=BEFORE_SEALS)
    return Verified(entry, found)


def verify_export(vault: Vault, path: Path, password: str | None = None) -> log.Entry:
    """The log entry of this exported file, or DamagedFile if it is not ours or was changed."""
    return check_export(vault, path, password).entry
