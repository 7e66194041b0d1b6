"""Run in a child process by test_quit.py: the real app (``run_app``) on a made-up vault;
open and close every dialog and page, then quit. Prints DONE when the event loop ended;
the parent checks the exit status, so an abort at exit ("pure virtual method called")
fails the test instead of killing the test run."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMenu, QWidget

from safefile.consent.releases import STATEMENTS, ReleaseIn
from safefile.records.models import ClientIn, NoteIn, OrgIn, ServiceIn

PASS = "amber kettle violin harbour"


def make_vault(path: Path) -> None:
    from safefile import records
    from safefile.consent import releases
    from safefile.store import keys
    from safefile.store.vault import Vault

    v, _ = Vault.create(path, PASS, kdf=keys.KdfParams.minimum())
    org = records.add_org(v, OrgIn.from_input({"name": "Division of Parole"}), actor=v.actor)
    cid = records.add_client(
        v, ClientIn.from_input({"name": "Amina Diallo", "case_number": "DV-1"}), actor=v.actor
    )
    records.add_service(
        v,
        ServiceIn.from_input({"client_id": cid, "on_date": date.today(), "type": "Intake"}),
        actor=v.actor,
    )
    records.add_note(
        v,
        NoteIn.from_input({"client_ids": [cid], "on_date": date.today(), "data": "Attended."}),
        sign=True,
        actor=v.actor,
    )
    releases.add_release(
        v,
        ReleaseIn.from_input(
            {
                "statements": dict.fromkeys(STATEMENTS, True),
                "client_id": cid,
                "recipient_org_id": org,
                "purpose": "Parole",
                "categories": ("services",),
                "signed_on": date.today() - timedelta(days=1),
                "expires_on": date.today() + timedelta(days=30),
                "original_on_file": True,
                "original_reason": "signed at a home visit",
                "expiry_event": "the end of the case",
            }
        ),
        actor=v.actor,
    )
    v.lock()


def close_all() -> None:
    for w in QApplication.topLevelWidgets():
        if isinstance(w, QDialog) and w.isVisible():
            w.reject()
        elif isinstance(w, QMenu) and w.isVisible():
            w.close()


def steps(window: QWidget, scan: Path) -> list[Callable[[], object]]:
    from safefile.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    w = window
    page = w.clients
    view = page.file_view

    def unlock() -> None:
        w.unlock.secret.setText(PASS)
        w.unlock.button.click()

    def select() -> None:
        page.table.selectRow(0)

    def release_row() -> None:
        view.setCurrentWidget(view.releases)
        view.releases.table.selectRow(0)

    return [
        unlock,
        select,
        w.settings_action.trigger,
        w.restore_action.trigger,
        w.about,
        w.show_log_file,
        page.add_client,
        *[lambda what=what: page.entry(what).open() for what in ENTRIES],
        page._share_clicked,
        lambda: view.overview.close_file_dialog().open(),
        lambda: view.overview.contact_dialog().open(),
        release_row,
        lambda: view.releases.revoke_dialog().open(),
        lambda: view.releases.expiry_dialog().open(),
        lambda: view.sharing.request_dialog().open(),
        lambda: view.documents.attach_dialog(scan).open(),
        lambda: view.process.show_requested.emit(),
        lambda: w.workspace.tabs.setCurrentWidget(w.workspace.log),
        lambda: w.workspace.log.record_request().open(),
        lambda: w.workspace.log._print_clicked(),
        lambda: w.workspace.tabs.setCurrentWidget(w.workspace.backups),
        lambda: w.workspace.tabs.setCurrentWidget(w.workspace.clients),
        w.settings_action.trigger,
        w.close,
    ]


ENTRIES = ("service", "note", "process-note", "addendum", "release")


def main() -> int:
    home = Path(tempfile.mkdtemp(prefix="safefile-quit-"))
    for var in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        os.environ[var] = str(home / var.lower())
    from safefile.ui import app as ui_app
    from safefile.ui import startup

    path = startup.default_vault_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    make_vault(path)
    scan = home / "letter.pdf"
    scan.write_bytes(b"%PDF-1.4 letter")
    freeze = startup.freeze_startup_objects

    chain: list[int] = []

    def started() -> None:
        freeze()
        # Called again when the window first builds its workspace (which ``steps`` does,
        # by asking for its pages): one chain of steps, not two interleaved.
        if chain:
            return
        chain.append(1)
        from safefile.ui.main_window import MainWindow

        window = next(x for x in QApplication.topLevelWidgets() if isinstance(x, MainWindow))
        todo = steps(window, scan)
        if len(sys.argv) > 1:  # only these steps (by number), to find which one aborts
            todo = [todo[int(i)] for i in sys.argv[1].split(",")]
        print("steps to run:", len(todo), flush=True)

        def settled(i: int) -> bool:
            """The step's jobs are done; after the unlock (step 0), the clients are listed."""
            if window.service.busy:
                return False
            return i != 0 or window.clients.table.model().rowCount() > 0

        def after_step(i: int, waited: int = 0) -> None:
            # Each step's dialog stays up until its jobs end, then is closed, and the
            # next step comes after Qt has handled the close. (No fixed wait: a slow
            # machine waits longer; 60 s without the jobs ending fails the test.)
            if not settled(i):
                if waited < 60_000:
                    QTimer.singleShot(20, lambda: after_step(i, waited + 20))
                    return
                print("UNSETTLED", i, flush=True)
            QTimer.singleShot(20, close_all)
            QTimer.singleShot(60, lambda: run(i + 1))

        def run(i: int) -> None:
            if i >= len(todo):
                return
            print("step", i, flush=True)
            # (scheduled first: a step that opens a dialog with exec() returns only
            # once the dialog is closed, by this very chain, from exec()'s own loop)
            QTimer.singleShot(20, lambda: after_step(i))
            todo[i]()

        QTimer.singleShot(300, lambda: run(0))

    startup.freeze_startup_objects = started
    code = ui_app.run_app(["safefile"])
    print("DONE", code, flush=True)
    log = startup.log_file()
    print(log.read_text("utf-8") if log.exists() else "", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
