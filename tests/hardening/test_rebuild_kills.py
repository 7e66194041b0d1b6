"""Kill re-key, a new recovery key and the page upgrade at random moments around their
commit point and renames (issue 29 acceptance): after each kill, every read-only command
succeeds with exactly one of the old and new secrets, and none says "damaged".

``SAFEFILE_KILLS`` kills of each kind (small by default; the acceptance run used 34 of
each: 102 kills)."""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import pytest

from tests.conftest import OTHER_PASSPHRASE, PASSPHRASE, Cli
from tests.crash import Delays, kill_during_write
from tests.format_fixtures import make_legacy_vault
from tests.hardening.test_rebuild_between_renames import _made, opens_with_exactly_one

KILLS = int(os.environ.get("SAFEFILE_KILLS", "2"))
S = PASSPHRASE + "\n"


def _kill(args: list[str], stdin: str, delays: Delays) -> bool:
    """Kill the command just after its staging key file begins: around the commit and the
    renames. Whether the kill landed before the process ended."""
    k = kill_during_write(args, "vault.json", stdin, delays.next(), fsync_delay=0.02)
    return k.landed


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["rekey", "recovery-key", "upgrade"])
def test_killed_rebuilds_leave_every_reader_working(tmp_path: Path, cli: Cli, kind: str) -> None:
    rng = random.Random(f"issue29-{kind}")
    delays = Delays(rng, span=0.2)
    landed = 0
    if kind == "upgrade":
        template = tmp_path / "template.safefile"
        make_legacy_vault(template)
    else:
        path, recovery = _made(tmp_path)
    current, other = PASSPHRASE, OTHER_PASSPHRASE
    for i in range(KILLS):
        if kind == "rekey":
            landed += _kill(
                ["passwd", str(path), "--rekey", "--passphrase-stdin"],
                f"{current}\n{other}\n",
                delays,
            )
            secrets = [("--passphrase-stdin", current), ("--passphrase-stdin", other)]
            got = opens_with_exactly_one(cli, path, tmp_path, secrets)
            delays.saw(old=got == current)
            if got == other:
                current, other = other, current
        elif kind == "recovery-key":
            landed += _kill(["recovery-key", str(path), "--passphrase-stdin"], S, delays)
            # The new recovery key is printed only at the end: the passphrase opens either
            # way, and the old recovery key opens exactly when the kill came before the commit.
            secrets = [("--passphrase-stdin", PASSPHRASE)]
            opens_with_exactly_one(cli, path, tmp_path, secrets)
            r = cli("check", str(path), "--recovery-key-stdin", stdin=recovery + "\n")
            assert r.code in (0, 4), r.err
            delays.saw(old=r.code == 0)
            if r.code == 4:  # committed: a known recovery key again for the next round
                r = cli("recovery-key", str(path), "--passphrase-stdin", stdin=S)
                assert r.code == 0, r.err
                recovery = next(
                    ln.removeprefix("Recovery key: ")
                    for ln in r.out.splitlines()
                    if ln.startswith("Recovery key: ")
                )
        else:
            path = tmp_path / f"old-{i}.safefile"
            shutil.copytree(template, path)
            landed += _kill(
                ["org", "add", str(path), "--name", "County Court", "--passphrase-stdin"],
                S,
                delays,
            )
            opens_with_exactly_one(cli, path, tmp_path, [("--passphrase-stdin", PASSPHRASE)])
            shutil.rmtree(path)
        for b in tmp_path.glob("*.sfbackup"):
            b.unlink()
    # Whether a kill lands before the command ends depends on the machine's speed: only
    # the long run (SAFEFILE_KILLS=34 or so) can count on some landing; every kill, landed
    # or not, was followed by the checks above.
    assert landed >= 1 or KILLS < 10
    print(f"{kind}: {KILLS} kills, {landed} landed before the command ended")
