"""One thread owns the vault; the window talks to it through jobs and signals.

SQLCipher connections belong to the thread that opened them, and Argon2id takes
about a second, so every core call runs on the worker thread: the window submits
a job (a function of the worker) with callbacks, and gets the result back by a
queued signal on the UI thread.  The window never blocks.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from safefile.errors import SafeFileError
from safefile.store.vault import Vault

log = logging.getLogger("safefile.ui")
Job = Callable[["VaultWorker"], Any]


class VaultWorker(QObject):
    done = Signal(int, object)
    failed = Signal(int, object)

    def __init__(self) -> None:
        super().__init__()
        self.vault: Vault | None = None

    @Slot(int, object)
    def run(self, job_id: int, fn: Job) -> None:
        try:
            result = fn(self)
        except SafeFileError as exc:
            self.failed.emit(job_id, exc)
        except Exception as exc:  # noqa: BLE001 - reported to the user in plain words
            log.error("job failed: %s", type(exc).__name__)  # never the message: it may hold data
            self.failed.emit(job_id, exc)
        else:
            self.done.emit(job_id, result)

    def require(self) -> Vault:
        if self.vault is None or not self.vault.is_open:
            raise SafeFileError("The vault is locked. Unlock it first.")
        return self.vault


class VaultService(QObject):
    """The UI side: ``submit(job, on_done, on_error)``; callbacks run on the UI thread."""

    _submit = Signal(int, object)
    _submit_and_wait = Signal(int, object)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("vault-owner")
        self.worker = VaultWorker()
        self.worker.moveToThread(self._thread)
        self._submit.connect(self.worker.run)
        self._submit_and_wait.connect(self.worker.run, Qt.ConnectionType.BlockingQueuedConnection)
        self.worker.done.connect(self._on_done)
        self.worker.failed.connect(self._on_failed)
        self._ids = itertools.count(1)
        self._pending: dict[
            int, tuple[Callable[[Any], None] | None, Callable[[Exception], None] | None]
        ] = {}
        self._thread.start()

    def submit(
        self, job: Job, on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> int:  # fmt: skip
        job_id = next(self._ids)
        self._pending[job_id] = (on_done, on_error)
        self.busy_changed.emit(True)
        self._submit.emit(job_id, job)
        return job_id

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def _finish(self, job_id: int) -> tuple[Any, Any]:
        callbacks = self._pending.pop(job_id, (None, None))
        if not self._pending:
            self.busy_changed.emit(False)
        return callbacks

    @Slot(int, object)
    def _on_done(self, job_id: int, result: Any) -> None:
        on_done, _ = self._finish(job_id)
        if on_done:
            on_done(result)

    @Slot(int, object)
    def _on_failed(self, job_id: int, exc: Exception) -> None:
        _, on_error = self._finish(job_id)
        if on_error:
            on_error(exc)

    def shutdown(self) -> None:
        """Lock the vault on its own thread, then stop the thread."""

        def close(w: VaultWorker) -> None:
            if w.vault is not None:
                w.vault.lock()
                w.vault = None

        if self._thread.isRunning():
            self._submit_and_wait.emit(0, close)  # runs on the worker; we wait for it
        self._thread.quit()
        self._thread.wait(10_000)


def plain_message(exc: Exception) -> str:
    if isinstance(exc, SafeFileError):
        return exc.message
    return (
        "Something went wrong that SafeFile did not expect. Nothing was lost. "
        "Try again; if it happens again, send the log file (Help > Log file) to your support."
    )
