"""Kill ``staff remove`` (a re-key without the member's slot, issue 28) at random moments
around its commit point and renames, like tests/hardening/test_rebuild_kills.py does the
re-key: after each kill the remaining member's passphrase opens the vault and it checks
sound (never "damaged"), and the removed member's opens it exactly when the kill came
before the commit; the removal done again ends with them locked out.

``SAFEFILE_KILLS`` kills (small by default)."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from safefile.staff import admin
from safefile.staff.roles import Role
from safefile.store import keys
from safefile.store.vault import Vault
from tests.conftest import OTHER_PASSPHRASE, PASSPHRASE, Cli
from tests.crash import Delays, kill_during_write
from tests.format_fixtures import fill

KILLS = int(os.environ.get("SAFEFILE_KILLS", "2"))
A, B = "Test Advocate", "Bea Lopez"


def _with_b(path: Path) -> None:
    v, _ = Vault.create(path, PASSPHRASE, kdf=keys.KdfParams.minimum(), user_name=A)
    try:
        fill(v)
        admin.add_member(
            v,
            name=B,
            role=Role.ADVOCATE,
            passphrase=OTHER_PASSPHRASE,
            actor=v.actor,
            admin_passphrase=PASSPHRASE,
        )
    finally:
        v.lock()


@pytest.mark.slow
def test_killed_removals_leave_the_vault_whole(tmp_path: Path, cli: Cli) -> None:
    rng = random.Random("issue28-remove")
    delays = Delays(rng, span=0.2)
    landed = 0
    for i in range(KILLS):
        path = tmp_path / f"clinic-{i}.safefile"
        _with_b(path)
        k = kill_during_write(
            ["staff", "remove", str(path), B, "--as", A, "--passphrase-stdin"],
            "vault.json",
            PASSPHRASE + "\n",
            0.0 if i == 0 else delays.next(),  # the first at once: it lands on any machine
            fsync_delay=0.02,
        )
        assert k.began, k.err  # the removal reached its re-key
        landed += k.landed
        r = cli("check", str(path), "--as", A, "--passphrase-stdin", stdin=PASSPHRASE + "\n")
        assert r.code == 0, r.err  # the remaining member opens it, whole
        r = cli("check", str(path), "--as", B, "--passphrase-stdin", stdin=OTHER_PASSPHRASE + "\n")
        assert r.code in (0, 4), r.err  # never damaged
        delays.saw(old=r.code == 0)
        # Done again (B still listed, or already re-keyed out): B ends locked out.
        r = cli("staff", "list", str(path), "--json", "--as", A, "--passphrase-stdin",
                stdin=PASSPHRASE + "\n")  # fmt: skip
        assert r.code == 0, r.err
        if B in r.out:
            r = cli("staff", "remove", str(path), B, "--as", A, "--passphrase-stdin",
                    stdin=PASSPHRASE + "\n")  # fmt: skip
            assert r.code == 0, r.err
        r = cli("check", str(path), "--as", B, "--passphrase-stdin", stdin=OTHER_PASSPHRASE + "\n")
        assert r.code == 4
        r = cli("check", str(path), "--passphrase-stdin", stdin=PASSPHRASE + "\n")
        assert r.code == 0, r.err
    assert landed >= 1 or KILLS < 10  # (as test_rebuild_kills: a busy machine may be late)
    print(f"staff remove: {KILLS} kills, {landed} landed before the command ended")
