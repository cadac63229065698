"""Pages → their items in reading order (tables, lines, pictures) and load notes.

Page by page: the visible characters, the data tables and the characters
outside them, those grouped into lines (page numbers dropped), and the
pictures. Limits on pages and table cells are enforced as pages are read.
"""

from __future__ import annotations

from ...core.errors import InputError
from ...core.limits import Limits
from ...core.model import Location, LoadNote
from ...text.spaces import too_many_elements
from .images import _page_pictures
from .join import JOIN_MAX_ROWS_LOST
from .lines import _group_lines, _Line
from .page_data import read_page
from .paragraphs import _is_page_number
from .problems import _page_problems
from .tables import _page_tables

MSG_NO_TEXT = "PDF 没有文字层（可能是扫描件），无法检查；本工具不做 OCR"
MSG_EMPTY = "PDF 中没有可读的文字"


def _read_pages(pdf, doc, n_pages: int, path: str, limits: Limits) -> tuple[list[list[tuple[float, object]]], list[list[_Line]], list[LoadNote]]:
    """Each page's tables, lines and pictures in reading order, each page's
    lines of running text, and the load notes; refuses a PDF without text.
    `pdf` is the pdfium library, `doc` the open document."""
    pages_items: list[list[tuple[float, object]]] = []
    pages_lines: list[list[_Line]] = []
    # Table cells the result will hold at least (joins across pages
    # only drop a few rows): refused here, not after reading every page.
    cells_at_least = 0
    any_chars = False
    any_images = False
    notes: list[LoadNote] = []
    for i in range(n_pages):
        if i >= limits.max_pdf_pages:
            raise InputError(path, f"PDF 页数过多（超过 max_pdf_pages = {limits.max_pdf_pages}）")
        page = read_page(pdf, doc, i)
        chars = _visible_chars(page)
        any_chars = any_chars or bool(chars)
        any_images = any_images or bool(page.images)
        tables, free, skipped = _page_tables(page, chars, i + 1, path, limits) if chars else ([], [], None)
        cells_at_least += sum(max(t.n_rows - JOIN_MAX_ROWS_LOST, 0) * t.n_cols for t in tables)
        if cells_at_least > limits.max_elements:
            raise too_many_elements(path, limits)
        problems = ([skipped] if skipped else []) + _page_problems(page, chars, i + 1)
        notes.extend(LoadNote("load-problem", msg, Location(path, page=i + 1)) for msg in problems)
        pictures = _page_pictures(page, chars, tables)
        lines = [ln for ln in _group_lines(free) if not _is_page_number(ln, page.height)]
        items: list[tuple[float, object]] = [(t.top, t) for t in tables] + [(ln.top, ln) for ln in lines]
        items += [(pic.top, pic) for pic in pictures]
        items.sort(key=lambda it: it[0])
        pages_items.append(items)
        pages_lines.append(lines)
    if not any_chars:
        raise InputError(path, MSG_NO_TEXT if any_images else MSG_EMPTY)
    return pages_items, pages_lines, notes


def _visible_chars(page) -> list[dict]:
    w, h = page.width, page.height
    out = []
    for c in page.chars:
        t = c["text"]
        if not t or t in "\x00\ufeff":
            continue
        cx = (c["x0"] + c["x1"]) / 2
        cy = (c["top"] + c["bottom"]) / 2
        if 0 <= cx <= w and 0 <= cy <= h:
            out.append(c)
    return out
