"""The app on a vault whose disk is full: it opens for reading and says, on screen, that
this opening cannot be written to the audit trail (as the command line does)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from safefile.ui.main_window import MainWindow
from tests.cli.test_disk_refusals import disk, fill, made_vault, vault_bytes  # noqa: F401
from tests.conftest import Cli
from tests.ui.helpers import unlocked

pytestmark = pytest.mark.usefixtures("qapp")


def test_the_app_says_when_the_disk_takes_no_audit_entry(
    qtbot: QtBot,
    cli: Cli,
    disk: Path,  # noqa: F811
) -> None:
    v = made_vault(cli, disk)
    fill(disk)
    before = vault_bytes(v)
    w = MainWindow(v, idle_ms=60_000)
    qtbot.addWidget(w)
    w.show()
    unlocked(qtbot, w, clients=1)  # reading works
    qtbot.waitUntil(lambda: "is full" in w.statusBar().currentMessage(), timeout=20_000)
    assert "cannot be written to its audit trail" in w.statusBar().currentMessage()
    assert w.is_unlocked
    w.close()
    assert vault_bytes(v) == before
