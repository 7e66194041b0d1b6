"""Restore of a 1 GB vault, against `age -d | tar -x` + fsync and `cp -r` + fsync
(issue 18, row 3).

    .venv/bin/python bench/restore.py [--gb 1.0] [--pairs 5]

The vault of bench/backup.py, backed up once (make_backup) and once with
`tar | age`.  Paired and interleaved (bench/_pair.py), each side removing its output:
  * restore_backup: Argon2id at the floor (the backup's key file), authenticate every
    chunk, write and fsync every file and folder, check each document as it streams,
    open the restored vault and check every page's HMAC (once) and the chains, record
    the restore, rename into place;
  * `age -d -i KEY FILE | tar -x` then `sync` of every file and folder written
    (Debian's age, where installed);
  * `cp -r VAULT COPY` then `sync` of every copied file and folder.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _pair import load_note, paired, report

from backup import PASS, age_key, build, remove, sync_tree, tar_age
from safefile.backup import make_backup, restore_backup
from safefile.store.vault import Vault


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gb", type=float, default=1.0)
    ap.add_argument("--pairs", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp:
        root = Path(tmp)
        path = build(root, args.gb)
        backup = root / "b.sfbackup"
        with Vault.open(path, passphrase=PASS) as vault:
            make_backup(vault, backup)
        os.sync()

        def restore() -> float:
            t = time.perf_counter()
            restore_backup(backup, root / "restored.safefile", passphrase=PASS)
            took = time.perf_counter() - t
            remove(root / "restored.safefile")
            return took

        def cp() -> float:
            t = time.perf_counter()
            subprocess.run(["cp", "-r", str(path), str(root / "copy")], check=True)
            sync_tree(root / "copy")
            took = time.perf_counter() - t
            remove(root / "copy")
            return took

        keyed = age_key(root)
        if keyed:
            tar_age(path, root / "b.age", keyed[1])
            os.sync()

            def age() -> float:
                out = root / "untarred"
                out.mkdir()
                t = time.perf_counter()
                subprocess.run(
                    f"age -d -i '{keyed[0]}' '{root / 'b.age'}' | tar -C '{out}' -xf -",
                    shell=True,
                    check=True,
                )
                sync_tree(out)
                took = time.perf_counter() - t
                remove(out)
                return took

            report("restore / age -d | tar -x + fsync", paired(restore, age, args.pairs), 1, "s")
        report("restore / cp -r + fsync", paired(restore, cp, args.pairs), 1, "s")
    load_note()


if __name__ == "__main__":
    main()
