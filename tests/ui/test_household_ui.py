"""Households and birth dates in the app (issue 23), driven by keyboard and mouse as a user
would, through to the core's record read back from the vault."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QDialog
from pytestqt.qtbot import QtBot

from safefile import records
from safefile.consent.people import minor_on
from safefile.records.models import Client, ClientIn
from safefile.ui.clients.household import BornDialog, HouseholdDialog
from safefile.ui.clients.page import AddClientDialog
from safefile.ui.main_window import MainWindow
from tests.ui.helpers import open_client, run_job, unlocked
from tests.ui.jobs import look, shot, timed  # noqa: F401 (look: a fixture)

pytestmark = pytest.mark.usefixtures("look")
LEFT = Qt.MouseButton.LeftButton


def _client(qtbot: QtBot, w: MainWindow, name: str) -> Client:
    clients = run_job(qtbot, w, lambda v: records.list_clients(v.require(), search=name))
    assert len(clients) == 1, clients
    found: Client = clients[0]
    return found


def _open_add(qtbot: QtBot, w: MainWindow) -> AddClientDialog:
    qtbot.mouseClick(w.clients.add_button, LEFT)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), AddClientDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, AddClientDialog)
    return dialog


def tick(qtbot: QtBot, box: QCheckBox) -> None:
    """Click a check box on its box (its row is wider than what reacts to a click)."""
    qtbot.mouseClick(box, LEFT, pos=QPoint(8, box.height() // 2))


def _tab(qtbot: QtBot, dialog: QDialog, n: int = 1) -> None:
    for _ in range(n):
        focused = dialog.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, Qt.Key.Key_Tab)


def _choose(qtbot: QtBot, dialog: QDialog, combo: QComboBox, text: str) -> None:
    """Arrow down the focused list until it shows ``text`` (as a keyboard user does)."""
    assert dialog.focusWidget() in (combo, combo.lineEdit())
    for _ in range(20):
        if text in combo.currentText():
            return
        focused = dialog.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, Qt.Key.Key_Down)
    raise AssertionError(f"{text} is not offered")


def test_intake_of_a_parent_and_her_child_by_keyboard(qtbot: QtBot, window: MainWindow) -> None:
    unlocked(qtbot, window)
    with timed(
        "intake of a client with a child in the household (names, birth dates, safe contact)",
        qtbot,
    ):
        # The parent: name, birth date, safe contact.
        dialog = _open_add(qtbot, window)
        assert dialog.focusWidget() is dialog.name
        qtbot.keyClicks(dialog.name, "Maria Lopez")
        _tab(qtbot, dialog, 3)  # preferred name, case number → Born
        assert dialog.focusWidget() is dialog.intake.born
        qtbot.keyClicks(dialog.intake.born, "1990-05-01")
        tick(qtbot, dialog.intake.contact_safe)
        qtbot.keyClicks(dialog.intake.contact_how, "Text only, weekdays")
        with qtbot.waitSignal(dialog.saved, timeout=10_000):
            qtbot.keyClick(dialog.intake.contact_how, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: window.clients.model.rowCount() == 4)

        # The child: in the parent's household, a child; the parent is the parent.
        dialog = _open_add(qtbot, window)
        shot(dialog, "add-client")
        qtbot.keyClicks(dialog.name, "Lia Lopez")
        _tab(qtbot, dialog, 3)
        qtbot.keyClicks(dialog.intake.born, "2016-02-03")
        picker = dialog.intake.picker
        qtbot.waitUntil(lambda: picker.household.count() == 5)  # no one + four clients
        _tab(qtbot, dialog)
        _choose(qtbot, dialog, picker.household, "Maria Lopez")
        assert picker.chosen() is not None
        assert picker.with_role.isVisibleTo(dialog)  # Maria has no household yet: her role?
        assert picker.role.currentData() == "child" and picker.with_role.currentData() == "parent"
        shot(dialog, "add-client-child")
        with qtbot.waitSignal(dialog.saved, timeout=10_000):
            qtbot.mouseClick(dialog.save_button, LEFT)

    mum, kid = _client(qtbot, window, "Maria"), _client(qtbot, window, "Lia")
    assert (mum.born, mum.contact_safe, mum.contact_how) == (
        "1990-05-01",
        True,
        "Text only, weekdays",
    )
    assert kid.born == "2016-02-03" and kid.household_role == "child"
    assert mum.household_role == "parent" and mum.household_id == kid.household_id is not None
    assert minor_on(kid, kid.intake_date).minor and not minor_on(mum, mum.intake_date).minor


def test_a_refused_birth_date_keeps_what_was_typed_and_adds_no_one(
    qtbot: QtBot, window: MainWindow
) -> None:
    unlocked(qtbot, window)
    dialog = _open_add(qtbot, window)
    qtbot.keyClicks(dialog.name, "Sam Ortiz")
    qtbot.keyClicks(dialog.intake.born, "03/04/2015")
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(
        lambda: (
            "YYYY-MM-DD" in dialog.message.text() + str([e.text() for e in dialog.errors.values()])
        )
    )
    assert dialog.isVisible() and dialog.name.text() == "Sam Ortiz"
    assert run_job(qtbot, window, lambda v: records.count_clients(v.require())) == 3


def test_birth_date_and_household_later_from_the_overview(qtbot: QtBot, window: MainWindow) -> None:
    unlocked(qtbot, window)
    open_client(qtbot, window, 2)
    view = window.clients.file_view
    assert view.overview.born.text() == "not recorded"

    qtbot.mouseClick(view.overview.born_button, LEFT)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), BornDialog))
    born = QApplication.activeModalWidget()
    assert isinstance(born, BornDialog)
    assert born.focusWidget() is born.born  # the field a person types into
    shot(born, "birth-date")
    qtbot.keyClicks(born.born, "2012")
    with qtbot.waitSignal(born.saved, timeout=10_000):
        qtbot.keyClick(born.born, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "2012 (a minor today)" in view.overview.born.text())

    qtbot.mouseClick(view.overview.household_button, LEFT)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), HouseholdDialog))
    house = QApplication.activeModalWidget()
    assert isinstance(house, HouseholdDialog)
    picker = house.picker
    qtbot.waitUntil(lambda: picker.household.count() == 3)  # no one + the two others
    picker.household.setFocus()
    _choose(qtbot, house, picker.household, "Amina Diallo")
    shot(house, "household")
    with qtbot.waitSignal(house.saved, timeout=10_000):
        qtbot.mouseClick(house.save_button, LEFT)
    qtbot.waitUntil(
        lambda: "child in a household with file 1 (parent)" in view.overview.household.text()
    )
    ben = run_job(qtbot, window, lambda v: records.get_client(v.require(), 2))
    assert (ben.born, ben.household_role) == ("2012", "child")

    # Out again: the other file stays in its household.
    house = view.household_dialog()
    house.open()
    qtbot.waitUntil(house.leave.isVisible)
    tick(qtbot, house.leave)
    assert house.leave.isChecked(), house.leave.isVisible()
    with qtbot.waitSignal(house.saved, timeout=10_000):
        qtbot.mouseClick(house.save_button, LEFT)
    qtbot.waitUntil(lambda: view.overview.household.text() == "none")
    amina = run_job(qtbot, window, lambda v: records.get_client(v.require(), 1))
    assert amina.household_role == "parent"


def test_an_own_copy_request_from_a_parent_for_her_child(qtbot: QtBot, window: MainWindow) -> None:
    from safefile.consent import own_copy
    from safefile.ui.requests.page import RequestDialog

    unlocked(qtbot, window)

    def family(w):  # type: ignore[no-untyped-def]
        v = w.require()
        mum = records.add_client(
            v, ClientIn.from_input({"name": "Maria Lopez", "born": "1990"}), actor=v.actor
        )
        kid = ClientIn.from_input({"name": "Lia Lopez", "born": "2016-02-03"})
        return records.add_client_with_household(v, kid, mum, "child", "parent", actor=v.actor)

    kid = run_job(qtbot, window, family)
    window.clients.reload_list()
    qtbot.waitUntil(lambda: window.clients.model.rowCount() == 5)
    with timed("an own-copy request from a parent for a child", qtbot):
        open_client(qtbot, window, kid)
        view = window.clients.file_view
        view.setCurrentWidget(view.sharing)
        qtbot.mouseClick(view.sharing.own_copy_button, LEFT)
        qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), RequestDialog))
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, RequestDialog)
        qtbot.mouseClick(dialog.identity, LEFT)  # into the first field to type
        qtbot.keyClicks(dialog.identity, "Photo ID seen in person")
        qtbot.keyClick(dialog.identity, Qt.Key.Key_Tab)
        assert dialog.focusWidget() is dialog.capacity
        for _ in range(5):
            if dialog.capacity.currentData() == "parent":
                break
            qtbot.keyClick(dialog.capacity, Qt.Key.Key_Down)
        assert dialog.capacity.currentData() == "parent"
        qtbot.keyClick(dialog.capacity, Qt.Key.Key_Tab)
        qtbot.keyClicks(dialog.representative, "Maria Lopez")
        qtbot.keyClick(dialog.representative, Qt.Key.Key_Tab)
        qtbot.keyClicks(dialog.authority, "Mother; birth certificate seen")
        shot(dialog, "own-copy-parent")
        with qtbot.waitSignal(dialog.saved, timeout=10_000):
            qtbot.mouseClick(dialog.save_button, LEFT)
    [req] = run_job(qtbot, window, lambda v: own_copy.list_requests(v.require(), kid))
    assert (req.client_id, req.capacity, req.representative) == (kid, "parent", "Maria Lopez")


def test_a_joint_note_with_another_client(qtbot: QtBot, window: MainWindow) -> None:
    from safefile.ui.clients.entry import NoteDialog

    unlocked(qtbot, window)
    open_client(qtbot, window, 1)
    view = window.clients.file_view
    view.setCurrentWidget(view.notes)
    qtbot.mouseClick(view.notes.write_button, LEFT)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), NoteDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, NoteDialog)
    picker = dialog.with_clients
    qtbot.waitUntil(lambda: picker.count() == 2)  # the two other clients
    ben = next(i for i in range(picker.count()) if "Ben Okafor" in picker.item(i).text())
    rect = picker.visualItemRect(picker.item(ben))
    qtbot.mouseClick(picker.viewport(), LEFT, pos=QPoint(rect.left() + 10, rect.center().y()))
    assert picker.chosen() == [2]
    qtbot.keyClicks(dialog.data, "Couples session: both attended.")
    shot(dialog, "note-joint")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, LEFT)
    assert picker.count() == 0  # the closed form keeps no list of clients
    [note] = run_job(qtbot, window, lambda v: records.list_notes(v.require(), 1))
    assert note.client_ids == (1, 2)
    assert [
        n.ref for n in run_job(qtbot, window, lambda v: records.list_notes(v.require(), 2))
    ] == [note.ref]


def test_a_closed_form_keeps_no_list_of_clients(qtbot: QtBot, window: MainWindow) -> None:
    unlocked(qtbot, window)
    dialog = _open_add(qtbot, window)
    picker = dialog.intake.picker
    qtbot.waitUntil(lambda: picker.household.count() == 4)  # no one + three clients
    window.lock()  # the lock closes the form
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert picker.household.count() == 1 and picker.clients == {}
    texts = [picker.household.itemText(i) for i in range(picker.household.count())]
    assert not any("Amina" in t or "Ben" in t for t in texts)
