"""One today: the screens take the day from the vault's clock (ui/day.py), never the
workstation's wall clock, so a date field's default and limit are the day the core checks
against (a vault in another time zone, a clock a test sets). Read from the source with
``ast``."""

from __future__ import annotations

import ast
from pathlib import Path

import safefile.ui

UI = Path(safefile.ui.__file__).parent

# date.today(), datetime.now(), dt.datetime.utcnow(), QDate.currentDate(), ...
WALL_CLOCK = {
    "date": {"today"},
    "datetime": {"today", "now", "utcnow"},
    "QDate": {"currentDate"},
    "QDateTime": {"currentDateTime", "currentDateTimeUtc", "currentMSecsSinceEpoch"},
    "QTime": {"currentTime"},
}
# The one place that may fall back on a clock of no vault (before any vault is open).
DAY = UI / "day.py"


def _wall_clock_reads(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            name = (
                owner.attr
                if isinstance(owner, ast.Attribute)
                else owner.id
                if isinstance(owner, ast.Name)
                else ""
            )
            if node.func.attr in WALL_CLOCK.get(name, set()):
                found.append(f"{node.lineno}: {name}.{node.func.attr}()")
        elif isinstance(node, ast.Name) and node.id == "SystemClock":
            found.append(f"{node.lineno}: SystemClock")
    return found


def test_the_screens_never_read_the_wall_clock() -> None:
    reads = [
        f"{path.relative_to(UI)}:{hit}"
        for path in sorted(UI.rglob("*.py"))
        if path != DAY
        for hit in _wall_clock_reads(path.read_text(encoding="utf-8"))
    ]
    assert reads == []


def test_the_checker_sees_each_wall_clock_read() -> None:
    probes = [
        "d = date.today()",
        "d = datetime.now()",
        "d = dt.datetime.now(dt.UTC)",
        "e = QDateEdit(QDate.currentDate())",
        "edit.setMaximumDate(QDate.currentDate().addDays(1))",
        "t = QDateTime.currentDateTime()",
        "from safefile.clock import SystemClock\nc = today(SystemClock())",
    ]
    for probe in probes:
        assert _wall_clock_reads(probe), probe
    assert _wall_clock_reads("e = QDateEdit(qtoday(self.service))") == []
