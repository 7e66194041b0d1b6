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
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safefile import records
from safefile.clock import today
from safefile.consent import court_order, gate, own_copy, releases
from safefile.consent.court_order import CourtOrder, is_order_document
from safefile.consent.decision import Decision
from safefile.records.models import Document
from safefile.ui.day import qtoday, vault_today
from safefile.ui.requests.page import RequestDialog
from safefile.ui.share import summary
from safefile.ui.share.choices import category_boxes, recipient_combo
from safefile.ui.worker import VaultService, VaultWorker

DecideJob = Callable[[VaultWorker], Decision]


@dataclass(frozen=True)
class ReleaseChoice:
    """A release of this client, as the form offers it."""

    id: int
    org_id: int
    label: str
    live: bool  # in effect today
    categories: tuple[str, ...]
    purpose: str = ""  # the purpose the release states, offered as this disclosure's


@dataclass(frozen=True)
class RequestChoice:
    """A recorded own-copy request of this client, not yet answered."""

    ref: str
    label: str
    due: date


@dataclass(frozen=True)
class ShareInfo:
    """What the flow shows about the client, read once on the worker thread."""

    client_name: str
    today: date
    releases: tuple[ReleaseChoice, ...]
    notes: tuple[tuple[str, str], ...]  # (note ref, label): this client's own signed notes
    requests: tuple[RequestChoice, ...] = ()  # own-copy requests waiting for their copy


def request_choice(q: own_copy.OwnCopyRequest, on: date) -> RequestChoice:
    by = "" if not q.representative else f" by {q.requester}"
    late = "; OVERDUE" if q.overdue_on(on) else ""
    received = summary.date_in_words(q.received_on)
    return RequestChoice(q.ref, f"{q.ref}, received {received}{by}{late}", q.due)


def load_info(client_id: int) -> Callable[[VaultWorker], ShareInfo]:
    def job(w: VaultWorker) -> ShareInfo:
        vault = w.require()
        on = today(vault.clock)  # the vault's day (clock.py)
        rels = tuple(
            ReleaseChoice(
                r.id,
                r.recipient_org_id,
                f"{r.ref}: {', '.join(r.categories)}; for {r.purpose}; {releases.state(r, on)}"
                + (f"; only {releases.limits(r)}" if releases.limits(r) else ""),
                releases.in_effect(r, on),
                tuple(r.categories),
                r.purpose,
            )
            for r in releases.list_releases(vault, client_id)
        )
        notes = tuple(
            (n.ref, f"{n.ref}, {n.on_date.isoformat()}: {n.data[:60]}")
            for n in records.list_notes(vault, client_id)
            if n.signed and not n.joint
        )
        asked = tuple(
            request_choice(q, on) for q in own_copy.list_requests(vault, client_id, open_only=True)
        )
        return ShareInfo(records.get_client(vault, client_id).name, on, rels, notes, asked)

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
        self.categories, boxes = category_boxes(
            service, lambda box: box.toggled.connect(self.changed)
        )
        form.addRow("What to send", boxes)
        self.release = _narrow(QComboBox())
        self.release.setAccessibleName("Which release")
        form.addRow("Under which &release", self.release)
        self.purpose = _narrow(QComboBox())
        self.purpose.setEditable(True)
        self.purpose.setAccessibleName("Purpose of this disclosure")
        self.purpose.setToolTip(
            "Information leaves only for the purpose the client agreed to: SafeFile offers "
            "the purpose each release states."
        )
        form.addRow("Purpos&e", self.purpose)
        self._fill_releases()
        self.recipient.currentIndexChanged.connect(self._recipient_changed)
        self.recipient.currentIndexChanged.connect(self.changed)
        self.recipient.activated.connect(self._user_chose)
        self.release.currentIndexChanged.connect(self._fill_purposes)
        self.release.currentIndexChanged.connect(self.changed)
        self.purpose.currentTextChanged.connect(self.changed)
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
        self._fill_purposes()

    def _fill_purposes(self) -> None:
        """Offer the release's own purpose (the chosen one's, or each fitting one's)."""
        org, rid = self.recipient.currentData(), self.release.currentData()
        wanted = [
            r.purpose for r in self._releases if r.org_id == org and (rid is None or r.id == rid)
        ]
        self.purpose.blockSignals(True)
        self.purpose.clear()
        for text in dict.fromkeys(w for w in wanted if w):
            self.purpose.addItem(text)
        self.purpose.blockSignals(False)

    def chosen(self) -> tuple[str, ...]:
        return tuple(c for c, box in self.categories.items() if box.isChecked())

    def missing(self) -> str | None:
        if not self._loaded:  # its releases and their purposes are not read yet
            return "One moment: SafeFile is still reading this client's releases."
        if self.recipient.currentData() is None or not self.chosen():
            return "Choose a recipient and at least one kind of information."
        return None

    def job(self) -> DecideJob:
        rid = self.release.currentData()
        request = gate.ExportRequest(
            self.client_id,
            int(self.recipient.currentData()),
            self.chosen(),
            purpose=self.purpose.currentText().strip(),
            release_id=None if rid is None else int(rid),
        )
        return lambda w: gate.decide(w.require(), request, actor=w.require().actor)

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
        # The copy answers a recorded request (its date starts the 30 days), which the
        # export then marks answered, as on the command line (export --request).
        self.request = _narrow(QComboBox())
        self.request.setAccessibleName("The request this copy answers")
        self.record_button = QPushButton("&Record a request…")
        self.record_button.setAccessibleDescription(
            "Record the client's request for their own copy, if it is not in the list"
        )
        label = QLabel("The reques&t")
        label.setBuddy(self.request)
        form.addRow(label, self.request)
        form.addRow("", self.record_button)
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
        self._requests: dict[str, RequestChoice] = {}
        self._today = vault_today(service)
        self._show_due()
        self._withhold_toggled(False)
        self.request.currentIndexChanged.connect(self._show_due)
        self.request.currentIndexChanged.connect(self.changed)
        self.record_button.clicked.connect(lambda: self.request_dialog().open())
        self.withhold.toggled.connect(self._withhold_toggled)
        self.withhold.toggled.connect(self.changed)
        self.notes.itemChanged.connect(self.changed)
        self.reason.textChanged.connect(self.changed)

    def load(self, info: ShareInfo) -> None:
        self._today = info.today
        self._show_requests(info.requests)
        self.notes.clear()
        for ref, label in info.notes:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, ref)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.notes.addItem(item)

    def _show_requests(self, choices: tuple[RequestChoice, ...], chosen: str = "") -> None:
        self._requests = {c.ref: c for c in choices}
        self.request.blockSignals(True)
        self.request.clear()
        if not choices:
            self.request.addItem("No request recorded yet", None)
        for c in choices:
            self.request.addItem(c.label, c.ref)
        if chosen:
            self.request.setCurrentIndex(max(self.request.findData(chosen), 0))
        self.request.blockSignals(False)
        self._show_due()
        self.changed.emit()

    def chosen(self) -> str | None:
        """The request this copy answers ("OC-3"), or None."""
        ref = self.request.currentData()
        return str(ref) if ref else None

    def _show_due(self) -> None:
        choice = self._requests.get(self.chosen() or "")
        self.due.setText(
            f"{summary.date_in_words(choice.due)} (30 days after the request, or its one extension)"
            if choice
            else ""
        )

    def request_dialog(self) -> RequestDialog:
        """Record the client's request here; it is then chosen."""
        dialog = RequestDialog(self.service, self.client_id)
        dialog.setParent(self.window(), dialog.windowFlags())  # over the share dialog
        dialog.saved.connect(self._recorded)
        return dialog

    def _recorded(self, req: own_copy.OwnCopyRequest) -> None:
        if req.client_id != self.client_id:
            return
        added = (*self._requests.values(), request_choice(req, self._today))
        self._show_requests(added, chosen=req.ref)

    def missing(self) -> str | None:
        if self.chosen() is None:
            return (
                "Record the client's request first (Record a request…), then choose it: "
                "its date starts the 30 days."
            )
        return None

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
        ref, held = self.chosen(), self.withheld()
        reason = self.reason.toPlainText() if held else ""
        return lambda w: gate.own_copy(
            w.require(),
            self.client_id,
            request=ref,
            withheld=held,
            withheld_reason=reason,
            actor=w.require().actor,
        )

    def clear(self) -> None:
        self._show_requests(())
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
        self.acknowledged.setToolTip(court_order.CONFIRMATION)
        self.acknowledged.setAccessibleName("I have read the court order warning")
        box.addWidget(self.acknowledged)
        form.addRow(self.warning)
        # The signed order itself: no basis text stands in for it (consent/court_order.py).
        self.order_doc = _narrow(QComboBox())
        self.order_doc.setAccessibleName("The signed court order (a document in the file)")
        self.order_doc.addItem("Choose the attached copy of the signed order…", None)
        self.judge = QLineEdit()
        self.judge.setAccessibleName("Judge who signed the order")
        self.judge.setPlaceholderText("judge")
        self.court = QLineEdit()
        self.court.setAccessibleName("Court that made the order")
        self.court.setPlaceholderText("court")
        self.order_signed = QDateEdit(qtoday(service))
        self.order_signed.setDisplayFormat("yyyy-MM-dd")
        self.order_signed.setCalendarPopup(True)
        self.order_signed.setAccessibleName("Date the order was signed")
        self.case = QLineEdit()
        self.case.setAccessibleName("Case (optional)")
        self.case.setPlaceholderText("case (optional)")
        self.order_row = QWidget()
        order_box = QGridLayout(self.order_row)
        order_box.setContentsMargins(0, 0, 0, 0)
        order_box.addWidget(self.order_doc, 0, 0, 1, 2)
        order_box.addWidget(self.judge, 1, 0)
        order_box.addWidget(self.court, 1, 1)
        order_box.addWidget(self.order_signed, 2, 0)
        order_box.addWidget(self.case, 2, 1)
        form.addRow("The &order", self.order_row)
        # What the user attests about the order (consent/roads.legal_disclosure): without
        # these, process notes are left out and joint notes' other parties go by role.
        self.names_process_notes = QCheckBox("The order names the client's &process notes")
        self.names_parties = QCheckBox("The order names the other parties of joint notes")
        self.old_order_reason = QLineEdit()
        self.old_order_reason.setAccessibleName("Why an order over two years old still applies")
        self.old_order_reason.setPlaceholderText(
            "if signed over two years ago: why it still applies"
        )
        self.attest_row = QWidget()
        attest_box = QVBoxLayout(self.attest_row)
        attest_box.setContentsMargins(0, 0, 0, 0)
        for widget in (self.names_process_notes, self.names_parties, self.old_order_reason):
            attest_box.addWidget(widget)
        form.addRow("The order says", self.attest_row)
        self.joint_covered = QCheckBox("It &covers the joint notes (others named by their role)")
        self.joint_covered.setAccessibleName(
            "The order or the report's subject covers the joint notes"
        )
        form.addRow("Joint notes", self.joint_covered)
        service.submit(
            lambda w: records.list_documents(w.require(), client_id), self._show_documents
        )
        self.note = _plain()
        self.note.setAccessibleName("About this kind of disclosure")
        form.addRow(self.note)
        self.recipient = _narrow(recipient_combo(service))
        self.recipient.setAccessibleName("Recipient organisation (required by law)")
        form.addRow("Send &to", self.recipient)
        self.categories, boxes = category_boxes(
            service, lambda box: box.toggled.connect(self.changed)
        )
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
        self.override = QLineEdit()
        self.override.setAccessibleName("Reason to override a restriction")
        self.override.setPlaceholderText(
            "only if the recipient matches a restricted person: why it goes ahead"
        )
        self.override.setToolTip(
            "Recorded with the disclosure and shown in the client's accounting, e.g. "
            "'the court itself, not the person'."
        )
        form.addRow("Override a &restriction", self.override)
        self._kind_changed()
        self.kind.currentIndexChanged.connect(self._kind_changed)
        for signal in (
            self.kind.currentIndexChanged,
            self.acknowledged.toggled,
            self.order_doc.currentIndexChanged,
            self.judge.textChanged,
            self.court.textChanged,
            self.case.textChanged,
            self.order_signed.dateChanged,
            self.recipient.currentIndexChanged,
            self.basis.textChanged,
            self.authority.textChanged,
            self.informed.currentIndexChanged,
            self.not_informed.textChanged,
            self.override.textChanged,
            self.names_process_notes.toggled,
            self.names_parties.toggled,
            self.old_order_reason.textChanged,
            self.joint_covered.toggled,
        ):
            signal.connect(self.changed)
        for b in self.categories.values():
            b.toggled.connect(self.changed)
        self.informed.currentIndexChanged.connect(self._informed_changed)
        self._informed_changed()

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        self.layout_form().setRowVisible(self.warning, kind == "court-order")
        self.layout_form().setRowVisible(self.order_row, kind == "court-order")
        self.layout_form().setRowVisible(self.attest_row, kind == "court-order")
        self.layout_form().setRowVisible(self.joint_covered, kind != "imminent-harm")
        for box in (self.names_process_notes, self.names_parties, self.joint_covered):
            box.setChecked(False)  # attested again for each kind, never carried over
        self.old_order_reason.clear()
        self.acknowledged.setChecked(False)
        self.note.setText(
            {
                "court-order": "Send only what the order names, nothing more.",
                "child-protection": summary.CHILD_ONLY,
                "imminent-harm": summary.IMMINENT_HARM,
            }[kind]
        )
        self.basis.setPlaceholderText(BASIS_HINTS[kind])

    def _show_documents(self, documents: list[Document]) -> None:
        # Only a document attached as a court order opens the road (consent/court_order.py).
        for d in (d for d in documents if is_order_document(d.doc_type)):
            self.order_doc.addItem(f"{d.title} (added {d.added_at[:10]})", d.id)

    def court_order(self) -> CourtOrder | None:
        if self.kind.currentData() != "court-order":
            return None
        q = self.order_signed.date()
        doc = self.order_doc.currentData()
        return CourtOrder(
            int(doc) if doc is not None else None,
            self.judge.text(),
            date(q.year(), q.month(), q.day()),
            self.court.text(),
            self.case.text(),
        )

    def attested(self) -> dict[str, Any]:
        """The override and the attestations, as gate.legal_disclosure takes them (only
        those the kind shown allows; cli/legal_options.py gives the same)."""
        kind = self.kind.currentData()
        order = kind == "court-order"
        return {
            "override_restriction": self.override.text(),
            "order_names_process_notes": order and self.names_process_notes.isChecked(),
            "order_names_parties": order and self.names_parties.isChecked(),
            "old_order_reason": self.old_order_reason.text() if order else "",
            "joint_notes_covered": kind != "imminent-harm" and self.joint_covered.isChecked(),
        }

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
        cats = tuple(c for c, box in self.categories.items() if box.isChecked())
        basis, authority = self.basis.text(), self.authority.text()
        informed: bool | None = self.informed.currentData()
        why = self.not_informed.text() if informed is False else ""
        cid = self.client_id
        order = self.court_order()
        attested = self.attested()

        def job(w: VaultWorker) -> Decision:
            vault = w.require()
            return gate.legal_disclosure(
                vault,
                cid,
                kind,
                basis=basis,
                recipient_org_id=org,
                categories=cats,
                authority=authority,
                client_informed=informed,
                not_informed_reason=why,
                order=order,
                actor=vault.actor,
                **attested,
            )

        return job

    def clear(self) -> None:
        for edit in (
            self.basis,
            self.authority,
            self.not_informed,
            self.judge,
            self.court,
            self.override,
            self.old_order_reason,
        ):
            edit.clear()
        for box in (self.names_process_notes, self.names_parties, self.joint_covered):
            box.setChecked(False)
        self.case.clear()
        self.order_doc.setCurrentIndex(0)
        self.acknowledged.setChecked(False)
