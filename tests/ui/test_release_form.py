"""The release form asks for every element of a valid release (DOMAIN.md) and keeps each."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from safefile import records
from safefile.consent import releases
from safefile.records.models import OrgIn
from safefile.ui.main_window import MainWindow
from safefile.ui.share.release_form import ReleaseDialog
from tests.ui.helpers import open_client, org_count, run_job, unlocked


def test_every_element_is_asked_and_kept(qtbot: QtBot, window: MainWindow) -> None:
    unlocked(qtbot, window)
    run_job(
        qtbot,
        window,
        lambda w: records.add_org(
            w.require(), OrgIn.from_input({"name": "Division of Parole"}), actor=w.require().actor
        ),
    )
    open_client(qtbot, window, 1)
    dialog = window.clients.entry("release")
    assert isinstance(dialog, ReleaseDialog)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: org_count(dialog.recipient) == 1)
    dialog.recipient.setCurrentIndex(0)  # none is chosen for the user (issue 23)
    dialog.direction.setCurrentIndex(dialog.direction.findData("both"))
    dialog.categories["attendance"].setChecked(True)
    qtbot.keyClicks(dialog.purpose, "Parole compliance")
    dialog.methods["pdf"].setChecked(False)
    dialog.methods["mail"].setChecked(True)
    dialog.methods["fax"].setChecked(True)
    dialog.expires_on.setDate(QDate.currentDate().addDays(30))
    qtbot.keyClicks(dialog.expiry_event, "the end of parole")
    dialog.capacity.setCurrentIndex(dialog.capacity.findData("guardian"))
    qtbot.keyClicks(dialog.signer, "Rosa Diallo")
    qtbot.keyClicks(dialog.authority, "court-appointed guardian, order 2026-114")
    me = window.service.worker.vault.actor.name  # type: ignore[union-attr]
    assert dialog.witness.isReadOnly() and dialog.witness.text() == me  # never typed
    qtbot.keyClicks(dialog.witness, "K. Mensah")  # a read-only line takes no keys
    for box in dialog.statements.values():
        box.setChecked(True)
    dialog.copy_given.setChecked(True)
    assert not dialog.original_reason.isEnabled()  # asked only for a paper original
    dialog.original.setChecked(True)
    assert dialog.original_reason.isEnabled()
    dialog.original_reason.setText("signed at a home visit")
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    rel = run_job(qtbot, window, lambda w: releases.get_release(w.require(), saved.args[0]))
    assert rel.direction == "both" and rel.methods == ("mail", "fax")
    assert rel.expiry_event == "the end of parole"
    assert (rel.signer_name, rel.signer_capacity, rel.witness) == (
        "Rosa Diallo",
        "guardian",
        me,
    )
    assert rel.signer_authority.startswith("court-appointed")
    assert rel.copy_given_on == date.today()
    assert rel.original_on_file and rel.original_reason == "signed at a home visit"


def test_no_way_of_sending_is_refused_and_nothing_saved(qtbot: QtBot, window: MainWindow) -> None:
    unlocked(qtbot, window)
    run_job(
        qtbot,
        window,
        lambda w: records.add_org(
            w.require(), OrgIn.from_input({"name": "Division of Parole"}), actor=w.require().actor
        ),
    )
    open_client(qtbot, window, 1)
    dialog = window.clients.entry("release")
    assert isinstance(dialog, ReleaseDialog)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: org_count(dialog.recipient) == 1)
    dialog.recipient.setCurrentIndex(0)  # none is chosen for the user (issue 23)
    dialog.categories["services"].setChecked(True)
    qtbot.keyClicks(dialog.purpose, "Parole compliance")
    for box in (*dialog.statements.values(), dialog.original):
        box.setChecked(True)
    dialog.methods["pdf"].setChecked(False)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: "how the information may be sent" in dialog.message.text(), timeout=10_000
    )
    assert run_job(qtbot, window, lambda w: releases.list_releases(w.require(), 1)) == []
