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
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from safefile.consent import gate, log
from safefile.consent.grants import Grant
from safefile.errors import DamagedFile, InvalidInput, SafeFileError
from safefile.export.content import gather
from safefile.export.pdf import finish, render
from safefile.fsutil import atomic_write, refuse_inside_vault
from safefile.store.actor import Actor, actor_for
from safefile.store.vault import Vault

LAYOUT_FAILED = (
    "The PDF could not be made, so nothing was saved and nothing was sent. The attempt is "
    "in the record of sharing. Please send the log file (Help > Log file) to your support."
)


class RecordWritten(Protocol):
    """Records a written file against its decision (consent/redeem, consent/log_print)."""

    def __call__(
        self, vault: Vault, grant: Grant, digest: str, pages: int, *, actor: Actor | None = None
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
    dest = refuse_inside_vault(Path(dest).expanduser())
    if dest.suffix.lower() != ".pdf":
        raise InvalidInput("The file name must end in .pdf.")
    if dest.is_dir():
        raise InvalidInput(f"{dest} is a folder; give a file name ending in .pdf.")
    if not dest.parent.is_dir():
        raise InvalidInput(f"The folder {dest.parent} does not exist. Choose another place.")
    return dest


def export_pdf(
    vault: Vault,
    grant: object,
    dest: Path,
    *,
    password: str | None = None,
    actor: Actor | None = None,
) -> ExportResult:
    dest = check_destination(dest)
    who = actor or actor_for(vault)
    g = gate.redeem(vault, grant, actor=who)  # refuses forged, altered, spent or stale grants
    program = vault.get_meta("program_name") or "(program name not set)"
    title = f"SafeFile disclosure {g.log_ref}"

    def make() -> tuple[bytes, int]:
        content = gather(vault, g, program)
        data, pages = render(content, title)
        return finish(data, title, content.attachments, password), pages

    return write_export(vault, g, dest, make, gate.record_export_written, actor=who)


def write_export(
    vault: Vault,
    g: Grant,
    dest: Path,
    make: Callable[[], tuple[bytes, int]],
    record_written: RecordWritten,
    *,
    actor: Actor | None = None,
) -> ExportResult:
    """Make the PDF of a redeemed grant, write it atomically to ``dest`` and record its
    SHA-256 with ``record_written``; any failure is recorded as failed and leaves no file."""
    who = actor or actor_for(vault)
    try:
        data, pages = make()
        atomic_write(dest, data)
    except SafeFileError as exc:
        gate.record_export_failed(vault, g, exc.message, actor=who)
        raise
    except OSError as exc:
        gate.record_export_failed(vault, g, f"could not write the file ({exc.strerror})", actor=who)
        raise SafeFileError(
            f"The PDF could not be written to {dest} ({exc.strerror}). Nothing was saved there; "
            "choose another place and try again."
        ) from None
    except Exception as exc:
        gate.record_export_failed(
            vault, g, f"could not lay out the PDF ({type(exc).__name__})", actor=who
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


def verify_export(vault: Vault, path: Path) -> log.Entry:
    """The log entry of this exported file, or DamagedFile if it is not ours or was changed."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        raise InvalidInput(f"There is no file at {path}.") from None
    entry = log.find_by_digest(vault, hashlib.sha256(data).hexdigest())
    if entry is None:
        raise DamagedFile(
            "This PDF is not one this vault exported, or it has been changed since it was "
            "exported. Do not rely on it; export the information again if it is needed."
        )
    return entry
