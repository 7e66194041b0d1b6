"""The backup stream without copies (issue 18, items 3 and 7): every size across chunk
boundaries round-trips, and a restore checks each document as it streams out."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safefile import records
from safefile.backup import archive, make_backup, restore_backup, verify_backup
from safefile.backup.archive import CHUNK
from safefile.errors import DamagedFile
from safefile.records.models import ClientIn
from safefile.store.vault import Vault
from tests.conftest import PASSPHRASE

KEY = bytes(range(32))


def _round_trip(tmp_path: Path, sizes: list[int]) -> None:
    originals = {}
    for i, size in enumerate(sizes):
        p = tmp_path / f"f{i}"
        p.write_bytes(os.urandom(size))
        originals[f"f{i}"] = p.read_bytes()
    out = io.BytesIO()
    w = archive.Writer(out, KEY, {"created": "now"})
    for name in originals:
        w.add_file(name, tmp_path / name, lambda n: None)
    w.close()
    out.seek(0)
    header, raw = archive.read_header(out)
    got = {}
    for name, body in archive.files(archive.chunks(out, KEY, header, raw)):
        got[name] = b"".join(bytes(piece) for piece in body)
    assert got == originals


@pytest.mark.parametrize(
    "sizes",
    [
        [0],
        [1],
        [CHUNK - 13],  # the name, size and end marker fill the chunk exactly
        [CHUNK - 12],
        [CHUNK - 11],
        [CHUNK],
        [CHUNK + 1, 5, 0, 2 * CHUNK + 7],
        [3 * CHUNK],
    ],
)
def test_every_size_round_trips(tmp_path: Path, sizes: list[int]) -> None:
    _round_trip(tmp_path, sizes)


def test_truncation_and_a_changed_byte_are_found(tmp_path: Path) -> None:
    (tmp_path / "f").write_bytes(os.urandom(2 * CHUNK + 100))
    out = io.BytesIO()
    w = archive.Writer(out, KEY, {})
    w.add_file("f", tmp_path / "f", lambda n: None)
    w.close()
    whole = out.getvalue()
    for damaged in (whole[:-1], whole[: len(whole) - CHUNK // 2], whole + b"\0"):
        fh = io.BytesIO(damaged)
        header, raw = archive.read_header(fh)
        with pytest.raises(DamagedFile):
            for _, body in archive.files(archive.chunks(fh, KEY, header, raw)):
                for _ in body:
                    pass
    changed = bytearray(whole)
    changed[len(whole) // 2] ^= 1
    fh = io.BytesIO(bytes(changed))
    header, raw = archive.read_header(fh)
    with pytest.raises(DamagedFile):
        for _, body in archive.files(archive.chunks(fh, KEY, header, raw)):
            for _ in body:
                pass


def test_a_document_damaged_before_the_backup_is_refused_at_restore(
    vault: Vault, tmp_path: Path
) -> None:
    """The backup copies the documents' sealed bytes as they are; the restore finds the
    one that no longer authenticates while it streams out, and restores nothing."""
    c = records.add_client(vault, ClientIn.from_input({"name": "Amina Diallo"}), actor=vault.actor)
    records.attach(vault, c, b"first scan " * 1000, title="one", actor=vault.actor)
    records.attach(vault, c, b"second scan " * 1000, title="two", actor=vault.actor)
    victim = sorted(vault.documents_dir.iterdir())[0]
    data = bytearray(victim.read_bytes())
    data[40] ^= 1
    victim.write_bytes(bytes(data))
    dest = tmp_path / "b.sfbackup"
    make_backup(vault, dest)
    with pytest.raises(DamagedFile):
        restore_backup(dest, tmp_path / "restored.safefile", passphrase=PASSPHRASE)
    assert not (tmp_path / "restored.safefile").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    with pytest.raises(DamagedFile, match="document"):
        verify_backup(dest, passphrase=PASSPHRASE)


def test_restore_keeps_every_document(vault: Vault, tmp_path: Path) -> None:
    c = records.add_client(vault, ClientIn.from_input({"name": "Amina Diallo"}), actor=vault.actor)
    ids = [
        records.attach(vault, c, os.urandom(n), title=f"d{n}", actor=vault.actor)
        for n in (1, CHUNK, 3 * CHUNK)
    ]
    contents = [records.read_document(vault, i, actor=vault.actor) for i in ids]
    dest = tmp_path / "b.sfbackup"
    make_backup(vault, dest)
    restore_backup(dest, tmp_path / "r.safefile", passphrase=PASSPHRASE)
    with Vault.open(tmp_path / "r.safefile", passphrase=PASSPHRASE) as v:
        assert [records.read_document(v, i, actor=v.actor) for i in ids] == contents
        events = [r[0] for r in v.db.execute("SELECT event FROM audit")]
    assert "restored from backup" in events


def _sealed(content: bytes, blob: str) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from safefile.records.documents import MAGIC

    nonce = os.urandom(12)
    return MAGIC + nonce + AESGCM(KEY).encrypt(nonce, content, blob.encode())


def _digest_in_pieces(sealed: bytes, cuts: list[int], blob: str = "b1") -> str | None:
    from safefile.health import SealedDigest

    check = SealedDigest(KEY, blob)
    edges = [0, *sorted(c % (len(sealed) + 1) for c in cuts), len(sealed)]
    for a, b in zip(edges, edges[1:], strict=False):
        check.update(memoryview(sealed)[a:b])
    return check.result()


@given(content=st.binary(min_size=1, max_size=3000), cuts=st.lists(st.integers(0, 4000)))
def test_a_document_streamed_in_any_pieces_gives_its_content_hash(
    content: bytes, cuts: list[int]
) -> None:
    import hashlib

    assert _digest_in_pieces(_sealed(content, "b1"), cuts) == hashlib.sha256(content).hexdigest()


@given(
    content=st.binary(min_size=1, max_size=600),
    cuts=st.lists(st.integers(0, 800), max_size=6),
    where=st.integers(0, 10_000),
)
def test_a_changed_or_cut_document_streamed_in_pieces_does_not_authenticate(
    content: bytes, cuts: list[int], where: int
) -> None:
    sealed = _sealed(content, "b1")
    changed = bytearray(sealed)
    changed[where % len(sealed)] ^= 0x20
    assert _digest_in_pieces(bytes(changed), cuts) is None
    assert _digest_in_pieces(sealed[: where % len(sealed)], cuts) is None  # cut short
    assert _digest_in_pieces(sealed, cuts, blob="b2") is None  # another document's file


def _checks_running() -> list[object]:
    import threading

    return [t for t in threading.enumerate() if t.name == "safefile-check" and t.is_alive()]


def test_a_backup_damaged_after_its_database_leaves_no_check_reading(
    vault: Vault, tmp_path: Path
) -> None:
    """The database's check starts while the documents still stream out; when the rest of
    the backup turns out damaged, it is stopped before the folder goes (a check still
    writing its -shm there made the folder's removal fail: "Directory not empty")."""
    with vault.transaction() as db:  # a database whose check takes a while
        for i in range(4000):
            db.execute("INSERT INTO meta(key, value) VALUES (?, ?)", (f"k{i}", os.urandom(1500)))
    backup = tmp_path / "b.sfbackup"
    make_backup(vault, backup)
    bad = tmp_path / "bad.sfbackup"
    bad.write_bytes(backup.read_bytes() + b"\x00" * 10)
    with pytest.raises(DamagedFile):
        verify_backup(bad, passphrase=PASSPHRASE)
    assert _checks_running() == []
    with pytest.raises(DamagedFile):
        restore_backup(bad, tmp_path / "restored.safefile", passphrase=PASSPHRASE)
    assert _checks_running() == []
    assert not (tmp_path / "restored.safefile").exists()
