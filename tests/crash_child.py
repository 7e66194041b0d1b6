"""Run ``safefile`` in a child process with crash instrumentation put in from outside.

    python tests/crash_child.py MODE NAME -- ARGS...

runs ``safefile ARGS...`` after patching the standard library (never our code), so the
production code carries no test hooks. NAME is the file whose atomic write is watched
(``vault.json``, ``b3.sfbackup``); its temporary file is the dot-name ``.NAME.*.part``.

MODE:
  watch          write ``W`` to the file descriptor in $CRASH_MARKER_FD when the write
                 of NAME begins (its temporary file is created) and ``D`` once it has
                 been renamed into place. Every ``os.fsync`` during the write, the folder's
                 after the rename included, first waits $CRASH_FSYNC_DELAY seconds (a slow
                 disk), so a kill from outside can land inside the write rather than only
                 before or after it, and just after the rename.
  before-rename  SIGKILL itself at the rename of the (written, fsynced) temporary file
                 over NAME: a crash between fsync and rename.
  after-rename   SIGKILL itself just after that rename, before the folder is fsynced.
  after-header   SIGKILL itself once a backup's header is written and flushed, before any
                 of its data: a crash between header and data.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from typing import Any


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def main() -> None:
    mode, name, sep, *args = sys.argv[1:]
    assert sep == "--", "usage: crash_child.py MODE NAME -- ARGS..."
    marker_fd = int(os.environ.get("CRASH_MARKER_FD", "-1"))
    delay = float(os.environ.get("CRASH_FSYNC_DELAY", "0.1"))
    writing = renamed = False
    # The first CRASH_SKIP writes of the file pass (a backup's check writes a key file of
    # the same name in its temporary folder before the vault's own is written).
    skip = int(os.environ.get("CRASH_SKIP", "0"))
    real_open, real_replace, real_fsync = os.open, os.replace, os.fsync

    def mark(flag: bytes) -> None:
        if marker_fd >= 0:
            os.write(marker_fd, flag)

    def is_temp(path: Any) -> bool:
        base = os.path.basename(os.fsdecode(path))
        return base.startswith(f".{name}.") and base.endswith(".part")

    def open_(path: Any, flags: int, *rest: Any, **kw: Any) -> int:
        nonlocal writing
        fd = real_open(path, flags, *rest, **kw)
        if is_temp(path) and flags & os.O_CREAT:
            writing = True
            mark(b"W")
        return fd

    def fsync(fd: int) -> None:
        nonlocal writing, renamed
        if writing and mode == "watch":
            time.sleep(delay)
        real_fsync(fd)
        if renamed:  # the folder's fsync after the rename: the write's last step
            writing = renamed = False

    def replace(src: Any, dst: Any, *rest: Any, **kw: Any) -> None:
        nonlocal renamed, skip
        ours = is_temp(src) and os.path.basename(os.fsdecode(dst)) == name
        if ours and skip > 0:
            skip -= 1
            real_replace(src, dst, *rest, **kw)
            return
        if ours and mode == "before-rename":
            _die()
        real_replace(src, dst, *rest, **kw)
        if ours:
            if mode == "after-rename":
                _die()
            mark(b"D")
            renamed = True

    os.open, os.fsync, os.replace = open_, fsync, replace  # type: ignore[assignment]

    if mode == "after-header":
        from safefile.backup import archive

        real_init = archive.Writer.__init__

        def init(self: archive.Writer, fh: Any, *a: Any, **kw: Any) -> None:
            real_init(self, fh, *a, **kw)
            fh.flush()
            real_fsync(fh.fileno())
            _die()

        archive.Writer.__init__ = init  # type: ignore[method-assign]

    from safefile.cli.main import main as safefile_main

    raise SystemExit(safefile_main(args))


if __name__ == "__main__":
    main()
