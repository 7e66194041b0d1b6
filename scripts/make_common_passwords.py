"""Regenerate resources/common-passwords.txt.

Source: the 30,000 most common passwords from leaked password sets, as shipped
by zxcvbn (MIT licence, Dropbox), plus long passphrases seen in breach corpora
that a 15-character minimum would otherwise let through.

    pip install zxcvbn && python scripts/make_common_passwords.py
"""

from pathlib import Path

from zxcvbn.frequency_lists import FREQUENCY_LISTS

EXTRA = [
    "passwordpassword",
    "password1234567",
    "123456789012345",
    "1234567890123456",
    "qwertyuiopasdfg",
    "iloveyouiloveyou",
    "qwertyqwertyqwerty",
    "correcthorsebatterystaple",
    "letmeinletmein",
    "abcdefghijklmnop",
    "1q2w3e4r5t6y7u8i",
    "passwordpassword1",
    "trustno1trustno1",
    "welcome123456789",
    "changemechangeme",
    "administrator123",
    "myspacemyspace1",
]

out = Path(__file__).resolve().parents[1] / "resources/common-passwords.txt"
words = sorted({w.lower() for w in FREQUENCY_LISTS["passwords"]} | set(EXTRA))
header = (
    "# Common and breached passwords, one a line, lower case.\n"
    "# From zxcvbn's password frequency list (MIT licence) and breach corpora;\n"
    "# regenerate with scripts/make_common_passwords.py. A program may add lines.\n"
)
out.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
print(f"{len(words)} entries -> {out}")
