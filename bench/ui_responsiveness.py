"""Does the window stay responsive while the vault works? The longest UI-thread stall.

    .venv/bin/python bench/ui_responsiveness.py [--clients 10000] [--entries 500000]

Builds the benchmark vault of bench/records.py (10,000 clients, 500,000 entries, one
heavy client with 5,000) under a calibrated Argon2id key (about 1 s, as the product
makes it), adds a release for the heavy client, then drives the real MainWindow
(offscreen unless QT_QPA_PLATFORM says otherwise) through:

  typing     three seconds on the unlock screen, as the passphrase is typed (the
             workspace's modules load on their own thread meanwhile);
  unlock     pressing Unlock, until the client list shows;
  search     typing the heavy client's case number, until the list shows them;
  open file  selecting the heavy client, until its file is on screen;
  export     the gate's decision and the PDF of its 3,000 services, through the
             same worker the Send dialog uses, until the result is back on screen;
  backup     "Back up now" to a folder, with its progress bar, until done.

How it is measured: a QTimer fires every 5 ms on the UI thread and records the time
since its previous tick (time.perf_counter). A tick that comes late means the UI
thread was busy (or starved of the GIL) for that long: nothing could be painted
and no key or click answered. For each step the script prints the longest gap, the
99th percentile and how many gaps exceeded 100 ms. The target is no gap over 100 ms.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from safefile.consent.releases import STATEMENTS, ReleaseIn
from safefile.records.models import OrgIn

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from safefile import records
from safefile.backup.policy import Policy, backup_now
from safefile.consent import gate, releases
from safefile.export.exporter import export_pdf
from safefile.store.layout import DB_FILE
from safefile.store.vault import Vault
from safefile.ui.main_window import MainWindow
from safefile.ui.startup import freeze_startup_objects

PASSPHRASE = "bench marmalade tractor quill"
TICK_MS = 5
LIMIT_MS = 100


def _bench_records() -> Any:
    spec = importlib.util.spec_from_file_location(
        "bench_records", Path(__file__).with_name("records.py")
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Heartbeat:
    """Gaps between ticks of a 5 ms timer on the UI thread."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.gaps: list[float] = []
        self._last = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append((now - self._last) * 1000)
        self._last = now

    def start(self) -> None:
        self.gaps = []
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self) -> list[float]:
        self.timer.stop()
        return self.gaps


TYPING_S = 3.0


def _after(seconds: float) -> Callable[[], bool]:
    end = time.perf_counter() + seconds
    return lambda: time.perf_counter() >= end


def run_until(app: QApplication, done: Callable[[], bool], timeout_s: float = 600) -> float:
    t = time.perf_counter()
    while not done():
        app.processEvents()
        time.sleep(0.001)  # the loop itself must not be the thing that starves the UI
        if time.perf_counter() - t > timeout_s:
            raise TimeoutError
    return time.perf_counter() - t


def measure(
    app: QApplication,
    beat: Heartbeat,
    name: str,
    start: Callable[[], None],
    done: Callable[[], bool],
) -> dict[str, Any]:
    beat.start()
    start()
    took = run_until(app, done)
    gaps = beat.stop()
    row = {
        "step": name,
        "took_s": took,
        "ticks": len(gaps),
        "max_ms": max(gaps),
        "p99_ms": sorted(gaps)[int(len(gaps) * 0.99)],
        "median_ms": statistics.median(gaps),
        "over_limit": sum(g > LIMIT_MS for g in gaps),
    }
    print(
        f"{name:10s} took {took:6.2f} s  ticks {row['ticks']:6d}  median gap "
        f"{row['median_ms']:5.1f} ms  p99 {row['p99_ms']:6.1f} ms  longest {row['max_ms']:6.1f} ms  "
        f"gaps > {LIMIT_MS} ms: {row['over_limit']}"
    )
    return row


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=10_000)
    ap.add_argument("--entries", type=int, default=500_000)
    args = ap.parse_args()
    os.environ.pop("SAFEFILE_TEST_FAST_KDF", None)  # the real, calibrated key derivation
    bench_records = _bench_records()
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.safefile"
        t = time.perf_counter()
        vault, _ = Vault.create(path, PASSPHRASE)
        heavy = bench_records.build(vault, args.clients, args.entries, random.Random(7))
        org = records.add_org(
            vault, OrgIn.from_input({"name": "Division of Parole"}), actor=vault.actor
        )
        today = date.today()
        releases.add_release(
            vault,
            ReleaseIn.from_input(
                {
                    "statements": dict.fromkeys(STATEMENTS, True),
                    "client_id": heavy,
                    "recipient_org_id": org,
                    "purpose": "Parole compliance",
                    "categories": ("services",),
                    "signed_on": today,
                    "expires_on": today + timedelta(days=90),
                    "original_on_file": True,
                    "original_reason": "signed at the office on the program's own form",
                }
            ),
            actor=vault.actor,
        )
        backups = Path(tmp) / "backups"
        backups.mkdir()
        Policy(backups).save(vault)
        vault.lock()
        size = (path / DB_FILE).stat().st_size / 1e6
        print(
            f"vault: {args.clients} clients, {args.entries} entries, database {size:.0f} MB, "
            f"built in {time.perf_counter() - t:.0f} s"
        )

        w = MainWindow(path, idle_ms=3_600_000)
        w.resize(1366, 768)
        w.show()
        freeze_startup_objects()  # as run_app does once the window is up
        beat = Heartbeat()
        rows = []
        # The passphrase is typed meanwhile: the workspace's modules load on their own
        # thread (ui/main_window.py), measured as a step of its own.
        rows.append(measure(app, beat, "typing", lambda: None, _after(TYPING_S)))

        def unlock() -> None:
            w.unlock.secret.setText(PASSPHRASE)
            w.unlock.button.click()

        rows.append(
            measure(
                app,
                beat,
                "unlock",
                unlock,
                lambda: w.is_unlocked and w.clients.model.rowCount() > 0,
            )
        )

        page = w.clients

        def search() -> None:
            page.search.setText("C-000001")  # the heavy client's case number, as typed

        rows.append(
            measure(
                app, beat, "search", search, lambda: any(c.id == heavy for c in page.model.rows)
            )
        )

        def open_heavy() -> None:
            row = next(i for i, c in enumerate(page.model.rows) if c.id == heavy)
            page.table.selectRow(row)

        rows.append(
            measure(
                app,
                beat,
                "open file",
                open_heavy,
                lambda: page.current is not None and page.current.client.id == heavy,
            )
        )

        exported: list[Any] = []
        out = Path(tmp) / "export.pdf"

        def export() -> None:
            def job(wk: Any) -> Any:
                v = wk.require()
                g = gate.require(
                    v,
                    gate.ExportRequest(heavy, org, ("services",), purpose="Parole compliance"),
                    actor=v.actor,
                )
                return export_pdf(v, g, out, actor=v.actor)

            w.service.submit(job, exported.append, exported.append)

        rows.append(measure(app, beat, "export", export, lambda: bool(exported)))
        result = exported[0]
        if isinstance(result, Exception):
            raise result
        print(f"           ({result.pages} pages, {out.stat().st_size / 1e6:.1f} MB)")

        backed: list[Any] = []
        progress: list[int] = []

        def backup() -> None:
            def job(wk: Any) -> Any:
                v = wk.require()
                return backup_now(v, Policy.of(v), wk.progress)  # type: ignore[arg-type]

            w.service.submit(
                job,
                backed.append,
                backed.append,
                lambda d, n: progress.append(d * 100 // max(n, 1)),
            )

        rows.append(measure(app, beat, "backup", backup, lambda: bool(backed)))
        if isinstance(backed[0], Exception):
            raise backed[0]
        print(f"           ({backed[0].size / 1e6:.0f} MB, {len(progress)} progress updates)")
        w.close()
    worst = max(r["max_ms"] for r in rows)
    print(
        f"longest stall of the UI thread in any step: {worst:.0f} ms "
        f"({'within' if worst <= LIMIT_MS else 'OVER'} the {LIMIT_MS} ms target)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
