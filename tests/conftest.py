"""Fixtures every test shares: a real vault in a temp folder, a clock tests can set,
and the command line run in-process or as a real subprocess."""

from __future__ import annotations

import contextlib
import ctypes
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

import pytest

from safefile.clock import FixedClock
from safefile.fsutil import private_mkdir
from safefile.store import header, keys
from safefile.store.keyring import unwrap_data_key
from safefile.store.layout import HEADER_FILE
from safefile.store.vault import Vault

# Real Argon2id at RFC 9106's recommended floor (64 MiB, 3 passes, 4 lanes):
# the product calibrates to ~1 s at creation; tests skip only that calibration.
os.environ["SAFEFILE_TEST_FAST_KDF"] = "1"
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _keep_freed_memory() -> None:
    """Each derivation asks for 64 MiB. glibc serves a block that large with a fresh
    ``mmap``, every page of which the kernel must fault in and zero, and unmaps it when
    freed: a quarter of a derivation's CPU, and the suite makes some 2,500. Test
    processes (this one by ``mallopt``, those it starts by glibc's variables) keep freed
    memory for the next derivation instead. Argon2 runs whole, with the same parameters
    and the same result; only where its memory comes from changes. The product keeps
    glibc's default on purpose: its derivation's memory goes back to the kernel."""
    mmap_threshold, trim_threshold = 256 << 20, 512 << 20
    os.environ.setdefault("MALLOC_MMAP_THRESHOLD_", str(mmap_threshold))
    os.environ.setdefault("MALLOC_TRIM_THRESHOLD_", str(trim_threshold))
    with contextlib.suppress(OSError, AttributeError):  # not glibc: the default stays
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-3, mmap_threshold)  # M_MMAP_THRESHOLD
        libc.mallopt(-1, trim_threshold)  # M_TRIM_THRESHOLD


_keep_freed_memory()

PASSPHRASE = "amber kettle violin harbour"
OTHER_PASSPHRASE = "quiet lantern mosaic orchard"
S = PASSPHRASE + "\n"  # a passphrase as --passphrase-stdin reads it
# `init` options that set the practitioner: commands that sign or record need one.
PRACTITIONER = ("--practitioner", "Test Advocate")
MARKER = "ZEBRA-MARKER-7f3c9a"  # a string that must never be found on disk in clear


@pytest.fixture(autouse=True)
def _own_state_folder(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each test has its own user state folder (platformdirs) and SafeFile data folder, so
    what one test's vaults leave there (store/seen.py; tombstones and key-derivation
    records, keyed by vault id) never reaches another test or the user's own. Per test,
    not per session: vaults copied from one template (``templates``) share an id."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path_factory.mktemp("state")))
    monkeypatch.setenv("SAFEFILE_DATA_DIR", str(tmp_path_factory.mktemp("safefile-data")))


@pytest.fixture(autouse=True)
def _closed_widgets_gone_before_the_next_test(request: pytest.FixtureRequest) -> Iterator[None]:
    """pytest-qt closes a test's widgets with ``deleteLater()``, which outside an event
    loop waits for the next one to run. Until then a window closed by one test still
    answers the clipboard, the desktop's signals and its timers in the next: its
    clipboard guard emptied another guard's refused copy before that guard saw it (a
    CI failure of tests/ui/test_safety.py). Torn down after pytest-qt has closed them."""
    yield
    if "qtbot" in request.fixturenames:
        from PySide6.QtCore import QCoreApplication, QEvent

        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime.fromisoformat("2026-11-22T10:00:00").astimezone())


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    return tmp_path / "test.safefile"


@dataclass(frozen=True)
class Template:
    """A vault made once per test session by the real creation code, with what making it
    left in the user's state and data folders; ``extra``: what its maker returned."""

    folder: Path  # vaults/NAME, state/ (XDG_STATE_HOME), data/ (SAFEFILE_DATA_DIR)
    name: str  # the vault folder's name, as the test names its own
    recovery: str | None
    extra: object

    def copy_to(self, dest: Path) -> None:
        """The vault's files at ``dest`` (byte for byte, modes kept), and what making it
        left in the state and data folders, in this test's own (``_own_state_folder``)."""
        if dest.is_dir() and not any(dest.iterdir()):
            dest.rmdir()
        dest.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        shutil.copytree(self.folder / "vaults" / self.name, dest)
        for env, sub in (("XDG_STATE_HOME", "state"), ("SAFEFILE_DATA_DIR", "data")):
            if (self.folder / sub).is_dir() and os.environ.get(env):
                shutil.copytree(self.folder / sub, os.environ[env], dirs_exist_ok=True)

    def open(self, dest: Path, clock: FixedClock) -> Vault:
        """A copy at ``dest``, open as ``Vault.create`` returns a new vault: by its data
        key (unwrapped with the recovery key: no second Argon2), not yet checked."""
        assert self.recovery is not None
        self.copy_to(dest)
        hdr = header.read(dest / HEADER_FILE)
        data_key = unwrap_data_key(hdr, recovery_key=self.recovery)
        return Vault._open_with_key(dest, hdr, data_key, clock, verify=False)


class Templates:
    """Vaults made once per session (``templates`` fixture) and copied into each test
    that asks: making one costs a key derivation, the schema, every migration and a
    dozen fsyncs; a copy costs a few file copies. Copies share the vault id and data key,
    so each test has its own state and data folders (``_own_state_folder``)."""

    def __init__(self, root: Path) -> None:
        self._root = root
        self._made: dict[object, Template] = {}

    def get(
        self,
        key: object,
        make: Callable[[Path], tuple[str | None, object]],
        name: str = "test.safefile",
    ) -> Template:
        """The template for ``key`` (and ``name``); the first time, ``make(path)`` creates
        it at ``path`` (a vault folder called ``name``) and returns its recovery key and
        any ``extra``, with state and data folders of its own."""
        if (key, name) not in self._made:
            folder = self._root / f"t{len(self._made)}"
            private_mkdir(folder / "vaults")
            with pytest.MonkeyPatch.context() as mp:
                mp.setenv("XDG_STATE_HOME", str(folder / "state"))
                mp.setenv("SAFEFILE_DATA_DIR", str(folder / "data"))
                recovery, extra = make(folder / "vaults" / name)
            self._made[key, name] = Template(folder, name, recovery, extra)
        return self._made[key, name]

    def build(self, key: object, dest: Path, build: Callable[[Path], object]) -> None:
        """``dest`` as ``build(dest)`` leaves it (a vault made and filled by real commands,
        say), and the state and data folders as it leaves them: built once per ``key``
        (which holds all ``build`` depends on, the clock's time included: ``clock_key``)
        and ``dest``'s name, then copied."""

        def make(at: Path) -> tuple[str | None, object]:
            build(at)
            return None, None

        self.get(key, make, dest.name).copy_to(dest)


@pytest.fixture(scope="session")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Templates:
    return Templates(tmp_path_factory.mktemp("templates"))


def clock_key(clock: object) -> object:
    """What a template made at ``clock``'s time depends on: the time, and the zone the
    vault records; None for a clock a template cannot stand for (make the vault anew)."""
    if type(clock) is not FixedClock:
        return None
    return (clock.now().isoformat(), os.environ.get("TZ"))


def made_vault(path: Path, clock: FixedClock) -> tuple[Vault, str]:
    """``Vault.create`` as the ``new_vault`` fixture calls it."""
    vault, recovery = Vault.create(
        path, PASSPHRASE, kdf=keys.KdfParams.minimum(), clock=clock, user_name="Test Advocate"
    )
    assert recovery is not None
    return vault, recovery


def template_vault(
    templates: Templates,
    path: Path,
    clock: FixedClock,
    fill: Callable[[Vault], object] | None = None,
) -> tuple[Vault, str, object]:
    """An open vault at ``path`` as ``made_vault`` makes it, then ``fill`` run on it: a
    copy of a session's template when ``clock`` allows, else made anew. Returns the
    vault, its recovery key and what ``fill`` returned."""
    key = clock_key(clock)
    if key is None:
        vault, recovery = made_vault(path, clock)
        return vault, recovery, fill(vault) if fill else None

    def make(at: Path) -> tuple[str | None, object]:
        template_clock = FixedClock(clock.now())
        v, recovery = made_vault(at, template_clock)
        try:
            extra = fill(v) if fill else None
        finally:
            v.lock()
        return recovery, extra

    made = templates.get(("vault", key, fill), make, path.name)
    assert made.recovery is not None
    return made.open(path, clock), made.recovery, made.extra


class Built(Protocol):
    """The ``built`` fixture: ``built(dest, build) -> dest``."""

    def __call__(self, dest: Path, build: Callable[[Path], object]) -> Path: ...


@pytest.fixture
def built(templates: Templates, clock: FixedClock) -> Built:
    """``built(dest, build)``: ``dest`` as ``build(dest)`` leaves it, for a fixture that
    makes and fills a vault by real commands a test is not about. Built once per session
    (per ``build`` function, ``dest``'s name and the clock's time), copied per test."""

    def run(dest: Path, build: Callable[[Path], object]) -> Path:
        key = clock_key(clock)
        if key is None:
            build(dest)
        else:
            templates.build(("built", build.__module__, build.__qualname__, key), dest, build)
        return dest

    return run


def init_with_clients(cli: Cli, at: Path, *names: str) -> str:
    """``init`` at ``at`` (the practitioner, no recovery key), then ``client add`` for each
    of ``names`` in turn (ids 1, 2, ...): the vault most command tests start from, made by
    the real commands (inside a ``built`` fixture's build: once per session)."""
    path = str(at)
    r = cli("init", path, "--passphrase-stdin", "--no-recovery-key", *PRACTITIONER, stdin=S)
    assert r.code == 0, r.err
    for name in names:
        r = cli("client", "add", path, "--name", name, "--passphrase-stdin", stdin=S)
        assert r.code == 0, r.err
    return path


@pytest.fixture
def new_vault(
    vault_path: Path, clock: FixedClock, templates: Templates
) -> Iterator[tuple[Vault, str]]:
    """A fresh open vault and its recovery key (a copy of the session's template)."""
    vault, recovery, _ = template_vault(templates, vault_path, clock)
    try:
        yield vault, recovery
    finally:
        vault.lock()


@pytest.fixture
def vault(new_vault: tuple[Vault, str]) -> Vault:
    return new_vault[0]


@dataclass
class CliResult:
    code: int
    out: str
    err: str


class Cli(Protocol):
    """The ``cli`` fixture: run ``safefile`` in-process."""

    def __call__(self, *args: str, stdin: str = "") -> CliResult: ...


@pytest.fixture(autouse=True, scope="session")
def _data_folder_of_the_test_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """This user's SafeFile data folder (tombstones, key-derivation records) is the test
    session's own, for the processes the tests start too."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SAFEFILE_DATA_DIR", str(tmp_path_factory.mktemp("safefile-data")))
        yield


@pytest.fixture(autouse=True, scope="session")
def _cores_stay_possible_in_the_test_process() -> Iterator[None]:
    """The CLI and the app set the core limit to 0 for good (the hard limit too). Called
    in this process by a test, that would leave tests/test_process_hardening.py (which
    runs the real entry points in child processes) no limit to see taken away."""
    from safefile import fsutil

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(fsutil, "disable_core_dumps", lambda: None)
        yield


@pytest.fixture
def cli(clock: FixedClock) -> Cli:
    """Run ``safefile`` in-process: cli(*args, stdin="...") -> CliResult."""
    from safefile.cli.main import main

    def run(*args: str, stdin: str = "") -> CliResult:
        out, err = io.StringIO(), io.StringIO()
        code = main(list(args), stdin=io.StringIO(stdin), stdout=out, stderr=err, clock=clock)
        return CliResult(code, out.getvalue(), err.getvalue())

    return run


def run_safefile(*args: str, stdin: str = "", timeout: float = 120) -> CliResult:
    """Run ``safefile`` as a real process (for kill tests and end-to-end checks)."""
    proc = subprocess.run(
        [sys.executable, "-m", "safefile", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "SAFEFILE_TEST_FAST_KDF": "1"},
    )
    return CliResult(proc.returncode, proc.stdout, proc.stderr)


def all_bytes_under(path: Path) -> bytes:
    """Every byte of every file under ``path`` (database, WAL, documents, key file)."""
    return b"".join(p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file())


# Every statement a release must record as told (none is ever assumed).
ALL_TOLD = {
    "revocation": True,
    "not_conditioned": True,
    "redisclosure": True,
    "limits": True,
    "risks_discussed": True,
}
TOLD = "revoke,not-conditioned,redisclosure,limits,risks"  # the same, for `release add --told`


def release_args(vault: str | Path, *, recipient: str = "1") -> tuple[str, ...]:
    """``release add`` for client 1: attendance, signed 2026-11-01, expires 2027-01-31, the
    original on file, every statement told (add options after it)."""
    return (
        "release",
        "add",
        str(vault),
        "--client",
        "1",
        "--recipient",
        recipient,
        "--categories",
        "attendance",
        "--purpose",
        "Parole compliance",
        "--signed-on",
        "2026-11-01",
        "--expires",
        "2027-01-31",
        "--original-on-file",
        "--original-reason",
        "signed at a home visit",
        "--told",
        TOLD,
    )


def export_args(
    vault: str | Path, to: str | Path, *, purpose: str = "Parole compliance"
) -> tuple[str, ...]:
    """``export`` of client 1's attendance to organisation 1 (under ``release_args``'
    release) into ``to`` (add options after it)."""
    return (
        "export",
        str(vault),
        "--client",
        "1",
        "--recipient",
        "1",
        "--categories",
        "attendance",
        "--purpose",
        purpose,
        "--to",
        str(to),
    )


def _no_one_in_a_report(vault: Vault, dest: Path) -> None:
    """A de-identified file (a funder report, CSV or PDF) names no client: no name,
    preferred name, full date of birth or case number of any client in the vault."""
    from pypdf import PdfReader

    if dest.suffix.lower() == ".pdf":
        reader = PdfReader(dest)
        if reader.is_encrypted:
            return
        text = "\n".join(page.extract_text() for page in reader.pages)
    else:
        text = dest.read_bytes().decode("utf-8-sig")
    text = text.casefold()
    for name, alias, born, case in vault.db.execute(
        "SELECT name, alias, born, case_number FROM clients"
    ):
        for what, value in (("name", name), ("name", alias), ("case number", case)):
            if value and len(value) >= 4:
                assert str(value).casefold() not in text, f"a client's {what} in a report"
        if born and len(born) == 10:
            assert born not in text, "a client's date of birth in a report"


@pytest.fixture(autouse=True)
def no_other_client_in_any_export(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every client PDF any test exports is read back: it must not hold another client's
    name or id (docs/rules.md, "What is left out"); every de-identified file (a funder
    report, CSV or PDF) must hold no client's name, date of birth or case number.  The exporter itself runs unchanged;
    this only reads what it wrote."""
    from pypdf import PdfReader

    from safefile.consent.grants import Grant
    from safefile.consent.kinds import GrantKind
    from safefile.export import exporter

    real = exporter.write_export
    checked: list[tuple[Vault, Grant, Path]] = []

    def reading(vault: Vault, g: Grant, dest: Path, *args: object, **kw: object) -> object:
        result = real(vault, g, dest, *args, **kw)  # type: ignore[arg-type]
        if g.kind in (GrantKind.RELEASE, GrantKind.OWN_COPY, GrantKind.LEGAL):
            checked.append((vault, g, Path(dest)))
            reader = PdfReader(dest)
            if not reader.is_encrypted:
                text = "\n".join(page.extract_text() for page in reader.pages)
                others = vault.db.execute(
                    "SELECT id, name FROM clients WHERE id != ?", (g.client_id,)
                ).fetchall()
                own = str(
                    vault.db.execute(
                        "SELECT name FROM clients WHERE id = ?", (g.client_id,)
                    ).fetchone()[0]
                )
                for cid, name in others:
                    if len(name) >= 4 and name not in own:
                        assert name not in text, f"another client's name in an export: {name}"
                    assert f"client {cid}" not in text, f"another client's id in an export: {cid}"
        elif g.kind == GrantKind.DEIDENTIFIED and Path(dest).exists():
            _no_one_in_a_report(vault, Path(dest))
        return result

    monkeypatch.setattr(exporter, "write_export", reading)
    yield


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests of an xdist_group first (the bundle's build, a minute and more on two
    cores, on one worker while the others take the rest: scripts/test); else in order."""
    items.sort(key=lambda item: item.get_closest_marker("xdist_group") is None)
