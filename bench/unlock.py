"""How long unlocking takes: Argon2id alone, and the whole open-to-ready time.

    .venv/bin/python bench/unlock.py [--mb 200]

Measured with time.perf_counter around real calls on this machine, median of
several runs. "Open-to-ready" is Vault.open: read the key file, Argon2id, unwrap
the data key, key SQLCipher, verify every page's HMAC (cipher_integrity_check)
and the structure (quick_check), migrate if needed, write the audit entry.
The filler vault is made of rows of random text so pages cannot compress.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from safefile.store import keys
from safefile.store.vault import DB_FILE, Vault

PASS = "bench marmalade tractor quill"


def timed(fn, runs: int) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=int, default=200, help="size of the filled vault")
    args = ap.parse_args()
    print(f"machine: {os.cpu_count()} cores")

    t = time.perf_counter()
    params = keys.calibrate()
    print(
        f"calibration took {time.perf_counter() - t:.2f} s -> "
        f"memory {params.memory_kib // 1024} MiB, {params.time_cost} passes, "
        f"{params.parallelism} lanes"
    )
    for label, p in (("floor (RFC 9106 #2)", keys.KdfParams.minimum()), ("calibrated", params)):
        runs = timed(lambda p=p: keys.derive_key(PASS, p), 5)
        print(
            f"Argon2id {label}: median {statistics.median(runs):.3f} s "
            f"(min {min(runs):.3f}, max {max(runs):.3f}, 5 runs)"
        )

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.safefile"
        vault, _ = Vault.create(path, PASS, kdf=params)
        vault.lock()
        runs = timed(lambda: Vault.open(path, passphrase=PASS).lock(), 5)
        print(f"open-to-ready, empty vault: median {statistics.median(runs):.3f} s")

        vault = Vault.open(path, passphrase=PASS)
        row = os.urandom(3000).hex()  # 6 kB of incompressible text
        n = args.mb * 1024 * 1024 // len(row)
        with vault.transaction():
            vault.db.executemany(
                "INSERT INTO meta(key, value) VALUES (?, ?)", ((f"fill{i}", row) for i in range(n))
            )
        vault.lock()
        size = (path / DB_FILE).stat().st_size / 1e6
        runs = timed(lambda: Vault.open(path, passphrase=PASS).lock(), 3)
        med = statistics.median(runs)
        kdf = statistics.median(timed(lambda: keys.derive_key(PASS, params), 3))
        print(
            f"open-to-ready, {size:.0f} MB vault: median {med:.3f} s "
            f"(of which Argon2id ~{kdf:.3f} s)"
        )


if __name__ == "__main__":
    main()
