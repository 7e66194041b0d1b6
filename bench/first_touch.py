"""The first read of each page after unlock, against plain SQLite (issue 18, row 2).

    .venv/bin/python bench/first_touch.py [--mb 150] [--pairs 7] [--cpu]

The same rows in the vault's database and in a plain SQLite copy of it (made with
sqlcipher_export into an unencrypted file, a bench-only file that is deleted after).
A: Vault.open, wait for the background check (so it does not share the processor),
then a full scan and 2,000 point reads by key on the vault's own connection, whose
page cache is cold: every page is decrypted and its HMAC checked once.
B: a fresh plain SQLite connection, same statements.  Both with the OS cache warm.
Then the two ways issue 30 asks about for the first views to hit memory, each against
the vault as it is: a page cache twice as large, and every page read in order on a
connection of its own first (as the background check's connection would, after its
check).  ``--cpu`` times the reading thread's CPU instead of the wall (a shared machine).
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3  # the anchor only; the product never uses plain SQLite
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _pair import load_note, paired, report
from unlock import PASS, filled_vault

from safefile.store import database, keys
from safefile.store.layout import DB_FILE
from safefile.store.vault import Vault

# bench/unlock.py's filler sits in tombstones (a table the seal does not read).
SCAN = "SELECT count(*), sum(length(destroyed_on)) FROM tombstones"
POINT = "SELECT destroyed_on FROM tombstones WHERE token = ?"


CLOCK = time.perf_counter  # --cpu: time.thread_time (this thread's CPU, check excluded)


def work(conn, keys_: list[str]) -> float:  # type: ignore[no-untyped-def]
    t = CLOCK()
    conn.execute(SCAN).fetchone()
    for k in keys_:
        conn.execute(POINT, (k,)).fetchone()
    return CLOCK() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=int, default=150)
    ap.add_argument("--pairs", type=int, default=7)
    ap.add_argument("--cpu", action="store_true", help="CPU time of the reads, not wall")
    args = ap.parse_args()
    global CLOCK
    if args.cpu:
        CLOCK = time.thread_time
    params = keys.KdfParams.minimum()
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp:
        path = filled_vault(Path(tmp), args.mb, params)
        plain = Path(tmp) / "plain.db"
        with Vault.open(path, passphrase=PASS) as v:
            v.settle()
            n = v.db.execute("SELECT count(*) FROM tombstones").fetchone()[0]
            v.db.execute(f"ATTACH DATABASE '{plain}' AS plain KEY ''")
            v.db.execute("SELECT sqlcipher_export('plain')")
            v.db.execute("DETACH DATABASE plain")
        rng = random.Random(3)
        picks = [f"fill{rng.randrange(n - 300)}" for _ in range(2000)]

        def vault_reads() -> float:
            v = Vault.open(path, passphrase=PASS)
            v.settle()
            took = work(v.db, picks)
            v.lock()
            return took

        def larger_cache() -> float:
            kib = database.CACHE_KIB
            database.CACHE_KIB = 2 * kib
            try:
                return vault_reads()
            finally:
                database.CACHE_KIB = kib

        def read_ahead_elsewhere() -> float:
            """Every page read first on a connection of its own, as the background
            check's would read them in order after its check: SQLite's page cache is
            the connection's, so the vault's connection decrypts each page again."""
            v = Vault.open(path, passphrase=PASS)
            v.settle()
            with v.keyring.lend() as key:
                other = database.connect(v.path / DB_FILE, key, readonly=True)
            other.execute("PRAGMA cache_size = -262144")
            other.execute(SCAN).fetchone()
            other.close()
            took = work(v.db, picks)
            v.lock()
            return took

        def plain_reads() -> float:
            conn = sqlite3.connect(plain)
            took = work(conn, picks)
            conn.close()
            return took

        report(
            "first touch after unlock (scan + 2,000 point reads) / plain SQLite",
            paired(vault_reads, plain_reads, args.pairs),
        )
        report(
            "first touch with a page cache twice as large / as configured",
            paired(larger_cache, vault_reads, args.pairs),
        )
        report(
            "first touch after every page was read on another connection / without",
            paired(read_ahead_elsewhere, vault_reads, args.pairs),
        )
    load_note()


if __name__ == "__main__":
    main()
