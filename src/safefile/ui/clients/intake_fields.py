"""The intake form's funder fields: the date the file was opened, the answers a funder
counts (gender identity, race and ethnicity, age band, victimization types, special
classifications; each may be 'declined' or left 'not asked'), and what the client was
told about how their information is kept and shared.  The lists come from the core
(resources/funder_lists.json); the rules live there too."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safefile.funder import lists
from safefile.funder.intake import Intake
from safefile.records.acknowledgement import STATEMENTS
from safefile.ui.program.common import date_edit, to_date

NOT_ASKED_LABEL = "Not asked"
DECLINED_LABEL = "Declined to answer"


def answer_combo(name: str, accessible: str) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(accessible)
    combo.addItem(NOT_ASKED_LABEL, lists.NOT_ASKED)
    combo.addItem(DECLINED_LABEL, lists.DECLINED)
    for key, label in lists.answers(None, name):
        combo.addItem(label, key)
    return combo


def check_list(name: str, accessible: str) -> QListWidget:
    """Several answers: one checkbox each, plus 'declined'."""
    box = QListWidget()
    box.setAccessibleName(accessible)
    for key, label in [*lists.answers(None, name), (lists.DECLINED, DECLINED_LABEL)]:
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, key)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        box.addItem(item)
    box.setWordWrap(True)  # long PMT labels wrap instead of scrolling sideways
    box.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    box.setMinimumHeight(150)
    box.setMaximumHeight(170)
    return box


def checked(box: QListWidget) -> list[str]:
    return [
        str(box.item(i).data(Qt.ItemDataRole.UserRole))
        for i in range(box.count())
        if box.item(i).checkState() == Qt.CheckState.Checked
    ]


class IntakeFields(QWidget):
    """``opened`` and ``told`` say whether the date the file was opened and the 'Told at
    intake' boxes are shown (Add client: both; changing the answers later: neither)."""

    def __init__(
        self, today: date, parent: QWidget | None = None, *, opened: bool = True, told: bool = True
    ) -> None:
        super().__init__(parent)
        self.setObjectName("intake_fields")
        self.intake = date_edit(today)
        self.intake.setAccessibleName("Date the file was opened")
        self.intake.setObjectName("intake_date")
        self.intake_changed = False  # untouched: the file opens today (the vault's clock)
        self.intake.dateChanged.connect(lambda _: setattr(self, "intake_changed", True))
        self.gender = answer_combo("gender", "Gender identity")
        self.age_band = answer_combo("age-band", "Age band (when the birth date is not known)")
        self.race = check_list("race-ethnicity", "Race and ethnicity")
        self.victimization = check_list("victimization", "Victimization types")
        self.special = check_list("special", "Special classifications")
        counts = QGroupBox("For the funder's counts (optional; only counts ever leave)")
        form = QFormLayout(counts)
        form.addRow("&Gender identity", self.gender)
        form.addRow("Age &band (no birth date)", self.age_band)
        lists_row = QHBoxLayout()
        for title, box in (
            ("Race and ethnicity", self.race),
            ("Victimization types", self.victimization),
            ("Special classifications", self.special),
        ):
            column = QVBoxLayout()
            group = QGroupBox(title)
            inner = QVBoxLayout(group)
            inner.addWidget(box)
            column.addWidget(group)
            lists_row.addLayout(column)
        form.addRow(lists_row)
        told_group = QGroupBox("Told at intake")
        told_group.setVisible(told)
        told_layout = QVBoxLayout(told_group)
        self.told = {key: QCheckBox(f"Told {text}") for key, text in STATEMENTS.items()}
        for told_box in self.told.values():
            told_layout.addWidget(told_box)
        self.notice = QCheckBox("Gave the program's written notice")
        told_layout.addWidget(self.notice)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        opened_row = QWidget()  # (kept, hidden, when not asked: its widgets stay alive)
        top = QFormLayout(opened_row)
        top.setContentsMargins(0, 0, 0, 0)
        top.addRow("Date the file was &opened", self.intake)
        opened_row.setVisible(opened)
        layout.addWidget(opened_row)
        layout.addWidget(counts)
        layout.addWidget(told_group)

    def intake_date(self) -> date | None:
        """The date typed, or None (today) when the field was left as it was."""
        return to_date(self.intake) if self.intake_changed else None

    def answers(self) -> dict[str, Any]:
        """What intake.parse takes; an answer left 'not asked' everywhere is left out."""
        out: dict[str, Any] = {}
        if self.gender.currentData() != lists.NOT_ASKED:
            out["gender"] = self.gender.currentData()
        if self.age_band.currentData() != lists.NOT_ASKED:
            out["age_band"] = self.age_band.currentData()
        for key, box in (
            ("race_ethnicity", self.race),
            ("victimization", self.victimization),
            ("special", self.special),
        ):
            chosen = checked(box)
            if chosen:
                out[key] = chosen
        return out

    def told_statements(self) -> tuple[str, ...]:
        return tuple(k for k, box in self.told.items() if box.isChecked())

    def every_answer(self) -> dict[str, Any]:
        """Every answer as shown, 'not asked' too (changing the answers: an answer taken
        back is recorded as not asked, not left as it was)."""
        return {
            "gender": self.gender.currentData(),
            "age_band": self.age_band.currentData(),
            "race_ethnicity": checked(self.race) or [lists.NOT_ASKED],
            "victimization": checked(self.victimization) or [lists.NOT_ASKED],
            "special": checked(self.special) or [lists.NOT_ASKED],
        }

    def show_answers(self, now: Intake) -> None:
        """Fill the fields in with the answers recorded."""
        self.gender.setCurrentIndex(max(0, self.gender.findData(now.gender)))
        self.age_band.setCurrentIndex(max(0, self.age_band.findData(now.age_band or "")))
        for question, box in (
            ("race-ethnicity", self.race),
            ("victimization", self.victimization),
            ("special", self.special),
        ):
            given = set(now.answers.get(question, ()))
            for i in range(box.count()):
                item = box.item(i)
                on = item.data(Qt.ItemDataRole.UserRole) in given
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
