"""Where in the rendered report each finding is marked.

A finding's `Location` is matched against the document's blocks and cells:
a cell by its own location, a paragraph by its location or by the span of
source it covers. Inside a paragraph the quoted evidence is looked up, so
the sentence (not the whole paragraph) is marked; a finding about a section
as a whole is marked on the section's heading. What cannot be matched is
said to be unplaced, and the page lists it at the top: nothing is dropped.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ..core.model import Cell, Document, Location, Paragraph, Table
from ..text.normalize import nfkc

# The forms a mark can take, most precise first.
CELL, TEXT, HEADING, BLOCK, DOCUMENT, UNPLACED = "cell", "text", "heading", "block", "document", "unplaced"


class Placement(NamedTuple):
    kind: str
    block: int | None = None  # index in Document.blocks
    cell: Cell | None = None
    span: tuple[int, int] | None = None  # character offsets in the paragraph's text


def _key(loc) -> tuple:
    """A location without its path and end: what a cell or block is known by."""
    if isinstance(loc, dict):
        get = loc.get
    else:
        get = lambda name: getattr(loc, name)  # noqa: E731
    return tuple(get(name) for name in ("line", "column", "page", "paragraph", "table", "row", "col"))


# Dropped when evidence is looked up: spaces and quotes differ between the
# quote a rule made and the text as read (the same characters as
# text.normalize drops from running text).
_DROP = frozenset(
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\"'“”‘’「」『』〝〞＂＇"
)


def _folded(text: str) -> tuple[str, list[int]]:
    """`text` in a comparable form, and the index in `text` of each of its characters."""
    out, where = [], []
    for i, ch in enumerate(text):
        if ch in _DROP:
            continue
        for c in nfkc(ch):
            if c not in _DROP:
                out.append(c)
                where.append(i)
    return "".join(out), where


def find_text(text: str, quote: str, hint: int | None = None) -> tuple[int, int] | None:
    """The span of `quote` in `text` (spaces, quotes and character widths
    aside); of several, the one nearest to offset `hint`."""
    if not quote:
        return None
    start = text.find(quote)
    if start >= 0 and text.find(quote, start + 1) < 0:
        return start, start + len(quote)
    hay, where = _folded(text)
    needle, _ = _folded(quote)
    if not needle:
        return None
    spans = []
    i = hay.find(needle)
    while i >= 0 and len(spans) < 1000:
        spans.append((where[i], where[i + len(needle) - 1] + 1))
        i = hay.find(needle, i + 1)
    if not spans:
        return None
    if hint is None:
        return spans[0]
    return min(spans, key=lambda s: 0 if s[0] <= hint < s[1] else min(abs(s[0] - hint), abs(s[1] - 1 - hint)))


def _offset_hint(paragraph: Paragraph, loc: Location) -> int | None:
    """Roughly where in the paragraph's text `loc` points: only to choose
    between several equal quotes."""
    pl = paragraph.location
    if loc.line is None or loc.column is None:
        return None
    if paragraph.runs:
        done = 0
        for run in paragraph.runs:
            raw, line, column = run[0], run[1], run[2]
            if line == loc.line and column <= loc.column <= column + len(raw):
                return done + loc.column - column
            done += len(raw)
        return None
    if pl.line == loc.line and pl.column is not None:
        return loc.column - pl.column
    return None


def figure_span(paragraph: Paragraph, loc: Location, value) -> tuple[int, int] | None:
    """The span of the figure `value` read from `paragraph` at `loc`: the
    occurrence of that number nearest to where `loc` points, or the only
    one; None when it cannot be told which one was read."""
    number = re.escape(str(value))
    spans = [m.span() for m in re.finditer(rf"(?<![\d.]){number}(?![\d.])", paragraph.text)]
    hint = _offset_hint(paragraph, loc)
    if len(spans) == 1:
        return spans[0]
    if not spans or hint is None:
        return None
    return min(spans, key=lambda s: 0 if s[0] <= hint < s[1] else min(abs(s[0] - hint), abs(s[1] - 1 - hint)))


class Index:
    """The blocks and cells of one document, by location, for placing findings."""

    def __init__(self, document: Document, segmentation=None):
        self.document = document
        self.blocks = document.blocks
        self.cells: dict[tuple, tuple[int, Cell]] = {}
        self.by_key: dict[tuple, int] = {}
        for i, block in enumerate(self.blocks):
            self.by_key.setdefault(_key(block.location), i)
            if isinstance(block, Table):
                for row in block.grid:
                    for cell in row:
                        self.cells.setdefault(_key(cell.location), (i, cell))
        self.headings: dict[str, int] = {}
        self.block_sections: list = [None] * len(self.blocks)
        if segmentation is not None:
            self.headings = {s.number: s.block for s in segmentation.sections}
            self.block_sections = list(segmentation.block_sections) + [None] * (len(self.blocks) - len(segmentation.block_sections))

    def cell_at(self, loc) -> tuple[int, Cell] | None:
        return self.cells.get(_key(loc))

    def block_at(self, loc: Location) -> int | None:
        found = self.by_key.get(_key(loc))
        if found is not None:
            return found
        if loc.line is None:
            return None
        point = (loc.line, loc.column or 1)
        for i, block in enumerate(self.blocks):
            bl = block.location
            if bl.line is None or not isinstance(block, Paragraph):
                continue
            start = (bl.line, bl.column or 1)
            end = (bl.end_line or bl.line, bl.end_column if bl.end_column is not None else 1 << 30)
            if start <= point <= end:
                return i
        return None

    def _search(self, quote: str, section: str | None) -> Placement | None:
        """The quote in the finding's section, else anywhere: in a paragraph,
        or as the whole text of exactly one cell."""
        for wanted in (section, None) if section else (None,):
            for i, block in enumerate(self.blocks):
                if wanted is not None and self.block_sections[i] != wanted:
                    continue
                if isinstance(block, Paragraph):
                    span = find_text(block.text, quote)
                    if span:
                        return Placement(TEXT, i, span=span)
            matches = [
                (i, cell)
                for (i, cell) in {id(c): (i, c) for i, c in self.cells.values()}.values()
                if (wanted is None or self.block_sections[i] == wanted) and cell.text.strip() == quote.strip()
            ]
            if len(matches) == 1:
                return Placement(CELL, matches[0][0], cell=matches[0][1])
        return None

    def place(self, finding) -> Placement:
        loc = finding.location
        quote = _quote(finding)
        hit = self.cell_at(loc)
        if hit:
            return Placement(CELL, hit[0], cell=self._quoted_in_row(hit[0], hit[1], quote))
        if not finding.section and not quote:
            return Placement(DOCUMENT)  # about the report as a whole (a subject never mentioned…)
        i = self.block_at(loc)
        heading = self.headings.get(finding.section) if finding.section else None
        if i is not None:
            block = self.blocks[i]
            if isinstance(block, Paragraph):
                span = find_text(block.text, quote, _offset_hint(block, loc)) if quote else None
                if span:
                    return Placement(TEXT, i, span=span)
                if quote:  # quoted from elsewhere in the section (the heading is where it was missed)
                    found = self._search(quote, finding.section)
                    if found:
                        return found
                if i in self.headings.values():
                    return Placement(HEADING, i)
            elif isinstance(block, Table) and quote:
                cells = {id(c): c for row in block.grid for c in row if c.text.strip() == quote.strip()}
                if len(cells) == 1:
                    return Placement(CELL, i, cell=next(iter(cells.values())))
            if not quote:
                return Placement(BLOCK, i)
        if quote:
            found = self._search(quote, finding.section)
            if found:
                return found
        if i is not None:
            return Placement(BLOCK, i)
        if heading is not None and not quote:
            return Placement(HEADING, heading)
        return Placement(UNPLACED)

    def _quoted_in_row(self, i: int, cell: Cell, quote: str | None) -> Cell:
        """A finding about a row may point at its first figure and quote its
        label: the label is then the cell to mark."""
        if not quote or _folded(cell.text)[0] == _folded(quote)[0]:
            return cell
        wanted = _folded(quote)[0]
        for row in self.blocks[i].grid:
            if cell in row:
                return next((c for c in row if _folded(c.text)[0] == wanted), cell)
        return cell

    def figure_in_text(self, figure: dict, value) -> tuple[int, tuple[int, int]] | None:
        """(block, span) of a figure read from running text (a report without
        tables): where a suspected figure is marked."""
        loc = figure.get("location")
        if not loc:
            return None
        loc = Location(**loc)
        i = self.block_at(loc)
        if i is None or not isinstance(self.blocks[i], Paragraph):
            return None
        span = figure_span(self.blocks[i], loc, value)
        return (i, span) if span else None

    def figure_cells(self, finding) -> list[tuple[dict, int, Cell]]:
        """The table cells of an arithmetic finding's figures: (figure, block, cell)."""
        out = []
        for figure in finding.cells or ():
            loc = figure.get("location")
            hit = self.cell_at(loc) if loc else None
            if hit:
                out.append((figure, hit[0], hit[1]))
        return out


def _quote(finding) -> str | None:
    """The text to look up at the finding's place: its evidence when that is
    a quote; for an equation, the figure at the finding's own location."""
    if finding.quoted:
        return finding.evidence
    here = finding.location.as_dict()
    return next((c.get("raw") or None for c in finding.cells if c.get("location") == here), None)
