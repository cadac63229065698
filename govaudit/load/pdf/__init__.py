"""PDF loader: the text layer (read with pdfium) → paragraphs and tables.

Tables come from ruled lines. Their cell structure is rebuilt from the
ruled cell boxes (not from a text grid), so spans and cells the finder
misses are both recovered. A table that continues at the top of the next
page is joined to its first part. Text outside data tables is grouped into
lines, then paragraphs, by position. Large pictures in the page body
become `Image` blocks; pages the text layer does not carry faithfully (only
pictures, too many shapes, rotated or undecodable text) get a load note.
pdfium (the C library pypdfium2 ships) is loaded on first use; being C, it
cannot be interrupted, so `govaudit check` reads PDFs in a worker process.

`load_pdf` is the entry point. One module per step:

- safety: refusals (not a PDF, truncated, too many pages, stream bombs, encrypted)
- pdfium: the few pdfium functions used, bound with ctypes
- page_data: one page → characters, shapes and pictures as records
- pages: each page → tables, lines and pictures in reading order, load notes
- lines: characters → lines of text
- rules: drawn shapes → ruling lines → ruled tables' cell boxes
- cells: ruling edges → cell boxes (the finder)
- grid: the table being rebuilt, cells on a grid of edges
- tables: cell boxes → grid → data tables and their `Cell`s
- join: tables continued across pages, cut rows and labels merged
- images: large pictures → `Image` blocks
- problems: what the text layer does not carry → load notes
- paragraphs: lines → paragraphs, headings, page numbers
- metadata: the title from the document's metadata
- assemble: the pages' items → the `Document`
"""

from __future__ import annotations

import threading

from ...core.errors import InputError
from ...core.limits import Limits
from ...core.model import Document
from .assemble import _assemble
from .metadata import _meta_title
from .pages import _read_pages
from .safety import _check_header, _check_page_count, _check_streams, _open_error, _refusal

MSG_NEEDS_PDFIUM = "读取 PDF 需要 pypdfium2 4.30 或更高版本（pip install -U pypdfium2）"

# pdfium is not thread-safe: one document at a time per process.
_PDFIUM_LOCK = threading.Lock()


def load_pdf(path: str, data: bytes, limits: Limits) -> Document:
    """Read a PDF's text layer into a Document; any failure is an InputError."""
    _check_header(path, data)
    try:
        from . import pdfium

        pdf = pdfium.lib()
    except (ImportError, OSError, AttributeError):  # not installed, not loadable, or a pdfium without a function used
        raise InputError(path, MSG_NEEDS_PDFIUM) from None
    _check_streams(data, path, limits)
    try:
        with _PDFIUM_LOCK:
            return _load(pdf, path, data, limits)
    except InputError:
        raise
    except Exception as exc:
        raise _refusal(path, exc) from None


def _load(pdf, path: str, data: bytes, limits: Limits) -> Document:
    doc = pdf.FPDF_LoadMemDocument64(data, len(data), None)  # `data` outlives the document
    if not doc:
        raise _open_error(path, pdf.FPDF_GetLastError())
    try:
        n_pages = pdf.FPDF_GetPageCount(doc)
        _check_page_count(n_pages, path, limits)
        pages_items, pages_lines, notes = _read_pages(pdf, doc, n_pages, path, limits)
        title_meta = _meta_title(pdf, doc)
    finally:
        pdf.FPDF_CloseDocument(doc)
    return _assemble(path, pages_items, pages_lines, title_meta, limits, notes)
