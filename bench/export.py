"""Time to export a 100-page record, against plain reportlab (issue 18, row 7).

    .venv/bin/python bench/export.py [--pages 100] [--pairs 5]

Builds a client with enough services and signed progress notes (each with an
addendum) to fill about 100 A4 pages, a release covering them, then times the
whole export five times (gate decision, gathering, layout, pypdf finish,
atomic write, digest and log): time.perf_counter around gate.require +
export_pdf, with the page count read back from the file.

Anchor: plain reportlab laying out the same text (the services as one reportlab Table
with a repeated header, every note's sections and addendum as Paragraphs) with the
same embedded fonts, no shaping, no header/footer, no pypdf pass, into memory.
Paired and interleaved (bench/_pair.py); the ratio is of CPU time (time.process_time,
every thread of the process), as the shared machine spreads wall times by more than
30 %; the wall medians are printed too.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pypdf

sys.path.insert(0, str(Path(__file__).parent))
from _pair import load_note, paired, report

from safefile import records
from safefile.consent import gate, releases
from safefile.consent.releases import STATEMENTS, ReleaseIn
from safefile.export.exporter import export_pdf
from safefile.records.models import ClientIn, NoteIn, OrgIn, ServiceIn
from safefile.store import keys
from safefile.store.vault import Vault

TEXT = (
    "Client attended the scheduled appointment and reviewed progress on the goals set at "
    "intake, including housing applications and the employment workshop schedule. "
)


def plain_pdf(services: list, notes: list) -> bytes:  # type: ignore[type-arg]
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

    from safefile.export import fonts

    fonts.register()
    body = ParagraphStyle("b", fontName=fonts.BODY, fontSize=10, leading=14.5)
    bold = ParagraphStyle("l", parent=body, fontName=fonts.BOLD)
    rows = [[Paragraph(h, bold) for h in ("Date", "Service", "Minutes", "Note")]]
    rows += [
        [
            Paragraph(s.on_date.isoformat(), body),
            Paragraph(s.type, body),
            Paragraph(str(s.minutes), body),
            Paragraph(s.note, body),
        ]
        for s in services
    ]
    story: list = [Table(rows, colWidths=[24 * mm, 52 * mm, 18 * mm, 76 * mm], repeatRows=1)]  # type: ignore[type-arg]
    for n in notes:
        story.append(Paragraph(f"{n.on_date}   {n.ref}", bold))
        story.append(Paragraph(f"Signed by {n.signed_by} on {n.signed_at}", body))
        for label, text in (("Data", n.data), ("Assessment", n.assessment), ("Plan", n.plan)):
            story.append(Paragraph(f"{label}: {text}", body))
        for a in n.addenda:
            story.append(Paragraph(f"Addendum, {a.at} by {a.author}: {a.text}", body))
        story.append(Spacer(1, 3 * mm))
    buf = io.BytesIO()
    SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=22 * mm,
        bottomMargin=24 * mm,
    ).build(story)
    return buf.getvalue()


def setup(tmp: str, pages: int) -> tuple[Vault, int, int]:
    """A vault in ``tmp`` with one client's record of about ``pages`` pages, and a release
    to an organisation covering it: (vault, client, organisation)."""
    vault, _ = Vault.create(
        Path(tmp) / "b.safefile", "bench marmalade tractor quill", kdf=keys.KdfParams.minimum()
    )
    cid = records.add_client(
        vault, ClientIn.from_input({"name": "Nguyễn Thị Ánh"}), actor=vault.actor
    )
    org = records.add_org(
        vault, OrgIn.from_input({"name": "Division of Parole"}), actor=vault.actor
    )
    start = date(2025, 1, 1)
    n_services, n_notes = 10 * pages, 3 * pages
    for i in range(n_services):
        records.add_service(
            vault,
            ServiceIn.from_input(
                {
                    "client_id": cid,
                    "on_date": start + timedelta(days=i % 600),
                    "type": "Case management",
                    "minutes": 45,
                    "note": "Reviewed applications.",
                }
            ),
            actor=vault.actor,
        )
    for i in range(n_notes):
        ref = records.add_note(
            vault,
            NoteIn.from_input(
                {
                    "client_ids": [cid],
                    "on_date": start + timedelta(days=i),
                    "data": TEXT * 2,
                    "assessment": TEXT,
                    "plan": "Continue.",
                }
            ),
            sign=True,
            actor=vault.actor,
        )
        records.add_addendum(
            vault, ref, "Correction: the appointment lasted 50 minutes.", actor=vault.actor
        )
    today = date.today()
    releases.add_release(
        vault,
        ReleaseIn.from_input(
            {
                "statements": dict.fromkeys(STATEMENTS, True),
                "client_id": cid,
                "recipient_org_id": org,
                "purpose": "p",
                "categories": ("services", "progress-notes"),
                "signed_on": today,
                "expires_on": today + timedelta(days=90),
                "original_on_file": True,
                "original_reason": "signed at the office on the program's own form",
            }
        ),
        actor=vault.actor,
    )
    return vault, cid, org


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=100)
    ap.add_argument("--pairs", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        vault, cid, org = setup(tmp, args.pages)
        n_services, n_notes = 10 * args.pages, 3 * args.pages
        services = records.list_services(vault, cid)
        notes = records.list_notes(vault, cid)
        runs = [0]
        walls: dict[str, list[float]] = {"a": [], "b": []}

        def cpu_of(side: str, fn: Callable[[], object]) -> float:
            """CPU time of this process (every thread): the ratio's figure on a shared
            machine; the wall time is kept for the note below."""
            cpu, wall = time.process_time(), time.perf_counter()
            fn()
            walls[side].append(time.perf_counter() - wall)
            return time.process_time() - cpu

        def safefile_export() -> None:
            runs[0] += 1
            out = Path(tmp) / f"out{runs[0]}.pdf"
            g = gate.require(
                vault,
                gate.ExportRequest(cid, org, ("services", "progress-notes"), purpose="p"),
                actor=vault.actor,
            )
            export_pdf(vault, g, out, actor=vault.actor)

        def plain_reportlab() -> None:
            plain_pdf(services, notes)

        result = paired(
            lambda: cpu_of("a", safefile_export),
            lambda: cpu_of("b", plain_reportlab),
            args.pairs,
        )
        out = Path(tmp) / f"out{runs[0]}.pdf"
        pages = len(pypdf.PdfReader(out).pages)
        print(
            f"{n_services} services + {n_notes} signed notes with addenda -> {pages} pages, "
            f"{out.stat().st_size / 1e6:.1f} MB; plain reportlab -> "
            f"{len(pypdf.PdfReader(io.BytesIO(plain_pdf(services, notes))).pages)} pages"
        )
        report("export (gate + layout + write + log) / plain reportlab, CPU", result)
        print(
            f"    wall medians: SafeFile {statistics.median(walls['a']):.2f} s, "
            f"plain reportlab {statistics.median(walls['b']):.2f} s"
        )
        load_note()
        vault.lock()


if __name__ == "__main__":
    main()
