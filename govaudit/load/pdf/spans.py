"""A figure (or nothing) in a cell that spans columns only because a rule
is missing → the figure in the one column it sits in, blank cells beside it.

Some producers leave out vertical rules between cells (blank ones most
often), so the cell finder sees one wide cell. A merged cell holds a label;
a figure is never spread over a span, or it would be read once for every
column it covers. Whether the span is drawn on purpose is told by the
nearest row above with text over those columns: one cell exactly as wide
(a heading such as 本年处理决定数量 over a merged figure) keeps the span;
separate cells there (自然人 | 商业企业 …) mean the columns are real, and
the figure goes to the column its characters sit in.
"""

from __future__ import annotations

import bisect

from .grid import _is_number as is_number
from .grid import _Part, _RawCell
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
        if len(owners) == 1:
            return False  # drawn as one cell above too: a merged column
        return True
    return False


def split_figure_spans(part: _Part) -> None:
    grid = part.owners()
    for cell in list(part.cells):
        if cell.c1 - cell.c0 < 2 or cell.r1 - cell.r0 != 1 or (cell.text and not is_number(cell.text)):
            continue
        if not _columns_are_real(grid, cell.r0, cell.c0, cell.c1):
            continue
        cols = {}
        for ch in cell.chars:
            cx = (ch["x0"] + ch["x1"]) / 2
            c = min(max(bisect.bisect_right(part.xs, cx) - 1, cell.c0), cell.c1 - 1)
            cols.setdefault(c, []).append(ch)
        if len(cols) > 1:
            continue  # characters in several columns: not one figure, left as it is
        home, chars = next(iter(cols.items()), (-1, []))
        part.cells.remove(cell)
        for c in range(cell.c0, cell.c1):
            piece = _RawCell(cell.r0, cell.r1, c, c + 1, cell.page)
            if c == home:
                piece.chars = chars
                piece.text = _chars_text(chars)
            part.cells.append(piece)
            grid[cell.r0][c] = piece
