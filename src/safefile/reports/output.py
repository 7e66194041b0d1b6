"""A funder report written as CSV or PDF, through the consent module's de-identified road.

Each file takes its own de-identified grant (consent/gate.deidentified: recorded in
the record of sharing with its purpose and a description of what it is), is
written atomically and its SHA-256 recorded, like every other export.  The PDF
says on its face that it is de-identified and how small counts are shown.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table, TableStyle

from safefile.consent import gate, log
from safefile.consent.gate import spend_recorded
from safefile.export.exporter import ExportResult, check_destination, write_export
from safefile.export.pdf import BAND, RULE, build_pdf, kv_table, para, styles
from safefile.fsutil import output_path
from safefile.reports.counts import Report
from safefile.store.vault import Vault

PURPOSE = "funder report (aggregate counts)"
STATEMENT = (
    "De-identified: this report holds counts only. It names no one and carries no client "
    "number, case number, date of birth or date of service. Counts from 1 to {m} are shown as "
    '"fewer than {n}", and so are counts from which a hidden one could be worked out.'
)
COLUMNS = ("section", "measure", "count", "hours")


def describe(report: Report) -> str:
    return f"counts for {report.start} to {report.end}, counts below {report.min_count} suppressed"


def csv_bytes(report: Report) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(COLUMNS)
    for row in report.rows():
        w.writerow(row)
    w.writerow(("note", STATEMENT.format(m=report.min_count - 1, n=report.min_count), "", ""))
    return ("\ufeff" + buf.getvalue()).encode("utf-8")  # a BOM so Excel reads UTF-8


def pdf_bytes(report: Report, program: str) -> tuple[bytes, int]:
    st = styles()
    title = "Funder report (de-identified)"
    out: list[Any] = [
        para(title, st["title"]),
        kv_table(
            [
                ("Program", program),
                ("Period", f"{report.start} to {report.end}"),
                ("Smallest count shown", str(report.min_count)),
            ],
            st,
        ),
        para(STATEMENT.format(m=report.min_count - 1, n=report.min_count), st["notice"]),
        Spacer(1, 4 * mm),
    ]
    head = st["label"]
    rows = [[para(c.capitalize(), head) for c in COLUMNS]]
    rows += [[para(v, st["body"]) for v in row] for row in report.rows()]
    table = Table(rows, colWidths=[40 * mm, 70 * mm, 30 * mm, 25 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), BAND),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    out.append(table)
    return build_pdf(out, title, f"{program}: de-identified funder report", "De-identified")


def _write(vault: Vault, report: Report, dest: Path, make: Any, what: str) -> ExportResult:
    grant = gate.deidentified(vault, PURPOSE, f"{what}: {describe(report)}")
    g = spend_recorded(vault, grant, (log.DEIDENTIFIED,))
    return write_export(vault, g, dest, make, gate.record_export_written, kind=what)


def write_csv(vault: Vault, report: Report, dest: Path) -> ExportResult:
    dest = output_path(dest, suffix=".csv", kind="CSV")  # the one guard (issue 29 F8)
    return _write(vault, report, dest, lambda: (csv_bytes(report), 0), "CSV")


def write_pdf(vault: Vault, report: Report, dest: Path) -> ExportResult:
    dest = check_destination(dest)
    program = vault.get_meta("program_name") or "(program name not set)"
    return _write(vault, report, dest, lambda: pdf_bytes(report, program), "PDF")
