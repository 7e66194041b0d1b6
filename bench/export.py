"""Time to export a 100-page record.

    .venv/bin/python bench/export.py [--pages 100]

Builds a client with enough services and signed progress notes (each with an
addendum) to fill about 100 A4 pages, a release covering them, then times the
whole export five times (gate decision, gathering, layout, pypdf finish,
atomic write, digest and log): time.perf_counter around gate.require +
export_pdf; median reported, with the page count read back from the file.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import pypdf

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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=100)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        vault, _ = Vault.create(
            Path(tmp) / "b.safefile", "bench marmalade tractor quill", kdf=keys.KdfParams.minimum()
        )
        cid = records.add_client(vault, ClientIn.from_input({"name": "Nguyễn Thị Ánh"}))
        org = records.add_org(vault, OrgIn.from_input({"name": "Division of Parole"}))
        start = date(2025, 1, 1)
        n_services, n_notes = 10 * args.pages, 3 * args.pages
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
            )
            records.add_addendum(vault, ref, "Correction: the appointment lasted 50 minutes.")
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
                }
            ),
        )
        times, pages = [], 0
        for i in range(5):
            out = Path(tmp) / f"out{i}.pdf"
            t = time.perf_counter()
            g = gate.require(
                vault, gate.ExportRequest(cid, org, ("services", "progress-notes"), purpose="p")
            )
            export_pdf(vault, g, out)
            times.append(time.perf_counter() - t)
            pages = len(pypdf.PdfReader(out).pages)
        size = out.stat().st_size / 1e6
        print(
            f"{n_services} services + {n_notes} signed notes with addenda -> {pages} pages, "
            f"{size:.1f} MB"
        )
        print(
            f"export (gate + layout + write + log): median {statistics.median(times):.2f} s, "
            f"min {min(times):.2f} s, max {max(times):.2f} s over 5 runs "
            f"({statistics.median(times) / pages * 1000:.0f} ms/page)"
        )
        vault.lock()


if __name__ == "__main__":
    main()
