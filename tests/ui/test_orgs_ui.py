"""Organisations from the app alone: the Organisations page, and "New organisation…" in
every recipient list, so sending under a release never needs a terminal."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from safefile import records
from safefile.consent import releases
from safefile.consent.releases import ReleaseIn
from safefile.ui.main_window import MainWindow
from safefile.ui.orgs.form import OrgDialog
from safefile.ui.share.choices import NEW_ORG
from safefile.ui.share.release_form import ReleaseDialog
from tests.conftest import ALL_TOLD
from tests.ui.helpers import open_client, org_count, run_job, unlocked


def _open_dialog(qtbot: Any) -> OrgDialog:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), OrgDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, OrgDialog)
    return dialog


def test_add_correct_and_refuse_to_delete_from_the_page(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    unlocked(qtbot, window)
    page = window.workspace.orgs
    window.workspace.tabs.setCurrentWidget(page)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    dialog = _open_dialog(qtbot)
    qtbot.keyClicks(dialog.fields["name"], "Division of Parole")
    qtbot.keyClicks(dialog.fields["contact_person"], "J. Officer")
    qtbot.keyClicks(dialog.fields["job_title"], "Parole officer")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.keyClick(dialog.fields["job_title"], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.model.texts()[:1] == ["Division of Parole"]

    # A second one with the same name: refused inside the form, what was typed kept.
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    dialog = _open_dialog(qtbot)
    qtbot.keyClicks(dialog.fields["name"], "division of parole")
    qtbot.keyClicks(dialog.fields["phone"], "555-0100")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "already in the list" in dialog.message.text())
    assert dialog.isVisible() and dialog.fields["phone"].text() == "555-0100"
    dialog.reject()

    # Named by a release: cannot be deleted, and the page says why.
    org_id = page.model.items[0].id
    run_job(
        qtbot,
        window,
        lambda w: releases.add_release(
            w.require(),
            ReleaseIn.from_input(
                {
                    "statements": ALL_TOLD,
                    "client_id": 1,
                    "recipient_org_id": org_id,
                    "categories": ("attendance",),
                    "purpose": "Parole compliance",
                    "signed_on": date.today(),
                    "expires_on": date.today() + timedelta(days=60),
                    "original_on_file": True,
                    "original_reason": "signed at a home visit",
                }
            ),
            actor=w.require().actor,
        ),
    )
    page.table.selectRow(0)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "cannot be deleted" in page.message.text())
    assert run_job(qtbot, window, lambda w: len(records.list_orgs(w.require()))) == 1


def test_new_organisation_from_the_release_form(qtbot: Any, window: MainWindow) -> None:
    unlocked(qtbot, window)
    open_client(qtbot, window, 1)
    dialog = window.clients.entry("release")
    assert isinstance(dialog, ReleaseDialog)
    qtbot.addWidget(dialog)
    combo = dialog.recipient
    qtbot.waitUntil(lambda: combo.findText(NEW_ORG) >= 0)
    assert org_count(combo) == 0 and combo.currentData() is None
    combo.activated.emit(combo.findText(NEW_ORG))  # as when the user picks it
    org_form = _open_dialog(qtbot)
    qtbot.keyClicks(org_form.fields["name"], "Legal Aid")
    qtbot.mouseClick(org_form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: combo.currentText() == "Legal Aid", timeout=10_000)
    assert org_count(combo) == 1 and isinstance(combo.currentData(), int)

    # Cancelling the form brings the previous choice back, never "New organisation…".
    combo.activated.emit(combo.findText(NEW_ORG))
    _open_dialog(qtbot).reject()
    assert combo.currentText() == "Legal Aid"
