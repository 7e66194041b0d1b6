"""Drive the real window through its main screens and grab each one (see scripts/screenshots).

Made-up clients in a throw-away vault; every screen and dialog is grabbed at 1366x768
(dialogs at their own size) into the folder given, numbered in the order a user meets them.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from safefile import records
from safefile.consent import releases, requests
from safefile.consent.releases import STATEMENTS, ReleaseIn
from safefile.records.models import ClientIn, NoteIn, OrgIn, ServiceIn
from safefile.store import keys
from safefile.store.vault import Vault
from safefile.ui import appearance
from safefile.ui.about import AboutDialog
from safefile.ui.backup.check import CheckDialog
from safefile.ui.backup.restore import RestoreDialog
from safefile.ui.clients.entry import NoteDialog
from safefile.ui.log.dialogs import PrintDialog
from safefile.ui.main_window import MainWindow
from safefile.ui.orgs.form import OrgDialog
from safefile.ui.settings.keys import OLD_BACKUPS, RecoveryKeyDialog
from safefile.ui.setup.page import KEY, PROGRAM

PASS = "amber kettle violin harbour"


def settle(ms: int = 400) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_for(cond: Callable[[], bool], timeout_ms: int = 15000) -> None:
    """Until ``cond`` holds; a screen that never comes stops the script, not a wrong shot."""
    waited = 0
    while not cond():
        if waited >= timeout_ms:
            raise TimeoutError(f"still waiting after {timeout_ms} ms")
        settle(100)
        waited += 100


class Shots:
    def __init__(self, out: Path) -> None:
        self.out, self.n = out, 0

    def __call__(self, widget: QWidget, name: str) -> None:
        settle()
        self.n += 1
        path = self.out / f"{self.n:02d}-{name}.png"
        if not widget.grab().save(str(path)):  # Qt says only False: no folder, no space
            raise OSError(f"could not write {path}")


def demo_vault(path: Path) -> None:
    v, _ = Vault.create(path, PASS)
    v.set_meta("program_name", "Harbour Advocacy Program")
    org = records.add_org(
        v,
        OrgIn.from_input(
            {
                "name": "Division of Parole",
                "phone": "555-0100",
                "address": "200 State St, Springfield",
                "contact_person": "J. Officer",
                "job_title": "Parole officer",
            }
        ),
        actor=v.actor,
    )
    records.add_org(v, OrgIn.from_input({"name": "County Housing Authority"}), actor=v.actor)
    today = date.today()
    for name, case in [
        ("Amina Diallo", "DV-2026-001"),
        ("Nguyễn Thị Ánh", "DV-2026-002"),
        ("محمد علي", "DV-2026-003"),
        ("王小明", "RE-2026-014"),
        ("Olga Petrova", ""),
    ]:
        cid = records.add_client(
            v,
            ClientIn.from_input({"name": name, "case_number": case or None}),
            actor=v.actor,
        )
        for days, kind in (
            (20, "Intake"),
            (13, "Case management"),
            (6, "Advocacy: court accompaniment"),
        ):
            records.add_service(
                v,
                ServiceIn.from_input(
                    {
                        "client_id": cid,
                        "on_date": today - timedelta(days=days),
                        "type": kind,
                        "minutes": 45,
                        "note": "Reviewed the housing application.",
                    }
                ),
                actor=v.actor,
            )
        ref = records.add_note(
            v,
            NoteIn.from_input(
                {
                    "client_ids": [cid],
                    "on_date": today - timedelta(days=20),
                    "data": "Attended intake; reviewed services available.",
                    "assessment": "Engaged and motivated.",
                    "plan": "Meet next week about housing.",
                }
            ),
            sign=True,
            actor=v.actor,
        )
        records.add_addendum(v, ref, "Correction: the meeting is in two weeks.", actor=v.actor)
    releases.add_release(
        v,
        ReleaseIn.from_input(
            {
                "statements": dict.fromkeys(STATEMENTS, True),
                "client_id": 1,
                "recipient_org_id": org,
                "purpose": "Parole compliance",
                "categories": ("attendance", "services"),
                "signed_on": today - timedelta(days=10),
                "expires_on": today + timedelta(days=80),
                "original_on_file": True,
                "original_reason": "signed at a home visit",
                "expiry_event": "the end of the case",
            }
        ),
        actor=v.actor,
    )
    requests.record_request(
        v,
        direction="incoming",
        client_id=1,
        requester="J. Ortiz",
        organisation="Division of Parole",
        identity_confirmed_by="rang back",
        reason="parole review",
        summary="attendance since intake",
        decision="granted",
        actor=v.actor,
    )
    v.lock()


def dialog_shot(shot: Shots, dialog: QWidget, name: str) -> None:
    dialog.show()
    shot(dialog, name)
    dialog.close()


def capture(app: QApplication, out: Path, prefs: appearance.Appearance) -> None:
    """Every screen and dialog once, with ``prefs`` applied (text size and contrast)."""
    appearance.save(prefs)  # the window applies the saved preferences when it opens
    appearance.apply(app, prefs)
    out.mkdir(parents=True, exist_ok=True)
    shot = Shots(out)
    tmp = Path(tempfile.mkdtemp())

    # First start
    w = MainWindow(tmp / "new.safefile")
    w.resize(1366, 768)
    w.show()
    w.setup.pass1.setText(PASS)
    w.setup.pass2.setText(PASS)
    shot(w, "setup")
    w.setup.create_button.click()
    wait_for(lambda: w.setup.stack.currentIndex() == KEY)
    shot(w, "recovery-key")
    key = w.setup.key_label.text()
    for slot, index in enumerate(w.setup.asked):
        w.setup.typed[slot].setText(key.split("-")[index])
    shot(w, "recovery-key-typed-back")
    w.setup.written.setChecked(True)
    w.setup.continue_button.click()
    wait_for(lambda: w.setup.stack.currentIndex() == PROGRAM)
    shot(w, "setup-program")
    w.close()

    # Every day
    path = tmp / "demo.safefile"
    demo_vault(path)
    w = MainWindow(path)
    w.resize(1366, 768)
    w.show()
    w.unlock.secret.setText("wrong passphrase here")
    w.unlock.unlock()
    wait_for(lambda: "does not open" in w.unlock.message.text())
    shot(w, "unlock-wrong")
    w.unlock.secret.setText(PASS)
    w.unlock.unlock()
    wait_for(lambda: w.clients.model.rowCount() == 5)
    row = next(i for i, c in enumerate(w.clients.model.rows) if c.id == 1)
    w.clients.table.selectRow(row)
    wait_for(lambda: w.clients.current is not None)
    view = w.clients.file_view
    for i in range(view.count()):
        view.setCurrentIndex(i)
        if view.currentWidget() is view.process:
            view.show_process_notes()
        shot(w, "file-" + view.tabText(i).replace("&", "").lower().replace(" ", "-"))
    view.setCurrentWidget(view.releases)
    view.releases.table.selectRow(0)
    view.setCurrentIndex(0)

    for what in ("service", "note", "addendum", "release"):
        dialog_shot(shot, w.clients.entry(what), f"dialog-{what}")
    dialog_shot(shot, w.clients.add_client_dialog(), "dialog-add-client")
    dialog_shot(shot, view.overview.close_file_dialog(), "dialog-close-file")
    dialog_shot(shot, view.overview.contact_dialog(), "dialog-contact")
    dialog_shot(shot, view.releases.revoke_dialog(), "dialog-revoke")
    dialog_shot(shot, view.sharing.request_dialog(), "dialog-request")
    dialog_shot(shot, view.documents.attach_dialog(tmp / "letter.pdf"), "dialog-attach")
    dialog_shot(shot, view.releases.expiry_dialog(), "dialog-expiry-event")
    dialog_shot(shot, view.sharing.own_copy_dialog(), "dialog-own-copy-request")
    dialog_shot(shot, view.sharing.accounting_dialog(), "dialog-accounting")
    view.setCurrentWidget(view.services)
    view.services.table.selectRow(0)
    for what in ("correct-service", "void-service"):
        dialog_shot(shot, w.clients.entry(what), f"dialog-{what}")
    view.setCurrentIndex(0)

    share = w.clients.share()
    share.show()
    settle()
    share.choose_road("release")
    wait_for(lambda: share.recipient.findText("Division of Parole") >= 0)
    share.recipient.setCurrentIndex(share.recipient.findText("Division of Parole"))
    share.categories["services"].setChecked(True)
    share.check()
    wait_for(share.save_button.isEnabled)
    shot(share, "share-allowed")
    share.categories["contact"].setChecked(True)
    share.check()
    wait_for(lambda: "Not allowed" in share.decision.text())
    shot(share, "share-refused")
    share.choose_road("own-copy")
    shot(share, "share-own-copy")
    share.choose_road("legal")
    shot(share, "share-legal")
    share.reject()

    w.workspace.tabs.setCurrentWidget(w.workspace.log)
    wait_for(lambda: w.workspace.log.model.rowCount() > 0)
    w.workspace.log.table.selectRow(0)
    shot(w, "record-of-sharing")
    dialog_shot(shot, w.workspace.log.record_request(), "dialog-log-request")
    w.workspace.tabs.setCurrentWidget(w.workspace.orgs)
    wait_for(lambda: w.workspace.orgs.model.rowCount() > 0)
    shot(w, "organisations")
    org_form = OrgDialog(w.service, w.workspace.orgs.model.items[0], w)
    org_form.show()
    shot(org_form, "organisation-form")
    org_form.reject()
    w.workspace.tabs.setCurrentWidget(w.workspace.backups)
    shot(w, "backups")
    check = CheckDialog(w.service, tmp / "backup-2026-12-01.safefile-backup", "2026-12-01", w)
    dialog_shot(shot, check, "dialog-check-backup")
    settings = w.settings_dialog()
    settings.show()
    wait_for(lambda: settings.is_loaded)
    shot(settings, "settings")
    settings.reject()
    passphrase = w.change_passphrase()
    shot(passphrase, "change-passphrase")
    passphrase.reject()
    new_key = RecoveryKeyDialog(keys.new_recovery_key(), OLD_BACKUPS, w)
    new_key.show()
    shot(new_key, "new-recovery-key")
    new_key.reject()
    restore = RestoreDialog(w.service, w, beside=path)
    dialog_shot(shot, restore, "restore")
    dialog_shot(shot, w.new_recovery_key(), "new-recovery-key-ask")
    dialog_shot(shot, PrintDialog(3, w), "dialog-print-record-of-sharing")
    dialog_shot(shot, AboutDialog(w), "about")
    w.workspace.tabs.setCurrentWidget(w.workspace.requests)
    shot(w, "own-copies")
    request = w.workspace.requests.record()
    request.client.search.setText("Amina")
    wait_for(lambda: request.client.client_id is not None)
    shot(request, "dialog-own-copy-request-found")
    request.reject()
    w.workspace.tabs.setCurrentWidget(w.workspace.program)
    for i in range(w.workspace.program.tabs.count()):
        w.workspace.program.tabs.setCurrentIndex(i)
        name = w.workspace.program.tabs.tabText(i).replace("&", "").lower().replace(" ", "-")
        shot(w, f"program-{name}")
    deid = w.workspace.program.reports.open_deidentified()
    shot(deid, "dialog-deidentified")
    deid.reject()
    # A note typed, the lock, the note offered back (issue 23)
    w.workspace.tabs.setCurrentWidget(w.clients)
    w.clients.table.selectRow(row)
    wait_for(lambda: w.clients.current is not None)
    note = w.clients.entry("note")
    assert isinstance(note, NoteDialog)
    note.show()
    note.data.setPlainText("Phone call from a safe number; discussed the hearing.")
    w.lock()
    shot(w, "locked")
    w.unlock.secret.setText(PASS)
    w.unlock.unlock()
    wait_for(lambda: w.clients.model.rowCount() == 5)
    row = next(i for i, c in enumerate(w.clients.model.rows) if c.id == 1)
    w.clients.table.selectRow(row)
    wait_for(lambda: w.clients.current is not None)
    again = w.clients.entry("note")
    assert isinstance(again, NoteDialog)
    again.show()
    wait_for(lambda: again.data.toPlainText() != "")
    shot(again, "dialog-note-offered-back")
    again.reject()
    w.close()


def main(out: Path) -> None:
    """Each text size, each with and without high contrast, into its own folder."""
    home = Path(tempfile.mkdtemp())  # preferences and window size: never the user's own
    for var in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        os.environ[var] = str(home / var.lower())
    app = QApplication([])
    only = sys.argv[2:]  # e.g. "larger-contrast": just that one
    for size in appearance.TEXT_SIZES:
        for contrast in (False, True):
            name = f"{size}-{'contrast' if contrast else 'normal'}"
            if only and name not in only:
                continue
            capture(app, out / name, appearance.Appearance(size, contrast))
    app.quit()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
