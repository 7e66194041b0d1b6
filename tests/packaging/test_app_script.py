"""scripts/app: straight to the app when nothing changed (no pip), and when an update
cannot run, the app still opens if its environment holds every pinned package; otherwise a
plain message and exit 1. A copy of the script beside a stand-in environment: .venv-app
with no pip (so any update fails, as offline), seeing the test environment's packages, and
a `safefile` that only says how it was called."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    for rel in (
        "scripts/app",
        "scripts/system-packages",
        "requirements/constraints.txt",
        "pyproject.toml",
        "setup.py",
    ):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, tmp_path / rel)
    env = tmp_path / ".venv-app"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True)
    site = Path(sysconfig.get_path("purelib", vars={"base": str(env), "platbase": str(env)}))
    (site / "test-env.pth").write_text(sysconfig.get_path("purelib") + "\n")
    fake = env / "bin" / "safefile"
    fake.write_text('#!/bin/sh\necho "SAFEFILE STARTED $*"\n')
    fake.chmod(0o755)
    return tmp_path


def stamp_of(checkout: Path) -> str:
    data = b"".join(
        (checkout / rel).read_bytes()
        for rel in ("requirements/constraints.txt", "pyproject.toml", "setup.py")
    )
    return hashlib.sha256(data).hexdigest()


def app(checkout: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(checkout / "scripts" / "app"), *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_set_up_once_then_straight_to_the_app(checkout: Path) -> None:
    stamp = checkout / ".venv-app" / ".safefile-setup"
    stamp.write_text(stamp_of(checkout) + "\n")
    r = app(checkout, "--version")
    assert r.returncode == 0 and r.stdout == "SAFEFILE STARTED --version\n", r.stdout + r.stderr
    assert r.stderr == ""  # no setup step, no pip


def test_update_fails_but_the_environment_suffices(checkout: Path) -> None:
    stamp = checkout / ".venv-app" / ".safefile-setup"
    stamp.write_text("an older setup\n")
    r = app(checkout)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "requirements changed" in r.stdout
    assert "Could not update SafeFile's environment" in r.stderr
    assert r.stdout.endswith("SAFEFILE STARTED \n")
    assert stamp.read_text() == "an older setup\n"  # tried again next time


def test_update_fails_and_a_package_is_missing(checkout: Path) -> None:
    stamp = checkout / ".venv-app" / ".safefile-setup"
    stamp.write_text("an older setup\n")
    pyproject = checkout / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text("utf-8").replace(
            "dependencies = [\n", 'dependencies = [\n    "no-such-package-for-safefile>=1",\n'
        )
    )
    r = app(checkout)
    assert r.returncode == 1
    assert "Missing from .venv-app: no-such-package-for-safefile" in r.stderr
    assert "SafeFile could not be set up" in r.stderr
    assert "SAFEFILE STARTED" not in r.stdout


def test_a_failed_system_step_stops_with_its_name_and_is_tried_again(checkout: Path) -> None:
    """It said "Ready" and never retried after the system-package step failed (issue 23):
    the set-up function ran under `if setup`, where `set -e` does not apply."""
    stamp = checkout / ".venv-app" / ".safefile-setup"
    stamp.write_text("an older setup\n")
    (checkout / "scripts" / "system-packages").write_text("#!/bin/sh\nexit 1\n")
    site = Path(
        sysconfig.get_path(
            "purelib",
            vars={"base": str(checkout / ".venv-app"), "platbase": str(checkout / ".venv-app")},
        )
    )
    (site / "pip").mkdir()
    (site / "pip" / "__init__.py").write_text("")
    (site / "pip" / "__main__.py").write_text("")  # an install that succeeds
    r = app(checkout)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "Step 1/3 failed: the system libraries Qt needs" in r.stderr
    assert "Ready" not in r.stdout and "SAFEFILE STARTED" not in r.stdout
    assert stamp.read_text() == "an older setup\n"  # so the step is tried again next time
    (checkout / "scripts" / "system-packages").write_text("#!/bin/sh\nexit 0\n")
    r = app(checkout)
    assert r.returncode == 0 and "Ready" in r.stdout, r.stdout + r.stderr
    assert stamp.read_text().strip() == stamp_of(checkout)
