"""The program's settings, kept inside the vault.

The program's name, address and phone (printed on every export, so a recipient
knows who sent it and whom to call to verify it), the practitioner whose name
signs notes, witnesses releases and makes entries (with their credentials), the
paper size of exports, how long the app waits before it locks itself, how long a
client's file is kept after it is closed (docs/rules.md: a common domestic-violence
program template keeps client files no more than one year after services end), and
the longest a release may run.  Each change is validated with a plain message,
written in one transaction and recorded in the audit trail by the names of the
settings changed (never a name, address or phone itself).

Retention is per kind of record (issue 15): client files and process notes are kept
a number of months after the file is closed; the record of sharing keeps its entries
six years by default (HIPAA 164.528 asks for an accounting over six years), counted
from each entry's date.  The program's policies (who destroys records and how often,
whom to call about a subpoena or a police demand, the steps for an outside request
and for a client's request) are editable text shown where the user needs them; a
change to a policy is audited by its name only.

The program's list of service types lives in :mod:`safefile.records.services`.
"""

from __future__ import annotations

import locale
import os
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator

from safefile.consent.releases import DEFAULT_MAX_DAYS, MAX_DAYS_KEY
from safefile.errors import InvalidInput, PractitionerNotSet
from safefile.numbers import is_ascii_digits
from safefile.records import writes
from safefile.store.actor import session_actor
from safefile.store.vault import Vault

PROGRAM_NAME_KEY = "program_name"
PROGRAM_ADDRESS_KEY = "program_address"
PROGRAM_PHONE_KEY = "program_phone"
PRACTITIONER_KEY = "practitioner"
CREDENTIALS_KEY = "credentials"
PAGE_SIZE_KEY = "page_size"
LOCALE_KEY = "locale"
IDLE_MINUTES_KEY = "idle_minutes"
RETENTION_MONTHS_KEY = "retention_months"
RELEASE_MAX_DAYS_KEY = MAX_DAYS_KEY
PROCESS_NOTES_MONTHS_KEY = "retention_process_notes_months"
SHARING_MONTHS_KEY = "retention_sharing_months"
POLICY_KEYS = {
    "policy_destruction": "policy_destruction",
    "policy_legal_demand": "policy_legal_demand",
    "policy_outside_request": "policy_outside_request",
    "policy_client_request": "policy_client_request",
}
POLICY_TITLES = {
    "policy_destruction": "Who destroys records, and how often",
    "policy_legal_demand": "Whom to contact about a subpoena or a police demand",
    "policy_outside_request": "Steps for a request from outside the program",
    "policy_client_request": "Steps for a client's request for their own records",
}
POLICY_MAX = 4000

DEFAULT_IDLE_MINUTES = 5
DEFAULT_RETENTION_MONTHS = 12
DEFAULT_PROCESS_NOTES_MONTHS = 12
DEFAULT_SHARING_MONTHS = 72  # six years: the accounting of disclosures (HIPAA 164.528)
IDLE_RANGE = (1, 60)
RETENTION_RANGE = (1, 360)  # up to 30 years: some records of minors are kept that long
RELEASE_DAYS_RANGE = (1, 1825)  # a release must be reasonably time-limited: five years at most
PROGRAM_NAME_MAX = 200
PAGE_SIZES = ("letter", "a4")
# Regions that use US Letter paper (and, for English, US spelling where noted).
LETTER_REGIONS = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE", "PR", "GT", "CR"})
US_SPELLING_REGIONS = frozenset({"US", "PR", "PH"})

# Free text settings: (longest, may be empty, the message when empty)
_TEXTS: dict[str, tuple[int, bool, str]] = {
    "program_name": (
        PROGRAM_NAME_MAX,
        False,
        "Please fill in the program's name: it is printed on everything you send.",
    ),
    "program_address": (300, True, ""),
    "program_phone": (40, True, ""),
    "practitioner": (
        120,
        False,
        "Please fill in the practitioner's name: it signs notes, witnesses releases and "
        "makes every entry in the record of sharing.",
    ),
    "credentials": (80, True, ""),
}
_TEXT_NAMES = {
    "program_name": "The program's name",
    "program_address": "The program's address",
    "program_phone": "The program's phone number",
    "practitioner": "The practitioner's name",
    "credentials": "The credentials",
}

_KEYS = {
    "program_name": PROGRAM_NAME_KEY,
    "program_address": PROGRAM_ADDRESS_KEY,
    "program_phone": PROGRAM_PHONE_KEY,
    "practitioner": PRACTITIONER_KEY,
    "credentials": CREDENTIALS_KEY,
    "page_size": PAGE_SIZE_KEY,
    "idle_minutes": IDLE_MINUTES_KEY,
    "retention_months": RETENTION_MONTHS_KEY,
    "release_max_days": RELEASE_MAX_DAYS_KEY,
    "process_notes_months": PROCESS_NOTES_MONTHS_KEY,
    "sharing_months": SHARING_MONTHS_KEY,
    **POLICY_KEYS,
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
    "process_notes_months": (
        RETENTION_RANGE,
        "Keep process notes between {lo} and {hi} months after the file is closed.",
    ),
    "sharing_months": (
        (72, 360),
        "Keep the record of sharing between {lo} and {hi} months (at least six years).",
    ),
}
_TEXT_FIELDS = ("program_name", *POLICY_KEYS)


def _whole_number(field: str, value: Any) -> int:
    (lo, hi), message = _RANGE_MESSAGES[field]
    text = message.format(lo=lo, hi=hi)
    if isinstance(value, bool):
        raise ValueError(text)
    if isinstance(value, str):
        value = value.strip()
        if not is_ascii_digits(value) or len(value) > 12:
            raise ValueError(f"{text} Write a whole number, for example {lo + (hi - lo) // 10}.")
        value = int(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or not lo <= value <= hi:
        raise ValueError(text)
    return value


def _text(field: str, value: Any) -> str:
    longest, may_be_empty, empty_message = _TEXTS[field]
    text = " ".join(str(value or "").split())
    if not text and not may_be_empty:
        raise ValueError(empty_message)
    if len(text) > longest:
        raise ValueError(f"{_TEXT_NAMES[field]} is too long (at most {longest} characters).")
    return text


def _program_name(value: Any) -> str:
    return _text("program_name", value)


def _page_size(value: Any) -> str:
    text = str(value or "").strip().casefold().replace(" ", "")
    text = {"usletter": "letter", "us-letter": "letter"}.get(text, text)
    if text not in PAGE_SIZES:
        raise ValueError("The paper size is either letter (US Letter) or a4.")
    return text


def _policy(field: str, value: Any) -> str:
    text = "\n".join(line.rstrip() for line in str(value or "").strip().splitlines())
    if len(text) > POLICY_MAX:
        raise ValueError(
            f"The policy '{POLICY_TITLES[field]}' is too long (at most {POLICY_MAX} characters)."
        )
    return text


def _check(field: str, value: Any) -> Any:
    if field in _TEXTS:
        return _text(field, value)
    if field == "page_size":
        return _page_size(value)
    if field in POLICY_KEYS:
        return _policy(field, value)
    return _whole_number(field, value)


def system_region() -> str:
    """The workstation's region ("US", "GB"...) from its locale, or "" when unknown."""
    for var in ("LC_ALL", "LC_PAPER", "LANG"):
        value = os.environ.get(var, "")
        if value:
            break
    else:
        value = locale.getlocale()[0] or ""
    head = value.split(".")[0].split("@")[0]
    parts = head.replace("-", "_").split("_")
    return parts[1].upper() if len(parts) > 1 else ""


def default_page_size(region: str | None = None) -> str:
    """Letter where Letter is used, and when the region is unknown (SafeFile is built on
    US law); A4 everywhere else."""
    region = system_region() if region is None else region
    return "letter" if not region or region in LETTER_REGIONS else "a4"


def default_locale(region: str | None = None) -> str:
    """en-US spelling where US spelling is used or the region is unknown; en-GB otherwise."""
    region = system_region() if region is None else region
    return "en-US" if not region or region in US_SPELLING_REGIONS else "en-GB"


class Settings(BaseModel):
    """The program's settings; every field has a sensible default."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    program_name: str = ""
    program_address: str = ""
    program_phone: str = ""
    practitioner: str = ""
    credentials: str = ""
    page_size: str = "letter"
    idle_minutes: int = DEFAULT_IDLE_MINUTES
    retention_months: int = DEFAULT_RETENTION_MONTHS
    release_max_days: int = DEFAULT_MAX_DAYS
    process_notes_months: int = DEFAULT_PROCESS_NOTES_MONTHS
    sharing_months: int = DEFAULT_SHARING_MONTHS
    policy_destruction: str = ""
    policy_legal_demand: str = ""
    policy_outside_request: str = ""
    policy_client_request: str = ""

    @field_validator(*_TEXTS, mode="before")
    @classmethod
    def _texts(cls, v: Any, info: Any) -> str:
        return _text(str(info.field_name), v)

    @field_validator("page_size", mode="before")
    @classmethod
    def _paper(cls, v: Any) -> str:
        return _page_size(v)

    @property
    def signature(self) -> str:
        """The practitioner as they sign: "Dana Whitfield, LCSW" ("" until set)."""
        return ", ".join(x for x in (self.practitioner, self.credentials) if x)

    @field_validator(
        "idle_minutes",
        "retention_months",
        "release_max_days",
        "process_notes_months",
        "sharing_months",
        mode="before",
    )
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
    values: dict[str, Any] = {"page_size": vault.get_meta(PAGE_SIZE_KEY) or default_page_size()}
    for field, key in _KEYS.items():
        raw = vault.get_meta(key)
        if raw is None:
            continue
        if field in _TEXTS or field in POLICY_KEYS:
            values[field] = raw
        elif field == "page_size":
            values[field] = raw if raw in PAGE_SIZES else default_page_size()
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
    # Every entry, signature and witness from now on carries this name: this one
    # included, and the session's (``vault.actor``) once it is committed.
    signs = after.practitioner and ("practitioner" in changed or "credentials" in changed)
    # On a vault of staff accounts (issue 28) the session is the member who unlocked: the
    # practitioner setting no longer says who acts.
    signs = signs and not vault.signer_uid
    actor = session_actor(after.signature) if signs else vault.actor
    with writes.together(vault):
        for field in changed:
            vault.set_meta(_KEYS[field], str(getattr(after, field)))
        if signs:
            vault.set_meta("user_name", after.signature)
        # Names, addresses and phones are not copied into the audit trail: only which
        # settings changed, and the old and new values of the others.
        numbers = {
            f: [getattr(before, f), getattr(after, f)]
            for f in changed
            if f not in _TEXTS and f not in POLICY_KEYS
        }
        vault.audit("settings changed", actor=actor, fields=changed, values=numbers)
    vault.actor = actor
    return after


@dataclass(frozen=True)
class Practitioner:
    """The person whose name signs notes, witnesses releases and makes entries."""

    name: str
    credentials: str

    @property
    def signature(self) -> str:
        return ", ".join(x for x in (self.name, self.credentials) if x)


PRACTITIONER_NOT_SET = (
    "The practitioner's name is not set, so nothing can be signed or recorded yet. "
    'Set it first: safefile settings VAULT --practitioner "Your Name" --credentials "LCSW" '
    "(in the app: Edit > Settings)."
)


def practitioner(vault: Vault) -> Practitioner | None:
    """The practitioner, or None until their name is set."""
    s = load(vault)
    return Practitioner(s.practitioner, s.credentials) if s.practitioner else None


def require_practitioner(vault: Vault) -> Practitioner:
    """The practitioner, or :class:`PractitionerNotSet` (exit 1) saying how to set it."""
    found = practitioner(vault)
    if found is None:
        raise PractitionerNotSet(PRACTITIONER_NOT_SET)
    return found


def program_locale(vault: Vault) -> str:
    """The program's spelling: "en-US" or "en-GB" (stored, or from the workstation)."""
    stored = vault.get_meta(LOCALE_KEY)
    return stored if stored in ("en-US", "en-GB") else default_locale()


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


def first_start(vault: Vault, changes: dict[str, Any]) -> Settings:
    """Settings made when a vault is created: ``changes`` (the practitioner, the program's
    name...), and the paper size and spelling of the workstation's region, fixed now so
    that exports do not change with whoever's computer opens the vault later."""
    with writes.together(vault):
        if vault.get_meta(LOCALE_KEY) is None:
            vault.set_meta(LOCALE_KEY, default_locale())
        if vault.get_meta(PAGE_SIZE_KEY) is None:
            vault.set_meta(PAGE_SIZE_KEY, default_page_size())
        return save(vault, {k: v for k, v in changes.items() if v is not None})


def policies(vault: Vault) -> dict[str, str]:
    """The program's policies: {title: text}, only those written down."""
    current = load(vault)
    return {
        title: getattr(current, field)
        for field, title in POLICY_TITLES.items()
        if getattr(current, field).strip()
    }


def policy(vault: Vault, field: str) -> str:
    """One policy's text ("" when the program has not written it)."""
    if field not in POLICY_KEYS:
        raise InvalidInput(f"'{field}' is not one of the program's policies.")
    return str(getattr(load(vault), field))
