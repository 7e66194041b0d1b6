"""The ``safefile`` command line (shared/CLI.md): the same core as the app."""
