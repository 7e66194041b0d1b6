"""The vault: key material, the encrypted database, its schema and its audit trail."""
