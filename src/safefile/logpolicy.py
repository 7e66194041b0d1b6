"""What may reach the log file: an allow-list, not a redaction.

The log is what a user sends to support, so it may hold nothing about a client.
Redacting quoted text and paths (the old way) let through anything else a message
happened to carry.  Now:

* SafeFile's own messages pass only when their template is listed in ``ALLOWED``
  (their arguments are error class names, signal names, counts: never data); any
  other is replaced by "message withheld" and where it was logged;
* other libraries' loggers are held at WARNING, and their message keeps its
  template with every argument withheld;
* Qt's messages are reduced to their category and level (``ui/app.py``).

Adding a log message means adding its template here (tests/hardening/test_leftovers.py).
"""

from __future__ import annotations

import logging

ALLOWED: frozenset[str] = frozenset(
    {
        "job failed: %s",
        "session lock signals unavailable: %s",
        "session lock signals: %s",
        "locking: %s",
        "clipboard: a copy of more than an excerpt was refused",
        "clipboard: SafeFile's copy was emptied",
        "appearance preferences not understood; using the defaults",
        "appearance preferences unreadable; using the defaults",
        "vault location not kept: %s",
        "unexpected %s at %s",
        "Qt %s message (category %s)",
        "stale staging folders removed: %d",
    }
)
OURS = "safefile"
THIRD_PARTY_LEVEL = logging.WARNING


class AllowList(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        if record.name == OURS or record.name.startswith(OURS + "."):
            if not (isinstance(record.msg, str) and record.msg in ALLOWED):
                record.msg = "message withheld (not on the allow-list) from %s:%s"
                record.args = (record.module, record.lineno)
            return True
        if record.levelno < THIRD_PARTY_LEVEL:
            return False
        if not isinstance(record.msg, str):
            record.msg = type(record.msg).__name__
        if record.args:
            count = len(record.args) if isinstance(record.args, tuple) else 1
            record.args = ("<withheld>",) * count
            if not isinstance(record.args, tuple) or "%(" in record.msg:
                record.msg, record.args = record.msg.split("%", 1)[0] + "<withheld>", ()
        return True


def install(handler: logging.Handler) -> None:
    """Put the allow-list on ``handler`` and hold other libraries' loggers at WARNING."""
    handler.addFilter(AllowList())
    for name in list(logging.root.manager.loggerDict):
        if not (name == OURS or name.startswith(OURS + ".")):
            logging.getLogger(name).setLevel(THIRD_PARTY_LEVEL)
