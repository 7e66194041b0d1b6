"""Roles (staff/roles.py) against a table written here independently, row by row."""

from __future__ import annotations

import pytest

from safefile.errors import InvalidInput, RoleRefused
from safefile.staff import roles
from safefile.staff.roles import Action, Role

# Written from the issue (28, Build 3) and the program's practice, not from roles.ALLOWED:
# V volunteer, A advocate, S supervisor, D administrator (the director).
EXPECTED: dict[str, str] = {
    "FIND_FILES": "ASD",
    "EDIT_FILES": "ASD",
    "RECORD_CONTACT": "VASD",
    "READ_PROCESS_NOTES": "ASD",
    "SIGN_NOTES": "ASD",
    "RECORD_RELEASE": "ASD",
    "SHARE": "ASD",
    "RESTRICT_PERSON": "ASD",
    "CLOSE_FILE": "ASD",
    "DESTROY": "SD",
    "LEGAL_HOLD": "SD",
    "IMPORT": "D",
    "CHANGE_SETTINGS": "D",
    "MANAGE_STAFF": "D",
    "REKEY": "D",
    "PROGRAM_SEAL": "D",
    "BACKUP": "ASD",
    "RESTORE": "D",
    "REPORTS": "SD",
    "READ_LOG": "SD",
    "CHECK": "VASD",
    "OWN_PASSPHRASE": "VASD",
}
LETTER = {Role.VOLUNTEER: "V", Role.ADVOCATE: "A", Role.SUPERVISOR: "S", Role.ADMINISTRATOR: "D"}
CASES = [(a, r) for a in Action for r in Role]


def test_every_action_has_a_row_here_and_in_the_table() -> None:
    assert set(EXPECTED) == {a.name for a in Action}
    assert set(roles.ALLOWED) == set(Action)


@pytest.mark.parametrize(("action", "role"), CASES, ids=[f"{a.name}-{r}" for a, r in CASES])
def test_each_role_each_action(action: Action, role: Role) -> None:
    expected = LETTER[role] in EXPECTED[action.name]
    assert roles.allows(role, action) is expected
    if expected:
        roles.require(role, action)
        return
    with pytest.raises(RoleRefused) as caught:
        roles.require(role, action)
    error = caught.value
    assert error.exit_code == 3
    needed = [r for r in Role if LETTER[r] in EXPECTED[action.name]]
    assert error.needed == tuple(r.value for r in needed)
    assert action.value in error.message
    assert f"({role.value})" in error.message
    for r in needed:  # the refusal names every role that would do
        assert r.value in error.message


def test_the_administrator_may_do_everything_a_role_may() -> None:
    """A single practitioner's vault upgrades with the practitioner as administrator: no
    power they have today is lost."""
    assert all(roles.allows(Role.ADMINISTRATOR, a) for a in Action)


def test_a_refusal_reads_plainly() -> None:
    with pytest.raises(RoleRefused) as caught:
        roles.require(Role.ADVOCATE, Action.DESTROY)
    assert caught.value.message == (
        "Your role (advocate) does not allow this: destroy files under the retention "
        "policy. It needs a supervisor or an administrator. Nothing was changed."
    )
    with pytest.raises(RoleRefused, match=r"It needs an administrator\."):
        roles.require(Role.SUPERVISOR, Action.MANAGE_STAFF)


@pytest.mark.parametrize(
    ("role", "own", "supervisor_reads", "expected"),
    [
        (Role.ADVOCATE, True, False, True),
        (Role.ADVOCATE, False, False, False),
        (Role.ADVOCATE, False, True, False),
        (Role.SUPERVISOR, False, False, False),
        (Role.SUPERVISOR, False, True, True),
        (Role.SUPERVISOR, True, False, True),
        (Role.ADMINISTRATOR, False, True, False),  # not a supervisor: the setting is clinical
        (Role.ADMINISTRATOR, True, False, True),
        (Role.VOLUNTEER, True, True, False),  # a volunteer reads no file at all
    ],
)
def test_process_notes_are_for_their_author_and_a_supervisor_if_the_program_says(
    role: Role, own: bool, supervisor_reads: bool, expected: bool
) -> None:
    reader, author = "a1", ("a1" if own else "b2")
    got = roles.may_read_process_note(reader, role, author, supervisor_reads=supervisor_reads)
    assert got is expected
    if expected:
        roles.require_process_note(reader, role, author, supervisor_reads=supervisor_reads)
    else:
        with pytest.raises(RoleRefused, match="A process note is read only by its author"):
            roles.require_process_note(reader, role, author, supervisor_reads=supervisor_reads)


def test_a_typed_role_is_parsed_or_refused_with_the_list() -> None:
    assert roles.parse_role(" Supervisor ") is Role.SUPERVISOR
    with pytest.raises(InvalidInput, match="advocate, supervisor, administrator"):
        roles.parse_role("director")
