"""The restricted list in the client's file, by keyboard and mouse (issue 22): a person with
the other names they go by, read back from the vault."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from safefile.consent import people
from safefile.ui.main_window import MainWindow
from tests.ui.helpers import open_client, run_job, unlocked

LEFT = Qt.MouseButton.LeftButton


def test_a_restricted_person_with_other_names(qtbot: QtBot, window: MainWindow) -> None:
    unlocked(qtbot, window)
    open_client(qtbot, window, 1)
    tab = window.clients.file_view.restricted
    window.clients.file_view.setCurrentWidget(tab)
    qtbot.mouseClick(tab.show_button, LEFT)
    qtbot.waitUntil(lambda: tab.revealed and tab.add_button.isEnabled())
    qtbot.keyClicks(tab.person, "Robert Hale")
    qtbot.keyClicks(tab.aliases, "Bobby,  Rob Hale , ")
    qtbot.keyClicks(tab.reason, "Named in a protective order")
    qtbot.mouseClick(tab.add_button, LEFT)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=10_000)
    [kept] = run_job(
        qtbot, window, lambda w: people.list_restrictions(w.require(), 1, actor=w.require().actor)
    )
    assert kept.person == "Robert Hale" and kept.aliases == ("Bobby", "Rob Hale")
    assert "also: Bobby, Rob Hale" in tab.model.texts()[0]
    assert tab.aliases.text() == ""  # the form is empty again
    match = run_job(
        qtbot, window, lambda w: people.restriction_match(w.require(), 1, "Legal Aid", "Bobby")
    )
    assert match is not None  # the nickname alone is matched
