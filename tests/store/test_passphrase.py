"""Passphrase rules (NIST SP 800-63B rev. 4, single factor): each rejection says why."""

from __future__ import annotations

import pytest

from safefile.errors import InvalidInput
from safefile.passphrase import MAX_LENGTH, MIN_LENGTH, problems, require_acceptable, strength


@pytest.mark.parametrize(
    ("candidate", "reason"),
    [
        ("", "use at least 15"),
        ("fourteen chars", "use at least 15"),
        ("passwordpassword", "attackers try first"),
        ("PasswordPassword", "attackers try first"),
        ("123456789012345", "attackers try first"),
        ("aaaaaaaaaaaaaaaaaaaa", "repeats"),
        ("abababababababababab", "repeats"),
        (" amber kettle violin", "starts or ends with a space"),
        ("x" * (MAX_LENGTH + 1), "longer than"),
    ],
)
def test_rejections_say_why(candidate: str, reason: str) -> None:
    found = problems(candidate)
    assert any(reason in p for p in found), found
    with pytest.raises(InvalidInput, match="cannot be used"):
        require_acceptable(candidate)


@pytest.mark.parametrize(
    "candidate",
    [
        "amber kettle violin harbour",
        "x7#Lq9!mZ2@pR4$w",  # 16 random characters
        "Nguyễn mua bánh mì lúc sáng",  # not only ASCII
        "حديقة القمر الهادئة جدا",
        "y" * 15 + "z" + "w" * 239,  # long ones are fine up to the maximum
    ],
)
def test_acceptable(candidate: str) -> None:
    assert problems(candidate) == []


def test_minimum_is_fifteen_and_maximum_at_least_256() -> None:
    assert MIN_LENGTH == 15
    assert MAX_LENGTH >= 256
    assert problems("q9 lantern moss") == []  # exactly 15


def test_unicode_is_counted_after_normalisation() -> None:
    # 15 characters composed, more code points decomposed: NFKC counts 15.
    decomposed = "e\u0301" * 15
    assert not any("at least" in p for p in problems(decomposed + "qzk"))


def test_strength_meter() -> None:
    assert strength("short") == 0
    assert strength("q9 lantern moss") == 2
    assert strength("amber kettle violin harbour meadow") == 4
