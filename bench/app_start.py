"""App start to the first window, against a bare PySide6 app and the unlock screen
alone (issue 18, row 5).

    .venv/bin/python bench/app_start.py [--pairs 9]

Each figure is a whole process (offscreen Qt), from its start until the first window
has been shown and its events processed:
  * SafeFile: what ``ui/app.py: run_app`` does before the event loop (secure defaults,
    the log file, QApplication, appearance, MainWindow on an existing vault, show; the
    start-up objects are frozen a second later, once the window is up);
  * the unlock-screen floor: QApplication and a QMainWindow holding only SafeFile's
    UnlockPage (what a build that shows only the unlock screen would load);
  * a bare PySide6 app: QApplication and an empty QMainWindow.
Paired and interleaved (bench/_pair.py). The ratios are of CPU time (user + system of
each process, from the kernel): on the shared machine wall times spread by more than
30 %; the wall medians are printed below them.

What runs after the first paint (the application-wide event filter, the desktop's
buses, the PDF fonts for the screen: ``MainWindow.after_first_paint``) is not in the
SafeFile figure; ``--after-paint`` adds it (processing events until it has run), to show
what it costs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _pair import as_installed, load_note, paired, report, run_process_cpu

BARE = """
import os
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow(); w.show(); app.processEvents()
os._exit(0)
"""
UNLOCK_ONLY = """
import os, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication, QMainWindow
from safefile.ui.unlock.page import UnlockPage
from safefile.ui.worker import VaultService
app = QApplication([])
w = QMainWindow(); w.setCentralWidget(UnlockPage(VaultService(w), Path(sys.argv[1])))
w.show(); app.processEvents()
os._exit(0)
"""
SAFEFILE = """
import os, sys
from pathlib import Path
from safefile.ui.app import secure_process_defaults, setup_logging
secure_process_defaults(); setup_logging()
from PySide6.QtWidgets import QApplication
from safefile.ui.main_window import MainWindow
app = QApplication([])
w = MainWindow(Path(sys.argv[1])); w.show(); app.processEvents()
if len(sys.argv) > 2:  # --after-paint
    while not w._events_installed:
        app.processEvents()
os._exit(0)
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pairs", type=int, default=9)
    ap.add_argument("--after-paint", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **as_installed(),
            "QT_QPA_PLATFORM": "offscreen",
            "XDG_STATE_HOME": tmp,
            "XDG_CONFIG_HOME": tmp,
            "XDG_DATA_HOME": tmp,
            "SAFEFILE_TEST_FAST_KDF": "1",
        }
        vault = Path(tmp) / "v.safefile"
        from safefile.store.vault import Vault

        Vault.create(vault, "bench marmalade tractor quill")[0].lock()

        walls: dict[str, list[float]] = {}

        def proc(code: str) -> float:
            extra = ["after-paint"] if args.after_paint and code is SAFEFILE else []
            cpu, wall = run_process_cpu([sys.executable, "-c", code, str(vault), *extra], env=env)
            walls.setdefault(code, []).append(wall)
            return cpu

        report(
            "SafeFile start to first window / unlock-screen floor (CPU)",
            paired(lambda: proc(SAFEFILE), lambda: proc(UNLOCK_ONLY), args.pairs),
        )
        report(
            "SafeFile start to first window / bare PySide6 app (CPU)",
            paired(lambda: proc(SAFEFILE), lambda: proc(BARE), args.pairs),
        )
        report(
            "unlock-screen floor / bare PySide6 app (CPU)",
            paired(lambda: proc(UNLOCK_ONLY), lambda: proc(BARE), args.pairs),
        )
        print(
            "wall medians: "
            + ", ".join(
                f"{name} {statistics.median(walls[code]) * 1e3:.0f} ms"
                for name, code in (("SafeFile", SAFEFILE), ("floor", UNLOCK_ONLY), ("bare", BARE))
            )
        )
    load_note()


if __name__ == "__main__":
    main()
