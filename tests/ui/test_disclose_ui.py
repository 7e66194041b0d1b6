"""Disclosures made outside SafeFile (a call, a letter, a fax…) and their outcome, recorded
in the app (issue 23) by keyboard and mouse, read back from the record of sharing."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QCheckBox
from pytestqt.qtbot import QtBot

from safefile import records
from safefile.consent import log, people, releases
from safefile.consent.kinds import EntryKind
from safefile.consent.releases import ReleaseIn
from safefile.records.models import OrgIn
from safefile.ui.log.outcome import OutcomeDialog
from safefile.ui.main_window import MainWindow
from safefile.ui.share.disclose import DiscloseDialog
from tests.conftest import ALL_TOLD
from tests.ui.helpers import open_client, run_job, unlocked
from tests.ui.jobs import look, shot, timed  # noqa: F401 (look: a fixture)

pytestmark = pytest.mark.usefixtures("look")
TODAY = date.today()
LEFT = Qt.MouseButton.LeftButton


def _world(w):  # type: ignore[no-untyped-def]
    """Client 1's release to the Division of Parole, which allows a call; and child
    protection, with no release."""
    v = w.require()
    parole = records.add_org(
        v,
        OrgIn.from_input({"name": "Division of Parole", "contact_person": "Officer Ray"}),
        actor=v.actor,
    )
    records.add_org(v, OrgIn.from_input({"name": "Child Protective Services"}), actor=v.actor)
    releases.add_release(
        v,
        ReleaseIn.from_input(
            {
                "statements": ALL_TOLD,
                "client_id": 1,
                "recipient_org_id": parole,
                "categories": ("attendance",),
                "purpose": "Parole compliance",
                "methods": ("pdf", "phone"),
                "signed_on": TODAY,
                "expires_on": TODAY + timedelta(days=60),
                "original_on_file": True,
                "original_reason": "signed at a home visit",
            }
        ),
        actor=v.actor,
    )


def tick(qtbot: QtBot, box: QCheckBox) -> None:
    qtbot.mouseClick(box, LEFT, pos=QPoint(8, box.height() // 2))


def _open(qtbot: QtBot, w: MainWindow) -> DiscloseDialog:
    run_job(qtbot, w, _world)
    open_client(qtbot, w, 1)
    sharing = w.clients.file_view.sharing
    w.clients.file_view.setCurrentWidget(sharing)
    qtbot.mouseClick(sharing.disclose_button, LEFT)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), DiscloseDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, DiscloseDialog)
    return dialog


def _disclosures(qtbot: QtBot, w: MainWindow) -> list[log.Entry]:
    return run_job(  # type: ignore[no-any-return]
        qtbot, w, lambda v: log.entries(v.require(), 1, EntryKind.DISCLOSED)
    )


def test_a_phone_call_under_a_release_and_its_outcome(qtbot: QtBot, window: MainWindow) -> None:
    unlocked(qtbot, window)
    with timed("a phone disclosure under a release", qtbot):
        dialog = _open(qtbot, window)
        assert dialog.focusWidget() is dialog.person  # whom you spoke to, typed first
        qtbot.keyClicks(dialog.person, "Officer Ray")
        qtbot.keyClick(dialog.person, Qt.Key.Key_Tab)
        qtbot.keyClicks(dialog.job_title, "Parole officer")
        qtbot.keyClick(dialog.job_title, Qt.Key.Key_Tab)
        assert dialog.focusWidget() is dialog.summary
        qtbot.keyClicks(dialog.summary, "Confirmed she attended on 3 and 10 November.")
        road = dialog.release_road
        qtbot.waitUntil(lambda: road.recipient.currentText() == "Division of Parole")
        tick(qtbot, road.categories["attendance"])
        shot(dialog, "disclose-phone")
        with qtbot.waitSignal(dialog.recorded, timeout=10_000):
            qtbot.mouseClick(dialog.record_button, LEFT)
    [entry] = _disclosures(qtbot, window)
    d = entry.detail
    assert (d["method"], d["recipient"], d["recipient_person"]) == (
        "phone",
        "Division of Parole",
        "Officer Ray",
    )
    assert d["recipient_job_title"] == "Parole officer" and d["release"]
    assert d["shared_summary"] == "Confirmed she attended on 3 and 10 November."

    # The outcome, later: a new entry tied to the disclosure.
    sharing = window.clients.file_view.sharing
    qtbot.waitUntil(lambda: entry.ref in sharing.model.texts())
    sharing.table.selectRow(sharing.model.texts().index(entry.ref) // 4)
    qtbot.mouseClick(sharing.outcome_button, LEFT)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), OutcomeDialog))
    outcome = QApplication.activeModalWidget()
    assert isinstance(outcome, OutcomeDialog) and outcome.ref == entry.ref
    shot(outcome, "outcome")
    qtbot.keyClicks(outcome.outcome, "Noted on her file")
    qtbot.keyClicks(outcome.receipt, "Officer Ray rang back")
    with qtbot.waitSignal(outcome.saved, timeout=10_000):
        qtbot.mouseClick(outcome.save_button, LEFT)
    [done] = run_job(qtbot, window, lambda v: log.entries(v.require(), 1, EntryKind.OUTCOME))
    assert done.detail["for"] == entry.ref and done.detail["outcome"] == "Noted on her file"


def test_a_call_the_release_does_not_allow_is_refused_and_recorded(
    qtbot: QtBot, window: MainWindow
) -> None:
    unlocked(qtbot, window)
    dialog = _open(qtbot, window)
    dialog.method.setCurrentIndex(dialog.method.findData("fax"))
    qtbot.keyClicks(dialog.summary, "Attendance dates")
    road = dialog.release_road
    qtbot.waitUntil(lambda: road.recipient.currentText() == "Division of Parole")
    tick(qtbot, road.categories["attendance"])
    qtbot.mouseClick(dialog.record_button, LEFT)
    qtbot.waitUntil(
        lambda: "does not allow information to be given by fax" in dialog.message.text()
    )
    assert dialog.isVisible() and _disclosures(qtbot, window) == []
    refused = run_job(qtbot, window, lambda v: log.entries(v.require(), 1, EntryKind.REFUSED))
    assert len(refused) == 1  # the refusal the user asked for is in the record


def test_a_report_to_child_protection_by_phone_records_who_and_whether_told(
    qtbot: QtBot, window: MainWindow
) -> None:
    unlocked(qtbot, window)
    dialog = _open(qtbot, window)
    run_job(
        qtbot,
        window,
        lambda v: records.set_born(v.require(), 1, "2014-06-01", actor=v.require().actor),
    )
    qtbot.keyClicks(dialog.person, "Intake worker Lee")
    qtbot.keyClicks(dialog.summary, "Reported the bruise seen today.")
    qtbot.mouseClick(dialog.by_law, LEFT, pos=QPoint(8, dialog.by_law.height() // 2))
    legal = dialog.legal_road
    assert dialog.stack.currentWidget() is legal
    legal.kind.setCurrentIndex(legal.kind.findData("child-protection"))
    legal.recipient.setCurrentIndex(legal.recipient.findText("Child Protective Services"))
    tick(qtbot, legal.categories["contact"])
    qtbot.keyClicks(legal.basis, "Mandated reporter duty")
    legal.informed.setCurrentIndex(legal.informed.findData(False))
    qtbot.mouseClick(dialog.record_button, LEFT)  # no reason why not: refused by the core
    qtbot.waitUntil(lambda: "why the client was not told" in dialog.message.text())
    assert _disclosures(qtbot, window) == []
    qtbot.keyClicks(legal.not_informed, "Telling her parent could put her at risk")
    shot(dialog, "disclose-legal")
    with qtbot.waitSignal(dialog.recorded, timeout=10_000):
        qtbot.mouseClick(dialog.record_button, LEFT)
    [entry] = _disclosures(qtbot, window)
    assert entry.detail["legal_kind"] == "child-protection"
    assert entry.detail["recipient_person"] == "Intake worker Lee"
    decision = run_job(qtbot, window, lambda v: log.get_entry(v.require(), entry.detail["for"]))
    assert decision.detail["client_informed"] is False
    assert "at risk" in decision.detail["not_informed_reason"]


def test_a_call_to_a_restricted_person_needs_the_override_reason(
    qtbot: QtBot, window: MainWindow
) -> None:
    """The parole officer is on the client's restricted list: on the legal road the call is
    refused (and the refusal recorded) until the reason to go ahead is typed, which the
    record keeps."""
    unlocked(qtbot, window)
    dialog = _open(qtbot, window)  # (the release to the officer's office came first)
    run_job(
        qtbot,
        window,
        lambda v: people.add_restriction(
            v.require(), 1, "Officer Ray", "Threatened her", actor=v.require().actor
        ),
    )
    qtbot.keyClicks(dialog.summary, "Told the officer she is at risk tonight.")
    qtbot.mouseClick(dialog.by_law, LEFT, pos=QPoint(8, dialog.by_law.height() // 2))
    legal = dialog.legal_road
    legal.kind.setCurrentIndex(legal.kind.findData("imminent-harm"))
    legal.recipient.setCurrentIndex(legal.recipient.findText("Division of Parole"))
    tick(qtbot, legal.categories["contact"])
    qtbot.keyClicks(legal.basis, "Duty to warn")
    legal.informed.setCurrentIndex(legal.informed.findData(True))
    qtbot.mouseClick(dialog.record_button, LEFT)
    qtbot.waitUntil(lambda: "restricted" in dialog.message.text())
    assert _disclosures(qtbot, window) == []
    qtbot.keyClicks(legal.override, "The parole office itself, not the officer")
    with qtbot.waitSignal(dialog.recorded, timeout=10_000):
        qtbot.mouseClick(dialog.record_button, LEFT)
    [entry] = _disclosures(qtbot, window)
    decision = run_job(qtbot, window, lambda v: log.get_entry(v.require(), entry.detail["for"]))
    assert decision.detail["restriction_override"] == "The parole office itself, not the officer"


def test_checking_a_pdf_someone_presents(qtbot: QtBot, window: MainWindow, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from safefile.consent import gate
    from safefile.consent.gate import ExportRequest
    from safefile.export.exporter import export_pdf

    unlocked(qtbot, window)
    run_job(qtbot, window, _world)
    sent = tmp_path / "sent.pdf"

    def export(w):  # type: ignore[no-untyped-def]
        g = gate.require(
            w.require(),
            ExportRequest(1, 1, ("attendance",), "Parole compliance"),
            actor=w.require().actor,
        )
        return export_pdf(w.require(), g, sent, actor=w.require().actor)

    run_job(qtbot, window, export)
    page = window.workspace.log
    window.workspace.tabs.setCurrentWidget(page)
    assert page.verify_button.isEnabled()
    page.verify_pdf(sent)
    qtbot.waitUntil(lambda: "is unchanged" in page.message.text())
    assert "Division of Parole" in page.message.text()
    changed = tmp_path / "changed.pdf"
    changed.write_bytes(sent.read_bytes() + b"\n%")
    page.verify_pdf(changed)
    qtbot.waitUntil(lambda: "not one this vault exported" in page.message.text())


def test_checking_an_encrypted_pdf_with_its_password(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A PDF sent with a password: checked without it, its seal is not checked (and the
    user told to give it); with the password typed beside the button, the seal is."""
    from PySide6.QtWidgets import QFileDialog

    from safefile.consent import gate
    from safefile.consent.gate import ExportRequest
    from safefile.export.exporter import export_pdf

    unlocked(qtbot, window)
    run_job(qtbot, window, _world)
    sent = tmp_path / "sent.pdf"

    def export(w):  # type: ignore[no-untyped-def]
        g = gate.require(
            w.require(),
            ExportRequest(1, 1, ("attendance",), "Parole compliance"),
            actor=w.require().actor,
        )
        return export_pdf(w.require(), g, sent, password="river-stone-42", actor=w.require().actor)

    run_job(qtbot, window, export)
    page = window.workspace.log
    window.workspace.tabs.setCurrentWidget(page)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(sent), ""))
    qtbot.mouseClick(page.verify_button, LEFT)
    qtbot.waitUntil(lambda: "is unchanged" in page.message.text(), timeout=10_000)
    assert "give it to check the seal" in page.message.text()
    qtbot.keyClicks(page.verify_password, "river-stone-42")
    qtbot.mouseClick(page.verify_button, LEFT)
    qtbot.waitUntil(lambda: "Seal: intact" in page.message.text(), timeout=10_000)
    assert page.verify_password.text() == ""  # the password is not kept on screen
