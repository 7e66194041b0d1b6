"""Retention's cost against the size of the vault: destroying 100 closed files in vaults
of 1,000, 10,000 and 50,000 clients (issue 30's growth row).

    .venv/bin/python bench/retention.py [--sizes 1000 10000 50000] [--files 100]

Each vault is built with executemany (bench/records.py's builder: ten services and
notes a client on average), then 100 clients are closed four years before the clock's
day, and ``destroy.apply(plan.due(vault))`` runs once; the CPU time of this process
(time.process_time, so the machine's other load counts little) and the wall time are
printed, with the ratio of each size's CPU time to the smallest's. Linear in what it
destroys means the ratio stays near 1 (target: within 1.5x from 1k to 50k clients).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _pair import load_note

from records import build
from safefile.clock import FixedClock
from safefile.retention import destroy, plan
from safefile.store import keys
from safefile.store.layout import DB_FILE
from safefile.store.vault import Vault


def one(n_clients: int, n_files: int) -> tuple[float, float, float]:
    rng = random.Random(11)
    clock = FixedClock(datetime.fromisoformat("2026-12-01T10:00:00"))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.safefile"
        vault, _ = Vault.create(
            path, "bench marmalade tractor quill", kdf=keys.KdfParams.minimum(), clock=clock
        )
        build(vault, n_clients, 5000 + n_clients * 10, rng)  # ten a client, and the heavy one
        doomed = rng.sample(range(2, n_clients + 1), n_files)
        with vault.transaction():
            vault.db.executemany(
                "UPDATE clients SET status = 'closed', closed_on = ? WHERE id = ?",
                [(date(2022, 1, 10).isoformat(), c) for c in doomed],
            )
        size = (path / DB_FILE).stat().st_size / 1e6
        due = plan.due(vault)
        assert len(due.files) == n_files, len(due.files)
        cpu, wall = time.process_time(), time.perf_counter()
        destroy.apply(vault, due, actor=vault.actor)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        vault.lock()
        return cpu, wall, size


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 50_000])
    ap.add_argument("--files", type=int, default=100)
    args = ap.parse_args()
    first = None
    for n in args.sizes:
        cpu, wall, size = one(n, args.files)
        first = first or cpu
        print(
            f"{n:>6} clients ({size:.0f} MB): destroy {args.files} files "
            f"CPU {cpu:.2f} s, wall {wall:.2f} s; CPU {cpu / first:.2f}x the smallest",
            flush=True,
        )
    load_note()


if __name__ == "__main__":
    main()
