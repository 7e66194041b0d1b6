"""Export time of a 100-page record with the program seal against without it (issue 25).

    .venv/bin/python bench/seal.py [--pages 100] [--pairs 7]

The record of bench/export.py (services and signed progress notes with addenda, about
100 A4 pages, under a release).  A: the whole export as shipped (gate decision,
gathering, layout, pypdf finish, the seal, atomic write, digest and log).  B: the same
with the seal step (``exporter._sealed_last``) replaced by returning the bytes as they
are, which is the export as it was before issue 25.  Paired and interleaved
(bench/_pair.py); target A/B <= 1.15.  Then the seal alone, on those bytes, and its
check (``seal.check_pdf``), in milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from functools import partial
from pathlib import Path

import pypdf

sys.path.insert(0, str(Path(__file__).parent))
from _pair import load_note, paired, report

from safefile import records
from safefile.consent import gate, releases
from safefile.consent.grants import Grant
from safefile.consent.releases import STATEMENTS, ReleaseIn
from safefile.export import exporter, seal
from safefile.export.exporter import export_pdf
from safefile.records.models import ClientIn, NoteIn, OrgIn, ServiceIn
from safefile.store import keys
from safefile.store.vault import Vault

TEXT = (
    "Client attended the scheduled appointment and reviewed progress on the goals set at "
    "intake, including housing applications and the employment workshop schedule. "
)


def fill(vault: Vault, pages: int) -> tuple[int, int]:
    cid = records.add_client(
        vault, ClientIn.from_input({"name": "Nguyễn Thị Ánh"}), actor=vault.actor
    )
    org = records.add_org(
        vault, OrgIn.from_input({"name": "Division of Parole"}), actor=vault.actor
    )
    start = date(2025, 1, 1)
    for i in range(10 * pages):
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
    for i in range(3 * pages):
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
    return cid, org


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=100)
    ap.add_argument("--pairs", type=int, default=7)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        vault, _ = Vault.create(
            Path(tmp) / "b.safefile", "bench marmalade tractor quill", kdf=keys.KdfParams.minimum()
        )
        vault.set_meta("program_name", "Bench Program")
        cid, org = fill(vault, args.pages)
        seal.ensure(vault, actor=vault.actor)
        sealed_last = exporter._sealed_last
        runs = [0]

        def export(with_seal: bool) -> None:
            exporter._sealed_last = (
                sealed_last if with_seal else (lambda vault, g, data, password: data)
            )
            runs[0] += 1
            out = Path(tmp) / f"out{runs[0]}.pdf"
            g = gate.require(
                vault,
                gate.ExportRequest(cid, org, ("services", "progress-notes"), purpose="p"),
                actor=vault.actor,
            )
            export_pdf(vault, g, out, actor=vault.actor)
            out.unlink()

        export(True)  # warm: fonts, pyHanko's imports
        export(False)
        result = paired(partial(export, True), partial(export, False), args.pairs)
        exporter._sealed_last = sealed_last

        g = gate.require(
            vault,
            gate.ExportRequest(cid, org, ("services", "progress-notes"), purpose="p"),
            actor=vault.actor,
        )
        out = Path(tmp) / "kept.pdf"
        unsealed: list[bytes] = []

        def keep(vault: Vault, g: Grant, data: bytes, password: str | None) -> bytes:
            unsealed.append(data)
            return sealed_last(vault, g, data, password)

        exporter._sealed_last = keep
        export_pdf(vault, g, out, actor=vault.actor)
        exporter._sealed_last = sealed_last
        data, sealed = unsealed[0], out.read_bytes()
        pages = len(pypdf.PdfReader(out).pages)
        print(
            f"{pages} pages, {len(data) / 1e6:.2f} MB before the seal, {len(sealed) / 1e6:.2f} MB after"
        )
        report("export with the seal / without (A/B, target <= 1.15)", result, 1, "s")
        signs, checks = [], []
        for _ in range(5):
            t = time.perf_counter()
            seal.seal_pdf(vault, data, "D-0001-BENCH")
            signs.append(time.perf_counter() - t)
            t = time.perf_counter()
            assert seal.check_pdf(vault, sealed).ok
            checks.append(time.perf_counter() - t)
        print(
            f"the seal alone: median {statistics.median(signs) * 1e3:.0f} ms; "
            f"its check: median {statistics.median(checks) * 1e3:.0f} ms (5 runs each)"
        )
        load_note()
        vault.lock()


if __name__ == "__main__":
    main()
