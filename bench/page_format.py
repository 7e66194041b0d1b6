"""The two page formats side by side: the integrity check and cold reads (issue 18, item 2).

    .venv/bin/python bench/page_format.py [--mb 100] [--rounds 5]

One database of random-text rows (pages cannot compress) is written in format 1
(SQLCipher 4's defaults: 4 KiB pages, HMAC-SHA512) and rebuilt into format 2
(16 KiB pages, HMAC-SHA256) with the same ``sqlcipher_export`` the product uses
(store/rebuild.py).  Then, interleaved A/B for ``--rounds`` rounds, each on a fresh
connection with an empty page cache (the OS cache is warm for both, so this measures
the HMAC and decryption work, not the disk):

* ``cipher_integrity_check``: every page's HMAC (run at every open before 18.1);
* a cold scan: ``SELECT sum(length(body))`` over every row;
* cold point reads: 2,000 random rows by primary key.

Prints the median and range of each, and the ratio format 2 / format 1 taken round by
round.  Figures in docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from safefile.store import database

KEY = bytearray(os.urandom(32))


def build(path: Path, mb: int) -> int:
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    conn = database.connect(path, KEY, create=True, page_format=database.LEGACY_PAGE_FORMAT)
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)")
    rows = mb * 1024 // 2  # ~2 KiB a row
    conn.execute("BEGIN")
    for i in range(rows):
        conn.execute("INSERT INTO t(id, body) VALUES (?, ?)", (i, os.urandom(768).hex()[:2000]))
    conn.execute("COMMIT")
    conn.close()
    return rows


def export(src: Path, dest: Path) -> None:
    os.close(os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    conn = database.connect(src, KEY, page_format=database.LEGACY_PAGE_FORMAT)
    conn.execute(f"ATTACH DATABASE ? AS rebuilt KEY \"x'{KEY.hex()}'\"", (str(dest),))
    for pragma in database.page_format_pragmas(database.PAGE_FORMAT, "rebuilt"):
        conn.execute(pragma)
    conn.execute("SELECT sqlcipher_export('rebuilt')")
    conn.execute(f"PRAGMA rebuilt.application_id = {database.APPLICATION_ID}")
    conn.execute("DETACH DATABASE rebuilt")
    conn.close()


def fresh(path: Path, fmt: int) -> Any:
    return database.connect(path, KEY, page_format=fmt)


def timed(fn: Callable[[], object]) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=int, default=100)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        a, b = Path(tmp) / "format1.db", Path(tmp) / "format2.db"
        rows = build(a, args.mb)
        export(a, b)
        print(
            f"{rows} rows; format 1 {a.stat().st_size / 1e6:.0f} MB, "
            f"format 2 {b.stat().st_size / 1e6:.0f} MB; {os.cpu_count()} cores"
        )
        ids = random.Random(1).sample(range(rows), 2000)
        tests: dict[str, Callable[[Any], object]] = {
            "integrity check": lambda c: c.execute("PRAGMA cipher_integrity_check").fetchall(),
            "cold scan": lambda c: c.execute("SELECT sum(length(body)) FROM t").fetchone(),
            "cold point reads": lambda c: [
                c.execute("SELECT body FROM t WHERE id = ?", (i,)).fetchone() for i in ids
            ],
        }
        for name, fn in tests.items():
            times: dict[int, list[float]] = {1: [], 2: []}
            for _ in range(args.rounds):
                for fmt, path in ((1, a), (2, b)):
                    conn = fresh(path, fmt)
                    times[fmt].append(timed(partial(fn, conn)))
                    conn.close()
            ratios = [t2 / t1 for t1, t2 in zip(times[1], times[2], strict=True)]
            mb = args.mb
            print(
                f"{name:17}: format 1 median {statistics.median(times[1]) * 1000:7.1f} ms "
                f"({statistics.median(times[1]) * 1000 / mb:.2f} ms/MB), format 2 "
                f"{statistics.median(times[2]) * 1000:7.1f} ms "
                f"({statistics.median(times[2]) * 1000 / mb:.2f} ms/MB); ratio 2/1 median "
                f"{statistics.median(ratios):.2f} (range {min(ratios):.2f}-{max(ratios):.2f})"
            )


if __name__ == "__main__":
    main()
