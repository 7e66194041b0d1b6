"""``install.sh`` over an old program folder (issue 29, F15): it deleted a vault kept
inside it, then said "your vaults stay where they are". It now refuses, as uninstall.sh
does, and installs over a clean old folder as before. Runs the real script on a
stand-in unpacked folder (no bundle needs building)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

LINUX = Path(__file__).resolve().parents[2] / "packaging" / "linux"


@pytest.fixture
def unpacked(tmp_path: Path) -> Path:
    """What make-tarball unpacks to, with a program that only says its version."""
    here = tmp_path / "SafeFile-x"
    program = here / "lib" / "safefile"
    (program / "_internal").mkdir(parents=True)
    (program / "safefile").write_text("#!/bin/sh\necho new\n")
    (program / "safefile").chmod(0o755)
    for name in ("install.sh", "uninstall.sh"):
        shutil.copy(LINUX / name, here / name)
    (here / "share" / "applications").mkdir(parents=True)
    (here / "share" / "applications" / "org.safefile.SafeFile.desktop").write_text(
        "[Desktop Entry]\nExec=safefile\n"
    )
    (here / "share" / "metainfo").mkdir(parents=True)
    (here / "share" / "metainfo" / "org.safefile.SafeFile.metainfo.xml").write_text("<x/>")
    icons = here / "share" / "icons" / "hicolor" / "48x48" / "apps"
    icons.mkdir(parents=True)
    (icons / "org.safefile.SafeFile.png").write_bytes(b"png")
    return here


def _install(unpacked: Path, prefix: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / "share")}
    return subprocess.run(
        ["bash", str(unpacked / "install.sh"), "--prefix", str(prefix)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


@pytest.mark.parametrize("kept", ["clinic.safefile/vault.json", "nightly.sfbackup"])
def test_install_refuses_to_replace_a_program_folder_holding_a_vault(
    unpacked: Path, tmp_path: Path, kept: str
) -> None:
    prefix, home = tmp_path / "opt", tmp_path / "home"
    old = prefix / "lib" / "safefile"
    (old / "_internal").mkdir(parents=True)
    (old / "safefile").write_text("#!/bin/sh\necho old\n")
    inside = old / kept
    inside.parent.mkdir(parents=True, exist_ok=True)
    inside.write_bytes(b"encrypted")
    r = _install(unpacked, prefix, home)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "holds a vault or backup" in r.stderr and "stay where they are" not in r.stdout
    assert inside.read_bytes() == b"encrypted"
    assert (old / "safefile").read_text().endswith("old\n")


def test_install_over_a_clean_old_folder_still_works(unpacked: Path, tmp_path: Path) -> None:
    prefix, home = tmp_path / "opt", tmp_path / "home"
    old = prefix / "lib" / "safefile"
    (old / "_internal").mkdir(parents=True)
    (old / "safefile").write_text("#!/bin/sh\necho old\n")
    r = _install(unpacked, prefix, home)
    assert r.returncode == 0, r.stderr
    assert (old / "safefile").read_text().endswith("new\n")
