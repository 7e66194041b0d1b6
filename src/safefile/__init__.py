"""SafeFile: local-first encrypted client records for small helping programs.

The core (everything here but ``safefile.ui``) never imports Qt.
"""

APP_ID = "org.safefile.SafeFile"


def __getattr__(name: str) -> str:
    """``__version__``, read when first asked for: importlib.metadata costs more at start
    than the whole command-line parser (issue 18)."""
    if name != "__version__":
        raise AttributeError(f"module 'safefile' has no attribute {name!r}")
    from importlib import metadata

    # The one version number is pyproject.toml's; the installed package (and the bundle,
    # which carries its metadata) reports it.
    try:
        version = metadata.version("safefile")
    except metadata.PackageNotFoundError:  # a source tree that was never installed
        version = "0+unknown"
    globals()["__version__"] = version
    return version
