"""``org add`` with the contact person and job title of the contract, and ``org list``."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import PASSPHRASE, CliResult

S = PASSPHRASE + "\n"
Cli = Callable[..., CliResult]


def test_org_add_with_contact_person(cli: Cli, tmp_path: Path) -> None:
    v = str(tmp_path / "v.safefile")
    assert cli("init", v, "--passphrase-stdin", "--no-recovery-key", stdin=S).code == 0
    r = cli(
        "org",
        "add",
        v,
        "--name",
        "Legal Aid",
        "--phone",
        "555-0101",
        "--address",
        "1 Main St",
        "--contact-person",
        "Ana Ruiz",
        "--job-title",
        "Paralegal",
        "--passphrase-stdin",
        stdin=S,
    )
    assert (r.code, r.out.strip()) == (0, "1"), r.err
    r = cli("org", "list", v, "--passphrase-stdin", stdin=S)
    assert "Legal Aid  555-0101  Ana Ruiz, Paralegal" in r.out
    r = cli("org", "list", v, "--json", "--passphrase-stdin", stdin=S)
    [org] = json.loads(r.out)
    assert org["address"] == "1 Main St"
    assert (org["contact_person"], org["job_title"]) == ("Ana Ruiz", "Paralegal")
