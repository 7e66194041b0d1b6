"""Enter a signed release of information, asking for every element in plain words.

Each rule is on the form where it applies (docs/rules.md): who may sign for a minor
and the attestation, that restricted people are never accepted, the documents, the
period and single use, the five statements (none ticked for the user), and the client's
copy.  A refusal shows every reason, each saying what to do.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from safefile import records
from safefile.consent import drafts, people, releases
from safefile.consent.releases import ReleaseIn
from safefile.jobs import signed_release
from safefile.records.language import languages
from safefile.ui.day import qtoday
from safefile.ui.scrolling import TallEnough, WrapLabel, fit_width
from safefile.ui.share.choices import category_boxes, recipient_combo
from safefile.ui.who import session_field
from safefile.ui.worker import VaultService, VaultWorker, plain_message

MINOR_RULE = (
    "A client under 18 on the day of signing, or recorded as a household's child with no "
    "birth date, is a minor: a parent or guardian signs (or the minor with one), and you "
    "attest below that no one who signed is alleged to have harmed the minor, the minor's "
    "other parent or the client. A minor signs alone only where a law allows it: name it."
)
RESTRICTED_RULE = (
    "No one on this client's restricted list (or a household member's) is accepted as a "
    "signer or a contact person."
)
SCOPE_RULE = (
    "A release covers no more than it names: the documents it lists, the period it gives, "
    "and one disclosure only if it says so."
)

CAPACITIES = [
    ("The client", "client"),
    ("A parent (not the abuser)", "parent"),
    ("A guardian", "guardian"),
    ("A personal representative", "personal-representative"),
    ("The minor together with a parent", "minor-with-parent"),
]


def _date(value: QDate) -> QDateEdit:
    edit = QDateEdit(value)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setCalendarPopup(True)
    return edit


class ReleaseDialog(QDialog):
    draft_form = "release"  # what was typed is kept at a lock (ui/drafts.py)
    saved = Signal(int)

    def __init__(
        self, service: VaultService, client_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add a release of information")
        self.service, self.client_id = service, client_id
        today = qtoday(service)  # the vault's day (ui/day.py)
        self.form_file: Path | None = None
        inner = TallEnough()  # every wrapped rule shown whole
        form = QFormLayout(inner)
        self.recipient = recipient_combo(service)
        form.addRow("The &organisation it names", self.recipient)
        self.direction = QComboBox()
        for key, words in releases.DIRECTIONS.items():
            self.direction.addItem(words[0].upper() + words[1:], key)
        form.addRow("It allows us", self.direction)
        self.contact = QLineEdit()
        form.addRow("Contact person there (for delivery only)", self.contact)
        self.categories, cats = category_boxes(service)
        form.addRow("What it allows us to send", cats)
        self.purpose = QLineEdit()
        self.purpose.setPlaceholderText("as written on the form, e.g. Parole compliance")
        form.addRow("For what &purpose", self.purpose)
        self.methods: dict[str, QCheckBox] = {}
        how = QHBoxLayout()
        for key, words in releases.METHODS.items():
            self.methods[key] = QCheckBox(words[0].upper() + words[1:])
            self.methods[key].setAccessibleName(f"May be sent {words}")
            how.addWidget(self.methods[key])
        how.addStretch()
        self.methods["pdf"].setChecked(True)
        form.addRow("How it may be sent", how)
        scope_note = WrapLabel(SCOPE_RULE)
        form.addRow("", scope_note)
        self.documents: dict[int, QCheckBox] = {}
        self.documents_box = QVBoxLayout()
        self.no_documents = QLabel("This client's file has no documents.")
        self.documents_box.addWidget(self.no_documents)
        form.addRow("The documents it covers", self.documents_box)
        period_row = QHBoxLayout()
        self.period = QCheckBox("Only services and notes dated from")
        self.period_from = _date(today.addDays(-90))
        self.period_to = _date(today)
        for edit in (self.period_from, self.period_to):
            edit.setEnabled(False)
            self.period.toggled.connect(edit.setEnabled)
        self.period_from.setAccessibleName("Period from")
        self.period_to.setAccessibleName("Period to")
        period_row.addWidget(self.period)
        period_row.addWidget(self.period_from)
        period_row.addWidget(QLabel("to"))
        period_row.addWidget(self.period_to)
        period_row.addStretch()
        form.addRow("Period", period_row)
        self.single_use = QCheckBox("For one disclosure only (then it is used up)")
        form.addRow("How often", self.single_use)
        self.signed_on = _date(today)
        self.effective_on = _date(today)
        self.expires_on = _date(today.addDays(90))
        form.addRow("Signed on", self.signed_on)
        form.addRow("Takes effect on", self.effective_on)
        form.addRow("Expires at the end of", self.expires_on)
        self.expiry_event = QLineEdit()
        self.expiry_event.setPlaceholderText("if it ends earlier on an event, e.g. end of parole")
        form.addRow("Or ends earlier when", self.expiry_event)
        self.signer = QLineEdit()
        self.signer.setPlaceholderText("the client's name, unless someone signed for them")
        form.addRow("Signed by (name)", self.signer)
        self.capacity = QComboBox()
        for label, value in CAPACITIES:
            self.capacity.addItem(label, value)
        form.addRow("Who signed", self.capacity)
        self.authority = QLineEdit()
        self.authority.setPlaceholderText("their authority to consent, if not the client")
        form.addRow("Their authority", self.authority)
        self.minor_status = WrapLabel("")
        self.minor_status.setAccessibleName("Whether the client is a minor")
        form.addRow("For a minor", self.minor_status)
        minor_rule = WrapLabel(MINOR_RULE)
        form.addRow("", minor_rule)
        self.co_signer = QLineEdit()
        self.co_signer.setPlaceholderText("another person who signed, e.g. the other parent")
        form.addRow("Also signed by", self.co_signer)
        self.not_abuser = QCheckBox("I attest that no signer is alleged to have caused harm")
        self.not_abuser.setToolTip(
            "No one who signed is alleged to have harmed the minor, the minor's other parent "
            "or the client."
        )
        self.not_abuser.setAccessibleName(
            "I attest that no one who signed is alleged to have harmed the minor, the minor's "
            "other parent or the client"
        )
        form.addRow("Attestation", self.not_abuser)
        self.minor_law = QLineEdit()
        self.minor_law.setPlaceholderText(
            "only if the minor signed alone: the law that allows it, e.g. counselling from 12"
        )
        form.addRow("Law for a minor alone", self.minor_law)
        restricted_note = WrapLabel(RESTRICTED_RULE)
        form.addRow("", restricted_note)
        self.witness = session_field(service, "Witnessed by (the person unlocked)")
        form.addRow("Witnessed by", self.witness)
        self.statements: dict[str, QCheckBox] = {}
        told = QVBoxLayout()
        for key, words in releases.STATEMENTS.items():
            self.statements[key] = QCheckBox(words[0].upper() + words[1:])
            told.addWidget(self.statements[key])
        form.addRow("The client was told", told)
        copy_row = QHBoxLayout()
        self.copy_given = QCheckBox("A copy was given to the client on")
        self.copy_given_on = _date(today)
        self.copy_given_on.setEnabled(False)
        self.copy_given.toggled.connect(self.copy_given_on.setEnabled)
        copy_row.addWidget(self.copy_given)
        copy_row.addWidget(self.copy_given_on)
        copy_row.addStretch()
        form.addRow("Client's copy", copy_row)
        attach_row = QHBoxLayout()
        self.attach_button = QPushButton("Attach the scanned signed form…")
        self.form_label = QLabel("no form attached")
        attach_row.addWidget(self.attach_button)
        attach_row.addWidget(self.form_label, 1)
        form.addRow("Signed form", attach_row)
        self.original = QCheckBox("The signed paper original is on file")
        form.addRow("", self.original)
        # A paper signed without the printed form: why, for the record (issue 24).
        self.original_reason = QLineEdit()
        self.original_reason.setPlaceholderText(
            "Why it was signed without the printed form (e.g. at a home visit)"
        )
        self.original_reason.setEnabled(False)
        self.original.toggled.connect(self.original_reason.setEnabled)
        form.addRow("Why on paper", self.original_reason)
        # Not signed yet: drafted here, printed for the client to sign (issue 24).
        self.draft = QCheckBox("Not signed yet: save it as a draft, to print the form for signing")
        self.draft.setObjectName("releaseDraftMode")
        self.recipient_kind = QComboBox()
        self.recipient_kind.setObjectName("releaseRecipientKind")
        for kind in drafts.RECIPIENT_KINDS:
            self.recipient_kind.addItem(kind.replace("-", " ").capitalize(), kind)
        self.recipient_kind.setCurrentIndex(len(drafts.RECIPIENT_KINDS) - 1)
        self.recipient_kind.setEnabled(False)
        self.form_language = QComboBox()
        self.form_language.addItem("The language the client reads", None)
        for code, name in languages().items():
            self.form_language.addItem(f"{name} ({code})", code)
        self.form_language.setEnabled(False)
        form.addRow("Draft", self.draft)
        form.addRow("Kind of organisation (the form's risks)", self.recipient_kind)
        form.addRow("Language of the form", self.form_language)
        for signed_only in (
            self.signed_on,
            self.copy_given,
            self.attach_button,
            self.original,
        ):
            self.draft.toggled.connect(lambda on, w=signed_only: w.setEnabled(not on))
        self.draft.toggled.connect(self.recipient_kind.setEnabled)
        self.draft.toggled.connect(self.form_language.setEnabled)
        for field in inner.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            caption = form.labelForField(field)  # every field has its label's name
            if isinstance(caption, QLabel) and not field.accessibleName():
                field.setAccessibleName(caption.text().replace("&", ""))
        scroll = QScrollArea()
        scroll.setWidget(inner)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)  # never clip
        fit_width(scroll)  # the dialog grows to the form's width: it scrolls only down
        self._scroll = scroll
        self.message = QLabel("")
        self.message.setObjectName("error")
        self.message.setWordWrap(True)
        self.save_button = QPushButton("&Save the release")
        self.save_button.setDefault(True)
        cancel = QPushButton("Cancel")
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(cancel)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.resize(860, 700)
        self.attach_button.clicked.connect(self._choose_form)
        self.save_button.clicked.connect(self.save)
        self._load_client()

    def _load_client(self) -> None:
        """Read on the vault's thread whether the client is a minor, and their documents."""
        cid = self.client_id

        def job(w: VaultWorker) -> tuple[str, list[tuple[int, str]]]:
            vault = w.require()
            client = records.get_client(vault, cid)
            status = people.minor_on(client, vault.clock.now().astimezone().date())
            text = (
                f"This client is a minor today ({status.why})."
                if status.minor
                else f"This client is not a minor today ({status.why})."
            )
            if status.year_only:
                text += " " + people.COMPLETE_BIRTH_DATE
            docs = [
                (d.id, f"{d.title} ({d.doc_type}, {d.added_at[:10]})")
                for d in records.list_documents(vault, cid)
            ]
            return text, docs

        def done(found: tuple[str, list[tuple[int, str]]]) -> None:
            text, docs = found
            self.minor_status.setText(text)
            for doc_id, label in docs:
                box = QCheckBox(label)
                box.setAccessibleName(f"Covers the document {label}")
                box.toggled.connect(self._document_chosen)
                self.documents[doc_id] = box
                self.documents_box.addWidget(box)
            self.no_documents.setVisible(not docs)
            fit_width(self._scroll)  # a document's title may widen the form

        self.service.submit(job, done, lambda e: self.message.setText(plain_message(e)))

    def _document_chosen(self, checked: bool) -> None:
        """Naming a document means the release covers documents: tick that kind too (it
        was refused until the user found and ticked "Attached documents" as well)."""
        if checked and "documents" in self.categories:
            self.categories["documents"].setChecked(True)

    def _choose_form(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            "The scanned signed form",
            "",
            "Scans (*.pdf *.png *.jpg *.jpeg)",
            options=QFileDialog.Option.DontUseNativeDialog,  # no entry in recently-used files
        )
        if name:
            self.set_form(Path(name))

    def set_form(self, path: Path) -> None:
        self.form_file = path
        self.form_label.setText(path.name)

    def data(self) -> dict[str, Any]:
        return {
            "client_id": self.client_id,
            "recipient_org_id": self.recipient.currentData() or 0,
            "contact_person": self.contact.text(),
            "categories": tuple(c for c, b in self.categories.items() if b.isChecked()) or ("",),
            "purpose": self.purpose.text(),
            "signed_on": self.signed_on.date().toPython(),
            "effective_on": self.effective_on.date().toPython(),
            "expires_on": self.expires_on.date().toPython(),
            "signer_capacity": self.capacity.currentData(),
            "signer_authority": self.authority.text(),
            "statements": {k: b.isChecked() for k, b in self.statements.items()},
            "original_on_file": self.original.isChecked(),
            "original_reason": self.original_reason.text() if self.original.isChecked() else "",
            "direction": self.direction.currentData(),
            "methods": tuple(m for m, b in self.methods.items() if b.isChecked()),
            "expiry_event": self.expiry_event.text(),
            "signer_name": self.signer.text(),
            "witness": "",  # the session's member (ui/who.py): the core records the actor
            "copy_given_on": self.copy_given_on.date().toPython()
            if self.copy_given.isChecked()
            else None,
            "co_signer": self.co_signer.text(),
            "not_abuser": self.not_abuser.isChecked(),
            "minor_law": self.minor_law.text(),
            "document_ids": tuple(i for i, b in self.documents.items() if b.isChecked()) or None,
            "period_from": self.period_from.date().toPython() if self.period.isChecked() else None,
            "period_to": self.period_to.date().toPython() if self.period.isChecked() else None,
            "single_use": self.single_use.isChecked(),
        }

    def save(self) -> None:
        if self.recipient.currentData() is None:
            self.message.setText(
                'Choose the organisation the release names (or "New organisation…" to add it).'
            )
            self.recipient.setFocus()
            return
        data, form = self.data(), self.form_file
        if self.draft.isChecked():
            drafted = {
                **data,
                "signed_on": None,
                "original_on_file": False,
                "original_reason": "",
                "copy_given_on": None,
                # Takes effect when signed, unless a later start is written on the form.
                "effective_on": None
                if data["effective_on"] <= self.signed_on.date().toPython()
                else data["effective_on"],
            }
            kind, lang = self.recipient_kind.currentData(), self.form_language.currentData()

            def draft_job(w: VaultWorker) -> int:
                return drafts.draft_release(
                    w.require(),
                    ReleaseIn.from_input(drafted),
                    recipient_kind=kind,
                    language=lang,
                    actor=w.require().actor,
                )

            self.service.submit(
                draft_job, self._done, lambda e: self.message.setText(plain_message(e))
            )
            return

        def job(w: VaultWorker) -> int:
            return signed_release.add_with_form(w.require(), data, form, actor=w.require().actor)

        self.service.submit(job, self._done, lambda e: self.message.setText(plain_message(e)))

    def _done(self, release_id: int) -> None:
        self.saved.emit(release_id)
        self.accept()
