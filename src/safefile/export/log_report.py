"""The record of sharing as a PDF to print, made only from a grant of consent/log_print.

Printing straight to a printer would spool the pages in plain text to disk, so
"printing" is a PDF the user saves where they choose and prints from their viewer.
Like every export: the grant is redeemed first (consent/log_print.redeem), the PDF
is built in memory, optionally encrypted (AES-256), written atomically, and its
SHA-256 recorded in an "export written" entry so ``verify_export`` recognises it;
every page's footer names the entry that allowed it.  A failure leaves no file and
is logged as failed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, TableStyle

from safefile.consent import log_print
from safefile.export import seal
from safefile.export.content import sender
from safefile.export.exporter import ExportResult, check_destination, write_export
from safefile.export.log_content import Report, gather
from safefile.export.pdf import (
    BAND,
    RULE,
    PagedRows,
    build_pdf,
    finish,
    kv_table,
    para,
    styles,
)
from safefile.records.language import form_texts
from safefile.staff.guard import allowed
from safefile.staff.roles import Action
from safefile.store.actor import Actor
from safefile.store.vault import Vault


def story(report: Report) -> list[Any]:
    """The report, then (an accounting asked bilingual) the same in English for the file."""
    out = _story_one(report)
    if report.english is not None:
        out.insert(1, para(report.bilingual_note, styles()["small"]))
        out += [PageBreak(), *_story_one(report.english)]
    return out


def _story_one(report: Report) -> list[Any]:
    st = styles()
    cell = st["small"].clone("cell", fontSize=7.5, leading=9.5, textColor=st["body"].textColor)
    head = st["label"].clone("head", fontSize=7.5, leading=9.5)
    out: list[Any] = [para(report.title, st["title"]), kv_table(report.terms, st)]
    out += [para(note, st["notice"]) for note in report.notes]
    if not report.rows:
        out.append(para(report.empty, st["body"]))
    else:
        header = [para(c, head) for c in report.columns]
        style = TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), BAND),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )
        # a page at a time: a long log stays linear, and a row taller than a page splits
        out.append(
            PagedRows(
                header,
                report.rows,
                lambda row: [para(v, cell) for v in row],
                [w * mm for w in report.widths],
                style,
                hpad=5.0,
            )
        )
    return out  # "End of document" is drawn on the last page itself (pdf.build_pdf: end)


def render(report: Report, doc_title: str, page_size: str = "a4") -> tuple[bytes, int]:
    """The PDF bytes (in memory only) and the number of pages."""
    end = report.end or f"End of document ({len(report.rows)} entries)."
    page: dict[str, Any] = {}
    if report.language != "en":  # an accounting in the client's language
        t = form_texts(report.language)
        page = {"page_label": t.text("page"), "confidential": t.text("confidential")}
    return build_pdf(
        story(report), doc_title, report.title, report.footer, page_size, end=end, **page
    )


@allowed(Action.READ_LOG)
def export_log_pdf(
    vault: Vault,
    grant: object,
    dest: Path,
    *,
    password: str | None = None,
    bilingual: bool = False,
    actor: Actor,
) -> ExportResult:
    """Redeem the grant of ``log_print.print_log`` and write its PDF to ``dest``;
    ``bilingual``: an accounting in the client's language, then in English."""
    dest = check_destination(dest)
    g = log_print.redeem(vault, grant)  # refuses forged, altered, spent or stale grants
    who = sender(vault)
    title = f"SafeFile record of sharing {g.log_ref}"

    def make() -> tuple[bytes, int]:
        stamp = seal.ensure(vault, actor=actor)  # inside: a failure is recorded as failed
        report = gather(vault, g, who.program, bilingual=bilingual)
        for part in (report, report.english):
            if part is not None:
                part.notes.append(seal.cover_text(stamp, part.language))
                if who.phone:
                    part.terms.append((part.phone_label, who.phone))
        data, pages = render(report, title, who.page_size)
        return finish(data, title, [], password, lang=report.language), pages

    return write_export(
        vault, g, dest, make, log_print.record_written, password=password, actor=actor
    )
