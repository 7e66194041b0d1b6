"""The settings window, the lock time it sets, and this user's text size and contrast."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from safefile import settings
from safefile.records import services
from safefile.store.vault import Vault
from safefile.ui import appearance
from safefile.ui.main_window import MainWindow
from safefile.ui.settings.dialog import SettingsDialog
from tests.conftest import PASSPHRASE
from tests.ui.helpers import run_job, unlocked

pytestmark = pytest.mark.usefixtures("qapp")


@pytest.fixture(autouse=True)
def _default_look_afterwards(qapp: QApplication) -> Iterator[None]:
    yield
    appearance.apply(qapp, appearance.Appearance())  # other tests share the application


@pytest.fixture
def three_minutes(made: Path) -> Path:
    with Vault.open(made, passphrase=PASSPHRASE) as v:
        settings.save(v, {"program_name": "Harbour Advocacy", "idle_minutes": 3})
    return made


def shown(dialog: SettingsDialog) -> str:
    """The seal's words as one line (the fingerprint is set out eight groups a line)."""
    return " ".join(dialog.seal_fingerprint.text().split())


def _dialog(qtbot: QtBot, w: MainWindow) -> SettingsDialog:
    dialog = w.settings_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.is_loaded, timeout=10_000)
    return dialog


def test_lock_time_from_settings_is_applied(qtbot: QtBot, three_minutes: Path) -> None:
    w = MainWindow(three_minutes, idle_ms=60_000)
    qtbot.addWidget(w)
    w.show()
    unlocked(qtbot, w)
    qtbot.waitUntil(lambda: w.idle.timer.interval() == 180_000, timeout=10_000)
    assert w.idle.timer.isActive()
    dialog = _dialog(qtbot, w)
    assert dialog.idle_minutes.value() == 3 and dialog.program.text() == "Harbour Advocacy"
    dialog.idle_minutes.setValue(1)
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert w.idle.timer.interval() == 60_000 and w.idle.timer.isActive()
    assert run_job(qtbot, w, lambda wk: settings.load(wk.require()).idle_minutes) == 1
    w.close()


def test_without_a_chosen_lock_time_the_default_stays(qtbot: QtBot, window: MainWindow) -> None:
    unlocked(qtbot, window)
    run_job(qtbot, window, lambda wk: settings.load(wk.require()))  # after the lock-time job
    assert window.idle.timer.interval() == 60_000


def test_bad_settings_show_the_message_and_change_nothing(
    qtbot: QtBot, three_minutes: Path
) -> None:
    w = MainWindow(three_minutes)
    qtbot.addWidget(w)
    unlocked(qtbot, w)
    dialog = _dialog(qtbot, w)
    dialog.program.clear()
    dialog.retention_months.setValue(24)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "fill in the program's name" in dialog.message.text(), timeout=10_000)
    assert dialog.isVisible() and dialog.save_button.isEnabled()
    stored = run_job(qtbot, w, lambda wk: settings.load(wk.require()))
    assert stored.program_name == "Harbour Advocacy" and stored.retention_months == 12
    w.close()


def test_service_types_added_and_taken_out_of_use(qtbot: QtBot, window: MainWindow) -> None:
    unlocked(qtbot, window)
    dialog = _dialog(qtbot, window)
    before = dialog.types.count()
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)  # nothing typed
    qtbot.waitUntil(
        lambda: "fill in the name of the service type" in dialog.message.text(), timeout=10_000
    )
    qtbot.keyClicks(dialog.new_type, "Legal clinic")
    qtbot.keyClick(dialog.new_type, Qt.Key.Key_Return)  # no PMT category chosen: asked for
    qtbot.waitUntil(lambda: "PMT category" in dialog.message.text(), timeout=10_000)
    assert dialog.types.count() == before
    dialog.new_type_pmt.setCurrentIndex(dialog.new_type_pmt.findData("E11"))
    qtbot.keyClick(dialog.new_type, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.types.count() == before + 1, timeout=10_000)
    assert dialog.message.text() == "" and dialog.isVisible()  # Enter added; it did not save
    row = next(i for i in range(dialog.types.count()) if dialog.types.item(i).text() == "Intake")
    dialog.types.setCurrentRow(row)
    assert dialog.retire_button.isEnabled()
    qtbot.mouseClick(dialog.retire_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.types.count() == before, timeout=10_000)
    types = run_job(qtbot, window, lambda wk: services.service_types(wk.require()))
    assert "Legal clinic" in types and "Intake" not in types
    mapped = run_job(
        qtbot,
        window,
        lambda wk: (
            wk.require()
            .db.execute("SELECT sub_service FROM service_type_pmt WHERE name = 'Legal clinic'")
            .fetchone()[0]
        ),
    )
    assert mapped == "E11"
    row = next(i for i in range(dialog.types.count()) if dialog.types.item(i).text() == "Other")
    dialog.types.setCurrentRow(row)
    dialog.new_type_pmt.setCurrentIndex(dialog.new_type_pmt.findData("B8"))
    qtbot.mouseClick(dialog.map_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "counts under B8" in dialog.message.text(), timeout=10_000)


def test_text_size_and_contrast_apply_at_once_and_are_kept(
    qtbot: QtBot, window: MainWindow, qapp: QApplication
) -> None:
    unlocked(qtbot, window)
    dialog = _dialog(qtbot, window)
    dialog.text_size.setCurrentIndex(dialog.text_size.findData("larger"))
    assert qapp.font().pointSize() == 15
    dialog.high_contrast.setChecked(True)
    assert qapp.palette().color(QPalette.ColorRole.Window).name() == "#ffffff"
    assert qapp.palette().color(QPalette.ColorRole.WindowText).name() == "#000000"
    assert json.loads(appearance.prefs_file().read_text()) == {
        "text_size": "larger",
        "high_contrast": True,
    }
    assert appearance.load() == appearance.Appearance("larger", True)


def test_appearance_save_apply_reload(qapp: QApplication) -> None:
    assert appearance.load() == appearance.Appearance()  # nothing saved yet
    appearance.save(appearance.Appearance("large", True))
    assert appearance.prefs_file().stat().st_mode & 0o077 == 0
    prefs = appearance.apply(qapp)
    assert prefs == appearance.Appearance("large", True)
    assert qapp.font().pointSize() == 13
    palette = qapp.palette()
    assert palette.color(QPalette.ColorRole.Highlight).name() == "#000000"
    assert palette.color(QPalette.ColorRole.HighlightedText).name() == "#ffffff"
    style = qapp.styleSheet()
    assert ":focus" in style and "QLabel#error" in style and "font-size: 21pt" in style
    appearance.apply(qapp, appearance.Appearance())
    assert qapp.font().pointSize() == 11 and ":focus" not in qapp.styleSheet()


def test_unreadable_preferences_fall_back_to_the_defaults() -> None:
    path = appearance.prefs_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    for text in ("{not json", '{"text_size": "huge"}', "[1, 2]"):
        path.write_text(text)
        assert appearance.load() == appearance.Appearance()
    with pytest.raises(Exception, match="Choose a text size"):
        appearance.save(appearance.Appearance("huge"))


def test_the_window_fits_a_small_screen_in_larger_text(
    qtbot: QtBot, window: MainWindow, qapp: QApplication
) -> None:
    appearance.apply(qapp, appearance.Appearance("larger", True))
    unlocked(qtbot, window)
    dialog = _dialog(qtbot, window)
    assert dialog.minimumSizeHint().width() <= 1366 and dialog.minimumSizeHint().height() <= 740
    hint = window.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 740


def test_lock_time_changes_without_a_program_name(qtbot: QtBot, window: MainWindow) -> None:
    """A vault whose setup never named the program can still change its lock time."""
    unlocked(qtbot, window)
    dialog = _dialog(qtbot, window)
    assert dialog.program.text() == ""
    dialog.idle_minutes.setValue(9)
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.save()
    assert run_job(qtbot, window, lambda w: settings.load(w.require())).idle_minutes == 9
    assert window.idle.timer.interval() == 9 * 60_000


def test_settings_shows_the_seal_renews_it_and_prints_the_card(
    qtbot: QtBot, three_minutes: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from safefile.export import seal

    w = MainWindow(three_minutes)
    qtbot.addWidget(w)
    unlocked(qtbot, w)
    dialog = _dialog(qtbot, w)
    first = run_job(qtbot, w, lambda wk: seal.current(wk.require()))
    assert first is not None and first.grouped in shown(dialog)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(dialog.renew_seal_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: first.grouped not in shown(dialog), timeout=10_000)
    now = run_job(qtbot, w, lambda wk: seal.current(wk.require()))
    assert now is not None and now.grouped in shown(dialog)
    dialog.print_card_to(tmp_path / "card.pdf")
    qtbot.waitUntil(lambda: "verification card is in" in dialog.message.text(), timeout=10_000)
    assert (tmp_path / "card.cer").read_bytes() == now.cert_der
    assert dialog.findChild(type(dialog.renew_seal_button), "printSealCardButton") is not None
    w.close()


def _ca_pair(tmp_path: Path) -> tuple[Path, Path]:
    """A certificate issued by a test certificate authority (PEM, with the CA after it) and
    its private key, as a program gets them."""
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    def pair(
        cn: str, issuer_key: ec.EllipticCurvePrivateKey | None = None
    ) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])
        now = dt.datetime.now(dt.UTC)
        is_ca = issuer_key is None
        usage = x509.KeyUsage(True, False, False, False, False, is_ca, False, False, False)
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test CA")]))
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=365))
            .add_extension(x509.BasicConstraints(ca=is_ca, path_length=None), True)
            .add_extension(usage, True)
            .sign(issuer_key or key, hashes.SHA256())
        )
        return key, cert

    ca_key, ca = pair("Test CA")
    key, cert = pair("Harbour Reentry Program", ca_key)
    pem = serialization.Encoding.PEM
    (tmp_path / "c.pem").write_bytes(cert.public_bytes(pem) + ca.public_bytes(pem))
    (tmp_path / "k.pem").write_bytes(
        key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return tmp_path / "c.pem", tmp_path / "k.pem"


def test_import_a_certificate_as_the_seal_by_mouse(
    qtbot: QtBot, three_minutes: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Import a certificate…: the user picks the certificate, then its key; the seal is the
    imported one, its fingerprint shown (the key file picked first is refused, unchanged)."""
    from PySide6.QtWidgets import QFileDialog

    from safefile.export import seal

    cert, key = _ca_pair(tmp_path)
    w = MainWindow(three_minutes)
    qtbot.addWidget(w)
    unlocked(qtbot, w)
    dialog = _dialog(qtbot, w)
    first = run_job(qtbot, w, lambda wk: seal.current(wk.require()))
    assert first is not None
    picks = iter([str(key), str(key), str(cert), str(key)])
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (next(picks), ""))
    qtbot.mouseClick(dialog.import_seal_button, Qt.MouseButton.LeftButton)  # the key twice
    qtbot.waitUntil(lambda: "not a certificate" in dialog.message.text(), timeout=10_000)
    assert run_job(qtbot, w, lambda wk: seal.current(wk.require())) == first
    qtbot.mouseClick(dialog.import_seal_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "is now the program's seal" in dialog.message.text(), timeout=10_000)
    now = run_job(qtbot, w, lambda wk: seal.current(wk.require()))
    assert now is not None and now.source == "imported"
    assert now.grouped in shown(dialog)
    w.close()


def test_settings_adds_a_program_category(qtbot: QtBot, window: MainWindow) -> None:
    """Settings › Categories of information: the substance-use category is listed, a new
    one is added through the core, and a bad one says why and adds nothing."""
    from safefile.records import program_categories

    unlocked(qtbot, window)
    dialog = _dialog(qtbot, window)
    box = dialog.categories
    qtbot.waitUntil(lambda: box.list.count() == 1, timeout=10_000)
    assert box.list.item(0).text().startswith("Substance use: substance use disorder records")
    box.name.setText("Documents")
    box.covers.setText("x")
    qtbot.mouseClick(box.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "SafeFile's own categories" in box.message.text(), timeout=10_000)
    box.name.setText("HIV status")
    box.covers.setText("HIV test results")
    box.alone.setChecked(True)
    box.notice.setPlainText("Do not redisclose.")
    with qtbot.waitSignal(box.added, timeout=10_000) as got:
        qtbot.mouseClick(box.add_button, Qt.MouseButton.LeftButton)
    assert got.args == ["hiv-status"] and box.message.text() == ""
    assert box.list.item(0).text() == (
        "HIV status: HIV test results (sent alone, under a release naming it alone)"
    )
    made = run_job(qtbot, window, lambda wk: program_categories.list_categories(wk.require()))
    assert [(c.code, c.alone, c.notice) for c in made] == [
        ("hiv-status", True, "Do not redisclose."),
        (
            "substance-use",
            False,
            "42 CFR part 2 prohibits unauthorized use or disclosure of these records.",
        ),
    ]
