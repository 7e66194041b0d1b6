"""The consent gate: the one place that decides whether information may leave.

Every road out returns a Grant or a recorded Refusal (consent/decision.py).  The
gate is split by job, and this module gathers them under one name:

* consent/release_rules.py: the release road (``decide``, ``release_problems``);
* consent/roads.py: the other roads (``own_copy``, ``legal_disclosure``,
  ``deidentified``);
* consent/log_print.py: the printed record of sharing (``print_log``);
* consent/redeem.py: redeeming a grant and recording the file; only export/ imports it
  (tests/test_layers.py), so it is not gathered here.

The rules each enforces, and the tests that prove them, are in docs/rules.md.
"""

from __future__ import annotations

from safefile.consent.decision import (
    REDISCLOSURE_NOTICE,
    SOME_LEFT_OUT,
    Decision,
    Refusal,
    grant_digest,
    granted,
)
from safefile.consent.grants import Grant, Scope
from safefile.consent.kinds import EntryKind, GrantKind, Road
from safefile.consent.redeem import (
    record_export_failed,
    record_export_written,
    spend_recorded,
)
from safefile.consent.release_rules import ExportRequest, decide, release_problems
from safefile.consent.releases import release_ref
from safefile.consent.roads import (
    COURT_ORDER_WARNING,
    LEGAL_KINDS,
    deidentified,
    legal_disclosure,
    own_copy,
)
from safefile.staff.guard import allowed
from safefile.staff.roles import Action
from safefile.store.actor import Actor
from safefile.store.vault import Vault


@allowed(Action.SHARE)
def require(vault: Vault, request: ExportRequest, *, actor: Actor) -> Grant:
    """``decide``, raising ConsentRefused (exit 3) with every reason on a refusal."""
    return granted(decide(vault, request, actor=actor))


__all__ = [
    "COURT_ORDER_WARNING",
    "LEGAL_KINDS",
    "REDISCLOSURE_NOTICE",
    "SOME_LEFT_OUT",
    "Decision",
    "EntryKind",
    "ExportRequest",
    "Grant",
    "GrantKind",
    "Refusal",
    "Road",
    "Scope",
    "decide",
    "deidentified",
    "grant_digest",
    "granted",
    "legal_disclosure",
    "own_copy",
    "record_export_failed",
    "record_export_written",
    "release_problems",
    "release_ref",
    "require",
    "spend_recorded",
]
