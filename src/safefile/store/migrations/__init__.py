"""Schema migrations, one module each; ``store/schema.py`` lists them in order.

Never edit a migration that has shipped: add a new one.
"""

from __future__ import annotations


def _append_only(table: str) -> list[str]:
    return [
        f"""CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
            BEGIN SELECT RAISE(ABORT, '{table} entries cannot be changed'); END""",
        f"""CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
            BEGIN SELECT RAISE(ABORT, '{table} entries cannot be deleted'); END""",
    ]
