"""``safefile log`` after a retention destruction (issue 29, F10): an incoming request
about the destroyed file is redacted; the listing shows what is left, never crashes."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from safefile.clock import FixedClock
from tests.conftest import PASSPHRASE, PRACTITIONER, Cli

S = PASSPHRASE + "\n"


def test_log_lists_a_redacted_request(tmp_path: Path, cli: Cli, clock: FixedClock) -> None:
    v = str(tmp_path / "v.safefile")

    def run(*args: str) -> str:
        r = cli(*args, "--passphrase-stdin", stdin=S)
        assert r.code == 0, (args, r.err)
        return r.out

    run("init", v, "--no-recovery-key", *PRACTITIONER)
    run("client", "add", v, "--name", "Ada Lovelace")
    run(
        "request",
        "add",
        v,
        "--client",
        "1",
        "--requester",
        "Officer Lee",
        "--identity-confirmed-by",
        "rang back",
        "--reason",
        "r",
        "--summary",
        "records asked",
        "--decision",
        "pending",
        "--received-on",
        clock.now().date().isoformat(),
    )
    run("client", "close", v, "1", "--on", clock.now().date().isoformat())
    clock.advance(timedelta(days=800))
    assert "Officer Lee" in run("log", v)
    run("retention", v, "--apply")
    out = run("log", v)
    assert "Request to us" in out and "Officer Lee" not in out
    assert json.loads(run("log", v, "--json"))
