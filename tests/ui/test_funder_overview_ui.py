"""The funder's intake answers changed after intake, and what the client was told recorded
later, from the client's Overview (issue 26), by keyboard and mouse, read back from the
vault."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QListWidget
from pytestqt.qtbot import QtBot

from safefile.funder import intake, lists
from safefile.records import acknowledgement
from safefile.ui.clients.funder_dialogs import AcknowledgeDialog, IntakeAnswersDialog
from safefile.ui.main_window import MainWindow
from tests.ui.helpers import open_client, run_job, unlocked

LEFT = Qt.MouseButton.LeftButton


def tick(qtbot: QtBot, box: QCheckBox) -> None:
    qtbot.mouseClick(box, LEFT, pos=QPoint(8, box.height() // 2))


def tick_item(qtbot: QtBot, box: QListWidget, key: str) -> None:
    """Tick an answer as a user does: choose its line and press Space."""
    row = next(i for i in range(box.count()) if box.item(i).data(Qt.ItemDataRole.UserRole) == key)
    box.setFocus()
    box.setCurrentRow(row)
    qtbot.keyClick(box, Qt.Key.Key_Space)


def test_change_the_intake_answers_from_the_overview(qtbot: QtBot, window: MainWindow) -> None:
    unlocked(qtbot, window)
    run_job(
        qtbot,
        window,
        lambda w: intake.set_answers(
            w.require(),
            1,
            intake.parse(w.require(), gender="male", special="declined"),
            actor=w.require().actor,
        ),
    )
    open_client(qtbot, window, 1)
    overview = window.clients.file_view.overview
    qtbot.mouseClick(overview.intake_button, LEFT)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), IntakeAnswersDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, IntakeAnswersDialog)
    qtbot.waitUntil(lambda: dialog.is_loaded, timeout=10_000)
    fields = dialog.funder
    assert fields.gender.currentData() == "male"  # what is recorded is shown
    assert not fields.intake.isVisible()  # the date the file opened is not changed here
    fields.gender.setFocus()
    qtbot.keyClicks(fields.gender, "Female")
    assert fields.gender.currentData() == "female"
    tick_item(qtbot, fields.victimization, "adult-sexual-assault")
    tick_item(qtbot, fields.special, "declined")  # taken back: not asked
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, LEFT)
    now = run_job(qtbot, window, lambda w: intake.get(w.require(), 1))
    assert now.gender == "female"
    assert now.answers["victimization"] == ["adult-sexual-assault"]
    assert now.answers["special"] == [lists.NOT_ASKED]


def test_record_later_what_the_client_was_told(qtbot: QtBot, window: MainWindow) -> None:
    unlocked(qtbot, window)
    open_client(qtbot, window, 1)
    overview = window.clients.file_view.overview
    assert run_job(qtbot, window, lambda w: acknowledgement.latest(w.require(), 1)) is None
    qtbot.mouseClick(overview.acknowledge_button, LEFT)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), AcknowledgeDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, AcknowledgeDialog)
    tick(qtbot, dialog.told["kept"])
    tick(qtbot, dialog.told["limits"])
    tick(qtbot, dialog.notice)
    me = window.service.worker.vault.actor.name  # type: ignore[union-attr]
    assert dialog.by.isReadOnly() and dialog.by.text() == me  # the session's, never typed
    qtbot.keyClicks(dialog.by, "Sam Rivera")  # a read-only line takes no keys
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, LEFT)
    ack = run_job(qtbot, window, lambda w: acknowledgement.latest(w.require(), 1))
    assert ack is not None
    assert ack.told == ("kept", "limits") and ack.notice_given and ack.told_by == me
    assert ack.missing == [acknowledgement.STATEMENTS["shared"]]
