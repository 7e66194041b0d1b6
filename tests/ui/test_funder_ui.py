"""Issue 26 in the app: the intake form's funder fields and the anonymous contact form."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from safefile import records
from safefile.funder import intake
from safefile.records import acknowledgement
from safefile.ui.main_window import MainWindow
from tests.ui.helpers import run_job, unlocked

pytestmark = pytest.mark.usefixtures("qapp")


@pytest.fixture
def win(qtbot: QtBot, made: Path) -> Iterator[MainWindow]:
    w = MainWindow(made, idle_ms=600_000)
    qtbot.addWidget(w)
    w.show()
    unlocked(qtbot, w)
    yield w
    w.close()


def _tick(box: object, key: str) -> None:
    for i in range(box.count()):  # type: ignore[attr-defined]
        item = box.item(i)  # type: ignore[attr-defined]
        if item.data(Qt.ItemDataRole.UserRole) == key:
            item.setCheckState(Qt.CheckState.Checked)


def test_intake_form_saves_the_opening_date_answers_and_what_was_told(
    qtbot: QtBot, win: MainWindow
) -> None:
    page = win.clients
    dialog = page.add_client_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    fields = dialog.funder
    assert fields.objectName() == "intake_fields"
    qtbot.keyClicks(dialog.name, "Olga Paper")
    fields.intake.setDate(QDate(2019, 4, 2))
    fields.gender.setCurrentIndex(fields.gender.findData("female"))
    fields.age_band.setCurrentIndex(fields.age_band.findData("25-59"))
    for box, key in (
        (fields.race, "asian"),
        (fields.race, "white"),
        (fields.victimization, "stalking"),
        (fields.special, "limited-english"),
    ):
        _tick(box, key)
    fields.told["kept"].setChecked(True)
    fields.told["limits"].setChecked(True)
    fields.notice.setChecked(True)
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as blocker:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    cid = blocker.args[0]
    got = run_job(
        qtbot,
        win,
        lambda w: (
            records.get_client(w.require(), cid).intake_date.isoformat(),
            intake.get(w.require(), cid),
            acknowledgement.latest(w.require(), cid),
        ),
    )
    assert got[0] == "2019-04-02"
    assert got[1].gender == "female" and got[1].age_band == "25-59"
    assert got[1].answers["race-ethnicity"] == ["asian", "white"]
    assert got[1].answers["special"] == ["limited-english"]
    ack = got[2]
    assert ack is not None and ack.told == ("kept", "limits") and ack.notice_given
    assert ack.missing == ["how and when it is shared"]


def test_intake_form_left_alone_opens_the_file_today(qtbot: QtBot, win: MainWindow) -> None:
    dialog = win.clients.add_client_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.name, "Pia Today")
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as blocker:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    cid = blocker.args[0]
    got = run_job(qtbot, win, lambda w: (intake.get(w.require(), cid), w.require()))
    assert got[0].gender == "not-asked" and got[0].answers == {}


def test_anonymous_contact_form_has_no_name_and_is_counted(qtbot: QtBot, win: MainWindow) -> None:
    page = win.clients
    assert page.contact_button.objectName() == "anonymous_contact_button"
    dialog = page.anonymous_contact()
    qtbot.addWidget(dialog)
    dialog.show()
    edits = [e.accessibleName() for e in dialog.findChildren(QLineEdit)]
    assert all("name" not in a.lower() and "phone" not in a.lower() for a in edits)
    dialog.kind.setCurrentIndex(dialog.kind.findData("walk-in"))
    dialog.minutes.setValue(25)
    _tick(dialog.victimization, "domestic-violence")
    dialog.referral.setText("legal aid clinic")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    rows = run_job(
        qtbot,
        win,
        lambda w: (
            w.require()
            .db.execute(
                "SELECT c.kind, c.minutes, a.answer FROM anonymous_contacts c "
                "JOIN anonymous_contact_answers a ON a.contact_id = c.id"
            )
            .fetchall()
        ),
    )
    assert [tuple(r) for r in rows] == [("walk-in", 25, "domestic-violence")]
    assert page.model.rowCount() == 3  # no client file was made
