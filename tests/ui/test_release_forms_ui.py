"""The written release in the app (issue 24): the client's language on the Overview, the
"Waiting for signature" list, Print form, Attach signed form (the code checked, "changed by
hand?" asked) and Print revocation form, each calling the core."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from safefile import records, settings
from safefile.consent import drafts, releases
from safefile.consent.releases import ReleaseIn
from safefile.consent.revocation import written_form
from safefile.records.language import client_language, set_client_language
from safefile.records.models import OrgIn
from safefile.store.vault import Vault
from safefile.ui.main_window import MainWindow
from tests.conftest import PASSPHRASE
from tests.consent.test_release_forms import _scan
from tests.ui.helpers import open_client, run_job, unlocked
from tests.ui.pages import FilePage

pytestmark = pytest.mark.usefixtures("qapp")
TODAY = date.today()


@pytest.fixture
def drafted(made: Path) -> Path:
    with Vault.open(made, passphrase=PASSPHRASE) as v:
        settings.save(v, {"program_name": "Harbor House", "program_phone": "555-0199"})
        org = records.add_org(v, OrgIn.from_input({"name": "Division of Parole"}), actor=v.actor)
        set_client_language(v, 1, "es", actor=v.actor)
        drafts.draft_release(
            v,
            ReleaseIn.from_input(
                {
                    "client_id": 1,
                    "recipient_org_id": org,
                    "categories": ("attendance",),
                    "purpose": "Parole compliance",
                    "expires_on": TODAY + timedelta(days=90),
                }
            ),
            recipient_kind="police",
            actor=v.actor,
        )
    return made


@pytest.fixture
def win(qtbot: QtBot, drafted: Path) -> Iterator[MainWindow]:
    w = MainWindow(drafted, idle_ms=600_000)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    unlocked(qtbot, w)
    yield w
    w.close()


@pytest.mark.slow
def test_print_then_attach_the_signed_form(qtbot: QtBot, win: MainWindow, tmp_path: Path) -> None:
    open_client(qtbot, win, 1)
    view = FilePage(win.clients.file_view)
    qtbot.waitUntil(lambda: view.data is not None and view.data.file.client.id == 1)
    language = win.findChild(QLabel, "clientLanguage")
    assert language is not None and language.text() == "Español (es)"
    view.go_to("releases")
    tab = win.clients.file_view.releases
    assert tab.waiting_model.texts()[:3] == ["R-1", "Parole compliance", "draft, not printed"]
    tab.waiting.selectRow(0)
    assert tab.print_button.isEnabled() and not tab.attach_button.isEnabled()
    printing = tab.print_dialog()
    qtbot.addWidget(printing)
    assert printing.language.currentData() == "es"
    printing.path.setText(str(tmp_path / "form.pdf"))
    with qtbot.waitSignal(printing.saved, timeout=30_000):
        qtbot.mouseClick(printing.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "awaiting signature" in tab.waiting_model.texts()[2])
    tab.waiting.selectRow(0)
    assert tab.attach_button.isEnabled()
    attach = tab.attach_dialog()
    qtbot.addWidget(attach)
    attach.path.setText(str(_scan(tmp_path / "form.pdf", tmp_path / "scan.pdf")))
    for box in attach.told.values():
        box.setChecked(True)
    qtbot.mouseClick(attach.save_button, Qt.MouseButton.LeftButton)  # "changed?" unanswered
    qtbot.waitUntil(lambda: "--changed-by-hand" in attach.message.text(), timeout=30_000)
    attach.changed.setCurrentIndex(1)  # no
    attach.signer.setText("Someone Else")  # not whom the form names: nothing is signed
    qtbot.mouseClick(attach.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "not 'Someone Else'" in attach.message.text(), timeout=30_000)
    attach.signer.clear()
    attach.copy_given.setChecked(True)
    with qtbot.waitSignal(attach.saved, timeout=30_000):
        qtbot.mouseClick(attach.save_button, Qt.MouseButton.LeftButton)
    rel = run_job(qtbot, win, lambda w: releases.get_release(w.require(), 1))
    assert rel.signed_on == TODAY and rel.form_document_id is not None
    assert rel.copy_given_on == TODAY
    qtbot.waitUntil(lambda: tab.waiting_model.rowCount() == 0)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    tab.table.selectRow(0)
    revocation = tab.revocation_form_dialog()
    qtbot.addWidget(revocation)
    revocation.path.setText(str(tmp_path / "revoke.pdf"))
    with qtbot.waitSignal(revocation.saved, timeout=30_000):
        qtbot.mouseClick(revocation.save_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "revoke.pdf").is_file()
    assert not tab.written_button.isEnabled()  # not revoked
    # Revoked by phone, with the release form's scan given as the writing: refused whole.
    revoke = tab.revoke_dialog()
    qtbot.addWidget(revoke)
    revoke.how.setCurrentText("by phone")
    revoke.scan.setText(str(tmp_path / "scan.pdf"))
    qtbot.mouseClick(revoke.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "not a revocation form" in revoke.message.text(), timeout=30_000)
    assert run_job(qtbot, win, lambda w: releases.get_release(w.require(), 1)).revoked_on is None
    revoke.scan.clear()
    with qtbot.waitSignal(revoke.saved, timeout=30_000):
        qtbot.mouseClick(revoke.save_button, Qt.MouseButton.LeftButton)
    # The signed writing comes later: attached to the revoked release, its code checked.
    qtbot.waitUntil(lambda: "revoked" in tab.model.texts()[2])
    tab.table.selectRow(0)
    assert tab.written_button.isEnabled()
    written = tab.written_dialog()
    qtbot.addWidget(written)
    written.scan.setText(str(_scan(tmp_path / "revoke.pdf", tmp_path / "revoke-scan.pdf")))
    with qtbot.waitSignal(written.saved, timeout=30_000):
        qtbot.mouseClick(written.save_button, Qt.MouseButton.LeftButton)
    assert run_job(qtbot, win, lambda w: written_form(w.require(), 1)) is not None


def test_the_release_form_saves_a_draft(qtbot: QtBot, win: MainWindow) -> None:
    from safefile.ui.share.release_form import ReleaseDialog

    dialog = ReleaseDialog(win.clients.service, 2, win)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.recipient.count() > 0)
    dialog.recipient.setCurrentIndex(0)  # none is chosen for the user (issue 23)
    dialog.categories["attendance"].setChecked(True)
    dialog.purpose.setText("Housing application")
    dialog.draft.setChecked(True)
    assert not dialog.signed_on.isEnabled() and not dialog.original.isEnabled()
    dialog.recipient_kind.setCurrentIndex(dialog.recipient_kind.findData("housing"))
    assert dialog.form_language.isEnabled()
    dialog.form_language.setCurrentIndex(dialog.form_language.findData("es"))
    with qtbot.waitSignal(dialog.saved, timeout=30_000) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    ref = saved.args[0] if saved.args else None
    waiting = run_job(qtbot, win, lambda w: drafts.waiting(w.require(), 2))
    assert [d.id for d in waiting] == [ref] and waiting[0].recipient_kind == "housing"
    assert waiting[0].language == "es"  # client 2 reads English: the form was asked in Spanish
    assert run_job(qtbot, win, lambda w: releases.list_releases(w.require(), 2)) == []


def test_the_language_is_changed_on_the_overview(qtbot: QtBot, win: MainWindow) -> None:
    open_client(qtbot, win, 1)
    view = FilePage(win.clients.file_view)
    qtbot.waitUntil(lambda: view.data is not None and view.data.file.client.id == 1)
    overview = win.clients.file_view.overview
    assert overview.language_button.isEnabled()
    dialog = overview.language_dialog()
    qtbot.addWidget(dialog)
    assert dialog.language.currentData() == "es"  # what is recorded
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.accept()
    qtbot.waitUntil(lambda: overview.language.text() == "English (en)")
    assert run_job(qtbot, win, lambda w: client_language(w.require(), 1)) == "en"


def test_a_client_is_added_with_their_language(qtbot: QtBot, win: MainWindow) -> None:
    dialog = win.clients.add_client_dialog()
    qtbot.addWidget(dialog)
    dialog.name.setText("Lucía Pérez")
    dialog.language.setCurrentIndex(dialog.language.findData("es"))
    with qtbot.waitSignal(dialog.saved, timeout=30_000) as saved:
        dialog.save()
    cid = saved.args[0]
    assert run_job(qtbot, win, lambda w: client_language(w.require(), cid)) == "es"


def test_a_draft_is_withdrawn(qtbot: QtBot, win: MainWindow) -> None:
    open_client(qtbot, win, 1)
    view = FilePage(win.clients.file_view)
    qtbot.waitUntil(lambda: view.data is not None and view.data.file.client.id == 1)
    tab = win.clients.file_view.releases
    qtbot.waitUntil(lambda: tab.waiting_model.rowCount() == 1)
    tab.waiting.selectRow(0)
    assert tab.withdraw_button.isEnabled()
    dialog = tab.withdraw_dialog()
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.saved, timeout=30_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert run_job(qtbot, win, lambda w: drafts.get_draft(w.require(), 1)).state == "withdrawn"
    qtbot.waitUntil(lambda: tab.waiting_model.rowCount() == 0)
