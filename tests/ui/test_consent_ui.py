"""The hard cases of consent in the app: the restricted people on a client's file (kept
as confidential as process notes), and the release form's rules for a minor and for a
restricted signer, each refused with its reason and fix."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from safefile import records
from safefile.consent import people, releases
from safefile.records.models import ClientIn, OrgIn
from safefile.ui.main_window import MainWindow
from safefile.ui.share.release_form import ReleaseDialog
from tests.ui.helpers import open_client, org_count, run_job, unlocked
from tests.ui.pages import FilePage


def _page(qtbot: QtBot, window: MainWindow, cid: int) -> FilePage:
    open_client(qtbot, window, cid)
    page = FilePage(window.clients.file_view)
    qtbot.waitUntil(lambda: page.data is not None and page.data.file.client.id == cid)
    return page


def test_restricted_people_hidden_until_asked_and_not_kept(
    qtbot: QtBot, window: MainWindow
) -> None:
    unlocked(qtbot, window)
    page = _page(qtbot, window, 1)
    page.go_to("restricted")
    assert not page.restricted_shown and page.restricted_model.rowCount() == 0
    qtbot.mouseClick(page.show_restricted_button, Qt.MouseButton.LeftButton)
    assert page.restricted_shown
    page.restrict(" ", "")
    qtbot.waitUntil(lambda: "the person's name and the reason" in page.restricted_message.text())
    page.restrict("Marc Diallo", "named in a protective order")
    qtbot.waitUntil(lambda: page.restricted_model.rowCount() == 1)
    person, whose, added, why = page.restricted_model.texts()[:4]
    assert (person, whose, why) == ("Marc Diallo", "this client", "named in a protective order")
    assert len(added) == 10 and added[4] == "-"  # the date it was added
    qtbot.mouseClick(page.hide_restricted_button, Qt.MouseButton.LeftButton)
    assert page.restricted_model.rowCount() == 0
    assert not any("Marc Diallo" in t for t in page.shown_texts())
    qtbot.mouseClick(page.show_restricted_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.restricted_model.rowCount() == 1)
    other = _page(qtbot, window, 2)  # another file: hidden again, and not kept
    assert not other.restricted_shown and other.restricted_model.rowCount() == 0
    found = run_job(qtbot, window, lambda w: people.restrictions_for(w.require(), 1))
    assert [r.person for r in found] == ["Marc Diallo"]


def _release_form(qtbot: QtBot, window: MainWindow, cid: int) -> ReleaseDialog:
    _page(qtbot, window, cid)
    dialog = window.clients.entry("release")
    assert isinstance(dialog, ReleaseDialog)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: org_count(dialog.recipient) == 1 and bool(dialog.minor_status.text()))
    dialog.recipient.setCurrentIndex(0)  # none is chosen for the user (issue 23)
    dialog.categories["services"].setChecked(True)
    qtbot.keyClicks(dialog.purpose, "Family court hearing")
    dialog.expires_on.setDate(QDate.currentDate().addDays(60))
    for box in dialog.statements.values():
        box.setChecked(True)
    dialog.original.setChecked(True)
    dialog.original_reason.setText("signed at a home visit")
    return dialog


def _minor_and_org(qtbot: QtBot, window: MainWindow) -> int:
    unlocked(qtbot, window)

    def make(w: object) -> int:
        vault = w.require()  # type: ignore[attr-defined]
        records.add_org(vault, OrgIn.from_input({"name": "Family Court"}), actor=vault.actor)
        return records.add_client(
            vault, ClientIn.from_input({"name": "Lea", "born": "2015-06-01"}), actor=vault.actor
        )

    cid = run_job(qtbot, window, make)
    window.clients.refresh()
    qtbot.waitUntil(lambda: any(c.id == cid for c in window.clients.model.rows))
    return int(cid)


def test_release_form_for_a_minor(qtbot: QtBot, window: MainWindow) -> None:
    cid = _minor_and_org(qtbot, window)
    dialog = _release_form(qtbot, window, cid)
    assert dialog.minor_status.text().startswith("This client is a minor today")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "signed by the client alone, who was a minor" in dialog.message.text())
    assert "unless a law lets this minor consent alone" in dialog.message.text()
    dialog.capacity.setCurrentIndex(dialog.capacity.findData("parent"))
    qtbot.keyClicks(dialog.signer, "Maria Diallo")
    qtbot.keyClicks(dialog.authority, "mother")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "must attest that no one who signed" in dialog.message.text())
    dialog.not_abuser.setChecked(True)
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    rel = run_job(qtbot, window, lambda w: releases.get_release(w.require(), saved.args[0]))
    assert (rel.signer_capacity, rel.signer_name, rel.not_abuser) == (
        "parent",
        "Maria Diallo",
        True,
    )


def test_release_form_refuses_a_restricted_signer(qtbot: QtBot, window: MainWindow) -> None:
    cid = _minor_and_org(qtbot, window)
    run_job(
        qtbot,
        window,
        lambda w: people.add_restriction(
            w.require(), cid, "Marc Diallo", "PO", actor=w.require().actor
        ),
    )
    dialog = _release_form(qtbot, window, cid)
    dialog.capacity.setCurrentIndex(dialog.capacity.findData("parent"))
    qtbot.keyClicks(dialog.signer, "Marc Diallo")
    qtbot.keyClicks(dialog.authority, "father")
    dialog.not_abuser.setChecked(True)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "restricted list" in dialog.message.text())
    assert (
        "The signer is on this client's restricted list: no consent is accepted from them; "
        "someone else must sign." in dialog.message.text()
    )
    assert run_job(qtbot, window, lambda w: releases.list_releases(w.require(), cid)) == []
