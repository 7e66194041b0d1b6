"""Exports: the release-bound PDF, made only from a grant of the consent gate."""
