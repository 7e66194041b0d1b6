"""Record a disclosure made outside SafeFile: a call, a conversation, an email, a fax, a
letter (issue 23).  It passes the same gate as a file (``consent.disclose``): under the
client's written release that allows the method, or required by law, with the person
spoken to and, on a legal road, whether the client was told.  Nothing is asked of the gate
until the user presses Record, so opening and closing this form records nothing; a refusal
the user asked for is recorded by the core and shown with every reason.

The two roads are the send dialog's own forms (``share/roads.py``), so the release, the
recipient and the legal questions are chosen as when sending a file; this dialog adds how
it was shared, to whom and what was said.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from safefile.consent import disclose
from safefile.consent.disclose import Disclosed
from safefile.consent.methods import METHODS
from safefile.ui.share.roads import LegalRoad, ReleaseRoad, load_info
from safefile.ui.worker import VaultService, VaultWorker, plain_message

METHOD_WORDS = {
    "phone": "By phone",
    "in-person": "In person",
    "email": "By email",
    "fax": "By fax",
    "mail": "By letter (post)",
}


class DiscloseDialog(QDialog):
    """``recorded(Disclosed)`` once the disclosure is in the record of sharing."""

    recorded = Signal(object)

    def __init__(
        self, service: VaultService, client_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Record a disclosure (a call, a letter, a fax…)")
        self.service, self.client_id = service, client_id
        self._asking = False
        self.method = QComboBox()
        self.method.setAccessibleName("How it was shared")
        for key in METHODS:
            self.method.addItem(METHOD_WORDS.get(key, key), key)
        self.person = QLineEdit()
        self.person.setAccessibleName("The person spoken to or written to")
        self.person.setPlaceholderText("their name (or leave empty: the contact on file)")
        self.job_title = QLineEdit()
        self.job_title.setAccessibleName("Their job title")
        self.summary = QPlainTextEdit()
        self.summary.setAccessibleName("What was said or sent")
        self.summary.setPlaceholderText("briefly: the facts given, nothing more")
        self.summary.setTabChangesFocus(True)
        self.summary.setFixedHeight(self.summary.fontMetrics().lineSpacing() * 4 + 12)
        how = QFormLayout()
        how.addRow("&How", self.method)
        how.addRow("&Spoken to", self.person)
        how.addRow("&Job title", self.job_title)
        how.addRow("&What was said or sent", self.summary)

        self.under_release = QRadioButton(ReleaseRoad.title)
        self.by_law = QRadioButton(LegalRoad.title)
        self.under_release.setChecked(True)
        self._group = QButtonGroup(self)
        self._group.addButton(self.under_release, 0)
        self._group.addButton(self.by_law, 1)
        self.release_road = ReleaseRoad(service, client_id)
        self.legal_road = LegalRoad(service, client_id)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.release_road)
        self.stack.addWidget(self.legal_road)
        roads = QVBoxLayout()
        roads.addWidget(self.under_release)
        roads.addWidget(self.by_law)
        roads.addWidget(self.stack)

        body = QWidget()
        inner = QVBoxLayout(body)
        inner.addLayout(how)
        inner.addLayout(roads)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # as wide as the form (nothing cut off at the side); as tall as the screen allows
        bar = scroll.verticalScrollBar().sizeHint().width()
        scroll.setMinimumWidth(body.sizeHint().width() + bar + 4)
        self._body = body

        self.message = QLabel("")
        self.message.setObjectName("error")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setAccessibleName("Message")
        self.record_button = QPushButton("&Record the disclosure")
        self.record_button.setDefault(True)
        self.close_button = QPushButton("Close")
        self.close_button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.record_button)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

        self._group.idToggled.connect(self._road_toggled)
        self.record_button.clicked.connect(self.record)
        self.close_button.clicked.connect(self.reject)
        self.finished.connect(lambda _: self._forget())  # saved, closed or locked
        service.submit(load_info(client_id), self.release_road.load)
        self.person.setFocus()  # a call: whom you spoke to, then what was said

    def _forget(self) -> None:
        """Nothing of the client's releases stays in a closed form waiting to be deleted."""
        self.release_road.clear()
        self.legal_road.clear()
        self.summary.clear()
        self.person.clear()

    def sizeHint(self) -> QSize:  # Qt's name
        hint = super().sizeHint()
        screen = self.screen().availableGeometry() if self.screen() else None
        tall = self._body.sizeHint().height() + 140
        if screen is not None:
            tall = min(tall, screen.height() - 80)
        return QSize(hint.width(), max(hint.height(), tall))

    @property
    def road(self) -> ReleaseRoad | LegalRoad:
        return self.legal_road if self.by_law.isChecked() else self.release_road

    def _road_toggled(self, button_id: int, checked: bool) -> None:
        if checked:
            self.stack.setCurrentIndex(button_id)
            self.message.clear()

    def missing(self) -> str | None:
        if not self.summary.toPlainText().strip():
            return "Write briefly what was said or sent."
        if not self.road.can_check():
            return "Read the court order warning and tick the box first."
        return self.road.missing()

    def job(self) -> Callable[[VaultWorker], Disclosed]:
        method = str(self.method.currentData())
        person, title = self.person.text(), self.job_title.text()
        text = self.summary.toPlainText()
        cid = self.client_id
        if isinstance(self.road, LegalRoad):
            legal = self.legal_road
            kind = str(legal.kind.currentData())
            org = int(legal.recipient.currentData())
            cats = tuple(c for c, box in legal.categories.items() if box.isChecked())
            basis, authority = legal.basis.text(), legal.authority.text()
            informed: bool | None = legal.informed.currentData()
            why = legal.not_informed.text() if informed is False else ""
            order = legal.court_order()
            attested = legal.attested()

            def by_law(w: VaultWorker) -> Disclosed:
                vault = w.require()
                return disclose.disclose(
                    vault,
                    client_id=cid,
                    recipient_org_id=org,
                    categories=cats,
                    method=method,
                    summary=text,
                    exception=kind,
                    basis=basis,
                    authority=authority,
                    order=order,
                    person=person,
                    job_title=title,
                    client_informed=informed,
                    not_informed_reason=why,
                    actor=vault.actor,
                    **attested,
                )

            return by_law
        road = self.release_road
        org = int(road.recipient.currentData())
        cats = road.chosen()
        rid = road.release.currentData()
        purpose = road.purpose.currentText().strip()

        def under_release(w: VaultWorker) -> Disclosed:
            return disclose.disclose(
                w.require(),
                client_id=cid,
                recipient_org_id=org,
                categories=cats,
                method=method,
                summary=text,
                release_id=None if rid is None else int(rid),
                purpose=purpose,
                person=person,
                job_title=title,
                actor=w.require().actor,
            )

        return under_release

    def record(self) -> None:
        """Ask the gate now (once: a second press while asking does nothing)."""
        if self._asking:
            return
        problem = self.missing()
        if problem is not None:
            self.message.setText(problem)
            return
        self._asking = True
        self.message.setText("Checking…")
        self.service.submit(self.job(), self._recorded, self._refused)

    def _recorded(self, done: Disclosed) -> None:
        self._asking = False
        self.message.clear()
        self.recorded.emit(done)
        self.accept()

    def _refused(self, exc: Exception) -> None:
        self._asking = False
        self.message.setText(plain_message(exc))


__all__ = ["METHOD_WORDS", "DiscloseDialog"]
