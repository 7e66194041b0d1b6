"""Retention's cost against the size of the vault: destroying 100 closed files in vaults
of 1,000, 10,000 and 50,000 clients (issue 30's growth row).

    .venv/bin/python bench/retention.py [--sizes 1000 10000 50000] [--files 100]

Each vault is built with executemany (bench/records.py's builder: ten services and
notes a client on average), then 100 clients are closed four years before the clock's
day, and ``destroy.apply(plan.due(vault))`` runs once; the CPU time of this process
(time.process_time, so the machine's other load counts little) and the wall time are
printed, with the ratio of each size's CPU time to the smallest's. Linear in what it
destroys means the ratio stays near 1 (target: within 1.5x from 1k to 50k clients).

Also printed: the CPU time of the full check of the sealed state that a destruction
makes first (``Vault.check_seal``, timed by wrapping it; linear in the sealed rows, by
design), the rest, and the pages the destruction's transaction wrote (the WAL's frames
at its COMMIT, the WAL emptied just before), with the rest's time per page written.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _pair import load_note

from records import build
from safefile.clock import FixedClock
from safefile.retention import destroy, plan
from safefile.store import keys
from safefile.store.layout import DB_FILE
from safefile.store.vault import Vault


class Run(NamedTuple):
    cpu: float
    wall: float
    size_mb: float
    seal_cpu: float
    pages: int


def one(n_clients: int, n_files: int) -> Run:
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
        seal_cpu = 0.0
        check = vault.check_seal

        def timed_check(*args: Any, **kwargs: Any) -> Any:
            nonlocal seal_cpu
            t = time.process_time()
            try:
                return check(*args, **kwargs)
            finally:
                seal_cpu += time.process_time() - t

        vault.check_seal = timed_check  # type: ignore[method-assign]
        page_size = int(vault.db.execute("PRAGMA page_size").fetchone()[0])
        wal = path / (DB_FILE + "-wal")
        frames = 0
        real_compact = destroy.compact

        def counted_compact(v: Vault) -> None:  # after the COMMIT and the seal file's update
            nonlocal frames
            frames = (wal.stat().st_size - 32) // (page_size + 24)
            real_compact(v)

        destroy.compact = counted_compact  # type: ignore[assignment]
        vault.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        try:
            cpu, wall = time.process_time(), time.perf_counter()
            destroy.apply(vault, due, actor=vault.actor)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        finally:
            destroy.compact = real_compact
        vault.lock()
        return Run(cpu, wall, size, seal_cpu, frames)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 50_000])
    ap.add_argument("--files", type=int, default=100)
    args = ap.parse_args()
    first: float | None = None
    first_seal = 0.0
    for n in args.sizes:
        r = one(n, args.files)
        if first is None:
            first, first_seal = r.cpu, r.seal_cpu
        rest = r.cpu - r.seal_cpu
        print(
            f"{n:>6} clients ({r.size_mb:.0f} MB): destroy {args.files} files "
            f"CPU {r.cpu:.3f} s, wall {r.wall:.3f} s; CPU {r.cpu / first:.2f}x the smallest; "
            f"of which the seal's check {r.seal_cpu:.3f} s and the rest {rest:.3f} s "
            f"({rest / (first - first_seal):.2f}x the smallest's rest); {r.pages} pages "
            f"written, {rest / max(r.pages, 1) * 1e6:.0f} us of the rest a page",
            flush=True,
        )
    load_note()


if __name__ == "__main__":
    main()
