"""The one shape of every road out: a :class:`Grant`, or a :class:`Refusal` with every reason.

Each road (a release, the client's own copy, a disclosure required by law,
de-identified material, the printed record of sharing) returns ``Grant |
Refusal``, and both are written to the record of sharing before they are
returned.  Input that cannot even be decided on (a date in the future, a
missing legal basis, an unknown kind) is not a decision: it raises
``InvalidInput`` (exit 1) and records nothing, as the command-line contract
says of bad input.  ``granted`` turns a refusal into ``ConsentRefused``
(exit 3) for callers that stop there.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from safefile.consent import log
from safefile.consent.details import Refused
from safefile.consent.grants import Grant, Scope
from safefile.errors import ConsentRefused
from safefile.store.actor import Actor
from safefile.store.vault import Vault

REDISCLOSURE_NOTICE = (
    "This information has been disclosed to you from records protected by law and by the "
    "client's written consent. You may not disclose it further unless the client consents in "
    "writing or the law allows it. A general authorisation to release information is not "
    "sufficient for this purpose."
)
SOME_LEFT_OUT = "Some items are not included."  # all the recipient is told of what is left out


@dataclass(frozen=True)
class Refusal:
    """The gate said no: every reason, and the entry in the record of sharing that says so."""

    reasons: tuple[str, ...]
    log_ref: str
    left_out: tuple[str, ...] = field(default_factory=tuple)


Decision = Grant | Refusal


def granted(result: Decision) -> Grant:
    """The grant, or ConsentRefused (exit 3) with every reason of the refusal."""
    if isinstance(result, Refusal):
        raise ConsentRefused(list(result.reasons), result.log_ref)
    return result


def grant_digest(
    client_id: int | None,
    recipient_org_id: int | None,
    categories: tuple[str, ...],
    scope: Scope,
) -> str:
    """What a grant lets out, as one hash; its log entry keeps it and redeem compares."""
    payload = json.dumps(
        [client_id, recipient_org_id, list(categories), scope.as_dict()],
        sort_keys=True,
        default=list,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def refuse(
    vault: Vault,
    detail: Refused,
    *,
    actor: Actor,
    client_id: int | None = None,
    recipient_org_id: int | None = None,
    release_id: int | None = None,
) -> Refusal:
    """Record a refusal with every reason (``detail.reasons``) and return it (every road
    refuses this way)."""
    entry = log.append(
        vault,
        detail,
        actor=actor,
        client_id=client_id,
        recipient_org_id=recipient_org_id,
        release_id=release_id,
    )
    return Refusal(tuple(detail.reasons), entry.ref)


__all__ = [
    "REDISCLOSURE_NOTICE",
    "SOME_LEFT_OUT",
    "Decision",
    "Refusal",
    "grant_digest",
    "granted",
    "refuse",
]
