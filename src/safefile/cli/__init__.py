"""The ``safefile`` command line (docs/cli.md): the same core as the app."""
