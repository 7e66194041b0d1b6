"""Parity, enforced (issue 23): every command and option of the command line has its place
in the app (``ui/parity.py``), or a reason it is the command line's alone, and every
place named there is found in the real app."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QTableView, QWidget
from pytestqt.qtbot import QtBot

from safefile import records, settings
from safefile.cli.main import build_parser
from safefile.consent import drafts, own_copy, releases
from safefile.consent.releases import ReleaseIn
from safefile.export.release_form import print_release_form
from safefile.records import services
from safefile.records.models import NoteIn, OrgIn, ServiceIn
from safefile.ui import parity
from safefile.ui.main_window import MainWindow
from safefile.ui.names import find
from tests.conftest import ALL_TOLD
from tests.ui.helpers import open_client, run_job, unlocked

TODAY = date.today()


def cli_keys() -> Iterator[str]:
    """Every command as typed, and each of its options by its long name."""

    def walk(p: argparse.ArgumentParser, path: list[str]) -> Iterator[str]:
        for a in p._actions:
            if isinstance(a, argparse._SubParsersAction):
                for name, sub in a.choices.items():
                    yield from walk(sub, [*path, name])
                return
        command = " ".join(path)
        yield command
        for a in p._actions:
            if a.option_strings:  # positionals (the vault, an id) are the command's own
                yield f"{command} {max(a.option_strings, key=len)}"

    yield from walk(build_parser(), [])


def unplaced(keys: list[str]) -> list[str]:
    return [
        k
        for k in keys
        if k not in parity.PARITY
        and k not in parity.GAPS
        and k.rpartition(" ")[2] not in parity.EVERY_COMMAND
    ]


def test_every_command_and_option_has_a_place_or_a_reason() -> None:
    keys = list(cli_keys())
    assert len(keys) > 200  # the walk reached every command's options
    assert unplaced(keys) == [], "map these in ui/parity.py (a Place, or CliOnly with a reason)"
    known = set(keys)
    stale = [k for k in [*parity.PARITY, *parity.GAPS] if k not in known]
    assert stale == [], "ui/parity.py names commands or options the parser does not have"
    both = set(parity.PARITY) & set(parity.GAPS)
    assert not both, "an entry is both mapped and listed as a gap"
    for key, entry in parity.PARITY.items():
        if isinstance(entry, parity.CliOnly):
            assert len(entry.reason) > 20, f"{key}: say why it is the command line's alone"


def test_an_option_added_without_a_place_fails() -> None:
    """The check itself can fail: a new option unknown to the map is reported."""
    assert unplaced(["release revoke --by-carrier-pigeon"]) == [
        "release revoke --by-carrier-pigeon"
    ]
    assert unplaced(["release revoke --how", "log --json"]) == []


# --- the places, in the real app -------------------------------------------------------


def _world(w, tmp: Path):  # type: ignore[no-untyped-def]
    """Client 1 with an organisation, a release and one revoked by phone, a release printed
    and waiting for signature, a service, a draft and a signed note, and an own-copy
    request: every button of the file has something to act on."""
    v = w.require()
    settings.save(v, {"program_name": "Harbor House", "program_phone": "555-0199"})
    org = records.add_org(
        v, OrgIn.from_input({"name": "Legal Aid", "contact_person": "Ana"}), actor=v.actor
    )
    release = {
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
    releases.add_release(v, ReleaseIn.from_input(release), actor=v.actor)
    revoked = releases.add_release(v, ReleaseIn.from_input(release), actor=v.actor)
    releases.revoke_release(v, revoked, TODAY, "by phone", "Sam", actor=v.actor)
    unsigned = {**release, "signed_on": None, "original_on_file": False, "original_reason": ""}
    draft = drafts.draft_release(v, ReleaseIn.from_input(unsigned), actor=v.actor)
    print_release_form(v, draft, tmp / "form.pdf", actor=v.actor)
    services.add_service_type(v, "Advocacy", actor=v.actor)
    records.add_service(
        v,
        ServiceIn.from_input({"client_id": 1, "on_date": TODAY, "type": "Advocacy"}),
        actor=v.actor,
    )
    for sign in (False, True):
        note = NoteIn.from_input({"client_ids": (1,), "on_date": TODAY, "data": "Met."})
        records.add_note(v, note, sign=sign, actor=v.actor)
    own_copy.record_request(
        v, 1, received_on=TODAY, identity_checked_by="photo ID seen", actor=v.actor
    )


def _enable(opener: QAbstractButton) -> None:
    """Select rows in the opener's page until it is enabled (it acts on a selection)."""
    w: QWidget | None = opener.parentWidget()
    for table in w.findChildren(QTableView) if w is not None else []:
        if table.model() is not None and table.model().rowCount() and not table.selectedIndexes():
            table.selectRow(0)  # a button that says "choose one first" acts on it
    while w is not None and not opener.isEnabled():
        for table in w.findChildren(QTableView):
            model = table.model()
            for row in range(model.rowCount() if model else 0):
                table.selectRow(row)
                QApplication.processEvents()
                if opener.isEnabled():
                    return
        w = w.parentWidget()


def open_dialog(qtbot: QtBot, opener: QObject, look: Callable[[QDialog], None]) -> None:
    """Press ``opener`` as a user would and hand the dialog it shows to ``look``, then
    close it (works for dialogs shown with open() and with exec())."""
    before = {id(d) for d in QApplication.topLevelWidgets() if d.isVisible()}
    done: list[bool] = []

    def poll() -> None:
        new = [
            d
            for d in QApplication.topLevelWidgets()
            if isinstance(d, QDialog) and d.isVisible() and id(d) not in before
        ]
        if not new:
            QTimer.singleShot(20, poll)
            return
        try:
            look(new[0])
        finally:
            done.append(True)
            new[0].reject()

    QTimer.singleShot(0, poll)
    if isinstance(opener, QAction):
        opener.trigger()
    else:
        assert isinstance(opener, QAbstractButton)
        _enable(opener)
        assert opener.isEnabled(), f"{opener.objectName()} stays disabled"
        opener.click()
    try:
        qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    except Exception as exc:
        raise AssertionError(f"{opener.objectName()} showed no dialog") from exc


@pytest.mark.slow
def test_every_place_is_in_the_app(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    unlocked(qtbot, window)
    run_job(qtbot, window, lambda w: _world(w, tmp_path))
    window.clients.reload_list()
    qtbot.waitUntil(lambda: window.clients.model.rowCount() == 3)
    open_client(qtbot, window, 1)
    qtbot.waitUntil(lambda: window.clients.file_view.releases.model.rowCount() == 2)
    qtbot.waitUntil(lambda: window.clients.file_view.releases.waiting_model.rowCount() == 1)
    window.workspace.requests.refresh()
    qtbot.waitUntil(lambda: window.workspace.requests.model.rowCount() == 1)
    setup_window = MainWindow(tmp_path / "new.safefile", idle_ms=60_000)
    qtbot.addWidget(setup_window)
    setup_window.setup  # noqa: B018 (first start builds the set-up page)

    places = parity.places()
    missing: list[str] = []
    fields: dict[str, list[tuple[str, str]]] = {}
    for key, place in places.items():
        root = setup_window if place.opener.startswith("setup.") else window
        if find(root, place.opener) is None:
            missing.append(f"{key}: {place.opener}")
        elif place.field is not None:
            fields.setdefault(place.opener, []).append((key, place.field))
    assert missing == [], "not found in the window"

    for opener_name, wanted in fields.items():
        opener = find(window, opener_name)
        assert opener is not None

        def look(dialog: QDialog, wanted: list[tuple[str, str]] = wanted) -> None:
            missing.extend(f"{k}: {f}" for k, f in wanted if find(dialog, f) is None)

        open_dialog(qtbot, opener, look)
    assert missing == [], "not found in the dialog its opener shows"


def test_the_table_in_docs_is_current() -> None:
    import importlib.util

    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location("parity_doc", root / "scripts/parity_doc.py")
    assert spec is not None and spec.loader is not None
    doc = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(doc)
    written = (root / "docs/parity.md").read_text(encoding="utf-8")
    assert written == doc.render(), "run: python scripts/parity_doc.py > docs/parity.md"
