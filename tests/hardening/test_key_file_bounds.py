"""The key file's fields and key-derivation parameters (issue 29, F11 and a crash).

Parameters inside the fixed bounds stalled the unlock for 25-62 s and then said "wrong
passphrase" (200 passes at 64 MiB; 1 GiB at 3 passes).  Now: memory and lanes are
bounded at 4 times what SafeFile makes; memory times passes, and each, at 4 times what
this computer recorded for the vault, before any derivation; and an unwrap that fails
with parameters other than the recorded ones says the key file was changed.  A 3-byte
nonce with its checksum recomputed crashed with ValueError; every field is now checked
for type and length before use."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from safefile.store import header
from safefile.store.layout import HEADER_FILE
from safefile.store.vault import Vault
from tests.conftest import PASSPHRASE, Cli
from tests.store.test_kdf import _edit_kdf

S = PASSPHRASE + "\n"


def _edit(vault_path: Path, **changes: object) -> None:
    raw = json.loads((vault_path / HEADER_FILE).read_text())
    raw.pop("checksum")
    for dotted, value in changes.items():
        *parents, last = dotted.split("__")
        node = raw
        for p in parents:
            node = node[p]
        node[last] = value
    raw["checksum"] = header._checksum(raw)
    (vault_path / HEADER_FILE).write_text(json.dumps(raw))


@pytest.fixture
def made(vault: Vault, vault_path: Path) -> Path:
    vault.lock()
    return vault_path


@pytest.mark.parametrize(
    "changes",
    [
        {"time_cost": 200},  # 64 MiB, 200 passes: 25 s here, then "wrong passphrase"
        {"memory_kib": 1024 * 1024},  # 1 GiB at 3 passes
        {"memory_kib": 256 * 1024, "time_cost": 12},  # each within 4x, the work 16x
        {"parallelism": 64},
    ],
)
def test_far_more_work_than_recorded_is_refused_before_deriving(
    made: Path, cli: Cli, changes: dict[str, object]
) -> None:
    _edit_kdf(made, **changes)
    r = cli("check", str(made), "--passphrase-stdin", stdin=S)
    assert r.code == 5, r.err
    assert "passphrase does not open" not in r.err
    assert "changed" in r.err


def test_a_failed_unwrap_with_other_parameters_says_the_key_file_changed(
    made: Path, cli: Cli
) -> None:
    _edit_kdf(made, time_cost=4)  # within every bound: the derivation runs, the unwrap fails
    r = cli("check", str(made), "--passphrase-stdin", stdin=S)
    assert r.code == 5, r.err
    assert "key file was changed" in r.err and "That passphrase" not in r.err


def test_a_wrong_passphrase_is_still_a_wrong_passphrase(made: Path, cli: Cli) -> None:
    r = cli("check", str(made), "--passphrase-stdin", stdin="not the passphrase at all\n")
    assert r.code == 4 and "That passphrase does not open" in r.err, r.err


@pytest.mark.parametrize(
    "changes",
    [
        {"passphrase_wrap__nonce": "AAAA"},  # 3 bytes
        {"passphrase_wrap__nonce": 12},
        {"passphrase_wrap__ciphertext": "AAAA"},
        {"passphrase_wrap__nonce": "!!not base64!!"},
        {"recovery_wrap__salt": "AA=="},
        {"kdf__time_cost": "3"},
        {"kdf__memory_kib": True},
        {"vault_id": 7},
    ],
)
def test_key_file_fields_are_checked_before_use(
    made: Path, cli: Cli, changes: dict[str, object]
) -> None:
    _edit(made, **changes)
    for secret in ("--passphrase-stdin", "--recovery-key-stdin"):
        r = cli("check", str(made), secret, stdin=S)
        assert r.code == 5, (changes, r.err)
        assert "unexpected" not in r.err
