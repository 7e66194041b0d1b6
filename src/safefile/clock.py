"""The one clock the core reads.

Every decision that depends on time (the consent gate above all) reads the
time from a :class:`Clock` so that tests can set it.  Times are timezone-aware;
"today" is the date in the workstation's local time zone.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now().astimezone()


class FixedClock:
    """A clock for tests: it shows ``at`` until moved."""

    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None:
            at = at.astimezone()
        self._at = at

    def now(self) -> datetime:
        return self._at

    def set(self, at: datetime) -> None:
        self._at = at if at.tzinfo else at.astimezone()

    def advance(self, delta: timedelta) -> None:
        self._at = self._at + delta


def today(clock: Clock) -> date:
    return clock.now().astimezone().date()


def iso_now(clock: Clock) -> str:
    return clock.now().astimezone().isoformat(timespec="seconds")
