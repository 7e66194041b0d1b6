"""Each staff member signs their entries (issue 28, item 2: store/signatures.py,
staff/signing.py, ``Chain.append``'s signer, ``Vault.signing_for``), in a real vault with
members made by the real building blocks (store/memberslots.MemberKeys, members.record_member).

The acceptance test: member B, holding the data key, forges an entry in A's name with a
correct chain MAC but no valid signature of A's, written with the chain's own functions as
an attacker with the key could; ``check`` and ``log --verify`` fail."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import pytest

from safefile import records
from safefile.consent import details, log
from safefile.errors import DamagedFile, NotTheSigner
from safefile.health import check_vault
from safefile.records import writes
from safefile.records.models import ClientIn, NoteIn
from safefile.retention import destroy, plan
from safefile.staff import members
from safefile.staff.roles import Role
from safefile.staff.signing import start_signing
from safefile.store import audit, chain, checkup, signatures
from safefile.store.actor import Actor
from safefile.store.memberslots import MemberKeys, new_member_id, sign, verify
from safefile.store.vault import Vault


@dataclass
class Person:
    member: members.Member
    keys: MemberKeys

    @property
    def actor(self) -> Actor:
        return Actor(self.member.signs_as, self.member.uid, self.member.role.value)


def _person(vault: Vault, name: str, role: Role, *, credentials: str = "") -> Person:
    uid = new_member_id()
    mine = MemberKeys.generate()  # never wrapped under a passphrase here (no Argon2id)
    member = members.record_member(
        vault,
        uid=uid,
        name=name,
        role=role,
        public=mine.public,
        actor=vault.actor,
        credentials=credentials,
    )
    return Person(member, mine)


def _as(vault: Vault, person: Person) -> None:
    """The session is ``person``'s, as S1's unlock sets it."""
    vault.actor = person.actor
    vault.signer = person.keys
    vault.signer_uid = person.member.uid


@pytest.fixture
def two(vault: Vault) -> tuple[Vault, Person, Person]:
    """A single-user vault with history (unsigned), upgraded: A (the first member, the
    marker written with her row), then B added by A's session."""
    vault.audit("single-user entry", actor=vault.actor, note="before staff accounts")
    log.append(vault, details.Correction(corrects="D-0000-0000", text="old"), actor=vault.actor)
    with writes.together(vault):
        a = _person(vault, "Ana Ruiz", Role.ADMINISTRATOR, credentials="MSW")
        start_signing(vault)
    _as(vault, a)
    b = _person(vault, "Ben Okafor", Role.ADVOCATE)
    return vault, a, b


def _entry(vault: Vault, table: str, seq: int) -> tuple[str | None, str | None]:
    row = vault.db.execute(
        f"SELECT signer, signature FROM {table} WHERE seq = ?",
        (seq,),
    ).fetchone()
    return row[0], row[1]


def _last(vault: Vault, table: str) -> int:
    return int(vault.db.execute(f"SELECT max(seq) FROM {table}").fetchone()[0])


def _forge_audit(vault: Vault, *, actor: str, signer: Person | None, as_uid: str) -> int:
    """B, with the data key, appends an audit entry through the chain's own function: a
    correct MAC, the append-only guard honoured (an INSERT), the signature B can make."""
    values: dict[str, object] = {
        "at": "2026-12-07T10:00:00Z",
        "actor": actor,
        "event": "release revoked",
        "client_id": None,
        "detail": audit.detail_text({"release": "R-1"}),
    }
    forged = None if signer is None else chain.Signer(as_uid, lambda p, d: sign(signer.keys, p, d))
    with vault.transaction() as db:
        return chain.AUDIT.append(db, vault.key_for(audit.PURPOSE), values, signer=forged)


def _problems(vault: Vault) -> list[str]:
    return checkup.check(vault).problems


def test_each_member_signs_their_own_entries_and_check_passes(
    two: tuple[Vault, Person, Person],
) -> None:
    vault, a, b = two
    vault.audit("note signed", actor=a.actor, note="N-1")
    a_audit = _last(vault, "audit")
    a_log = log.append(vault, details.Correction(corrects="D-0001", text="a"), actor=a.actor)
    _as(vault, b)
    vault.audit("note signed", actor=b.actor, note="N-2")
    b_log = log.append(vault, details.Correction(corrects="D-0001", text="b"), actor=b.actor)

    assert _entry(vault, "audit", a_audit)[0] == a.member.uid
    assert _entry(vault, "audit", _last(vault, "audit"))[0] == b.member.uid
    assert _entry(vault, "disclosures", a_log.seq)[0] == a.member.uid
    assert _entry(vault, "disclosures", b_log.seq)[0] == b.member.uid
    # What is stored is the member's own Ed25519 signature, made with store/memberslots.sign's
    # framing: it verifies with store/memberslots.verify against the staff row's key.
    row = {
        f: v
        for f, v in zip(
            chain.AUDIT.fields,
            vault.db.execute(
                f"SELECT {', '.join(chain.AUDIT.fields)} FROM audit WHERE seq = ?",
                (a_audit,),
            ).fetchone(),
            strict=True,
        )
    }
    _, whole = chain.AUDIT.signed_parts(a.member.uid, row)
    signature = bytes.fromhex(str(_entry(vault, "audit", a_audit)[1]))
    assert verify(a.member.public.ed25519, "audit entry", whole, signature[64:])
    assert not verify(b.member.public.ed25519, "audit entry", whole, signature[64:])

    report = checkup.check(vault)
    assert report.ok, report.problems
    assert any("signed by its staff member" in c for c in report.checked)
    assert checkup.verify_logs(vault).ok
    assert check_vault(vault).ok


def test_entries_before_the_marker_are_unsigned_and_pass(
    two: tuple[Vault, Person, Person],
) -> None:
    vault, _a, _b = two
    start = signatures.marker(vault.db)
    assert start is not None and start["audit"] >= 2 and start["disclosures"] == 1
    assert _entry(vault, "disclosures", 1) == (None, None)
    assert all(_entry(vault, "audit", seq) == (None, None) for seq in range(1, start["audit"] + 1))
    assert _problems(vault) == []
    # The marker never moves: a second start keeps the first.
    assert start_signing(vault) == start


def test_b_forging_an_entry_in_as_name_with_the_mac_only_fails_check(
    two: tuple[Vault, Person, Person],
) -> None:
    vault, a, b = two
    _as(vault, b)
    seq = _forge_audit(vault, actor=a.actor.name, signer=None, as_uid="")
    # The chain itself is whole: the MAC is right.
    assert chain.AUDIT.verify(vault.db, vault.key_for(audit.PURPOSE)) == []
    assert _problems(vault) == [f"audit: entry {seq} carries no staff signature"]
    assert not checkup.verify_logs(vault).ok
    assert not check_vault(vault).ok


def test_b_signing_in_as_name_fails_check(two: tuple[Vault, Person, Person]) -> None:
    vault, a, b = two
    _as(vault, b)
    # B's signature, claiming to be A's (A's uid in the signer column): does not verify.
    seq = _forge_audit(vault, actor=a.actor.name, signer=b, as_uid=a.member.uid)
    assert _problems(vault) == [f"audit: entry {seq} has a signature that does not verify"]


def test_an_entry_signed_by_b_but_naming_a_fails_check(two: tuple[Vault, Person, Person]) -> None:
    vault, a, b = two
    _as(vault, b)
    seq = _forge_audit(vault, actor=a.actor.name, signer=b, as_uid=b.member.uid)
    assert _problems(vault) == [
        f"audit: entry {seq} names someone other than the staff member who signed it"
    ]


def test_a_signed_entry_changed_by_a_key_holder_fails_check(
    two: tuple[Vault, Person, Person],
) -> None:
    """B rewrites A's signed disclosure (new detail) and re-chains with the data key, the
    security seal's triggers left in place so the seal follows (a key holder can): the
    signatures are what finds it."""
    vault, a, b = two
    entry = log.append(vault, details.Correction(corrects="D-0001", text="a"), actor=a.actor)
    _as(vault, b)
    with vault.transaction() as db:
        for name, _sql in db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type='trigger' AND tbl_name='disclosures' "
            "AND name NOT LIKE '%\\_sealed\\_%' ESCAPE '\\'"
        ).fetchall():
            db.execute(f'DROP TRIGGER "{name}"')
        stored = json.loads(
            db.execute("SELECT detail FROM disclosures WHERE seq = ?", (entry.seq,)).fetchone()[0]
        )
        db.execute(
            "UPDATE disclosures SET detail = ? WHERE seq = ?",
            (json.dumps({**stored, "text": "b"}), entry.seq),
        )
        chain.DISCLOSURES.rechain(db, vault.key_for("disclosures"))
        db.execute("UPDATE security_seal SET dirty = 1")  # and seals the state anew
    assert chain.DISCLOSURES.verify(vault.db, vault.key_for("disclosures")) == []
    assert _problems(vault) == [
        f"disclosures: entry {entry.seq} has a signature that does not verify"
    ]


def test_a_removed_members_entries_still_verify(two: tuple[Vault, Person, Person]) -> None:
    vault, a, b = two
    _as(vault, b)
    vault.audit("note signed", actor=b.actor, note="N-2")
    _as(vault, a)
    members.record_removal(vault, b.member.uid, actor=a.actor)
    assert _problems(vault) == []


def test_an_entry_in_someone_elses_name_is_refused_and_nothing_recorded(
    two: tuple[Vault, Person, Person],
) -> None:
    vault, a, b = two
    _as(vault, b)
    before = (_last(vault, "audit"), _last(vault, "disclosures"))
    with pytest.raises(NotTheSigner):
        vault.audit("note signed", actor=a.actor, note="N-1")
    with pytest.raises(NotTheSigner):
        log.append(vault, details.Correction(corrects="D-0001", text="x"), actor=a.actor)
    assert (_last(vault, "audit"), _last(vault, "disclosures")) == before


def test_a_session_without_a_member_cannot_write_once_signing_started(
    two: tuple[Vault, Person, Person],
) -> None:
    vault, _a, _b = two
    vault.signer, vault.signer_uid = None, ""
    vault.actor = Actor("someone")
    before = _last(vault, "audit")
    with pytest.raises(NotTheSigner):
        vault.audit("note signed", actor=vault.actor, note="N-1")
    assert _last(vault, "audit") == before


def test_staff_without_a_marker_is_damage(vault: Vault) -> None:
    """Deleting the marker (or never writing it) does not turn signing off."""
    a = _person(vault, "Ana Ruiz", Role.ADMINISTRATOR)
    assert _problems(vault) == ["the vault has staff members but no record of when signing started"]
    with writes.together(vault):
        start_signing(vault)
    _as(vault, a)
    vault.audit("note signed", actor=a.actor, note="N-1")
    assert _problems(vault) == []


def test_a_signed_note_and_its_addendum_are_signed_by_their_member(
    two: tuple[Vault, Person, Person],
) -> None:
    """The note's signature is the member's: their signed audit entry carries the note's
    content hash (and an addendum's, its text's hash)."""
    vault, a, _b = two
    cid = records.add_client(vault, ClientIn.from_input({"name": "Pat Example"}), actor=a.actor)
    ref = records.add_note(
        vault,
        NoteIn(client_ids=(cid,), on_date=vault.clock.now().date(), data="Met; safety plan."),
        sign=True,
        actor=a.actor,
    )
    records.add_addendum(vault, ref, "Corrected the date.", actor=a.actor)
    note = records.get_note(vault, ref)
    rows = vault.db.execute(
        "SELECT event, detail, signer FROM audit WHERE event IN ('note signed', 'addendum added') "
        "ORDER BY seq"
    ).fetchall()
    assert [(r[0], r[2]) for r in rows] == [
        ("note signed", a.member.uid),
        ("addendum added", a.member.uid),
    ]
    assert json.loads(rows[0][1])["content_hash"] == note.content_hash
    assert json.loads(rows[1][1])["text_hash"] == hashlib.sha256(b"Corrected the date.").hexdigest()
    assert _problems(vault) == []


def test_a_member_planted_by_a_key_holder_cannot_sign_in_anothers_name(
    two: tuple[Vault, Person, Person],
) -> None:
    """B inserts a staff row named like A, with a key of B's own, removed (so no unique
    name is in the way), and signs in A's name as that row: the row was never added by a
    verifying entry, so it vouches for nothing."""
    vault, a, b = two
    _as(vault, b)
    fake = MemberKeys.generate()
    uid = new_member_id()
    with vault.transaction() as db:
        db.execute(
            "INSERT INTO staff (uid, name, name_key, credentials, role, x25519_public, "
            "ed25519_public, active, added_on, added_by, removed_on, removed_by) "
            "VALUES (?, ?, 'x', ?, 'administrator', ?, ?, 0, '2026-01-01', 'x', "
            "'2026-01-02', 'x')",
            (uid, a.member.name, a.member.credentials, fake.public.x25519, fake.public.ed25519),
        )
    planted = Person(members.get(vault.db, uid), fake)
    seq = _forge_audit(vault, actor=a.actor.name, signer=planted, as_uid=uid)
    assert chain.AUDIT.verify(vault.db, vault.key_for(audit.PURPOSE)) == []
    assert seq > 0
    assert _problems(vault) == [
        f"staff member {a.member.name} was not added by a signed entry of the audit trail"
    ]


def test_signed_entries_survive_a_destruction_and_a_rekey(
    two: tuple[Vault, Person, Person],
) -> None:
    """A destroyed file's entries are redacted (their identifying fields blanked): the
    signature over the public fields still verifies, the ledger entry that vouches for the
    blanking is signed by the member who destroyed; a re-key rewrites the chains' MACs,
    which the signatures do not cover."""
    from tests.conftest import OTHER_PASSPHRASE
    from tests.retention.test_destroy import _people

    vault, a, _b = two
    _people(vault)
    destroy.apply(vault, plan.due(vault), actor=a.actor)
    redacted = vault.db.execute(
        "SELECT count(*) FROM audit WHERE redacted IS NOT NULL AND signature IS NOT NULL"
    ).fetchone()[0]
    assert redacted > 0
    assert _problems(vault) == []
    vault.rekey(OTHER_PASSPHRASE)
    assert _problems(vault) == []
    # The check is not blind: a redacted signed entry whose public field changes fails.
    with vault.transaction() as db:
        db.execute("DROP TRIGGER audit_no_update")
        seq = db.execute(
            "SELECT min(seq) FROM audit WHERE redacted IS NOT NULL AND signature IS NOT NULL"
        ).fetchone()[0]
        db.execute("UPDATE audit SET event = 'note viewed' WHERE seq = ?", (seq,))
        chain.AUDIT.rechain(db, vault.key_for(audit.PURPOSE))
    assert f"audit: entry {seq} has a signature that does not verify" in _problems(vault)


def test_a_vault_with_a_forged_entry_is_never_rebuilt(two: tuple[Vault, Person, Person]) -> None:
    """A re-key re-signs the chains' MACs with the new key: it must not launder a forgery."""
    from tests.conftest import OTHER_PASSPHRASE

    vault, a, b = two
    _as(vault, b)
    _forge_audit(vault, actor=a.actor.name, signer=None, as_uid="")
    _as(vault, a)  # the administrator, who may re-key, finds the forgery
    with pytest.raises(DamagedFile):
        vault.rekey(OTHER_PASSPHRASE)
