"""Why the database settings in store/database.py are what they are.

    .venv/bin/python bench/sqlcipher_settings.py

Builds one table of 200,000 rows (~100 MB) in plain SQLite and in SQLCipher,
then times a full scan and 20,000 random point reads with a cold connection,
for SQLCipher's default 8 MiB page cache and for 128 MiB, and with
cipher_memory_security off and on. Median of 3 runs, time.perf_counter.
"""

from __future__ import annotations

import os
import random
import sqlite3  # only to compare against plain SQLite; the product never uses it
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlcipher3 import dbapi2 as sqlcipher

ROWS = 200_000
KEY = os.urandom(32).hex()


def build(conn, path: Path) -> None:  # type: ignore[no-untyped-def]
    conn.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT, b TEXT)")
    rnd = random.Random(1)
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO t VALUES (?, ?, ?)",
        ((i, f"name {rnd.random()}", os.urandom(200).hex()) for i in range(ROWS)),
    )
    conn.execute("COMMIT")
    conn.close()


def workload(conn) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    conn.execute("SELECT count(*), sum(length(b)) FROM t").fetchone()
    conn.execute("SELECT count(*), sum(length(b)) FROM t").fetchone()  # warm, cache-bound
    scan = time.perf_counter() - t
    rnd = random.Random(2)
    t = time.perf_counter()
    for _ in range(20_000):
        conn.execute("SELECT a, b FROM t WHERE id = ?", (rnd.randrange(ROWS),)).fetchone()
    return scan, time.perf_counter() - t


def cipher_conn(path: Path, cache_kib: int | None, memsec: bool):  # type: ignore[no-untyped-def]
    c = sqlcipher.connect(str(path), isolation_level=None)
    c.execute(f"PRAGMA key = \"x'{KEY}'\"")
    c.execute(f"PRAGMA cipher_memory_security = {'ON' if memsec else 'OFF'}")
    if cache_kib:
        c.execute(f"PRAGMA cache_size = -{cache_kib}")
    return c


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        plain, enc = Path(tmp) / "plain.db", Path(tmp) / "enc.db"
        build(sqlite3.connect(plain, isolation_level=None), plain)
        build(cipher_conn(enc, None, False), enc)
        print(
            f"{ROWS} rows: plain {plain.stat().st_size / 1e6:.0f} MB, "
            f"sqlcipher {enc.stat().st_size / 1e6:.0f} MB"
        )
        cases: dict[str, Callable[[], Any]] = {
            "plain SQLite, 128 MiB cache": lambda: _plain(plain),
            "SQLCipher, default cache (8 MiB)": lambda: cipher_conn(enc, None, False),
            "SQLCipher, 128 MiB cache": lambda: cipher_conn(enc, 128 * 1024, False),
            "SQLCipher, 128 MiB, memory security ON": lambda: cipher_conn(enc, 128 * 1024, True),
        }
        for label, make in cases.items():
            scans, reads = [], []
            for _ in range(3):
                c = make()
                s, r = workload(c)
                c.close()
                scans.append(s)
                reads.append(r)
            print(
                f"{label:42s} 2 scans {statistics.median(scans):.3f} s   "
                f"20k point reads {statistics.median(reads):.3f} s"
            )


def _plain(path: Path):  # type: ignore[no-untyped-def]
    c = sqlite3.connect(path, isolation_level=None)
    c.execute("PRAGMA cache_size = -131072")
    return c


if __name__ == "__main__":
    main()
