"""Cells that span columns only because a rule is missing → a cell per
column, each with what sits in it.

Some producers leave out vertical rules between cells (around blank ones
most often), so the cell finder sees one wide cell. A merged cell holds a
label; a figure is never spread over a span, or it would be read once for
every column it covers, and a label never reaches into the figures'
columns, or the figure there would be read one column off. Whether a span
is drawn on purpose is told by the nearest row above with text over those
columns: one cell exactly as wide (a heading such as 本年处理决定数量 over
a merged figure) keeps the span; separate cells there (自然人 | 商业企业 …)
mean the columns are real.

- a figure, or nothing, spanning real columns: the figure goes to the
  column its characters sit in, the others are blank cells;
- a figure, or nothing, spanning rows that have labels of their own
  (a horizontal rule missing): the figure goes to its row, the others are
  blank;
- a label running on into the figures' columns (`（七）总计` and `1` in one
  cell): the label keeps the label columns, each figure column gets its
  own cell with its own figure, or blank. Only where figures sit there:
  a title row across the table is left whole.
"""

from __future__ import annotations

import bisect

from .grid import _is_number, _label_columns, _Part, _RawCell
from .lines import _chars_text


def _columns_are_real(grid, r: int, c0: int, c1: int) -> bool:
    """Whether the nearest row above r with text in columns c0..c1 has
    separate cells there."""
    for above in range(r - 1, -1, -1):
        owners = []
        for c in range(c0, c1):
            cell = grid[above][c]
            if cell is not None and (not owners or owners[-1] is not cell):
                owners.append(cell)
        if not any(cell.text for cell in owners):
            continue
        return len(owners) > 1  # one cell as wide above too: a merged column
    return False


def _chars_by_column(part: _Part, cell: _RawCell) -> dict[int, list[dict]]:
    cols: dict[int, list[dict]] = {}
    for ch in cell.chars:
        cx = (ch["x0"] + ch["x1"]) / 2
        c = min(max(bisect.bisect_right(part.xs, cx) - 1, cell.c0), cell.c1 - 1)
        cols.setdefault(c, []).append(ch)
    return cols


def _pieces(cell: _RawCell, bounds: list[tuple[int, int]], cols: dict[int, list[dict]]) -> list[_RawCell]:
    out = []
    for c0, c1 in bounds:
        piece = _RawCell(cell.r0, cell.r1, c0, c1, cell.page)
        piece.chars = [ch for c in range(c0, c1) for ch in cols.get(c, ())]
        piece.text = _chars_text(piece.chars)
        out.append(piece)
    return out


def _split(part: _Part, cell: _RawCell, n_labels: int) -> list[_RawCell] | None:
    """The cells `cell` should have been, or None to leave it as it is."""
    cols = _chars_by_column(part, cell)
    singles = [(c, c + 1) for c in range(cell.c0, cell.c1)]
    if not cell.text or _is_number(cell.text):
        if len(cols) > 1:
            return None  # characters in several columns: not one figure
        return _pieces(cell, singles, cols)
    figures = [_chars_text(cols[c]) for c in cols if c >= n_labels]
    if not cell.c0 < n_labels < cell.c1 or not figures:
        return None
    if not all(_is_number(t) for t in figures):
        return None  # words in the figures' columns: a heading, not a label cut short
    label_text = _chars_text([ch for c in range(cell.c0, n_labels) for ch in cols.get(c, ())])
    if not label_text or _is_number(label_text):
        return None
    return _pieces(cell, [(cell.c0, n_labels)] + singles[n_labels - cell.c0 :], cols)


def _rows_are_real(grid, c: int, r0: int, r1: int) -> bool:
    """Whether the nearest column left of c with text in rows r0..r1 has
    separate cells there (a label for each row)."""
    for left in range(c - 1, -1, -1):
        owners = []
        for r in range(r0, r1):
            cell = grid[r][left]
            if cell is not None and (not owners or owners[-1] is not cell):
                owners.append(cell)
        if not any(cell.text for cell in owners):
            continue
        return len(owners) > 1
    return False


def _split_rows(part: _Part, cell: _RawCell) -> list[_RawCell] | None:
    """A figure, or nothing, spanning rows that have labels of their own:
    the figure goes to the row its characters sit in."""
    if cell.text and not _is_number(cell.text):
        return None
    rows: dict[int, list[dict]] = {}
    for ch in cell.chars:
        cy = (ch["top"] + ch["bottom"]) / 2
        r = min(max(bisect.bisect_right(part.ys, cy) - 1, cell.r0), cell.r1 - 1)
        rows.setdefault(r, []).append(ch)
    if len(rows) > 1:
        return None
    out = []
    for r in range(cell.r0, cell.r1):
        piece = _RawCell(r, r + 1, cell.c0, cell.c1, cell.page)
        piece.chars = rows.get(r, [])
        piece.text = _chars_text(piece.chars)
        out.append(piece)
    return out


def split_false_spans(part: _Part) -> None:
    grid = part.owners()
    n_labels = _label_columns(part)
    for cell in list(part.cells):
        if cell.c1 - cell.c0 == 1 and cell.r1 - cell.r0 >= 2 and cell.c0 >= n_labels:
            # A figure over several rows, for want of a horizontal rule.
            pieces = _split_rows(part, cell) if _rows_are_real(grid, cell.c0, cell.r0, cell.r1) else None
            if pieces is not None:
                part.cells.remove(cell)
                part.cells.extend(pieces)
                for piece in pieces:
                    grid[piece.r0][cell.c0] = piece
            continue
        if cell.c1 - cell.c0 < 2 or cell.r1 - cell.r0 != 1:
            continue
        if not _columns_are_real(grid, cell.r0, cell.c0, cell.c1):
            continue
        pieces = _split(part, cell, n_labels)
        if pieces is None:
            continue
        part.cells.remove(cell)
        part.cells.extend(pieces)
        for piece in pieces:
            for c in range(piece.c0, piece.c1):
                grid[cell.r0][c] = piece
