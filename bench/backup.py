"""Backup of a 1 GB vault, against `cp -r` + fsync and `tar | age` + fsync
(issue 18, row 8).

    .venv/bin/python bench/backup.py [--gb 1.0] [--pairs 5]

The vault: ~200 MB of database rows and 20 MB encrypted documents (attached through
the records API) up to the size.  Everything written while building it is flushed
(sync) before measuring, so no copy is slowed by the writeback of the vault just
built.  Paired and interleaved (bench/_pair.py), each side removing its output:
  * make_backup: checkpoint, the write-locked database and the documents streamed
    through chunked AES-256-GCM into one file, fsync, rename;
  * `cp -r VAULT COPY` then `sync` of every copied file and folder;
  * `tar -c VAULT | age -r KEY > FILE` then `sync FILE` (Debian's age, where installed).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _pair import load_note, paired, report

from safefile import records
from safefile.backup import make_backup
from safefile.records.models import ClientIn
from safefile.store import keys
from safefile.store.vault import Vault

PASS = "bench marmalade tractor quill"


def size_of(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def build(root: Path, gb: float) -> Path:
    path = root / "big.safefile"
    vault, _ = Vault.create(path, PASS, kdf=keys.KdfParams.minimum())
    cid = records.add_client(vault, ClientIn.from_input({"name": "Bench Client"}))
    row = os.urandom(3000).hex()
    with vault.transaction():
        vault.db.executemany(  # (a table the security seal does not read: store/seal.py)
            "INSERT INTO tombstones(token, kind, destroyed_on) VALUES (?, 'file', ?)",
            ((f"f{i}", row) for i in range(200 * 1024 * 1024 // len(row))),
        )
    vault.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    i = 0
    while size_of(path) < gb * 1e9:
        records.attach(vault, cid, os.urandom(20 * 1024 * 1024), title=f"scan {i}")
        i += 1
    vault.lock()
    print(f"vault: {size_of(path) / 1e9:.2f} GB ({i} documents of 20 MB + database)")
    os.sync()
    return path


def sync_tree(path: Path) -> None:
    paths = [str(p) for p in path.rglob("*")] + [str(path)] if path.is_dir() else [str(path)]
    subprocess.run(["sync", *paths], check=True)


def remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)
    os.sync()


def age_key(root: Path) -> tuple[Path, str] | None:
    if not shutil.which("age") or not shutil.which("age-keygen"):
        print("age is not installed (apt-get install age): that anchor is skipped")
        return None
    key = root / "age.key"
    subprocess.run(["age-keygen", "-o", str(key)], check=True, capture_output=True)
    recipient = subprocess.run(
        ["age-keygen", "-y", str(key)], check=True, capture_output=True, text=True
    ).stdout.strip()
    return key, recipient


def tar_age(src: Path, dest: Path, recipient: str) -> None:
    subprocess.run(
        f"tar -C '{src.parent}' -cf - '{src.name}' | age -r {recipient} > '{dest}'",
        shell=True,
        check=True,
    )
    sync_tree(dest)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gb", type=float, default=1.0)
    ap.add_argument("--pairs", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp:
        root = Path(tmp)
        path = build(root, args.gb)
        out = root / "b.sfbackup"

        def backup() -> float:
            with Vault.open(path, passphrase=PASS) as vault:
                vault.settle()
                t = time.perf_counter()
                make_backup(vault, out)
                took = time.perf_counter() - t
            remove(out)
            return took

        def cp() -> float:
            t = time.perf_counter()
            subprocess.run(["cp", "-r", str(path), str(root / "copy")], check=True)
            sync_tree(root / "copy")
            took = time.perf_counter() - t
            remove(root / "copy")
            return took

        report("backup / cp -r + fsync", paired(backup, cp, args.pairs), 1, "s")
        keyed = age_key(root)
        if keyed:

            def age() -> float:
                t = time.perf_counter()
                tar_age(path, root / "b.age", keyed[1])
                took = time.perf_counter() - t
                remove(root / "b.age")
                return took

            report("backup / tar | age + fsync", paired(backup, age, args.pairs), 1, "s")
    load_note()


if __name__ == "__main__":
    main()
