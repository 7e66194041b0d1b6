"""Paired, interleaved timing for bench/: A and B alternate (ABAB..., then BABA.. so
neither always runs second), and the ratio is taken pair by pair, so load from other
processes on a shared machine hits both sides of a pair alike.

Every script prints lines like

    open-to-ready / KDF alone: median 1.02x  (range 0.97-1.10, 9 pairs)
        A median 612.3 ms (590.1-680.2)   B median 601.0 ms (588.7-655.2)
"""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence


def paired(a: Callable[[], float | None], b: Callable[[], float | None], pairs: int) -> dict:  # type: ignore[type-arg]
    """Run a and b alternately ``pairs`` times; each returns its own seconds (or None to
    be timed here with perf_counter around the call)."""

    def run(fn: Callable[[], float | None]) -> float:
        t = time.perf_counter()
        got = fn()
        return got if got is not None else time.perf_counter() - t

    ta: list[float] = []
    tb: list[float] = []
    for i in range(pairs):
        if i % 2 == 0:
            ta.append(run(a))
            tb.append(run(b))
        else:
            tb.append(run(b))
            ta.append(run(a))
    return {"a": ta, "b": tb, "ratios": [x / y for x, y in zip(ta, tb, strict=True)]}


def report(label: str, result: dict, unit: float = 1e3, unit_name: str = "ms") -> str:  # type: ignore[type-arg]
    r, a, b = result["ratios"], result["a"], result["b"]
    line = (
        f"{label}: median {statistics.median(r):.2f}x  (range {min(r):.2f}-{max(r):.2f}, "
        f"{len(r)} pairs)\n"
        f"    A median {statistics.median(a) * unit:.1f} {unit_name} "
        f"({min(a) * unit:.1f}-{max(a) * unit:.1f})   "
        f"B median {statistics.median(b) * unit:.1f} {unit_name} "
        f"({min(b) * unit:.1f}-{max(b) * unit:.1f})"
    )
    print(line, flush=True)
    return line


def load_note() -> str:
    """One line on how busy the machine was (the figures are paired for that reason)."""
    one, five, _ = os.getloadavg()
    note = f"(load average {one:.1f} / {five:.1f} on {os.cpu_count()} cores while measuring)"
    print(note, flush=True)
    return note


def as_installed() -> dict[str, str]:
    """The environment of a start as a user's: SafeFile's modules compiled once (a user's
    installation and the bundle carry their bytecode), and no PYTHONDONTWRITEBYTECODE
    (a build machine may set it, and every start would then compile every module)."""
    import compileall

    import safefile

    compileall.compile_dir(os.path.dirname(safefile.__file__), quiet=1)
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_process(cmd: Sequence[str], **kwargs: object) -> float:
    """Wall seconds of one process run to its end (output discarded); started as a
    user's would be (``as_installed``) unless an ``env`` is given."""
    kwargs.setdefault("env", as_installed())
    t = time.perf_counter()
    subprocess.run(
        list(cmd), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, **kwargs
    )  # type: ignore[call-overload]
    return time.perf_counter() - t


def drop_dirty(path: str) -> None:
    """Flush what an earlier step wrote, so a copy is not slowed by its writeback."""
    os.sync()


def run_process_cpu(cmd: Sequence[str], **kwargs: object) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one process run to its end, output discarded: its
    user + system time from the kernel (``os.wait4``), which other processes on a shared
    machine change far less than its wall time. Started as ``run_process`` does."""
    kwargs.setdefault("env", as_installed())
    t = time.perf_counter()
    proc = subprocess.Popen(
        list(cmd), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs
    )  # type: ignore[call-overload]
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise subprocess.CalledProcessError(proc.returncode, list(cmd))
    return usage.ru_utime + usage.ru_stime, wall
