"""What the timed-job tests share: a wall clock printed (never asserted), and screenshots of
each new form when ``SAFEFILE_SHOTS`` names a folder (run under Xvfb to look at them)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtWidgets import QWidget


@contextmanager
def timed(job: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    print(f"\nTIMED JOB {job}: {time.perf_counter() - start:.2f} s")


def shot(widget: QWidget, name: str) -> None:
    folder = os.environ.get("SAFEFILE_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(folder) / f"{name}.png"))
