"""The record of sharing, read and printed (kept for readers; the work is done in):

* consent/log_view.py: reading it in plain words (``select``, ``LogFilter``);
* consent/log_print.py: printing it, a road out (``print_log``, ``redeem``);
* export/log_content.py: what the printed PDF holds (``gather``).
"""

from __future__ import annotations

from safefile.consent.log_print import (
    ACCOUNTING,
    AUDIT,
    GRANT_KIND,
    PURPOSES,
    RECIPIENTS,
    REVIEW,
    ROAD,
    print_log,
    record_written,
    redeem,
)
from safefile.consent.log_view import (
    ACCOUNTING_YEARS,
    GROUPS,
    KIND_WORDS,
    LABELS,
    LogFilter,
    LogRow,
    accounting_refs,
    select,
)

__all__ = [
    "ACCOUNTING",
    "ACCOUNTING_YEARS",
    "AUDIT",
    "GRANT_KIND",
    "GROUPS",
    "KIND_WORDS",
    "LABELS",
    "PURPOSES",
    "RECIPIENTS",
    "REVIEW",
    "ROAD",
    "LogFilter",
    "LogRow",
    "accounting_refs",
    "print_log",
    "record_written",
    "redeem",
    "select",
]
