"""The bundle's entry point: the same ``safefile`` command as the installed package (no
command opens the app; a command runs it from the command line)."""

from safefile.cli.main import main

raise SystemExit(main())
