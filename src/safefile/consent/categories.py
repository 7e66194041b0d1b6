"""Categories of information a release names and an export contains (docs/rules.md)."""

from __future__ import annotations

from safefile.errors import InvalidInput
from safefile.words import CATEGORY_WORDS

ATTENDANCE = "attendance"
SERVICES = "services"
PROGRESS_NOTES = "progress-notes"
PROCESS_NOTES = "process-notes"
DOCUMENTS = "documents"
CONTACT = "contact"

CATEGORIES: dict[str, str] = CATEGORY_WORDS  # code -> plain words (safefile/words.py)


def parse_categories(values: str | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Known categories, sorted and without repeats; "everything" is never a category."""
    items = values.split(",") if isinstance(values, str) else list(values)
    cats = sorted({c.strip().lower() for c in items if c.strip()})
    if not cats:
        raise InvalidInput("Name at least one category of information.")
    unknown = [c for c in cats if c not in CATEGORIES]
    if unknown:
        raise InvalidInput(
            f"Unknown categor{'y' if len(unknown) == 1 else 'ies'}: {', '.join(unknown)}. "
            f"Use: {', '.join(CATEGORIES)}."
        )
    return tuple(cats)
