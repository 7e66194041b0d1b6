"""The three roads out, each a form that builds the one core call it needs.

* :class:`ReleaseRoad`: to an organisation, under the client's written release
  (``gate.decide``);
* :class:`OwnCopyRoad`: the client's own copy of their record (``gate.own_copy``);
* :class:`LegalRoad`: required by law, without the client's consent
  (``gate.legal_disclosure``).

A road only gathers what the user chose and hands it to the core on the worker
thread; the core decides and records.  ``missing()`` says, in a sentence, when
the form is not filled in enough to ask at all (nothing is asked, nothing logged).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from safefile import records
from safefile.consent import gate, releases
from safefile.consent.categories import CATEGORIES
from safefile.ui.share import summary
from safefile.ui.share.choices import category_boxes, recipient_combo
from safefile.ui.worker import VaultService, VaultWorker

Decision = gate.Grant | gate.Refusal
DecideJob = Callable[[VaultWorker], Decision]


@dataclass(frozen=True)
class ReleaseChoice:
    """A release of this client, as the form offers it."""

    id: int
    org_id: int
    label: str
    live: bool  # in effect today
    categories: tuple[str, ...]


@dataclass(frozen=True)
class ShareInfo:
    """What the flow shows about the client, read once on the worker thread."""

    client_name: str
    today: date
    releases: tuple[ReleaseChoice, ...]
    notes: tuple[tuple[str, str], ...]  # (note ref, label): this client's own signed notes


def load_info(client_id: int) -> Callable[[VaultWorker], ShareInfo]:
    def job(w: VaultWorker) -> ShareInfo:
        vault = w.require()
        on = vault.clock.now().astimezone().date()
        rels = tuple(
            ReleaseChoice(
                r.id,
                r.recipient_org_id,
                f"{r.ref}: {', '.join(r.categories)}; for {r.purpose}; {releases.state(r, on)}",
                releases.in_effect(r, on),
                tuple(r.categories),
            )
            for r in releases.list_releases(vault, client_id)
        )
        notes = tuple(
            (n.ref, f"{n.ref}, {n.on_date.isoformat()}: {n.data[:60]}")
            for n in records.list_notes(vault, client_id)
            if n.signed and not n.joint
        )
        return ShareInfo(records.get_client(vault, client_id).name, on, rels, notes)

    return job


def _narrow(combo: QComboBox) -> QComboBox:
    """A combo whose long entries do not widen the dialog past the screen."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(24)
    return combo


def _plain(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class Road(QWidget):
    """One road's form; ``changed`` fires whenever an answer changes."""

    changed = Signal()
    key = ""
    title = ""

    def __init__(self, service: VaultService, client_id: int) -> None:
        super().__init__()
        self.service, self.client_id = service, client_id

    def load(self, info: ShareInfo) -> None:
        """Fill in what was read from the vault."""

    def missing(self) -> str | None:
        """A sentence saying what to fill in before asking, or None when ready."""
        return None

    def can_check(self) -> bool:
        return True

    def job(self) -> DecideJob:
        raise NotImplementedError

    def withheld(self) -> tuple[str, ...]:
        return ()

    def clear(self) -> None:
        """Forget every bit of client data shown."""


class ReleaseRoad(Road):
    key = "release"
    title = "To an organisation, with the client's &written release"

    # A release chosen beforehand ("Send under this release…") is filled in once both the
    # client's releases and the list of organisations have arrived; ``preset_ready`` then
    # says the form is complete.
    preset_ready = Signal()

    def __init__(self, service: VaultService, client_id: int) -> None:
        super().__init__(service, client_id)
        self._releases: tuple[ReleaseChoice, ...] = ()
        self._loaded = False
        self._chosen_by_user = False
        self._preset: int | None = None
        form = QFormLayout(self)
        self.recipient = _narrow(recipient_combo(service))
        form.addRow("Send &to", self.recipient)
        self.categories, boxes = category_boxes()
        form.addRow("What to send", boxes)
        self.release = _narrow(QComboBox())
        self.release.setAccessibleName("Which release")
        form.addRow("Under which &release", self.release)
        self._fill_releases()
        self.recipient.currentIndexChanged.connect(self._recipient_changed)
        self.recipient.currentIndexChanged.connect(self.changed)
        self.recipient.activated.connect(self._user_chose)
        self.release.currentIndexChanged.connect(self.changed)
        for box in self.categories.values():
            box.toggled.connect(self.changed)

    def load(self, info: ShareInfo) -> None:
        self._releases = info.releases
        self._loaded = True
        self._fill_releases()
        self._settle()

    def preset(self, release_id: int) -> None:
        """Fill the form in for this release: its organisation, its categories, itself."""
        self._preset = release_id
        self._chosen_by_user = True  # no default may override it
        self._settle()

    def _user_chose(self) -> None:
        self._chosen_by_user = True

    def _recipient_changed(self) -> None:
        self._fill_releases()
        self._settle()

    def _settle(self) -> None:
        """Once releases and organisations are known: apply a preset, or (once, unless the
        user already chose) default the recipient to the organisation of a release in
        effect."""
        if not self._loaded or self.recipient.count() == 0:
            return
        if self._preset is not None:
            rel = next((r for r in self._releases if r.id == self._preset), None)
            index = self.recipient.findData(rel.org_id) if rel else -1
            if rel is None or index < 0:
                return
            self._preset = None
            self.recipient.setCurrentIndex(index)  # fills the release list
            for cat, box in self.categories.items():
                box.setChecked(cat in rel.categories)
            self.release.setCurrentIndex(self.release.findData(rel.id))
            self.preset_ready.emit()
            return
        if self._chosen_by_user:
            return
        self._chosen_by_user = True  # the default is given once; after that the user's
        current = self.recipient.currentData()
        live = [r for r in self._releases if r.live]
        if live and not any(r.org_id == current for r in live):
            index = self.recipient.findData(live[0].org_id)
            if index >= 0:
                self.recipient.setCurrentIndex(index)

    def _fill_releases(self) -> None:
        org = self.recipient.currentData()
        self.release.blockSignals(True)
        self.release.clear()
        self.release.addItem("The one that fits (SafeFile chooses)", None)
        for r in self._releases:
            if r.org_id == org:
                self.release.addItem(r.label, r.id)
        self.release.blockSignals(False)

    def chosen(self) -> tuple[str, ...]:
        return tuple(c for c, box in self.categories.items() if box.isChecked())

    def missing(self) -> str | None:
        if self.recipient.currentData() is None or not self.chosen():
            return "Choose a recipient and at least one kind of information."
        return None

    def job(self) -> DecideJob:
        rid = self.release.currentData()
        request = gate.ExportRequest(
            self.client_id,
            int(self.recipient.currentData()),
            self.chosen(),
            release_id=None if rid is None else int(rid),
        )
        return lambda w: gate.decide(w.require(), request)

    def clear(self) -> None:
        self._releases = ()
        self._loaded = False
        self._preset = None
        self._fill_releases()


class OwnCopyRoad(Road):
    key = "own-copy"
    title = "The client's &own copy of their record"

    def __init__(self, service: VaultService, client_id: int) -> None:
        super().__init__(service, client_id)
        form = QFormLayout(self)
        self.requested_on = QDateEdit(QDate.currentDate())
        self.requested_on.setDisplayFormat("d MMMM yyyy")
        self.requested_on.setCalendarPopup(True)
        self.requested_on.setAccessibleName("The date the client asked")
        form.addRow("The client &asked on", self.requested_on)
        self.due = _plain()
        self.due.setAccessibleName("Due date")
        form.addRow("Due by", self.due)
        form.addRow(
            "",
            _plain(
                "It contains the client's record: services, signed progress "
                "notes, documents and contact details. Process notes are never "
                "part of it."
            ),
        )
        self.withhold = QCheckBox("With&hold particular signed notes")
        self.withhold.setAccessibleDescription("Only where giving them could cause serious harm")
        form.addRow("", self.withhold)
        form.addRow("", _plain("Only where giving them to the client could cause serious harm."))
        self.notes = QListWidget()
        self.notes.setAccessibleName("Signed notes to withhold")
        self.notes.setMaximumHeight(110)
        form.addRow("Notes to withhold", self.notes)
        self.reason = QPlainTextEdit()
        self.reason.setAccessibleName("Why they are withheld")
        self.reason.setPlaceholderText("the risk of serious harm that giving them would cause")
        self.reason.setTabChangesFocus(True)
        self.reason.setMaximumHeight(70)
        form.addRow("Why (required)", self.reason)
        form.addRow("", _plain(summary.REVIEW_RIGHT))
        self._show_due()
        self._withhold_toggled(False)
        self.requested_on.dateChanged.connect(self._show_due)
        self.requested_on.dateChanged.connect(self.changed)
        self.withhold.toggled.connect(self._withhold_toggled)
        self.withhold.toggled.connect(self.changed)
        self.notes.itemChanged.connect(self.changed)
        self.reason.textChanged.connect(self.changed)

    def load(self, info: ShareInfo) -> None:
        self.requested_on.setDate(QDate(info.today.year, info.today.month, info.today.day))
        self.notes.clear()
        for ref, label in info.notes:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, ref)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.notes.addItem(item)

    def asked_on(self) -> date:
        d = self.requested_on.date()
        return date(d.year(), d.month(), d.day())

    def _show_due(self) -> None:
        asked = self.asked_on()
        due = asked + timedelta(days=gate.OWN_COPY_DAYS)
        self.due.setText(
            f"{summary.date_in_words(due)} ({gate.OWN_COPY_DAYS} days after the request)"
        )

    def _withhold_toggled(self, on: bool) -> None:
        self.notes.setEnabled(on)
        self.reason.setEnabled(on)

    def set_withheld(self, refs: tuple[str, ...], reason: str) -> None:
        """Tick these notes to withhold, with the reason (for tests and keyboard users)."""
        self.withhold.setChecked(bool(refs))
        for i in range(self.notes.count()):
            item = self.notes.item(i)
            state = item.data(Qt.ItemDataRole.UserRole) in refs
            item.setCheckState(Qt.CheckState.Checked if state else Qt.CheckState.Unchecked)
        self.reason.setPlainText(reason)

    def withheld(self) -> tuple[str, ...]:
        if not self.withhold.isChecked():
            return ()
        return tuple(
            str(self.notes.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.notes.count())
            if self.notes.item(i).checkState() == Qt.CheckState.Checked
        )

    def job(self) -> DecideJob:
        asked, held = self.asked_on(), self.withheld()
        reason = self.reason.toPlainText() if held else ""
        return lambda w: gate.own_copy(
            w.require(), self.client_id, asked, withheld=held, withheld_reason=reason
        )

    def clear(self) -> None:
        self.notes.clear()
        self.reason.clear()
        self.withhold.setChecked(False)


INFORMED = [
    ("Choose one…", None),
    ("Yes, the client was told", True),
    ("No, the client was not told", False),
]
BASIS_HINTS = {
    "court-order": "the court, the case number and the date the judge signed the order",
    "child-protection": "the law that requires the report, and the report's reference if any",
    "imminent-harm": "what the risk is and the law or duty that requires you to act",
}


class LegalRoad(Road):
    key = "legal"
    title = "Required by &law, without the client's consent"

    def __init__(self, service: VaultService, client_id: int) -> None:
        super().__init__(service, client_id)
        form = QFormLayout(self)
        self.kind = _narrow(QComboBox())
        self.kind.setAccessibleName("What requires it")
        for key, words in gate.LEGAL_KINDS.items():
            self.kind.addItem(words[0].upper() + words[1:], key)
        form.addRow("What re&quires it", self.kind)
        self.warning = QFrame()
        self.warning.setObjectName("courtwarning")
        self.warning.setStyleSheet(
            "QFrame#courtwarning { border: 2px solid #a40000; background: #fff4ce; }"
            "QFrame#courtwarning QLabel, QFrame#courtwarning QCheckBox { color: black; }"
        )
        box = QVBoxLayout(self.warning)
        self.warning_text = _plain(f"Warning. {gate.COURT_ORDER_WARNING}")
        font = self.warning_text.font()
        font.setBold(True)
        self.warning_text.setFont(font)
        self.warning_text.setAccessibleName("Court order warning")
        box.addWidget(self.warning_text)
        self.acknowledged = QCheckBox("I have &read this warning and sought legal advice")
        self.acknowledged.setAccessibleName("I have read the court order warning")
        box.addWidget(self.acknowledged)
        form.addRow(self.warning)
        self.note = _plain()
        self.note.setAccessibleName("About this kind of disclosure")
        form.addRow(self.note)
        self.recipient = _narrow(recipient_combo(service))
        self.recipient.setAccessibleName("Recipient organisation (required by law)")
        form.addRow("Send &to", self.recipient)
        self.categories, boxes = category_boxes()
        boxes.addWidget(_plain(summary.LEAST_NECESSARY))
        form.addRow("What to send", boxes)
        self.basis = QLineEdit()
        self.basis.setAccessibleName("Legal basis")
        form.addRow("Legal &basis (required)", self.basis)
        self.authority = QLineEdit()
        self.authority.setAccessibleName("Authority")
        self.authority.setPlaceholderText("who requires it, e.g. Judge A. Ortiz, Family Court")
        form.addRow("A&uthority", self.authority)
        self.informed = _narrow(QComboBox())
        self.informed.setAccessibleName("Was the client told")
        for label, value in INFORMED:
            self.informed.addItem(label, value)
        form.addRow("Was the client tol&d?", self.informed)
        self.not_informed = QLineEdit()
        self.not_informed.setAccessibleName("Why the client was not told")
        self.not_informed.setPlaceholderText("e.g. telling them would put someone at risk")
        form.addRow("If not, wh&y not", self.not_informed)
        self._kind_changed()
        self.kind.currentIndexChanged.connect(self._kind_changed)
        for signal in (
            self.kind.currentIndexChanged,
            self.acknowledged.toggled,
            self.recipient.currentIndexChanged,
            self.basis.textChanged,
            self.authority.textChanged,
            self.informed.currentIndexChanged,
            self.not_informed.textChanged,
        ):
            signal.connect(self.changed)
        for b in self.categories.values():
            b.toggled.connect(self.changed)
        self.informed.currentIndexChanged.connect(self._informed_changed)
        self._informed_changed()

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        self.layout_form().setRowVisible(self.warning, kind == "court-order")
        self.acknowledged.setChecked(False)
        self.note.setText(
            {
                "court-order": "Send only what the order names, nothing more.",
                "child-protection": summary.CHILD_ONLY,
                "imminent-harm": summary.IMMINENT_HARM,
            }[kind]
        )
        self.basis.setPlaceholderText(BASIS_HINTS[kind])

    def layout_form(self) -> QFormLayout:
        form = self.layout()
        assert isinstance(form, QFormLayout)
        return form

    def _informed_changed(self) -> None:
        self.not_informed.setEnabled(self.informed.currentData() is False)

    def can_check(self) -> bool:
        return self.kind.currentData() != "court-order" or self.acknowledged.isChecked()

    def missing(self) -> str | None:
        if self.recipient.currentData() is None:
            return "Choose the organisation the law requires you to send it to."
        if self.informed.currentIndex() == 0:
            return "Say whether the client was told about this disclosure (and if not, why not)."
        return None

    def job(self) -> DecideJob:
        kind, org = str(self.kind.currentData()), int(self.recipient.currentData())
        cats = tuple(c for c in CATEGORIES if self.categories[c].isChecked())
        basis, authority = self.basis.text(), self.authority.text()
        informed: bool | None = self.informed.currentData()
        why = self.not_informed.text() if informed is False else ""
        cid = self.client_id

        def job(w: VaultWorker) -> Decision:
            return gate.legal_disclosure(
                w.require(),
                cid,
                kind,
                basis=basis,
                recipient_org_id=org,
                categories=cats,
                authority=authority,
                client_informed=informed,
                not_informed_reason=why,
            )

        return job

    def clear(self) -> None:
        for edit in (self.basis, self.authority, self.not_informed):
            edit.clear()
        self.acknowledged.setChecked(False)
