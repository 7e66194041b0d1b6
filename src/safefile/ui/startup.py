"""What the app's start (``ui/app.py``) and its window (``ui/main_window.py``) share:
where the vault and the log are kept, and the start-up objects moved out of the
collector's way. A leaf of the UI, so that neither of the two imports the other."""

from __future__ import annotations

import gc
import json
import logging
from pathlib import Path

import platformdirs

from safefile.fsutil import atomic_write, private_mkdir

APP_NAME = "SafeFile"


def default_vault_path() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "vault.safefile"


def _location_file() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "vault-location.json"


def vault_path() -> Path:
    """The vault this user last created or opened (a folder's path, no client data), or the
    default place on first start."""
    try:
        remembered = json.loads(_location_file().read_text("utf-8")).get("vault")
    except (OSError, ValueError, AttributeError):
        remembered = None
    return Path(remembered) if isinstance(remembered, str) and remembered else default_vault_path()


def remember_vault_path(path: Path) -> None:
    """Open this vault at the next start (written atomically; errors only logged)."""
    try:
        target = _location_file()
        private_mkdir(target.parent)
        atomic_write(target, json.dumps({"vault": str(path)}).encode("utf-8"))
    except OSError as exc:
        logging.getLogger("safefile.ui").warning("vault location not kept: %s", type(exc).__name__)


def log_file() -> Path:
    return (
        private_mkdir(Path(platformdirs.user_state_dir(APP_NAME, appauthor=False))) / "safefile.log"
    )


FREEZE_AFTER_MS = 1000


def freeze_startup_objects() -> None:
    """Keep garbage collection from freezing the window.

    A full collection walks every object the program holds, and while it runs no other
    thread can: Qt's wrappers, the modules and the fonts made at start are most of them
    and live for the whole session. Moving them out of the collector's way keeps each
    full collection during a long export short (bench/ui_responsiveness.py).
    """
    gc.collect()
    gc.freeze()
