"""Forms that never lose or change data: Tab leaves date and multi-line fields; the
wheel never changes a field without focus; a refusal stays in the dialog beside the
field and keeps what was typed; Esc on a changed form asks; Return presses the default
button (setup pages too); a form opens with the keyboard in its first field."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from safefile import records
from safefile.records.models import NoteIn, OrgIn
from safefile.store.vault import Vault
from safefile.ui.clients.entry import NoteDialog, ServiceDialog
from safefile.ui.guards import DISCARD_TEXT
from safefile.ui.main_window import MainWindow
from safefile.ui.share.release_form import ReleaseDialog
from tests.conftest import PASSPHRASE
from tests.ui.helpers import open_client, run_job, unlocked

pytestmark = pytest.mark.usefixtures("qapp")


@pytest.fixture
def win(qtbot: QtBot, made: Path) -> Iterator[MainWindow]:
    with Vault.open(made, passphrase=PASSPHRASE) as v:
        records.add_org(v, OrgIn.from_input({"name": "Division of Parole"}), actor=v.actor)
    w = MainWindow(made, idle_ms=600_000)
    qtbot.addWidget(w)
    w.show()
    unlocked(qtbot, w)
    open_client(qtbot, w, 1)
    yield w
    w.close()


def _shown(qtbot: QtBot, dialog: QWidget) -> None:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.isVisible)


def _wheel(widget: QWidget, up: bool = False) -> None:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(centre.toPoint())),
        QPoint(),
        QPoint(0, 120 if up else -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def test_tab_leaves_a_date_field_and_the_minutes_typed_after_it_are_saved(
    qtbot: QtBot, win: MainWindow
) -> None:
    dialog = win.clients.entry("service")
    assert isinstance(dialog, ServiceDialog)
    _shown(qtbot, dialog)
    dialog.on.setFocus()
    assert dialog.focusWidget() is dialog.on
    qtbot.keyClick(dialog.on, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.minutes  # not the date's month section
    dialog.minutes.lineEdit().selectAll()
    qtbot.keyClicks(dialog.minutes, "45")
    qtbot.keyClick(dialog.minutes, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.note
    qtbot.keyClicks(dialog.note, "Court accompaniment.")
    qtbot.keyClick(dialog.note, Qt.Key.Key_Backtab)
    qtbot.keyClick(dialog.minutes, Qt.Key.Key_Backtab)
    assert dialog.focusWidget() is dialog.on  # and back again
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    got = run_job(
        qtbot, win, lambda w: records.client_file(w.require(), 1, actor=w.require().actor).services
    )
    assert [(s.minutes, s.note) for s in got] == [(45, "Court accompaniment.")]


def test_tab_leaves_a_multi_line_field(qtbot: QtBot, win: MainWindow) -> None:
    dialog = win.clients.entry("note")
    assert isinstance(dialog, NoteDialog)
    _shown(qtbot, dialog)
    dialog.data.setFocus()
    qtbot.keyClicks(dialog.data, "Attended.")
    qtbot.keyClick(dialog.data, Qt.Key.Key_Tab)
    assert dialog.data.toPlainText() == "Attended."  # no tab typed into the note
    assert dialog.focusWidget() is dialog.assessment


def test_the_wheel_never_changes_a_field_without_focus(qtbot: QtBot, win: MainWindow) -> None:
    service = win.clients.entry("service")
    assert isinstance(service, ServiceDialog)
    _shown(qtbot, service)
    service.note.setFocus()
    date_before, minutes_before = service.on.date(), service.minutes.value()
    type_before = service.type.currentIndex()
    for field in (service.on, service.minutes, service.type):
        _wheel(field)
        _wheel(field, up=True)
        _wheel(field)
    assert service.on.date() == date_before and service.minutes.value() == minutes_before
    assert service.type.currentIndex() == type_before
    assert service.focusWidget() is service.note  # the wheel gave no field the focus
    for field in (service.on, service.minutes, service.type):
        assert field.focusPolicy() == Qt.FocusPolicy.StrongFocus
    service.minutes.setFocus()  # with the focus, the wheel is the user's choice
    _wheel(service.minutes, up=True)
    assert service.minutes.value() == minutes_before + service.minutes.singleStep()

    release = win.clients.entry("release")  # the long form in a scroll area
    assert isinstance(release, ReleaseDialog)
    _shown(qtbot, release)
    start = release.effective_on.date()
    for _ in range(9):
        _wheel(release.effective_on)
    assert release.effective_on.date() == start


def test_add_client_with_an_empty_name_keeps_what_was_typed(qtbot: QtBot, win: MainWindow) -> None:
    page = win.clients
    dialog = page.add_client_dialog()
    _shown(qtbot, dialog)
    assert dialog.focusWidget() is dialog.name
    qtbot.keyClicks(dialog.alias, "Mina")
    qtbot.keyClicks(dialog.case, "DV-2026-044")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.errors["name"].text() != "", timeout=10_000)
    assert dialog.isVisible()  # still open, beside the field, nothing lost
    assert "fill in the name" in dialog.errors["name"].text()
    assert dialog.errors["name"].isVisible() and dialog.focusWidget() is dialog.name
    assert (dialog.alias.text(), dialog.case.text()) == ("Mina", "DV-2026-044")
    assert page.model.rowCount() == 3  # nothing saved
    qtbot.keyClicks(dialog.name, "Zoe New")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return)  # Return presses Save
    qtbot.waitUntil(lambda: page.model.rowCount() == 4)
    assert not dialog.isVisible()


def test_tab_reaches_save_in_add_a_client_and_each_field_scrolls_into_sight(
    qtbot: QtBot, win: MainWindow
) -> None:
    """Its fields scroll (taller than a 1366x768 screen): Tab alone goes through every
    one, each in sight when it has the keyboard, to Save below them."""
    dialog = win.clients.add_client_dialog()
    _shown(qtbot, dialog)
    view = dialog.fields_area.viewport()
    seen: list[QWidget] = []
    for _ in range(60):
        focus = dialog.focusWidget()
        if focus is dialog.save_button:
            break
        assert focus is not None
        if view.isAncestorOf(focus):
            corner = focus.mapTo(view, QPoint(0, 0))
            assert corner.y() >= 0 and corner.y() + focus.height() <= view.height() + 1, focus
        seen.append(focus)
        qtbot.keyClick(focus, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.save_button
    assert dialog.name in seen and dialog.language in seen


def test_esc_on_a_changed_form_asks(qtbot: QtBot, win: MainWindow) -> None:
    dialog = win.clients.entry("note")
    assert isinstance(dialog, NoteDialog)
    _shown(qtbot, dialog)
    asked: list[QMessageBox] = []
    win.form_guard.asked.connect(asked.append)
    qtbot.keyClick(dialog.data, Qt.Key.Key_Escape)  # nothing typed: Esc just closes
    assert not dialog.isVisible() and asked == []
    dialog = win.clients.entry("note")
    assert isinstance(dialog, NoteDialog)
    _shown(qtbot, dialog)
    qtbot.keyClicks(dialog.data, "Half a note")
    qtbot.keyClick(dialog.data, Qt.Key.Key_Escape)
    assert dialog.isVisible() and len(asked) == 1 and asked[0].text() == DISCARD_TEXT
    qtbot.keyClick(asked[0], Qt.Key.Key_Escape)  # Esc again means keep editing
    assert dialog.isVisible() and dialog.data.toPlainText() == "Half a note"
    qtbot.keyClick(dialog.data, Qt.Key.Key_Escape)
    discard = asked[1].button(QMessageBox.StandardButton.Discard)
    qtbot.mouseClick(discard, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


@pytest.mark.parametrize("what", ["note", "service", "addendum", "release", "send"])
def test_a_form_opens_with_the_keyboard_in_its_first_field(
    qtbot: QtBot, win: MainWindow, what: str
) -> None:
    if what == "addendum":
        run_job(
            qtbot,
            win,
            lambda w: records.add_note(
                w.require(),
                NoteIn.from_input({"client_ids": [1], "on_date": "2026-01-05", "data": "x"}),
                sign=True,
                actor=w.require().actor,
            ),
        )
        win.clients.file_view.reload()
        qtbot.waitUntil(win.clients.addendum_button.isEnabled)
    dialog = win.clients.share() if what == "send" else win.clients.entry(what)
    _shown(qtbot, dialog)
    first = dialog.focusWidget()
    assert first is not None and first.isVisible()
    assert first.metaObject().className() not in ("QPushButton", "QScrollArea")
    assert first.accessibleName() != ""


def test_return_presses_the_default_button_on_the_setup_pages(qtbot: QtBot, tmp_path: Path) -> None:
    from safefile.ui.setup.page import KEY, PROGRAM

    w = MainWindow(tmp_path / "vault.safefile")
    qtbot.addWidget(w)
    w.show()
    s = w.setup
    s.pass1.setText(PASSPHRASE)
    s.pass2.setText(PASSPHRASE)
    qtbot.keyClick(s.pass1, Qt.Key.Key_Return)  # from the first passphrase field
    qtbot.waitUntil(lambda: s.stack.currentIndex() == KEY, timeout=20_000)
    qtbot.keyClick(s.written, Qt.Key.Key_Return)  # not ticked: Continue is not pressed
    assert s.stack.currentIndex() == KEY
    s.written.setChecked(True)
    qtbot.keyClick(s.written, Qt.Key.Key_Return)  # ticked, but two groups not typed back
    assert s.stack.currentIndex() == KEY and not s.continue_button.isEnabled()
    groups = s.key_label.text().split("-")
    first, second = s.asked
    qtbot.keyClicks(s.typed[0], groups[first].lower())  # case does not matter
    qtbot.keyClicks(s.typed[1], "XXXX" if groups[second] != "XXXX" else "YYYY")
    assert not s.continue_button.isEnabled()  # a group typed wrong
    s.typed[1].clear()
    qtbot.keyClicks(s.typed[1], groups[second])
    qtbot.keyClick(s.typed[1], Qt.Key.Key_Return)
    assert s.stack.currentIndex() == PROGRAM
    qtbot.keyClicks(s.new_type, "Legal clinic")
    qtbot.keyClick(s.new_type, Qt.Key.Key_Return)  # Return there adds the type only
    assert "Legal clinic" in s.type_boxes and s.stack.currentIndex() == PROGRAM
    assert not w.is_unlocked
    qtbot.keyClicks(s.program, "Harbour Advocacy")
    qtbot.keyClicks(s.practitioner, "Dana Whitfield")  # first start asks who signs
    qtbot.keyClick(s.program, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.is_unlocked, timeout=10_000)
    w.close()
