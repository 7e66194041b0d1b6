"""Running a program's records over time: closing files, legal holds, destruction.

``closing``: close a file (date, reason) or reopen it; place and release legal holds.
``plan``: what the policy makes due (``due``), what is held, by kind of record.
``destroy``: destruction inside the vault (rows, documents, full-text index, free
pages), recorded with counts and dates, the record of sharing redacted, not cut.
``tombstones``: what a restore of an older backup must destroy again; ``restore`` does it.
``backups``: which backups still hold destroyed records.
"""
