"""``safefile staff add|list|remove|role|restrict-file`` and every command's ``--as NAME``
(shared/CLI.md, "Third round"; issue 28): exit codes as the contract gives them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import OTHER_PASSPHRASE, PASSPHRASE, Cli, release_args, run_safefile
from tests.crash import crash_at

A = "Test Advocate"
B = "Bea Lopez"
C_PASS = "mellow tundra saffron pebble"


def _vault(cli: Cli, tmp_path: Path) -> Path:
    path = tmp_path / "clinic.safefile"
    r = cli("init", str(path), "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert r.code == 0, r.err
    r = cli(
        "settings", str(path), "--practitioner", A, "--passphrase-stdin", stdin=PASSPHRASE + "\n"
    )
    assert r.code == 0, r.err
    return path


def _add_b(cli: Cli, path: Path, *extra: str) -> None:
    r = cli(
        "staff",
        "add",
        str(path),
        "--name",
        B,
        "--role",
        "advocate",
        "--credentials",
        "MSW",
        "--passphrase-stdin",
        *extra,
        stdin=f"{PASSPHRASE}\n{OTHER_PASSPHRASE}\n",
    )
    assert r.code == 0, r.err
    assert r.out.strip() == B


def test_staff_commands_and_the_as_rules(cli: Cli, tmp_path: Path) -> None:
    path = _vault(cli, tmp_path)
    s = str(path)
    # A single practitioner's vault needs no --as.
    r = cli("staff", "list", s, "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert r.code == 0 and "no staff accounts" in r.out
    _add_b(cli, path)
    assert list(tmp_path.glob("clinic-before-staff-accounts-*.sfbackup"))

    # Two members: no --as is exit 2, naming the count, not the names.
    r = cli("staff", "list", s, "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert r.code == 2 and "2 staff members" in r.err
    assert A not in r.err + r.out and "Bea" not in r.err + r.out
    r = cli("check", s, "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert r.code == 2
    # An unknown name, or another member's passphrase: exit 4.
    r = cli("check", s, "--as", "Nobody", "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert r.code == 4
    r = cli("check", s, "--as", B, "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert r.code == 4
    r = cli("check", s, "--as", B, "--passphrase-stdin", stdin=OTHER_PASSPHRASE + "\n")
    assert r.code == 0, r.err

    r = cli("staff", "list", s, "--as", A, "--json", "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert r.code == 0, r.err
    got = {m["name"]: m["role"] for m in json.loads(r.out)}
    assert got == {A: "administrator", B: "advocate"}

    # B is an advocate: managing staff is refused, exit 3, naming the role needed.
    r = cli(
        "staff",
        "add",
        s,
        "--as",
        B,
        "--name",
        "Cy",
        "--role",
        "volunteer",
        "--passphrase-stdin",
        stdin=f"{OTHER_PASSPHRASE}\n{C_PASS}\n",
    )
    assert r.code == 3 and "administrator" in r.err
    r = cli("staff", "role", s, A, "--role", "volunteer", "--as", B, "--passphrase-stdin",
            stdin=OTHER_PASSPHRASE + "\n")  # fmt: skip
    assert r.code == 3

    r = cli("client", "add", s, "--name", "Amina", "--as", A, "--passphrase-stdin",
            stdin=PASSPHRASE + "\n")  # fmt: skip
    assert r.code == 0, r.err
    client = r.out.strip().split()[-1]
    r = cli("staff", "restrict-file", s, B, "--client", client, "--reason", "neighbour",
            "--as", A, "--passphrase-stdin", stdin=PASSPHRASE + "\n")  # fmt: skip
    assert r.code == 0, r.err
    r = cli("staff", "role", s, "bea lopez", "--role", "supervisor", "--as", A,
            "--passphrase-stdin", stdin=PASSPHRASE + "\n")  # fmt: skip
    assert r.code == 0 and "supervisor" in r.out, r.err

    # Backups open with a member's passphrase and --as.
    backup = tmp_path / "b1.sfbackup"
    r = cli("backup", s, str(backup), "--as", B, "--passphrase-stdin",
            stdin=OTHER_PASSPHRASE + "\n")  # fmt: skip
    assert r.code == 0, r.err
    r = cli("verify-backup", str(backup), "--as", A, "--passphrase-stdin",
            stdin=PASSPHRASE + "\n")  # fmt: skip
    assert r.code == 0, r.err
    r = cli("verify-backup", str(backup), "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert r.code == 2

    # Removal: a new recovery key is printed; B opens nothing made after.
    r = cli("staff", "remove", s, B, "--as", A, "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert r.code == 0, r.err
    assert "Recovery key: " in r.out
    r = cli("check", s, "--as", B, "--passphrase-stdin", stdin=OTHER_PASSPHRASE + "\n")
    assert r.code == 4
    r = cli("check", s, "--passphrase-stdin", stdin=PASSPHRASE + "\n")  # one member left
    assert r.code == 0, r.err
    r = cli("staff", "list", s, "--removed", "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert "(removed)" in r.out and "Bea Lopez, MSW" in r.out


@pytest.mark.slow
def test_an_upgrade_killed_after_its_first_key_file_finishes_at_the_next_opening(
    cli: Cli, tmp_path: Path
) -> None:
    """Killed just after the key file with both wraps (the passphrase's and the
    practitioner's new slot) was renamed into place: the vault opens with the same
    passphrase, finishes the upgrade, and checks sound."""
    path = _vault(cli, tmp_path)
    args = ["staff", "add", str(path), "--name", B, "--role", "advocate", "--passphrase-stdin"]
    stdin = f"{PASSPHRASE}\n{OTHER_PASSPHRASE}\n"
    # (the backup's check writes a vault.json of its own first: skip=1)
    crash_at("after-rename", args, "vault.json", stdin, skip=1)
    raw = json.loads((path / "vault.json").read_text())
    assert raw["passphrase_wrap"] is not None and len(raw["members"]) == 1  # both wraps
    r = run_safefile("check", str(path), "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert r.code == 0, r.err
    # The next writer finishes the upgrade (a reader, like check, writes nothing).
    r = cli("staff", "role", str(path), A, "--role", "administrator", "--passphrase-stdin",
            stdin=PASSPHRASE + "\n")  # fmt: skip
    assert r.code == 0, r.err
    r = cli("staff", "list", str(path), "--json", "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert r.code == 0, r.err
    assert [m["name"] for m in json.loads(r.out)] == [A]  # the first administrator
    raw = json.loads((path / "vault.json").read_text())
    assert raw["passphrase_wrap"] is None and len(raw["members"]) == 1
    _add_b(cli, path)  # and the addition done again works
    r = cli("check", str(path), "--as", B, "--passphrase-stdin", stdin=OTHER_PASSPHRASE + "\n")
    assert r.code == 0, r.err


def test_a_release_s_witness_is_the_member_signed_in(cli: Cli, tmp_path: Path) -> None:
    """With staff accounts a release cannot name another member as its witness: the
    witness is who signed in (and signs the entry), as the app shows it."""
    path = _vault(cli, tmp_path)
    s = str(path)
    for made in (("client", "add", s, "--name", "Amina"), ("org", "add", s, "--name", "Parole")):
        r = cli(*made, "--passphrase-stdin", stdin=PASSPHRASE + "\n")
        assert r.code == 0, r.err
    _add_b(cli, path)
    as_b = ("--as", B, "--passphrase-stdin")
    r = cli(*release_args(s), "--witness", A, *as_b, stdin=OTHER_PASSPHRASE + "\n")
    assert r.code == 1 and "witness" in r.err, r.err
    r = cli(*release_args(s), *as_b, stdin=OTHER_PASSPHRASE + "\n")
    assert r.code == 0, r.err
    r = cli("release", "list", s, "--client", "1", "--json", *as_b, stdin=OTHER_PASSPHRASE + "\n")
    assert r.code == 0 and json.loads(r.out)[0]["witness"].startswith(B), r.out
