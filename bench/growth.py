"""How each everyday operation grows with the vault: 1,000, 10,000 and 50,000 clients
(issue 30, Build 7: the growth table in docs/performance.md).

    .venv/bin/python bench/growth.py [--sizes 1000 10000 50000] [--repeat 3]

The vaults are built once and kept under /tmp/safefile-bench-growth/ (never in git;
``--rebuild`` makes them again): bench/records.py's builder (ten services and notes a
client on average, and one heavy client of 5,000 entries), the fast KDF, the intake
answers and a shelter stay in ten as bench/funder_report.py's. Then, size by size in
turn (the sizes interleaved, ``--repeat`` rounds, so the machine's other load falls on
each size alike), the CPU time of this process (time.process_time) and the wall time of:

  * unlock: ``Vault.open`` with the passphrase until the background whole-file check has
    settled (the KDF is the test minimum, so what is measured is everything else);
  * search: ``records.list_clients(search=..., limit=50)`` + ``count_clients``, 20 prefixes;
  * open: ``records.client_file`` of a typical client (its audit entry included), 20 files;
  * report: the program's counts for one quarter (``reports.counts.build``);
  * seal check: ``Vault.check_seal``, what every gate decision and destruction adds (the
    sealed state read whole, against the seal);
  * add a client: ``records.add_client`` five times (a write to a sealed table: the
    security seal moves with the row it adds), on a fresh copy of the vault;
  * retention: ``destroy.apply`` on 100 closed files, on that copy;
  * backup: ``backup.make_backup`` of the vault to /tmp (written, fsynced, then removed).

Medians over the rounds are printed, with each size's ratio to the smallest's.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _pair import load_note
from funder_report import START

from records import FIRST, LAST, build
from safefile import records
from safefile.backup import make_backup
from safefile.clock import FixedClock
from safefile.funder import entries
from safefile.records.models import ClientIn
from safefile.reports import counts
from safefile.retention import destroy, plan
from safefile.store import keys
from safefile.store.layout import DB_FILE
from safefile.store.vault import Vault

PASS = "bench marmalade tractor quill"
CACHE = Path(tempfile.gettempdir()) / "safefile-bench-growth"
CLOCK = FixedClock(datetime.fromisoformat("2026-12-01T10:00:00"))
FILES = 100  # closed files destroyed by retention
OPS = ("unlock", "search", "open", "report", "seal check", "add client", "retention", "backup")


def vault_of(n: int, rebuild: bool) -> Path:
    """The cached vault of ``n`` clients, built the first time."""
    path = CACHE / f"{n}.safefile"
    done = CACHE / f"{n}.done"
    if done.is_file() and not rebuild:
        return path
    shutil.rmtree(path, ignore_errors=True)
    CACHE.mkdir(mode=0o700, exist_ok=True)
    rng = random.Random(n)
    t = time.perf_counter()
    vault, _ = Vault.create(path, PASS, kdf=keys.KdfParams.minimum(), clock=CLOCK)
    build(vault, n, 5000 + n * 10, rng)
    entries.seed_mapping(vault)

    def day() -> str:
        return START.fromordinal(START.toordinal() + rng.randrange(730)).isoformat()

    doomed = rng.sample(range(2, n + 1), FILES)
    with vault.transaction():
        vault.db.executemany(
            "INSERT INTO client_intake (client_id, gender, updated_at) VALUES (?, ?, 'b')",
            ((i, rng.choice(["female", "male", "declined"])) for i in range(1, n + 1)),
        )
        vault.db.executemany(
            "INSERT INTO shelter_stays (client_id, from_date, to_date, created_at) "
            "VALUES (?, ?, NULL, 'b')",
            ((i, day()) for i in range(1, n + 1, 10)),
        )
        vault.db.executemany(
            "UPDATE clients SET status = 'closed', closed_on = ? WHERE id = ?",
            [(date(2022, 1, 10).isoformat(), c) for c in doomed],
        )
    vault.lock()
    done.write_text("built\n")
    size = (path / DB_FILE).stat().st_size / 1e6
    print(f"built {n:,} clients ({size:.0f} MB) in {time.perf_counter() - t:.0f} s", flush=True)
    return path


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    fn()
    return time.process_time() - cpu, time.perf_counter() - wall


def round_of(path: Path, n: int, rng: random.Random, tmp: Path) -> dict[str, tuple[float, float]]:
    got: dict[str, tuple[float, float]] = {}
    opened: list[Vault] = []

    def unlock() -> None:
        vault = Vault.open(path, passphrase=PASS, clock=CLOCK)
        vault.settle()
        opened.append(vault)

    got["unlock"] = timed(unlock)
    vault = opened[0]
    try:
        prefixes = [rng.choice(FIRST + LAST)[: rng.randint(1, 4)] for _ in range(20)]

        def search() -> None:
            for q in prefixes:
                records.list_clients(vault, search=q, limit=50)
                records.count_clients(vault, search=q)

        got["search"] = timed(search)
        ids = [rng.randrange(2, n + 1) for _ in range(20)]
        got["open"] = timed(lambda: [records.client_file(vault, c, actor=vault.actor) for c in ids])
        got["report"] = timed(lambda: counts.build(vault, date(2024, 10, 1), date(2024, 12, 31)))
        got["seal check"] = timed(vault.check_seal)
        out = tmp / "growth.backup"
        got["backup"] = timed(lambda: make_backup(vault, out))
        out.unlink()
    finally:
        vault.lock()
    copy = tmp / "copy.safefile"
    shutil.copytree(path, copy)
    try:
        doomed = Vault.open(copy, passphrase=PASS, clock=CLOCK)
        try:
            doomed.settle()

            def add() -> None:
                for i in range(5):
                    person = ClientIn.from_input({"name": f"Growth Person {i}"})
                    records.add_client(doomed, person, actor=doomed.actor)

            got["add client"] = timed(add)
            due = plan.due(doomed)
            assert len(due.files) == FILES, len(due.files)
            got["retention"] = timed(lambda: destroy.apply(doomed, due, actor=doomed.actor))
        finally:
            doomed.lock()
    finally:
        shutil.rmtree(copy)
    return got


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 50_000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--rebuild", action="store_true")
    args = ap.parse_args()
    paths = {n: vault_of(n, args.rebuild) for n in args.sizes}
    runs: dict[tuple[int, str], list[tuple[float, float]]] = {}
    rng = random.Random(3)
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.repeat):
            order = args.sizes if r % 2 == 0 else args.sizes[::-1]
            for n in order:
                for op, t in round_of(paths[n], n, rng, Path(tmp)).items():
                    runs.setdefault((n, op), []).append(t)
            print(f"round {r + 1} of {args.repeat} done", flush=True)
    head = "".join(f" | {n:,} clients" for n in args.sizes)
    print(f"\nCPU time, median of {args.repeat} (wall in brackets); ratio to {args.sizes[0]:,}")
    print(f"| operation{head} |")
    print("|" + " --- |" * (len(args.sizes) + 1))
    for op in OPS:
        cpu = {n: statistics.median(c for c, _ in runs[n, op]) for n in args.sizes}
        wall = {n: statistics.median(w for _, w in runs[n, op]) for n in args.sizes}
        cells = "".join(
            f" | {cpu[n] * 1e3:.0f} ms ({wall[n] * 1e3:.0f}); {cpu[n] / cpu[args.sizes[0]]:.2f}x"
            for n in args.sizes
        )
        print(f"| {op}{cells} |", flush=True)
    for n in args.sizes:
        print(f"{n:,} clients: database {(paths[n] / DB_FILE).stat().st_size / 1e6:.0f} MB")
    load_note()


if __name__ == "__main__":
    main()
