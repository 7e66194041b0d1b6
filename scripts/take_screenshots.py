"""Drive the real window through its main screens and grab each one (see scripts/screenshots)."""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from safefile import records
from safefile.store.vault import Vault
from safefile.ui.main_window import MainWindow

PASS = "amber kettle violin harbour"


def settle(ms: int = 400) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_for(cond, timeout_ms: int = 15000) -> None:  # type: ignore[no-untyped-def]
    waited = 0
    while not cond() and waited < timeout_ms:
        settle(100)
        waited += 100


def main(out: Path) -> None:
    app = QApplication([])
    tmp = Path(tempfile.mkdtemp())
    w = MainWindow(tmp / "new.safefile")
    w.resize(1366, 768)
    w.show()
    settle()
    w.setup.program.setText("Harbour Advocacy Program")
    w.setup.pass1.setText(PASS)
    w.setup.pass2.setText(PASS)
    settle()
    w.grab().save(str(out / "1-setup.png"))
    w.setup.create_button.click()
    wait_for(lambda: w.setup.stack.currentIndex() == 1)
    settle()
    w.grab().save(str(out / "2-recovery-key.png"))
    w.close()

    path = tmp / "demo.safefile"
    v, _ = Vault.create(path, PASS)
    for name, case in [("Amina Diallo", "DV-2026-001"), ("Nguyễn Thị Ánh", "DV-2026-002"),
                       ("محمد علي", "DV-2026-003"), ("王小明", "RE-2026-014"), ("Olga Petrova", "")]:  # fmt: skip
        cid = records.add_client(v, {"name": name, "case_number": case or None})
        records.add_service(v, {"client_id": cid, "on_date": date(2026, 11, 3), "type": "Intake",
                                "minutes": 45, "note": "Intake completed."})  # fmt: skip
        records.add_note(v, {"client_ids": [cid], "on_date": date(2026, 11, 3),
                             "data": "Attended intake; reviewed services available."}, sign=True)  # fmt: skip
    v.lock()
    w = MainWindow(path)
    w.resize(1366, 768)
    w.show()
    settle()
    w.unlock.secret.setText("wrong passphrase here")
    w.unlock.unlock()
    wait_for(lambda: "does not open" in w.unlock.message.text())
    w.grab().save(str(out / "3-unlock-wrong.png"))
    w.unlock.secret.setText(PASS)
    w.unlock.unlock()
    wait_for(lambda: w.clients.model.rowCount() == 5)
    w.clients.table.selectRow(1)
    wait_for(lambda: w.clients.file_view.toPlainText() != "")
    settle()
    w.grab().save(str(out / "4-clients.png"))
    w.lock()
    settle()
    w.grab().save(str(out / "5-locked.png"))
    w.close()
    app.quit()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
