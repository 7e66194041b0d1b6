"""Search and open-a-file latency on a synthetic vault of 10,000 clients and 500,000 entries.

    .venv/bin/python bench/records.py [--clients 10000] [--entries 500000]

The vault is built with executemany in a few transactions (the API's per-entry
audit would take hours at this size and measures nothing we need); entries are
services (60 %) and progress notes (40 %) spread over the clients, plus one
"heavy" client with 5,000 entries. Latency is time.perf_counter around the real
API calls (records.list_clients with a search as the user types, limit 50;
records.client_file), median and p95 over 200 calls, on the open vault (warm).
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from safefile import records
from safefile.store import keys
from safefile.store.layout import DB_FILE
from safefile.store.vault import Vault

FIRST = [
    "Amina",
    "Maria",
    "Nguyễn",
    "Olga",
    "Sarah",
    "Fatima",
    "Li",
    "Ana",
    "Grace",
    "Zoe",
    "Mohammed",
    "John",
    "Aisha",
    "Elena",
    "Rosa",
    "Chen",
    "Priya",
    "Leila",
    "Ines",
    "Ruth",
]
LAST = [
    "Diallo",
    "Lopez",
    "Thị Ánh",
    "Petrova",
    "Cohen",
    "Haddad",
    "Wang",
    "Silva",
    "Okafor",
    "Smith",
    "Khan",
    "Garcia",
    "Novak",
    "Rossi",
    "Kim",
    "Patel",
    "Moreau",
    "Ivanova",
]


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))]


def build(vault: Vault, n_clients: int, n_entries: int, rng: random.Random) -> int:
    db = vault.db
    start = date(2020, 1, 1)
    types = records.service_types(vault)
    with vault.transaction():
        db.executemany(
            "INSERT INTO clients (id, name, alias, case_number, intake_date, created_at) "
            "VALUES (?, ?, ?, ?, ?, 'bench')",
            (
                (
                    i,
                    f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}",
                    None,
                    f"C-{i:06d}",
                    (start + timedelta(days=rng.randrange(2000))).isoformat(),
                )
                for i in range(1, n_clients + 1)
            ),
        )
    heavy = 1
    owners = [heavy] * 5000 + [rng.randrange(1, n_clients + 1) for _ in range(n_entries - 5000)]
    n_services = int(len(owners) * 0.6)
    text = "Client attended the scheduled appointment; reviewed progress on goals. " * 3
    with vault.transaction():
        db.executemany(
            "INSERT INTO services (client_id, on_date, type, minutes, note, author, created_at) "
            "VALUES (?, ?, ?, 45, ?, 'bench', 'bench')",
            (
                (
                    c,
                    (start + timedelta(days=rng.randrange(2000))).isoformat(),
                    rng.choice(types),
                    text,
                )
                for c in owners[:n_services]
            ),
        )
    with vault.transaction():
        for c in owners[n_services:]:
            cur = db.execute(
                "INSERT INTO progress_notes (on_date, data, assessment, plan, author, created_at, "
                "updated_at) VALUES (?, ?, 'Engaged.', 'Continue.', 'bench', 'b', 'b')",
                ((start + timedelta(days=rng.randrange(2000))).isoformat(), text),
            )
            db.execute("INSERT INTO note_clients VALUES (?, ?)", (cur.lastrowid, c))
    return heavy


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=10_000)
    ap.add_argument("--entries", type=int, default=500_000)
    args = ap.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.safefile"
        vault, _ = Vault.create(path, "bench marmalade tractor quill", kdf=keys.KdfParams.minimum())
        t = time.perf_counter()
        heavy = build(vault, args.clients, args.entries, rng)
        print(
            f"built {args.clients} clients and {args.entries} entries in "
            f"{time.perf_counter() - t:.1f} s; database {(path / DB_FILE).stat().st_size / 1e6:.0f} MB"
        )

        prefixes = [w[:n] for w in FIRST + LAST for n in (1, 2, 3, 5)]
        lat = []
        for q in (rng.choice(prefixes) for _ in range(200)):
            t = time.perf_counter()
            records.list_clients(vault, search=q, limit=50)
            records.count_clients(vault, search=q)
            lat.append(time.perf_counter() - t)
        print(
            f"search as you type (list 50 + count), 200 queries: median "
            f"{statistics.median(lat) * 1000:.1f} ms, p95 {pct(lat, 0.95) * 1000:.1f} ms"
        )

        lat = []
        for _ in range(200):
            t = time.perf_counter()
            records.list_clients(vault, limit=50, offset=rng.randrange(9000))
            lat.append(time.perf_counter() - t)
        print(
            f"list page of 50 at a random offset: median {statistics.median(lat) * 1000:.1f} ms, "
            f"p95 {pct(lat, 0.95) * 1000:.1f} ms"
        )

        lat = []
        for cid in (rng.randrange(2, args.clients + 1) for _ in range(200)):
            t = time.perf_counter()
            f = records.client_file(vault, cid, actor=vault.actor)
            lat.append(time.perf_counter() - t)
        print(
            f"open a typical file (~{len(f.services) + len(f.notes)} entries): median "
            f"{statistics.median(lat) * 1000:.1f} ms, p95 {pct(lat, 0.95) * 1000:.1f} ms"
        )

        lat = []
        for _ in range(10):
            t = time.perf_counter()
            f = records.client_file(vault, heavy, actor=vault.actor)
            lat.append(time.perf_counter() - t)
        print(
            f"open a heavy file ({len(f.services) + len(f.notes)} entries): median "
            f"{statistics.median(lat) * 1000:.0f} ms, p95 {pct(lat, 0.95) * 1000:.0f} ms (10 runs)"
        )
        vault.lock()


if __name__ == "__main__":
    main()
