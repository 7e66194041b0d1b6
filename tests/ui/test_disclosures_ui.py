"""The app's side of issue 13: own-copy requests on the workspace (overdue shown), and who
received information under a release shown when the user revokes it."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Qt

from safefile import records
from safefile.consent import gate, own_copy, releases
from safefile.consent.gate import ExportRequest
from safefile.consent.releases import ReleaseIn
from safefile.export.exporter import export_pdf
from safefile.records.models import OrgIn
from safefile.ui.clients.revoke import RevokeDialog
from safefile.ui.main_window import MainWindow
from tests.conftest import ALL_TOLD
from tests.ui.helpers import run_job, unlocked

TODAY = date.today()


def test_own_copy_requests_and_overdue_on_the_workspace(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    unlocked(qtbot, window)
    ws = window.workspace
    late = TODAY - timedelta(days=35)
    run_job(
        qtbot,
        window,
        lambda w: own_copy.record_request(
            w.require(),
            1,
            received_on=late,
            identity_checked_by="photo ID seen",
            actor=w.require().actor,
        ),
    )
    ws.requests.refresh()
    tabs = ws.tabs
    qtbot.waitUntil(lambda: "(1 overdue)" in tabs.tabText(tabs.indexOf(ws.requests)))
    tabs.setCurrentWidget(ws.requests)
    page = ws.requests
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert "OVERDUE" in page.model.texts()[4] and "1 request overdue" in page.summary.text()

    dialog = page.record()
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # no client yet
    assert "Choose the client first" in dialog.message.text()
    qtbot.keyClicks(dialog.client.search, "Okafor")
    qtbot.waitUntil(lambda: dialog.client.client_id == 2, timeout=10_000)
    assert "Ben Okafor" in dialog.client.banner.text() and dialog.client.banner.isVisible()
    dialog.received.setDate(QDate(TODAY.year, TODAY.month, TODAY.day))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # no identity check
    qtbot.waitUntil(lambda: "identity was checked" in dialog.message.text())
    dialog.identity.setText("rang back on the number in the file")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    page.only_overdue.setChecked(True)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)

    page.table.selectRow(0)
    ext = page.extend()
    assert ext is not None
    qtbot.addWidget(ext)
    ext.reason.setText("The archive is off site")
    qtbot.mouseClick(ext.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "can no longer be extended" in ext.message.text())


def test_revoking_shows_who_received_information(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    unlocked(qtbot, window)

    def share(w):  # type: ignore[no-untyped-def]
        v = w.require()
        org = records.add_org(
            v,
            OrgIn.from_input({"name": "Division of Parole", "contact_person": "Officer Ray"}),
            actor=v.actor,
        )
        rid = releases.add_release(
            v,
            ReleaseIn.from_input(
                {
                    "statements": ALL_TOLD,
                    "client_id": 1,
                    "recipient_org_id": org,
                    "categories": ("attendance",),
                    "purpose": "Parole compliance",
                    "signed_on": TODAY,
                    "expires_on": TODAY + timedelta(days=60),
                    "original_on_file": True,
                    "original_reason": "signed at a home visit",
                }
            ),
            actor=v.actor,
        )
        g = gate.require(
            v, ExportRequest(1, org, ("attendance",), "Parole compliance"), actor=v.actor
        )
        export_pdf(v, g, tmp_path / "sent.pdf", actor=v.actor)
        return releases.get_release(v, rid)

    rel = run_job(qtbot, window, share)
    dialog = RevokeDialog(window.service, rel)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "Sent under this release (1)" in dialog.received.text())
    assert "Division of Parole" in dialog.received.text()
    assert "PDF export" in dialog.received.text()


def test_accounting_from_the_clients_file(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from safefile.ui.accounting.dialog import AccountingDialog
    from tests.ui.helpers import open_client

    unlocked(qtbot, window)

    def share(w):  # type: ignore[no-untyped-def]
        v = w.require()
        org = records.add_org(
            v, OrgIn.from_input({"name": "Legal Aid", "address": "12 Main St"}), actor=v.actor
        )
        releases.add_release(
            v,
            ReleaseIn.from_input(
                {
                    "statements": ALL_TOLD,
                    "client_id": 1,
                    "recipient_org_id": org,
                    "categories": ("attendance",),
                    "purpose": "Representation",
                    "signed_on": TODAY,
                    "expires_on": TODAY + timedelta(days=60),
                    "original_on_file": True,
                    "original_reason": "signed at a home visit",
                }
            ),
            actor=v.actor,
        )
        export_pdf(
            v,
            gate.require(
                v, ExportRequest(1, org, ("attendance",), "Representation"), actor=v.actor
            ),
            tmp_path / "s.pdf",
            actor=v.actor,
        )
        gate.decide(
            v, ExportRequest(1, org, ("services",), "Representation"), actor=v.actor
        )  # refused: not listed

    run_job(qtbot, window, share)
    open_client(qtbot, window, 1)
    dialog = window.clients.file_view.sharing.accounting_dialog()
    assert isinstance(dialog, AccountingDialog) and "Amina" not in dialog.windowTitle()
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    assert "Legal Aid" in dialog.model.texts()[1] and "12 Main St" in dialog.model.texts()[2]
    dialog.save_pdf(tmp_path / "accounting.pdf")
    qtbot.waitUntil(lambda: dialog.exported is not None, timeout=20_000)
    assert (tmp_path / "accounting.pdf").is_file()
