"""``safefile log --verify`` and ``safefile check`` on the staff signatures (issue 28,
item 2): an entry whose signature is not its member's is damage, exit 5.

The two-member forgery (B writes in A's name with the data key) is
tests/staff/test_signatures.py, in the core: until the command line unlocks as a member
(``--as``), a vault with members takes no entry from it."""

from __future__ import annotations

from pathlib import Path

from safefile.store import audit, chain
from safefile.store.memberslots import MemberKeys, new_member_id, sign
from safefile.store.vault import Vault
from tests.conftest import PASSPHRASE, PRACTITIONER, Cli

S = PASSPHRASE + "\n"


def _forge(v: str) -> None:
    """Someone with the vault's key appends an audit entry with a correct MAC and a
    signature by a key that is no member's of this vault."""
    stranger = MemberKeys.generate()
    uid = new_member_id()
    with Vault.open(Path(v), passphrase=PASSPHRASE) as vault, vault.transaction() as db:
        chain.AUDIT.append(
            db,
            vault.key_for(audit.PURPOSE),
            {
                "at": "2026-12-07T10:00:00Z",
                "actor": "Ana Ruiz",
                "event": "release revoked",
                "client_id": None,
                "detail": audit.detail_text({"release": "R-1"}),
            },
            signer=chain.Signer(uid, lambda p, d: sign(stranger, p, d)),
        )


def test_log_verify_passes_a_whole_vault_and_fails_a_forged_signature(
    tmp_path: Path, cli: Cli
) -> None:
    v = str(tmp_path / "v.safefile")
    assert (
        cli("init", v, "--no-recovery-key", *PRACTITIONER, "--passphrase-stdin", stdin=S).code == 0
    )
    r = cli("log", v, "--verify", "--passphrase-stdin", stdin=S)
    assert r.code == 0, r.err
    assert "The logs are whole." in r.out and "the audit chain" in r.out

    _forge(v)
    r = cli("log", v, "--verify", "--passphrase-stdin", stdin=S)
    assert r.code == 5
    assert "is signed by no staff member of this vault" in r.err
    r = cli("check", v, "--passphrase-stdin", stdin=S)
    assert r.code == 5
    assert "is signed by no staff member of this vault" in r.err
