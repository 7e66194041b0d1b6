"""``safefile init``, ``check`` and ``passwd``: the contract of shared/CLI.md."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from safefile.store.vault import DB_FILE
from tests.conftest import OTHER_PASSPHRASE, PASSPHRASE, Cli, run_safefile


@pytest.fixture
def made(tmp_path: Path, cli: Cli) -> tuple[Path, str]:
    path = tmp_path / "clinic.safefile"
    result = cli("init", str(path), "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert result.code == 0, result.err
    lines = [ln for ln in result.out.splitlines() if ln.startswith("Recovery key: ")]
    assert len(lines) == 1
    return path, lines[0].removeprefix("Recovery key: ")


def test_init_then_check(made: tuple[Path, str], cli: Cli) -> None:
    path, _ = made
    result = cli("check", str(path), "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert result.code == 0, result.err
    assert "audit chain" in result.out


def test_check_json(made: tuple[Path, str], cli: Cli) -> None:
    import json

    path, _ = made
    result = cli("check", str(path), "--passphrase-stdin", "--json", stdin=PASSPHRASE + "\n")
    doc = json.loads(result.out)
    assert doc["ok"] is True and doc["problems"] == []


def test_init_without_recovery_key_warns(tmp_path: Path, cli: Cli) -> None:
    result = cli(
        "init",
        str(tmp_path / "v"),
        "--no-recovery-key",
        "--passphrase-stdin",
        stdin=PASSPHRASE + "\n",
    )
    assert result.code == 0
    assert "Recovery key:" not in result.out
    assert "no recovery key" in result.err


def test_init_refuses_a_weak_passphrase(tmp_path: Path, cli: Cli) -> None:
    result = cli("init", str(tmp_path / "v"), "--passphrase-stdin", stdin="password123\n")
    assert result.code == 1
    assert "at least 15" in result.err
    assert not (tmp_path / "v").exists()


def test_wrong_passphrase_exit_4(made: tuple[Path, str], cli: Cli) -> None:
    path, _ = made
    result = cli("check", str(path), "--passphrase-stdin", stdin=OTHER_PASSPHRASE + "\n")
    assert result.code == 4
    assert "does not open" in result.err


def test_not_a_vault_exit_5(tmp_path: Path, cli: Cli) -> None:
    (tmp_path / "x.txt").write_text("hello")
    for target in (tmp_path, tmp_path / "x.txt", tmp_path / "missing"):
        result = cli("check", str(target), "--passphrase-stdin", stdin=PASSPHRASE + "\n")
        assert result.code == 5, (target, result.err)
        assert "not a SafeFile vault" in result.err


def test_flipped_byte_exit_5_and_nothing_changed(made: tuple[Path, str], cli: Cli) -> None:
    path, _ = made
    db = path / DB_FILE
    data = bytearray(db.read_bytes())
    data[len(data) // 2] ^= 0x40
    db.write_bytes(bytes(data))
    before = {p.name: p.read_bytes() for p in path.iterdir() if p.is_file()}
    result = cli("check", str(path), "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert result.code == 5
    assert "Restore the vault from your last backup" in result.err
    after = {p.name: p.read_bytes() for p in path.iterdir() if p.is_file()}
    assert after == before


def test_passwd_with_stdin(made: tuple[Path, str], cli: Cli) -> None:
    path, _ = made
    result = cli(
        "passwd", str(path), "--passphrase-stdin", stdin=f"{PASSPHRASE}\n{OTHER_PASSPHRASE}\n"
    )
    assert result.code == 0, result.err
    assert cli("check", str(path), "--passphrase-stdin", stdin=PASSPHRASE + "\n").code == 4
    assert cli("check", str(path), "--passphrase-stdin", stdin=OTHER_PASSPHRASE + "\n").code == 0


def test_passwd_with_recovery_key(made: tuple[Path, str], cli: Cli) -> None:
    path, recovery = made
    result = cli(
        "passwd", str(path), "--recovery-key-stdin", stdin=f"{recovery}\n{OTHER_PASSPHRASE}\n"
    )
    assert result.code == 0, result.err
    assert cli("check", str(path), "--passphrase-stdin", stdin=OTHER_PASSPHRASE + "\n").code == 0


def test_passwd_refuses_weak_new_passphrase(made: tuple[Path, str], cli: Cli) -> None:
    path, _ = made
    result = cli("passwd", str(path), "--passphrase-stdin", stdin=f"{PASSPHRASE}\nshort\n")
    assert result.code == 1
    assert cli("check", str(path), "--passphrase-stdin", stdin=PASSPHRASE + "\n").code == 0


def test_wrong_recovery_key_exit_4(made: tuple[Path, str], cli: Cli) -> None:
    path, _ = made
    result = cli("check", str(path), "--recovery-key-stdin", stdin="ABCD-EFGH\n")
    assert result.code == 4


def test_usage_errors_exit_2(cli: Cli) -> None:
    assert cli("check").code == 2
    assert cli("no-such-command").code == 2
    assert cli("check", "v", "--passphrase-stdin", "--recovery-key-stdin").code == 2


def test_real_process_exit_codes(made: tuple[Path, str]) -> None:
    path, _ = made
    assert run_safefile("check", str(path), "--passphrase-stdin", stdin=PASSPHRASE + "\n").code == 0
    assert (
        run_safefile("check", str(path), "--passphrase-stdin", stdin=OTHER_PASSPHRASE + "\n").code
        == 4
    )


def test_killed_passwd_leaves_one_of_the_two_passphrases(made: tuple[Path, str]) -> None:
    """Kill ``passwd`` at random moments: the vault always opens with the old or the new one."""
    path, _ = made
    rng = random.Random(20261122)
    current, other = PASSPHRASE, OTHER_PASSPHRASE
    outcomes = {"old": 0, "new": 0}
    for _ in range(20):
        proc = subprocess.Popen(
            [sys.executable, "-m", "safefile", "passwd", str(path), "--passphrase-stdin"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "SAFEFILE_TEST_FAST_KDF": "1"},
        )
        assert proc.stdin is not None
        proc.stdin.write(f"{current}\n{other}\n".encode())
        proc.stdin.close()
        time.sleep(rng.uniform(0.05, 0.9))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        opened_with = None
        for name, candidate in (("old", current), ("new", other)):
            r = run_safefile("check", str(path), "--passphrase-stdin", stdin=candidate + "\n")
            if r.code == 0:
                opened_with = name
                break
            assert r.code == 4, r.err  # never "damaged"
        assert opened_with is not None, "the vault opened with neither passphrase"
        outcomes[opened_with] += 1
        if opened_with == "new":
            current, other = other, current
    # No stray temporary key files are left looking like the real one.
    assert sorted(p.name for p in path.iterdir() if p.name.startswith("vault.json")) == [
        "vault.json"
    ]
    assert outcomes["old"] + outcomes["new"] == 20
