"""The one clock the core reads, and the vault's time zone.

Every decision that depends on time (the consent gate above all) reads the
time from a :class:`Clock` so that tests can set it.  Times are timezone-aware.

Dates ("today", a revocation's day, an expiry, a due date) are days in the
*vault's* time zone, recorded when the vault was made (``meta.time_zone``), not
in the zone of whatever process happens to run: a revocation entered on a
laptop whose zone is already tomorrow, and an export made at the same moment
from a script running in UTC, must agree on the day (docs/rules.md).  A vault
wraps the clock it is given in a :class:`VaultClock` that reads the time in its
zone; :func:`today` and :func:`iso_now` keep that zone.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Any, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


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


class VaultClock:
    """``inner``'s time, told in the vault's zone (tests still set and move ``inner``)."""

    def __init__(self, inner: Clock, zone: tzinfo, zone_name: str) -> None:
        self.inner: Clock = inner.inner if isinstance(inner, VaultClock) else inner
        self.zone = zone
        self.zone_name = zone_name

    def now(self) -> datetime:
        return self.inner.now().astimezone(self.zone)

    def __getattr__(self, name: str) -> Any:  # set, advance: the test clock's own
        return getattr(self.inner, name)


def _in_zone(clock: Clock) -> datetime:
    zone = getattr(clock, "zone", None)
    now = clock.now()
    return now.astimezone(zone) if zone is not None else now.astimezone()


def today(clock: Clock) -> date:
    """Today's date in the vault's time zone (the process's, for a clock of no vault)."""
    return _in_zone(clock).date()


def iso_now(clock: Clock) -> str:
    return _in_zone(clock).isoformat(timespec="seconds")


# --- time zones -------------------------------------------------------------------

_FIXED = re.compile(r"^UTC([+-])(\d\d):(\d\d)$")


def local_zone_name() -> str:
    """The workstation's time zone as an IANA name (``Europe/Paris``), or as a fixed
    offset (``UTC+01:00``) when the system does not say which zone it is."""
    candidates: list[str] = []
    tz_env = os.environ.get("TZ", "").lstrip(":")
    if tz_env:
        candidates.append(tz_env)
    try:
        link = os.readlink("/etc/localtime")
        if "zoneinfo/" in link:
            candidates.append(link.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    try:
        with open("/etc/timezone", encoding="utf-8") as fh:
            candidates.append(fh.read().strip())
    except OSError:
        pass
    for name in candidates:
        if name and zone_named(name) is not None:
            return name
    offset = datetime.now().astimezone().utcoffset() or timedelta(0)
    if not offset:
        return "UTC"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def zone_named(name: str) -> tzinfo | None:
    """The zone a vault recorded, or None when this computer does not know it."""
    if name == "UTC":
        return UTC
    fixed = _FIXED.match(name)
    if fixed:
        sign = 1 if fixed.group(1) == "+" else -1
        return timezone(sign * timedelta(hours=int(fixed.group(2)), minutes=int(fixed.group(3))))
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None
