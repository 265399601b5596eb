"""Reading back the PDFs the export writes: text per page, sizes, fonts."""

import io
import math
import re
from collections import Counter
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Run:
    """A piece of text as the page draws it: where its baseline starts and its size."""

    text: str
    x_mm: float
    y_mm: float  # from the top of the page
    size_pt: float


def _times(m: list[float], n: list[float]) -> list[float]:
    """The PDF matrix product m × n (m applied first)."""
    return [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]


def text_runs(content: bytes) -> list[list[Run]]:
    """Every page's pieces of text, with their positions and sizes in paper units.

    The curve's SVG text is drawn inside form XObjects, and pypdf hands their text to the
    visitor with the form's own matrix (starting at identity), not the page's: it is put
    back under the matrix of the ``Do`` that drew the form. WeasyPrint's page content is
    always under its y-flip (negative d), a form's under none: that tells them apart."""
    pages = []
    for page in reader(content).pages:
        height = float(page.mediabox.height)
        runs: list[Run] = []
        drawn_at: list[list[float]] = [[1, 0, 0, 1, 0, 0]]

        def operator(op, _args, cm, _tm, drawn_at=drawn_at):
            if op == b"Do":
                drawn_at[0] = list(cm)

        def visit(text, cm, tm, _font, size, runs=runs, height=height, drawn_at=drawn_at):
            if not text.strip():
                return
            ctm = _times(list(cm), drawn_at[0]) if cm[3] > 0 else list(cm)
            a, b, c, d, x, y = _times(list(tm), ctm)
            scale = math.sqrt(abs(a * d - b * c))
            runs.append(Run(text.strip(), x * MM_PER_PT, (height - y) * MM_PER_PT, size * scale))

        page.extract_text(visitor_operand_before=operator, visitor_text=visit)
        pages.append(runs)
    return pages


def body_size_pt(runs: list[Run]) -> float:
    """The size most of the page's characters are set in."""
    weight: Counter[float] = Counter()
    for run in runs:
        weight[round(run.size_pt, 1)] += len(run.text)
    return weight.most_common(1)[0][0]


def filled_fraction(runs: list[Run], top_mm: float, bottom_mm: float) -> float:
    """How much of the page's content box, from its top, holds text: the lowest baseline
    between ``top_mm`` and ``bottom_mm`` (the running header and footer are outside)."""
    inside = [run.y_mm for run in runs if top_mm <= run.y_mm <= bottom_mm]
    if not inside:
        return 0.0
    return (max(inside) - top_mm) / (bottom_mm - top_mm)
