"""The day the screens use: the vault's (``clock.today`` on the vault's clock, in its time
zone), the day the core checks a date against, never the workstation's wall clock
(tests/ui/test_one_today.py). Before a vault is open (a restore from the unlock screen)
it is the day of a clock of no vault, as the core's would be."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate

from safefile.clock import SystemClock, today
from safefile.ui.worker import VaultService


def vault_today(service: VaultService) -> date:
    """Today in the open vault's time zone, by its clock."""
    vault = service.worker.vault
    return today(vault.clock if vault is not None else SystemClock())


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def qtoday(service: VaultService) -> QDate:
    """``vault_today`` for a date field."""
    return qdate(vault_today(service))
