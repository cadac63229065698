"""The table being rebuilt: cells placed on a grid of column and row edges.

A `_Part` is a table, or the piece of one on one page, before it becomes a
model `Table`; the helpers snap positions to its edges.
"""

from __future__ import annotations

import bisect
from collections import Counter
from ...text.lazyre import lazy_compile

EDGE_TOL = 2.0  # points: cell edges this close are the same edge


class _RawCell:
    __slots__ = ("r0", "r1", "c0", "c1", "chars", "text", "page")

    def __init__(self, r0: int, r1: int, c0: int, c1: int, page: int):
        self.r0, self.r1, self.c0, self.c1 = r0, r1, c0, c1
        self.chars: list[dict] = []
        self.text = ""
        self.page = page


class _Part:
    """A table, or the piece of one that sits on one page."""

    def __init__(self, page: int, xs: list[float], ys: list[float], cells: list[_RawCell]):
        self.page = page
        self.xs = xs
        self.ys = ys
        self.cells = cells
        self.n_rows = len(ys) - 1
        self.n_cols = len(xs) - 1
        # Column edges before empty columns were dropped, and where the
        # kept columns were among them: a continued table whose columns
        # are blank on its new page is matched to its first part by these.
        self.drawn_xs = xs
        self.kept_cols = list(range(self.n_cols))

    @property
    def top(self) -> float:
        return self.ys[0]

    def owners(self) -> list[list[_RawCell | None]]:
        grid: list[list[_RawCell | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for cell in self.cells:
            for r in range(cell.r0, cell.r1):
                row = grid[r]
                for c in range(cell.c0, cell.c1):
                    if row[c] is None:
                        row[c] = cell
        return grid


_NUMBER = lazy_compile(r"^[-+−]?\d[\d,，]*(\.\d+)?%?$")


def _is_number(text: str) -> bool:
    return bool(_NUMBER.match(text.replace(" ", "")))


def _cluster(values: list[float], tol: float) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tol:
            continue
        out.append(v)
    return out


def _nearest(edges: list[float], v: float) -> int:
    i = bisect.bisect_left(edges, v)
    if i == 0:
        return 0
    if i >= len(edges):
        return len(edges) - 1
    return i if edges[i] - v < v - edges[i - 1] else i - 1


def _label_columns(part: _Part) -> int:
    """How many leading columns hold labels rather than numbers."""
    numeric: Counter = Counter()
    other: Counter = Counter()
    for cell in part.cells:
        if cell.c1 - cell.c0 != 1 or not cell.text:
            continue
        (numeric if _is_number(cell.text) else other)[cell.c0] += 1
    for c in range(part.n_cols):
        if numeric[c] and numeric[c] >= other[c]:
            return c
    return part.n_cols
