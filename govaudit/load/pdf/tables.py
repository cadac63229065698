"""One page's data tables: cell boxes → grid → cells with their text.

The grid is rebuilt from the ruled cell boxes (see cells), so spans and
cells the finder misses are both recovered. Boxes drawn
around body text are told apart from data tables and left to the text.
`_finish_table` turns a finished part into a model `Table` of `Cell`s.
"""

from __future__ import annotations

import bisect

from ...core.limits import Limits
from ...core.model import Cell, Location, Table, cover, fill_holes
from ...text.spaces import table_too_big
from .grid import EDGE_TOL, _cluster, _is_number, _nearest, _Part, _RawCell
from .lines import _chars_text
from .ruling import MAX_GRAPHICS_PER_PAGE, _find_tables
from .spans import split_false_spans
from ...text.lazyre import lazy_compile


def _part_from_boxes(boxes: list[tuple[float, float, float, float]], page: int, path: str, limits: Limits) -> _Part | None:
    """Rebuild the grid from the ruled cell boxes: every distinct edge
    is a row or column boundary, and a box covering several is a span.
    Places no box covers (a missing rule) become cells of their own."""
    xs = _cluster([b[0] for b in boxes] + [b[2] for b in boxes], EDGE_TOL)
    ys = _cluster([b[1] for b in boxes] + [b[3] for b in boxes], EDGE_TOL)
    if len(xs) < 2 or len(ys) < 2:
        return None
    if (len(xs) - 1) * (len(ys) - 1) > limits.max_table_cells:
        raise table_too_big(path, limits)
    cells = []
    taken: set[tuple[int, int]] = set()
    for x0, top, x1, bottom in boxes:
        c0, c1 = _nearest(xs, x0), _nearest(xs, x1)
        r0, r1 = _nearest(ys, top), _nearest(ys, bottom)
        if c1 <= c0 or r1 <= r0:
            continue
        spots = [(r, c) for r in range(r0, r1) for c in range(c0, c1)]
        if any(s in taken for s in spots):
            continue
        taken.update(spots)
        cells.append(_RawCell(r0, r1, c0, c1, page))
    part = _Part(page, xs, ys, cells)
    _fill_holes(part)
    return part


def _fill_holes(part: _Part) -> None:
    """Places no cell covers become cells of their own (blank, or holding
    what text falls there)."""
    page = part.page
    cells = part.cells
    grid = part.owners()
    for r in range(part.n_rows):
        for c in range(part.n_cols):
            if grid[r][c] is not None:
                continue
            c1 = c + 1
            while c1 < part.n_cols and grid[r][c1] is None:
                c1 += 1
            r1 = r + 1
            while r1 < part.n_rows and all(grid[r1][k] is None for k in range(c, c1)):
                r1 += 1
            hole = _RawCell(r, r1, c, c1, page)
            cells.append(hole)
            for rr in range(r, r1):
                for cc in range(c, c1):
                    grid[rr][cc] = hole


def _fill_text(part: _Part, chars: list[dict]) -> None:
    grid = part.owners()
    for ch in chars:
        cx = (ch["x0"] + ch["x1"]) / 2
        cy = (ch["top"] + ch["bottom"]) / 2
        c = min(max(bisect.bisect_right(part.xs, cx) - 1, 0), part.n_cols - 1)
        r = min(max(bisect.bisect_right(part.ys, cy) - 1, 0), part.n_rows - 1)
        owner = grid[r][c]
        if owner is not None:
            owner.chars.append(ch)
    for cell in part.cells:
        cell.text = _chars_text(cell.chars)


def _squeeze(part: _Part) -> None:
    """Drop rows and columns that hold no text at all (artefacts of stray
    boxes below a table or of double rules)."""
    grid = part.owners()
    keep_r = [r for r in range(part.n_rows) if any(cell is not None and cell.text for cell in grid[r])]
    keep_c = [c for c in range(part.n_cols) if any(grid[r][c] is not None and grid[r][c].text for r in range(part.n_rows))]
    if len(keep_r) == part.n_rows and len(keep_c) == part.n_cols:
        return

    def remap(keep: list[int], a: int, b: int) -> tuple[int, int]:
        lo = bisect.bisect_left(keep, a)
        hi = bisect.bisect_left(keep, b)
        return lo, hi

    cells = []
    for cell in part.cells:
        r0, r1 = remap(keep_r, cell.r0, cell.r1)
        c0, c1 = remap(keep_c, cell.c0, cell.c1)
        if r1 > r0 and c1 > c0:
            cell.r0, cell.r1, cell.c0, cell.c1 = r0, r1, c0, c1
            cells.append(cell)
    part.cells = cells
    # Edge lists keep the outer boundary of each kept row/column.
    part.ys = [part.ys[r] for r in keep_r] + ([part.ys[keep_r[-1] + 1]] if keep_r else [])
    part.xs = [part.xs[c] for c in keep_c] + ([part.xs[keep_c[-1] + 1]] if keep_c else [])
    part.kept_cols = [part.kept_cols[c] for c in keep_c]
    part.n_rows, part.n_cols = len(keep_r), len(keep_c)


def _is_data_table(part: _Part) -> bool:
    """Several columns, and numbers or a real grid: boxes drawn around body
    text have one column (or one cell) and read as paragraphs instead."""
    if part.n_cols < 2 or part.n_rows < 1:
        return False
    if part.n_cols >= 3 and part.n_rows >= 2:
        return True  # e.g. a continued table whose numbers are all blank
    return any(_is_number(cell.text) for cell in part.cells)


_PROSE_END = lazy_compile(r"[，。；：！？,;]")


def _detach_prose_rows(part: _Part) -> list[dict]:
    """Rows of body text glued to a table's top or bottom (a bordered text
    box touching the table): full-width single cells holding sentences.
    Returns their characters, which go back to the running text."""
    freed: list[dict] = []

    def prose_row(r: int) -> _RawCell | None:
        cells = [c for c in part.cells if c.r0 <= r < c.r1]
        if len(cells) != 1:
            return None
        cell = cells[0]
        if cell.c0 != 0 or cell.c1 != part.n_cols or cell.r0 != r or cell.r1 != r + 1:
            return None
        if len(cell.text) >= 20 and _PROSE_END.search(cell.text):
            return cell
        return None

    while part.n_rows > 1 and (cell := prose_row(0)) is not None:
        freed.extend(cell.chars)
        part.cells.remove(cell)
        for c in part.cells:
            c.r0 -= 1
            c.r1 -= 1
        part.ys = part.ys[1:]
        part.n_rows -= 1
    while part.n_rows > 1 and (cell := prose_row(part.n_rows - 1)) is not None:
        freed.extend(cell.chars)
        part.cells.remove(cell)
        part.ys = part.ys[:-1]
        part.n_rows -= 1
    return freed


def _page_tables(page, chars: list[dict], page_no: int, path: str, limits: Limits) -> tuple[list[_Part], list[dict], str | None]:
    """Data tables on one page, the characters that are not in them, and
    why tables were not looked for when the page was read as text only."""
    n_shapes = page.n_shapes
    if n_shapes == 0:
        return [], chars, None
    if n_shapes > MAX_GRAPHICS_PER_PAGE:
        return [], chars, f"第{page_no}页图形过多（{n_shapes} 个，可能是图表），只按文字读取，页上的表格未能识别"
    found = _find_tables(page)
    if found is None:
        return [], chars, f"第{page_no}页线条过多，只按文字读取，页上的表格未能识别"
    parts = []
    for t in found:
        part = _part_from_boxes(t, page_no, path, limits)
        if part is not None:
            parts.append(part)
    if not parts:
        return [], chars, None
    # Each character goes to the first table whose area holds its centre.
    per_part: list[list[dict]] = [[] for _ in parts]
    free = []
    for ch in chars:
        cx = (ch["x0"] + ch["x1"]) / 2
        cy = (ch["top"] + ch["bottom"]) / 2
        for i, p in enumerate(parts):
            if p.xs[0] - 1 <= cx <= p.xs[-1] + 1 and p.ys[0] - 1 <= cy <= p.ys[-1] + 1:
                per_part[i].append(ch)
                break
        else:
            free.append(ch)
    tables = []
    for part, pchars in zip(parts, per_part):
        _fill_text(part, pchars)
        split_false_spans(part)
        _squeeze(part)
        if part.n_rows and _is_data_table(part):
            free.extend(_detach_prose_rows(part))
            tables.append(part)
        else:
            free.extend(pchars)
    return tables, free, None


def _finish_table(part: _Part, path: str, index: int, limits: Limits) -> Table:
    if part.n_rows * part.n_cols > limits.max_table_cells:
        raise table_too_big(path, limits)
    grid: list[list[Cell | None]] = [[None] * part.n_cols for _ in range(part.n_rows)]
    for raw in sorted(part.cells, key=lambda x: (x.r0, x.c0)):
        loc = Location(path, page=raw.page, table=index, row=raw.r0 + 1, col=raw.c0 + 1)
        cover(grid, Cell(text=raw.text, location=loc, row=raw.r0, col=raw.c0, rowspan=raw.r1 - raw.r0, colspan=raw.c1 - raw.c0))
    # No hole is left after hole filling (tables.py); an empty cell all the same, should one be.
    out = fill_holes(grid, part.n_cols, lambda r, c, _: Location(path, page=part.page, table=index, row=r + 1, col=c + 1))
    return Table(grid=out, location=Location(path, page=part.page, table=index), index=index)
