"""The Program tab through the real widgets: closing, holds, destruction, reports, import,
policies and de-identified material."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication

from safefile import records, settings
from safefile.clock import FixedClock
from safefile.consent import log
from safefile.consent.kinds import EntryKind
from safefile.records.models import ClientIn, ServiceIn
from safefile.retention import closing
from safefile.store import keys
from safefile.store.vault import Vault
from safefile.ui.main_window import MainWindow
from safefile.ui.program.reports import DeidentifiedDialog
from tests.conftest import PASSPHRASE
from tests.ui.helpers import run_job, unlocked


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAFEFILE_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture
def program_window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    path = tmp_path / "p.safefile"
    clock = FixedClock(datetime(2023, 1, 10, 10, 0).astimezone())
    vault, _ = Vault.create(path, PASSPHRASE, kdf=keys.KdfParams.minimum(), clock=clock)
    t = records.service_types(vault)
    for i, name in enumerate(("Amina Diallo", "Ben Okafor", "Carla Reyes")):
        cid = records.add_client(
            vault, ClientIn.from_input({"name": name, "case_number": f"K-{i}"}), actor=vault.actor
        )
        for k in range(6 if i == 0 else 2):
            records.add_service(
                vault,
                ServiceIn.from_input(
                    {
                        "client_id": cid,
                        "on_date": f"2023-01-0{k + 1}",
                        "type": t[k % 2],
                        "minutes": 30,
                    }
                ),
                actor=vault.actor,
            )
    clock.set(datetime(2024, 6, 1, 10, 0).astimezone())
    closing.close_file(vault, 1, date(2024, 1, 2), "services ended", actor=vault.actor)
    vault.lock()
    w = MainWindow(path, idle_ms=60_000)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()


def _modal(qtbot: Any, kind: type) -> Any:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), kind), timeout=10_000)
    return QApplication.activeModalWidget()


def test_close_hold_and_destroy_from_the_retention_screen(
    qtbot: Any, program_window: MainWindow
) -> None:
    w = program_window
    unlocked(qtbot, w)
    page = w.workspace.program.retention
    w.workspace.tabs.setCurrentWidget(w.workspace.program)
    qtbot.waitUntil(lambda: page.due_model.rowCount() == 1, timeout=10_000)
    assert page.due_model.texts()[:2] == ["1", "Amina Diallo"]

    d = page.close_file()
    qtbot.waitUntil(lambda: d.client.count() == 2, timeout=10_000)  # open files only
    d.client.setCurrentIndex(d.client.findData(2))
    d.reason.setText("moved away")
    d.on.setDate(QDate(2024, 1, 5))
    with qtbot.waitSignal(d.saved, timeout=10_000):
        d.save()
    qtbot.waitUntil(lambda: page.due_model.rowCount() == 2, timeout=10_000)

    h = page.place_hold()
    qtbot.waitUntil(lambda: h.client.count() == 3, timeout=10_000)
    h.client.setCurrentIndex(h.client.findData(2))
    h.save()  # no reason: refused in the form, nothing saved
    qtbot.waitUntil(lambda: "reason for the hold" in h.message.text(), timeout=10_000)
    h.client.setCurrentIndex(h.client.findData(2))
    h.reason.setText("subpoena received")
    with qtbot.waitSignal(h.saved, timeout=10_000):
        h.save()
    qtbot.waitUntil(
        lambda: page.held_model.rowCount() == 1 and page.due_model.rowCount() == 1, timeout=10_000
    )
    assert "subpoena received" in page.held_model.texts()[-1]

    run_job(
        qtbot,
        w,
        lambda wk: settings.save(
            wk.require(), {"policy_destruction": "The director destroys files each January."}
        ),
    )
    page.refresh()
    qtbot.waitUntil(
        lambda: page.policy.isVisible() or "January" in page.policy.text(), timeout=10_000
    )
    text = page.confirmation_text()
    assert "Destroy 1 client file" in text and "each January" in text
    page.destroy_due()
    qtbot.waitUntil(lambda: "Destroyed on" in page.message.text(), timeout=20_000)
    assert "1 client files" in page.message.text() and "Amina" not in page.message.text()
    names = run_job(qtbot, w, lambda wk: [c.name for c in records.list_clients(wk.require())])
    assert names == ["Ben Okafor", "Carla Reyes"]


def test_report_screen_and_deidentified_material(
    qtbot: Any, program_window: MainWindow, tmp_path: Path
) -> None:
    w = program_window
    unlocked(qtbot, w)
    page = w.workspace.program.reports
    page.start.setDate(QDate(2023, 1, 1))
    page.end.setDate(QDate(2023, 12, 31))
    page.build()
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10_000)
    cells = page.model.texts()
    assert "fewer than 5" in cells and "Amina Diallo" not in cells
    page.save("csv", tmp_path / "r.csv")
    qtbot.waitUntil(lambda: "Saved" in page.message.text(), timeout=10_000)
    assert "Amina" not in (tmp_path / "r.csv").read_text("utf-8-sig")

    d = page.open_deidentified()
    assert isinstance(d, DeidentifiedDialog)
    d.description.setText("a case for consultation")
    d.text.setPlainText("Amina came in twice.")
    d.save(tmp_path / "m.pdf")
    qtbot.waitUntil(lambda: "a client's name" in d.message.text(), timeout=10_000)
    d.text.setPlainText("A woman in her thirties came in twice in the winter.")
    d.save(tmp_path / "m.pdf")
    qtbot.waitUntil(lambda: (tmp_path / "m.pdf").exists(), timeout=10_000)
    kinds = run_job(qtbot, w, lambda wk: [e.kind for e in log.entries(wk.require())])
    assert kinds.count(EntryKind.DEIDENTIFIED) == 2


def test_report_picks_the_pmt_form_and_shows_it_before_saving(
    qtbot: Any, program_window: MainWindow, tmp_path: Path
) -> None:
    w = program_window
    unlocked(qtbot, w)
    page = w.workspace.program.reports
    assert page.form.objectName() == "report_form"
    page.form.setCurrentIndex(page.form.findData("pmt"))
    page.start.setDate(QDate(2022, 10, 1))
    page.end.setDate(QDate(2023, 9, 30))
    page.build()
    qtbot.waitUntil(lambda: page.model.rowCount() > 50, timeout=10_000)
    cells = page.model.texts()
    assert "Victims served" in cells and "fewer than 5" in cells and "Amina Diallo" not in cells
    assert not (tmp_path / "pmt.csv").exists()  # shown, nothing saved yet
    page.save("csv", tmp_path / "pmt.csv")
    qtbot.waitUntil(lambda: "Saved" in page.message.text(), timeout=10_000)
    assert "VOCA performance measures" in (tmp_path / "pmt.csv").read_text("utf-8-sig")


def test_import_with_a_mapping_step(qtbot: Any, program_window: MainWindow, tmp_path: Path) -> None:
    w = program_window
    unlocked(qtbot, w)
    page = w.workspace.program.importer
    f = tmp_path / "sheet.csv"
    f.write_bytes(
        "Client;Date;Kind;Private notes\r\nDóra;2024-02-01;Intake;x\r\nEli;2024-02-02;Intake;y\r\n".encode(
            "cp1252"
        )
    )
    page.choose(f)
    assert "2 rows" in page.file_label.text() and "Windows-1252" in page.file_label.text()
    assert page.mapping() == dict.fromkeys(["Client", "Date", "Kind", "Private notes"])
    for col, field in (("Client", "name"), ("Date", "service_date"), ("Kind", "service_type")):
        page.combos[col].setCurrentIndex(page.combos[col].findData(field))
    page.run(dry_run=True)
    qtbot.waitUntil(lambda: "would be imported" in page.message.text(), timeout=10_000)
    page.run(dry_run=False)
    qtbot.waitUntil(lambda: "Imported 2 client" in page.message.text(), timeout=10_000)
    assert "delete the spreadsheet securely" in page.message.text()
    page.delete_spreadsheet(confirm=False)
    assert not f.exists()


def test_policies_are_saved(qtbot: Any, program_window: MainWindow) -> None:
    w = program_window
    unlocked(qtbot, w)
    page = w.workspace.program.policies
    w.resize(1366, 768)  # the smallest screen: Save in sight without scrolling
    w.workspace.tabs.setCurrentWidget(w.workspace.program)
    w.workspace.program.tabs.setCurrentWidget(page)  # (showing it reads the settings)
    qtbot.waitUntil(page.save_button.isVisible)
    page.refresh()
    qtbot.waitUntil(lambda: page.periods["sharing_months"].value() == 72, timeout=10_000)
    qtbot.waitUntil(lambda: not w.service.busy, timeout=10_000)
    page.texts["policy_legal_demand"].setPlainText("Call the director, then counsel.")
    page.periods["process_notes_months"].setValue(6)
    QApplication.processEvents()
    whole = page.save_button.rect()
    assert page.save_button.visibleRegion().boundingRect() == whole  # nothing of it hidden
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Saved" in page.message.text(), timeout=10_000)
    s = run_job(qtbot, w, lambda wk: settings.load(wk.require()))
    assert (
        s.policy_legal_demand == "Call the director, then counsel." and s.process_notes_months == 6
    )


def test_policies_are_shown_when_sharing_and_recording_a_request(
    qtbot: Any, program_window: MainWindow
) -> None:
    from PySide6.QtWidgets import QLabel

    from safefile.ui.log.request import RequestDialog
    from safefile.ui.share.dialog import ShareDialog

    w = program_window
    unlocked(qtbot, w)
    run_job(
        qtbot,
        w,
        lambda wk: settings.save(
            wk.require(), {"policy_legal_demand": "Police demand: call the director first."}
        ),
    )
    for dialog in (RequestDialog(w.service, None, w), ShareDialog(w.service, 2, w)):
        panel = dialog.policies
        qtbot.waitUntil(lambda panel=panel: not panel.isHidden(), timeout=10_000)
        texts = " ".join(label.text() for label in panel.findChildren(QLabel))
        assert "call the director first" in texts and "subpoena or a police demand" in texts
        dialog.reject()
