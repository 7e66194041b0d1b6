"""The written release in the app (issue 24): print a draft's form, attach the signed scan
(the core checks its code; the person says whether anything was changed by hand), and print
a release's revocation form.  The dialogs only ask; every rule is the core's
(consent/drafts.py, export/release_form.py)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from safefile.consent import drafts
from safefile.consent.drafts import Draft
from safefile.consent.releases import STATEMENTS, Release
from safefile.records.language import languages
from safefile.ui.clients.revoke import _date_edit, to_date
from safefile.ui.day import qtoday
from safefile.ui.form_dialog import FormDialog
from safefile.ui.share.release_form import CAPACITIES
from safefile.ui.worker import Job, VaultService, VaultWorker

if TYPE_CHECKING:  # reportlab loads only when a form is printed
    from safefile.export.release_form import Printed

CHANGED = ("Choose…", "No, nothing was changed", "Yes, something was changed by hand")


def _path_row(edit: QLineEdit, pick: QPushButton) -> QHBoxLayout:
    layout = QHBoxLayout()
    layout.addWidget(edit, 1)
    layout.addWidget(pick)
    return layout


class PrintFormDialog(FormDialog):
    """Print the form of a draft (or of a release's revocation) to a PDF the user chooses."""

    def __init__(
        self,
        service: VaultService,
        ref: str,
        language: str,
        *,
        revocation: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        what = "revocation form" if revocation else "form"
        super().__init__(
            service,
            "Print a revocation form" if revocation else "Print a release form",
            (
                f"Save the {what} of release {ref} as a PDF to print. Hand the printed form to "
                "the client, read it with them, and keep the signed paper for the scan. "
                "Delete the PDF once it is printed: it names the client."
            ),
            "&Save the PDF",
            parent,
        )
        self.ref, self.revocation = ref, revocation
        self.path = QLineEdit()
        self.path.setAccessibleName("Where to save the PDF")
        pick = QPushButton("C&hoose…")
        pick.clicked.connect(self._pick)
        self.language = QComboBox()
        self.language.setAccessibleName("Language of the form")
        for code, name in languages().items():
            self.language.addItem(f"{name} ({code})", code)
        self.language.setCurrentIndex(max(0, list(languages()).index(language)))
        self.bilingual = QCheckBox("Also in &English, after it (for the file)")
        self.form.addRow("File", _path_row(self.path, pick))
        self.form.addRow("&Language", self.language)
        self.form.addRow(self.bilingual)

    def _pick(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Save the form", f"release-{self.ref}.pdf", "PDF (*.pdf)"
        )
        if name:
            self.path.setText(name)

    def job(self) -> Job:
        ref, path = self.ref, Path(self.path.text().strip() or "-")
        lang, both, revocation = (
            self.language.currentData(),
            self.bilingual.isChecked(),
            self.revocation,
        )

        def job(w: VaultWorker) -> Printed:
            from safefile.export.release_form import print_release_form, print_revocation_form

            fn = print_revocation_form if revocation else print_release_form
            vault = w.require()
            return fn(vault, ref, path, language=lang, bilingual=both, actor=vault.actor)

        return job


class AttachSignedDialog(FormDialog):
    """Attach the scan of the signed form: the date signed, the statements initialled, and
    whether anything was changed by hand."""

    def __init__(self, service: VaultService, draft: Draft, parent: QWidget | None = None) -> None:
        super().__init__(
            service,
            "Attach the signed form",
            (
                f"Attach the scan (PDF or image) of release {draft.ref}'s signed form, every "
                "page. SafeFile reads the code on each page: it must be this release's newest "
                "printed form. The release is in effect from the date it was signed."
            ),
            "&Attach and sign",
            parent,
        )
        self.ref = draft.ref
        self.path = QLineEdit()
        self.path.setAccessibleName("The scan of the signed form")
        pick = QPushButton("C&hoose…")
        pick.clicked.connect(self._pick)
        today = qtoday(service)
        self.on = _date_edit("Date signed", today)
        self.on.setMaximumDate(today)
        self.changed = QComboBox()
        self.changed.addItems(CHANGED)
        self.changed.setAccessibleName("Was anything on the form changed by hand?")
        self.form.addRow("Scan", _path_row(self.path, pick))
        self.form.addRow("&Date signed", self.on)
        self.form.addRow("&Changed by hand?", self.changed)
        self.told: dict[str, QCheckBox] = {}
        for key, words in STATEMENTS.items():
            box = QCheckBox(f"Initialled: {words}")
            box.setChecked(bool(draft.fields.statements.get(key)))
            self.told[key] = box
            self.form.addRow(box)
        # Who signed, as the person attaching it read it on the paper: optional, and each
        # must be what the printed form says (the core checks; a mismatch signs nothing).
        self.signer = QLineEdit()
        self.signer.setAccessibleName("Signed by (checked against the form)")
        self.signer.setPlaceholderText("optional: the name signed on the paper")
        self.capacity = QComboBox()
        self.capacity.setAccessibleName("Signed as (checked against the form)")
        self.capacity.addItem("(not checked)", "")
        for label, value in CAPACITIES:
            self.capacity.addItem(label, value)
        self.authority = QLineEdit()
        self.authority.setAccessibleName("Their authority (checked against the form)")
        self.co_signer = QLineEdit()
        self.co_signer.setAccessibleName("Also signed by (checked against the form)")
        self.form.addRow("Signed &by", self.signer)
        self.form.addRow("Signed as", self.capacity)
        self.form.addRow("Their authority", self.authority)
        self.form.addRow("Also signed by", self.co_signer)
        self.not_abuser = QCheckBox(
            "I attest that no signer is alleged to have harmed the minor, the minor's other "
            "parent or the client"
        )
        self.not_abuser.setChecked(draft.fields.not_abuser)
        self.form.addRow(self.not_abuser)
        self.copy_given = QCheckBox("A copy of the signed form was given to the client on")
        self.copy_given_on = _date_edit("Copy given to the client on", today)
        self.copy_given_on.setMaximumDate(today)
        self.copy_given_on.setEnabled(False)
        self.copy_given.toggled.connect(self.copy_given_on.setEnabled)
        copy_row = QHBoxLayout()
        copy_row.addWidget(self.copy_given)
        copy_row.addWidget(self.copy_given_on)
        copy_row.addStretch()
        self.form.addRow("Client's copy", copy_row)

    def _pick(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "The scan of the signed form", "", "Scans (*.pdf *.png *.jpg *.jpeg)"
        )
        if name:
            self.path.setText(name)

    def job(self) -> Job:
        ref, path, on = self.ref, Path(self.path.text().strip() or "-"), to_date(self.on.date())
        answer = {1: "no", 2: "yes"}.get(self.changed.currentIndex())
        told = {k: True for k, box in self.told.items() if box.isChecked()}
        copy_on = to_date(self.copy_given_on.date()) if self.copy_given.isChecked() else None
        attest = self.not_abuser.isChecked()
        given = {
            "signer_name": self.signer.text(),
            "signer_capacity": str(self.capacity.currentData() or ""),
            "signer_authority": self.authority.text(),
            "co_signer": self.co_signer.text(),
        }
        confirm = {k: v for k, v in given.items() if v.strip()}
        return lambda w: drafts.sign(
            w.require(),
            ref,
            path,
            on,
            changed_by_hand=answer,
            statements=told,
            copy_given_on=copy_on,
            not_abuser=attest,
            confirm=confirm,
            actor=w.require().actor,
        )


class WithdrawDraftDialog(FormDialog):
    """The client does not want a drafted release after all: it can no longer be printed
    or signed (the draft stays in the file, withdrawn)."""

    def __init__(self, service: VaultService, draft: Draft, parent: QWidget | None = None) -> None:
        super().__init__(
            service,
            "Withdraw a draft release",
            (
                f"Release {draft.ref} was drafted but is not signed. Withdraw it if the client "
                "does not want it: it can then no longer be printed or signed, and nothing is "
                "ever sent under it. Any printed copy of its form is void; shred it. This "
                "cannot be undone; the client can sign a new release later."
            ),
            "&Withdraw the draft",
            parent,
        )
        self.ref = draft.ref

    def job(self) -> Job:
        ref = self.ref
        return lambda w: drafts.withdraw(w.require(), ref, actor=w.require().actor)


def print_revocation_dialog(
    service: VaultService, rel: Release, language: str, parent: QWidget | None = None
) -> PrintFormDialog:
    return PrintFormDialog(service, rel.ref, language, revocation=True, parent=parent)
