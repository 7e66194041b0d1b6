"""The key derivation's parameters (issue 18, item 8): upper bounds on what a key file
may ask for, and calibration again when the passphrase changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from safefile.errors import DamagedFile
from safefile.store import header, keys
from safefile.store.layout import HEADER_FILE
from safefile.store.vault import Vault
from tests.conftest import OTHER_PASSPHRASE, PASSPHRASE


def _edit_kdf(vault_path: Path, **changes: object) -> None:
    """Change the key file's KDF parameters as an attacker would: checksum made to match."""
    raw = json.loads((vault_path / HEADER_FILE).read_text())
    raw.pop("checksum")
    raw["kdf"].update(changes)
    raw["checksum"] = header._checksum(raw)
    (vault_path / HEADER_FILE).write_text(json.dumps(raw))


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"memory_kib": 64 * 1024 * 1024}, "KiB of memory"),  # 64 GiB: would exhaust the machine
        ({"time_cost": 10**7}, "passes"),  # hours
        ({"parallelism": 100_000}, "lanes"),
        ({"salt": "ab"}, "salt"),
        ({"salt": "zz" * 16}, "salt"),
    ],
)
def test_key_file_asking_for_too_much_is_refused_before_argon2_runs(
    vault: Vault, vault_path: Path, changes: dict[str, object], named: str
) -> None:
    vault.lock()
    before = (vault_path / HEADER_FILE).read_bytes()
    _edit_kdf(vault_path, **changes)
    edited = (vault_path / HEADER_FILE).read_bytes()
    with pytest.raises(DamagedFile, match=named) as info:
        Vault.open(vault_path, passphrase=PASSPHRASE)
    assert "damaged or changed" in info.value.message
    assert (vault_path / HEADER_FILE).read_bytes() == edited != before


def test_bounds_are_above_everything_safefile_makes() -> None:
    keys.check_kdf_bounds(keys.KdfParams.minimum())
    keys.check_kdf_bounds(keys.calibrate(target_seconds=0.05))
    top = keys.KdfParams(
        memory_kib=keys.MAX_MEMORY_KIB,
        time_cost=keys.MAX_TIME_COST,
        parallelism=keys.MAX_PARALLELISM,
        salt="00" * 64,
    )
    keys.check_kdf_bounds(top)
    with pytest.raises(DamagedFile):
        keys.check_kdf_bounds(top.model_copy(update={"time_cost": keys.MAX_TIME_COST + 1}))


def test_derive_key_checks_the_bounds_too() -> None:
    """A backup carries its vault's key file: the same bounds hold on that path."""
    huge = keys.KdfParams.minimum().model_copy(update={"memory_kib": keys.MAX_MEMORY_KIB + 1})
    with pytest.raises(DamagedFile, match="KiB of memory"):
        keys.derive_key(PASSPHRASE, huge)


def test_a_new_passphrase_is_calibrated_again(
    vault: Vault, vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SAFEFILE_TEST_FAST_KDF", "0")
    seen: list[keys.KdfParams] = []
    real = keys.calibrate

    def recording(*args: object, **kwargs: object) -> keys.KdfParams:
        params = real(0.1, **kwargs)  # type: ignore[arg-type]
        seen.append(params)
        return params

    monkeypatch.setattr(keys, "calibrate", recording)
    old = vault.header.kdf
    vault.change_passphrase(OTHER_PASSPHRASE)
    new = vault.header.kdf
    [fresh] = seen  # calibrated once more; never weaker than the vault had (hardening)
    assert new.time_cost == max(fresh.time_cost, old.time_cost)
    assert new.salt != old.salt
    assert (new.memory_kib, new.parallelism) == (old.memory_kib, old.parallelism)
    assert not new.is_weaker_than_floor()
    vault.lock()
    Vault.open(vault_path, passphrase=OTHER_PASSPHRASE).lock()


def test_probe_is_never_longer_than_the_wall_time() -> None:
    import time

    params = keys.KdfParams.minimum()
    start = time.perf_counter()
    probe = keys._probe_seconds(params)
    assert 0 < probe <= time.perf_counter() - start
