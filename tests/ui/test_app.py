"""The desktop app driven through its real widgets, offscreen."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from safefile import records
from safefile.consent.kinds import EntryKind
from safefile.consent.releases import ReleaseIn
from safefile.records.models import OrgIn, ServiceIn
from safefile.store import keys
from safefile.store.vault import Vault
from safefile.ui.clients.model import ClientTableModel
from safefile.ui.main_window import MainWindow
from safefile.ui.share.dialog import ShareDialog
from tests.conftest import ALL_TOLD, OTHER_PASSPHRASE, PASSPHRASE
from tests.ui.helpers import org_count, prove_key_written, unlock
from tests.ui.pages import FilePage

pytestmark = pytest.mark.usefixtures("qapp")


def test_first_start_creates_a_vault(qtbot: QtBot, tmp_path: Path) -> None:
    from safefile.backup.policy import Policy
    from safefile.export import seal
    from safefile.records import services
    from safefile.ui.setup.page import KEY, PROGRAM

    path = tmp_path / "new" / "vault.safefile"
    backups = tmp_path / "usb-drive"
    backups.mkdir()
    w = MainWindow(path)
    qtbot.addWidget(w)
    w.show()
    assert w.stack.currentWidget() is w.setup
    s = w.setup
    qtbot.keyClicks(s.pass1, "short")
    assert "Not accepted" in s.strength.text()
    qtbot.mouseClick(s.create_button, Qt.MouseButton.LeftButton)
    assert "at least 15" in s.message.text()
    s.pass1.clear()
    qtbot.keyClicks(s.pass1, PASSPHRASE)
    qtbot.keyClicks(s.pass2, PASSPHRASE)
    assert "Good" in s.strength.text() or "Strong" in s.strength.text()
    qtbot.mouseClick(s.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: s.stack.currentIndex() == KEY, timeout=20_000)
    key = s.key_label.text()
    assert re.fullmatch(r"([0-9A-Z]{4}-){8}[0-9A-Z]{4}", key)
    assert key in s.recovery_document().toPlainText()  # what "Print…" prints
    assert not s.continue_button.isEnabled()
    prove_key_written(s)
    qtbot.mouseClick(s.continue_button, Qt.MouseButton.LeftButton)
    assert s.stack.currentIndex() == PROGRAM and s.key_label.text() == ""  # shown once
    assert not w.is_unlocked

    qtbot.mouseClick(s.finish_button, Qt.MouseButton.LeftButton)  # no program name yet
    qtbot.waitUntil(lambda: "program's name" in s.program_message.text(), timeout=10_000)
    assert not w.is_unlocked
    qtbot.keyClicks(s.program, "Harbour Advocacy")
    qtbot.mouseClick(s.finish_button, Qt.MouseButton.LeftButton)  # no practitioner yet
    qtbot.waitUntil(
        lambda: s.program_message.text().startswith("Please fill in the practitioner's name"),
        timeout=10_000,
    )
    assert not w.is_unlocked
    qtbot.keyClicks(s.practitioner, "Dana Whitfield")
    qtbot.keyClicks(s.credentials, "LCSW")
    s.type_boxes["Emergency shelter"].setChecked(False)
    qtbot.keyClicks(s.new_type, "Legal clinic")
    qtbot.mouseClick(s.add_type_button, Qt.MouseButton.LeftButton)
    assert s.type_boxes["Legal clinic"].isChecked()
    s.retention.setValue(18)
    s.set_backup_folder(backups)
    qtbot.mouseClick(s.finish_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.is_unlocked, timeout=10_000)
    assert (path / "vault.json").is_file()
    w.close()
    with Vault.open(path, passphrase=PASSPHRASE) as v:
        assert v.get_meta("program_name") == "Harbour Advocacy"
        types = services.service_types(v)
        assert "Legal clinic" in types and "Emergency shelter" not in types and "Intake" in types
        assert v.get_meta("retention_months") == "18"
        assert (
            v.get_meta("practitioner") == "Dana Whitfield" and v.get_meta("credentials") == "LCSW"
        )
        assert v.user_name == "Dana Whitfield, LCSW"  # who signs and makes entries from now on
        assert v.get_meta("page_size") in ("letter", "a4")
        policy = Policy.of(v)
        assert policy is not None and policy.folder == backups
        stamp = seal.current(v)  # the program seal, made at first start with the program's name
        assert stamp is not None and stamp.subject == "Harbour Advocacy"


def test_unlock_wrong_then_right(qtbot: QtBot, window: MainWindow) -> None:
    unlock(qtbot, window, OTHER_PASSPHRASE)
    qtbot.waitUntil(
        lambda: "does not open this vault" in window.unlock.message.text(), timeout=10_000
    )
    assert not window.is_unlocked
    assert window.unlock.secret.text() == ""  # never left in the field
    unlock(qtbot, window)
    qtbot.waitUntil(lambda: window.is_unlocked, timeout=10_000)
    qtbot.waitUntil(lambda: window.clients.model.rowCount() == 3)


def test_search_add_and_open_a_file(qtbot: QtBot, window: MainWindow) -> None:
    unlock(qtbot, window)
    page = window.clients
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=10_000)
    qtbot.keyClicks(page.search, "nguyen")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.model.rows[0].name == "Nguyễn Thị Ánh"
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: FilePage(page.file_view).name.text() == "Nguyễn Thị Ánh")
    assert "Nguyễn" not in window.windowTitle()
    page.search.clear()
    page.save_client({"name": "Zoe New"})
    qtbot.waitUntil(lambda: page.model.rowCount() == 4)
    page.save_client({"name": ""})
    qtbot.waitUntil(lambda: "fill in the name" in page.message.text())


def test_lock_shortcut_and_idle_clear_the_window(qtbot: QtBot, made: Path) -> None:
    w = MainWindow(made, idle_ms=60_000)
    qtbot.addWidget(w)
    w.show()
    unlock(qtbot, w)
    qtbot.waitUntil(lambda: w.clients.model.rowCount() == 3, timeout=10_000)
    w.clients.table.selectRow(0)
    qtbot.waitUntil(lambda: FilePage(w.clients.file_view).name.text() != "")
    # A short idle time only once the file is on screen: a busy machine may take longer
    # than it to show the file, and the lock would then come first.
    w.set_idle_ms(400)
    qtbot.waitUntil(lambda: not w.is_unlocked, timeout=5_000)  # nobody touched it: auto-lock
    assert w.clients.model.rowCount() == 0
    assert w.clients.file_view.shown_texts() == [] and w.clients.current is None
    qtbot.waitUntil(lambda: w.service.worker.vault is None)
    unlock(qtbot, w)
    qtbot.waitUntil(lambda: w.is_unlocked, timeout=10_000)
    qtbot.keyClick(w, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert not w.is_unlocked and w.clients.model.rowCount() == 0
    w.close()


def test_client_model_passes_qtmodeltester(
    qtbot: QtBot, qtmodeltester: ModelTester, window: MainWindow
) -> None:
    unlock(qtbot, window)
    model: ClientTableModel = window.clients.model
    qtbot.waitUntil(lambda: model.rowCount() == 3, timeout=10_000)
    qtmodeltester.check(model, force_py=True)


def test_lazy_fetch_in_pages(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "big.safefile"
    vault, _ = Vault.create(path, PASSPHRASE, kdf=keys.KdfParams.minimum())
    with vault.transaction():
        vault.db.executemany(
            "INSERT INTO clients (name, intake_date, created_at) VALUES (?, '2026-01-01', 'x')",
            [(f"Client {i:05d}",) for i in range(1000)],
        )
    vault.lock()
    w = MainWindow(path)
    qtbot.addWidget(w)
    unlock(qtbot, w)
    model = w.clients.model
    qtbot.waitUntil(lambda: model.rowCount() == 200, timeout=10_000)
    assert model.total == 1000 and model.canFetchMore()
    model.fetchMore()
    qtbot.waitUntil(lambda: model.rowCount() == 400)
    w.close()


@pytest.fixture
def with_release(made: Path) -> Path:
    from datetime import date

    from safefile.consent import releases

    with Vault.open(made, passphrase=PASSPHRASE) as v:
        org = records.add_org(v, OrgIn.from_input({"name": "Division of Parole"}), actor=v.actor)
        records.add_service(
            v,
            ServiceIn.from_input(
                {
                    "client_id": 1,
                    "on_date": date(2026, 11, 2),
                    "type": "Intake",
                    "note": "SERVICE-ENTRY",
                }
            ),
            actor=v.actor,
        )
        releases.add_release(
            v,
            ReleaseIn.from_input(
                {
                    "statements": ALL_TOLD,
                    "client_id": 1,
                    "recipient_org_id": org,
                    "purpose": "Parole",
                    "categories": ("services",),
                    "signed_on": date(2026, 11, 1),
                    "expires_on": date(2027, 1, 31),
                    "original_on_file": True,
                    "original_reason": "signed at a home visit",
                }
            ),
            actor=v.actor,
        )
    return made


def _share_dialog(qtbot: QtBot, w: MainWindow) -> ShareDialog:
    unlock(qtbot, w)
    page = w.clients
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=10_000)
    row = next(i for i, c in enumerate(page.model.rows) if c.id == 1)
    page.table.selectRow(row)
    qtbot.waitUntil(page.share_button.isEnabled)
    dialog = page.share()
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: org_count(dialog.recipient) == 1 and "about:" in dialog.client.text())
    return dialog


def test_share_under_a_release(qtbot: QtBot, with_release: Path, tmp_path: Path) -> None:
    import pypdf

    from safefile.consent import log

    w = MainWindow(with_release)
    qtbot.addWidget(w)
    dialog = _share_dialog(qtbot, w)
    dialog.categories["services"].setChecked(True)
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=10_000)
    assert "Allowed by release R-1, valid until 31 January 2027" in dialog.decision.text()
    assert "may share it further" in dialog.summary.text()
    out = tmp_path / "to-parole.pdf"
    dialog.save(out)
    qtbot.waitUntil(lambda: dialog.exported is not None, timeout=20_000)
    assert out.is_file()
    text = "".join(p.extract_text() for p in pypdf.PdfReader(out).pages)
    assert dialog.exported is not None
    assert "SERVICE-ENTRY" in text and dialog.exported.decision_ref in dialog.decision.text()
    w.close()
    with Vault.open(with_release, passphrase=PASSPHRASE) as v:
        kinds = [e.kind for e in log.entries(v, client_id=1)]
    assert kinds == [EntryKind.GRANTED, EntryKind.WRITTEN]


def test_refused_share_shows_every_reason(qtbot: QtBot, with_release: Path) -> None:
    w = MainWindow(with_release)
    qtbot.addWidget(w)
    dialog = _share_dialog(qtbot, w)
    dialog.categories["services"].setChecked(True)
    dialog.categories["contact"].setChecked(True)
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Not allowed" in dialog.decision.text(), timeout=10_000)
    assert "Release R-1 does not cover contact details." in dialog.decision.text()
    assert not dialog.save_button.isEnabled()
    w.close()


def test_service_note_sign_and_addendum(qtbot: QtBot, window: MainWindow) -> None:
    from safefile.ui.clients.entry import AddendumDialog, NoteDialog, ServiceDialog

    unlock(qtbot, window)
    page = window.clients
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=10_000)
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.current is not None and page.note_button.isEnabled())
    assert page.current is not None
    name = page.current.client.name

    service = page.entry("service")
    assert isinstance(service, ServiceDialog)
    qtbot.addWidget(service)
    service.type.setCurrentText("Intake")
    qtbot.keyClicks(service.note, "Completed the intake form.")
    with qtbot.waitSignal(service.saved, timeout=10_000):
        qtbot.mouseClick(service.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: "Completed the intake form." in FilePage(page.file_view).services_model.texts()
    )

    note = page.entry("note")
    assert isinstance(note, NoteDialog)
    qtbot.addWidget(note)
    qtbot.keyClicks(note.data, "I think she probably moved to Elm Street.")
    qtbot.mouseClick(note.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "may not belong" in note.message.text(), timeout=10_000)
    assert "speculation" in note.message.text() and "location" in note.message.text()
    assert note.save_button.text() == "Save anyway"
    note.data.setPlainText("Attended the session; completed the housing application.")
    note.sign.setChecked(True)
    with qtbot.waitSignal(note.saved, timeout=10_000):
        qtbot.mouseClick(note.save_button, Qt.MouseButton.LeftButton)  # no warnings now
    qtbot.waitUntil(lambda: any(n.signed for n in FilePage(page.file_view).notes_model.items))
    qtbot.waitUntil(page.addendum_button.isEnabled)

    addendum = page.entry("addendum")
    assert isinstance(addendum, AddendumDialog)
    qtbot.addWidget(addendum)
    assert addendum.note.count() == 1
    qtbot.keyClicks(addendum.text, "Correction: the application was completed at home.")
    with qtbot.waitSignal(addendum.saved, timeout=10_000):
        qtbot.mouseClick(addendum.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: "Correction: the application" in FilePage(page.file_view).note_detail.toPlainText()
    )
    assert (
        "Attended the session" in FilePage(page.file_view).note_detail.toPlainText()
    )  # the original stays
    assert name not in window.windowTitle()


def test_add_a_release_with_its_signed_form(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    from PySide6.QtCore import QDate

    from safefile.consent import releases
    from safefile.ui.share.release_form import ReleaseDialog

    unlock(qtbot, window)
    page = window.clients
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=10_000)
    page.service.submit(
        lambda w: records.add_org(
            w.require(), OrgIn.from_input({"name": "Division of Parole"}), actor=w.require().actor
        )
    )
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.current is not None and page.release_button.isEnabled())
    dialog = page.entry("release")
    assert isinstance(dialog, ReleaseDialog)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: org_count(dialog.recipient) == 1)
    dialog.recipient.setCurrentIndex(0)  # none is chosen for the user (issue 23)
    dialog.categories["services"].setChecked(True)
    qtbot.keyClicks(dialog.purpose, "Parole compliance")
    dialog.expires_on.setDate(QDate.currentDate().addDays(60))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # nothing told, no form yet
    qtbot.waitUntil(lambda: "cannot be entered" in dialog.message.text(), timeout=10_000)
    assert "no signed form" in dialog.message.text()
    assert "must be told each statement" in dialog.message.text()
    for box in dialog.statements.values():
        box.setChecked(True)
    scan = tmp_path / "signed-roi.pdf"
    scan.write_bytes(b"%PDF-1.4 signed")
    dialog.set_form(scan)
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    fv = FilePage(page.file_view)
    qtbot.waitUntil(lambda: fv.releases_model.rowCount() == 1)
    assert fv.releases_model.texts()[:2] == ["R-1", "Division of Parole"]
    assert "in effect, expires in 60 days" in fv.releases_model.texts()[2]
    assert "Signed release" in fv.documents_model.texts()  # the form is in the file
    assert page.current is not None
    cid = page.current.client.id
    got: list[object] = []
    page.service.submit(lambda w: releases.list_releases(w.require(), cid), got.append)
    qtbot.waitUntil(lambda: bool(got))
    assert got[0][0].form_document_id is not None  # type: ignore[index]


def test_the_window_fits_1366x768_and_remembers_only_its_size(qtbot: QtBot, made: Path) -> None:
    from safefile.ui.main_window import default_size, window_settings

    w = MainWindow(made)
    qtbot.addWidget(w)
    w.show()
    assert w.width() <= 1366 - 40 and w.height() <= 768 - 60  # room for a panel and a title
    assert w.minimumSizeHint().width() <= 1366 and w.minimumSizeHint().height() <= 768
    unlock(qtbot, w)
    qtbot.waitUntil(lambda: w.clients.model.rowCount() == 3, timeout=10_000)
    w.clients.table.selectRow(0)
    qtbot.waitUntil(lambda: w.clients.current is not None)
    w.lock()
    # The offscreen screen is 800 wide, narrower than the workspace: a restored window is
    # fitted to the screen, then grows to the workspace's width at unlock.
    w.resize(w.minimumSizeHint().width(), 700)
    size = (w.width(), w.height())
    assert size != (again_default := default_size())
    w.close()
    stored = Path(window_settings().fileName())
    assert stored.is_file()
    text = stored.read_bytes()
    assert b"Amina" not in text and b"Diallo" not in text
    assert window_settings().allKeys() == ["window/geometry"]  # nothing else is kept
    again = MainWindow(made)
    qtbot.addWidget(again)
    again.show()
    unlock(qtbot, again)
    qtbot.waitUntil(lambda: again.clients.model.rowCount() == 3, timeout=10_000)
    assert (again.width(), again.height()) == size != again_default
    again.close()
