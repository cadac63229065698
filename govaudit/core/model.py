"""The document model every loader produces and every later stage reads.

A `Document` is an ordered list of blocks: paragraphs and tables. Tables are
grids with merged cells resolved: a cell spanning two rows appears in both
grid positions as the same `Cell` object. Every block and cell carries the
`Location` it was read from, so a finding can point back into the input.
"""

from __future__ import annotations

from typing import Union

import attrs

from .fieldwise import FieldsEq, FieldsHash, FieldsRepr


@attrs.frozen(repr=False, eq=False)
class Location(FieldsHash):
    """Where something was read. Fields a format has no notion of stay None.

    Text, Markdown and HTML give 1-based line/column positions; docx gives
    paragraph or table/row/col indexes; PDF gives page (and table/row/col).
    """

    path: str
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    page: int | None = None
    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None

    def short(self) -> str:
        """`path:line:col`, `path:p3`, or `path:表2[4,1]`, for human output."""
        if self.line is not None:
            return f"{self.path}:{self.line}:{self.column or 1}"
        parts = [self.path]
        if self.page is not None:
            parts.append(f"p{self.page}")
        if self.table is not None:
            cell = f"[{self.row},{self.col}]" if self.row is not None else ""
            parts.append(f"表{self.table}{cell}")
        elif self.paragraph is not None:
            parts.append(f"段{self.paragraph}")
        return ":".join(parts)

    def as_dict(self) -> dict:
        return {k: v for k, v in attrs.asdict(self).items() if v is not None}


@attrs.frozen(repr=False, eq=False)
class RunSplit(FieldsHash):
    """How a cell's figure was read from a flattened table (load/flattable):
    the digit run it came from, and the identities that chose among several
    splits of the run (each as the set of fact keys it relates), which then
    prove nothing. `unreadable`: the run allowed several splits and the cell
    was not read."""

    run: str
    chosen_by: tuple = ()
    unreadable: bool = False


@attrs.frozen(eq=False, repr=False)
class Cell(FieldsRepr):
    """One table cell; identity (not value) equality, since merged cells
    are the same object in several grid positions."""

    text: str
    location: Location
    row: int  # grid row of the top-left corner, 0-based
    col: int  # grid column of the top-left corner, 0-based
    rowspan: int = 1
    colspan: int = 1
    split: RunSplit | None = None  # read from a run of glued figures


@attrs.frozen(eq=False, repr=False)
class Paragraph(FieldsRepr):
    text: str
    location: Location
    # HTML only: the source text runs the paragraph was joined from, as
    # (raw text, line, column), so a figure inside it can be located exactly
    # (load.textutil.locate). Empty where text and source columns agree.
    runs: tuple = ()


@attrs.frozen(eq=False, repr=False)
class Table(FieldsRepr):
    """A grid of cells, merged cells resolved. `grid[r][c]` is never missing:
    ragged rows are padded with empty cells by the loader."""

    grid: list[list[Cell]]
    location: Location
    index: int  # 1-based order among the document's tables

    @property
    def n_rows(self) -> int:
        return len(self.grid)

    @property
    def n_cols(self) -> int:
        return len(self.grid[0]) if self.grid else 0

    def row_cells(self, r: int) -> list[Cell]:
        """The distinct cells of row r, left to right (a merged cell once)."""
        seen: set[int] = set()
        out = []
        for cell in self.grid[r]:
            if id(cell) not in seen:
                seen.add(id(cell))
                out.append(cell)
        return out

    def text(self) -> str:
        return "\n".join(" | ".join(c.text for c in self.row_cells(r)) for r in range(self.n_rows))


@attrs.frozen(eq=False, repr=False)
class Image(FieldsRepr):
    """A picture in the body: a table published as an image cannot be
    checked, and saying so beats a silent pass."""

    location: Location
    description: str = ""  # alt text or file name


@attrs.frozen(repr=False, eq=False)
class LoadNote(FieldsHash):
    """Something a loader could not read faithfully (a page read as text
    only, a damaged stream…); extraction turns these into notes for rules."""

    code: str
    message: str
    location: Location


Block = Union[Paragraph, Table, Image]


@attrs.frozen(repr=False, eq=False)
class Directive(FieldsHash):
    """A comment addressed to govaudit (`<!-- govaudit: ignore GA201 原因 -->`),
    as a loader saw it: the whole comment as written, and where it stands.
    Loaders only hand these over; the lint layer reads them (lint/suppress.py)."""

    text: str
    location: Location


@attrs.define(repr=False, eq=False)
class Document(FieldsEq):
    """A loaded report: blocks in reading order, plus what the file says of itself."""

    path: str
    format: str  # txt | md | html | docx | pdf
    blocks: list[Block]
    title: str | None = None  # <title>, docx core title, PDF metadata title
    published: str | None = None  # ISO date if the file states one (meta tag, 发布日期)
    source_lines: list[str] | None = None  # decoded text, for quoting source lines
    notes: list[LoadNote] = attrs.Factory(list)
    directives: list[Directive] = attrs.Factory(list)  # HTML and Markdown comments to govaudit

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]


def cover(grid: list[list[Cell | None]], cell: Cell) -> None:
    """Put `cell` in every free grid position its spans cover: a merged cell
    is the same object in each (the first cell placed keeps a position)."""
    for rr in range(cell.row, cell.row + cell.rowspan):
        target = grid[rr]
        if len(target) < cell.col + cell.colspan:
            target.extend([None] * (cell.col + cell.colspan - len(target)))
        for cc in range(cell.col, cell.col + cell.colspan):
            if target[cc] is None:
                target[cc] = cell


def fill_holes(grid: list[list[Cell | None]], width: int, blank) -> list[list[Cell]]:
    """The rectangular grid of `width` columns, an empty Cell wherever no cell
    was placed; `blank(r, c, row)` gives that empty cell's Location."""
    out: list[list[Cell]] = []
    for r, line in enumerate(grid):
        out.append([
            (line[c] if c < len(line) else None) or Cell(text="", location=blank(r, c, line), row=r, col=c)
            for c in range(width)
        ])
    return out


def build_grid(rows: list[list[tuple[str, Location, int, int]]], path: str, max_cells: int) -> list[list[Cell]]:
    """Resolve rowspan/colspan into a rectangular grid of `Cell`s.

    `rows` holds, per source row, (text, location, rowspan, colspan) tuples in
    source order. Spans are clamped: a rowspan never reaches past the last
    row, a colspan never past `max_cells` in total, so absurd spans in hostile
    markup cost nothing. Ragged rows are padded with empty cells.
    """
    from .errors import InputError

    n_rows = len(rows)
    grid: list[list[Cell | None]] = [[] for _ in range(n_rows)]
    total = 0
    for r, source_row in enumerate(rows):
        c = 0
        for text, loc, rowspan, colspan in source_row:
            line = grid[r]
            while c < len(line) and line[c] is not None:
                c += 1
            rowspan = max(1, min(rowspan, n_rows - r))
            colspan = max(1, colspan)
            total += rowspan * colspan
            if total > max_cells:
                raise InputError(path, f"表格过大（超过 {max_cells} 个单元格），可能是异常的 rowspan/colspan")
            cover(grid, Cell(text=text, location=loc, row=r, col=c, rowspan=rowspan, colspan=colspan))
            c += colspan
    width = max((len(line) for line in grid), default=0)

    def blank(r, c, line):
        # A hole in the source markup: an empty cell that points at the
        # row's first cell location, so it can still be cited.
        anchor = next((x for x in line if x is not None), None)
        return anchor.location if anchor is not None else Location(path)

    return fill_holes(grid, width, blank)
