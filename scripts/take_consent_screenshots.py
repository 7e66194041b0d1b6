"""Grab the consent screens of issue 12 in a real window (run it like scripts/screenshots):
the release form for a minor (refused, then the minor's section filled in), the
restricted people on a client's file, and a refusal for a restricted signer.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/take_consent_screenshots.py OUT
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

sys.path.insert(0, str(Path(__file__).resolve().parent))
from take_screenshots import PASS, Shots, settle, wait_for

from safefile import records
from safefile.consent import people
from safefile.records.models import ClientIn, OrgIn
from safefile.store.vault import Vault
from safefile.ui import appearance
from safefile.ui.main_window import MainWindow
from safefile.ui.share.release_form import ReleaseDialog


def vault(path: Path) -> None:
    v, _ = Vault.create(path, PASS)
    v.set_meta("program_name", "Harbour Advocacy Program")
    records.add_org(v, OrgIn.from_input({"name": "County Family Court"}), actor=v.actor)
    hh = records.add_household(v, actor=v.actor)
    records.add_client(
        v,
        ClientIn.from_input(
            {"name": "Maria Diallo", "household_id": hh, "household_role": "parent"}
        ),
        actor=v.actor,
    )
    lea = records.add_client(
        v,
        ClientIn.from_input(
            {
                "name": "Lea Diallo",
                "born": (date.today() - timedelta(days=365 * 11)).isoformat(),
                "household_id": hh,
                "household_role": "child",
            }
        ),
        actor=v.actor,
    )
    people.add_restriction(v, lea, "Marc Diallo", "respondent in a protective order", actor=v.actor)
    people.add_restriction(
        v, 1, "Dan Kerr", "harmed the parent; named in her safety plan", actor=v.actor
    )
    v.lock()


def release_form(w: MainWindow) -> ReleaseDialog:
    d = w.clients.entry("release")
    assert isinstance(d, ReleaseDialog)
    d.resize(900, 760)
    d.show()
    court = "County Family Court"
    wait_for(lambda: d.recipient.findText(court) >= 0 and bool(d.minor_status.text()))
    d.recipient.setCurrentIndex(d.recipient.findText(court))  # none is chosen for the user
    d.categories["services"].setChecked(True)
    d.purpose.setText("Custody hearing, case 26-FC-118")
    d.expires_on.setDate(QDate.currentDate().addDays(60))
    for box in d.statements.values():
        box.setChecked(True)
    d.original.setChecked(True)
    d.original_reason.setText("signed at the court, not on the program's form")
    return d


def scroll_to(d: ReleaseDialog, widget: QWidget) -> None:
    area = d.findChild(QScrollArea)
    assert area is not None
    area.ensureWidgetVisible(widget, 0, 200)
    area.horizontalScrollBar().setValue(0)
    settle()


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication([])
    appearance.apply(app)
    shot = Shots(out)
    path = Path(tempfile.mkdtemp()) / "consent.safefile"
    vault(path)
    w = MainWindow(path)
    w.resize(1366, 768)
    w.show()
    w.unlock.secret.setText(PASS)
    w.unlock.unlock()
    wait_for(lambda: w.clients.model.rowCount() == 2)
    row = next(i for i, c in enumerate(w.clients.model.rows) if c.name == "Lea Diallo")
    w.clients.table.selectRow(row)
    wait_for(lambda: w.clients.current is not None)

    view = w.clients.file_view
    view.setCurrentWidget(view.restricted)
    shot(w, "restricted-hidden")
    view.restricted.show_button.click()
    wait_for(lambda: view.restricted.model.rowCount() == 2)
    shot(w, "restricted-list")

    d = release_form(w)
    d.save_button.click()
    wait_for(lambda: "minor" in d.message.text())
    scroll_to(d, d.minor_status)
    shot(d, "release-minor-signed-alone-refused")
    d.capacity.setCurrentIndex(d.capacity.findData("parent"))
    d.signer.setText("Maria Diallo")
    d.authority.setText("mother, sole legal custody")
    d.not_abuser.setChecked(True)
    d.message.clear()
    scroll_to(d, d.minor_status)
    shot(d, "release-minor-filled-in")
    d.signer.setText("Marc Diallo")
    d.authority.setText("father")
    d.save_button.click()
    wait_for(lambda: "restricted list" in d.message.text())
    shot(d, "release-restricted-signer-refused")
    d.reject()
    w.close()
    app.quit()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/safefile-consent-shots"))
