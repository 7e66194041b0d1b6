"""Staff signatures (issue 28, item 2): who signed each entry of the two chains.

``audit`` and ``disclosures`` gain ``signer`` (the member's ``staff.uid``) and
``signature`` (hex: two Ed25519 signatures, store/signatures.py). Both stay NULL on an
entry made before the vault had staff members. The append-only triggers already refuse
every UPDATE and DELETE (the columns are covered with the rest of the row); a re-key
rewrites only ``prev``, ``hash`` and ``sealed``, never these, because a signature covers
the entry's fields and not the chain's MAC (which changes with the data key).

The signed items (a note's signature, an addendum, a release's witness, a revocation)
get no columns of their own: each is made with its audit entry in the same transaction
("note signed", "addendum added", "release added"/"release signed", "release revoked"),
and that entry, signed by the acting member, is the member's signature of the act
(docs/decisions.md, "Issue 28: signatures").
"""

from __future__ import annotations

STATEMENTS = [
    "ALTER TABLE audit ADD COLUMN signer TEXT",
    "ALTER TABLE audit ADD COLUMN signature TEXT",
    "ALTER TABLE disclosures ADD COLUMN signer TEXT",
    "ALTER TABLE disclosures ADD COLUMN signature TEXT",
]
