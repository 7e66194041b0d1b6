"""SafeFile: local-first encrypted client records for small helping programs.

The core (everything here but ``safefile.ui``) never imports Qt.
"""

APP_ID = "org.safefile.SafeFile"


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
