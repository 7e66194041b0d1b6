"""The packages to install: every package under src/, and safefile.resources with its folders,
which live in the top-level resources/ folder (pyproject.toml maps it there and lists the
files each ships). Everything else is in pyproject.toml.
"""

from pathlib import Path

from setuptools import find_packages, setup

RESOURCES = Path(__file__).resolve().parent / "resources"
setup(
    packages=[
        *find_packages("src"),
        "safefile.resources",
        *(
            f"safefile.resources.{d.name}"
            for d in sorted(RESOURCES.iterdir())
            if d.is_dir() and not d.name.startswith(("_", "."))
        ),
    ]
)
