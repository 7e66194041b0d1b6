"""Checking is not deciding (issue 23): what the gate would answer now, nothing written.

The send dialog shows the gate's answer as soon as the form is filled in, and when it
opens under a release. Asking is not sending, so nothing may reach the record of sharing
until the user sends (writes the file or confirms the call): :func:`preview` runs the
very same decision (the one gate, the same rules) inside a transaction that is always
rolled back, so neither the entry nor the audit chain moves, and voids the grant it made
(grants.void) so that it can only be shown, never redeemed. When the user sends, the road
is asked again for real and its decision is recorded as always; a refusal the user asked
for (they pressed Check) is recorded by asking for real too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from safefile.consent import grants
from safefile.consent.decision import Decision, Refusal, granted
from safefile.consent.grants import GRANT_TTL, Grant
from safefile.errors import ConsentRefused
from safefile.records import writes
from safefile.store.vault import Vault

CHANGED_SINCE = (
    "What may be sent changed since the check, so nothing was sent. Check again and read "
    "the new answer."
)


LAPSED = "The answer shown has lapsed (it is valid only when it was given); check again."


@dataclass(frozen=True)
class Preview:
    """The answer the gate would give: ``grant`` (void: for showing what would go, never
    for an export) or the ``reasons`` of a refusal. Nothing of it was recorded."""

    grant: Grant | None
    reasons: tuple[str, ...] = ()

    @property
    def allowed(self) -> bool:
        return self.grant is not None


def preview(vault: Vault, ask: Callable[[], Decision]) -> Preview:
    """Ask the gate (``ask`` calls one road of it on ``vault``) and undo every write."""
    answers: list[Decision] = []
    with writes.undone(vault):
        answers.append(ask())
    answer = answers[0]
    if isinstance(answer, Refusal):
        return Preview(None, answer.reasons)
    grants.void(answer)
    return Preview(answer)


def check(vault: Vault, ask: Callable[[], Decision], *, asked: bool) -> Preview | Refusal:
    """The answer to show. A refusal the user asked for (``asked``: they pressed Check) is
    recorded, by asking for real; any other answer records nothing."""
    shown = preview(vault, ask)
    if shown.allowed or not asked:
        return shown
    answer = ask()
    if isinstance(answer, Grant):  # (the same question a moment later: cannot happen)
        grants.void(answer)
        return Preview(answer)
    return answer


def decide_to_send(vault: Vault, shown: Grant, ask: Callable[[], Decision]) -> Grant:
    """At the send: the gate decides for real (recorded) and its grant is returned when it
    lets out exactly what the preview showed. Refused (ConsentRefused) with nothing
    recorded when the answer shown has lapsed (older than a grant may be); refused, its
    grant voided, when the decision differs from what was shown."""
    if vault.clock.now() - shown.made_at > GRANT_TTL:
        raise ConsentRefused([LAPSED])
    grant = granted(ask())
    if not same_answer(shown, grant):
        grants.void(grant)
        raise ConsentRefused([CHANGED_SINCE], grant.log_ref)
    return grant


def same_answer(shown: Grant, decided: Grant) -> bool:
    """Whether the grant decided at the send lets out exactly what the preview showed."""
    return (
        shown.kind == decided.kind
        and shown.client_id == decided.client_id
        and shown.recipient_org_id == decided.recipient_org_id
        and shown.categories == decided.categories
        and shown.scope == decided.scope
        and shown.release_ref == decided.release_ref
    )


__all__ = [
    "CHANGED_SINCE",
    "LAPSED",
    "Preview",
    "check",
    "decide_to_send",
    "preview",
    "same_answer",
]
