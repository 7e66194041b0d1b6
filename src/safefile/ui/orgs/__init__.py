"""Organisations that may receive information: the list, and the form to add or correct one."""
