"""Start of the command line against plain argparse and keepassxc-cli (issue 18, row 6).

    .venv/bin/python bench/cli_start.py [--pairs 15]

Each figure is a whole process, started and run to its end: `safefile --help`,
`safefile client add --help` (a command's own start), against a Python that builds an
empty argparse parser and prints its help, and `keepassxc-cli --help` where installed
(Debian's package).  Paired and interleaved (bench/_pair.py).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _pair import load_note, paired, report, run_process

PY = sys.executable
PLAIN = [PY, "-c", "import argparse; argparse.ArgumentParser(prog='x').parse_args(['--help'])"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pairs", type=int, default=15)
    args = ap.parse_args()
    safefile = [PY, "-m", "safefile"]
    for label, cmd in (
        ("safefile --help", [*safefile, "--help"]),
        ("safefile client add --help", [*safefile, "client", "add", "--help"]),
    ):
        report(
            f"{label} / plain argparse",
            paired(partial(run_process, cmd), partial(run_process, PLAIN), args.pairs),
        )
        kp = shutil.which("keepassxc-cli")
        if kp:
            report(
                f"{label} / keepassxc-cli --help",
                paired(partial(run_process, cmd), partial(run_process, [kp, "--help"]), args.pairs),
            )
    load_note()


if __name__ == "__main__":
    main()
