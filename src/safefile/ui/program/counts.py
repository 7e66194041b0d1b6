"""Program › Shelter and survey: the funder's counts that are not a client's record of
service (issue 26): shelter stays and their end, requests for shelter that could not be
met, and the client survey's counts.  Each form calls the ``funder.entries`` function the
command line's ``shelter`` and ``survey`` commands call; every rule is the core's."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from safefile.funder import entries, lists
from safefile.ui.day import vault_today
from safefile.ui.form_dialog import FormDialog
from safefile.ui.program.common import client_combo, date_edit, to_date
from safefile.ui.worker import Job, VaultService

EXPLAINED = (
    "Counts for the funder's report. A shelter stay is kept with the client's file; a "
    "request that could not be met and the survey's counts name no one."
)


def _spin(low: int, high: int, name: str, value: int = 0) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setValue(value)
    spin.setAccessibleName(name)
    return spin


class StayDialog(FormDialog):
    """A client's shelter stay: the first night, and the day they left (if they have)."""

    def __init__(self, service: VaultService, parent: QWidget | None = None) -> None:
        super().__init__(
            service,
            "A shelter stay",
            "The nights counted are from the first night up to the day they left.",
            "&Save the stay",
            parent,
        )
        self.client = client_combo(service, self, status="open")
        self.start = date_edit(vault_today(self.service))
        self.start.setAccessibleName("The first night")
        self.staying = QCheckBox("&Still staying")
        self.staying.setChecked(True)
        self.end = date_edit(vault_today(self.service))
        self.end.setAccessibleName("The day they left")
        self.end.setEnabled(False)
        self.staying.toggled.connect(lambda on: self.end.setEnabled(not on))
        self.form.addRow("&Client", self.client)
        self.form.addRow("&First night", self.start)
        self.form.addRow(self.staying)
        self.form.addRow("&Left on", self.end)

    def job(self) -> Job:
        cid, start = self.client.currentData(), to_date(self.start)
        end = None if self.staying.isChecked() else to_date(self.end)
        return lambda w: entries.add_stay(
            w.require(), _client(cid), start, end, actor=w.require().actor
        )


class EndStayDialog(FormDialog):
    """The day a client's open stay ended."""

    def __init__(self, service: VaultService, parent: QWidget | None = None) -> None:
        super().__init__(
            service, "End a stay", "The day the client left the shelter.", "&End the stay", parent
        )
        self.client = client_combo(service, self)
        self.on = date_edit(vault_today(self.service))
        self.on.setAccessibleName("The day they left")
        self.form.addRow("&Client", self.client)
        self.form.addRow("&Left on", self.on)

    def job(self) -> Job:
        cid, on = self.client.currentData(), to_date(self.on)
        return lambda w: entries.end_stay(w.require(), _client(cid), on, actor=w.require().actor)


class UnmetDialog(FormDialog):
    """A request for shelter that could not be met (no one is named)."""

    def __init__(self, service: VaultService, parent: QWidget | None = None) -> None:
        super().__init__(
            service,
            "A request for shelter not met",
            "Only the date, the household's size and the reason are kept: no one is named.",
            "&Save",
            parent,
        )
        self.on = date_edit(vault_today(self.service))
        self.on.setAccessibleName("The date of the request")
        self.household_size = _spin(1, 30, "Household size", 1)
        self.reason = QComboBox()
        self.reason.setAccessibleName("Why it could not be met")
        self.reason.addItem("Choose the reason…", None)
        for key, label in lists.answers(None, "unmet-reasons"):
            self.reason.addItem(label, key)
        self.form.addRow("&Date", self.on)
        self.form.addRow("&Household size", self.household_size)
        self.form.addRow("&Why not met", self.reason)

    def save(self) -> None:
        if self.reason.currentData() is None:  # nothing asked of the core yet
            self.message.setText("Choose the reason the request could not be met.")
            return
        super().save()

    def job(self) -> Job:
        on, size = to_date(self.on), self.household_size.value()
        reason = str(self.reason.currentData() or "")
        return lambda w: entries.add_unmet(w.require(), on, size, reason, actor=w.require().actor)


class SurveyDialog(FormDialog):
    """A batch of the client survey's counts."""

    def __init__(self, service: VaultService, parent: QWidget | None = None) -> None:
        super().__init__(
            service,
            "Survey counts",
            "How many answered the client survey, and how many said yes to each question.",
            "&Save the counts",
            parent,
        )
        self.on = date_edit(vault_today(self.service))
        self.on.setAccessibleName("The date of the survey")
        self.responses = _spin(0, 100_000, "How many answered")
        self.safety_yes = _spin(0, 100_000, "Yes: strategies for enhancing my safety")
        self.resources_yes = _spin(0, 100_000, "Yes: knowledge of community resources")
        self.form.addRow("&Date", self.on)
        self.form.addRow("&Responses", self.responses)
        self.form.addRow("Yes: &safety strategies", self.safety_yes)
        self.form.addRow("Yes: community r&esources", self.resources_yes)

    def job(self) -> Job:
        on, n = to_date(self.on), self.responses.value()
        safety, resources = self.safety_yes.value(), self.resources_yes.value()
        return lambda w: entries.add_survey(
            w.require(), on, n, safety, resources, actor=w.require().actor
        )


def _client(cid: object) -> int:
    from safefile.errors import InvalidInput

    if cid is None:
        raise InvalidInput("Choose the client.")
    return int(str(cid))


Form = Callable[[VaultService, QWidget | None], FormDialog]


class CountsPage(QWidget):
    """The buttons that open the four forms; ``message`` says what was saved."""

    def __init__(self, service: VaultService) -> None:
        super().__init__()
        self.service = service
        explain = QLabel(EXPLAINED)
        explain.setWordWrap(True)
        self.stay_button = QPushButton("A shelter &stay…")
        self.end_button = QPushButton("&End a stay…")
        self.unmet_button = QPushButton("A request for shelter &not met…")
        self.survey_button = QPushButton("Sur&vey counts…")
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Message")
        shelter = QHBoxLayout()
        for b in (self.stay_button, self.end_button, self.unmet_button):
            shelter.addWidget(b)
        shelter.addStretch()
        survey = QHBoxLayout()
        survey.addWidget(self.survey_button)
        survey.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(shelter)
        layout.addLayout(survey)
        layout.addWidget(self.message)
        layout.addStretch()
        forms: tuple[tuple[QPushButton, Form, str], ...] = (
            (self.stay_button, StayDialog, "The stay was recorded."),
            (self.end_button, EndStayDialog, "The stay's end was recorded."),
            (self.unmet_button, UnmetDialog, "The request not met was recorded."),
            (self.survey_button, SurveyDialog, "The survey's counts were recorded."),
        )
        for button, form, said in forms:
            button.clicked.connect(lambda _=False, form=form, said=said: self.open_form(form, said))

    def open_form(self, form: Form, said: str) -> FormDialog:
        dialog = form(self.service, self)
        dialog.saved.connect(lambda _: self.message.setText(said))
        dialog.open()
        return dialog

    def refresh(self) -> None:
        """Nothing is shown to read again."""

    def clear(self) -> None:
        self.message.clear()


__all__ = ["CountsPage", "EndStayDialog", "StayDialog", "SurveyDialog", "UnmetDialog"]
