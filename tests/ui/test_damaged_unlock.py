"""The app on a vault whose database was changed on disk (issue 18): it unlocks in the
KDF's time, the background check fails, the window locks with the damage message, and
nothing is written to the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from safefile.store.layout import DB_FILE
from safefile.store.vault import Vault
from safefile.ui.main_window import MainWindow
from tests.conftest import PASSPHRASE, Templates
from tests.store.test_damage import PAGE, _flip, _page_opening_does_not_read, _wal_empty
from tests.ui.conftest import _make
from tests.ui.helpers import unlock

pytestmark = pytest.mark.usefixtures("qapp")


@pytest.fixture
def damaged(made: Path, templates: Templates) -> Path:
    with Vault.open(made, passphrase=PASSPHRASE) as vault, vault.transaction():
        for i in range(300):
            vault.db.execute("INSERT INTO meta(key, value) VALUES (?, ?)", (f"f{i}", "x" * 400))
    # (the search opens the vault once a page: with its recovery key, without Argon2)
    recovery = templates.get("ui three clients", _make, made.name).recovery
    page = _page_opening_does_not_read(made, recovery)
    _flip(made / DB_FILE, page * PAGE + 100)
    return made


def test_the_app_locks_with_the_damage_message(qtbot, damaged: Path) -> None:  # type: ignore[no-untyped-def]
    before = (damaged / DB_FILE).read_bytes()
    w = MainWindow(damaged, idle_ms=60_000)
    qtbot.addWidget(w)
    w.show()
    unlock(qtbot, w)
    qtbot.waitUntil(
        lambda: "damaged or has been changed" in w.unlock.message.text(), timeout=20_000
    )
    assert not w.is_unlocked
    assert w.clients.model.rowCount() == 0  # the screens were cleared
    qtbot.waitUntil(lambda: w.service.worker.vault is None, timeout=10_000)
    w.close()
    assert (damaged / DB_FILE).read_bytes() == before
    assert _wal_empty(damaged)


def test_a_sound_vault_stays_open_and_records_the_unlock(qtbot, made: Path) -> None:  # type: ignore[no-untyped-def]
    w = MainWindow(made, idle_ms=60_000)
    qtbot.addWidget(w)
    w.show()
    unlock(qtbot, w)
    qtbot.waitUntil(lambda: w.clients.model.rowCount() == 3, timeout=10_000)
    qtbot.waitUntil(
        lambda: w.service.worker.vault is not None and w.service.worker.vault.checked,
        timeout=10_000,
    )
    assert w.is_unlocked
    w.close()
    with Vault.open(made, passphrase=PASSPHRASE) as v:
        n = v.db.execute("SELECT count(*) FROM audit WHERE event = 'vault unlocked'").fetchone()[0]
    assert n == 1  # the app's unlock; this one is recorded only when it settles


def test_an_older_vault_put_in_place_is_said_to_be_older(qtbot, made: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Yesterday's whole vault (database and seal file) over today's on this computer: the
    app unlocks it, and says in the status bar that it is older (store/seen.py)."""
    import shutil

    from safefile import records
    from safefile.records.models import ClientIn
    from safefile.store.seal import SEAL_FILE

    yesterday = tmp_path / "yesterday"
    shutil.copytree(made, yesterday)
    with Vault.open(made, passphrase=PASSPHRASE) as v:
        records.add_client(v, ClientIn.from_input({"name": "Dara Quinn"}), actor=v.actor)
    for name in (DB_FILE, SEAL_FILE):
        shutil.copy2(yesterday / name, made / name)
    w = MainWindow(made, idle_ms=60_000)
    qtbot.addWidget(w)
    w.show()
    unlock(qtbot, w)
    qtbot.waitUntil(
        lambda: "older than the one last opened here" in w.statusBar().currentMessage(),
        timeout=20_000,
    )
    assert w.is_unlocked
    w.close()
