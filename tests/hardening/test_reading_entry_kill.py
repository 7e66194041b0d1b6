"""A process killed right after it showed a client's file (whose "file read" entry was
committed without waiting on its fsync, ``Vault.reading_entry``) leaves the vault whole:
it opens, every page and chain checks, and the entry is there (issue 30 item 2)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from safefile import records
from safefile.records.models import ClientIn
from safefile.store import checkup
from safefile.store.vault import Vault
from tests.conftest import PASSPHRASE

CHILD = """
import sys, time
from safefile import records
from safefile.store.vault import Vault
v = Vault.open(sys.argv[1], passphrase=sys.argv[2])
f = records.client_file(v, int(sys.argv[3]), actor=v.actor)
print(f.client.name, flush=True)
time.sleep(120)
"""


def test_killed_after_showing_a_file_leaves_the_vault_whole_with_its_entry(
    vault: Vault, vault_path: Path
) -> None:
    client = records.add_client(
        vault,
        ClientIn.from_input({"name": "Amina Diallo", "case_number": "DV-001"}),
        actor=vault.actor,
    )
    vault.lock()
    for _ in range(2):  # the second opening reads after the first one's kill
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(vault_path), PASSPHRASE, str(client)],
            stdout=subprocess.PIPE,
            env={**os.environ, "SAFEFILE_TEST_FAST_KDF": "1"},
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == b"Amina Diallo"  # shown: now kill it
        child.send_signal(signal.SIGKILL)
        assert child.wait(30) == -signal.SIGKILL
        child.stdout.close()
    v = Vault.open(vault_path, passphrase=PASSPHRASE)
    try:
        v.settle()
        report = checkup.check(v)
        assert report.ok, report.problems
        reads = v.db.execute(
            "SELECT count(*) FROM audit WHERE event = 'file read' AND client_id = ?", (client,)
        ).fetchone()[0]
        assert reads == 2
    finally:
        v.lock()
