"""Backup and restore throughput against `cp` for a vault of at least 1 GB.

    .venv/bin/python bench/backup.py [--gb 1.0]

Builds a vault whose database holds ~200 MB of rows and whose documents folder
holds the rest as 20 MB encrypted documents (attached through the records API),
then times, with time.perf_counter and the page cache warm for all three:
`cp -r` of the vault folder, make_backup (checkpoint, then the locked database
file and the documents streamed through chunked AES-256-GCM, fsync, rename),
and restore_backup (authenticate, write, open and check). Throughput is the
vault's size on disk divided by the time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from safefile import records
from safefile.backup import make_backup, restore_backup
from safefile.records.models import ClientIn
from safefile.store import keys
from safefile.store.vault import Vault

PASS = "bench marmalade tractor quill"


def size_of(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gb", type=float, default=1.0)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_DIR")) as tmp:
        root = Path(tmp)
        path = root / "big.safefile"
        vault, _ = Vault.create(path, PASS, kdf=keys.KdfParams.minimum())
        cid = records.add_client(vault, ClientIn.from_input({"name": "Bench Client"}))
        row = os.urandom(3000).hex()
        with vault.transaction():
            vault.db.executemany(
                "INSERT INTO meta(key, value) VALUES (?, ?)",
                ((f"f{i}", row) for i in range(200 * 1024 * 1024 // len(row))),
            )
        target = int(args.gb * 1e9)
        vault.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        i = 0
        while size_of(path) < target:
            records.attach(vault, cid, os.urandom(20 * 1024 * 1024), title=f"scan {i}")
            i += 1
        vault.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        total = size_of(path)
        print(f"vault: {total / 1e9:.2f} GB ({i} documents of 20 MB + database)")

        t = time.perf_counter()
        subprocess.run(["cp", "-r", str(path), str(root / "copy")], check=True)
        cp = time.perf_counter() - t
        shutil.rmtree(root / "copy")

        t = time.perf_counter()
        make_backup(vault, root / "b.sfbackup")
        bk = time.perf_counter() - t
        vault.lock()

        t = time.perf_counter()
        restore_backup(root / "b.sfbackup", root / "restored.safefile", passphrase=PASS)
        rs = time.perf_counter() - t

        mb = total / 1e6
        print(f"cp -r:   {cp:6.2f} s  {mb / cp:7.0f} MB/s")
        print(f"backup:  {bk:6.2f} s  {mb / bk:7.0f} MB/s  ({bk / cp:.2f} x cp)")
        print(
            f"restore: {rs:6.2f} s  {mb / rs:7.0f} MB/s  ({rs / cp:.2f} x cp; includes the "
            "Argon2id unlock, every page's HMAC and every document's check)"
        )


if __name__ == "__main__":
    main()
