"""Retention: what is due for destruction, what is held, and destroying it.

Destroying asks first, naming how many files and showing the program's policy on
destruction; afterwards it says what was destroyed (counts only) and which backups
still hold it, and offers a fresh backup that replaces them.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from safefile import settings
from safefile.retention import backups, closing, plan
from safefile.retention import destroy as destruction
from safefile.retention.plan import Line
from safefile.ui.program.common import message_label, policy_label, show_policy
from safefile.ui.program.dialogs import CloseFileDialog, HoldDialog
from safefile.ui.scrolling import fit_width
from safefile.ui.tables import RowsModel, selected_row, table_view
from safefile.ui.worker import VaultService, VaultWorker, plain_message


def _cells(line: Line) -> tuple[str, ...]:
    return (str(line.client_id), line.name, line.closed_on, line.due_on, line.what)


class RetentionPage(QWidget):
    def __init__(self, service: VaultService) -> None:
        super().__init__()
        self.service = service
        self.plan: plan.Plan | None = None
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.policy = policy_label(settings.POLICY_TITLES["policy_destruction"])
        headers = ("Client", "Name", "Closed on", "Due on", "What")
        self.due_model: RowsModel[Line] = RowsModel(headers, _cells)
        self.due_table = table_view(self.due_model, "Due for destruction", (60, 200, 100, 100, 200))
        self.held_model: RowsModel[Line] = RowsModel(
            ("Client", "Name", "Closed on", "", "Legal hold"), _cells
        )
        self.held_table = table_view(self.held_model, "Under a legal hold", (60, 200, 100, 10, 360))
        self.close_button = QPushButton("&Close a file…")
        self.hold_button = QPushButton("Legal &hold…")
        self.release_button = QPushButton("&Release the hold")
        self.destroy_button = QPushButton("&Destroy what is due…")
        self.destroy_button.setObjectName("danger")
        self.replace_button = QPushButton("Make a fresh backup and delete these")
        self.replace_button.hide()
        self.message = message_label("info")
        self.error = message_label()
        row = QHBoxLayout()
        for b in (self.close_button, self.hold_button, self.release_button):
            row.addWidget(b)
        row.addStretch()
        row.addWidget(self.destroy_button)
        # The page scrolls down when the largest text needs more height than the window
        # has (its summary was cut to one line at 15 pt in high contrast).
        inner = QWidget()
        scroll = QScrollArea()
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidgetResizable(True)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        layout = QVBoxLayout(inner)
        layout.addWidget(self.summary)
        layout.addWidget(self.policy)
        layout.addLayout(row)
        layout.addWidget(QLabel("Due for destruction"))
        layout.addWidget(self.due_table, 2)
        layout.addWidget(QLabel("Under a legal hold: never destroyed while held"))
        layout.addWidget(self.held_table, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.replace_button)
        layout.addWidget(self.error)
        scroll.setWidget(inner)
        fit_width(scroll)
        self.close_button.clicked.connect(self.close_file)
        self.hold_button.clicked.connect(self.place_hold)
        self.release_button.clicked.connect(self.release_hold)
        self.destroy_button.clicked.connect(self.confirm_destroy)
        self.replace_button.clicked.connect(self.replace_backups)

    def refresh(self) -> None:
        def job(w: VaultWorker) -> tuple[plan.Plan, list[Line], list[Line], str]:
            v = w.require()
            p = plan.due(v)
            due, held = plan.listing(v, p)
            return p, due, held, settings.policy(v, "policy_destruction")

        self.service.submit(job, self._show)

    def _show(self, result: tuple[plan.Plan, list[Line], list[Line], str]) -> None:
        p, due, held, policy_text = result
        self.plan = p
        self.due_model.set_items(due)
        self.held_model.set_items(held)
        show_policy(self.policy, policy_text)
        self.summary.setText(
            f"The program keeps client files {p.file_months} months after they are closed, "
            f"process notes {p.process_notes_months} months, and the record of sharing "
            f"{p.sharing_months} months (change these under Policies). "
            + (
                f"{len(due)} due for destruction today."
                if due
                else "Nothing is due for destruction today."
            )
            + (
                f" {len(p.sharing_entries)} entries of the record of sharing about destroyed "
                "files are past its period: destroying also removes what they still keep."
                if p.sharing_entries
                else ""
            )
        )
        self.destroy_button.setEnabled(not p.empty)

    def clear(self) -> None:
        self.plan = None
        for m in (self.due_model, self.held_model):
            m.clear()
        for label in (self.summary, self.message, self.error):
            label.clear()
        show_policy(self.policy, "")
        self.replace_button.hide()

    def close_file(self) -> CloseFileDialog:
        d = CloseFileDialog(self.service, self)
        d.saved.connect(self.refresh)
        d.open()
        return d

    def place_hold(self) -> HoldDialog:
        d = HoldDialog(self.service, self)
        d.saved.connect(self.refresh)
        d.open()
        return d

    def release_hold(self) -> None:
        line = self.held_model.item(selected_row(self.held_table))
        if line is None:
            self.error.setText("Choose a file in the list of held files first.")
            return
        self.error.clear()
        self.service.submit(
            lambda w: closing.release_hold(w.require(), line.client_id, actor=w.require().actor),
            lambda _: self.refresh(),
            lambda exc: self.error.setText(plain_message(exc)),
        )

    def confirmation_text(self) -> str:
        p = self.plan
        files = len(p.files) if p else 0
        notes = len(p.process_notes) if p else 0
        parts = []
        if files:
            parts.append(f"{files} client file{'s' if files != 1 else ''} (everything in them)")
        if notes:
            parts.append(f"the process notes of {notes} other file{'s' if notes != 1 else ''}")
        if p and p.sharing_entries:
            parts.append(f"what {len(p.sharing_entries)} old entries of the record of sharing keep")
        policy = self.policy.text().replace("<br>", "\n").replace("<b>", "").replace("</b>", "")
        return (
            "Destroy " + " and ".join(parts) + "? This cannot be undone: the records are "
            "removed from the vault and no readable trace stays in it. The record of sharing "
            "keeps its entries without names.\n\n" + (policy + "\n\n" if policy else "")
        )

    def confirm_destroy(self) -> None:
        if not self.plan or self.plan.empty:
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Destroy records")
        box.setText(self.confirmation_text())
        go = box.addButton("Destroy", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is go:
            self.destroy_due()

    def destroy_due(self) -> None:
        p = self.plan
        if p is None:
            return
        self.destroy_button.setEnabled(False)
        self.service.submit(
            lambda w: destruction.apply(w.require(), p, actor=w.require().actor),
            self._destroyed,
            lambda exc: self.error.setText(plain_message(exc)),
        )

    def _destroyed(self, result: destruction.Destruction) -> None:
        counts = ", ".join(f"{n} {what}" for what, n in result.counts.items() if n)
        text = f"Destroyed on {result.on}: {counts}."
        if result.backups_holding:
            text += (
                "\nThese backups were made before and still hold the destroyed records:\n"
                + "\n".join(result.backups_holding)
            )
            self.replace_button.show()
        text += "\n" + backups.ELSEWHERE
        self.message.setText(text)
        self.refresh()

    def replace_backups(self) -> None:
        self.replace_button.setEnabled(False)

        def done(result: tuple[Path, list[Path]]) -> None:
            fresh, removed = result
            self.message.setText(
                f"A fresh backup was made ({fresh}) and {len(removed)} older backup(s) deleted."
            )
            self.replace_button.hide()
            self.replace_button.setEnabled(True)

        self.service.submit(
            lambda w: backups.replace(w.require(), actor=w.require().actor),
            done,
            lambda exc: self.error.setText(plain_message(exc)),
        )
