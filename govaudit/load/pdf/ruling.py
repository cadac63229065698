"""Drawn shapes → ruling lines → the ruled tables' cells on one page.

Only visible rules count; rules a page break left open are closed; pages
with too many shapes or crossings are not searched for tables at all.
"""

from __future__ import annotations

from .cells import find_tables, shape_edges
from .grid import EDGE_TOL, _cluster

# The cell finder is quadratic in the number of rule crossings.
# Real report pages have a few hundred shapes and crossings; past these
# limits a page (a chart, a hostile file) is read as text only.
MAX_GRAPHICS_PER_PAGE = 4000
MAX_CROSSINGS_PER_PAGE = 4000


def _is_white(color) -> bool:
    if color is None:
        return False
    if isinstance(color, (int, float)):
        color = (color,)
    if not isinstance(color, (tuple, list)) or not color:
        return False  # a pattern or something exotic: assume it shows
    try:
        values = [float(v) for v in color]
    except (TypeError, ValueError):
        return False
    if len(values) == 4:  # CMYK: white is no ink
        return all(v <= 0.05 for v in values)
    return all(v >= 0.95 for v in values)


def _invisible(obj: dict) -> bool:
    """A shape that draws nothing visible: no stroke, and white or no fill."""
    if obj.get("stroke") and not _is_white(obj.get("stroking_color")):
        return False
    if obj.get("fill") and not _is_white(obj.get("non_stroking_color")):
        return False
    return True


def _edges_of(obj: dict) -> list[tuple[str, float, float, float]]:
    """(orientation, position, start, end) of a shape's straight sides."""
    t = obj["object_type"]
    x0, x1, top, bottom = obj["x0"], obj["x1"], obj["top"], obj["bottom"]
    if t == "rect":
        return [("h", top, x0, x1), ("h", bottom, x0, x1), ("v", x0, top, bottom), ("v", x1, top, bottom)]
    if t == "line":
        if bottom - top > 1 and x1 - x0 > 1:
            return []  # a diagonal (a split header cell) bounds no cell
        if bottom - top <= x1 - x0:
            return [("h", (top + bottom) / 2, x0, x1)]
        return [("v", (x0 + x1) / 2, top, bottom)]
    out = []
    pts = obj.get("pts") or []
    for (ax, ay), (bx, by) in zip(pts, pts[1:]):
        if abs(ay - by) < 0.5:
            out.append(("h", ay, min(ax, bx), max(ax, bx)))
        elif abs(ax - bx) < 0.5:
            out.append(("v", ax, min(ay, by), max(ay, by)))
    return out


def _coverage(segments: list[tuple[float, float]], a: float, b: float) -> float:
    """Fraction of [a, b] covered by the union of segments."""
    covered = 0.0
    reach = a
    for s0, s1 in sorted(segments):
        s0, s1 = max(s0, reach), min(s1, b)
        if s1 > s0:
            covered += s1 - s0
            reach = s1
    return covered / (b - a) if b > a else 1.0


def _closing_rules(edges: list[tuple[str, float, float, float]]) -> list[dict]:
    """Horizontal rules to add where a table was cut open by a page break.

    Word draws no bottom rule under the last row before a page break and no
    top rule over the first row after it: several vertical rules simply end
    (or start) at the same height with nothing across. Close them there.
    """
    verticals = [(pos, a, b) for o, pos, a, b in edges if o == "v" and b - a > 1]
    horizontals: dict[int, list[tuple[float, float, float]]] = {}
    for o, pos, a, b in edges:
        if o == "h":
            horizontals.setdefault(int(pos // 4), []).append((pos, a, b))
    rules = []
    for end in (1, 2):  # tops, then bottoms
        ordered = sorted(verticals, key=lambda v: v[end])
        group: list[tuple[float, float, float]] = []
        for v in ordered + [None]:
            if v is not None and group and v[end] - group[0][end] <= EDGE_TOL:
                group.append(v)
                continue
            xs = _cluster([g[0] for g in group], EDGE_TOL)
            if len(xs) >= 3:
                y = sum(g[end] for g in group) / len(group)
                x0, x1 = xs[0], xs[-1]
                key = int(y // 4)
                near = [
                    (a, b)
                    for k in (key - 1, key, key + 1)
                    for pos, a, b in horizontals.get(k, ())
                    if abs(pos - y) <= EDGE_TOL + 1
                ]
                if _coverage(near, x0, x1) < 0.9:
                    rules.append({"object_type": "line", "x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0})
            group = [v] if v is not None else []
    return rules


def _find_tables(page) -> list[list[tuple[float, float, float, float]]] | None:
    """Each ruled table's cell boxes, from the rules that can be seen; None
    when the rules are too many to look for tables in (the page is read
    as text).

    Invisible shapes are left out: Word-made PDFs put a white box behind
    every line of body text, which table finders take for one-column
    tables, and white cell backgrounds split merged cells where no rule
    is drawn.
    """
    shapes = [o for o in page.shapes if not _invisible(o)]
    edges = [e for o in shapes for e in _edges_of(o)]
    if not edges:
        return []
    if len(edges) > 4 * MAX_GRAPHICS_PER_PAGE:
        return None
    rows = _cluster([pos for o, pos, _, _ in edges if o == "h"], 3.0)
    cols = _cluster([pos for o, pos, _, _ in edges if o == "v"], 3.0)
    if len(rows) * len(cols) > MAX_CROSSINGS_PER_PAGE:
        return None
    verticals, horizontals = [], []
    for o in shapes:
        for orientation, edge in shape_edges(o):
            (verticals if orientation == "v" else horizontals).append(edge)
    for rule in _closing_rules(edges):
        horizontals.append((rule["x0"], rule["top"], rule["x1"], rule["top"]))
    return find_tables(verticals, horizontals)
