"""A client's file as tabs: what each tab shows, process notes kept hidden, revoking a
release, closing and reopening a file, attaching a document, the quick-entry shortcut,
and that locking leaves no client data in any widget or model."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMessageBox, QPlainTextEdit
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from safefile import records
from safefile.consent import releases, requests
from safefile.consent.releases import ReleaseIn
from safefile.records.models import ClientIn, NoteIn, OrgIn, ServiceIn
from safefile.store.vault import Vault
from safefile.ui.clients.entry import ServiceDialog
from safefile.ui.clients.page import ClientsPage
from safefile.ui.log.request import RequestDialog
from safefile.ui.main_window import MainWindow
from safefile.ui.worker import VaultWorker
from tests.conftest import ALL_TOLD, MARKER, PASSPHRASE, all_bytes_under
from tests.ui.helpers import open_client, run_job, unlocked
from tests.ui.pages import FilePage

pytestmark = pytest.mark.usefixtures("qapp")

TODAY = date.today()
PROCESS_TEXT = "PROCESS-ONLY: countertransference noticed"
NOTE_DATA = "Attended; completed the housing form."
ADDENDUM = "Correction: form completed on the phone."


@pytest.fixture
def full(made: Path) -> Path:
    """Client 1 (Amina Diallo) with one of everything; client 3 has an expiry-event release."""
    with Vault.open(made, passphrase=PASSPHRASE) as v:
        org = records.add_org(v, OrgIn.from_input({"name": "Division of Parole"}), actor=v.actor)
        records.add_service(
            v,
            ServiceIn.from_input(
                {
                    "client_id": 1,
                    "on_date": TODAY - timedelta(days=3),
                    "type": "Intake",
                    "minutes": 45,
                    "note": "SERVICE-NOTE",
                }
            ),
            actor=v.actor,
        )
        ref = records.add_note(
            v,
            NoteIn.from_input(
                {
                    "client_ids": [1],
                    "on_date": TODAY - timedelta(days=2),
                    "data": NOTE_DATA,
                    "plan": "Follow up next week.",
                }
            ),
            sign=True,
            actor=v.actor,
        )
        records.add_addendum(v, ref, ADDENDUM, actor=v.actor)
        records.add_note(
            v,
            NoteIn.from_input(
                {"kind": "process", "client_ids": [1], "on_date": TODAY, "data": PROCESS_TEXT}
            ),
            actor=v.actor,
        )
        records.attach(
            v,
            1,
            b"scan",
            title="Court letter",
            doc_type="letter",
            filename="letter.pdf",
            actor=v.actor,
        )
        for cid, event in ((1, ""), (3, "the end of the court case")):
            releases.add_release(
                v,
                ReleaseIn.from_input(
                    {
                        "statements": ALL_TOLD,
                        "client_id": cid,
                        "recipient_org_id": org,
                        "purpose": "Parole compliance",
                        "categories": ("services", "attendance"),
                        "signed_on": TODAY - timedelta(days=10),
                        "expires_on": TODAY + timedelta(days=60),
                        "original_on_file": True,
                        "original_reason": "signed at a home visit",
                        "expiry_event": event,
                    }
                ),
                actor=v.actor,
            )
        requests.record_request(
            v,
            direction="incoming",
            client_id=1,
            requester="Officer Ray",
            organisation="Division of Parole",
            identity_confirmed_by="rang back",
            reason="compliance check",
            summary="attendance dates",
            decision="pending",
            actor=v.actor,
        )
    return made


@pytest.fixture
def win(qtbot: QtBot, full: Path) -> Iterator[MainWindow]:
    w = MainWindow(full, idle_ms=600_000)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    unlocked(qtbot, w)
    yield w
    w.close()


def _open(qtbot: QtBot, w: MainWindow, cid: int = 1) -> FilePage:
    open_client(qtbot, w, cid)
    view = FilePage(w.clients.file_view)
    qtbot.waitUntil(lambda: view.data is not None and view.data.file.client.id == cid)
    return view


def _texts(page: ClientsPage) -> str:
    """Every text a widget of the page holds, and every cell of every model."""
    texts = [x.text() for x in page.findChildren(QLabel)]
    texts += [x.text() for x in page.findChildren(QLineEdit)]
    texts += [x.toPlainText() for x in page.findChildren(QPlainTextEdit)]
    for model in page.file_view.models:
        texts += model.texts()
    texts += [c.name for c in page.model.rows]
    return "\n".join(texts)


def test_each_tab_shows_its_part_of_the_file(qtbot: QtBot, win: MainWindow) -> None:
    view = _open(qtbot, win)
    assert view.name.text() == "Amina Diallo" and view.status.text() == "open"
    assert view.name.textFormat() == Qt.TextFormat.PlainText
    assert view.services_model.texts() == [
        (TODAY - timedelta(days=3)).isoformat(),
        "Intake",
        "45",
        "SERVICE-NOTE",
        "",  # a current entry (not voided)
    ]
    assert view.notes_model.rowCount() == 1
    assert (
        "signed by" in view.notes_model.texts()[2] and "1 addendum" in view.notes_model.texts()[2]
    )
    assert view.note_detail.placeholderText() == "Choose a note to read it."
    view.notes_table.selectRow(0)
    detail = view.note_detail.toPlainText()
    assert NOTE_DATA in detail and "Plan\nFollow up next week." in detail and ADDENDUM in detail
    assert view.documents_model.texts()[:2] == ["Court letter", "letter"]
    assert view.documents_model.texts()[3] == "4 bytes"
    row = view.releases_model.texts()
    assert row[:2] == ["R-1", "Division of Parole"]
    assert row[2].startswith("in effect, expires in 60 days")
    assert row[3:5] == ["attendance, services", "Parole compliance"]
    assert "original is on file" in view.release_detail.text()
    assert "that the person is a client" in view.release_detail.text()  # in full
    assert view.sharing_model.texts()[2:] == ["Request to us", "Officer Ray, Division of Parole"]
    assert not view.sign_button.isEnabled() and view.addendum_button.isEnabled()
    assert not view.expiry_button.isEnabled()  # this release ends on a date, not an event

    # process notes: nowhere until asked for, then shown, then hidden on another client
    assert PROCESS_TEXT not in _texts(win.clients)
    assert view.process_model.rowCount() == 0 and not view.process_shown
    view.go_to("process")
    qtbot.mouseClick(view.show_process_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.process_model.rowCount() == 1)
    view.process_table.selectRow(0)
    assert PROCESS_TEXT in view.process_detail.toPlainText()
    assert view.process_sign_button.isEnabled()  # a draft
    qtbot.mouseClick(view.hide_process_button, Qt.MouseButton.LeftButton)
    assert view.data is not None and view.data.file.process_notes == ()  # hidden: not kept
    assert PROCESS_TEXT not in _texts(win.clients)
    _open(qtbot, win, 2)
    assert not view.process_shown and not view.process_shown
    assert PROCESS_TEXT not in _texts(win.clients)
    assert view.notes_model.rowCount() == 0  # nothing to choose: it says there is none
    assert view.note_detail.placeholderText().startswith("No progress notes yet.")
    _open(qtbot, win, 1)
    assert view.process_model.rowCount() == 0 and PROCESS_TEXT not in _texts(win.clients)

    def audit(w: VaultWorker) -> list[tuple[str, int, Any]]:
        rows = w.require().db.execute("SELECT event, client_id, detail FROM audit").fetchall()
        return [(e, c, json.loads(d)) for e, c, d in rows]

    reads = [d for e, c, d in run_job(qtbot, win, audit) if e == "file read" and c == 1]
    assert [d["process_notes"] for d in reads].count(True) == 1  # the one time they were shown


@pytest.mark.parametrize(
    "name",
    [
        "services_model",
        "notes_model",
        "process_model",
        "documents_model",
        "releases_model",
        "sharing_model",
    ],
)
def test_models_pass_qtmodeltester(
    qtbot: QtBot, qtmodeltester: ModelTester, win: MainWindow, name: str
) -> None:
    view = _open(qtbot, win)
    view.show_process_notes()
    qtbot.waitUntil(lambda: view.process_model.rowCount() == 1)
    model = getattr(view, name)
    assert model.rowCount() == 1
    qtmodeltester.check(model, force_py=True)
    view.view.clear()  # the tester stays connected: a reset to empty, then back
    assert model.rowCount() == 0
    view.view.open_client(1)
    if name == "process_model":
        view.show_process_notes()
    qtbot.waitUntil(lambda: model.rowCount() == 1)


def test_revoke_a_release(qtbot: QtBot, win: MainWindow) -> None:
    view = _open(qtbot, win)
    view.go_to("releases")
    view.releases_table.selectRow(0)
    assert view.revoke_button.isEnabled()
    dialog = view.revoke_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    me = win.service.worker.vault.actor.name  # type: ignore[union-attr]
    assert dialog.taken_by.isReadOnly() and dialog.taken_by.text() == me  # never typed
    dialog.set_date(TODAY + timedelta(days=1))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "is in the future" in dialog.message.text())
    rel = run_job(qtbot, win, lambda w: releases.get_release(w.require(), 1))
    assert rel.revoked_on is None  # nothing changed
    dialog.set_date(TODAY)
    dialog.how.setCurrentText("by phone")
    dialog.taken_by.setText("Duty advocate")  # even set, it is not what is recorded
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.releases_model.texts()[2] == f"revoked on {TODAY}")
    rel = run_job(qtbot, win, lambda w: releases.get_release(w.require(), 1))
    assert (rel.revoked_on, rel.revoked_how, rel.revoked_taken_by) == (
        TODAY,
        "by phone",
        me,
    )
    assert "Revoked on" in view.release_detail.text() and "by phone" in view.release_detail.text()
    assert not view.revoke_button.isEnabled()  # never twice


def test_the_event_a_release_expires_on(qtbot: QtBot, win: MainWindow) -> None:
    view = _open(qtbot, win, 3)
    view.releases_table.selectRow(0)
    assert view.expiry_button.isEnabled()
    dialog = view.expiry_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    assert "the end of the court case" in dialog.findChildren(QLabel)[0].text()
    dialog.on.setDate(dialog.on.date().addDays(-1))
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    yesterday = TODAY - timedelta(days=1)
    qtbot.waitUntil(lambda: view.releases_model.texts()[2] == f"expired on {yesterday}")


def test_close_and_reopen_a_file(qtbot: QtBot, win: MainWindow) -> None:
    page = win.clients
    page.status.setCurrentIndex(1)  # open files only
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    view = _open(qtbot, win)
    assert view.status_button.text() == "C&lose the file…"
    dialog = view.close_file_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.status.text() == f"closed on {TODAY}")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)  # gone from the open files
    assert view.name.text() == "Amina Diallo"  # the file itself stays open
    page.status.setCurrentIndex(2)
    qtbot.waitUntil(lambda: [c.name for c in page.model.rows] == ["Amina Diallo"])
    qtbot.mouseClick(view.status_button, Qt.MouseButton.LeftButton)  # "Reopen the file"
    qtbot.waitUntil(lambda: view.status.text() == "open")
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
    client = run_job(qtbot, win, lambda w: records.get_client(w.require(), 1))
    assert client.status == "open" and client.closed_on is None


def test_closing_in_the_future_is_refused(qtbot: QtBot, win: MainWindow) -> None:
    view = _open(qtbot, win)
    view.set_status("closed", TODAY + timedelta(days=2))
    qtbot.waitUntil(lambda: view.overview_message.text() != "")
    assert "future" in view.overview_message.text() and view.overview_message.isVisible()
    client = run_job(qtbot, win, lambda w: records.get_client(w.require(), 1))
    assert client.status == "open"


def test_attach_a_document(qtbot: QtBot, win: MainWindow, full: Path, tmp_path: Path) -> None:
    view = _open(qtbot, win)
    scan = tmp_path / "protective-order.pdf"
    scan.write_bytes(b"%PDF-1.4 " + MARKER.encode() * 20)
    dialog = view.attach_dialog(scan)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.title.text() == "protective-order"
    dialog.title.setText("Protective order")
    dialog.kind.setCurrentText("court document")
    qtbot.mouseClick(dialog.attach_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.documents_model.rowCount() == 2)
    assert "Protective order" in view.documents_model.texts()
    assert "court document" in view.documents_model.texts()
    assert MARKER.encode() not in all_bytes_under(full)
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    view.attach_file(empty, "Nothing")
    qtbot.waitUntil(lambda: "empty" in view.documents_message.text())
    assert view.documents_model.rowCount() == 2  # nothing changed


def test_quick_entry_of_a_service_by_keyboard(qtbot: QtBot, win: MainWindow) -> None:
    page = win.clients
    view = _open(qtbot, win, 2)
    assert view.services_model.rowCount() == 0
    win.activateWindow()
    page.table.setFocus()
    qtbot.waitUntil(page.table.hasFocus)
    qtbot.keyClick(
        page.table,
        Qt.Key.Key_S,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )

    def shown() -> list[ServiceDialog]:
        return [d for d in page.findChildren(ServiceDialog) if d.isVisible()]

    qtbot.waitUntil(lambda: len(shown()) == 1)
    dialog = shown()[0]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.type)
    qtbot.keyClicks(dialog.type, "Hot")  # type-ahead
    assert dialog.type.currentText() == "Hotline call"
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.keyClick(dialog.type, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Hotline call" in view.services_model.texts())


def test_sign_a_draft_from_the_notes_tab(qtbot: QtBot, win: MainWindow) -> None:
    run_job(
        qtbot,
        win,
        lambda w: records.add_note(
            w.require(),
            NoteIn.from_input({"client_ids": [2], "on_date": TODAY, "data": "Phone check-in."}),
            actor=w.require().actor,
        ),
    )
    view = _open(qtbot, win, 2)
    view.notes_table.selectRow(0)
    assert view.sign_button.isEnabled() and not view.addendum_button.isEnabled()
    box = view.confirm_sign()
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "can no longer be changed" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.notes_model.items[0].signed)
    assert not view.sign_button.isEnabled() and view.addendum_button.isEnabled()


def test_nothing_open_nothing_enabled_and_request_dialog(qtbot: QtBot, win: MainWindow) -> None:
    page, view = win.clients, FilePage(win.clients.file_view)
    buttons = (*view.all_buttons(), page.share_button)
    assert not any(b.isEnabled() for b in buttons)
    assert all(b.accessibleName() for b in buttons)
    assert not page.message.isVisible()  # an empty message takes no room under the file
    page.quick_entry()  # the shortcut with no file open explains instead
    assert "Choose a client" in page.message.text() and page.message.isVisible()
    _open(qtbot, win)
    assert not page.message.isVisible() and not page.file_view.message.isVisible()
    assert view.request_button.isEnabled()
    dialog = view.request_dialog()
    qtbot.addWidget(dialog)
    assert isinstance(dialog, RequestDialog) and dialog.client_id == 1


def test_fits_1366_by_768(qtbot: QtBot, win: MainWindow) -> None:
    view = _open(qtbot, win)
    assert win.minimumSizeHint().width() <= 1366 and win.minimumSizeHint().height() <= 768
    sizes = win.clients.split.sizes()
    assert sizes[0] >= 300 and sizes[1] >= 700  # the file gets the room it needs
    assert view.view.width() >= 700


def test_lock_leaves_no_client_data(qtbot: QtBot, win: MainWindow) -> None:
    page = win.clients
    view = _open(qtbot, win)
    view.show_process_notes()
    qtbot.waitUntil(lambda: view.process_model.rowCount() == 1)
    view.process_table.selectRow(0)
    view.notes_table.selectRow(0)
    view.releases_table.selectRow(0)
    view.sharing_table.selectRow(0)
    dialog = page.entry("note")
    dialog.open()
    qtbot.keyClicks(dialog.data, "DRAFT-IN-PROGRESS")  # type: ignore[attr-defined]
    before = _texts(page)
    for secret in (
        "Amina Diallo",
        PROCESS_TEXT,
        NOTE_DATA,
        "SERVICE-NOTE",
        "Court letter",
        "Officer Ray",
        "DRAFT-IN-PROGRESS",
    ):
        assert secret in before
    win.lock()
    after = _texts(page)
    for secret in (
        "Amina",
        "Ben Okafor",
        PROCESS_TEXT,
        NOTE_DATA,
        ADDENDUM,
        "SERVICE-NOTE",
        "Court letter",
        "Parole",
        "Officer Ray",
        "DRAFT-IN-PROGRESS",
    ):
        assert secret not in after
    assert page.current is None and view.shown_texts() == []
    assert not view.process_shown and all(m.rowCount() == 0 for m in view.models)


def test_the_client_banner_is_above_every_tab_and_in_every_entry_dialog(
    qtbot: QtBot, win: MainWindow, tmp_path: Path
) -> None:
    run_job(
        qtbot,
        win,
        lambda w: records.add_client(
            w.require(),
            ClientIn.from_input({"name": "Leila Haddad", "alias": "Lee", "case_number": "DV-77"}),
            actor=w.require().actor,
        ),
    )
    win.clients.reload_list()
    qtbot.waitUntil(lambda: win.clients.model.rowCount() == 4)
    view = _open(qtbot, win, 4)
    banner = win.clients.banner
    want = "Leila Haddad  ·  preferred name: Lee  ·  case number: DV-77"
    assert banner.text() == want and banner.textFormat() == Qt.TextFormat.PlainText
    for tab in view.TABS:  # one banner outside the tabs: it shows on each
        view.go_to(tab)
        assert banner.isVisible()
    page = win.clients
    run_job(
        qtbot,
        win,
        lambda w: records.add_note(
            w.require(),
            NoteIn.from_input({"client_ids": [4], "on_date": TODAY, "data": "x"}),
            sign=True,
            actor=w.require().actor,
        ),
    )
    view.view.reload()
    qtbot.waitUntil(page.addendum_button.isEnabled)
    dialogs = [page.entry(w) for w in ("service", "note", "process-note", "addendum", "release")]
    dialogs += [page.share(), view.close_file_dialog(), view.contact_dialog()]
    dialogs += [view.request_dialog(), view.attach_dialog(tmp_path)]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        shown = [x for x in dialog.findChildren(QLabel) if x.accessibleName() == "Client"]
        assert want in [x.text() for x in shown], dialog.windowTitle()
        assert "Leila" not in dialog.windowTitle()
        dialog.show()  # at the size it opens at: the banner on one line
        QApplication.processEvents()
        line = shown[0]
        lines = line.heightForWidth(line.width()), line.heightForWidth(10_000)
        assert lines[0] == lines[1], (dialog.windowTitle(), line.width(), lines)  # one line
        dialog.hide()
    win.lock()
    assert banner.text() == ""
