"""Start the desktop app (placeholder until the app lands)."""

from __future__ import annotations


def run_app() -> int:
    raise NotImplementedError
