"""A request is about a client you can see (issue 23, item 4): no form asks for an
internal client number; the client comes from the open file or a search by name that
shows the banner."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QLabel, QWidget
from pytestqt.qtbot import QtBot

from safefile.consent import own_copy
from safefile.ui.main_window import MainWindow
from tests.ui.helpers import open_client, run_job, unlocked

pytestmark = pytest.mark.usefixtures("qapp")


def _asks_for_a_number(dialog: QWidget) -> list[str]:
    said = [w.text() for w in dialog.findChildren(QLabel) if "number" in w.text().lower()] + [
        w.accessibleName()
        for w in dialog.findChildren(QAbstractSpinBox)
        if "client" in w.accessibleName().lower()
    ]
    return [s for s in said if "client" in s.lower()]


def test_the_own_copy_request_finds_the_client_by_name_with_the_banner(
    qtbot: QtBot, window: MainWindow
) -> None:
    unlocked(qtbot, window)
    dialog = window.workspace.requests.record()
    qtbot.addWidget(dialog)
    assert _asks_for_a_number(dialog) == []
    picker = dialog.client
    assert picker.client_id is None  # never a client chosen for the user (it was 1)
    qtbot.keyClicks(picker.search, "Okafr")  # a typo picks no one
    qtbot.waitUntil(lambda: "No client matches" in picker.matches.currentText(), timeout=5_000)
    dialog.identity.setText("photo ID seen in person")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "Choose the client first" in dialog.message.text()
    picker.search.clear()
    qtbot.keyClicks(picker.search, "Okafor")
    qtbot.waitUntil(lambda: picker.client_id == 2, timeout=5_000)
    assert picker.banner.isVisible() and picker.banner.text().startswith("Ben Okafor")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    asked = run_job(qtbot, window, lambda w: own_copy.list_requests(w.require()))
    assert [q.client_id for q in asked] == [2]


def test_from_the_open_file_the_client_is_that_file_s(qtbot: QtBot, window: MainWindow) -> None:
    unlocked(qtbot, window)
    open_client(qtbot, window, 3)
    dialog = window.clients.file_view.sharing.own_copy_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    assert _asks_for_a_number(dialog) == []
    assert dialog.client.client_id == 3 and not dialog.client.search.isVisible()
    qtbot.waitUntil(lambda: dialog.client.banner.text().startswith("Nguyễn Thị Ánh"), timeout=5_000)


def test_a_request_for_information_shows_whom_it_is_about(qtbot: QtBot, window: MainWindow) -> None:
    unlocked(qtbot, window)
    dialog = window.workspace.log.record_request()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.client.count() == 4, timeout=10_000)
    assert not dialog.banner.isVisible()
    dialog.client.setCurrentIndex(dialog.client.findData(2))
    assert dialog.banner.isVisible() and dialog.banner.text().startswith("Ben Okafor")
