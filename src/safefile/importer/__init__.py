"""Bringing clients and their services in from a spreadsheet (CSV), all rows or none."""
