"""Property-based: no grant ever covers a category, recipient, client or moment its
release does not, and every decision is in the record of sharing."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from safefile.consent import log, releases
from safefile.consent.categories import CATEGORIES, PROCESS_NOTES
from safefile.consent.gate import ExportRequest, Grant, Refusal, decide
from safefile.consent.releases import ReleaseIn
from tests.consent.conftest import World

BASE = date(2026, 6, 1)
GENERAL = sorted(c for c in CATEGORIES if c != PROCESS_NOTES)

release_st = st.fixed_dictionaries(
    {
        "signed": st.integers(0, 60),  # days after BASE
        "effective_delay": st.integers(0, 30),
        "length": st.integers(0, 365),
        "categories": st.one_of(
            st.lists(st.sampled_from(GENERAL), min_size=1, max_size=5, unique=True),
            st.just([PROCESS_NOTES]),
        ),
        "recipient": st.sampled_from(["parole", "court"]),
        "client": st.sampled_from(["amina", "ben"]),
        "revoked_after": st.one_of(st.none(), st.integers(0, 200)),
    }
)
request_st = st.fixed_dictionaries(
    {
        "client": st.sampled_from(["amina", "ben"]),
        "recipient": st.sampled_from(["parole", "court"]),
        "categories": st.lists(
            st.sampled_from(sorted(CATEGORIES)), min_size=1, max_size=3, unique=True
        ),
        "day": st.integers(0, 500),
        "hour": st.integers(0, 23),
        "named": st.booleans(),
    }
)


def _moment(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 30).astimezone()


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rel=release_st, req=request_st)
def test_no_grant_exceeds_its_release(world: World, rel: dict, req: dict) -> None:  # type: ignore[type-arg]
    v, clock = world.vault, world.vault.clock
    signed = BASE + timedelta(days=rel["signed"])
    clock.set(_moment(signed))  # type: ignore[attr-defined]
    client = getattr(world, rel["client"])
    form = None if client != world.amina else world.form
    effective = signed + timedelta(days=rel["effective_delay"])
    rid = releases.add_release(
        v,
        ReleaseIn.from_input(
            {
                "client_id": client,
                "recipient_org_id": getattr(world, rel["recipient"]),
                "categories": tuple(rel["categories"]),
                "purpose": "Parole compliance",
                "signed_on": signed,
                "effective_on": effective,
                "expires_on": effective
                + timedelta(days=min(rel["length"], 365 - rel["effective_delay"])),
                "form_document_id": form,
                "original_on_file": form is None,
            }
        ),
    )
    if rel["revoked_after"] is not None:
        revoked = signed + timedelta(days=rel["revoked_after"])
        clock.set(_moment(revoked))  # type: ignore[attr-defined]
        releases.revoke_release(v, rid, revoked)
    day = BASE + timedelta(days=req["day"])
    clock.set(_moment(day, req["hour"]))  # type: ignore[attr-defined]
    before = len(log.entries(v))
    result = decide(
        v,
        ExportRequest(
            client_id=getattr(world, req["client"]),
            recipient_org_id=getattr(world, req["recipient"]),
            categories=tuple(req["categories"]),
            release_id=rid if req["named"] else None,
        ),
    )
    after = log.entries(v)
    assert len(after) == before + 1 and after[-1].ref == result.log_ref
    event("refused" if isinstance(result, Refusal) else "granted")
    if isinstance(result, Refusal):
        assert result.reasons and after[-1].kind == log.REFUSED
        return
    assert isinstance(result, Grant) and after[-1].kind == log.GRANTED
    r = result.release
    assert r is not None
    fresh = releases.get_release(v, r.id)
    assert fresh.client_id == result.client_id == getattr(world, req["client"])
    assert fresh.recipient_org_id == result.recipient_org_id == getattr(world, req["recipient"])
    assert set(result.categories) <= set(fresh.categories)
    if PROCESS_NOTES in result.categories:
        assert tuple(fresh.categories) == (PROCESS_NOTES,) and len(result.categories) == 1
    assert fresh.effective_on <= day <= fresh.expires_on
    assert fresh.revoked_on is None or fresh.revoked_on > day
    scope = result.scope
    if "services" not in result.categories and "attendance" not in result.categories:
        assert scope.service_ids == ()
    if "progress-notes" not in result.categories:
        assert scope.note_refs == ()
    if PROCESS_NOTES not in result.categories:
        assert scope.process_note_refs == ()
    if "documents" not in result.categories:
        assert scope.document_ids == ()


def test_log_chain_whole_after_many_decisions(world: World) -> None:
    from safefile.health import check_vault

    for _ in range(30):
        decide(world.vault, ExportRequest(world.amina, world.court, ("services",)))
    assert check_vault(world.vault).ok
