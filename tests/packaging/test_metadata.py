"""The menu entry and the AppStream metadata pass their validators, agree with the app's id,
and name an icon that ships. scripts/setup installs the validators (desktop-file-utils,
appstream); on CI a missing validator is a failure, not a skip."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from safefile import APP_ID

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is missing on CI: scripts/system-packages --test installs it")
        pytest.skip(f"{name} not installed (bash scripts/system-packages --test)")
    return path


def test_desktop_file_is_valid() -> None:
    r = subprocess.run(
        [tool("desktop-file-validate"), str(DESKTOP)], capture_output=True, text=True
    )
    assert r.returncode == 0 and not r.stdout.strip(), r.stdout + r.stderr


def test_appstream_metadata_is_valid() -> None:
    r = subprocess.run(
        [tool("appstreamcli"), "validate", "--no-net", "--pedantic", str(METAINFO)],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    # A warning or an error fails the line above; infos and pedantic notes are listed.
    assert "E:" not in r.stdout and "W:" not in r.stdout, r.stdout


def test_desktop_entry_metadata_and_app_agree() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(DESKTOP, encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Icon"] == APP_ID
    assert desktop["Exec"].split()[0] == "safefile"
    assert (ROOT / "resources" / "icons" / f"{APP_ID}.svg").is_file()
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    shots = root.findall("screenshots/screenshot")
    assert shots and all(s.findtext("caption") for s in shots)
    # Each screenshot the metadata names is committed, to be published with the release.
    for shot in shots:
        url = shot.findtext("image") or ""
        assert url.startswith("https://")
        assert (LINUX / "screenshots" / url.rsplit("/", 1)[-1]).is_file(), url
