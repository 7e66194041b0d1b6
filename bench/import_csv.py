"""Importing a 10,000-row spreadsheet (CSV) into a vault.

    .venv/bin/python bench/import_csv.py [--rows 10000]

Writes a Windows-1252, semicolon-separated CSV as Excel does in much of Europe
(one service a row, two or three rows per client, a quoted separator every 50
rows), then times with time.perf_counter: reading and decoding the file,
validating every row, and writing all clients and services in one transaction.
Also runs a file whose last row has a bad date, to time the refusal (nothing
written). The file lives in a private temporary folder removed at the end.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from safefile.importer import load, reading
from safefile.store import keys
from safefile.store.vault import Vault

PASS = "bench marmalade tractor quill"
TYPES = ["Hotline call", "Intake", "Advocacy: legal", "Case management"]


def make_csv(path: Path, rows: int, bad_last: bool = False) -> None:
    lines = ["name;alias;born;case_number;service_date;service_type;minutes"]
    for i in range(rows):
        client = i // 3
        day = f"2025-{(i % 12) + 1:02d}-{(i % 28) + 1:02d}"
        if bad_last and i == rows - 1:
            day = "2025-02-30"
        alias = '"two; parts"' if i % 50 == 0 and i % 3 == 0 else ""
        lines.append(
            f"Zoé Lefèvre {client};{alias};1980-01-01;K-{client};{day};{TYPES[i % 4]};{30 + i % 60}"
        )
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=10_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_DIR")) as tmp:
        good, bad = Path(tmp) / "good.csv", Path(tmp) / "bad.csv"
        make_csv(good, args.rows)
        make_csv(bad, args.rows, bad_last=True)
        vault, _ = Vault.create(Path(tmp) / "v.safefile", PASS, kdf=keys.KdfParams.minimum())
        with vault:
            r0 = time.perf_counter()
            try:
                load.import_csv(vault, bad, actor=vault.actor)
            except Exception as exc:
                refused = exc
            r1 = time.perf_counter()
            t0 = time.perf_counter()
            table = reading.read(good)  # the encoding found; the rows are streamed
            t1 = time.perf_counter()
            plan = load.validate(vault, table)
            t2 = time.perf_counter()
            clients, services = load.write(vault, plan, actor=vault.actor)
            t3 = time.perf_counter()
        print(f"rows: {args.rows:,} ({good.stat().st_size / 1e6:.2f} MB, {table.encoding})")
        print(f"read and decode:  {(t1 - t0) * 1000:8.0f} ms")
        print(f"validate:         {(t2 - t1) * 1000:8.0f} ms")
        print(
            f"write (1 txn):    {(t3 - t2) * 1000:8.0f} ms  ({clients:,} clients, {services:,} services)"
        )
        print(
            f"total import:     {(t3 - t0) * 1000:8.0f} ms  ({args.rows / (t3 - t0):,.0f} rows/s)"
        )
        print(f"refused (bad last row): {(r1 - r0) * 1000:8.0f} ms  {str(refused).splitlines()[1]}")


if __name__ == "__main__":
    main()
