"""Time from starting SafeFile to its first-start window on screen, under Xvfb.

    .venv/bin/python bench/bundle_start.py dist/safefile/safefile .venv-app/bin/safefile

Each program is started N times (default 5) in a fresh home (so it shows first start), on
a fresh Xvfb screen; the time is until a top-level window named SafeFile is mapped
(xwininfo polled every 20 ms). Needs Debian's xvfb and x11-utils. Figures in
docs/performance.md.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile

POLL = (
    '"$0" & pid=$!; start=$(date +%s%N); '
    "for i in $(seq 1 3000); do "
    "  if xwininfo -root -tree | grep -q '\"SafeFile\"'; then "
    '    echo "shown $(( ($(date +%s%N) - start) / 1000000 ))"; break; fi; '
    "  sleep 0.02; done; kill $pid; wait $pid 2>/dev/null; true"
)


def once(program: str) -> float:
    with tempfile.TemporaryDirectory() as home:
        r = subprocess.run(
            ["xvfb-run", "-a", "-s", "-screen 0 1366x768x24", "bash", "-c", POLL, program],
            capture_output=True,
            text=True,
            env={"PATH": "/usr/bin:/bin", "HOME": home, "LANG": "C.UTF-8"},
            timeout=180,
        )
    words = r.stdout.split()
    return int(words[words.index("shown") + 1]) / 1000


def main(programs: list[str], runs: int = 5) -> None:
    for program in programs:
        times = [once(program) for _ in range(runs)]
        print(
            f"{program}: median {statistics.median(times):.2f} s, "
            f"min {min(times):.2f} s, max {max(times):.2f} s over {runs} starts"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
