"""Record that a client revoked a release, or that the event it expires on happened.

A client may take back consent in writing, in person or by phone; it takes
effect at once.  The core checks every date (not in the future, not before the
release was signed) and records who took it; these dialogs only ask.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from safefile.consent import accounting, releases, revocation
from safefile.consent.releases import Release
from safefile.ui.day import qtoday
from safefile.ui.form_dialog import FormDialog
from safefile.ui.who import session_field
from safefile.ui.worker import VaultService, VaultWorker

HOW = ("in writing", "in person", "by phone")


def to_date(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


def _date_edit(name: str, today: QDate) -> QDateEdit:
    edit = QDateEdit(today)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setCalendarPopup(True)
    edit.setAccessibleName(name)
    return edit


def received_words(items: list[accounting.Disclosure]) -> str:
    """Who received information under a release, in plain words (whom to tell)."""
    if not items:
        return "Nothing has been sent under this release."
    lines = [f"Sent under this release ({len(items)}): tell them it is revoked."]
    for x in items:
        person = f" ({x.person})" if x.person else ""
        lines.append(f"{x.on}: {x.recipient}{person}, {x.what}, by {x.method} [{x.entry}]")
    return "\n".join(lines)


def scan_row(dialog: QWidget, edit: QLineEdit, title: str) -> QHBoxLayout:
    """A path and its Choose… button (no entry in the recently-used files)."""

    def pick() -> None:
        name, _ = QFileDialog.getOpenFileName(
            dialog,
            title,
            "",
            "Scans (*.pdf *.png *.jpg *.jpeg)",
            options=QFileDialog.Option.DontUseNativeDialog,
        )
        if name:
            edit.setText(name)

    button = QPushButton("C&hoose…")
    button.clicked.connect(pick)
    layout = QHBoxLayout()
    layout.addWidget(edit, 1)
    layout.addWidget(button)
    return layout


class _ReleaseDialog(FormDialog):
    """A form about one release; ``saved`` carries the release as the core now holds it."""

    def __init__(
        self,
        service: VaultService,
        rel: Release,
        title: str,
        intro: str,
        action: str,
        parent: QWidget | None,
    ) -> None:
        super().__init__(service, title, intro, action, parent)
        self.release_id = rel.id


class RevokeDialog(_ReleaseDialog):
    """Revoke release ``rel``: the date (today), how it was received, who took it."""

    def __init__(self, service: VaultService, rel: Release, parent: QWidget | None = None) -> None:
        super().__init__(
            service,
            rel,
            "Revoke a release",
            f"Record that the client took back release {rel.ref} (to {rel.recipient}). "
            "It stops at once: nothing more can be sent under it. This cannot be undone; "
            "if the client agrees to sharing again, they sign a new release.",
            "&Revoke the release",
            parent,
        )
        today = qtoday(service)
        self.on = _date_edit("Date revoked", today)
        self.on.setMaximumDate(today)
        self.how = QComboBox()
        self.how.addItems(HOW)
        self.how.setAccessibleName("How it was received")
        self.taken_by = session_field(service, "Who took it (the person unlocked)")
        self.form.addRow("&Date it was revoked", self.on)
        self.form.addRow("&How the client told us", self.how)
        self.form.addRow("&Who took it", self.taken_by)
        self.scan = QLineEdit()
        self.scan.setAccessibleName("The signed written revocation (optional scan)")
        self.scan.setPlaceholderText("optional: the scan of the signed revocation form or letter")
        self.form.addRow("Signed writing", scan_row(self, self.scan, "The written revocation"))
        # Whom to tell: every disclosure already made under this release.
        self.received = QLabel("Looking up who received information under it…")
        self.received.setWordWrap(True)
        self.received.setTextFormat(Qt.TextFormat.PlainText)
        self.received.setAccessibleName("Who received information under this release")
        self.form.addRow(self.received)
        rid = rel.id
        service.submit(lambda w: accounting.under_release(w.require(), rid), self._show_received)
        self.how.setFocus()

    def _show_received(self, items: list[accounting.Disclosure]) -> None:
        self.received.setText(received_words(items))

    def set_date(self, on: date) -> None:
        """Set the date directly (the date field does not go past today)."""
        self.on.setMaximumDate(QDate(9999, 12, 31))
        self.on.setDate(QDate(on.year, on.month, on.day))

    def job(self) -> Any:
        rid, on = self.release_id, to_date(self.on.date())
        how, taken_by = self.how.currentText(), ""  # the session's member (ui/who.py)
        scan = self.scan.text().strip()

        def job(w: VaultWorker) -> Release:
            if scan:  # revoked and its writing attached together (the core checks its code)
                return revocation.attach_written(
                    w.require(),
                    rid,
                    Path(scan),
                    on=on,
                    how=how,
                    taken_by=taken_by,
                    actor=w.require().actor,
                )
            return releases.revoke_release(
                w.require(), rid, on, how=how, taken_by=taken_by, actor=w.require().actor
            )

        return job


class WrittenRevocationDialog(_ReleaseDialog):
    """A release revoked orally (in person, by phone): attach the writing the client
    signed afterwards, the scan of its revocation form or their letter."""

    def __init__(self, service: VaultService, rel: Release, parent: QWidget | None = None) -> None:
        super().__init__(
            service,
            rel,
            "Attach the written revocation",
            f"Release {rel.ref} was revoked {rel.revoked_how or ''} on {rel.revoked_on}. Attach "
            "the scan of the revocation form the client signed (or their signed letter). "
            "SafeFile reads the code on a revocation form: it must be this release's.",
            "&Attach the writing",
            parent,
        )
        self.scan = QLineEdit()
        self.scan.setAccessibleName("The signed written revocation")
        self.form.addRow("Scan", scan_row(self, self.scan, "The written revocation"))

    def job(self) -> Any:
        rid, scan = self.release_id, Path(self.scan.text().strip() or "-")
        return lambda w: revocation.attach_written(w.require(), rid, scan, actor=w.require().actor)


class ExpiryEventDialog(_ReleaseDialog):
    """The event a release expires on (e.g. "end of the court case") happened on a date."""

    def __init__(self, service: VaultService, rel: Release, parent: QWidget | None = None) -> None:
        super().__init__(
            service,
            rel,
            "The event a release expires on",
            f"Release {rel.ref} ends when this happens: {rel.expiry_event}. Record the date it "
            "happened; the release then ends on that date.",
            "&Record the date",
            parent,
        )
        today = qtoday(service)
        self.on = _date_edit("Date the event happened", today)
        self.on.setMaximumDate(today)
        self.form.addRow("&Date it happened", self.on)

    def job(self) -> Any:
        rid, on = self.release_id, to_date(self.on.date())
        return lambda w: releases.record_expiry_event(w.require(), rid, on, actor=w.require().actor)
