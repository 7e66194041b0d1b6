"""SafeFile: local-first encrypted client records for small helping programs.

The core (everything here but ``safefile.ui``) never imports Qt.
"""

import os

APP_ID = "org.safefile.SafeFile"

# Pydantic hands every value it validates (client data, here) to the plugins that any
# installed package declares (the "pydantic" entry point group), found by reading every
# installed package's metadata at the first model (about 3 ms of each start). No plugin
# may see SafeFile's data: none is loaded, whatever the environment says.
os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"


def __getattr__(name: str) -> str:
    # The one version number is pyproject.toml's; the installed package (and the bundle,
    # which carries its metadata) reports it. Read on first use: importlib.metadata costs
    # ~15 ms at every start, which --help and most commands do not need.
    if name == "__version__":
        from importlib import metadata

        try:
            version = metadata.version("safefile")
        except metadata.PackageNotFoundError:  # a source tree that was never installed
            version = "0+unknown"
        globals()["__version__"] = version
        return version
    raise AttributeError(f"module 'safefile' has no attribute {name!r}")
