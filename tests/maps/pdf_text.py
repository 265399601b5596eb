"""Reading back the PDFs the export writes: text per page, sizes, fonts."""

import io
import re

from pypdf import PdfReader

MM_PER_PT = 25.4 / 72


def reader(content: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(content))


def squeeze(text: str) -> str:
    """Line breaks and spaces removed: a wrapped card text still matches its source."""
    return re.sub(r"\s+", "", text)


def pages_text(content: bytes) -> list[str]:
    return [page.extract_text() or "" for page in reader(content).pages]


def page_sizes_mm(content: bytes) -> list[tuple[int, int]]:
    boxes = [page.mediabox for page in reader(content).pages]
    return [(round(float(b.width) * MM_PER_PT), round(float(b.height) * MM_PER_PT)) for b in boxes]


def font_names(content: bytes) -> set[str]:
    names = set()
    for page in reader(content).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return names
