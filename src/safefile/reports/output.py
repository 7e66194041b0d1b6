"""A funder report written as CSV or PDF, through the consent module's de-identified road.

Each file takes its own de-identified grant (consent/gate.deidentified: recorded in
the record of sharing with its purpose and a description of what it is), is
written atomically and its SHA-256 recorded, like every other export.  The PDF
says on its face that it is de-identified and how small counts are shown.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from safefile.consent import gate
from safefile.consent.gate import spend_recorded
from safefile.consent.kinds import EntryKind
from safefile.errors import InvalidInput
from safefile.export import exporter
from safefile.export.content import sender
from safefile.export.exporter import ExportResult, check_destination
from safefile.export.pdf import BAND, RULE, build_pdf, kv_table, para, styles
from safefile.fsutil import output_path
from safefile.reports.counts import Report
from safefile.reports.funder import TITLES, FunderReport
from safefile.staff.guard import allowed
from safefile.staff.roles import Action
from safefile.store.actor import Actor
from safefile.store.vault import Vault

PURPOSE = "funder report (aggregate counts)"
STATEMENT = (
    "De-identified: this report holds counts only. It names no one and carries no client "
    "number, case number, date of birth or date of service. Counts from 1 to {m} are shown as "
    '"fewer than {n}", and so are counts from which a hidden one could be worked out.'
)
COLUMNS = ("section", "measure", "count", "hours")
FUNDER_COLUMNS = ("section", "measure", "count")
# A spreadsheet takes a cell that starts with one of these as a formula (or, for tab and
# return, may shift it into one): such a cell is written as text, after a quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """A CSV cell a spreadsheet reads as text, never as a formula (OWASP's advice)."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv(rows: list[tuple[str, ...]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    for row in rows:
        w.writerow([safe_cell(c) for c in row])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")  # a BOM so Excel reads UTF-8


def describe(report: Report | FunderReport) -> str:
    form = f"{report.form} table, " if isinstance(report, FunderReport) else ""
    return (
        f"{form}counts for {report.start} to {report.end}, "
        f"counts below {report.min_count} suppressed"
    )


def csv_bytes(report: Report) -> bytes:
    note = ("note", STATEMENT.format(m=report.min_count - 1, n=report.min_count), "", "")
    return _csv([COLUMNS, *report.rows(), note])


def funder_csv_bytes(report: FunderReport, program: str) -> bytes:
    """The funder's table: section, measure, count; the program and period first."""
    n = report.min_count
    head = [
        FUNDER_COLUMNS,
        ("report", TITLES[report.form], ""),
        ("report", "Program", program),
        ("report", "Period", f"{report.start} to {report.end}"),
    ]
    note = ("note", STATEMENT.format(m=n - 1, n=n), "")
    return _csv([*head, *report.table(), note])


def pdf_bytes(report: Report, program: str, page_size: str) -> tuple[bytes, int]:
    st = styles()
    title = "Funder report (de-identified)"
    out: list[Flowable] = [
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
    out.append(_counts_table(st, COLUMNS, report.rows(), [40, 70, 30, 25]))
    return build_pdf(
        out, title, f"{program}: de-identified funder report", "De-identified", page_size
    )


def _counts_table(
    st: dict[str, ParagraphStyle],
    columns: Sequence[str],
    rows: Iterable[Sequence[str]],
    widths: list[int],
) -> Table:
    """A report's table: a banded header row repeated on every page, rules between rows;
    ``widths`` in millimetres."""
    cells = [[para(c.capitalize(), st["label"]) for c in columns]]
    cells += [[para(v, st["body"]) for v in row] for row in rows]
    table = Table(cells, colWidths=[w * mm for w in widths], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), BAND),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _write(
    vault: Vault,
    report: Report | FunderReport,
    dest: Path,
    make: Callable[[], tuple[bytes, int]],
    what: str,
    *,
    actor: Actor,
) -> ExportResult:
    grant = gate.deidentified(vault, PURPOSE, f"{what}: {describe(report)}", actor=actor)
    g = spend_recorded(vault, grant, (EntryKind.DEIDENTIFIED,))
    # through the module, so the tests' scan of every de-identified file sees it
    return exporter.write_export(
        vault, g, dest, make, gate.record_export_written, kind=what, actor=actor
    )


@allowed(Action.REPORTS)
def write_csv(vault: Vault, report: Report, dest: Path, *, actor: Actor) -> ExportResult:
    dest = output_path(dest, suffix=".csv", kind="CSV")  # the one guard (issue 29 F8)
    return _write(vault, report, dest, lambda: (csv_bytes(report), 0), "CSV", actor=actor)


def _write_pdf(
    vault: Vault,
    report: Report | FunderReport,
    dest: Path,
    make: Callable[[str, str], tuple[bytes, int]],
    *,
    actor: Actor,
) -> ExportResult:
    """``make(program, paper)``: the PDF, with the program's name, on its paper."""
    dest = check_destination(dest)
    program = vault.get_meta("program_name") or "(program name not set)"
    paper = sender(vault).page_size
    return _write(vault, report, dest, lambda: make(program, paper), "PDF", actor=actor)


@allowed(Action.REPORTS)
def write_pdf(vault: Vault, report: Report, dest: Path, *, actor: Actor) -> ExportResult:
    return _write_pdf(
        vault, report, dest, lambda p, paper: pdf_bytes(report, p, paper), actor=actor
    )


def funder_pdf_bytes(report: FunderReport, program: str, page_size: str) -> tuple[bytes, int]:
    st = styles()
    title = TITLES[report.form]
    n = report.min_count
    out: list[Flowable] = [
        para(title, st["title"]),
        kv_table(
            [
                ("Program", program),
                ("Period", f"{report.start} to {report.end}"),
                ("Smallest count shown", str(n)),
            ],
            st,
        ),
        para(STATEMENT.format(m=n - 1, n=n), st["notice"]),
        Spacer(1, 4 * mm),
    ]
    out.append(_counts_table(st, FUNDER_COLUMNS, report.table(), [42, 90, 33]))
    return build_pdf(out, title, f"{program}: {title}", "De-identified", page_size)


@allowed(Action.REPORTS)
def write_funder_csv(
    vault: Vault, report: FunderReport, dest: Path, *, actor: Actor
) -> ExportResult:
    dest = Path(dest).expanduser()
    if dest.suffix.lower() != ".csv":
        raise InvalidInput("The file name must end in .csv.")
    if not dest.parent.is_dir():
        raise InvalidInput(f"The folder {dest.parent} does not exist. Choose another place.")
    program = vault.get_meta("program_name") or "(program name not set)"
    return _write(
        vault, report, dest, lambda: (funder_csv_bytes(report, program), 0), "CSV", actor=actor
    )


@allowed(Action.REPORTS)
def write_funder_pdf(
    vault: Vault, report: FunderReport, dest: Path, *, actor: Actor
) -> ExportResult:
    return _write_pdf(
        vault, report, dest, lambda p, paper: funder_pdf_bytes(report, p, paper), actor=actor
    )
