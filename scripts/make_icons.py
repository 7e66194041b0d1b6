"""Render resources/icons/org.safefile.SafeFile.svg into the PNG sizes that ship beside it,
and the Windows .ico and macOS .icns the installers' builds take (packaging/windows,
packaging/macos).

All are committed (the hicolor icon theme and the window icon take the PNGs); run this
after changing the SVG:

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/make_icons.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"
APP_ID = "org.safefile.SafeFile"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render(svg: Path, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    return image


def main() -> None:
    _app = QGuiApplication(sys.argv[:1])
    svg = ICONS / f"{APP_ID}.svg"
    for size in SIZES:
        out = ICONS / f"{APP_ID}-{size}.png"
        render(svg, size).save(str(out))  # the format from the name: .png
        print(out.relative_to(ROOT))
    big = Image.open(ICONS / f"{APP_ID}-512.png")
    ico = ROOT / "packaging" / "windows" / "safefile.ico"
    big.save(ico, sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
    icns = ROOT / "packaging" / "macos" / "SafeFile.icns"
    big.save(icns)
    print(ico.relative_to(ROOT), icns.relative_to(ROOT), sep="\n")


if __name__ == "__main__":
    main()
