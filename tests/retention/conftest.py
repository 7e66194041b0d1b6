"""Tombstones go to a private data folder per test, never the user's own."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    d = tmp_path / "safefile-data"
    monkeypatch.setenv("SAFEFILE_DATA_DIR", str(d))
    return d
