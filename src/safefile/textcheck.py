"""Text typed by a person: what may never be stored in it (issue 29, input).

Imported by the command line's argument check as well as the core's input models, so it
imports nothing heavy (the command line's start stays fast: tests/cli/test_cli_start.py).
"""

from __future__ import annotations

import unicodedata

# Fields that hold one line: a name, a number, a title. A line break there is refused
# like any other control character (issue 29: a NUL byte inside a name was stored).
SINGLE_LINE = frozenset(
    {
        "name",
        "alias",
        "case_number",
        "phone",
        "contact_person",
        "job_title",
        "type",
        "title",
        "signer_name",
        "co_signer",
        "witness",
        "signer_authority",
        "expiry_event",
        "minor_law",
        "requester",
        "organisation",
        "person",
        "judge",
        "court",
        "representative",
        "identity_checked_by",
        "practitioner",
        "credentials",
        "program_name",
        "program_phone",
    }
)
_ALLOWED_IN_TEXT = frozenset("\t\n\r")


def control_problem(value: str, *, single_line: bool) -> str | None:
    """Why ``value`` cannot be stored, or None: a control character (NUL, escape, a
    bidirectional override...), or in one-line fields a tab or line break."""
    for ch in value:
        category = unicodedata.category(ch)
        if category == "Cc" and (single_line or ch not in _ALLOWED_IN_TEXT):
            shown = "a line break or tab" if ch in _ALLOWED_IN_TEXT else f"U+{ord(ch):04X}"
            return f"it holds a control character ({shown}), which cannot be saved; retype it"
        if ch in "\u2028\u2029" or (category == "Cf" and ch in _BIDI_CONTROLS):
            return f"it holds an invisible control character (U+{ord(ch):04X}); retype it"
    return None


_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
