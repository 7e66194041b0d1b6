"""Fixtures every test shares: a real vault in a temp folder, a clock tests can set,
and the command line run in-process or as a real subprocess."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

import pytest

from safefile.clock import FixedClock
from safefile.store import keys
from safefile.store.vault import Vault

# Real Argon2id at RFC 9106's recommended floor (64 MiB, 3 passes, 4 lanes):
# the product calibrates to ~1 s at creation; tests skip only that calibration.
os.environ["SAFEFILE_TEST_FAST_KDF"] = "1"
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PASSPHRASE = "amber kettle violin harbour"
OTHER_PASSPHRASE = "quiet lantern mosaic orchard"
MARKER = "ZEBRA-MARKER-7f3c9a"  # a string that must never be found on disk in clear


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime.fromisoformat("2026-11-22T10:00:00").astimezone())


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    return tmp_path / "test.safefile"


@pytest.fixture
def new_vault(vault_path: Path, clock: FixedClock) -> Iterator[tuple[Vault, str]]:
    """A fresh open vault and its recovery key."""
    vault, recovery = Vault.create(
        vault_path, PASSPHRASE, kdf=keys.KdfParams.minimum(), clock=clock, user_name="Test Advocate"
    )
    assert recovery is not None
    try:
        yield vault, recovery
    finally:
        vault.lock()


@pytest.fixture
def vault(new_vault: tuple[Vault, str]) -> Vault:
    return new_vault[0]


@dataclass
class CliResult:
    code: int
    out: str
    err: str


class Cli(Protocol):
    """The ``cli`` fixture: run ``safefile`` in-process."""

    def __call__(self, *args: str, stdin: str = "") -> CliResult: ...


@pytest.fixture
def cli(clock: FixedClock) -> Cli:
    """Run ``safefile`` in-process: cli(*args, stdin="...") -> CliResult."""
    from safefile.cli.main import main

    def run(*args: str, stdin: str = "") -> CliResult:
        out, err = io.StringIO(), io.StringIO()
        code = main(list(args), stdin=io.StringIO(stdin), stdout=out, stderr=err, clock=clock)
        return CliResult(code, out.getvalue(), err.getvalue())

    return run


def run_safefile(*args: str, stdin: str = "", timeout: float = 120) -> CliResult:
    """Run ``safefile`` as a real process (for kill tests and end-to-end checks)."""
    proc = subprocess.run(
        [sys.executable, "-m", "safefile", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "SAFEFILE_TEST_FAST_KDF": "1"},
    )
    return CliResult(proc.returncode, proc.stdout, proc.stderr)


def all_bytes_under(path: Path) -> bytes:
    """Every byte of every file under ``path`` (database, WAL, documents, key file)."""
    return b"".join(p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file())
