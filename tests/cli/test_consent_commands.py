"""``release``, ``request`` and ``log`` through the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from safefile.store.vault import Vault
from tests.conftest import PASSPHRASE, Cli, CliResult

S = PASSPHRASE + "\n"


@pytest.fixture
def v(tmp_path: Path, cli: Cli) -> str:
    path = str(tmp_path / "v.safefile")
    assert cli("init", path, "--passphrase-stdin", "--no-recovery-key", stdin=S).code == 0
    assert (
        cli("client", "add", path, "--name", "Amina", "--passphrase-stdin", stdin=S).out.strip()
        == "1"
    )
    assert (
        cli("org", "add", path, "--name", "Division of Parole", "--passphrase-stdin", stdin=S).code
        == 0
    )
    return path


def run(cli: Cli, *args: str) -> CliResult:
    return cli(*args, "--passphrase-stdin", stdin=S)


def add_release(cli: Cli, v: str, *extra: str) -> CliResult:
    return run(
        cli,
        "release",
        "add",
        v,
        "--client",
        "1",
        "--recipient",
        "1",
        "--categories",
        "attendance,services",
        "--purpose",
        "Parole compliance",
        "--signed-on",
        "2026-11-01",
        "--expires",
        "2027-01-31",
        *extra,
    )


def test_release_add_list_revoke(cli: Cli, v: str) -> None:
    r = add_release(cli, v, "--original-on-file")
    assert r.code == 0 and r.out.strip() == "1", r.err
    listing = run(cli, "release", "list", v, "--client", "1")
    assert "R-1" in listing.out and "in effect, expires in 70 days" in listing.out
    r = run(cli, "release", "revoke", v, "R-1", "--on", "2026-11-21", "--how", "orally by phone")
    assert r.code == 0, r.err
    doc = json.loads(run(cli, "release", "list", v, "--client", "1", "--json").out)
    assert doc[0]["state"] == "revoked on 2026-11-21" and doc[0]["revoked_how"] == "orally by phone"


def test_release_without_form_refused(cli: Cli, v: str) -> None:
    r = add_release(cli, v)
    assert r.code == 2  # --form or --original-on-file is required by the command line
    r = add_release(cli, v, "--form", "9")
    assert r.code == 1 and "not a document in this client's file" in r.err


def test_release_too_long_refused(cli: Cli, v: str) -> None:
    r = run(
        cli,
        "release",
        "add",
        v,
        "--client",
        "1",
        "--recipient",
        "1",
        "--categories",
        "services",
        "--purpose",
        "p",
        "--signed-on",
        "2026-11-01",
        "--expires",
        "2028-01-01",
        "--original-on-file",
    )
    assert r.code == 1 and "at most 365 days" in r.err


def test_request_and_log(cli: Cli, v: str) -> None:
    r = run(
        cli,
        "request",
        "add",
        v,
        "--client",
        "1",
        "--requester",
        "Officer Ray",
        "--organisation",
        "Division of Parole",
        "--identity-confirmed-by",
        "rang back",
        "--reason",
        "compliance",
        "--summary",
        "attendance dates",
        "--decision",
        "refused",
        "--decision-reasons",
        "no release yet",
    )
    assert r.code == 0 and r.out.startswith("D-0001-"), r.err
    out = run(cli, "log", v, "--client", "1").out
    assert "Request to us" in out and "Officer Ray" in out
    entries = json.loads(run(cli, "log", v, "--json").out)
    assert entries[0]["detail"]["decision"] == "refused"


def test_tampered_log_fails_check_with_exit_5(cli: Cli, v: str) -> None:
    run(
        cli,
        "request",
        "add",
        v,
        "--client",
        "1",
        "--requester",
        "X",
        "--identity-confirmed-by",
        "rang back",
        "--reason",
        "r",
        "--summary",
        "s",
        "--decision",
        "pending",
    )
    assert run(cli, "check", v).code == 0
    with Vault.open(Path(v), passphrase=PASSPHRASE) as vault:
        vault.settle()  # raw SQL writes wait for the background check, as every write does
        vault.db.execute("DROP TRIGGER disclosures_no_update")
        vault.db.execute("UPDATE disclosures SET actor = 'someone else'")
    r = run(cli, "check", v)
    assert r.code == 5
    assert "disclosures" in r.err
