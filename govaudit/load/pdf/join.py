"""A table continued at the top of the next page → appended to its first part.

Columns are matched, a repeated header is kept once, and a row or a group
label cut by the page break is merged back into one.
"""

from __future__ import annotations


from .grid import _label_columns, _nearest, _Part, _RawCell
from .lines import _join_text
from .tables import _is_number
from ...text.lazyre import lazy_compile

JOIN_OUTER_TOL = 6.0  # a continued table's outer border may shift a little
JOIN_INNER_TOL = 3.0
# A table joined to the one before it loses at most this many of its rows
# (a repeated header, at most 5, and a row split over the page break).
JOIN_MAX_ROWS_LOST = 6


_ITEM_START = lazy_compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}\s*[、.．](?!\d)|第[一二三四五六七八九十\d]+)"
)


def _starts_item(text: str) -> bool:
    return bool(_ITEM_START.match(text))


def _column_map(a: list[float], b: list[float]) -> tuple[list[float], list[int], list[int]] | None:
    """Common column edges of two table parts, if one's columns refine the
    other's: (edges, a's edge indexes in them, b's edge indexes in them)."""
    if abs(a[0] - b[0]) > JOIN_OUTER_TOL or abs(a[-1] - b[-1]) > JOIN_OUTER_TOL:
        return None
    fine, coarse = (a, b) if len(a) >= len(b) else (b, a)
    idx = [0]
    for v in coarse[1:-1]:
        j = _nearest(fine, v)
        if abs(fine[j] - v) > JOIN_INNER_TOL or j <= idx[-1] or j >= len(fine) - 1:
            return None
        idx.append(j)
    idx.append(len(fine) - 1)
    ident = list(range(len(fine)))
    return (fine, ident, idx) if fine is a else (fine, idx, ident)


def _row_signature(grid, r: int) -> tuple:
    return tuple(cell.text if cell is not None else "" for cell in grid[r])


def _restore_columns(part: _Part) -> None:
    """Put back the columns dropped for holding no text (see tables._squeeze),
    each slot a blank cell of its own: a blank stays blank, one per column."""
    kept = part.kept_cols
    for cell in part.cells:
        cell.c0, cell.c1 = kept[cell.c0], kept[cell.c1 - 1] + 1
    part.xs = part.drawn_xs
    part.n_cols = len(part.xs) - 1
    part.kept_cols = list(range(part.n_cols))
    grid = part.owners()
    for r in range(part.n_rows):
        for c in range(part.n_cols):
            if grid[r][c] is None:
                part.cells.append(_RawCell(r, r + 1, c, c + 1, part.page))


def _matching_columns(a: _Part, b: _Part):
    """The column map of a and b, with the blank columns either dropped
    put back where only that makes them match (a continued table whose
    figures on one page are all blank)."""
    # A dropped column widens its left neighbour, which may then still
    # match: columns are compared as drawn first.
    for restore_a, restore_b in ((True, True), (False, True), (True, False), (False, False)):
        xa = a.drawn_xs if restore_a else a.xs
        xb = b.drawn_xs if restore_b else b.xs
        if (restore_a and xa == a.xs) or (restore_b and xb == b.xs):
            continue
        if _column_map(xa, xb) is not None:
            if restore_a:
                _restore_columns(a)
            if restore_b:
                _restore_columns(b)
            return _column_map(a.xs, b.xs)
    return None


def _join_parts(a: _Part, b: _Part) -> bool:
    """Append part b (top of a page) to a (bottom of the previous page) when
    b continues a's columns. Returns False, touching nothing, otherwise."""
    cmap = _matching_columns(a, b)
    if cmap is None:
        return False
    edges, amap, bmap = cmap
    for part, m in ((a, amap), (b, bmap)):
        for cell in part.cells:
            cell.c0, cell.c1 = m[cell.c0], m[cell.c1]
        part.xs = edges
        part.n_cols = len(edges) - 1

    # A header repeated on the new page is kept once. Header rows hold
    # words; identical rows of numbers are data.
    ga, gb = a.owners(), b.owners()
    k = 0
    while k < min(a.n_rows, b.n_rows - 1, 5):
        sig = _row_signature(gb, k)
        if sig != _row_signature(ga, k) or not any(t and not _is_number(t) for t in sig):
            break
        k += 1
    if k:
        cells = []
        for cell in b.cells:
            if cell.r1 <= k:
                continue
            cell.r0 = max(cell.r0, k) - k
            cell.r1 -= k
            cells.append(cell)
        b.cells = cells
        b.ys = b.ys[k:]
        b.n_rows -= k
        gb = b.owners()

    last = a.n_rows - 1
    n_labels = min(_label_columns(a), _label_columns(b)) if b.n_rows else 0
    if b.n_rows and (_row_split(a, b, ga, gb, n_labels) or _header_split(a, b, ga, gb)):
        # One row broken over the page break: fold b's first row into a's last.
        off = a.n_rows - 1
        firsts = {id(cell) for cell in b.cells if cell.r0 == 0}
        for cell in b.cells:
            if id(cell) in firsts:
                ca = ga[last][cell.c0]
                ca.text = _join_text(ca.text, cell.text)
                ca.r1 = off + cell.r1
        b.cells = [cell for cell in b.cells if id(cell) not in firsts]
        n_new = b.n_rows - 1
    else:
        off = a.n_rows
        n_new = b.n_rows
        # Group labels cut by the page break: continued by an empty cell or
        # by the rest of their words (`（四）无` / `法提供`). Only group
        # columns (left of the innermost label column, whose labels belong
        # to one row each) continue, and a sub-group cannot continue when
        # its group does not: stop at the first column that does not.
        merges: list[tuple[_RawCell, _RawCell]] = []
        c = 0
        while c < n_labels and b.n_rows:
            ca, cb = ga[last][c], gb[0][c]
            if ca is None or cb is None or (ca.c0, ca.c1) != (cb.c0, cb.c1) or cb.r0 != 0:
                break
            if ca.c1 >= n_labels or (cb.text and _starts_item(cb.text)):
                break
            merges.append((ca, cb))
            c = ca.c1
        merged_ids = {id(cb) for _, cb in merges}
        for ca, cb in merges:
            ca.r1 = off + cb.r1
            ca.text = _join_text(ca.text, cb.text)
        b.cells = [cell for cell in b.cells if id(cell) not in merged_ids]
    for cell in b.cells:
        cell.r0 += off
        cell.r1 += off
    a.cells.extend(b.cells)
    a.drawn_xs, a.kept_cols = a.xs, list(range(a.n_cols))
    a.ys = a.ys + b.ys[len(b.ys) - n_new :]  # edges from two pages: only their count matters now
    a.n_rows += n_new
    return True


def _lined_up(a: _Part, b: _Part, ga, gb) -> list[tuple[_RawCell, _RawCell]] | None:
    """a's last row and b's first, cell by cell, when every cell lines up."""
    last = a.n_rows - 1
    pairs = []
    for c in range(a.n_cols):
        ca, cb = ga[last][c], gb[0][c]
        if ca is None or cb is None or (ca.c0, ca.c1) != (cb.c0, cb.c1) or ca.r1 != last + 1 or cb.r0 != 0:
            return None
        pairs.append((ca, cb))
    return pairs


def _header_split(a: _Part, b: _Part, ga, gb) -> bool:
    """Whether b's first row is the rest of a header row broken over the
    page break: the table's first part is nothing but its header (no
    figure in it), b's first row has words and no figure either, none of
    them starting a new item, and every cell lines up (商业 | 科研 … on
    one page, 企业 | 机构 … on the next)."""
    if any(_is_number(cell.text) for cell in a.cells):
        return False
    pairs = _lined_up(a, b, ga, gb)
    if pairs is None:
        return False
    texts = [cb.text for _, cb in pairs]
    return any(texts) and not any(_is_number(t) or _starts_item(t) for t in texts if t)


def _row_split(a: _Part, b: _Part, ga, gb, n_labels: int) -> bool:
    """Whether b's first row is the rest of a's last row (a row allowed to
    break across pages): the numbers sit on one side only, the label on the
    new page does not start a new item, and every cell lines up."""
    if not 0 < n_labels < a.n_cols:
        return False
    last = a.n_rows - 1
    row_a = [ga[last][c] for c in range(a.n_cols)]
    row_b = [gb[0][c] for c in range(b.n_cols)]
    for ca, cb in zip(row_a, row_b):
        if ca is None or cb is None or (ca.c0, ca.c1) != (cb.c0, cb.c1) or ca.r1 != last + 1 or cb.r0 != 0:
            return False
    nums_a = [cell.text for cell in row_a[n_labels:]]
    nums_b = [cell.text for cell in row_b[n_labels:]]
    if not ((any(nums_a) and not any(nums_b)) or (any(nums_b) and not any(nums_a))):
        return False
    label = row_b[n_labels - 1].text
    return bool(label) and not _starts_item(label)
