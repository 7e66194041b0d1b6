"""Settings › Categories of information: the program's own categories (issue 26 item 7).

The list shows each category with what it covers; the form below adds one through the
core (records/program_categories.add_category, what ``category add`` calls), which says
what is wrong with a name and records the change.  A category is never changed or taken
away once added: releases and notes may name it.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safefile.records import program_categories as core
from safefile.ui.worker import VaultService, VaultWorker, plain_message


def line(c: core.ProgramCategory) -> str:
    alone = " (sent alone, under a release naming it alone)" if c.alone else ""
    return f"{c.name}: {c.covers}{alone}"


class CategoriesBox(QGroupBox):
    """The program's categories, and a form to add one."""

    added = Signal(str)  # the new category's code

    def __init__(self, service: VaultService, parent: QWidget | None = None) -> None:
        super().__init__("Categories of information", parent)
        self.setObjectName("programCategories")
        self.service = service
        layout = QVBoxLayout(self)
        self.list = QListWidget()
        self.list.setObjectName("programCategoryList")
        self.list.setAccessibleName("The program's own categories of information")
        self.list.setMinimumHeight(70)
        self.list.setWordWrap(True)
        layout.addWidget(self.list)
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setObjectName("categoryName")
        self.name.setAccessibleName("New category's name")
        self.name.setPlaceholderText("e.g. HIV status")
        form.addRow("Na&me", self.name)
        self.covers = QLineEdit()
        self.covers.setObjectName("categoryCovers")
        self.covers.setAccessibleName("What the new category covers")
        form.addRow("What it co&vers", self.covers)
        # Short: a check box's words do not wrap, and the settings must fit a 1366 px
        # screen at the largest text; what it means is in the note below.
        self.alone = QCheckBox("Sent alone, like process notes")
        self.alone.setObjectName("categoryAlone")
        self.alone.setToolTip("A release must name this category alone.")
        form.addRow("", self.alone)
        self.notice = QPlainTextEdit()
        self.notice.setObjectName("categoryNotice")
        self.notice.setAccessibleName("Notice printed on every disclosure carrying it")
        self.notice.setFixedHeight(60)
        form.addRow("Notice printed with it", self.notice)
        layout.addLayout(form)
        self.add_button = QPushButton("Add the &category")
        self.add_button.setObjectName("addCategoryButton")
        layout.addWidget(self.add_button)
        self.message = QLabel("")
        self.message.setObjectName("error")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Message about categories")
        layout.addWidget(self.message)
        note = QLabel(
            "A note or document put in a category goes only under a release that names it, "
            "and its notice is printed on every file that carries it. A category sent alone "
            "needs a release that names it alone. A category cannot be changed or removed "
            "once added."
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.add_button.clicked.connect(self.add)
        self.service.submit(lambda w: core.list_categories(w.require()), self._show)

    def _show(self, cats: list[core.ProgramCategory]) -> None:
        self.list.clear()
        self.list.addItems([line(c) for c in cats])

    def add(self) -> None:
        name, covers = self.name.text(), self.covers.text()
        alone, notice = self.alone.isChecked(), self.notice.toPlainText()

        def job(w: VaultWorker) -> tuple[str, list[core.ProgramCategory]]:
            vault = w.require()
            made = core.add_category(
                vault, name=name, covers=covers, alone=alone, notice=notice, actor=vault.actor
            )
            return made.code, core.list_categories(vault)

        def done(result: tuple[str, list[core.ProgramCategory]]) -> None:
            code, cats = result
            for edit in (self.name, self.covers):
                edit.clear()
            self.notice.clear()
            self.alone.setChecked(False)
            self.message.setText("")
            self._show(cats)
            self.added.emit(code)

        def failed(exc: Exception) -> None:
            self.message.setText(plain_message(exc))

        self.service.submit(job, done, failed)
