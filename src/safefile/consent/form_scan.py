"""Reading the codes on a scanned form: a PDF's pages rendered with PDFium, or an image,
each read with zxing-cpp.  Everything stays in memory: nothing of the scan is written out.
"""

from __future__ import annotations

import io

from safefile.errors import InvalidInput

DPI = 200  # enough for a code 20 mm wide; a scan at 150 dpi or more reads back
MAX_PAGES = 40


def _not_a_scan() -> InvalidInput:
    return InvalidInput(
        "The file is not a scan SafeFile can read: attach a PDF, or a PNG or JPEG image, "
        "of the signed form."
    )


def _codes_in(image: object) -> list[str]:
    import zxingcpp

    found = zxingcpp.read_barcodes(
        image, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    )
    return [b.text for b in found if b.valid]


def read_codes(data: bytes) -> tuple[list[str], int]:
    """The QR codes' texts, page by page (one per page that carries one), and the number
    of pages of the scan."""
    if data.startswith(b"%PDF"):
        import pypdfium2

        try:
            pdf = pypdfium2.PdfDocument(data)
        except pypdfium2.PdfiumError:
            raise _not_a_scan() from None
        try:
            pages = len(pdf)
            if pages > MAX_PAGES:
                raise InvalidInput(
                    f"The scan has {pages} pages; a release form has a few. Attach the scan "
                    "of the signed form alone."
                )
            codes: list[str] = []
            for i in range(pages):
                page = pdf[i]
                image = page.render(scale=DPI / 72, grayscale=True).to_pil()
                codes += _codes_in(image)[:1]
                page.close()
            return codes, pages
        finally:
            pdf.close()
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise _not_a_scan() from None
    return _codes_in(image.convert("L"))[:1], 1
