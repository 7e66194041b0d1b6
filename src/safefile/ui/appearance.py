"""Text size and high contrast, kept per user (no client data) (stub)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication


def apply(app: QApplication) -> None:
    """Apply the saved text size and contrast to the whole application."""
