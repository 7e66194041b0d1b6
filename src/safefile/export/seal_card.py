"""The verification card: one page a partner agency keeps to check the program's PDFs.

It carries the program's name and phone, the seal certificate's SHA-256 fingerprint in
groups of four, and how to trust the certificate (the .cer file written beside the
card) in a PDF reader.  No client data: it needs no consent, and it is itself sealed
like every PDF the program writes.  Written atomically; the audit trail records it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from safefile.export import seal
from safefile.export.content import sender
from safefile.export.exporter import check_destination
from safefile.export.pdf import build_pdf, kv_table, para, spell, styles
from safefile.fsutil import atomic_write, refuse_inside_vault
from safefile.staff.guard import allowed
from safefile.staff.roles import Action
from safefile.store.actor import Actor
from safefile.store.vault import Vault

TITLE = "Verification card: the program's seal"


@dataclass(frozen=True)
class Card:
    pdf: Path
    cer: Path
    fingerprint: str


def story(who_program: str, phone: str, stamp: seal.Seal) -> list[Any]:
    st = styles()
    big = st["title"].clone("fp", fontSize=15, leading=22)
    steps = [
        "Save the certificate file sent with this card (the .cer file) where you keep "
        "trusted documents.",
        "Before trusting it, call the program on a number from your own records (not only "
        "the one printed here) and ask them to read out the fingerprint below. It must "
        "match exactly.",
        "In your PDF reader, add the certificate to your trusted identities (in Adobe "
        "Acrobat Reader: Preferences > Signatures > Identities & Trusted Certificates > "
        "Trusted Certificates > Import, and tick 'Use this certificate as a trusted root').",
        "Open a PDF from the program and look at its signature panel. 'Signed and all "
        "signatures are valid' means the document is exactly what the program sent. Any "
        "change after sealing shows there as a problem: then do not rely on the document "
        "and ask the program for it again.",
    ]
    out: list[Any] = [
        para(TITLE, st["title"]),
        kv_table(
            [
                ("Program", who_program),
                ("Program's phone", phone or "-"),
                ("Certificate", stamp.subject),
                ("Valid until", stamp.not_after.date().isoformat()),
            ],
            st,
        ),
        Spacer(1, 4 * mm),
        para("SHA-256 fingerprint of the program's certificate", st["h2"]),
        para(stamp.grouped, big),
        para("How to check a PDF from the program", st["h2"]),
    ]
    out += [para(f"{i}. {text}", st["body"]) for i, text in enumerate(steps, start=1)]
    out.append(
        para(
            "What the seal proves: the PDF left the program in this form and nothing in it "
            "was changed since. What it does not prove on its own: who the program is; that "
            "is what the fingerprint check by phone is for.",
            st["notice"],
        )
    )
    return out


@allowed(Action.PROGRAM_SEAL)
def print_card(vault: Vault, dest: Path, *, actor: Actor) -> Card:
    """Write the card to ``dest`` (a .pdf) and the certificate beside it (same name,
    .cer); both atomically, the card sealed."""
    dest = check_destination(dest)
    cer = refuse_inside_vault(dest.with_suffix(".cer"))
    stamp = seal.ensure(vault, actor=actor)
    who = sender(vault)
    data, _ = build_pdf(
        story(who.program, who.phone, stamp),
        TITLE,
        spell("SafeFile verification card", who.locale),
        f"{who.program}: verification card",
        who.page_size,
    )
    data = seal.seal_with_reason(vault, data, f"Verification card of {who.program} (SafeFile)")
    atomic_write(cer, seal.cer_bytes(stamp))
    atomic_write(dest, data)
    vault.audit("seal card printed", fingerprint=stamp.fingerprint, actor=actor)
    return Card(dest, cer, stamp.fingerprint)
