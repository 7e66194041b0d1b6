"""The program's settings, kept inside the vault.

The program's name (printed on every export), how long the app waits before it
locks itself, how long a client's file is kept after it is closed (docs/rules.md: a
common domestic-violence program template keeps client files no more than one year
after services end), and the longest a release may run.  Each change is validated
with a plain message, written in one transaction and recorded in the audit trail
by the names of the settings changed (never the program's name itself).

The program's list of service types lives in :mod:`safefile.records.services`.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator

from safefile.consent.releases import DEFAULT_MAX_DAYS, MAX_DAYS_KEY
from safefile.errors import InvalidInput
from safefile.store.vault import Vault

PROGRAM_NAME_KEY = "program_name"
IDLE_MINUTES_KEY = "idle_minutes"
RETENTION_MONTHS_KEY = "retention_months"
RELEASE_MAX_DAYS_KEY = MAX_DAYS_KEY

DEFAULT_IDLE_MINUTES = 5
DEFAULT_RETENTION_MONTHS = 12
IDLE_RANGE = (1, 60)
RETENTION_RANGE = (1, 360)  # up to 30 years: some records of minors are kept that long
RELEASE_DAYS_RANGE = (1, 1825)  # a release must be reasonably time-limited: five years at most
PROGRAM_NAME_MAX = 200

_KEYS = {
    "program_name": PROGRAM_NAME_KEY,
    "idle_minutes": IDLE_MINUTES_KEY,
    "retention_months": RETENTION_MONTHS_KEY,
    "release_max_days": RELEASE_MAX_DAYS_KEY,
}
_RANGE_MESSAGES = {
    "idle_minutes": (IDLE_RANGE, "Lock after between {lo} and {hi} minutes."),
    "retention_months": (
        RETENTION_RANGE,
        "Keep closed client files between {lo} and {hi} months after the file is closed.",
    ),
    "release_max_days": (
        RELEASE_DAYS_RANGE,
        "A release may be valid for between {lo} and {hi} days at most.",
    ),
}


def _whole_number(field: str, value: Any) -> int:
    (lo, hi), message = _RANGE_MESSAGES[field]
    text = message.format(lo=lo, hi=hi)
    if isinstance(value, bool):
        raise ValueError(text)
    if isinstance(value, str):
        value = value.strip()
        if not value.isdigit():
            raise ValueError(f"{text} Write a whole number, for example {lo + (hi - lo) // 10}.")
        value = int(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or not lo <= value <= hi:
        raise ValueError(text)
    return value


def _program_name(value: Any) -> str:
    name = " ".join(str(value or "").split())
    if not name:
        raise ValueError("Please fill in the program's name: it is printed on everything you send.")
    if len(name) > PROGRAM_NAME_MAX:
        raise ValueError(f"The program's name is too long (at most {PROGRAM_NAME_MAX} characters).")
    return name


def _check(field: str, value: Any) -> Any:
    return _program_name(value) if field == "program_name" else _whole_number(field, value)


class Settings(BaseModel):
    """The program's settings; every field has a sensible default."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    program_name: str = ""
    idle_minutes: int = DEFAULT_IDLE_MINUTES
    retention_months: int = DEFAULT_RETENTION_MONTHS
    release_max_days: int = DEFAULT_MAX_DAYS

    @field_validator("program_name", mode="before")
    @classmethod
    def _name(cls, v: Any) -> str:
        return _program_name(v)

    @field_validator("idle_minutes", "retention_months", "release_max_days", mode="before")
    @classmethod
    def _numbers(cls, v: Any, info: Any) -> int:
        return _whole_number(str(info.field_name), v)

    @property
    def idle_ms(self) -> int:
        return self.idle_minutes * 60_000


def load(vault: Vault) -> Settings:
    """The settings as stored, with the defaults for those never set.

    A program name that was never set reads as "" (``model_construct``: load never
    refuses what is stored; saving validates).
    """
    values: dict[str, Any] = {}
    for field, key in _KEYS.items():
        raw = vault.get_meta(key)
        if raw is None:
            continue
        if field == "program_name":
            values[field] = raw
        else:
            try:
                values[field] = _whole_number(field, raw)
            except ValueError:
                continue  # a stored value out of range reads as the default
    return Settings.model_construct(**values)


def validate(current: Settings, changes: dict[str, Any]) -> Settings:
    """``current`` with ``changes`` applied, or :class:`InvalidInput` with every problem.

    Only the fields being changed are checked, so a vault whose program name was never
    set can still change its lock time.
    """
    problems: list[str] = []
    clean: dict[str, Any] = {}
    for field, value in changes.items():
        if field not in _KEYS:
            problems.append(f"'{field}' is not one of SafeFile's settings.")
            continue
        try:
            clean[field] = _check(field, value)
        except ValueError as exc:
            problems.append(str(exc))
    if problems:
        raise InvalidInput("\n".join(problems))
    return Settings.model_construct(**{**current.__dict__, **clean})


def save(vault: Vault, changes: dict[str, Any]) -> Settings:
    """Apply ``changes`` (any of the fields of :class:`Settings`) in one transaction.

    Bad input raises :class:`InvalidInput` with a plain message and changes nothing.
    """
    before = load(vault)
    after = validate(before, changes)
    changed = [f for f in _KEYS if getattr(after, f) != getattr(before, f)]
    if not changed:
        return after
    with vault.transaction():
        for field in changed:
            vault.set_meta(_KEYS[field], str(getattr(after, field)))
        numbers = {
            f: [getattr(before, f), getattr(after, f)] for f in changed if f != "program_name"
        }
        vault.audit("settings changed", fields=changed, values=numbers)
    return after


def set_program_name(vault: Vault, name: str) -> Settings:
    return save(vault, {"program_name": name})


def idle_minutes(vault: Vault) -> int:
    return load(vault).idle_minutes


def retention_months(vault: Vault) -> int:
    """Months a client's file is kept after it is closed (for the retention policy)."""
    return load(vault).retention_months


def stored_idle_ms(vault: Vault) -> int | None:
    """The lock time the program chose, in milliseconds, or None if it never chose one."""
    if vault.get_meta(IDLE_MINUTES_KEY) is None:
        return None
    return load(vault).idle_ms
