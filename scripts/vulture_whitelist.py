"""Names vulture (scripts/lint, ``--min-confidence 80``) reports that are used, each with
why. Vulture counts a name as used when this file names it; keep the reason beside it,
and delete an entry once its finding is gone (run ``.venv/bin/vulture src tests
scripts/vulture_whitelist.py --min-confidence 80`` without this file to see them).

Legitimate entries: parameters a protocol's signature requires, Qt slots and overrides
called by Qt, pydantic fields read by serialisation, pytest fixtures asked for by name.
"""

from vulture.whitelists.whitelist_utils import Whitelist

_ = Whitelist()

# consent/grants.py: Grant.__deepcopy__(self, memo) and __reduce_ex__(self, protocol)
# refuse every copy; copy and pickle call them with these arguments.
_.memo
_.protocol
# store/connection.py: the Connection protocol's execute/executemany take ``parameters``
# as sqlite3's (and sqlcipher3's) do.
_.parameters
# tests/test_fuzz.py: a signal handler's signature is (signum, frame).
_.signum
# tests/ui/test_no_clipping.py: the ``looks`` fixture, parametrised indirectly, is asked
# for by name to set the appearance before the window is made.
_.looks
