"""Opening a client's file of 1,000 entries, against plain SQLite (issue 18, row 4).

    .venv/bin/python bench/open_file.py [--clients 2000] [--entries 100000] [--pairs 51]

A vault of synthetic clients (services 60 %, progress notes 40 %, a third of the notes
joint, every fourth with two addenda) and one client with exactly 1,000 entries
(600 services, 400 notes).  Paired and interleaved (bench/_pair.py):
  * records.client_file (everything the app shows: client, services, notes with links
    and addenda, documents; plus the "file read" audit entry, committed without waiting
    on its fsync);
  * the same file without the audit write (the read path alone);
  * client_file against itself inside a durable transaction (its entry then fsynced
    at COMMIT, as every open was before issue 30: ``Vault.reading_entry``);
  * anchor: the same rows read with the same SQL from a plain SQLite copy of the
    database (made with sqlcipher_export; a bench-only file, deleted after).
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3  # the anchor only; the product never uses plain SQLite
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _pair import load_note, paired, report

from safefile import records
from safefile.records.documents import list_documents
from safefile.records.notes import list_notes
from safefile.records.services import list_services
from safefile.store import keys
from safefile.store.vault import Vault

PASS = "bench marmalade tractor quill"
TEXT = "Client attended the scheduled appointment; reviewed progress on goals. " * 3


def build(vault: Vault, n_clients: int, n_entries: int, rng: random.Random) -> int:
    db = vault.db
    start = date(2020, 1, 1)

    def day() -> str:
        return (start + timedelta(days=rng.randrange(2000))).isoformat()

    kind = records.service_types(vault)[0]
    with vault.transaction():
        db.executemany(
            "INSERT INTO clients (id, name, case_number, intake_date, created_at) "
            "VALUES (?, ?, ?, ?, 'bench')",
            ((i, f"Client {i}", f"C-{i:06d}", day()) for i in range(1, n_clients + 1)),
        )
        heavy = 1
        owners = [rng.randrange(2, n_clients + 1) for _ in range(n_entries)]
        services = [heavy] * 600 + owners[: int(n_entries * 0.6)]
        notes = [heavy] * 400 + owners[int(n_entries * 0.6) :]
        db.executemany(
            "INSERT INTO services (client_id, on_date, type, minutes, note, author, created_at)"
            " VALUES (?, ?, ?, 45, ?, 'bench', 'bench')",
            ((c, day(), kind, TEXT) for c in services),
        )
        for i, c in enumerate(notes):
            cur = db.execute(
                "INSERT INTO progress_notes (on_date, data, assessment, plan, author, "
                "created_at, updated_at) VALUES (?, ?, 'Engaged.', 'Continue.', 'bench', 'b', 'b')",
                (day(), TEXT),
            )
            nid = cur.lastrowid
            db.execute("INSERT INTO note_clients VALUES (?, ?)", (nid, c))
            if i % 3 == 0:
                other = c % n_clients + 1
                db.execute("INSERT INTO note_clients VALUES (?, ?)", (nid, other))
            if i % 4 == 0:
                db.execute(
                    "UPDATE progress_notes SET signed_by='bench', signed_at='2026-01-01', "
                    "content_hash='x' WHERE id = ?",
                    (nid,),
                )
                for k in range(2):
                    db.execute(
                        "INSERT INTO addenda (note_kind, note_id, text, author, at) "
                        "VALUES ('progress', ?, ?, 'bench', '2026-01-02')",
                        (nid, f"addendum {k}"),
                    )
    return heavy


def with_cpu(fn: Callable[[], None], cpu: list[float]) -> Callable[[], float]:
    """``fn`` timed: returns its wall seconds for ``paired`` and appends its CPU seconds
    (this process, every thread) to ``cpu``, in the same order as the wall times."""

    def timed() -> float:
        c, t = time.process_time(), time.perf_counter()
        fn()
        wall = time.perf_counter() - t
        cpu.append(time.process_time() - c)
        return wall

    return timed


PLAIN_SQL = [
    ("SELECT * FROM clients WHERE id = ?", 1),
    (
        "SELECT id, client_id, on_date, type, minutes, note, author FROM services "
        "WHERE client_id = ? ORDER BY on_date DESC, id DESC",
        1,
    ),
    (
        "SELECT n.* FROM progress_notes n JOIN note_clients nc ON nc.note_id = n.id "
        "WHERE nc.client_id = ? ORDER BY n.on_date DESC, n.id DESC",
        1,
    ),
    (
        "SELECT note_id, client_id FROM note_clients WHERE note_id IN "
        "(SELECT note_id FROM note_clients WHERE client_id = ?)",
        1,
    ),
    (
        "SELECT * FROM addenda WHERE note_kind = 'progress' AND note_id IN "
        "(SELECT note_id FROM note_clients WHERE client_id = ?)",
        1,
    ),
    ("SELECT * FROM documents WHERE client_id = ?", 1),
]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=2000)
    ap.add_argument("--entries", type=int, default=100_000)
    ap.add_argument("--pairs", type=int, default=51)
    args = ap.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp:
        path = Path(tmp) / "bench.safefile"
        vault, _ = Vault.create(path, PASS, kdf=keys.KdfParams.minimum())
        heavy = build(vault, args.clients, args.entries, rng)
        plain = Path(tmp) / "plain.db"
        vault.db.execute(f"ATTACH DATABASE '{plain}' AS plain KEY ''")
        vault.db.execute("SELECT sqlcipher_export('plain')")
        vault.db.execute("DETACH DATABASE plain")
        f = records.client_file(vault, heavy, actor=vault.actor)
        print(f"the file: {len(f.services)} services, {len(f.notes)} notes")
        conn = sqlite3.connect(plain)

        def whole() -> None:
            records.client_file(vault, heavy, actor=vault.actor)

        def whole_fsynced() -> None:  # client_file as before issue 30: the entry fsynced
            with vault.transaction():
                records.client_file(vault, heavy, actor=vault.actor)

        def read_path() -> None:
            records.get_client(vault, heavy)
            list_services(vault, heavy)
            list_notes(vault, heavy)
            list_documents(vault, heavy)

        def own_sql() -> None:
            for sql, _ in PLAIN_SQL:
                vault.db.execute(sql, (heavy,)).fetchall()

        def plain_sql() -> None:
            for sql, _ in PLAIN_SQL:
                conn.execute(sql, (heavy,)).fetchall()

        for _ in range(5):  # warm both caches
            whole()
            plain_sql()
        for label, a, b in (
            (
                "open a 1,000-entry file (client_file, with its audit write) / plain SQLite",
                whole,
                plain_sql,
            ),
            (
                "open a 1,000-entry file, read path alone (no audit write) / plain SQLite",
                read_path,
                plain_sql,
            ),
            ("the same SQL on the vault (no models) / plain SQLite", own_sql, plain_sql),
            (
                "client_file / the same with its entry fsynced (as before issue 30)",
                whole,
                whole_fsynced,
            ),
        ):
            ca: list[float] = []
            cb: list[float] = []
            r = paired(with_cpu(a, ca), with_cpu(b, cb), args.pairs)
            report(f"{label} (wall)", r)
            cpu = [x / y for x, y in zip(ca, cb, strict=True) if y > 0]
            q = sorted(r["a"])
            print(
                f"    CPU: median {statistics.median(cpu):.2f}x "
                f"(range {min(cpu):.2f}-{max(cpu):.2f}); A {statistics.median(ca) * 1e3:.2f} ms"
                f" B {statistics.median(cb) * 1e3:.2f} ms\n"
                f"    A wall p50/p95 {statistics.median(q) * 1e3:.2f} / "
                f"{q[int(len(q) * 0.95)] * 1e3:.2f} ms",
                flush=True,
            )
        conn.close()
        vault.lock()
    load_note()


if __name__ == "__main__":
    main()
