"""Categories of information a release names and an export contains (DOMAIN.md)."""

from __future__ import annotations

from safefile.errors import InvalidInput

ATTENDANCE = "attendance"
SERVICES = "services"
PROGRESS_NOTES = "progress-notes"
PROCESS_NOTES = "process-notes"
DOCUMENTS = "documents"
CONTACT = "contact"

CATEGORIES: dict[str, str] = {
    ATTENDANCE: "that the person is a client, and the dates they attended",
    SERVICES: "services provided: types, dates, durations",
    PROGRESS_NOTES: "progress notes",
    PROCESS_NOTES: "psychotherapy (process) notes",
    DOCUMENTS: "attached documents",
    CONTACT: "contact details",
}


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
