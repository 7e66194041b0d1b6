"""The record of sharing screen: the table, filters, the entry, requests, corrections and
the PDF to print, through the real widgets on a real vault."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pypdf
import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLabel
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from safefile import records
from safefile.consent import gate, log, log_print, log_view, releases, requests
from safefile.consent.kinds import EntryKind
from safefile.consent.releases import ReleaseIn
from safefile.errors import DamagedFile
from safefile.export.exporter import export_pdf, verify_export
from safefile.records.models import ClientIn, OrgIn, ServiceIn
from safefile.store.vault import Vault
from safefile.ui.log.dialogs import CorrectionDialog, PrintDialog
from safefile.ui.log.model import HEADERS, LogTableModel
from safefile.ui.log.page import LogPage
from safefile.ui.log.request import RequestDialog
from safefile.ui.main_window import MainWindow
from tests.conftest import ALL_TOLD, PASSPHRASE
from tests.ui.helpers import run_job, unlocked


@pytest.fixture
def shared(made: Path, tmp_path: Path) -> Path:
    """An export written for client 1 (Amina) and a request about client 2 (Ben)."""
    today = date.today()
    with Vault.open(made, passphrase=PASSPHRASE) as v:
        org = records.add_org(
            v,
            OrgIn.from_input({"name": "Division of Parole", "address": "1 Main St"}),
            actor=v.actor,
        )
        records.add_service(
            v,
            ServiceIn.from_input({"client_id": 1, "on_date": today, "type": "Intake"}),
            actor=v.actor,
        )
        releases.add_release(
            v,
            ReleaseIn.from_input(
                {
                    "statements": ALL_TOLD,
                    "client_id": 1,
                    "recipient_org_id": org,
                    "purpose": "Parole compliance",
                    "categories": ("services",),
                    "signed_on": today - timedelta(days=3),
                    "expires_on": today + timedelta(days=60),
                    "original_on_file": True,
                    "original_reason": "signed at a home visit",
                }
            ),
            actor=v.actor,
        )
        g = gate.require(
            v, gate.ExportRequest(1, org, ("services",), purpose="Parole compliance"), actor=v.actor
        )
        export_pdf(v, g, tmp_path / "shared.pdf", actor=v.actor)
        requests.record_request(
            v,
            direction="incoming",
            client_id=2,
            requester="Officer Dana Reyes",
            organisation="County Probation",
            identity_confirmed_by="rang back on the main number",
            reason="supervision",
            summary="attendance dates",
            decision="pending",
            actor=v.actor,
        )
    return made


@pytest.fixture
def page(qtbot: QtBot, shared: Path) -> LogPage:
    w = MainWindow(shared, idle_ms=60_000)
    qtbot.addWidget(w)
    w.show()
    unlocked(qtbot, w)
    w.workspace.tabs.setCurrentWidget(w.workspace.log)  # showing the tab loads it
    p = w.workspace.log
    qtbot.waitUntil(lambda: p.model.rowCount() == 3, timeout=10_000)
    qtbot.waitUntil(lambda: p.client.count() == 4, timeout=10_000)
    p.window_ = w  # type: ignore[attr-defined]
    return p


def window_of(p: LogPage) -> MainWindow:
    return p.window_  # type: ignore[attr-defined,no-any-return]


def vault_job(qtbot: QtBot, p: LogPage, job: Callable[[Vault], Any]) -> Any:
    return run_job(qtbot, window_of(p), lambda w: job(w.require()))


def test_model_passes_qtmodeltester(
    qtmodeltester: ModelTester, vault: Vault, tmp_path: Path
) -> None:
    model = LogTableModel()
    records.add_client(vault, ClientIn.from_input({"name": "Amina Diallo"}), actor=vault.actor)
    requests.record_request(
        vault,
        direction="outgoing",
        client_id=1,
        requester="Records clerk",
        reason="intake history",
        summary="previous shelter stay",
        decision="pending",
        actor=vault.actor,
    )
    log.correct(vault, log.entries(vault)[0].ref, "The clerk's name was Lee.", actor=vault.actor)
    model.set_items(log_view.select(vault))
    assert model.rowCount() == 2 and model.columnCount() == len(HEADERS)
    qtmodeltester.check(model, force_py=True)
    assert model.data(model.index(0, 2)) == "Correction"  # newest first
    assert model.data(model.index(1, 3)) == "Amina Diallo"
    assert model.data(model.index(1, 4)) == "To: Records clerk"
    model.clear()
    assert model.rowCount() == 0


def test_table_newest_first_and_the_entry_in_plain_words(qtbot: QtBot, page: LogPage) -> None:
    kinds = [page.model.data(page.model.index(r, 2)) for r in range(3)]
    assert kinds == ["Request to us", "File saved", "Sharing allowed by a release"]
    assert page.count.text() == "3 entries shown"
    page.table.selectRow(0)
    text = page.detail.toPlainText()
    for must in (
        "Kind: Request to us",
        "Client: Ben Okafor",
        "Person: Officer Dana Reyes",
        "Organisation: County Probation",
        "How their identity was confirmed: rang back on the main number",
        "What was asked for: attendance dates",
        "Decision: pending",
    ):
        assert must in text, must
    assert page.correct_button.isEnabled()
    page.table.selectRow(2)
    assert "Information: services provided: types, dates, durations" in page.detail.toPlainText()
    assert "grant_digest" not in page.detail.toPlainText()


def test_filters_narrow_the_rows(qtbot: QtBot, page: LogPage) -> None:
    page.client.setCurrentIndex(page.client.findData(2))
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    assert (
        page.model.items[0].kind == EntryKind.INCOMING
        and page.model.items[0].client == "Ben Okafor"
    )
    page.client.setCurrentIndex(page.client.findData(1))
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10_000)
    assert {r.client_id for r in page.model.items} == {1}
    page.client.setCurrentIndex(0)
    page.kind.setCurrentIndex(page.kind.findData("requests"))
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    page.kind.setCurrentIndex(page.kind.findData("all"))
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=10_000)
    qtbot.keyClicks(page.search, "probation")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=10_000)
    page.date_from.setDate(QDate.currentDate().addDays(1))  # nothing recorded after today
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=10_000)
    page.date_to.setDate(QDate.currentDate().addDays(-5))  # "from" after "to": told so
    qtbot.waitUntil(lambda: "is after the 'to' date" in page.message.text(), timeout=10_000)


def test_record_a_request_from_the_log(qtbot: QtBot, page: LogPage) -> None:
    dialog = page.record_request()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.client.count() == 4, timeout=10_000)
    assert dialog.client.currentData() is None and dialog.client.isEnabled()
    dialog.client.setCurrentIndex(dialog.client.findData(3))
    qtbot.keyClicks(dialog.requester, "Sam Park")
    qtbot.keyClicks(dialog.organisation, "Family Court")
    qtbot.keyClicks(dialog.job_title, "Court clerk")
    qtbot.keyClicks(dialog.phone, "555-0199")
    qtbot.keyClicks(dialog.identity, "rang back via the court switchboard")
    qtbot.keyClicks(dialog.reason, "custody hearing")
    qtbot.keyClicks(dialog.summary, "attendance since March")
    dialog.decision.setCurrentIndex(dialog.decision.findData("referred"))
    qtbot.keyClicks(dialog.reasons, "needs a court order; sent to counsel")
    dialog.received.setDate(QDate.currentDate().addDays(-1))
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    ref = saved.args[0]
    entry = vault_job(qtbot, page, lambda v: log.get_entry(v, ref))
    assert entry.kind == EntryKind.INCOMING and entry.client_id == 3
    assert entry.detail == {
        "requester": "Sam Park",
        "organisation": "Family Court",
        "job_title": "Court clerk",
        "phone": "555-0199",
        "identity_confirmed_by": "rang back via the court switchboard",
        "reason": "custody hearing",
        "summary": "attendance since March",
        "decision": "referred",
        "decision_reasons": "needs a court order; sent to counsel",
        "received_on": (date.today() - timedelta(days=1)).isoformat(),
    }
    qtbot.waitUntil(lambda: page.model.rowCount() == 4, timeout=10_000)
    assert page.model.items[0].ref == ref and ref in page.message.text()


def test_a_refusal_without_reasons_is_refused_and_changes_nothing(
    qtbot: QtBot, page: LogPage
) -> None:
    dialog = RequestDialog(page.service, 1, page)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.client.currentData() == 1, timeout=10_000)
    assert not dialog.client.isEnabled() and dialog.client.currentText() == "Amina Diallo"
    dialog.direction.setCurrentIndex(dialog.direction.findData("outgoing"))
    label = dialog.form.labelForField(dialog.requester)
    assert isinstance(label, QLabel) and label.text() == "&Who we asked"
    qtbot.keyClicks(dialog.requester, "Intake desk")
    qtbot.keyClicks(dialog.reason, "safety planning")
    qtbot.keyClicks(dialog.summary, "previous records")
    dialog.decision.setCurrentIndex(dialog.decision.findData("refused"))
    before = len(vault_job(qtbot, page, log.entries))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.text() != "", timeout=10_000)
    assert dialog.message.text() == "Please record the reasons for refusing."
    assert dialog.isVisible() and dialog.save_button.isEnabled()
    assert len(vault_job(qtbot, page, log.entries)) == before


def test_add_a_correction(qtbot: QtBot, page: LogPage) -> None:
    page.table.selectRow(0)
    original = page.selected_ref()
    dialog = page.correction()
    assert isinstance(dialog, CorrectionDialog)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.save()
    qtbot.waitUntil(lambda: dialog.message.text() != "", timeout=10_000)
    assert dialog.message.text() == "Please write what the correction is."
    qtbot.keyClicks(dialog.text, "The request came by post.")
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as saved:
        dialog.save()
    qtbot.waitUntil(lambda: page.model.rowCount() == 4, timeout=10_000)
    assert page.model.items[0].ref == saved.args[0]
    row = page.model.row_of(str(original))
    page.table.selectRow(row)
    assert f"Corrected by: {saved.args[0]}" in page.detail.toPlainText()


def test_save_as_pdf_to_print_goes_through_the_gate(
    qtbot: QtBot, page: LogPage, tmp_path: Path
) -> None:
    refs = [r.ref for r in page.model.items]
    out = tmp_path / "log.pdf"
    page.save_pdf(out, log_print.REVIEW)
    qtbot.waitUntil(lambda: page.exported is not None, timeout=20_000)
    result = page.exported
    assert result is not None and out.is_file()
    printed = vault_job(qtbot, page, lambda v: log.get_entry(v, result.decision_ref))
    written = vault_job(qtbot, page, lambda v: log.get_entry(v, result.written_ref))
    assert printed.kind == EntryKind.PRINTED and printed.detail["entries"] == 3
    assert written.kind == EntryKind.WRITTEN and written.digest == result.sha256
    text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(out).pages).split())
    for ref in refs:
        assert ref in text
    assert "Save as PDF" not in text and result.decision_ref in text
    assert vault_job(qtbot, page, lambda v: verify_export(v, out)).ref == written.ref
    data = bytearray(out.read_bytes())
    data[100] ^= 0x20
    changed = tmp_path / "changed.pdf"
    changed.write_bytes(bytes(data))
    with pytest.raises(DamagedFile):
        vault_job(qtbot, page, lambda v: verify_export(v, changed))
    qtbot.waitUntil(lambda: page.model.rowCount() == 5, timeout=10_000)  # printed, written
    assert "Print it from your PDF viewer" in page.message.text()


def test_an_accounting_needs_a_client_then_holds_only_theirs(
    qtbot: QtBot, page: LogPage, tmp_path: Path
) -> None:
    page.save_pdf(tmp_path / "none.pdf", log_print.ACCOUNTING)
    qtbot.waitUntil(lambda: "is for one client" in page.message.text(), timeout=10_000)
    assert not (tmp_path / "none.pdf").exists() and page.print_button.isEnabled()
    page.client.setCurrentIndex(page.client.findData(1))
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10_000)
    out = tmp_path / "accounting.pdf"
    page.save_pdf(out, log_print.ACCOUNTING, "a long pdf password")
    qtbot.waitUntil(lambda: page.exported is not None, timeout=20_000)
    reader = pypdf.PdfReader(out)
    assert reader.is_encrypted
    reader.decrypt("a long pdf password")
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Accounting of disclosures" in text and "Amina Diallo" in text
    assert "Division of Parole" in text and "1 Main St" in text
    assert "Ben Okafor" not in text and "County Probation" not in text


def test_print_dialog_asks_why(qtbot: QtBot) -> None:
    dialog = PrintDialog(3)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.save_button.click()
    assert dialog.isVisible() and "Choose why" in dialog.message.text()
    dialog.choices[log_print.AUDIT].setChecked(True)
    dialog.save_button.click()
    assert dialog.purpose == log_print.AUDIT and dialog.result() == PrintDialog.DialogCode.Accepted


def test_lock_clears_the_log(qtbot: QtBot, page: LogPage) -> None:
    qtbot.keyClicks(page.search, "Dana")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    page.table.selectRow(0)
    assert "Ben Okafor" in page.detail.toPlainText()
    window_of(page).lock()
    assert page.model.rowCount() == 0 and page.detail.toPlainText() == ""
    assert page.search.text() == "" and page.client.count() == 1 and page.count.text() == ""
    assert "Ben" not in page.client.itemText(0)


def test_a_bad_place_records_nothing_as_printed(
    qtbot: QtBot, page: LogPage, tmp_path: Path
) -> None:
    before = vault_job(qtbot, page, lambda v: len(log.entries(v)))
    page.save_pdf(tmp_path / "no-such-folder" / "log.pdf", log_print.REVIEW)
    qtbot.waitUntil(lambda: "does not exist" in page.message.text(), timeout=10_000)
    assert vault_job(qtbot, page, lambda v: len(log.entries(v))) == before
    assert page.print_button.isEnabled()


def test_a_request_longer_than_a_page_prints(qtbot: QtBot, page: LogPage, tmp_path: Path) -> None:
    long = " ".join(f"WORD{i:03d}" for i in range(330))  # about 2,600 characters
    vault_job(
        qtbot,
        page,
        lambda v: requests.record_request(
            v,
            direction="incoming",
            client_id=1,
            requester="Officer Dana Reyes",
            identity_confirmed_by="rang back",
            reason="review",
            summary=long,
            decision="pending",
            actor=v.actor,
        ),
    )
    page.refresh()
    qtbot.waitUntil(lambda: page.model.rowCount() == 4, timeout=10_000)
    out = tmp_path / "long.pdf"
    page.save_pdf(out, log_print.REVIEW)
    qtbot.waitUntil(
        lambda: page.exported is not None or "could not" in page.message.text(), timeout=30_000
    )
    assert page.exported is not None, page.message.text()
    text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(out).pages).split())
    assert "WORD000" in text and "WORD329" in text


def test_the_print_button_comes_back_after_a_lock_mid_save(
    qtbot: QtBot, page: LogPage, tmp_path: Path
) -> None:
    page.save_pdf(tmp_path / "cut.pdf", log_print.REVIEW)
    assert not page.print_button.isEnabled()
    window_of(page).lock()  # the pending answer is dropped
    assert page.print_button.isEnabled()


def test_print_dialog_wants_the_password_twice(qtbot: QtBot) -> None:
    dialog = PrintDialog(3)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.choices[log_print.REVIEW].setChecked(True)
    qtbot.keyClicks(dialog.password, "a long pdf password")
    qtbot.keyClicks(dialog.password_again, "a long pdf pasword")
    dialog.save_button.click()
    assert dialog.isVisible() and "different" in dialog.message.text()
    qtbot.keyClicks(dialog.password_again, "a long pdf password")
    dialog.save_button.click()
    assert dialog.result() == PrintDialog.DialogCode.Accepted
