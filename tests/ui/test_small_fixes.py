"""The smaller defects of issue 23 (item 7), one test each, through the real widgets."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from safefile import records
from safefile.backup import make_backup
from safefile.consent import releases
from safefile.records.models import OrgIn
from safefile.store.vault import Vault
from safefile.ui import appearance
from safefile.ui.choosers import start_folder
from safefile.ui.main_window import MainWindow
from safefile.ui.share.release_form import ReleaseDialog
from tests.conftest import ALL_TOLD, PASSPHRASE
from tests.ui.helpers import open_client, run_job, unlocked

pytestmark = pytest.mark.usefixtures("qapp")


@pytest.fixture
def orgs(made: Path) -> Path:
    with Vault.open(made, passphrase=PASSPHRASE) as v:
        records.add_org(v, OrgIn.from_input({"name": "Aardvark Agency"}), actor=v.actor)
        records.add_org(v, OrgIn.from_input({"name": "Division of Parole"}), actor=v.actor)
        records.attach(
            v, 1, b"%PDF-1.4 order", title="Protective order", doc_type="court order", actor=v.actor
        )
    return made


def _release_dialog(qtbot: QtBot, w: MainWindow) -> ReleaseDialog:
    d = w.clients.entry("release")
    assert isinstance(d, ReleaseDialog)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitUntil(lambda: bool(d.documents) and d.recipient.count() > 1, timeout=10_000)
    return d


def test_the_recipient_is_not_the_first_organisation_in_the_alphabet(
    qtbot: QtBot, orgs: Path, window: MainWindow
) -> None:
    unlocked(qtbot, window)
    open_client(qtbot, window, 1)
    d = _release_dialog(qtbot, window)
    assert d.recipient.currentIndex() == -1 and d.recipient.currentData() is None
    assert d.recipient.placeholderText() == "Choose the organisation…"
    qtbot.mouseClick(d.save_button, Qt.MouseButton.LeftButton)
    assert "Choose the organisation the release names" in d.message.text()


def test_naming_a_document_needs_no_second_tick_and_the_release_shows_it(
    qtbot: QtBot, orgs: Path, window: MainWindow
) -> None:
    unlocked(qtbot, window)
    open_client(qtbot, window, 1)
    d = _release_dialog(qtbot, window)
    d.recipient.setCurrentIndex(d.recipient.findText("Division of Parole"))
    d.purpose.setText("Parole compliance")
    for key, box in d.statements.items():
        box.setChecked(ALL_TOLD[key])
    d.original.setChecked(True)
    d.original_reason.setText("signed at a home visit")
    next(iter(d.documents.values())).setChecked(True)  # only the document is named
    assert d.categories["documents"].isChecked()
    with qtbot.waitSignal(d.saved, timeout=10_000):
        qtbot.mouseClick(d.save_button, Qt.MouseButton.LeftButton)
    saved = run_job(qtbot, window, lambda w: releases.list_releases(w.require(), 1))
    assert saved[0].document_ids and "documents" in saved[0].categories
    view = window.clients.file_view
    view.setCurrentWidget(view.releases)
    qtbot.waitUntil(lambda: view.releases.model.rowCount() == 1, timeout=10_000)
    view.releases.table.selectRow(0)
    assert "Limited to the document: Protective order" in view.releases.detail.text()


def test_restore_offers_the_newest_backup(qtbot: QtBot, made: Path, window: MainWindow) -> None:
    from safefile.ui.backup.restore import RestoreDialog

    with Vault.open(made, passphrase=PASSPHRASE) as v:
        make_backup(v, made.parent / "b-older.sfbackup")
        time.sleep(1.1)  # (the header's time is to the second)
        make_backup(v, made.parent / "a-newer.sfbackup")
    dialog = RestoreDialog(window.service, window, beside=made)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.backup.text() != "", timeout=10_000)
    assert Path(dialog.backup.text()).name == "a-newer.sfbackup"


def test_a_pdf_is_saved_first_in_documents_not_the_program_folder(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def chooser(
        parent: QWidget, title: str, where: str, *_: object, **__: object
    ) -> tuple[str, str]:
        asked.append(where)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(chooser))
    unlocked(qtbot, window)
    open_client(qtbot, window, 1)
    window.clients.file_view.sharing.accounting_dialog()._save_clicked()
    assert asked and Path(asked[0]).parent == start_folder()
    assert Path(asked[0]).parent != Path.cwd() and Path(asked[0]).is_absolute()


def test_the_vault_location_has_browse_and_shows_its_start(qtbot: QtBot, tmp_path: Path) -> None:
    w = MainWindow(tmp_path / "deep" / "folders" / "SafeFile.safefile")
    qtbot.addWidget(w)
    w.show()
    s = w.setup
    assert s.browse_button.isVisible() and s.location.cursorPosition() == 0
    s.set_location(tmp_path / "elsewhere" / "office.safefile")
    assert s.location.cursorPosition() == 0 and s.location.text().endswith("office.safefile")
    qtbot.keyClicks(s.pass1, PASSPHRASE)
    qtbot.keyClicks(s.pass2, PASSPHRASE)
    qtbot.mouseClick(s.create_button, Qt.MouseButton.LeftButton)
    assert s.message.text() == "Creating the vault…"
    assert s.message.objectName() != "error"  # progress, not the red of errors
    qtbot.waitUntil(lambda: s.key_label.text() != "", timeout=20_000)
    w.close()


def test_a_new_client_is_selected_after_add(qtbot: QtBot, window: MainWindow) -> None:
    unlocked(qtbot, window)
    page = window.clients
    dialog = page.add_client_dialog()
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.keyClicks(dialog.name, "Zora Newcomer")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.save()
    qtbot.waitUntil(
        lambda: page.current is not None and page.current.client.name == "Zora Newcomer",
        timeout=10_000,
    )
    qtbot.waitUntil(lambda: page.table.currentIndex().row() >= 0, timeout=10_000)
    row = page.table.currentIndex().row()
    assert page.model.rows[row].name == "Zora Newcomer"


def test_the_funder_report_says_why_hours_are_blank(qtbot: QtBot, window: MainWindow) -> None:
    unlocked(qtbot, window)
    reports = window.workspace.program.reports
    reports.build()
    qtbot.waitUntil(lambda: reports.model.rowCount() > 0, timeout=10_000)
    assert "Hours are counted for services only" in reports.hours_note.text()
    assert reports.hours_note.isVisibleTo(reports)


def test_a_placeholder_stays_a_hint_in_high_contrast(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    appearance.apply(app, appearance.Appearance("normal", True))
    try:
        p = app.palette()
        hint = p.color(QPalette.ColorRole.PlaceholderText)
        text = p.color(QPalette.ColorRole.Text)
        assert hint != text  # never the black of what was typed
        assert _contrast(hint.lightnessF(), p.color(QPalette.ColorRole.Base).lightnessF()) >= 4.5
    finally:
        appearance.apply(app, appearance.Appearance())


def _contrast(a: float, b: float) -> float:
    def lum(x: float) -> float:
        return x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4

    hi, lo = max(lum(a), lum(b)), min(lum(a), lum(b))
    return (hi + 0.05) / (lo + 0.05)
