"""One thread owns the vault; the window talks to it through jobs and signals.

SQLCipher connections belong to the thread that opened them, and Argon2id takes
about a second, so every core call runs on the worker thread: the window submits
a job (a function of the worker) with callbacks, and gets the result back by a
queued signal on the UI thread.  The window never blocks.

A long job reports progress with ``worker.progress(done, total)`` (delivered to
the job's ``on_progress`` on the UI thread) and stops early when the user asks:
``worker.check_cancelled()`` raises :class:`Cancelled` once ``service.cancel(id)``
was called.  Locking drops every pending callback (``service.lock``), so a result
that arrives after the lock never reaches a screen.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from safefile.errors import SafeFileError, VaultReplaced

if TYPE_CHECKING:  # imported on this thread while the user types (ui/main_window.py)
    from safefile.store.vault import Vault

log = logging.getLogger("safefile.ui")
T = TypeVar("T")
# A job is a function of the worker whose result reaches ``on_done`` with its own type;
# ``submit`` ties the two together, so a screen cannot take a result for what it is not.
# Between the threads the result travels as a plain object (Qt's signal), and the
# callbacks kept for a job are stored type-erased (``_Callbacks``).
Job = Callable[["VaultWorker"], object]
OnError = Callable[[Exception], None]
OnProgress = Callable[[int, int], None]
_Callbacks = tuple[Callable[[Any], None] | None, OnError | None, OnProgress | None]


class Cancelled(SafeFileError):
    def __init__(self) -> None:
        super().__init__("Stopped. Nothing was changed.")


class VaultWorker(QObject):
    done = Signal(int, object)
    failed = Signal(int, object)
    progressed = Signal(int, int, int)

    def __init__(self) -> None:
        super().__init__()
        self.vault: Vault | None = None
        self._job_id = 0
        self._cancelled: set[int] = set()
        self._cancel_lock = threading.Lock()

    @Slot(int, object)
    def run(self, job_id: int, fn: Job) -> None:
        self._job_id = job_id
        try:
            self.check_cancelled()
            result = fn(self)
        except SafeFileError as exc:
            self.failed.emit(job_id, exc)
        except Exception as exc:  # reported to the user in plain words
            log.error("job failed: %s", type(exc).__name__)  # never the message: it may hold data
            self.failed.emit(job_id, exc)
        else:
            self.done.emit(job_id, result)
        finally:
            with self._cancel_lock:
                self._cancelled.discard(job_id)

    def require(self) -> Vault:
        if self.vault is None or not self.vault.is_open:
            raise SafeFileError("The vault is locked. Unlock it first.")
        self.vault.require_same()  # replaced on disk under us: locked, VaultReplaced
        return self.vault

    def close_vault(self) -> None:
        if self.vault is not None:
            self.vault.lock()
            self.vault = None

    # --- for long jobs, called on the worker thread ---------------------------------
    def progress(self, done: int, total: int) -> None:
        self.check_cancelled()
        self.progressed.emit(self._job_id, done, total)

    def check_cancelled(self) -> None:
        with self._cancel_lock:
            if self._job_id in self._cancelled:
                raise Cancelled()

    def cancel(self, job_id: int) -> None:  # any thread
        with self._cancel_lock:
            self._cancelled.add(job_id)


class VaultService(QObject):
    """The UI side: ``submit(job, on_done, on_error, on_progress)``; callbacks run on the
    UI thread."""

    _submit = Signal(int, object)
    _submit_and_wait = Signal(int, object)
    busy_changed = Signal(bool)
    # A job found the vault replaced on disk (a restore, a copy): it locked; so does the window.
    vault_replaced = Signal(object)

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
        self.worker.progressed.connect(self._on_progress)
        self._ids = itertools.count(1)
        self._pending: dict[int, _Callbacks] = {}
        self._thread.start()

    def submit(
        self,
        job: Callable[[VaultWorker], T],
        on_done: Callable[[T], None] | None = None,
        on_error: OnError | None = None,
        on_progress: OnProgress | None = None,
    ) -> int:
        job_id = next(self._ids)
        self._pending[job_id] = (on_done, on_error, on_progress)
        self.busy_changed.emit(True)
        self._submit.emit(job_id, job)
        return job_id

    def cancel(self, job_id: int) -> None:
        """Ask a running or queued job to stop; its on_error gets :class:`Cancelled`."""
        self.worker.cancel(job_id)

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def lock(self, last: Job | None = None) -> None:
        """Forget every pending callback, stop long jobs, then close the vault on its thread.

        ``last`` runs on the vault's thread just before it closes (the app's backup when
        one is due); nothing it returns or raises reaches a screen.
        """
        for job_id in list(self._pending):
            self.worker.cancel(job_id)
        self._pending.clear()
        self.busy_changed.emit(False)
        self._submit.emit(0, lambda w: _closing(w, last))

    def _finish(self, job_id: int) -> _Callbacks:
        callbacks = self._pending.pop(job_id, (None, None, None))
        if not self._pending:
            self.busy_changed.emit(False)
        return callbacks

    @Slot(int, object)
    def _on_done(self, job_id: int, result: Any) -> None:
        on_done, _, _ = self._finish(job_id)
        if on_done:
            on_done(result)

    @Slot(int, object)
    def _on_failed(self, job_id: int, exc: Exception) -> None:
        _, on_error, _ = self._finish(job_id)
        if isinstance(exc, VaultReplaced):
            self.vault_replaced.emit(exc)
            return
        if on_error:
            on_error(exc)

    @Slot(int, int, int)
    def _on_progress(self, job_id: int, done: int, total: int) -> None:
        _, _, on_progress = self._pending.get(job_id, (None, None, None))
        if on_progress:
            on_progress(done, total)

    def shutdown(self, last: Job | None = None) -> None:
        """Lock the vault on its own thread (after ``last``, as in ``lock``), then stop it."""
        self._pending.clear()
        if self._thread.isRunning():
            self._submit_and_wait.emit(0, lambda w: _closing(w, last))  # we wait for it
        self._thread.quit()
        self._thread.wait(10_000)


def _closing(w: VaultWorker, last: Job | None) -> None:
    if last is not None and w.vault is not None and w.vault.is_open:
        try:
            last(w)
        except Exception as exc:
            log.error("last job before closing failed: %s", type(exc).__name__)
    w.close_vault()


def plain_message(exc: Exception) -> str:
    if isinstance(exc, SafeFileError):
        return exc.message
    return (
        "Something went wrong that SafeFile did not expect. Nothing was lost. "
        "Try again; if it happens again, send the log file (Help > Log file) to your support."
    )
