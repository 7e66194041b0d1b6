"""The record of sharing as a PDF to print, made only from a grant of consent/reports.

Printing straight to a printer would spool the pages in plain text to disk, so
"printing" is a PDF the user saves where they choose and prints from their viewer.
Like every export: the grant is redeemed first (consent/reports.redeem), the PDF
is built in memory, optionally encrypted (AES-256), written atomically, and its
SHA-256 recorded in an "export written" entry so ``verify_export`` recognises it;
every page's footer names the entry that allowed it.  A failure leaves no file and
is logged as failed.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer, TableStyle

from safefile.consent import gate, reports
from safefile.errors import SafeFileError
from safefile.export.exporter import LAYOUT_FAILED, ExportResult, check_destination
from safefile.export.pdf import (
    BAND,
    RULE,
    PagedRows,
    _kv_table,
    _numbered_canvas,
    _p,
    _styles,
    finish,
)  # fmt: skip
from safefile.fsutil import atomic_write
from safefile.store.vault import Vault


def story(report: reports.Report) -> list[Any]:
    st = _styles()
    cell = st["small"].clone("cell", fontSize=7.5, leading=9.5, textColor=st["body"].textColor)
    head = st["label"].clone("head", fontSize=7.5, leading=9.5)
    out: list[Any] = [_p(report.title, st["title"]), _kv_table(report.terms, st)]
    out += [_p(note, st["notice"]) for note in report.notes]
    if not report.rows:
        out.append(_p(report.empty, st["body"]))
    else:
        header = [_p(c, head) for c in report.columns]
        style = TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("BACKGROUND", (0, 0), (-1, 0), BAND),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
            ("LEFTPADDING", (0, 0), (-1, -1), 2.5), ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
        ])  # fmt: skip
        # a page at a time: a long log stays linear, and a row taller than a page splits
        out.append(PagedRows(header, report.rows, lambda row: [_p(v, cell) for v in row],
                             [w * mm for w in report.widths], style, hpad=5.0))  # fmt: skip
    out.append(Spacer(1, 6 * mm))
    out.append(_p(f"End of document ({len(report.rows)} entries).", st["small"]))
    return out


def render(report: reports.Report, doc_title: str) -> tuple[bytes, int]:
    """The PDF bytes (in memory only) and the number of pages."""
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=22 * mm,
        bottomMargin=24 * mm, title=doc_title, author="SafeFile", creator="SafeFile",
        producer="SafeFile", subject="", keywords="", invariant=0,
    )  # fmt: skip
    doc.build(story(report), canvasmaker=_numbered_canvas(report.title, report.footer))
    data = buf.getvalue()
    return data, len(PdfReader(io.BytesIO(data)).pages)


def export_log_pdf(
    vault: Vault, grant: object, dest: Path, *, password: str | None = None
) -> ExportResult:
    """Redeem the grant of ``reports.print_log`` and write its PDF to ``dest``."""
    dest = check_destination(dest)
    g = reports.redeem(vault, grant)  # refuses forged, altered, spent or stale grants
    program = vault.get_meta("program_name") or "(program name not set)"
    title = f"SafeFile record of sharing {g.log_ref}"
    try:
        report = reports.gather(vault, g, program)
        data, pages = render(report, title)
        data = finish(data, title, [], password)
        atomic_write(dest, data)
    except SafeFileError as exc:
        gate.record_export_failed(vault, g, exc.message)
        raise
    except OSError as exc:
        gate.record_export_failed(vault, g, f"could not write the file ({exc.strerror})")
        raise SafeFileError(
            f"The PDF could not be written to {dest} ({exc.strerror}). Nothing was saved there; "
            "choose another place and try again."
        ) from None
    except Exception as exc:
        gate.record_export_failed(vault, g, f"could not lay out the PDF ({type(exc).__name__})")
        raise SafeFileError(LAYOUT_FAILED) from None
    digest = hashlib.sha256(data).hexdigest()
    try:
        written = reports.record_written(vault, g, digest, pages)
    except BaseException:
        dest.unlink(missing_ok=True)  # an export that is not in the log does not exist
        raise
    vault.audit("export written", client_id=g.client_id, entry=written.ref)
    return ExportResult(dest, g.log_ref, written.ref, digest, pages, ())
