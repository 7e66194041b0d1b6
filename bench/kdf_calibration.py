"""KDF calibration under load, against the same calibration on a quiet machine
(issue 18, row 9).

    .venv/bin/python bench/kdf_calibration.py [--pairs 5] [--busy 4]

A: keys.calibrate() while BUSY processes spin on the processor (a machine in use);
B: keys.calibrate() with nothing added.  The figure is the ratio of the passes each
chose (1.00: the same strength whatever the load), and, as an anchor, what the old
wall-time calibration chose in both cases.  Paired and interleaved (bench/_pair.py);
note that this machine is shared, so "quiet" is only "nothing added by us".
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _pair import load_note

from safefile.store import keys


def spin(stop: float) -> None:
    while time.time() < stop:
        pass


def wall_calibration() -> int:
    """What SafeFile did before issue 18: two wall-time probes."""
    probe = keys.KdfParams.minimum()

    def seconds(passes: int) -> float:
        t = time.perf_counter()
        keys.derive_key("x", probe.model_copy(update={"time_cost": passes}))
        return time.perf_counter() - t

    low, high = seconds(3), seconds(6)
    per_pass = max((high - low) / 3, 1e-6)
    return max(3, min(200, int((keys.TARGET_SECONDS - max(low - per_pass * 3, 0)) / per_pass)))


def under_load(fn, busy: int):  # type: ignore[no-untyped-def]
    stop = time.time() + 60
    procs = [multiprocessing.Process(target=spin, args=(stop,)) for _ in range(busy)]
    for p in procs:
        p.start()
    try:
        time.sleep(0.2)
        return fn()
    finally:
        for p in procs:
            p.terminate()
            p.join()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pairs", type=int, default=5)
    ap.add_argument("--busy", type=int, default=4)
    args = ap.parse_args()
    new_loaded, new_quiet, old_loaded, old_quiet = [], [], [], []
    for i in range(args.pairs):
        order = [0, 1] if i % 2 == 0 else [1, 0]
        for which in order:
            if which == 0:
                new_loaded.append(under_load(lambda: keys.calibrate().time_cost, args.busy))
                old_loaded.append(under_load(wall_calibration, args.busy))
            else:
                new_quiet.append(keys.calibrate().time_cost)
                old_quiet.append(wall_calibration())
    for label, loaded, quiet in (
        ("calibration (CPU time, fastest probe)", new_loaded, new_quiet),
        ("old calibration (wall time), the anchor", old_loaded, old_quiet),
    ):
        ratios = [a / b for a, b in zip(loaded, quiet, strict=True)]
        print(
            f"{label}: passes under load / quiet: median {statistics.median(ratios):.2f}x "
            f"(range {min(ratios):.2f}-{max(ratios):.2f}); passes loaded {loaded}, "
            f"quiet {quiet}",
            flush=True,
        )
    load_note()


if __name__ == "__main__":
    main()
