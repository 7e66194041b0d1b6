"""The PNG icons are the SVG's rendering at their size (scripts/make_icons.py was run after
the SVG last changed), and resources/ installs as safefile.resources."""

from __future__ import annotations

import importlib.util
from importlib import resources
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from safefile import APP_ID

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def make_icons():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("make_icons", ROOT / "scripts/make_icons.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_each_png_is_the_svg_at_its_size(qapp, make_icons) -> None:  # type: ignore[no-untyped-def]
    icons = resources.files("safefile.resources").joinpath("icons")
    svg = Path(str(icons.joinpath(f"{APP_ID}.svg")))
    for size in make_icons.SIZES:
        png = QImage(str(icons.joinpath(f"{APP_ID}-{size}.png")))
        assert (png.width(), png.height()) == (size, size)
        drawn = make_icons.render(svg, size).convertToFormat(png.format())
        assert drawn == png, f"{size}px differs from the SVG: run scripts/make_icons.py"


def test_resources_come_from_the_top_level_folder() -> None:
    folder = resources.files("safefile.resources")
    assert Path(str(folder)).resolve() == (ROOT / "resources").resolve()
    assert folder.joinpath("service_types.json").is_file()
