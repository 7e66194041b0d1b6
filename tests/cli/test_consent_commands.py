"""``release``, ``request`` and ``log`` through the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from safefile.store.vault import Vault
from tests.conftest import PASSPHRASE, TOLD, Built, Cli, CliResult, init_with_clients

S = PASSPHRASE + "\n"


@pytest.fixture
def v(tmp_path: Path, cli: Cli, built: Built) -> str:
    def build(at: Path) -> None:
        path = init_with_clients(cli, at, "Amina")
        assert (
            cli(
                "org", "add", path, "--name", "Division of Parole", "--passphrase-stdin", stdin=S
            ).code
            == 0
        )

    return str(built(tmp_path / "v.safefile", build))


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
        "--told",
        TOLD,
        *extra,
    )


def test_release_add_list_revoke(cli: Cli, v: str) -> None:
    r = add_release(cli, v, "--original-on-file")  # without saying why: refused
    assert r.code == 1 and "--original-reason" in r.err and "without the printed form" in r.err
    r = add_release(cli, v, "--form", "1", "--original-reason", "home visit")
    assert r.code == 1 and "only with the paper original on file" in r.err
    assert json.loads(run(cli, "release", "list", v, "--client", "1", "--json").out) == []
    why = "signed at a home visit, before the printed form existed"
    r = add_release(cli, v, "--original-on-file", "--original-reason", why)
    assert r.code == 0 and r.out.strip() == "1", r.err
    listing = run(cli, "release", "list", v, "--client", "1")
    assert "R-1" in listing.out and "in effect, expires in 70 days" in listing.out
    assert f"why: {why}" in listing.out and "without a printed form" in listing.out
    doc = json.loads(run(cli, "release", "list", v, "--client", "1", "--json").out)
    assert doc[0]["original_reason"] == why
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
        "--original-reason",
        "signed at a home visit",
        "--told",
        TOLD,
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
    """A change to the record of sharing made outside SafeFile: the opening finds the
    sealed state changed (store/seal.py) before the chain's own check would name it."""
    run(
        cli,
        "request",
        "add",
        v,
        *("--client", "1", "--requester", "X", "--identity-confirmed-by", "rang back"),
        *("--reason", "r", "--summary", "s", "--decision", "pending"),
    )
    assert run(cli, "check", v).code == 0
    with Vault.open(Path(v), passphrase=PASSPHRASE) as vault:
        vault.settle()  # raw SQL writes wait for the background check, as every write does
        vault.db.execute("DROP TRIGGER disclosures_no_update")
        vault.db.execute("UPDATE disclosures SET actor = 'someone else'")
    r = run(cli, "check", v)
    assert r.code == 5
    assert "damaged or has been changed" in r.err


# --- second round: who may consent, and to what (docs/cli.md) ----------------------------


def test_release_needs_every_statement_told(cli: Cli, v: str) -> None:
    r = run(
        cli,
        "release",
        "add",
        v,
        *("--client", "1", "--recipient", "1", "--categories", "services"),
        *("--purpose", "p", "--signed-on", "2026-11-01", "--expires", "2027-01-31"),
        *("--original-on-file", "--original-reason", "home visit", "--told", "revoke,limits"),
    )
    assert r.code == 1
    assert (
        "not recorded as told: services do not depend on signing; the recipient may share it "
        "further and it may no longer be protected; the risks and benefits were discussed."
    ) in r.err
    assert run(cli, "release", "list", v, "--client", "1").out.startswith("No releases")
    r = add_release(
        cli, v, "--original-on-file", "--original-reason", "home visit", "--told", "revoke,maybe"
    )
    assert r.code == 1 and "'maybe' is not one of the statements" in r.err


def test_release_for_a_minor(cli: Cli, v: str) -> None:
    kid = run(cli, "client", "add", v, "--name", "Kid", "--born", "2015-06-01").out.strip()
    base = (
        *("release", "add", v, "--client", kid, "--recipient", "1"),
        *("--categories", "services", "--purpose", "Family court", "--signed-on", "2026-11-01"),
        *(
            "--expires",
            "2027-01-31",
            "--original-on-file",
            "--original-reason",
            "home visit",
            "--told",
            TOLD,
        ),
    )
    alone = run(cli, *base)
    assert alone.code == 1 and "signed by the client alone, who was a minor" in alone.err
    parent = ("--capacity", "parent", "--signer", "Maria D", "--authority", "mother")
    unattested = run(cli, *base, *parent)
    assert unattested.code == 1 and "must attest that no one who signed it" in unattested.err
    assert run(cli, "client", "restrict", v, kid, "--person", "Marc D", "--reason", "PO").code == 0
    banned = run(cli, *base, *parent, "--co-signer", "marc d", "--not-abuser")
    assert banned.code == 1 and "co-signer is on this client's restricted list" in banned.err
    assert "marc" not in banned.err.casefold()  # a refusal never names the restricted person
    ok = run(cli, *base, *parent, "--not-abuser", "--copy-given-on", "2026-11-02")
    assert ok.code == 0, ok.err
    law = run(cli, *base, "--minor-may-consent-alone", "State law: counselling from 12")
    assert law.code == 0, law.err
    listing = run(cli, "client", "restrictions", v, kid)
    assert listing.code == 0 and "Marc D: PO" in listing.out


def test_release_narrow_scope_and_export_purpose(cli: Cli, v: str, tmp_path: Path) -> None:
    doc = tmp_path / "order.pdf"
    doc.write_bytes(b"%PDF-1.4 order")
    assert run(cli, "attach", v, "--client", "1", str(doc)).code == 0
    r = add_release(
        cli, v, "--original-on-file", "--original-reason", "home visit", "--categories", "documents"
    )
    assert r.code == 1 and "must name the documents it covers" in r.err
    r = add_release(
        cli,
        v,
        *(
            "--original-on-file",
            "--original-reason",
            "home visit",
            "--categories",
            "documents,services",
            "--documents",
            "1",
        ),
        *("--period-from", "2026-11-01", "--period-to", "2026-11-30", "--once"),
    )
    assert r.code == 0, r.err
    listing = run(cli, "release", "list", v, "--client", "1").out
    assert "only documents 1; services and notes dated 2026-11-01 to 2026-11-30; one" in listing
    export = ("export", v, "--client", "1", "--recipient", "1", "--categories", "services")
    no_purpose = run(cli, *export, "--to", str(tmp_path / "a.pdf"))
    assert no_purpose.code == 2 and "needs --purpose" in no_purpose.err
    wrong = run(cli, *export, "--to", str(tmp_path / "a.pdf"), "--purpose", "Employment")
    assert wrong.code == 3 and 'for the purpose "Parole compliance", not "Employment"' in wrong.err
    first = run(cli, *export, "--to", str(tmp_path / "a.pdf"), "--purpose", "parole compliance")
    assert first.code == 0, first.err
    again = run(cli, *export, "--to", str(tmp_path / "b.pdf"), "--purpose", "Parole compliance")
    assert again.code == 3 and "was for one disclosure only" in again.err
    assert not (tmp_path / "b.pdf").exists()
