"""The share flow: one dialog for the three roads out, on a real vault, real PDFs.

The vault is opened on the app's worker thread with a clock the tests set, so a
decision can be made to lapse.  Every PDF is read back with pypdf.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pypdf
import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QApplication, QCheckBox
from pytestqt.qtbot import QtBot

from safefile import records
from safefile.clock import FixedClock
from safefile.consent import gate, log, own_copy, releases
from safefile.consent.kinds import EntryKind
from safefile.consent.releases import ReleaseIn
from safefile.records.models import ClientIn, NoteIn, OrgIn, ServiceIn
from safefile.store.vault import Vault
from safefile.ui.main_window import MainWindow
from safefile.ui.share import summary
from safefile.ui.share.dialog import CHANGED, LAPSED, PASSWORDS_DIFFER, ShareDialog, Step
from safefile.ui.worker import VaultService, VaultWorker
from tests.conftest import ALL_TOLD, PASSPHRASE, Templates, template_vault
from tests.ui.helpers import org_count

pytestmark = pytest.mark.usefixtures("qapp")
D = date.fromisoformat
AMINA, CHILD, BEN = 1, 2, 3
PAROLE, COURT, CPS = "Division of Parole", "Family Court", "Child Protective Services"


def _fill(v: Vault) -> dict[str, Any]:
    """Amina (adult) with 3 services, 2 signed notes, a draft, a joint note with Ben, a
    process note and a document; her child; two releases to the Division of Parole."""
    amina = records.add_client(
        v, ClientIn.from_input({"name": "Amina Diallo", "born": "1990-04-01"}), actor=v.actor
    )
    child = records.add_client(
        v, ClientIn.from_input({"name": "Sami Diallo", "born": "2016-05-01"}), actor=v.actor
    )
    ben = records.add_client(
        v, ClientIn.from_input({"name": "Ben Okafor", "born": "1985-01-01"}), actor=v.actor
    )
    assert (amina, child, ben) == (AMINA, CHILD, BEN)
    orgs = {
        n: records.add_org(v, OrgIn.from_input({"name": n}), actor=v.actor)
        for n in (PAROLE, COURT, CPS)
    }
    for i in range(3):
        records.add_service(
            v,
            ServiceIn.from_input(
                {
                    "client_id": amina,
                    "on_date": D(f"2026-10-0{i + 1}"),
                    "type": "Intake",
                    "note": f"SERVICE-NOTE-{i}",
                }
            ),
            actor=v.actor,
        )
    records.add_service(
        v,
        ServiceIn.from_input(
            {
                "client_id": child,
                "on_date": D("2026-10-05"),
                "type": "Intake",
                "note": "CHILD-SERVICE",
            }
        ),
        actor=v.actor,
    )
    notes = [
        records.add_note(
            v,
            NoteIn.from_input(
                {"client_ids": [amina], "on_date": D(f"2026-10-1{i}"), "data": f"SIGNED-NOTE-{i}"}
            ),
            sign=True,
            actor=v.actor,
        )
        for i in range(2)
    ]
    records.add_note(
        v,
        NoteIn.from_input(
            {"client_ids": [amina], "on_date": D("2026-10-13"), "data": "DRAFT-NOTE"}
        ),
        actor=v.actor,
    )
    records.add_note(
        v,
        NoteIn.from_input(
            {"client_ids": [amina, ben], "on_date": D("2026-10-14"), "data": "JOINT-NOTE"}
        ),
        sign=True,
        actor=v.actor,
    )
    records.add_note(
        v,
        NoteIn.from_input(
            {
                "kind": "process",
                "client_ids": [amina],
                "on_date": D("2026-10-15"),
                "data": "PROCESS-NOTE",
            }
        ),
        sign=True,
        actor=v.actor,
    )
    letter = records.attach(v, amina, b"%PDF-1.4 letter", title="Letter", actor=v.actor)
    releases.add_release(
        v,
        ReleaseIn.from_input(
            {
                "statements": ALL_TOLD,
                "client_id": amina,
                "recipient_org_id": orgs[PAROLE],
                "purpose": "Parole",
                "categories": ("services", "progress-notes", "documents", "contact"),
                "document_ids": (letter,),
                "signed_on": D("2026-11-01"),
                "expires_on": D("2027-01-31"),
                "original_on_file": True,
                "original_reason": "signed at a home visit",
            }
        ),
        actor=v.actor,
    )
    releases.add_release(
        v,
        ReleaseIn.from_input(
            {
                "statements": ALL_TOLD,
                "client_id": amina,
                "recipient_org_id": orgs[PAROLE],
                "purpose": "Parole",
                "categories": ("services",),
                "signed_on": D("2026-01-05"),
                "expires_on": D("2026-10-31"),
                "original_on_file": True,
                "original_reason": "signed at a home visit",
            }
        ),
        actor=v.actor,
    )
    return {"notes": notes, "orgs": orgs}


@pytest.fixture
def share_vault(tmp_path: Path, clock: FixedClock, templates: Templates) -> dict[str, Any]:
    """``_fill``'s vault, locked (a copy of the session's template)."""
    path = tmp_path / "v.safefile"
    v, _, made = template_vault(templates, path, clock, _fill)
    v.lock()
    assert isinstance(made, dict)
    return {"path": path, **copy.deepcopy(made)}  # the template's own lists stay as made


@pytest.fixture
def service(qtbot: QtBot, share_vault: dict[str, Any], clock: FixedClock) -> Iterator[VaultService]:
    svc = VaultService()

    def open_(w: VaultWorker) -> None:
        w.vault = Vault.open(share_vault["path"], passphrase=PASSPHRASE, clock=clock)

    on_worker(qtbot, svc, open_)
    yield svc
    svc.shutdown()


def on_worker(qtbot: QtBot, svc: VaultService, job: Callable[[VaultWorker], Any]) -> Any:
    box: list[Any] = []
    errors: list[Exception] = []
    svc.submit(job, box.append, errors.append)
    qtbot.waitUntil(lambda: bool(box or errors), timeout=20_000)
    if errors:
        raise errors[0]
    return box[0]


def kinds(qtbot: QtBot, svc: VaultService, client_id: int = AMINA) -> list[str]:
    return list(
        on_worker(qtbot, svc, lambda w: [e.kind for e in log.entries(w.require(), client_id)])
    )


@pytest.fixture
def dialog(qtbot: QtBot, service: VaultService) -> Callable[..., ShareDialog]:
    def make(client_id: int = AMINA, road: str = "release") -> ShareDialog:
        d = ShareDialog(service, client_id)
        qtbot.addWidget(d)
        d.show()
        qtbot.waitUntil(
            lambda: (
                org_count(d.recipient) == 3
                and org_count(d.legal_road.recipient) == 3
                and "about:" in d.client.text()
            ),
            timeout=10_000,
        )
        choose_org(d.recipient, PAROLE)
        d.choose_road(road)
        return d

    return make


def step_of(d: ShareDialog) -> Step:
    """The dialog's step, read afresh (each action may change it)."""
    return d.step


def choose_org(combo: Any, name: str) -> None:
    combo.setCurrentIndex(combo.findText(name))
    assert combo.currentText() == name


def check(qtbot: QtBot, d: ShareDialog, until: Callable[[], bool] | None = None) -> None:
    before = d.decision.text()
    qtbot.mouseClick(d.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        until or (lambda: d.decision.text() not in (before, "Checking…")), timeout=10_000
    )


def save(qtbot: QtBot, d: ShareDialog, path: Path) -> None:
    d.save(path)
    qtbot.waitUntil(lambda: d.exported is not None, timeout=20_000)


def pdf_text(path: Path, password: str | None = None) -> str:
    reader = pypdf.PdfReader(path)
    if password is not None:
        assert reader.is_encrypted
        assert reader.decrypt(password)
    return "\n".join(p.extract_text() for p in reader.pages)


# --- the client's own copy -----------------------------------------------------------------


def record_request(qtbot: QtBot, d: ShareDialog, received: QDate | None = None) -> str:
    """Record the client's request from the own-copy road, as the user does; its ref."""
    rd = d.own_road.request_dialog()
    rd.open()
    rd.received.setDate(received or QDate(2026, 11, 20))
    rd.identity.setText("photo ID seen in person")
    with qtbot.waitSignal(rd.saved, timeout=10_000):
        qtbot.mouseClick(rd.save_button, Qt.MouseButton.LeftButton)
    ref = d.own_road.chosen()
    assert ref is not None and ref.startswith("OC-")
    return ref


def test_own_copy_is_saved_without_process_notes(
    qtbot: QtBot, dialog: Callable[..., ShareDialog], service: VaultService, tmp_path: Path
) -> None:
    d = dialog(road="own-copy")
    assert d.own_road.isVisible() and not d.release_road.isVisible()
    ref = record_request(qtbot, d)
    assert "20 December 2026" in d.own_road.due.text()
    check(qtbot, d, d.save_button.isEnabled)
    assert "client's own copy, asked for on 20 November 2026" in d.decision.text()
    assert "due by 20 December 2026" in d.decision.text()
    text = d.summary.text()
    assert "3 services, 2 signed progress notes, 1 document; contact details; nothing else" in text
    assert "Process notes are never part of the client's own copy" in text
    assert "Joint note N-" in text  # left out, and why
    out = tmp_path / "own.pdf"
    save(qtbot, d, out)
    whole = pdf_text(out)
    for must in (
        "Client's own copy",
        "SERVICE-NOTE-0",
        "SERVICE-NOTE-2",
        "SIGNED-NOTE-0",
        "SIGNED-NOTE-1",
    ):
        assert must in whole, must
    for must_not in ("PROCESS-NOTE", "DRAFT-NOTE", "JOINT-NOTE", "CHILD-SERVICE"):
        assert must_not not in whole, must_not
    assert d.exported is not None
    assert f"Saved {d.exported.pages} page" in d.decision.text()
    assert d.exported.decision_ref in d.decision.text() and str(out) in d.decision.text()
    assert kinds(qtbot, service) == [EntryKind.INCOMING, EntryKind.OWN_COPY, EntryKind.WRITTEN]
    # The copy answered the request: it is no longer waiting, nor offered again.
    req = on_worker(qtbot, service, lambda w: own_copy.get_request(w.require(), ref))
    assert req.answered_entry == d.exported.decision_ref
    again = dialog(road="own-copy")
    qtbot.waitUntil(lambda: again.own_road.request.count() == 1)
    assert again.own_road.chosen() is None and "No request" in again.own_road.request.itemText(0)


def test_own_copy_in_the_clients_language_then_english_for_the_file(
    qtbot: QtBot, dialog: Callable[..., ShareDialog], service: VaultService, tmp_path: Path
) -> None:
    from safefile.records.language import form_texts, set_client_language

    on_worker(
        qtbot,
        service,
        lambda w: set_client_language(w.require(), AMINA, "es", actor=w.require().actor),
    )
    d = dialog(road="own-copy")
    record_request(qtbot, d)
    check(qtbot, d, d.save_button.isEnabled)
    assert not d.bilingual.isHidden() and d.append_release.isHidden()  # the own copy's box
    d.bilingual.setChecked(True)
    out = tmp_path / "own.pdf"
    save(qtbot, d, out)
    whole = pdf_text(out)
    spanish = form_texts("es").text("cover_title_own")
    assert spanish in whole and "Client's own copy of their record" in whole
    assert whole.index(spanish) < whole.index("Client's own copy of their record")


def test_the_accounting_is_saved_in_both_languages_from_the_app(
    qtbot: QtBot, service: VaultService, tmp_path: Path
) -> None:
    from safefile.records.language import form_texts, set_client_language
    from safefile.ui.accounting.dialog import AccountingDialog

    on_worker(
        qtbot,
        service,
        lambda w: set_client_language(w.require(), AMINA, "es", actor=w.require().actor),
    )
    d = AccountingDialog(service, AMINA)
    qtbot.addWidget(d)
    d.bilingual.setChecked(True)
    out = tmp_path / "acc.pdf"
    d.save_pdf(out)
    qtbot.waitUntil(lambda: d.exported is not None, timeout=20_000)
    whole = pdf_text(out)
    assert form_texts("es").text("acc_title") in whole and "Accounting of disclosures" in whole


def test_own_copy_needs_a_recorded_request(
    qtbot: QtBot, dialog: Callable[..., ShareDialog], service: VaultService
) -> None:
    d = dialog(road="own-copy")
    assert d.own_road.chosen() is None
    check(qtbot, d)
    assert "Record the client's request first" in d.decision.text()
    assert not d.save_button.isEnabled() and not d.before.isVisible()
    assert kinds(qtbot, service) == []  # nothing asked, nothing logged


def test_a_request_cannot_be_dated_after_the_vault_s_day(
    qtbot: QtBot, dialog: Callable[..., ShareDialog], service: VaultService
) -> None:
    """The date field stops at the vault's today (22 November), not the wall clock's; the
    core refuses a later date too (tests/consent/test_own_copy.py)."""
    d = dialog(road="own-copy")
    rd = d.own_road.request_dialog()
    rd.open()
    assert rd.received.date() == rd.received.maximumDate() == QDate(2026, 11, 22)
    rd.received.setDate(QDate(2026, 11, 23))
    assert rd.received.date() == QDate(2026, 11, 22)
    assert d.own_road.chosen() is None
    assert on_worker(qtbot, service, lambda w: own_copy.list_requests(w.require())) == []


def test_own_copy_withholding_needs_a_reason_and_notes_the_review(
    qtbot: QtBot,
    dialog: Callable[..., ShareDialog],
    service: VaultService,
    share_vault: dict[str, Any],
    tmp_path: Path,
) -> None:
    d = dialog(road="own-copy")
    first = share_vault["notes"][0]
    qtbot.waitUntil(lambda: d.own_road.notes.count() == 2)  # signed, this client's own
    record_request(qtbot, d)
    d.own_road.set_withheld((first,), "")
    check(qtbot, d)
    assert "withheld only with a recorded reason" in d.decision.text()
    assert kinds(qtbot, service) == [EntryKind.INCOMING]  # the request; nothing decided
    d.own_road.set_withheld((first,), "Giving it could put the client's sister at risk.")
    check(qtbot, d, d.save_button.isEnabled)
    assert "1 signed progress note," in d.summary.text()
    assert f"Withheld by you, with the reason you recorded: {first}" in d.summary.text()
    assert "may ask for a review" in d.summary.text()
    out = tmp_path / "own.pdf"
    save(qtbot, d, out)
    whole = pdf_text(out)
    assert "SIGNED-NOTE-1" in whole and "SIGNED-NOTE-0" not in whole
    entries = on_worker(qtbot, service, lambda w: log.entries(w.require(), AMINA))
    entry = next(e for e in entries if e.kind == EntryKind.OWN_COPY)
    assert entry.detail["withheld"] == [first] and entry.detail["own_copy_request"] == "OC-1"


# --- required by law -------------------------------------------------------------------------


def _legal(d: ShareDialog, kind: str, *, basis: str, org: str, cats: tuple[str, ...]) -> None:
    road = d.legal_road
    road.kind.setCurrentIndex(road.kind.findData(kind))
    choose_org(road.recipient, org)
    for c in cats:
        road.categories[c].setChecked(True)
    road.basis.setText(basis)
    road.authority.setText("Judge A. Ortiz")
    road.informed.setCurrentIndex(road.informed.findData(True))


def test_court_order_warning_must_be_acknowledged(
    qtbot: QtBot, dialog: Callable[..., ShareDialog], service: VaultService, tmp_path: Path
) -> None:
    on_worker(
        qtbot,
        service,
        lambda w: records.attach(
            w.require(),
            AMINA,
            b"%PDF-1.4 order",
            title="Order",
            doc_type="court order",
            actor=w.require().actor,
        ),
    )
    d = dialog(road="legal")
    road = d.legal_road
    assert road.kind.currentData() == "court-order"
    assert road.warning.isVisible()
    assert gate.COURT_ORDER_WARNING in road.warning_text.text()
    assert "A subpoena is not a court order" in road.warning_text.text()
    assert not any(b.isChecked() for b in road.categories.values())  # least necessary
    _legal(d, "court-order", basis="", org=COURT, cats=("services",))
    assert not d.check_button.isEnabled()
    d.check()  # even called directly, nothing is asked
    assert kinds(qtbot, service) == []
    road.acknowledged.setChecked(True)
    assert d.check_button.isEnabled()
    road.basis.setText("subpoena from the defence attorney")
    check(qtbot, d)  # no order, judge, date or court: refused and recorded; no basis stands in
    assert "The signed order's copy is missing" in d.decision.text()
    assert "cannot stand in for the order" in d.decision.text()
    assert not d.save_button.isEnabled()
    assert kinds(qtbot, service) == [EntryKind.REFUSED]
    assert road.order_row.isVisible()
    # the file's court orders to choose from (the letter is not one)
    qtbot.waitUntil(lambda: road.order_doc.count() == 2)
    assert road.order_doc.itemText(1).startswith("Order")
    road.order_doc.setCurrentIndex(1)
    road.judge.setText("Judge A. Ortiz")
    road.court.setText("Family Court")
    road.case.setText("2026-FC-118")
    road.order_signed.setDate(QDate(2026, 11, 20))
    road.basis.clear()
    check(qtbot, d, d.save_button.isEnabled)
    assert "disclosure required by law (a court order)" in d.decision.text()
    assert d.default_name() == "disclosure-2026-11-22.pdf"  # the vault's day
    assert "Amina" not in d.default_name() and "Amina" not in d.windowTitle()
    assert "3 services; nothing else" in d.summary.text()
    assert "an emailed file can be forwarded" in d.summary.text()
    out = tmp_path / "court.pdf"
    save(qtbot, d, out)
    whole = pdf_text(out)
    assert "Disclosure required by law" in whole and "2026-FC-118" in whole
    assert "SERVICE-NOTE-0" in whole and "SIGNED-NOTE-0" not in whole
    assert "produced in response to a court order" in " ".join(whole.split())
    assert "subpoena" not in whole.lower()  # the staff advice stays on screen
    assert kinds(qtbot, service) == [EntryKind.REFUSED, EntryKind.LEGAL, EntryKind.WRITTEN]
    # choosing another kind and back asks for the acknowledgement again
    road.kind.setCurrentIndex(road.kind.findData("imminent-harm"))
    road.kind.setCurrentIndex(road.kind.findData("court-order"))
    assert not road.acknowledged.isChecked() and not d.check_button.isEnabled()


def tick(qtbot: QtBot, box: QCheckBox) -> None:
    """Click the box itself, as a user does."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def test_court_order_attestations_and_an_old_order_by_mouse_and_keyboard(
    qtbot: QtBot, dialog: Callable[..., ShareDialog], service: VaultService, tmp_path: Path
) -> None:
    """What the user attests about the order goes to the gate as the command line's options
    do: the order names process notes, covers the joint notes (Ben named by his role), and
    an order over two years old goes ahead only with the reason it still applies."""
    on_worker(
        qtbot,
        service,
        lambda w: records.attach(
            w.require(),
            AMINA,
            b"%PDF-1.4 order",
            title="Order",
            doc_type="court order",
            actor=w.require().actor,
        ),
    )
    d = dialog(road="legal")
    road = d.legal_road
    _legal(d, "court-order", basis="", org=COURT, cats=("process-notes", "progress-notes"))
    assert road.attest_row.isVisible() and road.joint_covered.isVisible()
    tick(qtbot, road.acknowledged)
    qtbot.waitUntil(lambda: road.order_doc.count() == 2)
    road.order_doc.setCurrentIndex(1)
    qtbot.keyClicks(road.judge, "Judge A. Ortiz")
    qtbot.keyClicks(road.court, "Family Court")
    road.order_signed.setDate(QDate(2023, 6, 1))  # over two years before the vault's day
    for box in (road.names_process_notes, road.joint_covered):
        tick(qtbot, box)
    check(qtbot, d)
    assert "Not allowed." in d.decision.text() and not d.save_button.isEnabled()
    qtbot.keyClicks(road.old_order_reason, "The order is open-ended; the case is still open")
    check(qtbot, d, d.save_button.isEnabled)
    out = tmp_path / "court.pdf"
    save(qtbot, d, out)
    whole = pdf_text(out)
    assert "PROCESS-NOTE" in whole and "JOINT-NOTE" in whole
    assert "Okafor" not in whole  # the order does not name the other parties
    entries = on_worker(qtbot, service, lambda w: log.entries(w.require(), AMINA))
    granted = next(e for e in entries if e.kind == EntryKind.LEGAL)
    assert granted.detail["order_names_process_notes"] is True
    assert granted.detail["old_order_reason"].startswith("The order is open-ended")
    assert granted.detail["joint_notes_covered"] is True
    assert granted.detail["parties_named"] is False
    # another kind forgets the attestations: they are made for each disclosure
    road.kind.setCurrentIndex(road.kind.findData("imminent-harm"))
    assert not road.joint_covered.isVisibleTo(road) and not road.names_process_notes.isChecked()
    assert road.attested()["joint_notes_covered"] is False


def test_child_protection_for_an_adult_is_refused_and_logged(
    qtbot: QtBot, dialog: Callable[..., ShareDialog], service: VaultService, tmp_path: Path
) -> None:
    d = dialog(road="legal")
    _legal(d, "child-protection", basis="State mandated-reporting law", org=CPS, cats=("services",))
    assert not d.legal_road.warning.isVisible()
    assert "child's records only" in d.legal_road.note.text()
    check(qtbot, d)
    text = d.decision.text()
    assert text.startswith("Not allowed.")
    assert "A child-protection report may include the child's records only" in text
    assert "What would fix it: Open the child's own file" in text
    assert "(recorded in the record of sharing as D-" in text
    assert not d.save_button.isEnabled() and not list(tmp_path.glob("*.pdf"))
    assert kinds(qtbot, service) == [EntryKind.REFUSED]


def test_child_protection_for_the_child_is_written(
    qtbot: QtBot, dialog: Callable[..., ShareDialog], service: VaultService, tmp_path: Path
) -> None:
    d = dialog(client_id=CHILD, road="legal")
    _legal(d, "child-protection", basis="State mandated-reporting law", org=CPS, cats=("services",))
    check(qtbot, d, d.save_button.isEnabled)
    out = tmp_path / "cps.pdf"
    save(qtbot, d, out)
    whole = pdf_text(out)
    assert "CHILD-SERVICE" in whole and "SERVICE-NOTE-0" not in whole
    assert kinds(qtbot, service, CHILD) == [EntryKind.LEGAL, EntryKind.WRITTEN]


def test_legal_asks_whether_the_client_was_told(
    qtbot: QtBot, dialog: Callable[..., ShareDialog], service: VaultService
) -> None:
    d = dialog(road="legal")
    _legal(d, "imminent-harm", basis="Duty to warn", org=COURT, cats=("contact",))
    d.legal_road.informed.setCurrentIndex(0)
    check(qtbot, d)
    assert "Say whether the client was told" in d.decision.text()
    d.legal_road.informed.setCurrentIndex(d.legal_road.informed.findData(False))
    assert d.legal_road.not_informed.isEnabled()
    check(qtbot, d)
    assert "Record why the client was not told" in d.decision.text()
    assert kinds(qtbot, service) == []


# --- under a release ---------------------------------------------------------------------------


def test_release_summary_counts_and_password(
    qtbot: QtBot, dialog: Callable[..., ShareDialog], service: VaultService, tmp_path: Path
) -> None:
    d = dialog()
    for c in ("services", "progress-notes", "documents", "contact"):
        d.categories[c].setChecked(True)
    check(qtbot, d, d.save_button.isEnabled)
    assert "Allowed by release R-1, valid until 31 January 2027." in d.decision.text()
    assert "Nothing is sent or recorded yet" in d.decision.text()  # checking is not deciding
    text = d.summary.text()
    assert (
        "about this client only: 3 services, 2 signed progress notes, 1 document; "
        "contact details; nothing else."
    ) in text
    assert "Joint note N-" in text and "has not consented" in text
    assert "may share it further" in text and "an emailed file can be forwarded" in text
    out = tmp_path / "parole.pdf"
    d.password.setText("heron lamp")
    d.password_again.setText("heron lamb")
    d.save(out)
    assert d.message.text() == PASSWORDS_DIFFER
    assert not out.exists() and d.save_button.isEnabled()  # nothing written; still allowed
    d.password_again.setText("heron lamp")
    save(qtbot, d, out)
    whole = pdf_text(out, "heron lamp")
    assert "SERVICE-NOTE-1" in whole and "SIGNED-NOTE-1" in whole
    assert d.password.text() == "" and d.password_again.text() == ""
    assert kinds(qtbot, service) == [EntryKind.GRANTED, EntryKind.WRITTEN]


def test_refusal_lists_each_reason_with_its_fix(
    qtbot: QtBot, dialog: Callable[..., ShareDialog], service: VaultService
) -> None:
    d = dialog()
    d.categories["services"].setChecked(True)
    d.categories["attendance"].setChecked(True)
    qtbot.waitUntil(lambda: d.release_road.release.count() == 3)  # "the one that fits" + 2
    d.release_road.release.setCurrentIndex(d.release_road.release.findData(2))
    assert "expired" in d.release_road.release.currentText()
    check(qtbot, d)
    text = d.decision.text()
    assert "Release R-2 expired on 2026-10-31." in text
    assert "What would fix it: Ask the client to sign a new release." in text
    assert "Release R-2 does not cover attendance." in text
    assert "or send less" in text
    assert "(recorded in the record of sharing as D-" in text
    assert not d.save_button.isEnabled()
    choose_org(d.recipient, COURT)  # no release at all for this one
    assert d.release_road.release.count() == 1
    check(qtbot, d)
    assert "There is no release from this client naming Family Court." in d.decision.text()
    assert "if they do, enter the release they sign" in d.decision.text()
    assert kinds(qtbot, service) == [EntryKind.REFUSED, EntryKind.REFUSED]


def test_nothing_chosen_asks_before_checking(
    qtbot: QtBot, dialog: Callable[..., ShareDialog], service: VaultService
) -> None:
    d = dialog()
    d.check()
    assert d.decision.text() == "Choose a recipient and at least one kind of information."
    assert kinds(qtbot, service) == []


def test_a_change_after_the_check_voids_the_decision(
    qtbot: QtBot, dialog: Callable[..., ShareDialog]
) -> None:
    d = dialog()
    d.categories["services"].setChecked(True)
    check(qtbot, d, d.save_button.isEnabled)
    d.categories["contact"].setChecked(True)
    assert d.grant is None and not d.save_button.isEnabled() and not d.before.isVisible()
    assert "Press Check again" in d.decision.text()


def test_each_road_is_as_tall_as_itself(qtbot: QtBot, dialog: Callable[..., ShareDialog]) -> None:
    """A road shorter than the legal one had the legal road's height below it, blank,
    or its rows spread over that height (the stack was as tall as its tallest page)."""
    d = dialog()
    view = d.stack.parentWidget()
    assert view is not None
    for road in ("release", "own-copy", "legal", "release"):
        d.choose_road(road)
        QApplication.processEvents()
        page = d.roads[road]
        need = (
            page.heightForWidth(page.width())
            if page.hasHeightForWidth()
            else page.sizeHint().height()
        )
        assert d.stack.height() <= max(view.height(), need) + 1, (road, d.stack.height(), need)


def test_each_step_shows_only_its_own_answer(
    qtbot: QtBot, dialog: Callable[..., ShareDialog]
) -> None:
    """The state is explicit, and what is on screen follows from it alone: a refusal, a
    grant or a saved answer never stays up once the choices it was about change."""
    d = dialog()
    assert step_of(d) is Step.READY and not d.save_button.isEnabled()
    choose_org(d.recipient, COURT)  # no release names this one: refused
    d.categories["services"].setChecked(True)
    check(qtbot, d)
    assert step_of(d) is Step.REFUSED and "no release" in d.decision.text()
    d.categories["contact"].setChecked(True)
    assert step_of(d) is Step.CHANGED and d.decision.text() == CHANGED  # the refusal is gone
    assert d.check_button.isEnabled() and d.check_button.isDefault()
    choose_org(d.recipient, PAROLE)
    check(qtbot, d, d.save_button.isEnabled)
    assert step_of(d) is Step.ALLOWED and d.before.isVisible() and d.summary.text()
    assert d._lapse.isActive() and d.save_button.isDefault()
    d.categories["contact"].setChecked(False)
    assert step_of(d) is Step.CHANGED and d.grant is None and not d._lapse.isActive()
    assert not d.before.isVisible() and d.summary.text() == "" and d.decision.text() == CHANGED
    d.reject()
    assert step_of(d) is Step.CLOSED and d.decision.text() == "" and d.grant is None


def test_a_lapsed_decision_says_so_and_can_be_checked_again(
    qtbot: QtBot,
    dialog: Callable[..., ShareDialog],
    service: VaultService,
    clock: FixedClock,
    tmp_path: Path,
) -> None:
    d = dialog()
    d.categories["services"].setChecked(True)
    check(qtbot, d, d.save_button.isEnabled)
    clock.advance(timedelta(minutes=16))
    out = tmp_path / "late.pdf"
    d.save(out)
    qtbot.waitUntil(lambda: d.decision.text() == LAPSED, timeout=10_000)
    assert not out.exists() and not d.save_button.isEnabled() and d.check_button.isEnabled()
    check(qtbot, d, d.save_button.isEnabled)
    save(qtbot, d, out)
    assert out.is_file()
    # the dialog's own timer says so too, before the user even tries
    check(qtbot, d, d.save_button.isEnabled)
    assert d._lapse.isActive() and d._lapse.interval() == 15 * 60 * 1000
    d._lapse.timeout.emit()
    assert d.decision.text() == LAPSED and d.grant is None and not d.save_button.isEnabled()


def test_a_wrong_place_keeps_the_decision(
    qtbot: QtBot, dialog: Callable[..., ShareDialog], service: VaultService, tmp_path: Path
) -> None:
    d = dialog()
    d.categories["services"].setChecked(True)
    check(qtbot, d, d.save_button.isEnabled)
    d.save(tmp_path / "no-such-folder" / "x.pdf")
    qtbot.waitUntil(lambda: "does not exist" in d.message.text(), timeout=10_000)
    assert d.save_button.isEnabled()
    save(qtbot, d, tmp_path / "x.pdf")
    assert kinds(qtbot, service) == [EntryKind.GRANTED, EntryKind.WRITTEN]


def test_closing_forgets_everything(qtbot: QtBot, dialog: Callable[..., ShareDialog]) -> None:
    d = dialog()
    assert "Amina Diallo" in d.client.text() and "Amina" not in d.windowTitle()
    d.categories["services"].setChecked(True)
    check(qtbot, d, d.save_button.isEnabled)
    d.password.setText("heron lamp")
    d.reject()
    assert d.grant is None and d.password.text() == "" and d.client.text() == ""
    assert d.summary.text() == "" and d.decision.text() == ""
    assert d.own_road.notes.count() == 0


def test_fix_hints_and_dates_in_words() -> None:
    assert summary.date_in_words(date(2027, 1, 31)) == "31 January 2027"
    assert summary.fix_for(
        "Release R-3 has no signed form in the vault and no record that the "
        "signed original is on file."
    ) == (
        "Attach the scanned signed form to the release, or record that the signed original is "
        "on file."
    )
    assert summary.fix_for("Release R-3 was revoked on 2026-11-01 (by phone).") is not None
    assert summary.fix_for("Something nobody foresaw.") is None


def test_keyboard_and_screen_readers(qtbot: QtBot, dialog: Callable[..., ShareDialog]) -> None:
    d = dialog()
    d.activateWindow()
    qtbot.waitUntil(d.isActiveWindow)
    d.road_buttons["release"].setFocus()
    qtbot.waitUntil(lambda: d.focusWidget() is d.road_buttons["release"])
    qtbot.keyClick(d.windowHandle(), Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)  # &own copy
    qtbot.waitUntil(lambda: d.road is d.own_road and d.own_road.isVisible())  # animated click
    qtbot.keyClick(d.windowHandle(), Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)  # by &law
    qtbot.waitUntil(lambda: d.road is d.legal_road)
    assert d.check_button.nextInFocusChain() is d.password
    assert d.password_again.nextInFocusChain() is d.save_button
    for radio in d.road_buttons.values():
        assert radio.accessibleName() and "&" not in radio.accessibleName()
    for label in (d.client, d.decision, d.summary):
        assert label.textFormat() == Qt.TextFormat.PlainText  # names are data, not markup


def test_locking_closes_the_dialog_and_forgets_it(qtbot: QtBot, window: MainWindow) -> None:
    from tests.ui.helpers import open_client, unlocked

    unlocked(qtbot, window)
    open_client(qtbot, window, AMINA)
    d = window.clients.share()
    qtbot.addWidget(d)
    d.show()
    qtbot.waitUntil(lambda: "Amina Diallo" in d.client.text(), timeout=10_000)
    d.password.setText("heron lamp")
    window.lock()
    qtbot.waitUntil(lambda: not d.isVisible())
    assert d.client.text() == "" and d.password.text() == "" and d.grant is None


def test_closed_before_the_details_arrive_shows_nothing_later(
    qtbot: QtBot, window: MainWindow
) -> None:
    from safefile.ui.share.dialog import ShareDialog
    from tests.ui.helpers import unlocked

    unlocked(qtbot, window)
    dialog = ShareDialog(window.service, 1)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reject()  # before the vault's thread answered with the client's details
    done: list[object] = []
    window.service.submit(lambda w: None, done.append)  # runs after the details job
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    assert "Amina" not in dialog.client.text()


@pytest.mark.parametrize(
    ("category", "answer"), [("services", "Allowed"), ("attendance", "Not allowed")]
)
def test_an_answer_does_not_stay_up_after_the_choices_change(
    qtbot: QtBot, dialog: Callable[..., ShareDialog], category: str, answer: str
) -> None:
    d = dialog()
    d.categories[category].setChecked(True)
    check(qtbot, d, lambda: answer in d.decision.text())
    d.choose_road("own-copy")
    assert answer not in d.decision.text() and "Check again" in d.decision.text()


def test_a_change_on_another_road_keeps_the_answer(
    qtbot: QtBot, dialog: Callable[..., ShareDialog]
) -> None:
    """Only the road the user is on decides; the others fill in their lists as they arrive."""
    d = dialog()
    d.categories["services"].setChecked(True)
    check(qtbot, d, d.save_button.isEnabled)
    d.legal_road.recipient.setCurrentIndex(1)  # as when its list of organisations arrives
    d.own_road.withhold.setChecked(True)
    assert d.save_button.isEnabled() and "Allowed by release" in d.decision.text()
    d.categories["contact"].setChecked(True)  # a change on this road still voids it
    assert not d.save_button.isEnabled() and "Check again" in d.decision.text()


def test_append_the_signed_release_is_offered_for_a_release(
    qtbot: QtBot, dialog: Callable[..., ShareDialog], service: VaultService, tmp_path: Path
) -> None:
    d = dialog()
    d.categories["services"].setChecked(True)
    check(qtbot, d, d.save_button.isEnabled)
    assert not d.append_release.isHidden() and not d.append_release.isChecked()
    d.append_release.setChecked(True)
    out = tmp_path / "with-release.pdf"
    d.save(out)  # this release has only its paper original on file: nothing to append
    qtbot.waitUntil(lambda: "cannot be appended" in d.message.text(), timeout=20_000)
    assert not out.exists() and d.save_button.isEnabled()  # the grant is still good
    d.append_release.setChecked(False)
    save(qtbot, d, out)
    assert kinds(qtbot, service) == [EntryKind.GRANTED, EntryKind.WRITTEN]


def test_own_copy_road_by_keyboard(qtbot: QtBot, dialog: Callable[..., ShareDialog]) -> None:
    """Alt+T goes to the request, Alt+R records one: each letter names one thing."""
    d = dialog(road="own-copy")
    qtbot.keyClick(d, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: d.focusWidget() is d.own_road.request, timeout=3000)
    pressed: list[bool] = []
    d.own_road.record_button.clicked.connect(lambda: pressed.append(True))
    qtbot.keyClick(d, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: bool(pressed), timeout=3000)
