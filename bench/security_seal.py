"""What the sealed security state costs (issue 22, Build 8; store/seal.py).

    .venv/bin/python bench/security_seal.py [--clients 200 2000] [--repeat 21]

A vault of a small program: N clients, two releases each (one revoked), a restriction
for every fifth, a legal hold for every tenth, an own-copy request for every fourth,
30 organisations.  Printed, median (and slowest) of ``--repeat`` runs, in ms:

* digest: the keyed digest of every sealed row (``seal.state_digest``);
* indexes: the sealed tables' index check (``seal.indexes_agree``);
* at unlock: both, and the seal file (``seal.verify``): added to every opening;
* per gate decision: ``Vault.check_seal`` (the digest and the index check, made where
  every decision is recorded, consent/log.py);
* a whole write (an audit entry; the commit's fsync included) that changes nothing
  sealed (one row read at its start and one before its commit), and one that does (a
  restriction added: its rows' MACs added to the seal, the seal and its file written).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "src"))

from safefile.store import keys, seal
from safefile.store.vault import Vault

PASS = "bench marmalade tractor quill"


def build(folder: Path, n: int) -> Vault:
    vault, _ = Vault.create(folder / f"seal-{n}.safefile", PASS, kdf=keys.KdfParams.minimum())
    now = "2026-11-22T10:00:00+00:00"
    with vault.transaction() as db:
        for i in range(30):
            db.execute(
                "INSERT INTO orgs (name, phone, created_at) VALUES (?, ?, ?)",
                (f"Organisation {i}", "555-0100", now),
            )
        for i in range(n):
            cid = db.execute(
                "INSERT INTO clients (name, born, intake_date, created_at) VALUES (?, ?, ?, ?)",
                (f"Client {i}", "1990-01-01", "2026-01-05", now),
            ).lastrowid
            for k in range(2):
                db.execute(
                    "INSERT INTO releases (client_id, recipient_org_id, categories, purpose, "
                    "direction, effective_on, expires_on, signed_on, signer_name, "
                    "signer_capacity, witness, original_on_file, created_at, revoked_on) "
                    "VALUES (?, ?, '[\"attendance\"]', 'Coordination', 'release', "
                    "'2026-11-01', '2027-11-01', '2026-11-01', ?, 'client', 'Staff', 1, ?, ?)",
                    (cid, 1 + (i + k) % 30, f"Client {i}", now, "2026-11-10" if k else None),
                )
            if i % 5 == 0:
                db.execute(
                    "INSERT INTO restrictions (client_id, person, reason, added_by, added_at) "
                    "VALUES (?, 'Someone Else', 'protective order', 'Staff', ?)",
                    (cid, now),
                )
            if i % 10 == 0:
                db.execute(
                    "INSERT INTO legal_holds (client_id, reason, placed_on, placed_by) "
                    "VALUES (?, 'subpoena', '2026-11-01', 'Staff')",
                    (cid,),
                )
            if i % 4 == 0:
                db.execute(
                    "INSERT INTO own_copy_requests (client_id, received_on, "
                    "identity_checked_by, due_on, created_at, recorded_by) "
                    "VALUES (?, '2026-11-01', 'photo ID', '2026-12-01', ?, 'Staff')",
                    (cid, now),
                )
    return vault


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - t) * 1000)
    return statistics.median(runs), max(runs)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, nargs="+", default=[200, 2000])
    ap.add_argument("--repeat", type=int, default=21)
    args = ap.parse_args()
    print(f"{'clients':>8} {'sealed rows':>12}  " + "  ".join(f"{h:>22}" for h in HEADS))
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.clients:
            vault = build(Path(tmp), n)
            try:
                row(vault, n, args.repeat)
            finally:
                vault.lock()


HEADS = (
    "digest",
    "indexes",
    "at unlock",
    "per gate decision",
    "write (nothing sealed)",
    "write (restriction)",
)


def row(vault: Vault, n: int, repeat: int) -> None:
    db, key, vid = vault.db, vault.key_for(seal.PURPOSE), vault.header.vault_id
    rows = sum(int(db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in seal.SEALED)
    figures = [
        timed(lambda: seal.state_digest(db, key), repeat),
        timed(lambda: seal.indexes_agree(db), repeat),
        timed(lambda: seal.verify(db, key, vid, vault.path), repeat),
        timed(vault.check_seal, repeat),
        timed(lambda: vault.audit("bench entry", actor=vault.actor), repeat),
    ]
    counter = iter(range(10**6))

    def restrict() -> None:
        with vault.transaction() as tx:
            tx.execute(
                "INSERT INTO restrictions (client_id, person, reason, added_by, added_at) "
                "VALUES (1, ?, 'bench', 'Staff', ?)",
                (f"Person {next(counter)}", date.today().isoformat()),
            )

    figures.append(timed(restrict, repeat))
    cells = "  ".join(f"{f'{m:.1f} (≤{w:.1f})':>22}" for m, w in figures)
    print(f"{n:>8} {rows:>12}  {cells}")


if __name__ == "__main__":
    main()
