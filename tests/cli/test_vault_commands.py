"""``safefile init``, ``check`` and ``passwd``: the contract of shared/CLI.md."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from safefile.errors import WrongKey
from safefile.store.layout import DB_FILE
from safefile.store.vault import Vault
from tests.conftest import OTHER_PASSPHRASE, PASSPHRASE, Cli, run_safefile
from tests.crash import Delays, crash_at, kill_during_write


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


def _opens_with(path: Path, old: str, new: str) -> str:
    """Which of the two passphrases opens the vault; never "damaged"."""
    opened = []
    for name, candidate in (("old", old), ("new", new)):
        try:
            with Vault.open(path, passphrase=candidate):
                opened.append(name)
        except WrongKey:
            pass
    assert len(opened) == 1, f"the vault opened with {opened or 'neither passphrase'}"
    return opened[0]


def _no_second_key_file(path: Path) -> None:
    # No stray temporary key file is left looking like the real one.
    assert sorted(p.name for p in path.iterdir() if p.name.startswith("vault.json")) == [
        "vault.json"
    ]


@pytest.mark.slow
def test_killed_passwd_leaves_one_of_the_two_passphrases(made: tuple[Path, str]) -> None:
    """Kill ``passwd`` inside its write of the key file: the vault opens with exactly one of
    the old and the new passphrase, and both outcomes happen."""
    path, _ = made
    delays = Delays(random.Random(20261122))
    current, other = PASSPHRASE, OTHER_PASSPHRASE
    landed = {"old": 0, "new": 0}
    for _ in range(40):
        k = kill_during_write(
            ["passwd", str(path), "--passphrase-stdin"],
            "vault.json",
            f"{current}\n{other}\n",
            delay=delays.next(),
        )
        assert k.began, k.err
        opened = _opens_with(path, current, other)
        if k.renamed:  # the new key file was in place before the kill
            assert opened == "new"
        if k.landed:  # counted only if the process was still running when killed
            landed[opened] += 1
        delays.saw(old=k.landed and opened == "old")
        if opened == "new":
            current, other = other, current
        if min(landed.values()) >= 3 and sum(landed.values()) >= 8:
            break
    assert min(landed.values()) >= 3 and sum(landed.values()) >= 8, landed
    _no_second_key_file(path)


@pytest.mark.parametrize(("point", "opens"), [("before-rename", "old"), ("after-rename", "new")])
def test_passwd_crashed_at_the_rename_leaves_one_passphrase(
    made: tuple[Path, str], point: str, opens: str
) -> None:
    """Deterministic crash points timing misses: after the new key file is written and
    fsynced but before its rename (the old passphrase opens), and just after the rename,
    before the folder is fsynced (the new one does)."""
    path, _ = made
    crash_at(
        point,
        ["passwd", str(path), "--passphrase-stdin"],
        "vault.json",
        f"{PASSPHRASE}\n{OTHER_PASSPHRASE}\n",
    )
    assert _opens_with(path, PASSPHRASE, OTHER_PASSPHRASE) == opens
    _no_second_key_file(path)
