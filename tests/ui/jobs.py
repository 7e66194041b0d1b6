"""What the timed-job tests share: a wall clock and a count of what the user did, printed
(never asserted), and screenshots of each new form when ``SAFEFILE_SHOTS`` names a folder
(run under Xvfb to look at them)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from safefile.ui import appearance


@contextmanager
def timed(job: str, qtbot: QtBot) -> Iterator[None]:
    """Time ``job`` and count the clicks, keys (Tab, arrows, Return) and fields typed."""
    count = {"clicks": 0, "keys": 0, "fields typed": 0, "characters": 0}
    real: tuple[Any, Any, Any] = (qtbot.mouseClick, qtbot.keyClick, qtbot.keyClicks)

    def click(*a: Any, **k: Any) -> None:
        count["clicks"] += 1
        real[0](*a, **k)

    def key(*a: Any, **k: Any) -> None:
        count["keys"] += 1
        real[1](*a, **k)

    def typed(widget: QWidget, text: str, *a: Any, **k: Any) -> None:
        count["fields typed"] += 1
        count["characters"] += len(text)
        real[2](widget, text, *a, **k)

    qtbot.mouseClick, qtbot.keyClick, qtbot.keyClicks = click, key, typed  # type: ignore[method-assign]
    start = time.perf_counter()
    try:
        yield
    finally:
        took = time.perf_counter() - start
        qtbot.mouseClick, qtbot.keyClick, qtbot.keyClicks = real  # type: ignore[method-assign]
    steps = ", ".join(f"{n} {what}" for what, n in count.items())
    print(f"\nTIMED JOB {job}: {took:.2f} s of the app's own time; {steps}")


def shot(widget: QWidget, name: str) -> None:
    folder = os.environ.get("SAFEFILE_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        look = os.environ.get("SAFEFILE_SHOTS_LOOK", "normal").replace(",", "-")
        widget.grab().save(str(Path(folder) / f"{name}-{look}.png"))


@pytest.fixture
def look(_private_user_dirs: None) -> None:
    """With ``SAFEFILE_SHOTS_LOOK=larger`` (or ``large``, ``normal``, each optionally
    ``,contrast``) the window these tests open uses that text size and contrast, so the
    screenshots show each new form as a person who set them sees it."""
    want = os.environ.get("SAFEFILE_SHOTS_LOOK")
    if want:
        size, _, contrast = want.partition(",")
        appearance.save(appearance.Appearance(size, contrast == "contrast"))
