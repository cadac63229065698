"""PDF loader: the text layer (via pdfplumber) → paragraphs and tables.

Tables come from ruled lines. Their cell structure is rebuilt from the cell
boxes pdfplumber finds (not from its text grid), so spans and cells it
misses are both recovered. A table that continues at the top of the next
page is joined to its first part. Text outside data tables is grouped into
lines, then paragraphs, by position. Large pictures in the page body
become `Image` blocks; pages the text layer does not carry faithfully (only
pictures, too many shapes, rotated or undecodable text) get a load note.
pdfplumber is imported on first use.

`load_pdf` is the entry point. One module per step:

- safety: refusals (not a PDF, truncated, too many pages, stream bombs, encrypted)
- pages: each page → tables, lines and pictures in reading order, load notes
- lines: characters → lines of text
- rules: drawn shapes → ruling lines → pdfplumber's tables
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

import io
import logging
from contextlib import contextmanager

from ...core.errors import InputError
from ...core.limits import Limits
from ...core.model import Document
from .assemble import _assemble
from .metadata import _meta_title
from .pages import _read_pages
from .safety import _check_header, _check_page_count, _check_streams, _refusal


@contextmanager
def _quiet_pdfminer():
    # pdfminer warns on stderr about recoverable oddities; the user cannot
    # act on those, and a broken file becomes an InputError anyway.
    logger = logging.getLogger("pdfminer")
    old = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(old)


def load_pdf(path: str, data: bytes, limits: Limits) -> Document:
    """Read a PDF's text layer into a Document; any failure is an InputError."""
    _check_header(path, data)
    try:  # whether the PDF library is installed; it is used in _load
        import pdfplumber  # noqa: F401
        from pdfminer.pdfdocument import PDFEncryptionError  # noqa: F401
    except ImportError:
        raise InputError(path, "读取 PDF 需要 pdfplumber（pip install pdfplumber）") from None
    with _quiet_pdfminer():
        try:
            return _load(path, data, limits)
        except InputError:
            raise
        except Exception as exc:
            raise _refusal(path, exc) from None


def _load(path: str, data: bytes, limits: Limits) -> Document:
    import pdfplumber

    pdf = pdfplumber.open(io.BytesIO(data))
    try:
        _check_page_count(pdf.doc, path, limits)
        _check_streams(pdf.doc, path, limits)
        pages_items, pages_lines, notes = _read_pages(pdf, path, limits)
        title_meta = _meta_title(pdf.doc)
    finally:
        pdf.close()

    return _assemble(path, pages_items, pages_lines, title_meta, limits, notes)
