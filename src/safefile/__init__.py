"""SafeFile: local-first encrypted client records for small helping programs.

The core (everything here but ``safefile.ui``) never imports Qt.
"""

__version__ = "0.1.0"
APP_ID = "org.safefile.SafeFile"
