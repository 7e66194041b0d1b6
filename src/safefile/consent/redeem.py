"""Redeeming a grant, and recording what became of it.

Only the exporter (export/) redeems: it hands the grant back here, which checks
it (consent/grants.spend: made here, for this vault, unchanged, unspent,
current), checks it matches its decision in the record of sharing, and for a
release checks again that the release still allows it now.  The file written,
or the failure to write it, is then recorded against that decision.
"""

from __future__ import annotations

from safefile.clock import today
from safefile.consent import details, log, own_copy
from safefile.consent.decision import grant_digest, refuse
from safefile.consent.grants import Grant, spend
from safefile.consent.kinds import DISCLOSURE_KINDS, EntryKind, GrantKind, Road, road_of
from safefile.consent.release_rules import release_problems
from safefile.consent.releases import get_release
from safefile.errors import ConsentRefused, InvalidInput, NotFound
from safefile.records import writes
from safefile.staff.guard import allowed
from safefile.staff.roles import Action
from safefile.store.actor import Actor
from safefile.store.vault import Vault

NOT_RECORDED = "This grant does not match any decision in the record of sharing."


def spend_recorded(vault: Vault, grant: object, kinds: tuple[EntryKind, ...]) -> Grant:
    """Spend a grant (genuine, unchanged, unspent, current, for this vault) that matches
    its entry in the record of sharing, an entry of one of ``kinds``."""
    g = spend(grant, vault.header.vault_id, vault.clock.now())
    try:
        entry = log.get_entry(vault, g.log_ref)
    except NotFound:
        entry = None
    if (
        entry is None
        or entry.kind not in kinds
        or entry.detail.get("grant_digest")
        != grant_digest(g.client_id, g.recipient_org_id, g.categories, g.scope)
    ):
        raise ConsentRefused([NOT_RECORDED])
    return g


@allowed(Action.SHARE)
def redeem(vault: Vault, grant: object, *, actor: Actor) -> Grant:
    """Check and spend a grant; for a release, check again that it still allows this now."""
    g = spend_recorded(vault, grant, DISCLOSURE_KINDS)
    if g.kind == GrantKind.RELEASE:
        assert g.release is not None and g.client_id is not None
        assert g.recipient_org_id is not None
        rel = get_release(vault, g.release.id)
        again = release_problems(
            vault,
            rel,
            client_id=g.client_id,
            recipient_org_id=g.recipient_org_id,
            recipient_name=g.recipient,
            purpose=g.purpose,
            categories=g.categories,
            on=today(vault.clock),
        )
        if again:
            refused = refuse(
                vault,
                details.Refused(road=Road.RELEASE, for_=g.log_ref, reasons=again),
                actor=actor,
                client_id=g.client_id,
                release_id=rel.id,
            )
            raise ConsentRefused(again, refused.log_ref)
    if g.own_copy_request is not None:  # answered meanwhile (another dialog, the CLI)?
        try:
            own_copy.check_answerable(vault, g.own_copy_request, g.client_id or 0)
        except InvalidInput as exc:
            refused = refuse(
                vault,
                details.Refused(road=Road.OWN_COPY, for_=g.log_ref, reasons=[exc.message]),
                actor=actor,
                client_id=g.client_id,
            )
            raise ConsentRefused([exc.message], refused.log_ref) from None
    return g


@allowed(Action.SHARE)
def record_export_written(
    vault: Vault, grant: Grant, digest: str, pages: int = 0, *, actor: Actor
) -> log.Entry:
    """The written file in the record of sharing; an own copy that answers a recorded
    request marks it answered in the same transaction (consent/own_copy.py)."""
    with writes.together(vault):
        entry = _append_written(vault, grant, digest, pages, actor)
        if grant.own_copy_request is not None:
            own_copy.answered(vault, grant.own_copy_request, grant.log_ref, actor=actor)
    return entry


def _append_written(vault: Vault, grant: Grant, digest: str, pages: int, actor: Actor) -> log.Entry:
    return log.append(
        vault,
        details.Written(
            for_=grant.log_ref,
            road=road_of(grant.kind),
            recipient=grant.recipient,
            categories=list(grant.categories),
            purpose=grant.purpose,
            release=grant.release_ref,
            pages=pages,
            method="PDF export",
            sha256=digest,
        ),
        actor=actor,
        client_id=grant.client_id,
        recipient_org_id=grant.recipient_org_id,
        release_id=grant.release.id if grant.release else None,
        digest=digest,
    )


@allowed(Action.SHARE)
def record_export_failed(vault: Vault, grant: Grant, reason: str, *, actor: Actor) -> log.Entry:
    return log.append(
        vault,
        details.Failed(for_=grant.log_ref, reason=reason),
        actor=actor,
        client_id=grant.client_id,
        recipient_org_id=grant.recipient_org_id,
    )


__all__ = ["record_export_failed", "record_export_written", "redeem", "spend_recorded"]
