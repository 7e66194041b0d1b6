"""De-identified material for consultation, teaching or training, written and recorded.

The user writes the material (a case summary with identifying details removed);
before anything is written SafeFile looks for what it knows identifies a client:
any client's name or part of it (words of 3 letters or more), preferred name, case
number, or a full date (dates of birth, of services).  Any hit refuses, naming the
kind of detail found (never which client).  The PDF then takes the de-identified road
of the consent module, like a funder report: recorded, with the file's SHA-256.
"""

from __future__ import annotations

import re
from pathlib import Path

from reportlab.platypus import Flowable

from safefile.consent import gate
from safefile.consent.gate import spend_recorded
from safefile.consent.kinds import EntryKind
from safefile.errors import InvalidInput
from safefile.export.content import sender
from safefile.export.exporter import ExportResult, check_destination, write_export
from safefile.export.pdf import build_pdf, kv_table, para, styles
from safefile.staff.guard import allowed
from safefile.staff.roles import Action
from safefile.store.actor import Actor
from safefile.store.vault import Vault

PURPOSES = ("consultation", "teaching", "training")
_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b")
_WORD = re.compile(r"\w+", re.UNICODE)
STATEMENT = (
    "De-identified material: names, numbers, dates and places that could identify a client "
    "have been removed. Do not add them back, and do not share it beyond its purpose."
)


def identifying(vault: Vault, text: str) -> list[str]:
    """Kinds of identifying detail found in ``text`` (empty: none SafeFile can see)."""
    words = {w.casefold() for w in _WORD.findall(text)}
    low = text.casefold()
    found: list[str] = []
    names = False
    numbers = False
    for name, alias, case in vault.db.execute("SELECT name, alias, case_number FROM clients"):
        for part in _WORD.findall(f"{name} {alias or ''}"):
            if len(part) >= 3 and part.casefold() in words:
                names = True
        if case and case.casefold() in low:
            numbers = True
    if names:
        found.append("a client's name")
    if numbers:
        found.append("a case number")
    if _DATE.search(text):
        found.append("a full date (use a month or a season instead)")
    return found


@allowed(Action.REPORTS)
def write_pdf(
    vault: Vault, purpose: str, description: str, text: str, dest: Path, *, actor: Actor
) -> ExportResult:
    if purpose not in PURPOSES:
        raise InvalidInput("The purpose is consultation, teaching or training.")
    if not text.strip():
        raise InvalidInput("Please write the material first.")
    if not description.strip():
        raise InvalidInput("Please describe the material in a few words (for the record).")
    found = identifying(vault, text + "\n" + description)
    if found:
        raise InvalidInput(
            "Nothing was saved: the material still holds " + ", ".join(found) + ". Remove it "
            "and try again."
        )
    dest = check_destination(dest)
    grant = gate.deidentified(vault, purpose, description, actor=actor)
    g = spend_recorded(vault, grant, (EntryKind.DEIDENTIFIED,))

    def make() -> tuple[bytes, int]:
        st = styles()
        title = f"De-identified material for {purpose}"
        out: list[Flowable] = [
            para(title, st["title"]),
            kv_table([("Purpose", purpose), ("What it is", description.strip())], st),
            para(STATEMENT, st["notice"]),
        ]
        out += [para(par, st["body"]) for par in text.strip().split("\n\n")]
        return build_pdf(out, title, "De-identified", "De-identified", sender(vault).page_size)

    return write_export(vault, g, dest, make, gate.record_export_written, actor=actor)
