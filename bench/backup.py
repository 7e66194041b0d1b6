"""Backup of a 1 GB vault, in-process and as the command, against `cp -r` + fsync and
`tar | age` + fsync (issue 18, row 8; issue 30, item 3).

    .venv/bin/python bench/backup.py [--gb 1.0] [--pairs 5]

The vault: the tables a real vault fills, about a fifth of the size (clients; services
and progress and process notes with their search index, through SQL in one transaction;
the audit trail's entries through ``Vault.audit``, so its hash chain is real), then 20 MB
encrypted documents (through the records API) up to the size.  Everything written while
building it is flushed (sync) before measuring, so no copy is slowed by the writeback of
the vault just built.  Paired and interleaved (bench/_pair.py), each side removing its
output; wall and CPU time of each side (CPU: this process's own for make_backup, the
children's for the command and the anchors), since the machine is shared:
  * make_backup: checkpoint, the write-locked database and the documents streamed
    through chunked AES-256-GCM into one file (writes on their own thread), fsync,
    rename (the vault opened and checked before the clock starts);
  * ``safefile backup VAULT FILE --passphrase-stdin`` as a user runs it (bytecode
    compiled once, bench/_pair.as_installed): start, imports, unlock, the check of every
    page beside the backup, the backup, its audit entry; the KDF excluded (issue 30): the
    wall and CPU time of the vault's own Argon2id, timed in a child process right after,
    are taken off;
  * `cp -r VAULT COPY` then `sync` of every copied file and folder;
  * `tar -c VAULT | age -r KEY > FILE` then `sync FILE` (Debian's age, where installed).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _pair import as_installed, load_note, paired, report

from safefile import records
from safefile.backup import make_backup
from safefile.records.models import ClientIn
from safefile.store import header, keys
from safefile.store.layout import HEADER_FILE
from safefile.store.vault import Vault

PASS = "bench marmalade tractor quill"
DAY = "2026-03-02"


def size_of(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _text(n: int) -> str:
    """Words, not random bytes: what notes look like to the search index."""
    words = os.urandom(n // 2).hex()
    return " ".join(words[i : i + 7] for i in range(0, len(words), 8))[:n]


def fill_tables(vault: Vault, scale: float) -> None:
    """Clients, services, notes (each in the search index) and audit entries: about
    200 MB of database at scale 1."""
    clients = int(20_000 * scale)
    with vault.transaction():
        db = vault.db
        db.executemany(
            "INSERT INTO clients(name, intake_date, status, contact_safe, contact_how, "
            "created_at) VALUES (?, ?, 'open', 1, 'phone', ?)",
            ((f"Client {i} {_text(20)}", DAY, DAY) for i in range(clients)),
        )
        ids = [r[0] for r in db.execute("SELECT id FROM clients")]
        kind = records.service_types(vault)[0]
        db.executemany(
            "INSERT INTO services(client_id, on_date, type, minutes, note, author, created_at) "
            "VALUES (?, ?, ?, 60, ?, 'bench', ?)",
            ((ids[i % len(ids)], DAY, kind, _text(600), DAY) for i in range(5 * clients)),
        )
        db.executemany(
            "INSERT INTO progress_notes(on_date, data, assessment, plan, author, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, 'bench', ?, ?)",
            ((DAY, _text(700), _text(150), _text(150), DAY, DAY) for _ in range(2 * clients)),
        )
        notes = [r[0] for r in db.execute("SELECT id FROM progress_notes")]
        db.executemany(
            "INSERT INTO note_clients(note_id, client_id) VALUES (?, ?)",
            ((n, ids[i % len(ids)]) for i, n in enumerate(notes)),
        )
        db.executemany(
            "INSERT INTO process_notes(client_id, on_date, data, assessment, plan, author, "
            "created_at, updated_at) VALUES (?, ?, ?, '', '', 'bench', ?, ?)",
            ((ids[i % len(ids)], DAY, _text(700), DAY, DAY) for i in range(clients)),
        )
        for i in range(5 * clients):
            vault.audit(
                "client file opened", ids[i % len(ids)], reason=_text(40), actor=vault.actor
            )


def build(root: Path, gb: float) -> Path:
    path = root / "big.safefile"
    vault, _ = Vault.create(path, PASS, kdf=keys.KdfParams.minimum())
    fill_tables(vault, gb)
    vault.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    database = size_of(path)
    cid = records.add_client(
        vault, ClientIn.from_input({"name": "Bench Client"}), actor=vault.actor
    )
    i = 0
    while size_of(path) < gb * 1e9:
        records.attach(
            vault, cid, os.urandom(20 * 1024 * 1024), title=f"scan {i}", actor=vault.actor
        )
        i += 1
    vault.lock()
    print(
        f"vault: {size_of(path) / 1e9:.2f} GB ({database / 1e6:.0f} MB of database rows, "
        f"{i} documents of 20 MB)"
    )
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


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _own_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)  # every thread of this process
    return r.ru_utime + r.ru_stime


class Timed:
    """One side of a pair: wall seconds returned to ``paired``, CPU seconds kept."""

    def __init__(self, run: Callable[[], tuple[float, float]]) -> None:
        self.run = run
        self.cpu: list[float] = []

    def __call__(self) -> float:
        wall, cpu = self.run()
        self.cpu.append(cpu)
        return wall


def both(label: str, a: Timed, b: Timed, pairs: int) -> None:
    wall = paired(a, b, pairs)
    report(f"{label} (wall)", wall)
    cpu = {"a": a.cpu, "b": b.cpu, "ratios": [x / y for x, y in zip(a.cpu, b.cpu, strict=True)]}
    report(f"{label} (CPU)", cpu)
    a.cpu.clear()
    b.cpu.clear()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gb", type=float, default=1.0)
    ap.add_argument("--pairs", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp:
        root = Path(tmp)
        path = build(root, args.gb)
        out = root / "b.sfbackup"
        env = as_installed()

        def backup() -> tuple[float, float]:
            with Vault.open(path, passphrase=PASS) as vault:
                vault.settle()
                c, t = _own_cpu(), time.perf_counter()
                make_backup(vault, out)
                took, cpu = time.perf_counter() - t, _own_cpu() - c
            remove(out)
            return took, cpu

        kdf = header.read(path / HEADER_FILE).kdf.model_dump_json()
        derive = (
            "import sys, time; from safefile.store import keys; "
            "p = keys.KdfParams.model_validate_json(sys.argv[1]); "
            "c, t = time.process_time(), time.perf_counter(); keys.derive_key('x', p); "
            "print(time.perf_counter() - t, time.process_time() - c)"
        )

        def kdf_alone() -> tuple[float, float]:
            got = subprocess.run(
                [sys.executable, "-c", derive, kdf], env=env, check=True, capture_output=True
            )
            wall, cpu = got.stdout.split()
            return float(wall), float(cpu)

        def command() -> tuple[float, float]:
            c, t = _children_cpu(), time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "safefile", "backup", str(path), str(out)]
                + ["--passphrase-stdin"],
                input=PASS + "\n",
                text=True,
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
            took, cpu = time.perf_counter() - t, _children_cpu() - c
            remove(out)
            kdf_wall, kdf_cpu = kdf_alone()
            return took - kdf_wall, cpu - kdf_cpu

        def cp() -> tuple[float, float]:
            c, t = _children_cpu(), time.perf_counter()
            subprocess.run(["cp", "-r", str(path), str(root / "copy")], check=True)
            sync_tree(root / "copy")
            took, cpu = time.perf_counter() - t, _children_cpu() - c
            remove(root / "copy")
            return took, cpu

        both("backup / cp -r + fsync", Timed(backup), Timed(cp), args.pairs)
        both(
            "safefile backup (command, KDF excluded) / cp -r + fsync",
            Timed(command),
            Timed(cp),
            args.pairs,
        )
        keyed = age_key(root)
        if keyed:

            def age() -> tuple[float, float]:
                c, t = _children_cpu(), time.perf_counter()
                tar_age(path, root / "b.age", keyed[1])
                took, cpu = time.perf_counter() - t, _children_cpu() - c
                remove(root / "b.age")
                return took, cpu

            both("backup / tar | age + fsync", Timed(backup), Timed(age), args.pairs)
    load_note()


if __name__ == "__main__":
    main()
