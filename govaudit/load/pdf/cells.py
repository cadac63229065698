"""Ruling edges → the cell boxes of ruled tables.

The same method, tolerances and results as pdfplumber's table finder with
its default "lines" settings (pdfplumber is MIT-licensed; this follows its
table.py): edges within 3 pt snap to their average and join when they
overlap or nearly touch, edges shorter than 3 pt go, crossings (within
3 pt) are the corners, and a cell is the smallest rectangle of corners
joined by edges on all four sides. Cells sharing a corner form a table.

An edge is (x0, top, x1, bottom); horizontal ones have top == bottom,
vertical ones x0 == x1.
"""

from __future__ import annotations

SNAP = 3.0
JOIN = 3.0
MIN_LENGTH = 3.0
CROSS = 3.0

Edge = tuple[float, float, float, float]


def shape_edges(shape: dict) -> list[tuple[str, Edge]]:
    """pdfplumber's edges of one drawn shape (before any snapping)."""
    t = shape["object_type"]
    x0, top, x1, bottom = shape["x0"], shape["top"], shape["x1"], shape["bottom"]
    if t == "rect":
        return [("h", (x0, top, x1, top)), ("h", (x0, bottom, x1, bottom)), ("v", (x0, top, x0, bottom)), ("v", (x1, top, x1, bottom))]
    if t == "line":
        if top == bottom:
            return [("h", (x0, top, x1, bottom))]
        if x0 == x1:
            return [("v", (x0, top, x1, bottom))]
        return []  # a diagonal (a split header cell) bounds no cell
    out = []
    pts = shape.get("pts") or []
    for (ax, ay), (bx, by) in zip(pts, pts[1:]):
        if ax == bx:
            out.append(("v", (ax, min(ay, by), ax, max(ay, by))))
        elif ay == by:
            out.append(("h", (min(ax, bx), ay, max(ax, bx), ay)))
    return out


def _snap(edges: list[Edge], pos: int) -> list[Edge]:
    """Edges whose position (index pos: 0 = x for verticals, 1 = y for
    horizontals) is within SNAP of the next, in a chain, move to the mean."""
    values = sorted({e[pos] for e in edges})
    cluster_of: dict[float, int] = {}
    k = -1
    last = None
    for v in values:
        if last is None or v > last + SNAP:
            k += 1
        cluster_of[v] = k
        last = v
    sums: dict[int, list[float]] = {}
    for e in edges:
        s = sums.setdefault(cluster_of[e[pos]], [0.0, 0])
        s[0] += e[pos]
        s[1] += 1
    out = []
    for e in edges:
        s = sums[cluster_of[e[pos]]]
        d = s[0] / s[1] - e[pos]
        out.append((e[0] + d, e[1], e[2] + d, e[3]) if pos == 0 else (e[0], e[1] + d, e[2], e[3] + d))
    return out


def _join(edges: list[Edge], pos: int) -> list[Edge]:
    """Edges on one line that overlap or nearly touch become one."""
    lo, hi = (1, 3) if pos == 0 else (0, 2)
    groups: dict[float, list[Edge]] = {}
    for e in edges:
        groups.setdefault(e[pos], []).append(e)
    out = []
    for key in sorted(groups):
        run = sorted(groups[key], key=lambda e: e[lo])
        joined = [list(run[0])]
        for e in run[1:]:
            last = joined[-1]
            if e[lo] <= last[hi] + JOIN:
                if e[hi] > last[hi]:
                    last[hi] = e[hi]
            else:
                joined.append(list(e))
        out.extend(tuple(j) for j in joined)
    return out


def merged_edges(verticals: list[Edge], horizontals: list[Edge]) -> tuple[list[Edge], list[Edge]]:
    v = [e for e in verticals if e[3] - e[1] >= 1]
    h = [e for e in horizontals if e[2] - e[0] >= 1]
    v = [e for e in _join(_snap(v, 0), 0) if e[3] - e[1] >= MIN_LENGTH]
    h = [e for e in _join(_snap(h, 1), 1) if e[2] - e[0] >= MIN_LENGTH]
    return v, h


def _intersections(v_edges: list[Edge], h_edges: list[Edge]) -> dict:
    """Corner → (vertical edges through it, horizontal edges through it)."""
    points: dict[tuple[float, float], tuple[set, set]] = {}
    hs = sorted(h_edges, key=lambda e: (e[1], e[0]))
    for v in sorted(v_edges, key=lambda e: (e[0], e[1])):
        x, vtop, vbottom = v[0], v[1], v[3]
        for h in hs:
            y = h[1]
            if y > vbottom + CROSS:
                break
            if vtop <= y + CROSS and h[0] - CROSS <= x <= h[2] + CROSS:
                entry = points.get((x, y))
                if entry is None:
                    entry = points[(x, y)] = (set(), set())
                entry[0].add(v)
                entry[1].add(h)
    return points


def _cells(points: dict) -> list[tuple[float, float, float, float]]:
    """For each corner, the smallest cell whose top-left it is."""
    by_x: dict[float, list[tuple[float, float]]] = {}
    by_y: dict[float, list[tuple[float, float]]] = {}
    ordered = sorted(points)
    for p in ordered:
        by_x.setdefault(p[0], []).append(p)
        by_y.setdefault(p[1], []).append(p)

    def v_joined(p, q) -> bool:
        return not points[p][0].isdisjoint(points[q][0])

    def h_joined(p, q) -> bool:
        return not points[p][1].isdisjoint(points[q][1])

    out = []
    for pt in ordered:
        below = [q for q in by_x[pt[0]] if q[1] > pt[1]]
        right = sorted((q for q in by_y[pt[1]] if q[0] > pt[0]))
        found = None
        for b in below:
            if not v_joined(pt, b):
                continue
            for r in right:
                if not h_joined(pt, r):
                    continue
                corner = (r[0], b[1])
                if corner in points and v_joined(corner, r) and h_joined(corner, b):
                    found = (pt[0], pt[1], corner[0], corner[1])
                    break
            if found:
                break
        if found:
            out.append(found)
    return out


def _tables(cells: list[tuple]) -> list[list[tuple]]:
    """Cells that share corners, transitively, form one table; tables of
    one cell are dropped; top to bottom, then left to right."""
    remaining = list(cells)
    tables = []
    while remaining:
        first = remaining.pop(0)
        group = [first]
        corners = set(_corners(first))
        grew = True
        while grew:
            grew = False
            rest = []
            for cell in remaining:
                cs = _corners(cell)
                if any(c in corners for c in cs):
                    corners.update(cs)
                    group.append(cell)
                    grew = True
                else:
                    rest.append(cell)
            remaining = rest
        tables.append(group)
    tables.sort(key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in tables if len(t) > 1]


def _corners(c: tuple) -> tuple:
    x0, top, x1, bottom = c
    return ((x0, top), (x0, bottom), (x1, top), (x1, bottom))


def find_tables(verticals: list[Edge], horizontals: list[Edge]) -> list[list[tuple[float, float, float, float]]]:
    """Each ruled table's cell boxes (x0, top, x1, bottom)."""
    v, h = merged_edges(verticals, horizontals)
    if not v or not h:
        return []
    return _tables(_cells(_intersections(v, h)))
