"""SafeFile: local-first encrypted client records for small helping programs.

The core (everything here but ``safefile.ui``) never imports Qt.
"""

from importlib import metadata

APP_ID = "org.safefile.SafeFile"

# The one version number is pyproject.toml's; the installed package (and the bundle, which
# carries its metadata) reports it.
try:
    __version__ = metadata.version("safefile")
except metadata.PackageNotFoundError:  # a source tree that was never installed
    __version__ = "0+unknown"
