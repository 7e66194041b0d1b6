"""Sending under a release in few steps: the recipient defaults to the organisation with a
release in effect, and "Send under this release…" on the Releases tab fills the form in
and checks at once, so a send is four clicks from the tab."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pypdf
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from safefile import records
from safefile.consent import releases
from safefile.consent.releases import ReleaseIn
from safefile.records.models import OrgIn
from safefile.ui.main_window import MainWindow
from safefile.ui.share.dialog import ShareDialog, Step
from safefile.ui.worker import VaultWorker
from tests.conftest import ALL_TOLD
from tests.ui.helpers import open_client, org_count, run_job, unlocked
from tests.ui.pages import FilePage


def _with_a_release(qtbot: QtBot, window: MainWindow) -> int:
    def job(w: VaultWorker) -> int:
        vault = w.require()
        records.add_org(
            vault, OrgIn(name="Aardvark Agency"), actor=vault.actor
        )  # first in the list, no release
        parole = records.add_org(vault, OrgIn(name="Division of Parole"), actor=vault.actor)
        return releases.add_release(
            vault,
            ReleaseIn.from_input(
                {
                    "statements": ALL_TOLD,
                    "client_id": 1,
                    "recipient_org_id": parole,
                    "categories": ("attendance", "services"),
                    "purpose": "Parole compliance",
                    "signed_on": date.today(),
                    "expires_on": date.today() + timedelta(days=60),
                    "original_on_file": True,
                    "original_reason": "signed at a home visit",
                }
            ),
            actor=vault.actor,
        )

    unlocked(qtbot, window)
    return int(run_job(qtbot, window, job))


def _step(d: ShareDialog) -> Step:
    return d.step


def test_the_recipient_defaults_to_the_one_with_a_release(qtbot: QtBot, window: MainWindow) -> None:
    _with_a_release(qtbot, window)
    open_client(qtbot, window, 1)
    d = window.clients.share()
    qtbot.addWidget(d)
    d.show()
    qtbot.waitUntil(lambda: org_count(d.recipient) == 2 and "about:" in d.client.text())
    qtbot.waitUntil(lambda: d.recipient.currentText() == "Division of Parole")
    d.reject()


def test_send_under_this_release_in_four_clicks(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    rid = _with_a_release(qtbot, window)
    open_client(qtbot, window, 1)
    view = FilePage(window.clients.file_view)
    view.go_to("releases")
    qtbot.waitUntil(lambda: view.view.releases.model.rowCount() == 1)
    view.view.releases.table.selectRow(0)  # click 1: the release
    assert view.send_button.isEnabled()
    qtbot.mouseClick(view.send_button, Qt.MouseButton.LeftButton)  # click 2
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ShareDialog))
    d = QApplication.activeModalWidget()
    assert isinstance(d, ShareDialog)
    qtbot.waitUntil(lambda: _step(d) is Step.ALLOWED, timeout=10_000)  # checked at once
    assert d.recipient.currentText() == "Division of Parole"
    assert [c for c, box in d.categories.items() if box.isChecked()] == ["attendance", "services"]
    assert d.release_road.release.currentData() == rid
    assert d.save_button.isEnabled() and d.save_button.isDefault()
    out = tmp_path / "parole.pdf"
    d.save(out)  # clicks 3 and 4: "Save PDF…", then Save in the file chooser
    qtbot.waitUntil(lambda: _step(d) is Step.SAVED, timeout=20_000)
    text = "".join(page.extract_text() for page in pypdf.PdfReader(out).pages)
    assert "Amina Diallo" in text
    d.reject()


def test_send_is_offered_only_for_a_release_in_effect(qtbot: QtBot, window: MainWindow) -> None:
    rid = _with_a_release(qtbot, window)
    run_job(
        qtbot,
        window,
        lambda w: releases.revoke_release(w.require(), rid, date.today(), actor=w.require().actor),
    )
    open_client(qtbot, window, 1)
    view = FilePage(window.clients.file_view)
    view.go_to("releases")
    qtbot.waitUntil(lambda: view.view.releases.model.rowCount() == 1)
    view.view.releases.table.selectRow(0)
    assert not view.send_button.isEnabled()


def test_checking_is_not_deciding(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    """Opening "Send information" under a release wrote "Sharing allowed" to the client's
    record of sharing before anything was sent (issue 23, item 5)."""
    from safefile.consent import log
    from safefile.consent.kinds import EntryKind

    def entries() -> list[str]:
        return [str(e.kind) for e in run_job(qtbot, window, lambda w: log.entries(w.require(), 1))]

    _with_a_release(qtbot, window)
    open_client(qtbot, window, 1)
    view = FilePage(window.clients.file_view)
    view.go_to("releases")
    qtbot.waitUntil(lambda: view.view.releases.model.rowCount() == 1)
    view.view.releases.table.selectRow(0)
    qtbot.mouseClick(view.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ShareDialog))
    opened = QApplication.activeModalWidget()
    assert isinstance(opened, ShareDialog)
    d = opened
    qtbot.waitUntil(lambda: _step(d) is Step.ALLOWED, timeout=10_000)  # the gate's answer ...
    assert "Nothing is sent or recorded yet" in d.decision.text()
    assert entries() == []  # ... as a preview: nothing written
    qtbot.mouseClick(d.check_button, Qt.MouseButton.LeftButton)  # Check, allowed: still nothing
    qtbot.waitUntil(lambda: _step(d) is Step.ALLOWED, timeout=10_000)
    assert entries() == []
    d.reject()  # opened and closed: nothing recorded
    assert entries() == []
    # A send records the decision and the file written, once.
    s = window.clients.share()
    qtbot.addWidget(s)
    s.show()
    s.send_under(run_job(qtbot, window, lambda w: releases.list_releases(w.require(), 1))[0].id)
    qtbot.waitUntil(lambda: _step(s) is Step.ALLOWED, timeout=10_000)
    s.save(tmp_path / "parole.pdf")
    qtbot.waitUntil(lambda: _step(s) is Step.SAVED, timeout=20_000)
    assert entries() == [str(EntryKind.GRANTED), str(EntryKind.WRITTEN)]
    assert s.exported is not None and s.exported.decision_ref in s.decision.text()
    s.reject()
