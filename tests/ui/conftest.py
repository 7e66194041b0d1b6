"""Fixtures for the app's tests: a real vault with three clients, the real window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from safefile import records
from safefile.records.models import ClientIn
from safefile.store import keys
from safefile.store.vault import Vault
from safefile.ui.main_window import MainWindow
from tests.conftest import PASSPHRASE, Templates


@pytest.fixture(autouse=True)
def _private_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Preferences and logs of the app go to a temp home, never the tester's."""
    home = tmp_path_factory.mktemp("home")
    for var, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        monkeypatch.setenv(var, str(home / sub))


def _make(path: Path) -> tuple[str | None, object]:
    vault, recovery = Vault.create(path, PASSPHRASE, kdf=keys.KdfParams.minimum())
    for name in ("Amina Diallo", "Ben Okafor", "Nguyễn Thị Ánh"):
        records.add_client(vault, ClientIn.from_input({"name": name}), actor=vault.actor)
    vault.lock()
    return recovery, None


@pytest.fixture
def made(tmp_path: Path, templates: Templates) -> Path:
    """A locked vault with three clients: a copy of one the session made once (the test
    unlocks it for real, with its passphrase)."""
    path = tmp_path / "v.safefile"
    templates.get("ui three clients", _make, path.name).copy_to(path)
    return path


@pytest.fixture
def window(qtbot: QtBot, made: Path) -> Iterator[MainWindow]:
    w = MainWindow(made, idle_ms=60_000)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()
