"""Grab the Program tab's screens (retention, holds, reports, import mapping, policies).

    scripts/program_screenshots [OUT]   (under Xvfb, like scripts/screenshots)

Made-up clients in a throw-away vault, some closed long ago, one under a legal hold.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).parent))
from take_screenshots import PASS, Shots, settle, wait_for

from safefile import records, settings
from safefile.clock import FixedClock
from safefile.records.models import ClientIn, ServiceIn
from safefile.retention import closing
from safefile.store.vault import Vault
from safefile.ui.main_window import MainWindow


def demo(path: Path) -> None:
    clock = FixedClock(datetime(2023, 1, 10, 10, 0).astimezone())
    v, _ = Vault.create(path, PASS, clock=clock)
    v.set_meta("program_name", "Harbour Advocacy Program")
    t = records.service_types(v)
    for i, name in enumerate(
        ["Amina Diallo", "Nguyễn Thị Ánh", "Olga Petrova", "王小明", "Ben Okafor", "Carla Reyes"]
    ):
        cid = records.add_client(
            v, ClientIn.from_input({"name": name, "case_number": f"DV-2023-{i:03d}"}), actor=v.actor
        )
        for k in range(3 + 2 * i):
            records.add_service(
                v,
                ServiceIn.from_input(
                    {
                        "client_id": cid,
                        "on_date": f"2023-01-0{1 + k % 9}",
                        "type": t[k % 4],
                        "minutes": 30 + 15 * (k % 3),
                    }
                ),
                actor=v.actor,
            )
    clock.set(datetime(2024, 6, 1, 10, 0).astimezone())
    for cid in (1, 2, 3):
        closing.close_file(v, cid, date(2024, 1, 15), "services ended", actor=v.actor)
    closing.place_hold(v, 3, "Subpoena received 2024-05-20 (Family Court)", actor=v.actor)
    settings.save(
        v,
        {
            "policy_destruction": "The program director destroys records due each January "
            "and each July, after checking for holds.",
            "policy_legal_demand": "Subpoena or police demand: do not confirm anyone is a "
            "client; call the director (555-0101), then our counsel (555-0199).",
        },
    )
    v.lock()


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv)
    shot = Shots(out)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["SAFEFILE_DATA_DIR"] = str(Path(tmp) / "data")
        path = Path(tmp) / "demo.safefile"
        demo(path)
        w = MainWindow(path, idle_ms=600_000)
        w.resize(1366, 768)
        w.show()
        w.unlock.secret.setText(PASS)
        w.unlock.button.click()
        wait_for(lambda: w.is_unlocked)
        prog = w.workspace.program
        w.workspace.tabs.setCurrentWidget(prog)
        wait_for(lambda: prog.retention.due_model.rowCount() > 0)
        shot(w, "program-retention")
        d = prog.retention.close_file()
        wait_for(lambda: d.client.count() > 0)
        d.reason.setText("services ended")
        shot(d, "dialog-close-file")
        d.reject()
        h = prog.retention.place_hold()
        wait_for(lambda: h.client.count() > 0)
        h.reason.setText("Subpoena received 2024-05-20")
        shot(h, "dialog-legal-hold")
        h.reject()
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(w)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Destroy records")
        box.setText(prog.retention.confirmation_text())
        box.addButton("Destroy", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.show()
        shot(box, "dialog-destroy-confirm")
        box.close()
        prog.retention.destroy_due()
        wait_for(lambda: "Destroyed on" in prog.retention.message.text())
        shot(w, "program-retention-after")
        prog.tabs.setCurrentWidget(prog.reports)
        from PySide6.QtCore import QDate

        prog.reports.start.setDate(QDate(2023, 1, 1))
        prog.reports.end.setDate(QDate(2023, 12, 31))
        prog.reports.build()
        wait_for(lambda: prog.reports.model.rowCount() > 0)
        shot(w, "program-report")
        dd = prog.reports.open_deidentified()
        dd.description.setText("a case for peer consultation")
        dd.text.setPlainText("A woman in her thirties came in twice in the winter.")
        shot(dd, "dialog-deidentified")
        dd.reject()
        sheet = Path(tmp) / "clients.csv"
        sheet.write_bytes(
            "Client name;Case;Born;Date;Service;Minutes;Worker notes\r\n"
            "Rosa Martínez;HX-12;1988-04-02;2024-02-01;Intake;45;called from shelter\r\n"
            "Rosa Martínez;HX-12;1988-04-02;2024-02-08;Case management;30;\r\n"
            "Tom Weiß;HX-13;;2024-03-01;Hotline call;15;\r\n".encode("cp1252")
        )
        prog.tabs.setCurrentWidget(prog.importer)
        prog.importer.choose(sheet)
        for col, field in (
            ("Client name", "name"),
            ("Case", "case_number"),
            ("Born", "born"),
            ("Date", "service_date"),
            ("Service", "service_type"),
            ("Minutes", "minutes"),
        ):
            c = prog.importer.combos[col]
            c.setCurrentIndex(c.findData(field))
        shot(w, "program-import-mapping")
        prog.importer.run(dry_run=False)
        wait_for(lambda: "Imported" in prog.importer.message.text())
        shot(w, "program-import-done")
        prog.tabs.setCurrentWidget(prog.policies)
        wait_for(lambda: bool(prog.policies.texts["policy_destruction"].toPlainText()))
        settle()
        shot(w, "program-policies")
        w.close()
    del app


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/safefile-program-shots"))
