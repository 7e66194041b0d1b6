"""The staff table and files closed to a member (staff/members.py, staff/closures.py,
store/migrations/staff.py), in a real vault."""

from __future__ import annotations

import json

import pytest

from safefile import records
from safefile.errors import DamagedFile, InvalidInput, NotFound
from safefile.records.models import ClientIn
from safefile.records.validation import require_client
from safefile.staff import closures, members
from safefile.staff.roles import Role
from safefile.store import database, seal
from safefile.store.actor import Actor
from safefile.store.memberslots import MemberKeys, new_member_id
from safefile.store.vault import Vault

ADMIN = Actor("Dana Whitfield")


def _add(vault: Vault, name: str, role: Role) -> members.Member:
    return members.record_member(
        vault,
        uid=new_member_id(),
        name=name,
        role=role,
        public=MemberKeys.generate().public,
        actor=ADMIN,
    )


def _client(vault: Vault, name: str = "Pat Example") -> int:
    return records.add_client(vault, ClientIn.from_input({"name": name}), actor=vault.actor)


def _events(vault: Vault, event: str) -> list[tuple[int | None, dict[str, object]]]:
    rows = vault.db.execute(
        "SELECT client_id, detail FROM audit WHERE event = ? ORDER BY seq", (event,)
    )
    return [(r[0], json.loads(r[1])) for r in rows]


def test_members_are_recorded_listed_and_changed(vault: Vault) -> None:
    dana = _add(vault, "Dana Whitfield", Role.ADMINISTRATOR)
    ana = members.record_member(
        vault,
        uid=new_member_id(),
        name="  Ana   Ruiz ",
        role=Role.ADVOCATE,
        public=MemberKeys.generate().public,
        actor=ADMIN,
        credentials="MSW",
    )
    assert ana.name == "Ana Ruiz" and ana.signs_as == "Ana Ruiz, MSW" and ana.active
    assert members.find_active(vault.db, "ana ruiz") == ana
    assert [m.name for m in members.listed(vault.db)] == ["Ana Ruiz", "Dana Whitfield"]
    assert members.get(vault.db, dana.uid) == dana
    with pytest.raises(InvalidInput, match="already an active staff member named"):
        _add(vault, "ANA RUIZ", Role.VOLUNTEER)
    # Beyond ASCII too (SQLite's own lower() would not fold these).
    alvaro = _add(vault, "Álvaro Núñez", Role.VOLUNTEER)
    assert members.find_active(vault.db, "ÁLVARO  NÚÑEZ") == alvaro
    with pytest.raises(InvalidInput, match="already an active staff member named"):
        _add(vault, "ÁLVARO NÚÑEZ", Role.ADVOCATE)
    assert members.change_role(vault, ana.uid, Role.SUPERVISOR, actor=ADMIN).role is (
        Role.SUPERVISOR
    )
    # The only administrator can neither step down nor be removed.
    with pytest.raises(InvalidInput, match="only administrator"):
        members.change_role(vault, dana.uid, Role.ADVOCATE, actor=ADMIN)
    with pytest.raises(InvalidInput, match="only administrator"):
        members.record_removal(vault, dana.uid, actor=ADMIN)
    gone = members.record_removal(vault, ana.uid, actor=ADMIN)
    assert not gone.active
    assert [m.name for m in members.listed(vault.db)] == ["Dana Whitfield", "Álvaro Núñez"]
    assert [m.name for m in members.listed(vault.db, removed=True)][-1] == "Ana Ruiz"
    with pytest.raises(NotFound):
        members.find_active(vault.db, "Ana Ruiz")
    # A removed member's name stays theirs: their notes and entries keep it.
    with pytest.raises(InvalidInput, match="was removed"):
        _add(vault, "Ana Ruiz", Role.ADVOCATE)
    assert [d["member"] for _, d in _events(vault, "staff member added")][:2] == [dana.uid, ana.uid]
    assert _events(vault, "staff member removed") == [(None, {"member": ana.uid})]
    assert _events(vault, "staff role changed")[0][1]["was"] == "advocate"


def test_the_database_keeps_members_and_their_keys(vault: Vault) -> None:
    """Whatever the code path: a member is never deleted, their id and public keys never
    change, and a removed member stays removed (so old signatures always verify)."""
    dana = _add(vault, "Dana Whitfield", Role.ADMINISTRATOR)
    ana = _add(vault, "Ana Ruiz", Role.ADVOCATE)
    other = MemberKeys.generate().public
    for sql, args, words in [
        ("DELETE FROM staff WHERE uid = ?", (ana.uid,), "never deleted"),
        (
            "UPDATE staff SET ed25519_public = ? WHERE uid = ?",
            (other.ed25519, ana.uid),
            "never change",
        ),
        (
            "UPDATE staff SET x25519_public = ? WHERE uid = ?",
            (other.x25519, ana.uid),
            "never change",
        ),
        ("UPDATE staff SET uid = ? WHERE uid = ?", (new_member_id(), ana.uid), "never change"),
        ("UPDATE staff SET added_by = 'Eve' WHERE uid = ?", (ana.uid,), "never change"),
        ("UPDATE staff SET role = 'chief' WHERE uid = ?", (ana.uid,), "CHECK"),
        ("UPDATE staff SET active = 0 WHERE uid = ?", (ana.uid,), "CHECK"),  # no removal date
    ]:
        with pytest.raises(database.DatabaseError, match=words), vault.transaction() as db:
            db.execute(sql, args)
    members.record_removal(vault, ana.uid, actor=ADMIN)
    with pytest.raises(database.DatabaseError, match="stays removed"), vault.transaction() as db:
        db.execute(
            "UPDATE staff SET active = 1, removed_on = NULL, removed_by = NULL WHERE uid = ?",
            (ana.uid,),
        )
    assert members.get(vault.db, dana.uid).active


def test_staff_and_closures_are_sealed(vault: Vault) -> None:
    """Both tables are part of the sealed security state: a change through the store is
    sealed; one behind the store's back is damage at the next seal check."""
    assert {"staff", "known_to_staff"} <= set(seal.SEALED)
    before = vault.db.execute("SELECT generation FROM security_seal").fetchone()[0]
    _add(vault, "Dana Whitfield", Role.ADMINISTRATOR)
    after = vault.db.execute("SELECT generation FROM security_seal").fetchone()[0]
    assert after > before
    vault.check_seal(fresh=True)
    vault.db.execute("UPDATE staff SET credentials = 'LCSW'")  # not through the store
    with pytest.raises(DamagedFile):
        vault.check_seal(fresh=True)


def test_a_file_closed_to_a_member_is_not_there_for_them(vault: Vault) -> None:
    _add(vault, "Dana Whitfield", Role.ADMINISTRATOR)
    ana = _add(vault, "Ana Ruiz", Role.ADVOCATE)
    ben = _add(vault, "Ben Ode", Role.ADVOCATE)
    pat, sam = _client(vault), _client(vault, "Sam Other")
    assert not closures.is_closed_to(vault.db, pat, ana.uid)
    closures.close_to(vault, pat, ana.uid, reason="knows her from church", actor=ADMIN)
    closures.close_to(vault, pat, ana.uid, reason="again", actor=ADMIN)  # once is enough
    assert closures.is_closed_to(vault.db, pat, ana.uid)
    assert not closures.is_closed_to(vault.db, pat, ben.uid)
    assert not closures.is_closed_to(vault.db, sam, ana.uid)
    assert closures.closed_to(vault.db, ana.uid) == {pat}
    assert closures.closed_to(vault.db, ben.uid) == frozenset()

    # Ben opens it; Ana is told exactly what she would be told of a file that is not there.
    closures.require_open_to(vault, pat, ben.uid, actor=Actor("Ben Ode"), road="open")
    with pytest.raises(NotFound) as refused:
        closures.require_open_to(vault, pat, ana.uid, actor=Actor("Ana Ruiz"), road="open")
    absent = 10_000  # the same words as for an id with no file
    with pytest.raises(NotFound) as missing:
        require_client(vault.db, absent)
    assert refused.value.message == missing.value.message.replace(str(absent), str(pat))
    assert refused.value.exit_code == missing.value.exit_code
    # Each attempt is recorded (for supervisors and administrators).
    assert _events(vault, "closed file refused") == [(pat, {"member": ana.uid, "road": "open"})]
    assert _events(vault, "file closed to a staff member") == [(pat, {"member": ana.uid})]


def test_closing_refuses_what_would_leave_a_file_to_no_one(vault: Vault) -> None:
    dana = _add(vault, "Dana Whitfield", Role.ADMINISTRATOR)
    ana = _add(vault, "Ana Ruiz", Role.ADVOCATE)
    _add(vault, "Vic Helper", Role.VOLUNTEER)  # opens no file: does not count
    pat = _client(vault)
    closures.close_to(vault, pat, ana.uid, reason="", actor=ADMIN)
    with pytest.raises(InvalidInput, match="No other staff member who works client files"):
        closures.close_to(vault, pat, dana.uid, reason="", actor=ADMIN)
    assert closures.closed_to(vault.db, dana.uid) == frozenset()
    with pytest.raises(NotFound):
        closures.close_to(vault, 10_000, ana.uid, reason="", actor=ADMIN)
    with pytest.raises(InvalidInput, match="too long"):
        closures.close_to(vault, pat, dana.uid, reason="x" * 501, actor=ADMIN)


def test_a_closure_is_lifted_by_another_member_only(vault: Vault) -> None:
    dana = _add(vault, "Dana Whitfield", Role.ADMINISTRATOR)
    ana = _add(vault, "Ana Ruiz", Role.ADMINISTRATOR)
    pat = _client(vault)
    closures.close_to(vault, pat, ana.uid, reason="", actor=ADMIN)
    with pytest.raises(InvalidInput, match="cannot be reopened by you"):
        closures.reopen_to(vault, pat, ana.uid, actor=Actor("Ana Ruiz"), actor_uid=ana.uid)
    assert closures.is_closed_to(vault.db, pat, ana.uid)
    closures.reopen_to(vault, pat, ana.uid, actor=ADMIN, actor_uid=dana.uid)
    assert not closures.is_closed_to(vault.db, pat, ana.uid)
    assert _events(vault, "file reopened to a staff member") == [(pat, {"member": ana.uid})]


def test_a_removed_member_gets_no_closure(vault: Vault) -> None:
    _add(vault, "Dana Whitfield", Role.ADMINISTRATOR)
    ana = _add(vault, "Ana Ruiz", Role.ADVOCATE)
    members.record_removal(vault, ana.uid, actor=ADMIN)
    with pytest.raises(InvalidInput, match="was removed"):
        closures.close_to(vault, _client(vault), ana.uid, reason="", actor=ADMIN)
