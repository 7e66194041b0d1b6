"""Steps many app tests share, done through the real widgets."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from safefile.ui.main_window import MainWindow
from tests.conftest import PASSPHRASE


def unlock(qtbot: QtBot, w: MainWindow, secret: str = PASSPHRASE) -> None:
    qtbot.keyClicks(w.unlock.secret, secret)
    qtbot.mouseClick(w.unlock.button, Qt.MouseButton.LeftButton)


def unlocked(qtbot: QtBot, w: MainWindow, clients: int = 3) -> None:
    """Unlock and wait until the client list shows ``clients`` rows."""
    unlock(qtbot, w)
    qtbot.waitUntil(lambda: w.is_unlocked, timeout=10_000)
    qtbot.waitUntil(lambda: w.clients.model.rowCount() == clients, timeout=10_000)


def open_client(qtbot: QtBot, w: MainWindow, client_id: int = 1) -> None:
    """Select the client in the list and wait until their file is shown."""
    page = w.clients
    row = next(i for i, c in enumerate(page.model.rows) if c.id == client_id)
    page.table.selectRow(row)
    qtbot.waitUntil(
        lambda: page.current is not None and page.current.client.id == client_id, timeout=10_000
    )


def run_job(qtbot: QtBot, w: MainWindow, job: Any) -> Any:
    """Run a core call on the vault's thread (as the app does) and return its result."""
    box: list[Any] = []
    errors: list[Exception] = []
    w.service.submit(job, box.append, errors.append)
    qtbot.waitUntil(lambda: bool(box or errors), timeout=20_000)
    if errors:
        raise errors[0]
    return box[0]


def org_count(combo: QComboBox) -> int:
    """Organisations offered by a recipient list (not its "New organisation…" entry)."""
    return sum(isinstance(combo.itemData(i), int) for i in range(combo.count()))
