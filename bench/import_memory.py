"""Peak memory of importing a 1,000,000-row spreadsheet (issue 29: target < 300 MB).

    .venv/bin/python bench/import_memory.py [--rows 1000000]

Writes a CSV like the one in the issue (about 42 MB: Windows-1252, semicolons, three
rows a client, one service a row), then runs ``safefile import`` on it in a
child process (a dry run, then the import) and prints the child's peak resident memory
(``ru_maxrss``) and its time. The files live in a private temporary folder removed at
the end. Before issue 29 the 1,000,000-row file (42 MB) peaked at 1.7 GB.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from import_csv import PASS

CHILD = """
import sys
from pathlib import Path
from safefile.importer import load
from safefile.store import keys
from safefile.store.vault import Vault
vault, _ = Vault.create(Path(sys.argv[1]), sys.argv[3], kdf=keys.KdfParams.minimum())
with vault:
    r = load.import_csv(
        vault, Path(sys.argv[2]), dry_run=sys.argv[4] == "dry", actor=vault.actor
    )
print(r.clients, r.services)
"""


TYPES = ["Hotline call", "Intake", "Advocacy: legal", "Case management"]


def make_csv(path: Path, rows: int) -> None:
    with path.open("wb") as fh:
        fh.write(b"name;alias;born;case_number;service_date;service_type;minutes\r\n")
        for i in range(rows):
            c = i // 3
            day = f"2025-{(i % 12) + 1:02d}-{(i % 28) + 1:02d}"
            line = f"Zoé {c};;;K{c};{day};{TYPES[i % 2]};{30 + i % 60}\r\n"
            fh.write(line.encode("cp1252"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_DIR")) as tmp:
        csv_file = Path(tmp) / "big.csv"
        make_csv(csv_file, args.rows)
        print(f"rows: {args.rows:,} ({csv_file.stat().st_size / 1e6:.1f} MB)")
        for mode in ("dry", "import"):
            vault = Path(tmp) / f"{mode}.safefile"
            start = time.perf_counter()
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            out = subprocess.run(
                [sys.executable, "-c", CHILD, str(vault), str(csv_file), PASS, mode],
                check=False,
                capture_output=True,
                text=True,
            )
            if out.returncode:
                sys.exit(out.stderr)
            peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            took = time.perf_counter() - start
            note = "" if peak_kib > before else " (at most; an earlier child peaked higher)"
            print(
                f"{mode:7s} {int(out.stdout.split()[0]):,} clients, "
                f"{int(out.stdout.split()[1]):,} services: "
                f"peak RSS {peak_kib / 1024:.0f} MB{note}, {took:.1f} s"
            )


if __name__ == "__main__":
    main()
