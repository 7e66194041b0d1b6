"""Program › Shelter and survey (issue 26): a stay, its end, a request not met and the
survey's counts, each typed in its form by keyboard and mouse and read back from the
vault."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TypeVar

from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from safefile.ui.form_dialog import FormDialog
from safefile.ui.main_window import MainWindow
from safefile.ui.program.counts import EndStayDialog, StayDialog, SurveyDialog, UnmetDialog
from tests.ui.helpers import run_job, unlocked

LEFT = Qt.MouseButton.LeftButton
TODAY = date.today()


D = TypeVar("D", bound=FormDialog)


def _form(qtbot: QtBot, window: MainWindow, kind: type[D]) -> D:
    page = window.workspace.program.counts
    button = {
        StayDialog: page.stay_button,
        EndStayDialog: page.end_button,
        UnmetDialog: page.unmet_button,
        SurveyDialog: page.survey_button,
    }[kind]
    qtbot.mouseClick(button, LEFT)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), kind))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, kind)
    return dialog


def _type(qtbot: QtBot, widget: object, text: str) -> None:
    """Select what the field holds and type over it."""
    from PySide6.QtWidgets import QAbstractSpinBox

    assert isinstance(widget, QAbstractSpinBox)
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)


def _rows(qtbot: QtBot, window: MainWindow, sql: str) -> list[tuple[object, ...]]:
    return run_job(qtbot, window, lambda w: list(w.require().db.execute(sql)))  # type: ignore[no-any-return]


def test_shelter_stay_its_end_a_request_not_met_and_survey_counts(
    qtbot: QtBot, window: MainWindow
) -> None:
    unlocked(qtbot, window)
    window.workspace.tabs.setCurrentWidget(window.workspace.program)
    program = window.workspace.program
    program.tabs.setCurrentWidget(program.counts)

    stay = _form(qtbot, window, StayDialog)
    qtbot.waitUntil(lambda: stay.client.count() == 3)
    stay.client.setFocus()
    qtbot.keyClick(stay.client, Qt.Key.Key_Down)  # the second client
    chosen = int(stay.client.currentData())
    first = TODAY - timedelta(days=5)
    stay.start.setDate(QDate(first.year, first.month, first.day))
    with qtbot.waitSignal(stay.saved, timeout=10_000):
        qtbot.mouseClick(stay.save_button, LEFT)
    assert _rows(qtbot, window, "SELECT client_id, from_date, to_date FROM shelter_stays") == [
        (chosen, first.isoformat(), None)
    ]
    assert "stay was recorded" in program.counts.message.text()

    end = _form(qtbot, window, EndStayDialog)
    qtbot.waitUntil(lambda: end.client.count() == 3)
    end.client.setCurrentIndex(end.client.findData(chosen))
    gone = TODAY - timedelta(days=10)  # before the first night: refused, kept open
    end.on.setDate(QDate(gone.year, gone.month, gone.day))
    qtbot.mouseClick(end.save_button, LEFT)
    qtbot.waitUntil(lambda: "before it starts" in end.message.text(), timeout=10_000)
    end.on.setDate(QDate(TODAY.year, TODAY.month, TODAY.day))
    with qtbot.waitSignal(end.saved, timeout=10_000):
        qtbot.mouseClick(end.save_button, LEFT)
    assert _rows(qtbot, window, "SELECT to_date FROM shelter_stays") == [(TODAY.isoformat(),)]

    unmet = _form(qtbot, window, UnmetDialog)
    _type(qtbot, unmet.household_size, "3")
    qtbot.mouseClick(unmet.save_button, LEFT)  # no reason chosen: asked for, nothing saved
    assert "Choose the reason" in unmet.message.text()
    unmet.reason.setFocus()
    qtbot.keyClicks(unmet.reason, "No beds")
    with qtbot.waitSignal(unmet.saved, timeout=10_000):
        qtbot.mouseClick(unmet.save_button, LEFT)
    assert _rows(qtbot, window, "SELECT household_size, reason FROM shelter_unmet") == [
        (3, "no-beds")
    ]

    survey = _form(qtbot, window, SurveyDialog)
    _type(qtbot, survey.responses, "12")
    _type(qtbot, survey.safety_yes, "10")
    _type(qtbot, survey.resources_yes, "13")  # more than answered: refused
    qtbot.mouseClick(survey.save_button, LEFT, pos=QPoint(4, 4))
    qtbot.waitUntil(lambda: "from 0 to the 12" in survey.message.text(), timeout=10_000)
    _type(qtbot, survey.resources_yes, "9")
    with qtbot.waitSignal(survey.saved, timeout=10_000):
        qtbot.mouseClick(survey.save_button, LEFT)
    got = "SELECT responses, safety_yes, resources_yes FROM survey_counts"
    assert _rows(qtbot, window, got) == [(12, 10, 9)]
