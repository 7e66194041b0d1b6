"""The PNG icons are the SVG's rendering at their size (scripts/make_icons.py was run after
the SVG last changed), and resources/ installs as safefile.resources.

Rasterising an SVG is not bit-exact across machines of one kind: Qt picks its drawing path
by the CPU (its SIMD blending), so anti-aliased edges differ by a few levels. The PNGs are
therefore compared with the SVG's rendering here within a tolerance that such edge noise
stays far under and any real change of the drawing (a colour, a shape moved) exceeds; both
sides of that line are tested below."""

from __future__ import annotations

import importlib.util
from importlib import resources
from pathlib import Path
from types import ModuleType

import pytest
from PIL import Image, ImageChops, ImageStat
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from safefile import APP_ID

ROOT = Path(__file__).resolve().parents[2]
ICONS = resources.files("safefile.resources").joinpath("icons")
SVG = Path(str(ICONS.joinpath(f"{APP_ID}.svg")))

# Mean difference per channel, out of 255, and the share of pixels off by more than a
# quarter of the range. Edge noise between drawing paths measures well under both.
# Measured here: drawing at four times the size and scaling down gives at most 2.3 and
# 2.5 %; the drawing moved by 3 % of its width gives 19.5 or more and 12 % or more.
MEAN_LIMIT = 6.0
FAR_OFF_LEVEL = 64
FAR_OFF_SHARE = 0.06


@pytest.fixture(scope="module")
def make_icons() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_icons", ROOT / "scripts/make_icons.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pil(image: QImage) -> Image.Image:
    rgba = image.convertToFormat(QImage.Format.Format_RGBA8888)
    return Image.frombytes("RGBA", (rgba.width(), rgba.height()), bytes(rgba.constBits()))


def differs(a: Image.Image, b: Image.Image) -> str | None:
    """Why ``a`` is not ``b`` drawn by another rasteriser, or None when it is."""
    if a.size != b.size:
        return f"size {a.size} is not {b.size}"
    diff = ImageChops.difference(a.convert("RGBA"), b.convert("RGBA"))
    mean = sum(ImageStat.Stat(diff).mean) / 4
    far = max(
        ImageStat.Stat(band.point(lambda v: 255 if v > FAR_OFF_LEVEL else 0)).mean[0] / 255
        for band in diff.split()
    )
    if mean > MEAN_LIMIT:
        return f"mean difference {mean:.2f} > {MEAN_LIMIT}"
    if far > FAR_OFF_SHARE:
        return f"{far:.1%} of pixels far off"
    return None


def test_each_png_is_the_svg_at_its_size(qapp, make_icons: ModuleType) -> None:  # type: ignore[no-untyped-def]
    for size in make_icons.SIZES:
        png = Image.open(str(ICONS.joinpath(f"{APP_ID}-{size}.png")))
        assert png.size == (size, size)
        problem = differs(png, _pil(make_icons.render(SVG, size)))
        assert problem is None, (
            f"{size}px differs from the SVG ({problem}): run scripts/make_icons.py"
        )


def test_another_rasteriser_passes(qapp, make_icons: ModuleType) -> None:  # type: ignore[no-untyped-def]
    """Another machine's drawing path, imitated: the SVG drawn at four times the size and
    scaled down smoothly puts every anti-aliased edge at different levels."""
    for size in make_icons.SIZES:
        big = make_icons.render(SVG, size * 4)
        small = big.scaled(
            size,
            size,
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        png = Image.open(str(ICONS.joinpath(f"{APP_ID}-{size}.png")))
        assert differs(png, _pil(small)) is None, size


def test_a_changed_drawing_fails(qapp, make_icons: ModuleType, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The tolerance is no blank cheque: the drawing moved by 3 % of its width is caught at
    every size."""
    text = SVG.read_text(encoding="utf-8")
    body_start = text.index(">", text.index("<svg")) + 1
    moved = tmp_path / "moved.svg"
    moved.write_text(
        text[:body_start]
        + '<g transform="translate(8 8)">'
        + text[body_start:].replace("</svg>", "</g></svg>"),
        encoding="utf-8",
    )
    for size in make_icons.SIZES:
        png = Image.open(str(ICONS.joinpath(f"{APP_ID}-{size}.png")))
        assert differs(png, _pil(make_icons.render(moved, size))) is not None, size


def test_resources_come_from_the_top_level_folder() -> None:
    folder = resources.files("safefile.resources")
    assert Path(str(folder)).resolve() == (ROOT / "resources").resolve()
    assert folder.joinpath("service_types.json").is_file()
