"""Send information to someone: one flow for the three roads out.

1. Choose the road, in plain words: to an organisation under the client's
   written release; the client's own copy; required by law without consent.
2. Fill in that road's form and press Check: the core's consent gate answers as a
   preview (consent/preview.py: checking is not deciding, nothing is written); the
   dialog shows the answer in plain words, or every reason it would be refused and
   what would fix it. A refusal the user asked for (Check) is recorded; opening the
   dialog under a release previews without recording anything.
3. Before anything is written: what the file will contain (counted from the
   grant), what was left out and why, what happens to it once it leaves, and
   an optional password (typed twice).
4. Save PDF…: the gate decides for real (its decision is recorded then, and must be
   the answer shown), the exporter writes the file where the user chose; the dialog
   shows the pages written and the entries in the record of sharing.

The dialog holds no rules: every decision comes from ``safefile.consent.gate``
and runs on the worker thread.  A decision lapses after 15 minutes (the core
refuses a stale grant); the dialog says so and lets the user check again.
"""

from __future__ import annotations

from enum import Enum, auto
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from safefile.consent import gate, preview
from safefile.consent.grants import GRANT_TTL
from safefile.consent.preview import Preview
from safefile.errors import ConsentRefused, InvalidInput
from safefile.export.exporter import ExportResult, check_destination, export_pdf, release_form
from safefile.ui.choosers import save_pdf_path
from safefile.ui.day import vault_today
from safefile.ui.program.common import policy_panel
from safefile.ui.scrolling import ShownPageStack, fit_width
from safefile.ui.share import summary
from safefile.ui.share.roads import LegalRoad, OwnCopyRoad, ReleaseRoad, Road, ShareInfo, load_info
from safefile.ui.worker import VaultService, VaultWorker, plain_message

AFTER_IT_LEAVES = summary.AFTER_IT_LEAVES  # kept here for code that imported it from this module
PASSWORDS_DIFFER = (
    "The two passwords are not the same. Type the password again in both boxes; nothing was saved."
)
READY = "Choose what you are sending, then press Check. Nothing is written until you save."
CHANGED = "You changed your choices. Press Check again."
LAPSED = (
    "This decision has lapsed: more than 15 minutes have passed since the check. "
    "Nothing was saved. Press Check again for a fresh decision."
)


class Step(Enum):
    """Where the dialog is; ``ShareDialog._enter`` is the one place that turns a step
    into what is on screen (buttons, the decision line, the summary, the lapse timer)."""

    READY = auto()  # nothing asked yet (or asked and told what is missing)
    CHECKING = auto()  # the gate is deciding
    REFUSED = auto()  # a refusal or a problem is on screen
    ALLOWED = auto()  # a grant is held: the summary and Save are shown
    SAVING = auto()  # the exporter is writing the grant's PDF
    SAVED = auto()  # written; the grant is spent
    CHANGED = auto()  # the choices changed after an answer: check again
    LAPSED = auto()  # the grant outlived the core's limit
    CLOSED = auto()  # closed or locked: everything forgotten


HOLDS_GRANT = (Step.ALLOWED, Step.SAVING)
ANSWER_ON_SCREEN = (Step.CHECKING, Step.REFUSED, Step.ALLOWED, Step.SAVING, Step.SAVED, Step.LAPSED)


def _plain_label(name: str) -> QLabel:
    label = QLabel("")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName(name)
    return label


class ShareDialog(QDialog):
    draft_form = "send"  # what was typed is kept at a lock (ui/drafts.py)

    def __init__(
        self, service: VaultService, client_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Send information")  # never the client's name
        self.service, self.client_id = service, client_id
        self.grant: gate.Grant | None = None
        self.exported: ExportResult | None = None
        self._asking = 0  # answers to an older question are ignored
        self.step = Step.READY
        self._withheld: tuple[str, ...] = ()

        self.client = _plain_label("Client")
        self.client.setText("Sending information about this client.")

        # 1. the road
        self.release_road = ReleaseRoad(service, client_id)
        self.own_road = OwnCopyRoad(service, client_id)
        self.legal_road = LegalRoad(service, client_id)
        self.roads: dict[str, Road] = {
            r.key: r for r in (self.release_road, self.own_road, self.legal_road)
        }
        self.road_buttons: dict[str, QRadioButton] = {}
        choose = QGroupBox("What are you sending, and why?")
        choose_box = QVBoxLayout(choose)
        self._group = QButtonGroup(self)
        self.stack = ShownPageStack()
        for i, road in enumerate(self.roads.values()):
            radio = QRadioButton(road.title)
            radio.setAccessibleName(road.title.replace("&", ""))
            self.road_buttons[road.key] = radio
            self._group.addButton(radio, i)
            choose_box.addWidget(radio)
            self.stack.addWidget(road)
            road.changed.connect(self._road_changed)
        self.road_buttons["release"].setChecked(True)
        self._group.idToggled.connect(self._road_toggled)
        scroll = QScrollArea()
        scroll.setWidget(self.stack)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)  # never clip
        fit_width(scroll)  # (the stack's widest road: it scrolls only down)

        # 2. the decision
        self.check_button = QPushButton("&Check")
        self.check_button.setAccessibleName("Check whether this may be sent")
        self.check_button.setToolTip("Ask SafeFile whether this may be sent (nothing is written)")
        self.decision = _plain_label("Decision")

        # 3. before writing
        self.before = QGroupBox("Before you save")
        before = QVBoxLayout(self.before)
        self.summary = _plain_label("What the file will contain")
        before.addWidget(self.summary)
        pw = QFormLayout()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("optional: protect the PDF with a password")
        self.password.setAccessibleName("PDF password")
        pw.addRow("&Password", self.password)
        self.password_again = QLineEdit()
        self.password_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_again.setAccessibleName("Type the PDF password again")
        pw.addRow("Type it a&gain", self.password_again)
        before.addLayout(pw)
        # 42 CFR Part 2 and some states: a copy of the release goes with each disclosure.
        # A short label (a check box cannot wrap: the long one widened the column past
        # the dialog's edge at larger text); the rest is its description.
        self.append_release = QCheckBox("&Append the signed release")
        self.append_release.setToolTip("Its scanned form, as the last pages of the PDF")
        self.append_release.setAccessibleName("Append the signed release")
        self.append_release.setVisible(False)
        before.addWidget(self.append_release)
        # The client's own copy is printed in the language the client reads; this adds
        # the same in English after it, for the program's file (issue 24).
        self.bilingual = QCheckBox("Also in &English, after it (for the file)")
        self.bilingual.setToolTip("The client's own copy in their language, then in English")
        self.bilingual.setAccessibleName("Also in English, after it, for the file")
        self.bilingual.setVisible(False)
        before.addWidget(self.bilingual)
        advice = _plain_label("About the password")
        advice.setText(summary.PROTECTION_ADVICE)
        before.addWidget(advice)
        self.message = _plain_label("Problem")
        self.message.setObjectName("error")
        before.addWidget(self.message)
        self.save_button = QPushButton("&Save PDF…")
        self.save_button.setEnabled(False)
        self.before.setVisible(False)

        self.close_button = QPushButton("Close")
        checking = QHBoxLayout()
        checking.addWidget(self.check_button)
        checking.addStretch()
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)

        left = QVBoxLayout()  # what to send: the road and its form
        left.addWidget(choose)
        left.addWidget(scroll, 1)
        left.addLayout(checking)
        answer = QWidget()  # what SafeFile decided, and what the file will be
        right = QVBoxLayout(answer)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.decision)
        right.addWidget(self.before)
        self.policies = policy_panel(  # the program's own policies (ui/program)
            service, ("policy_outside_request", "policy_legal_demand", "policy_client_request")
        )
        right.addWidget(self.policies)
        right.addStretch()
        answer_scroll = QScrollArea()  # larger text: it scrolls instead of being cut off
        answer_scroll.setWidget(answer)
        answer_scroll.setWidgetResizable(True)
        answer_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        answer_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        fit_width(answer_scroll)  # never narrower than the answer's widest line
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addWidget(answer_scroll, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.client)
        layout.addLayout(columns, 1)
        layout.addLayout(buttons)
        order = (
            self.check_button,
            self.password,
            self.password_again,
            self.save_button,
            self.close_button,
        )
        for a, b in zip(order, order[1:], strict=False):
            self.setTabOrder(a, b)
        self.resize(1200, 680)  # two columns; fits 1366x768
        self.check_button.setDefault(True)
        self.check_button.clicked.connect(self.check)
        self.save_button.clicked.connect(lambda: self.save(None))
        self.close_button.clicked.connect(self.reject)
        self.password.textChanged.connect(self.message.clear)
        self.password_again.textChanged.connect(self.message.clear)
        self._lapse = QTimer(self)
        self._lapse.setSingleShot(True)
        self._lapse.setInterval(int(GRANT_TTL.total_seconds() * 1000))
        self._lapse.timeout.connect(self.lapsed)
        self._enter(Step.READY, READY)
        self.service.submit(
            load_info(client_id),
            self._loaded,
            lambda e: self._enter(Step.REFUSED, plain_message(e), problem=True),
        )

    # --- the release road's widgets, as the client screen's tests know them ---------
    @property
    def recipient(self) -> QComboBox:
        return self.release_road.recipient

    @property
    def categories(self) -> dict[str, QCheckBox]:
        return self.release_road.categories

    @property
    def road(self) -> Road:
        return list(self.roads.values())[max(self._group.checkedId(), 0)]

    def choose_road(self, key: str) -> None:
        """Select a road by its key: "release", "own-copy" or "legal"."""
        self.road_buttons[key].setChecked(True)

    def send_under(self, release_id: int) -> None:
        """Fill the form in for this release and check at once (the decision is the
        gate's, as always; this only saves the clicks)."""
        self.choose_road("release")
        self.release_road.preset_ready.connect(
            lambda: self.check(asked=False), Qt.ConnectionType.SingleShotConnection
        )
        self.release_road.preset(release_id)

    # --- the one place a step becomes what is on screen ---------------------------
    def _enter(
        self,
        step: Step,
        text: str | None = None,
        *,
        problem: bool = False,
        grant: gate.Grant | None = None,
        message: str = "",
    ) -> None:
        """Go to ``step``: set the buttons, the decision line (``text``; None keeps it),
        the summary, the message under it and the lapse timer, all here and nowhere else.
        A step that holds no grant forgets the one held, so no answer outlives its question."""
        self.step = step
        if grant is not None:
            self.grant = grant
            self.summary.setText(summary.before_writing(grant, self._withheld))
        if step not in HOLDS_GRANT:
            self.grant = None
            self.summary.clear()
        holds = step in HOLDS_GRANT and self.grant is not None
        if not holds:
            self._lapse.stop()
        elif not self._lapse.isActive():
            self._lapse.start()
        self.before.setVisible(holds)
        self.save_button.setEnabled(step is Step.ALLOWED and holds)
        self.message.setText(message)
        can = step is not Step.CLOSED and self.road.can_check()
        self.check_button.setEnabled(can and step not in (Step.CHECKING, Step.SAVING))
        self.check_button.setToolTip(
            "Ask SafeFile whether this may be sent"
            if can or step is Step.CLOSED
            else "First read the warning and tick the box under it."
        )
        if step is Step.ALLOWED:
            self.save_button.setDefault(True)
        elif step is Step.SAVED:
            self.close_button.setDefault(True)
            self.close_button.setFocus()
        elif step is not Step.SAVING:
            self.check_button.setDefault(True)
        if text is not None:
            self._say(text, problem=problem)

    def _say(self, text: str, *, problem: bool = False) -> None:
        """The decision line's text and style (only ``_enter`` calls this)."""
        self.decision.setText(text)
        name = "error" if problem else "decision"
        if self.decision.objectName() != name:
            self.decision.setObjectName(name)
            self.decision.style().unpolish(self.decision)
            self.decision.style().polish(self.decision)

    # --- reacting to the user ------------------------------------------------------
    def _loaded(self, info: ShareInfo) -> None:
        if self.step is Step.CLOSED:  # closed (or locked) before the client's details arrived
            return
        self.client.setText(f"Sending information about: {info.client_name}")
        for road in self.roads.values():
            road.load(info)

    def _road_toggled(self, button_id: int, checked: bool) -> None:
        if checked:
            self.stack.setCurrentIndex(button_id)
            self._changed()

    def _road_changed(self) -> None:
        """Only the road on screen decides: another road filling in its lists (they arrive
        from the vault's thread at their own pace) leaves the decision as it is."""
        if self.sender() is self.road:
            self._changed()

    def _changed(self) -> None:
        """Any change of answers makes an earlier decision void: check again."""
        if self.step is Step.CLOSED:
            return
        self._asking += 1
        if self.step in ANSWER_ON_SCREEN:  # about other choices: never leave it up
            self._enter(Step.CHANGED, CHANGED)
        else:  # nothing was answered yet: only whether Check can be pressed changes
            self._enter(self.step)

    # --- 2. asking the gate --------------------------------------------------------
    def check(self, *, asked: bool = True) -> None:
        """Show the gate's answer without recording it (consent/preview.py). A refusal the
        user asked for (``asked``: they pressed Check) is recorded, as on the command line;
        the dialog's own check when it opens under a release records nothing."""
        road = self.road
        if not road.can_check():
            return
        missing = road.missing()
        if missing:
            self._enter(Step.READY, missing, problem=True)
            return
        self._asking += 1
        asking, self._withheld = self._asking, road.withheld()
        self.exported = None
        self._enter(Step.CHECKING, "Checking…")

        decide = road.job()

        def ask(w: VaultWorker) -> Preview | gate.Refusal:
            return preview.check(w.require(), lambda: decide(w), asked=asked)

        def done(result: Preview | gate.Refusal) -> None:
            if asking == self._asking:
                self._decided(result)

        def failed(exc: Exception) -> None:
            if asking == self._asking:
                self._enter(Step.REFUSED, self._error_text(exc), problem=True)

        self.service.submit(ask, done, failed)

    def _error_text(self, exc: Exception) -> str:
        if isinstance(exc, ConsentRefused):
            return summary.refusal_text(exc.reasons, exc.log_ref)
        return plain_message(exc) + "\nNothing was sent or saved."

    def _decided(self, result: Preview | gate.Refusal) -> None:
        if isinstance(result, gate.Refusal):  # asked for, and recorded
            text = summary.refusal_text(result.reasons, result.log_ref)
            self._enter(Step.REFUSED, text, problem=True)
            return
        if result.grant is None:  # a preview: nothing recorded
            self._enter(Step.REFUSED, summary.refusal_text(result.reasons, None), problem=True)
            return
        grant = result.grant
        self.append_release.setChecked(False)
        self.append_release.setVisible(grant.kind == gate.GrantKind.RELEASE)
        self.bilingual.setChecked(False)
        self.bilingual.setVisible(grant.kind == gate.GrantKind.OWN_COPY)
        self._enter(Step.ALLOWED, summary.preview_text(grant), grant=grant)

    def lapsed(self) -> None:
        """The grant is older than the core allows: say so, and let the user check again."""
        if self.grant is None:
            return
        self._asking += 1
        self._enter(Step.LAPSED, LAPSED, problem=True)

    # --- 3./4. writing -------------------------------------------------------------
    def default_name(self) -> str:
        """A file name without the client's name: disclosure-2026-12-07.pdf (the entry's
        reference is made only when it is sent, and is inside the PDF)."""
        return f"disclosure-{vault_today(self.service).isoformat()}.pdf"

    def _ask_path(self) -> Path | None:
        return save_pdf_path(self, "Save the PDF", self.default_name())

    def save(self, path: Path | None) -> None:
        """Write the PDF the gate allowed to ``path`` (None: ask where, in a file chooser)."""
        if self.grant is None:
            return
        if self.password.text() != self.password_again.text():
            self._enter(Step.ALLOWED, message=PASSWORDS_DIFFER)
            self.password_again.setFocus()
            return
        self._enter(Step.ALLOWED)
        if path is None:
            path = self._ask_path()
            if path is None:
                return
        shown, password, dest = self.grant, self.password.text() or None, path
        append = not self.append_release.isHidden() and self.append_release.isChecked()
        both = not self.bilingual.isHidden() and self.bilingual.isChecked()
        decide = self.road.job()
        self._enter(Step.SAVING, message="Saving…")

        def job(w: VaultWorker) -> ExportResult:
            vault = w.require()
            check_destination(dest)  # a wrong place is refused before anything is recorded
            if append:
                release_form(vault, shown, actor=vault.actor)
            # Sending: the gate decides now, and it is recorded; it must be what was shown.
            decided = preview.decide_to_send(vault, shown, lambda: decide(w))
            return export_pdf(
                vault,
                decided,
                dest,
                password=password,
                append_release=append,
                bilingual=both,
                actor=vault.actor,
            )

        self.service.submit(job, self._saved, self._save_failed)

    def _save_failed(self, exc: Exception) -> None:
        if self.step is not Step.SAVING:  # closed, locked or lapsed meanwhile
            return
        if isinstance(exc, InvalidInput):
            # the place was wrong (before the grant was used): choose another place
            self._enter(Step.ALLOWED, message=plain_message(exc))
            return
        self._asking += 1
        if isinstance(exc, ConsentRefused) and any("lapsed" in r for r in exc.reasons):
            self._enter(Step.LAPSED, LAPSED, problem=True)
        else:
            text = self._error_text(exc) + "\nPress Check to try again."
            self._enter(Step.REFUSED, text, problem=True)

    def _saved(self, result: ExportResult) -> None:
        self.exported = result
        self._asking += 1
        self.password.clear()
        self.password_again.clear()
        if self.step is Step.CLOSED:
            return
        text = summary.saved_text(
            result.pages, result.path, result.decision_ref, result.written_ref
        )
        self._enter(Step.SAVED, text)

    # --- locking ---------------------------------------------------------------------
    def done(self, result: int) -> None:
        """Closing (or locking) forgets the grant, the passwords and every client detail."""
        self._asking += 1
        self._enter(Step.CLOSED, "")
        self.password.clear()
        self.password_again.clear()
        self.client.clear()
        for road in self.roads.values():
            road.clear()  # a change, which a closed dialog ignores
        super().done(result)
