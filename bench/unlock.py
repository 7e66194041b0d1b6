"""Open-to-ready against the KDF alone, at any size (issue 18, row 1).

    .venv/bin/python bench/unlock.py [--mb 150 500] [--pairs 7]

"Open-to-ready" is Vault.open (read the key file, Argon2id, unwrap the data key, key
SQLCipher, start the background check of every page, check the vault id) plus the
first page of the client list (records.list_clients, 50 rows): the moment the list is
usable.  The anchor is keys.derive_key alone with the same (calibrated) parameters.
Paired and interleaved (bench/_pair.py).  Also printed: when the background check
finished, measured from the start of the open (writes wait until then).
The filler rows are random text, so pages cannot compress.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _pair import load_note, paired, report

from safefile import records
from safefile.records.models import ClientIn
from safefile.store import keys
from safefile.store.layout import DB_FILE
from safefile.store.vault import Vault

PASS = "bench marmalade tractor quill"


def filled_vault(folder: Path, mb: int, params: keys.KdfParams) -> Path:
    path = folder / f"bench-{mb}.safefile"
    vault, _ = Vault.create(path, PASS, kdf=params)
    row = os.urandom(3000).hex()  # 6 kB of incompressible text
    n = mb * 1024 * 1024 // len(row)
    with vault.transaction():
        # Filler in a table the security seal does not read (store/seal.py): a real
        # vault's bulk is notes and documents, not the few rows the opening digests.
        vault.db.executemany(
            "INSERT INTO tombstones(token, kind, destroyed_on) VALUES (?, 'file', ?)",
            ((f"fill{i}", row) for i in range(n)),
        )
        for i in range(200):
            records.add_client(
                vault, ClientIn.from_input({"name": f"Client {i}"}), actor=vault.actor
            )
    vault.lock()
    return path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=int, nargs="+", default=[150, 500])
    ap.add_argument("--pairs", type=int, default=7)
    ap.add_argument("--passes", type=int, help="Argon2id passes (default: calibrated)")
    args = ap.parse_args()
    params = keys.calibrate()
    if args.passes:
        params = params.model_copy(update={"time_cost": args.passes})
    print(
        f"Argon2id: {params.memory_kib // 1024} MiB, {params.time_cost} passes, "
        f"{params.parallelism} lanes"
    )
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp:
        for mb in args.mb:
            path = filled_vault(Path(tmp), mb, params)
            size = (path / DB_FILE).stat().st_size / 1e6
            settled: list[float] = []

            def open_to_ready(path: Path = path, settled: list[float] = settled) -> float:
                t = time.perf_counter()
                vault = Vault.open(path, passphrase=PASS)
                records.list_clients(vault, limit=50)
                ready = time.perf_counter() - t
                vault.settle()
                settled.append(time.perf_counter() - t)
                vault.lock()
                return ready

            def kdf_alone() -> None:
                keys.derive_key(PASS, params)

            result = paired(open_to_ready, kdf_alone, args.pairs)
            report(f"open-to-ready, {size:.0f} MB database / KDF alone", result)
            print(
                f"    background check done {statistics.median(settled) * 1e3:.0f} ms after "
                f"the open began (median; writes wait for it)"
            )
    load_note()


if __name__ == "__main__":
    main()
