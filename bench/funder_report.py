"""Funder report time against the number of clients: the program's counts and the PMT and
FVPSA tables, on synthetic vaults of 1k, 10k and 50k clients (issue 30: "reports linear").

    .venv/bin/python bench/funder_report.py [--sizes 1000,10000,50000] [--repeat 5]

Each client has 6 services over two years, intake answers, and one in ten a shelter stay;
a tenth as many anonymous contacts as clients.  Built with executemany (the API's per-entry
audit measures nothing here).  The figure is the median CPU time (process time, so that
other work on a shared machine does not count) of ``--repeat`` builds of each report for
one quarter (FVPSA: a fiscal year) on the open (warm) vault; the growth exponent is fitted between
the smallest and largest size (1.0 is linear).
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from safefile import records
from safefile.funder import entries
from safefile.reports import counts, funder
from safefile.store import keys
from safefile.store.vault import Vault

START = date(2024, 10, 1)


def build(vault: Vault, n: int, rng: random.Random) -> None:
    db = vault.db
    types = records.service_types(vault)
    entries.seed_mapping(vault)

    def day() -> str:
        return (START + timedelta(days=rng.randrange(730))).isoformat()

    with vault.transaction():
        db.executemany(
            "INSERT INTO clients (id, name, born, intake_date, created_at) "
            "VALUES (?, ?, ?, ?, 'bench')",
            ((i, f"Client {i}", f"{rng.randint(1950, 2020)}", day()) for i in range(1, n + 1)),
        )
        db.executemany(
            "INSERT INTO client_intake (client_id, gender, updated_at) VALUES (?, ?, 'b')",
            ((i, rng.choice(["female", "male", "declined"])) for i in range(1, n + 1)),
        )
        db.executemany(
            "INSERT OR IGNORE INTO client_answers VALUES (?, ?, ?)",
            (
                (i, q, rng.choice(a))
                for i in range(1, n + 1)
                for q, a in (
                    ("race-ethnicity", ["white", "black", "asian", "hispanic"]),
                    ("victimization", ["domestic-violence", "stalking", "adult-sexual-assault"]),
                    ("special", ["homeless", "lgbtq", "veteran"]),
                )
            ),
        )
        db.executemany(
            "INSERT INTO services (client_id, on_date, type, minutes, note, author, created_at) "
            "VALUES (?, ?, ?, 30, '', 'bench', 'bench')",
            ((i, day(), rng.choice(types)) for i in range(1, n + 1) for _ in range(6)),
        )
        db.executemany(
            "INSERT INTO shelter_stays (client_id, from_date, to_date, created_at) "
            "VALUES (?, ?, NULL, 'b')",
            ((i, day()) for i in range(1, n + 1, 10)),
        )
        db.executemany(
            "INSERT INTO anonymous_contacts (on_date, kind, created_at) VALUES (?, 'hotline', 'b')",
            ((day(),) for _ in range(n // 10)),
        )


def measure(
    vault: Vault, q: tuple[date, date], fy: tuple[date, date]
) -> dict[str, Callable[[], object]]:
    return {
        "program": lambda: counts.build(vault, *q),
        "pmt": lambda: funder.build(vault, "pmt", *q),
        "fvpsa": lambda: funder.build(vault, "fvpsa", *fy),
    }


def timed(fn: Callable[[], object], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        t = time.process_time()  # CPU time: a shared, loaded machine skews wall time
        fn()
        runs.append(time.process_time() - t)
    return statistics.median(runs) * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000,50000")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    q = (date(2025, 10, 1), date(2025, 12, 31))
    fy = (date(2024, 10, 1), date(2025, 9, 30))
    results: dict[str, list[float]] = {"program": [], "pmt": [], "fvpsa": []}
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            vault, _ = Vault.create(
                Path(tmp) / "b.safefile", "bench passphrase words", kdf=keys.KdfParams.minimum()
            )
            try:
                build(vault, n, random.Random(n))
                for name, fn in measure(vault, q, fy).items():
                    results[name].append(timed(fn, args.repeat))
            finally:
                vault.lock()
    print("report   " + "  ".join(f"{n:>9,}" for n in sizes) + "   growth")
    for name, ms in results.items():
        k = math.log(ms[-1] / ms[0]) / math.log(sizes[-1] / sizes[0])
        print(f"{name:8} " + "  ".join(f"{m:7.1f}ms" for m in ms) + f"   N^{k:.2f}")


if __name__ == "__main__":
    main()
