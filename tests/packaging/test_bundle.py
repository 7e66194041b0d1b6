"""The Linux bundle, built from a clean copy of this checkout with scripts/package, works
with no Python environment anywhere: the command line (--version, init, check, an export
through the gate and a refusal), the app's first-start window, install.sh and uninstall.sh.
And it keeps the guarantees: nothing written in the install folder, no temp files left,
no client name in anything it leaves in the user's folders.

Slow (about 4 minutes on two cores, most of it PyInstaller): set SAFEFILE_BUNDLE_TARBALL
to a tarball scripts/package made to try the checks without building again.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
import time
import tomllib
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from safefile import APP_ID

# One worker builds the bundle once and runs every test on it (scripts/test runs the
# suite with pytest-xdist, ``--dist loadgroup``); tests/conftest.py starts it first.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("bundle")]

ROOT = Path(__file__).resolve().parents[2]
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
PASS = "amber kettle violin harbour\n"
CLIENT = "Amina Zebrafinch-Diallo"  # a name to look for where it must never be


def clean_copy(dest: Path) -> None:
    """The files git tracks (or would track): no .venv, build/, dist/ or caches."""
    names = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for raw in filter(None, names):
        src = ROOT / os.fsdecode(raw)
        if src.is_file():
            (dest / os.fsdecode(raw)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / os.fsdecode(raw))


def build_env() -> dict[str, str]:
    """The caller's environment without the test's virtual environment."""
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env["PATH"] = os.pathsep.join(
        p for p in env.get("PATH", "").split(os.pathsep) if ".venv" not in p
    )
    env["SAFEFILE_TARBALL_GZIP_LEVEL"] = "1"  # unpacked at once: speed over size
    return env


def built_once(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Fail, before building, a second worker of this run that would build the bundle
    again: its tests must stay on one worker (``xdist_group``, ``--dist loadgroup``).
    pytest 9.2 silently broke that grouping with pytest-xdist 3.8 (its issue 1386), and
    the suite then built the bundle twice; requirements/constraints.txt holds pytest at
    9.1.1. The workers' temporary folders share this run's own parent."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker is None:  # one process: a module fixture runs once
        return
    claim = tmp_path_factory.getbasetemp().parent / "bundle-built-by"
    try:
        with claim.open("x", encoding="utf-8") as f:
            f.write(worker)
    except FileExistsError:
        pytest.fail(
            f"{claim.read_text('utf-8')} builds the bundle already: its tests were spread "
            f"over workers ({worker} too). Run them with --dist loadgroup, with the pytest "
            "and pytest-xdist of requirements/constraints.txt."
        )


@pytest.fixture(scope="module")
def tarball(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("SAFEFILE_BUNDLE_TARBALL")
    if given:
        return Path(given)
    built_once(tmp_path_factory)
    work = tmp_path_factory.mktemp("checkout")
    clean_copy(work)
    started = time.monotonic()
    r = subprocess.run(
        ["bash", "scripts/package"],
        cwd=work,
        env=build_env(),
        capture_output=True,
        text=True,
        timeout=1500,
    )
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    print(f"scripts/package took {time.monotonic() - started:.0f} s")
    built = work / "dist" / f"safefile-{VERSION}-linux-{os.uname().machine}.tar.gz"
    out = tmp_path_factory.mktemp("out") / built.name
    shutil.move(built, out)
    shutil.rmtree(work)  # the build environment is gone before the bundle runs
    return out


@pytest.fixture(scope="module")
def unpacked(tarball: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("unpacked")
    with tarfile.open(tarball) as tar:
        tar.extractall(dest, filter="tar")
    return dest / f"safefile-{VERSION}"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    (tmp_path / "home").mkdir()
    (tmp_path / "tmp").mkdir()
    return tmp_path / "home"


def bare_env(home: Path, **extra: str) -> dict[str, str]:
    """No Python on the path but the system's, no virtual environment, a fresh home."""
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "TMPDIR": str(home.parent / "tmp"),
        "LANG": "C.UTF-8",
        "SAFEFILE_TEST_FAST_KDF": "1",  # RFC 9106's floor instead of a 1 s calibration
        **extra,
    }


def tree_state(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(folder)): (p.lstat().st_size, p.lstat().st_mtime_ns)
        for p in folder.rglob("*")
    }


def test_bundle_holds_what_ships(unpacked: Path) -> None:
    internal = unpacked / "lib" / "safefile" / "_internal"
    res = internal / "safefile" / "resources"
    for rel in (
        "common-passwords.txt",
        "minimum_necessary.json",
        "service_types.json",
        "fonts/NotoSans-Regular.ttf",
        "fonts/LICENSE-Noto.txt",
        "fonts/LICENSE-DroidSansFallback.txt",
        f"icons/{APP_ID}.svg",
        f"icons/{APP_ID}-256.png",
    ):
        assert (res / rel).is_file(), rel
    assert list(internal.glob("sqlcipher3/_sqlite3*.so"))
    assert list(internal.glob(f"safefile-{VERSION}.dist-info"))
    assert (unpacked / "share" / "applications" / f"{APP_ID}.desktop").is_file()
    assert (unpacked / "share/icons/hicolor/48x48/apps" / f"{APP_ID}.png").is_file()
    assert not list(internal.rglob("*.py")), "sources instead of compiled modules"


def test_command_line_without_python(unpacked: Path, home: Path, tmp_path: Path) -> None:
    exe = unpacked / "bin" / "safefile"
    before = tree_state(unpacked)
    env = bare_env(home)

    def run(*args: str, stdin: str = PASS) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(exe), *args], input=stdin, capture_output=True, text=True, env=env, timeout=120
        )

    r = run("--version", stdin="")
    assert r.returncode == 0 and r.stdout.startswith(f"safefile {VERSION} (SQLCipher 4."), r
    v = str(tmp_path / "office.safefile")
    r = run("init", v, "--passphrase-stdin", "--no-recovery-key", "--practitioner", "Test Advocate")
    assert r.returncode == 0, r.stderr
    r = run("check", v, "--passphrase-stdin")
    assert r.returncode == 0, r.stderr
    today = date.today()
    for args in (
        ("client", "add", v, "--name", CLIENT),
        ("org", "add", v, "--name", "Division of Parole"),
        ("service", "add", v, "--client", "1", "--date", str(today - timedelta(days=3)))
        + ("--type", "Intake"),
    ):
        r = run(*args, "--passphrase-stdin")
        assert r.returncode == 0, (args, r.stderr)
    release = [
        "release",
        "add",
        v,
        "--client",
        "1",
        "--recipient",
        "1",
        "--categories",
        "services",
        "--purpose",
        "Parole compliance",
        "--signed-on",
        str(today - timedelta(days=2)),
        "--expires",
        str(today + timedelta(days=60)),
        "--original-on-file",
        "--original-reason",
        "signed at a home visit",
        "--told",
        "revoke,not-conditioned,redisclosure,limits,risks",
    ]
    r = run(*release, "--passphrase-stdin")
    assert r.returncode == 0, r.stderr
    pdf = tmp_path / "to-parole.pdf"
    export = ["export", v, "--client", "1", "--recipient", "1", "--purpose", "Parole compliance"]
    r = run(*export, "--categories", "services", "--to", str(pdf), "--passphrase-stdin")
    assert r.returncode == 0, r.stderr
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert run("verify-export", v, str(pdf), "--passphrase-stdin").returncode == 0
    refused = tmp_path / "refused.pdf"
    r = run(*export, "--categories", "contact", "--to", str(refused), "--passphrase-stdin")
    assert r.returncode == 3 and "does not cover contact" in r.stderr
    assert not refused.exists()
    assert run("check", v, "--passphrase-stdin").returncode == 0

    # The guarantees: nothing written into the install folder, nothing left in TMPDIR, and
    # no client name in anything the program left in the user's folders.
    assert tree_state(unpacked) == before
    assert not list((home.parent / "tmp").iterdir())
    for f in home.rglob("*"):
        if f.is_file():
            assert CLIENT.encode() not in f.read_bytes(), f


def window_shown(exe: Path, env: dict[str, str], seconds: float = 60) -> tuple[bool, float]:
    """Start the app under Xvfb; True once a top-level window named SafeFile is mapped."""
    script = (
        f'"{exe}" & pid=$!; start=$(date +%s%N); '
        f"for i in $(seq 1 {int(seconds * 10)}); do "
        "  if xwininfo -root -tree | grep -q '\"SafeFile\"'; then "
        '    echo "shown $(( ($(date +%s%N) - start) / 1000000 ))"; break; fi; '
        "  kill -0 $pid 2>/dev/null || { echo died; break; }; sleep 0.1; done; "
        "kill $pid 2>/dev/null; wait $pid 2>/dev/null; true"
    )
    r = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1366x768x24", "bash", "-c", script],
        capture_output=True,
        text=True,
        env=env,
        timeout=seconds + 60,
    )
    words = r.stdout.split()
    if "shown" in words:
        return True, int(words[words.index("shown") + 1]) / 1000
    return False, 0.0


def test_app_starts_and_shows_first_start(unpacked: Path, home: Path) -> None:
    exe = unpacked / "bin" / "safefile"
    env = bare_env(home)
    if shutil.which("xvfb-run") and shutil.which("xwininfo"):
        shown, seconds = window_shown(exe, env)
        assert shown, "no SafeFile window appeared under Xvfb"
        print(f"first-start window after {seconds:.1f} s")
    else:
        if os.environ.get("CI"):
            pytest.fail("xvfb-run and xwininfo are installed by scripts/system-packages --test")
        proc = subprocess.Popen(
            [str(exe)], env={**env, "QT_QPA_PLATFORM": "offscreen"}, stderr=subprocess.PIPE
        )
        time.sleep(10)
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        proc.terminate()
        proc.wait(30)
    log = home / ".local" / "state" / "SafeFile" / "safefile.log"
    assert log.is_file() and "unexpected" not in log.read_text("utf-8")
    # First start creates no vault until the user chooses a passphrase.
    assert not (home / ".local" / "share" / "SafeFile" / "vault.safefile").exists()


@pytest.fixture
def installed(unpacked: Path, home: Path) -> Iterator[dict[str, str]]:
    env = bare_env(home)
    r = subprocess.run(
        ["bash", str(unpacked / "install.sh")], capture_output=True, text=True, env=env
    )
    assert r.returncode == 0, r.stderr
    yield env


def test_install_and_uninstall_leave_vaults_alone(installed: dict[str, str], home: Path) -> None:
    local = home / ".local"
    entry = local / "share" / "applications" / f"{APP_ID}.desktop"
    assert f"Exec={local}/bin/safefile" in entry.read_text("utf-8")
    for size in (16, 48, 256):
        assert (local / f"share/icons/hicolor/{size}x{size}/apps/{APP_ID}.png").is_file()
    assert (local / f"share/icons/hicolor/scalable/apps/{APP_ID}.svg").is_file()
    if shutil.which("desktop-file-validate"):
        r = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True)
        assert r.returncode == 0 and not r.stdout.strip(), r.stdout
    r = subprocess.run(
        [str(local / "bin" / "safefile"), "--version"],
        capture_output=True,
        text=True,
        env=installed,
    )
    assert r.returncode == 0 and VERSION in r.stdout

    # A vault and a backup in the default places, and the settings, must survive uninstall.
    vault = local / "share" / "SafeFile" / "vault.safefile"
    vault.mkdir(parents=True)
    (vault / "vault.json").write_text("{}")
    backup = home / "backups" / "monday.sfbackup"
    backup.parent.mkdir()
    backup.write_bytes(b"x")
    r = subprocess.run(
        [str(local / "lib" / "safefile" / "uninstall.sh")],
        capture_output=True,
        text=True,
        env=installed,
    )
    assert r.returncode == 0, r.stderr
    assert not (local / "lib" / "safefile").exists()
    assert not (local / "bin" / "safefile").exists()
    assert not entry.exists()
    assert not list((local / "share" / "icons").rglob(f"{APP_ID}.*"))
    assert (vault / "vault.json").read_text() == "{}" and backup.read_bytes() == b"x"
