"""Funder reports: counts for a period, never people (DOMAIN.md principle 11)."""
