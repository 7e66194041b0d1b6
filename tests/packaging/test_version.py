"""One version number: pyproject.toml's, reported by the installed package, the command
line, the About box, and listed in the AppStream releases and the changelog."""

from __future__ import annotations

import platform
import re
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import safefile
from safefile.versions import describe

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT_VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"][
    "version"
]


def test_the_package_reports_pyprojects_version() -> None:
    assert safefile.__version__ == PYPROJECT_VERSION


def test_version_option_prints_safefile_sqlcipher_and_python_versions(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("--version")
    assert result.code == 0
    line = result.out.strip()
    assert line.startswith(f"safefile {PYPROJECT_VERSION} (")
    assert re.search(r"SQLCipher \d+\.\d+\.\d+", line), line
    assert f"Python {platform.python_version()}" in line
    assert "\n" not in line


def test_sqlcipher_version_is_the_librarys_own() -> None:
    parts = dict(describe())
    assert re.fullmatch(r"4\.\d+\.\d+.*", parts["SQLCipher"]), parts


def test_the_release_being_made_is_in_appstream_and_the_changelog() -> None:
    metainfo = ET.parse(ROOT / "packaging/linux/org.safefile.SafeFile.metainfo.xml")
    newest = metainfo.getroot().find("releases/release")
    assert newest is not None and newest.get("version") == PYPROJECT_VERSION
    changelog = (ROOT / "CHANGELOG.md").read_text("utf-8")
    headings = re.findall(r"^## \[([^\]]+)\]", changelog, flags=re.M)
    # Keep a Changelog: what is not yet released is under [Unreleased]; a release has its own.
    assert headings and headings[0] in ("Unreleased", PYPROJECT_VERSION), headings
    assert all(h == "Unreleased" or re.fullmatch(r"\d+\.\d+\.\d+", h) for h in headings)
