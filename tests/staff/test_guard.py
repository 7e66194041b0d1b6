"""Roles enforced at every core entry point, and a file closed to a staff member
(issue 28, Build 3 and 4): staff/guard.py, against real vaults.

* Every public core function with an ``actor`` parameter (found in the source with
  ``ast``) carries the guard, or is in :data:`EXEMPT` with the reason.
* Every guarded entry point × every role against :data:`TABLE`, written here by hand
  (not derived from staff/roles.ALLOWED): the real decorated function is called with a
  session of that role; a refusal is RoleRefused before anything runs.
* A file closed to a member does not exist for their session: not found by name, case
  number or search, not listed, not counted, not opened, and every road refuses with
  the words and exit of a missing client; each attempt is audited.
"""

from __future__ import annotations

import ast
import importlib
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from safefile import records
from safefile.errors import NotFound, RoleRefused
from safefile.records.models import ClientIn, NoteIn, ServiceIn
from safefile.staff import closures, guard, members
from safefile.staff.roles import Role
from safefile.store.actor import Actor
from safefile.store.memberslots import MemberKeys, new_member_id
from safefile.store.vault import Vault

SRC = Path(__file__).resolve().parents[2] / "src" / "safefile"
NOT_CORE = {"ui", "cli"}

# Public core functions with an ``actor`` that are not guarded themselves, and why.
EXEMPT: dict[str, str] = {
    "consent.decision:refuse": "records a refusal for decide/requests/roads, all guarded",
    "consent.log:append": "the record of sharing's append, called by guarded entry points",
    "consent.log_print:record_written": "called by export.exporter.write_export (guarded)",
    "records.writes:change": "the one write path itself; its callers are guarded",
    "export.seal:ensure": "makes the seal on first need, for guarded exports and first start",
    "staff.closures:require_open_to": "the closure check itself",
    "staff.guard:require_session": "the guard itself",
    "store.audit:append": "the audit trail's append (store, below every guard)",
    "store.keyring:Owner.audit": "the key ring's audit entry, inside the key operations",
    "store.vault:Vault.signing_for": "who signs an entry: the store's, under both appends",
    "store.vault:Vault.audit": "the audit trail; every guarded call records through it",
}

V, A, S, X = Role.VOLUNTEER, Role.ADVOCATE, Role.SUPERVISOR, Role.ADMINISTRATOR
EVERYONE = frozenset({V, A, S, X})
WORKERS = frozenset({A, S, X})  # those who work client files
LEADS = frozenset({S, X})
ADMIN = frozenset({X})

# Every guarded entry point: the roles that may call it (written by hand, from the
# issue: a volunteer records anonymous contacts only; advocates work and share files;
# supervisors also destroy, hold, report and read the logs; administrators also run
# settings, imports, staff, keys and the seal).
TABLE: dict[str, frozenset[Role]] = {
    "backup.core:make_backup": WORKERS,
    "backup.policy:backup_now": WORKERS,
    "consent.accounting:disclosures": WORKERS,
    "consent.accounting:refs": WORKERS,
    "consent.disclose:disclose": WORKERS,
    "consent.drafts:list_drafts": WORKERS,
    "consent.releases:list_releases": WORKERS,
    "consent.revocation:waiting_for_writing": WORKERS,
    "records.documents:list_documents": WORKERS,
    "records.drafts:find": WORKERS,
    "records.notes:list_notes": WORKERS,
    "records.notes:list_process_notes": WORKERS,
    "records.services:list_services": WORKERS,
    "consent.drafts:draft_release": WORKERS,
    "consent.drafts:record_print": WORKERS,
    "consent.drafts:sign": WORKERS,
    "consent.drafts:withdraw": WORKERS,
    "consent.gate:require": WORKERS,
    "consent.local_copy:record_local_copy": WORKERS,
    "consent.log:correct": LEADS,
    "consent.log_print:print_log": LEADS,
    "consent.outcome:record_outcome": WORKERS,
    "consent.own_copy:record_request": WORKERS,
    "consent.own_copy:extend": WORKERS,
    "consent.own_copy:answered": WORKERS,
    "consent.people:add_restriction": WORKERS,
    "consent.people:list_restrictions": WORKERS,
    "consent.redeem:redeem": WORKERS,
    "consent.redeem:record_export_written": WORKERS,
    "consent.redeem:record_export_failed": WORKERS,
    "consent.release_rules:decide": WORKERS,
    "consent.releases:add_release": WORKERS,
    "consent.releases:revoke_release": WORKERS,
    "consent.releases:record_expiry_event": WORKERS,
    "consent.requests:record_request": WORKERS,
    "consent.revocation:attach_written": WORKERS,
    "consent.roads:own_copy": WORKERS,
    "consent.roads:legal_disclosure": WORKERS,
    "consent.roads:deidentified": WORKERS,
    "export.content:gather": WORKERS,
    "export.exporter:export_pdf": WORKERS,
    "export.exporter:release_form": WORKERS,
    "export.exporter:write_export": WORKERS,
    "export.log_report:export_log_pdf": LEADS,
    "export.release_form:print_release_form": WORKERS,
    "export.release_form:print_revocation_form": WORKERS,
    "export.seal:renew": ADMIN,
    "export.seal:import_seal": ADMIN,
    "export.seal_card:print_card": ADMIN,
    "funder.entries:add_contact": EVERYONE,
    "funder.entries:add_stay": EVERYONE,
    "funder.entries:end_stay": EVERYONE,
    "funder.entries:add_unmet": EVERYONE,
    "funder.entries:add_survey": EVERYONE,
    "funder.entries:map_service_type": ADMIN,
    "funder.entries:add_service_type": ADMIN,
    "funder.intake:set_answers": WORKERS,
    "funder.lists:add_answer": ADMIN,
    "importer.load:write": ADMIN,
    "importer.load:import_csv": ADMIN,
    "jobs.first_start:first_start": ADMIN,
    "jobs.new_client:add_at_intake": WORKERS,
    "jobs.signed_release:add_with_form": WORKERS,
    "records.acknowledgement:record": WORKERS,
    "records.clientfile:client_file": WORKERS,
    "records.clients:add_client": WORKERS,
    "records.clients:add_household": WORKERS,
    "records.clients:ensure_household": WORKERS,
    "records.clients:link_household": WORKERS,
    "records.clients:set_born": WORKERS,
    "records.clients:join_household": WORKERS,
    "records.clients:add_client_with_household": WORKERS,
    "records.clients:leave_household": WORKERS,
    "records.clients:set_status": WORKERS,
    "records.clients:update_contact": WORKERS,
    "records.documents:attach": WORKERS,
    "records.documents:read_document": WORKERS,
    "records.language:set_client_language": WORKERS,
    "records.notes:add_note": WORKERS,
    "records.notes:update_draft": WORKERS,
    "records.notes:sign_note": WORKERS,
    "records.notes:add_addendum": WORKERS,
    "records.notes:delete_draft": WORKERS,
    "records.orgs:add_org": WORKERS,
    "records.orgs:update_org": WORKERS,
    "records.orgs:delete_org": WORKERS,
    "records.program_categories:add_category": ADMIN,
    "records.services:add_service_type": ADMIN,
    "records.services:retire_service_type": ADMIN,
    "records.services:add_service": WORKERS,
    "records.services:void_service": WORKERS,
    "records.services:correct_service": WORKERS,
    "records.warnings:set_rules": ADMIN,
    "reports.counts:set_configured_counts": ADMIN,
    "reports.counts:build": LEADS,
    "reports.funder:build": LEADS,
    "reports.deidentified:write_pdf": LEADS,
    "reports.output:write_csv": LEADS,
    "reports.output:write_pdf": LEADS,
    "reports.output:write_funder_csv": LEADS,
    "reports.output:write_funder_pdf": LEADS,
    "retention.backups:replace": LEADS,
    "retention.closing:close_file": WORKERS,
    "retention.closing:reopen_file": WORKERS,
    "retention.closing:place_hold": LEADS,
    "retention.closing:release_hold": LEADS,
    "retention.destroy:destroy": LEADS,
    "retention.destroy:expire_sharing": LEADS,
    "retention.destroy:destroy_anonymous": LEADS,
    "retention.destroy:apply": LEADS,
    "settings:save": ADMIN,
    "settings:first_start": ADMIN,
    "settings:set_supervisor_reads_process_notes": ADMIN,
    "staff.closures:close_to": ADMIN,
    "staff.closures:reopen_to": ADMIN,
    "staff.admin:add_member": ADMIN,
    "staff.admin:remove_member": ADMIN,
    "staff.admin:change_role": ADMIN,
    "staff.admin:restrict_file": ADMIN,
    "staff.members:record_member": ADMIN,
    "staff.members:change_role": ADMIN,
    "staff.members:record_removal": ADMIN,
}


def _is_guard(d: ast.expr) -> bool:
    return (
        isinstance(d, ast.Call)
        and isinstance(d.func, ast.Name | ast.Attribute)
        and (d.func.id if isinstance(d.func, ast.Name) else d.func.attr) == "allowed"
    )


def _core_functions() -> dict[str, tuple[bool, bool]]:
    """``module:qualname`` -> (has an ``actor`` parameter, carries the guard)."""
    found: dict[str, tuple[bool, bool]] = {}
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC)
        if rel.parts[0] in NOT_CORE or rel.name == "__main__.py":
            continue
        module = ".".join(rel.with_suffix("").parts)

        def walk(node: ast.AST, prefix: str, module: str = module) -> None:
            for n in ast.iter_child_nodes(node):
                if isinstance(n, ast.ClassDef):
                    walk(n, prefix + n.name + ".")
                elif isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef):
                    if n.name.startswith("_"):
                        continue
                    a = n.args
                    names = {x.arg for x in a.posonlyargs + a.args + a.kwonlyargs}
                    guarded = any(_is_guard(d) for d in n.decorator_list)
                    found[f"{module}:{prefix}{n.name}"] = ("actor" in names, guarded)

        walk(ast.parse(path.read_text("utf-8")), "")
    return found


def test_every_entry_point_with_an_actor_is_guarded() -> None:
    found = _core_functions()
    with_actor = {k for k, (actor, _) in found.items() if actor}
    guarded = {k for k, (_, g) in found.items() if g}
    assert len(with_actor) > 100  # the walk finds the core (issue 27: 110 such functions)
    unguarded = sorted(with_actor - guarded - set(EXEMPT))
    assert not unguarded, f"entry points without the role guard: {unguarded}"
    assert not (set(EXEMPT) - with_actor), "an exemption names nothing any more"
    assert not (set(EXEMPT) & guarded), "an exempt function is guarded: drop the exemption"
    # The table below covers exactly the guarded entry points.
    assert guarded == set(TABLE), (sorted(guarded - set(TABLE)), sorted(set(TABLE) - guarded))


def _function(key: str) -> Any:
    module, name = key.split(":")
    return getattr(importlib.import_module(f"safefile.{module}"), name)


def test_every_entry_point_times_every_role_against_the_table(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The real decorated function, called with a session of each role: a role the table
    refuses gets RoleRefused naming the roles needed; a role it allows passes the guard
    (and then fails for want of arguments: TypeError, never RoleRefused)."""
    monkeypatch.undo()  # the real entry points, not tests/conftest.py's readers of exports
    checked = 0
    for key, allowed_roles in TABLE.items():
        fn = _function(key)
        for role in Role:
            session = SimpleNamespace(actor=Actor("Someone", "", role.value), db=None)
            if role in allowed_roles:
                with pytest.raises(TypeError):
                    fn(vault=session)
            else:
                with pytest.raises(RoleRefused) as refused:
                    fn(vault=session)
                assert refused.value.exit_code == 3
                assert f"Your role ({role.value})" in str(refused.value)
                assert set(refused.value.needed) == {r.value for r in allowed_roles}, key
                assert "Nothing was changed" in str(refused.value)
            checked += 1
    assert checked == len(TABLE) * 4


# --- real vaults with members --------------------------------------------------------


def _member(vault: Vault, name: str, role: Role) -> Actor:
    uid = new_member_id()  # their keys; never wrapped under a passphrase (no Argon2id)
    m = members.record_member(
        vault, uid=uid, name=name, role=role, public=MemberKeys.generate().public, actor=vault.actor
    )
    return Actor(m.name, m.uid, m.role.value)


@pytest.fixture
def staffed(vault: Vault) -> SimpleNamespace:
    """An administrator, two advocates and a volunteer; Pat's file closed to Bea (the
    administrator's session), then the administrator's session as the members'."""
    admin = _member(vault, "Dana Whitfield", Role.ADMINISTRATOR)
    vault.actor = admin
    ana = _member(vault, "Ana Ruiz", Role.ADVOCATE)
    bea = _member(vault, "Bea Moss", Role.ADVOCATE)
    vol = _member(vault, "Val Hotline", Role.VOLUNTEER)
    pat = records.add_client(
        vault,
        ClientIn.from_input({"name": "Pat Closedfile", "case_number": "CASE-77"}),
        actor=admin,
    )
    kim = records.add_client(
        vault, ClientIn.from_input({"name": "Kim Openfile", "case_number": "CASE-78"}), actor=admin
    )
    closures.close_to(vault, pat, bea.uid, reason="knows her personally", actor=admin)
    return SimpleNamespace(admin=admin, ana=ana, bea=bea, vol=vol, pat=pat, kim=kim)


def _refusals(vault: Vault) -> list[tuple[int | None, dict[str, Any]]]:
    rows = vault.db.execute(
        "SELECT client_id, detail FROM audit WHERE event = 'closed file refused' ORDER BY seq"
    )
    return [(r[0], json.loads(r[1])) for r in rows]


def test_a_volunteer_is_refused_client_files_in_a_real_vault(
    vault: Vault, staffed: SimpleNamespace
) -> None:
    vault.actor = staffed.vol
    with pytest.raises(RoleRefused, match=r"It needs an advocate, a supervisor or an admin"):
        records.add_client(vault, ClientIn.from_input({"name": "New Person"}), actor=staffed.vol)
    with pytest.raises(RoleRefused):
        records.client_file(vault, staffed.kim, actor=staffed.vol)
    assert records.count_clients(vault) == 2  # nothing was added


def test_no_one_acts_in_another_members_name(vault: Vault, staffed: SimpleNamespace) -> None:
    vault.actor = staffed.ana
    for other in (staffed.admin, Actor("Ana Ruiz"), Actor("Someone Else", staffed.ana.uid)):
        with pytest.raises(RoleRefused, match="another's name"):
            records.add_client(vault, ClientIn.from_input({"name": "New Person"}), actor=other)
    # The role is the session's, never the argument's: a volunteer's session with an
    # administrator's actor is refused (another's name), and with its own, refused too.
    vault.actor = staffed.vol
    with pytest.raises(RoleRefused):
        records.add_client(vault, ClientIn.from_input({"name": "N P"}), actor=staffed.admin)
    assert records.count_clients(vault) == 2


def test_a_closed_file_does_not_exist_for_the_member(
    vault: Vault, staffed: SimpleNamespace
) -> None:
    missing = str(pytest.raises(NotFound, records.get_client, vault, 999_999).value)
    vault.actor = staffed.bea
    pat, kim = staffed.pat, staffed.kim
    # Not listed, not counted, not found by name, case number or search.
    assert [c.id for c in records.list_clients(vault)] == [kim]
    assert records.count_clients(vault) == 1
    for query in ("Pat", "Closedfile", "CASE-77", "pat closed"):
        assert records.list_clients(vault, search=query) == []
        assert records.count_clients(vault, search=query) == 0
    # Not opened: the words of a file that is not there, the same exit.
    for call in (
        lambda: records.get_client(vault, pat),
        lambda: records.client_file(vault, pat, actor=staffed.bea),
    ):
        with pytest.raises(NotFound) as refused:
            call()
        assert str(refused.value) == missing.replace("999999", str(pat))
        assert refused.value.exit_code == NotFound("").exit_code
        assert "Pat" not in str(refused.value)
    # Another advocate and the administrator still find and open it.
    vault.actor = staffed.ana
    assert records.client_file(vault, pat, actor=staffed.ana).client.name == "Pat Closedfile"
    assert records.count_clients(vault, search="CASE-77") == 1
    # Every attempt recorded, with the road; none of it named to Bea.
    roads = [(cid, d["road"], d["member"]) for cid, d in _refusals(vault)]
    assert (pat, "open", staffed.bea.uid) in roads
    assert (pat, "client_file", staffed.bea.uid) in roads
    assert sum(1 for r in roads if r[1] == "search") == 4 * 1  # the list's searches


def _dummy(name: str, client: int) -> Any:
    holder = SimpleNamespace(client_id=client)
    return {
        "client_id": client,
        "client_ids": (client,),
        "grant": holder,
        "g": holder,
        "request": holder,
        "flt": holder,
    }.get(name)


def test_every_road_that_names_a_client_refuses_a_closed_file(
    vault: Vault, staffed: SimpleNamespace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each guarded entry point that names a client (by id, request, grant or filter),
    called by Bea for Pat: refused as a missing client, before anything runs; called
    for nobody-closed Kim it passes the closure (then fails for want of real arguments
    or succeeds)."""
    import inspect

    monkeypatch.undo()  # the real entry points, not tests/conftest.py's readers of exports
    vault.actor = staffed.bea
    named = 0
    for key, roles in TABLE.items():
        if Role.ADVOCATE not in roles:
            continue
        fn = _function(key)
        params = inspect.signature(fn).parameters
        if not ({"client_id", "client_ids", "grant", "g", "request", "flt"} & set(params)):
            continue
        args = {n: _dummy(n, staffed.pat) for n in params if n != "vault"}
        args["actor"] = staffed.bea
        with pytest.raises(NotFound, match=rf"^There is no client with id {staffed.pat}\."):
            fn(vault, **{k: v for k, v in args.items() if k in params})
        named += 1
    assert named >= 25  # the gate, its roads, exports, notes, services, releases...
    roads = {d["road"] for _, d in _refusals(vault)}
    for road in ("require", "decide", "disclose", "own_copy", "legal_disclosure", "export_pdf"):
        assert road in roads


def _a_type(vault: Vault) -> str:
    from safefile.records.services import service_types

    return next(iter(service_types(vault)))


def test_items_of_a_closed_file_are_refused_by_their_own_reference(
    vault: Vault, staffed: SimpleNamespace
) -> None:
    ref = records.add_note(
        vault,
        NoteIn(client_ids=(staffed.pat,), on_date=date(2026, 11, 1), data="Seen today."),
        actor=staffed.admin,
    )
    service = records.add_service(
        vault,
        ServiceIn(client_id=staffed.pat, on_date=date(2026, 11, 1), type=_a_type(vault)),
        actor=staffed.admin,
    )
    vault.actor = staffed.bea
    bea = staffed.bea
    for call in (
        lambda: records.sign_note(vault, ref, actor=bea),
        lambda: records.void_service(vault, service, "wrong", actor=bea),
        lambda: records.join_household(vault, staffed.kim, staffed.pat, "parent", actor=bea),
        lambda: records.add_note(
            vault,
            NoteIn(client_ids=(staffed.kim, staffed.pat), on_date=date(2026, 11, 1), data="x"),
            actor=bea,
        ),
        lambda: records.add_service(
            vault,
            ServiceIn(client_id=staffed.pat, on_date=date(2026, 11, 1), type=_a_type(vault)),
            actor=bea,
        ),
    ):
        with pytest.raises(NotFound, match=rf"^There is no client with id {staffed.pat}\."):
            call()
    vault.actor = staffed.ana
    assert records.sign_note(vault, ref, actor=staffed.ana).signed
    records.void_service(vault, service, "wrong", actor=staffed.ana)


def test_process_notes_are_their_authors_and_a_supervisors_when_the_program_says(
    vault: Vault, staffed: SimpleNamespace
) -> None:
    from safefile import settings

    vault.actor = staffed.ana
    records.add_note(
        vault,
        NoteIn(kind="process", client_ids=(staffed.kim,), on_date=date(2026, 11, 1), data="Mine."),
        actor=staffed.ana,
    )
    file = records.client_file(vault, staffed.kim, include_process=True, actor=staffed.ana)
    assert [n.data for n in file.process_notes] == ["Mine."]
    for other in (staffed.bea, staffed.admin):
        vault.actor = other
        f = records.client_file(vault, staffed.kim, include_process=True, actor=other)
        assert f.process_notes == ()
    vault.actor = staffed.admin
    sup = _member(vault, "Sam Super", Role.SUPERVISOR)
    vault.actor = sup
    assert (
        records.client_file(vault, staffed.kim, include_process=True, actor=sup).process_notes == ()
    )
    with pytest.raises(RoleRefused):
        settings.set_supervisor_reads_process_notes(vault, True, actor=sup)
    vault.actor = staffed.admin
    settings.set_supervisor_reads_process_notes(vault, True, actor=staffed.admin)
    vault.actor = sup
    f = records.client_file(vault, staffed.kim, include_process=True, actor=sup)
    assert [n.data for n in f.process_notes] == ["Mine."]


def test_a_vault_without_staff_accounts_is_as_before(vault: Vault) -> None:
    """One practitioner: no uid, the administrator's role: every entry point open to
    them, no closure read, process notes all theirs."""
    assert vault.actor.uid == "" and vault.actor.role == "administrator"
    cid = records.add_client(vault, ClientIn.from_input({"name": "Pat"}), actor=vault.actor)
    assert records.client_file(vault, cid, actor=Actor("Any Name")).client.id == cid
    assert guard.closed_ids(vault) == frozenset()


def test_the_log_view_and_the_waiting_lists_leave_out_a_closed_file(
    vault: Vault, staffed: SimpleNamespace
) -> None:
    from safefile.consent import log, log_view, requests

    for client in (staffed.pat, staffed.kim):
        requests.record_request(
            vault,
            direction="incoming",
            client_id=client,
            requester="A caller",
            identity_confirmed_by="rang back",
            reason="asked",
            summary="the file",
            decision="refused",
            decision_reasons="no release",
            actor=staffed.admin,
        )
    every = log.entries(vault)
    pat_ref = next(e.ref for e in every if e.client_id == staffed.pat)
    assert {e.client_id for e in every} == {staffed.pat, staffed.kim}
    vault.actor = staffed.bea
    assert {e.client_id for e in log.entries(vault)} == {staffed.kim}
    assert {r.ref for r in log_view.select(vault)} == {
        e.ref for e in every if e.client_id == staffed.kim
    }
    with pytest.raises(NotFound, match="There is no entry"):
        log.get_entry(vault, pat_ref)
    vault.actor = staffed.ana
    assert len(log_view.select(vault)) == 2


@pytest.mark.parametrize("role", list(Role))
def test_re_keying_is_the_administrators_in_the_store_too(vault: Vault, role: Role) -> None:
    """``Vault.rekey`` and ``issue_recovery_key`` sit below staff/: their refusal is spelled
    in the store, held here equal to the one table's (roles.require, Action.REKEY)."""
    from safefile.staff.roles import Action, allows, require

    vault.actor = Actor("Someone", "", role.value)
    calls: tuple[Callable[[], object], ...] = (
        lambda: vault.rekey("x"),
        lambda: vault.issue_recovery_key("x"),
    )
    for call in calls:
        if allows(role, Action.REKEY):
            with pytest.raises(Exception) as other:  # passes the role; then the key ring
                call()
            assert not isinstance(other.value, RoleRefused)
            continue
        with pytest.raises(RoleRefused) as refused:
            call()
        with pytest.raises(RoleRefused) as table:
            require(role, Action.REKEY)
        assert str(refused.value) == str(table.value)
        assert refused.value.needed == table.value.needed


def test_a_member_never_reopens_a_file_closed_to_them_whatever_the_argument_says(
    vault: Vault, staffed: SimpleNamespace
) -> None:
    vault.actor = staffed.admin
    second = _member(vault, "Lee Admin", Role.ADMINISTRATOR)
    closures.close_to(vault, staffed.kim, second.uid, reason="a neighbour", actor=staffed.admin)
    vault.actor = second
    # To them the file is not there at all: even the reopening is a missing client's refusal.
    with pytest.raises(NotFound, match=rf"^There is no client with id {staffed.kim}\."):
        closures.reopen_to(vault, staffed.kim, second.uid, actor=second, actor_uid=staffed.ana.uid)
    assert closures.is_closed_to(vault.db, staffed.kim, second.uid)
