"""PDF loader: the text layer (via pdfplumber) → paragraphs and tables.

Tables come from ruled lines. Their cell structure is rebuilt from the cell
boxes pdfplumber finds (not from its text grid), so spans and cells it
misses are both recovered. A table that continues at the top of the next
page is joined to its first part. Text outside data tables is grouped into
lines, then paragraphs, by position. Large pictures in the page body
become `Image` blocks; pages the text layer does not carry faithfully (only
pictures, too many shapes, rotated or undecodable text) get a load note.
pdfplumber is imported on first use.
"""

from __future__ import annotations

import bisect
import io
import itertools
import logging
import re
from collections import Counter
from contextlib import contextmanager

from ..errors import InputError
from ..limits import Limits
from ..model import Cell, Document, Image, Location, LoadNote, Paragraph, Table
from .textutil import too_many_elements

MSG_NOT_PDF = "不是有效的 PDF 文件（缺少 %PDF 文件头）"
MSG_TRUNCATED = "PDF 文件已损坏或被截断（缺少文件结尾标记 %%EOF）"
MSG_BROKEN = "PDF 文件已损坏，无法解析"
MSG_ENCRYPTED = "PDF 已加密，无法读取（需要密码）"
MSG_NO_TEXT = "PDF 没有文字层（可能是扫描件），无法检查；本工具不做 OCR"
MSG_EMPTY = "PDF 中没有可读的文字"

# pdfplumber's cell finder is quadratic in the number of rule crossings.
# Real report pages have a few hundred shapes and crossings; past these
# limits a page (a chart, a hostile file) is read as text only.
MAX_GRAPHICS_PER_PAGE = 4000
MAX_CROSSINGS_PER_PAGE = 4000

# A picture counts as body content (a table or text published as an image)
# when it is at least this wide, as a fraction of the page, and this tall
# in points; logos, seals, icons and decorative rules stay out.
IMAGE_MIN_WIDTH = 1 / 3
IMAGE_MIN_HEIGHT = 36.0
IMAGE_MARGIN = 0.1  # of the page height: a picture wholly this near the top or bottom is a running header/footer
IMAGE_MIN_PIXELS = 8  # a 1x1 or 2x2 image stretched over an area is a colour fill
IMAGE_TEXT_OVER = 20  # this many characters on top of a picture: a background, the text is read
MAX_IMAGES_PER_PAGE = 500  # past this, tiles are not merged one by one (quadratic)
OUTLINE_SHAPES = 200  # a page without text but with this many shapes: text drawn as outlines?
ROTATED_SHARE = 0.2  # of a page's characters: rotated text comes out scrambled

EDGE_TOL = 2.0  # points: cell edges this close are the same edge
JOIN_OUTER_TOL = 6.0  # a continued table's outer border may shift a little
JOIN_INNER_TOL = 3.0
# A table joined to the one before it loses at most this many of its rows
# (a repeated header, at most 5, and a row split over the page break).
JOIN_MAX_ROWS_LOST = 6

# ---------------------------------------------------------------- characters

_CJK_RANGES = (
    (0x2E80, 0x2FDF),  # radicals
    (0x3000, 0x303F),  # CJK punctuation, ideographic space
    (0x3040, 0x30FF),  # kana (occasionally in fonts' punctuation)
    (0x3100, 0x312F),
    (0x3200, 0x33FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),  # vertical forms
    (0xFF00, 0xFFEF),  # full-width forms
    (0x20000, 0x2FFFF),
)
# Curly quotes, dashes and ellipsis sit between Chinese characters in
# Chinese text; a gap next to them is layout, not a word boundary.
_CJK_SIDE_PUNCT = set("‘’“”…—–·•")


def _is_cjk(ch: str) -> bool:
    if ch in _CJK_SIDE_PUNCT:
        return True
    o = ord(ch)
    for lo, hi in _CJK_RANGES:
        if lo <= o <= hi:
            return True
    return False


def _join_text(a: str, b: str) -> str:
    """Join two text runs (wrapped lines, or halves of a cell split by a
    page break): no space next to CJK, one space between Latin words."""
    if not a:
        return b
    if not b:
        return a
    x, y = a[-1], b[0]
    if _is_cjk(x) or _is_cjk(y):
        return a + b
    if x.isdigit() and y.isdigit():
        return a + b  # a number wrapped in a narrow cell
    if (x.isalnum() or x in ",.;:!?") and y.isalnum():
        return a + " " + b
    return a + b


class _Line:
    __slots__ = ("chars", "text", "x0", "x1", "top", "bottom", "size")

    def __init__(self, chars: list[dict]):
        self.chars = chars
        ink = [c for c in chars if not c["text"].isspace()]
        self.x0 = min(c["x0"] for c in ink)
        self.x1 = max(c["x1"] for c in ink)
        self.top = min(c["top"] for c in ink)
        self.bottom = max(c["bottom"] for c in ink)
        sizes = sorted(c["size"] for c in ink)
        self.size = sizes[len(sizes) // 2] or 1.0
        self.text = _line_text(chars)


def _line_text(chars: list[dict]) -> str:
    """Text of one line of characters sorted left to right.

    Spaces come from explicit space characters or from gaps, and only
    between two non-CJK characters: justified Chinese text and Word's
    CJK/Latin auto-spacing leave gaps that are not word boundaries.
    """
    out: list[str] = []
    prev = None  # last ink char
    pending_space = False
    for c in chars:
        t = c["text"]
        if t.isspace():
            pending_space = prev is not None
            continue
        if prev is not None:
            # Fake bold: the same glyph drawn twice a fraction of a point apart.
            if t == prev["text"] and abs(c["x0"] - prev["x0"]) < max(1.0, 0.1 * c["size"]) and abs(c["top"] - prev["top"]) < 1.0:
                continue
            gap = c["x0"] - prev["x1"]
            if (pending_space or gap > 0.3 * (c["size"] or 1.0)) and not (_is_cjk(out[-1][-1]) or _is_cjk(t[0])):
                out.append(" ")
        out.append(t)
        prev = c
        pending_space = False
    return "".join(out)


def _group_lines(chars: list[dict]) -> list[_Line]:
    """Cluster characters into lines by vertical position, top to bottom."""
    ink = [c for c in chars if c["text"] and not c["text"].isspace()]
    if not ink:
        return []
    items = sorted(chars, key=lambda c: (c["top"] + c["bottom"]) / 2)
    lines: list[list[dict]] = []
    cur: list[dict] = []
    hi = 0.0
    for c in items:
        mid = (c["top"] + c["bottom"]) / 2
        if cur and mid <= hi:
            cur.append(c)
            if not c["text"].isspace():
                hi = max(hi, c["bottom"] - 0.25 * (c["bottom"] - c["top"]))
            continue
        if cur:
            lines.append(cur)
        cur = [c]
        # A line reaches down to three quarters of its tallest glyph: the
        # next line's middle is always below that, a neighbour's is not.
        hi = c["bottom"] - 0.25 * (c["bottom"] - c["top"])
    if cur:
        lines.append(cur)
    out = []
    for group in lines:
        if all(c["text"].isspace() for c in group):
            continue
        group.sort(key=lambda c: c["x0"])
        line = _Line(group)
        if line.text:
            out.append(line)
    out.sort(key=lambda ln: ln.top)
    return out


def _chars_text(chars: list[dict]) -> str:
    text = ""
    for line in _group_lines(chars):
        text = _join_text(text, line.text)
    return text.strip()


# ---------------------------------------------------------------- drawing


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


def _find_tables(page):
    """pdfplumber's ruled tables, from the rules that can be seen; None when
    the rules are too many to look for tables in (the page is read as text).

    Invisible shapes are left out: Word-made PDFs put a white box behind
    every line of body text, which table finders take for one-column
    tables, and white cell backgrounds split merged cells where no rule
    is drawn.
    """
    shapes = list(itertools.chain(page.rects, page.lines, page.curves))
    hidden = {id(o) for o in shapes if _invisible(o)}
    edges = [e for o in shapes if id(o) not in hidden for e in _edges_of(o)]
    if not edges:
        return []
    if len(edges) > 4 * MAX_GRAPHICS_PER_PAGE:
        return None
    rows = _cluster([pos for o, pos, _, _ in edges if o == "h"], 3.0)
    cols = _cluster([pos for o, pos, _, _ in edges if o == "v"], 3.0)
    if len(rows) * len(cols) > MAX_CROSSINGS_PER_PAGE:
        return None
    view = page.filter(lambda o: id(o) not in hidden) if hidden else page
    rules = _closing_rules(edges)
    return view.find_tables({"explicit_horizontal_lines": rules} if rules else None)


# ---------------------------------------------------------------- tables


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


def _part_from_boxes(boxes: list[tuple[float, float, float, float]], page: int, path: str, limits: Limits) -> _Part | None:
    """Rebuild the grid from pdfplumber's cell boxes: every distinct edge
    is a row or column boundary, and a box covering several is a span.
    Places no box covers (a missing rule) become cells of their own."""
    xs = _cluster([b[0] for b in boxes] + [b[2] for b in boxes], EDGE_TOL)
    ys = _cluster([b[1] for b in boxes] + [b[3] for b in boxes], EDGE_TOL)
    if len(xs) < 2 or len(ys) < 2:
        return None
    if (len(xs) - 1) * (len(ys) - 1) > limits.max_table_cells:
        raise InputError(path, f"表格过大（超过 max_table_cells = {limits.max_table_cells} 个单元格）")
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
    return part


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
    part.n_rows, part.n_cols = len(keep_r), len(keep_c)


_NUMBER = re.compile(r"^[-+−]?\d[\d,，]*(\.\d+)?%?$")


def _is_number(text: str) -> bool:
    return bool(_NUMBER.match(text.replace(" ", "")))


def _is_data_table(part: _Part) -> bool:
    """Several columns, and numbers or a real grid: boxes drawn around body
    text have one column (or one cell) and read as paragraphs instead."""
    if part.n_cols < 2 or part.n_rows < 1:
        return False
    if part.n_cols >= 3 and part.n_rows >= 2:
        return True  # e.g. a continued table whose numbers are all blank
    return any(_is_number(cell.text) for cell in part.cells)


_PROSE_END = re.compile(r"[，。；：！？,;]")


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
    n_shapes = len(page.rects) + len(page.lines) + len(page.curves)
    if n_shapes == 0:
        return [], chars, None
    if n_shapes > MAX_GRAPHICS_PER_PAGE:
        return [], chars, f"第{page_no}页图形过多（{n_shapes} 个，可能是图表），只按文字读取，页上的表格未能识别"
    found = _find_tables(page)
    if found is None:
        return [], chars, f"第{page_no}页线条过多，只按文字读取，页上的表格未能识别"
    parts = []
    for t in found:
        part = _part_from_boxes([tuple(c) for c in t.cells], page_no, path, limits)
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
        _squeeze(part)
        if part.n_rows and _is_data_table(part):
            free.extend(_detach_prose_rows(part))
            tables.append(part)
        else:
            free.extend(pchars)
    return tables, free, None


_ITEM_START = re.compile(
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


def _label_columns(part: _Part) -> int:
    """How many leading columns hold labels rather than numbers."""
    numeric = Counter()
    other = Counter()
    for cell in part.cells:
        if cell.c1 - cell.c0 != 1 or not cell.text:
            continue
        (numeric if _is_number(cell.text) else other)[cell.c0] += 1
    for c in range(part.n_cols):
        if numeric[c] and numeric[c] >= other[c]:
            return c
    return part.n_cols


def _row_signature(part: _Part, grid, r: int) -> tuple:
    return tuple(cell.text if cell is not None else "" for cell in grid[r])


def _join_parts(a: _Part, b: _Part) -> bool:
    """Append part b (top of a page) to a (bottom of the previous page) when
    b continues a's columns. Returns False, touching nothing, otherwise."""
    cmap = _column_map(a.xs, b.xs)
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
        sig = _row_signature(b, gb, k)
        if sig != _row_signature(a, ga, k) or not any(t and not _is_number(t) for t in sig):
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
    if b.n_rows and _row_split(a, b, ga, gb, n_labels):
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
    a.ys = a.ys + b.ys[len(b.ys) - n_new :]  # edges from two pages: only their count matters now
    a.n_rows += n_new
    return True


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


def _finish_table(part: _Part, path: str, index: int, limits: Limits) -> Table:
    if part.n_rows * part.n_cols > limits.max_table_cells:
        raise InputError(path, f"表格过大（超过 max_table_cells = {limits.max_table_cells} 个单元格）")
    grid: list[list[Cell | None]] = [[None] * part.n_cols for _ in range(part.n_rows)]
    for raw in sorted(part.cells, key=lambda x: (x.r0, x.c0)):
        loc = Location(path, page=raw.page, table=index, row=raw.r0 + 1, col=raw.c0 + 1)
        cell = Cell(text=raw.text, location=loc, row=raw.r0, col=raw.c0, rowspan=raw.r1 - raw.r0, colspan=raw.c1 - raw.c0)
        for r in range(raw.r0, raw.r1):
            for c in range(raw.c0, raw.c1):
                if grid[r][c] is None:
                    grid[r][c] = cell
    out: list[list[Cell]] = []
    for r, row in enumerate(grid):
        filled = []
        for c, cell in enumerate(row):
            if cell is None:  # cannot happen after hole filling; kept total
                cell = Cell(text="", location=Location(path, page=part.page, table=index, row=r + 1, col=c + 1), row=r, col=c)
            filled.append(cell)
        out.append(filled)
    return Table(grid=out, location=Location(path, page=part.page, table=index), index=index)


# ---------------------------------------------------------------- pictures


class _Picture:
    """A large picture in the page body (maybe several tiles of one)."""

    __slots__ = ("top", "description")

    def __init__(self, top: float, description: str):
        self.top = top
        self.description = description


def _merge_boxes(boxes: list[list]) -> list[list]:
    """Union boxes [x0, top, x1, bottom, names] that touch or overlap:
    producers cut big pictures into strips or tiles."""
    if len(boxes) > MAX_IMAGES_PER_PAGE:
        names = [n for b in boxes for n in b[4]]
        return [[min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes), names]]
    parent = list(range(len(boxes)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(boxes):
        for j in range(i):
            b = boxes[j]
            if a[0] <= b[2] + EDGE_TOL and b[0] <= a[2] + EDGE_TOL and a[1] <= b[3] + EDGE_TOL and b[1] <= a[3] + EDGE_TOL:
                parent[root(i)] = root(j)
    groups: dict[int, list] = {}
    for i, b in enumerate(boxes):
        g = groups.get(root(i))
        if g is None:
            groups[root(i)] = [b[0], b[1], b[2], b[3], list(b[4])]
        else:
            g[0], g[1], g[2], g[3] = min(g[0], b[0]), min(g[1], b[1]), max(g[2], b[2]), max(g[3], b[3])
            g[4].extend(b[4])
    return list(groups.values())


def _page_pictures(page, chars: list[dict], tables: list[_Part]) -> list[_Picture]:
    """Pictures drawn in the page body that are large enough to be a
    table or text published as an image. Pictures under text (a scan with
    a text layer, a watermark) and inside ruled tables are left out: the
    text is read already."""
    w, h = page.width, page.height
    x_off, y_off = page.bbox[0], page.bbox[1]
    boxes = []
    for im in page.images:
        try:
            src_w, src_h = (int(v) for v in (im.get("srcsize") or (0, 0)))
            x0, x1 = max(im["x0"] - x_off, 0.0), min(im["x1"] - x_off, w)
            top, bottom = max(im["top"] - y_off, 0.0), min(im["bottom"] - y_off, h)
        except (TypeError, ValueError, KeyError):
            continue
        if src_w < IMAGE_MIN_PIXELS or src_h < IMAGE_MIN_PIXELS or x1 <= x0 or bottom <= top:
            continue
        boxes.append([x0, top, x1, bottom, [str(im.get("name") or "")]])
    out = []
    for x0, top, x1, bottom, names in _merge_boxes(boxes):
        if x1 - x0 < IMAGE_MIN_WIDTH * w or bottom - top < IMAGE_MIN_HEIGHT:
            continue
        if bottom <= IMAGE_MARGIN * h or top >= (1 - IMAGE_MARGIN) * h:
            continue  # a banner repeated on every page would otherwise land in every section
        cx, cy = (x0 + x1) / 2, (top + bottom) / 2
        if any(p.xs[0] <= cx + x_off <= p.xs[-1] and p.ys[0] <= cy + y_off <= p.ys[-1] for p in tables):
            continue
        over = 0
        for c in chars:
            mx = (c["x0"] + c["x1"]) / 2 - x_off
            my = (c["top"] + c["bottom"]) / 2 - y_off
            if x0 <= mx <= x1 and top <= my <= bottom:
                over += 1
                if over >= IMAGE_TEXT_OVER:
                    break
        if over >= IMAGE_TEXT_OVER:
            continue
        names = [n for n in dict.fromkeys(names) if n]
        out.append(_Picture(top + y_off, "、".join(names[:3]) + ("…" if len(names) > 3 else "")))
    return out


def _page_problems(page, chars: list[dict], page_no: int) -> list[str]:
    """What on this page the text layer does not carry faithfully."""
    problems = []
    if not chars:
        n_shapes = len(page.rects) + len(page.lines) + len(page.curves)
        if page.images:
            problems.append(f"第{page_no}页只有图片、没有文字：表格或正文是图片，不可机读")
        elif n_shapes >= OUTLINE_SHAPES:
            problems.append(f"第{page_no}页没有文字，只有图形（{n_shapes} 个，可能是转为曲线的文字），内容无法读取")
        return problems
    undecoded = sum(1 for c in chars if c["text"].startswith("(cid:"))
    if undecoded:
        problems.append(f"第{page_no}页有{undecoded}个字符无法解码（字体缺少编码映射），相应文字缺失或错乱")
    rotated = sum(1 for c in chars if c.get("upright") is False)
    if rotated >= 10 and rotated >= ROTATED_SHARE * len(chars):
        problems.append(f"第{page_no}页有{rotated}个字是旋转排版的（如横排的表格），读出的文字可能错乱")
    return problems


# ---------------------------------------------------------------- paragraphs

_PAGE_NUMBER = re.compile(r"^(?:[-—–－―_~·•\s]*\d{1,4}[-—–－―_~·•\s]*|第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)$")
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十]+[）)]|[（(]\d{1,2}[）)]|\d{1,2}[、．.](?!\d))")
_SENTENCE_END = "。！？；：!?;:"


class _Layout:
    """Typical geometry of the body text, measured over the whole document."""

    def __init__(self, pages_lines: list[list[_Line]]):
        lines = [ln for page in pages_lines for ln in page]
        sizes = Counter(round(ln.size) for ln in lines)
        self.body_size = float(sizes.most_common(1)[0][0]) if sizes else 12.0
        body = [ln for ln in lines if abs(ln.size - self.body_size) <= 1] or lines
        lefts = Counter(round(ln.x0) for ln in body)
        self.left = float(lefts.most_common(1)[0][0]) if lefts else 0.0
        rights = sorted(ln.x1 for ln in body)
        self.right = rights[int(0.9 * (len(rights) - 1))] if rights else 0.0
        gaps = []
        for page in pages_lines:
            for p, q in zip(page, page[1:]):
                g = q.top - p.bottom
                if abs(p.size - q.size) <= 1 and 0 <= g < 3 * p.size:
                    gaps.append(g)
        gaps.sort()
        self.gap = gaps[len(gaps) // 2] if gaps else 0.5 * self.body_size

    def centered(self, ln: _Line) -> bool:
        lg, rg = ln.x0 - self.left, self.right - ln.x1
        return lg > 1.5 * ln.size and abs(lg - rg) < 1.5 * ln.size

    def indented(self, ln: _Line) -> bool:
        return ln.x0 - self.left > 0.8 * ln.size

    def full(self, ln: _Line) -> bool:
        return ln.x1 >= self.right - 1.5 * ln.size

    def continues(self, p: _Line, q: _Line, same_page: bool) -> bool:
        """Whether line q continues the paragraph whose last line is p."""
        if abs(p.size - q.size) > 0.2 * max(p.size, q.size):
            return False
        if same_page and q.top - p.bottom > self.gap + 0.8 * q.size:
            return False
        if self.centered(p) and self.centered(q):
            return same_page  # a title wrapped over two centred lines
        if self.indented(q):
            return False
        if not self.full(p):
            return False
        if _HEADING.match(q.text) and p.text and p.text[-1] in _SENTENCE_END:
            return False
        return True


def _is_page_number(line: _Line, height: float) -> bool:
    if line.top < 0.1 * height or line.bottom > 0.85 * height:
        return bool(_PAGE_NUMBER.match(line.text.strip()))
    return False


# ---------------------------------------------------------------- metadata


def _decode_pdf_string(value) -> str | None:
    if isinstance(value, str):
        return value
    if not isinstance(value, (bytes, bytearray)):
        return None
    raw = bytes(value)
    if raw[:2] == b"\xfe\xff":
        return raw[2:].decode("utf-16-be", "replace")
    if raw[:2] == b"\xff\xfe":  # not per spec, but Chinese PDF tools write it
        return raw[2:].decode("utf-16-le", "replace")
    if raw[:3] == b"\xef\xbb\xbf":
        return raw[3:].decode("utf-8", "replace")
    for enc in ("utf-8", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            pass
    return raw.decode("latin-1")


def _meta_title(doc) -> str | None:
    from pdfminer.pdftypes import resolve1

    for info in getattr(doc, "info", None) or []:
        try:
            info = resolve1(info)
            value = resolve1(info.get("Title")) if isinstance(info, dict) else None
        except Exception:
            continue
        text = _decode_pdf_string(value)
        if text:
            text = re.sub(r"\s+", " ", text.replace("\x00", "")).strip()
            if text:
                return text
    return None


def _meaningful_title(title: str | None) -> bool:
    if not title or len(title) < 4:
        return False
    low = title.lower()
    if re.search(r"\.(docx?|wps|pdf|xlsx?|txt)$", low) or low.startswith("microsoft"):
        return False
    if not any(_is_cjk(ch) for ch in title):
        return False  # "untitled", "PowerPoint Presentation"…
    return not any(ch in title for ch in "\ufffd")


_PUBLISHED = re.compile(r"发布(?:日期|时间)\s*[:：]?\s*(\d{4})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})")


# ---------------------------------------------------------------- streams

# pdfminer inflates whole streams at once, and a corrupt one byte by byte
# with quadratic copying; both can hang or exhaust memory on hostile input.
CORRUPT_STREAM_LIMIT = 256 * 1024


def _inflate_size(data: bytes, cap: int) -> tuple[int, bool]:
    """Bytes a Flate stream inflates to (stopping past cap), and whether
    it is corrupt or cut short (pdfminer then takes its slow path)."""
    import zlib

    d = zlib.decompressobj()
    size = 0
    buf = data
    try:
        while True:
            out = d.decompress(buf, 1 << 20)
            size += len(out)
            if size > cap:
                return size, False
            buf = d.unconsumed_tail
            if d.eof or (not buf and not out):
                return size, not d.eof
    except zlib.error:
        return size, True


def _check_streams(doc, path: str, limits: Limits) -> None:
    """Refuse decompression bombs and badly corrupt streams before pdfminer
    decodes them. Images are skipped: pdfminer never decodes those."""
    from pdfminer.ascii85 import ascii85decode, asciihexdecode
    from pdfminer.pdftypes import (
        LITERALS_ASCII85_DECODE,
        LITERALS_ASCIIHEX_DECODE,
        LITERALS_FLATE_DECODE,
        PDFStream,
        resolve1,
    )
    from pdfminer.psparser import LIT

    image = LIT("Image")
    total = 0
    seen: set[int] = set()
    for xref in doc.xrefs:
        for objid in xref.get_objids():
            if objid in seen:
                continue
            seen.add(objid)
            try:
                if xref.get_pos(objid)[0] is not None:
                    continue  # inside an object stream: never a stream itself
                obj = doc.getobj(objid)
                if not isinstance(obj, PDFStream) or obj.rawdata is None or resolve1(obj.get("Subtype")) == image:
                    continue
                data = obj.rawdata
                if obj.decipher:
                    data = obj.decipher(obj.objid, obj.genno, data, obj.attrs)
                filters = obj.get_filters()
            except InputError:
                raise
            except Exception:
                continue  # pdfminer will meet it again, and fail or cope
            for f, _ in filters:
                if f in LITERALS_ASCII85_DECODE:
                    data = ascii85decode(data)
                elif f in LITERALS_ASCIIHEX_DECODE:
                    data = asciihexdecode(data)
                elif f in LITERALS_FLATE_DECODE:
                    size, corrupt = _inflate_size(data, limits.max_decompressed_bytes - total)
                    if corrupt and size > CORRUPT_STREAM_LIMIT:
                        raise InputError(path, MSG_BROKEN + "（压缩数据流损坏）")
                    total += size
                    if total > limits.max_decompressed_bytes:
                        raise InputError(path, f"PDF 解压后数据过大（超过 max_decompressed_bytes = {limits.max_decompressed_bytes} 字节）")
                    break
                else:
                    break


# ---------------------------------------------------------------- the loader


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
    if b"%PDF-" not in data[:1024]:
        raise InputError(path, MSG_NOT_PDF)
    if b"%%EOF" not in data[-4096:]:
        raise InputError(path, MSG_TRUNCATED)
    try:
        import pdfplumber  # noqa: F401
        from pdfminer.pdfdocument import PDFEncryptionError
    except ImportError:
        raise InputError(path, "读取 PDF 需要 pdfplumber（pip install pdfplumber）") from None
    with _quiet_pdfminer():
        try:
            return _load(path, data, limits)
        except InputError:
            raise
        except RecursionError:
            raise InputError(path, MSG_BROKEN + "（结构嵌套过深）") from None
        except MemoryError:
            raise InputError(path, MSG_BROKEN + "（内存不足）") from None
        except Exception as exc:
            inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
            if isinstance(inner, PDFEncryptionError) or isinstance(exc, PDFEncryptionError):
                raise InputError(path, MSG_ENCRYPTED) from None
            raise InputError(path, f"{MSG_BROKEN}（{type(inner).__name__}）") from None


def _load(path: str, data: bytes, limits: Limits) -> Document:
    import pdfplumber
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdftypes import resolve1
    from pdfplumber.page import Page

    pdf = pdfplumber.open(io.BytesIO(data))
    try:
        try:
            count = resolve1(resolve1(pdf.doc.catalog.get("Pages")).get("Count"))
        except Exception:
            count = None
        if isinstance(count, int) and count > limits.max_pdf_pages:
            raise InputError(path, f"PDF 页数过多（{count} 页，上限 max_pdf_pages = {limits.max_pdf_pages}）")
        _check_streams(pdf.doc, path, limits)

        pages_items: list[list[tuple[float, object]]] = []
        pages_lines: list[list[_Line]] = []
        # Table cells the result will hold at least (joins across pages
        # only drop a few rows): refused here, not after reading every page.
        cells_at_least = 0
        any_chars = False
        any_images = False
        notes: list[LoadNote] = []
        doctop = 0.0
        for i, page_obj in enumerate(PDFPage.create_pages(pdf.doc)):
            if i >= limits.max_pdf_pages:
                raise InputError(path, f"PDF 页数过多（超过 max_pdf_pages = {limits.max_pdf_pages}）")
            page = Page(pdf, page_obj, page_number=i + 1, initial_doctop=doctop)
            doctop += page.height
            chars = _visible_chars(page)
            any_chars = any_chars or bool(chars)
            any_images = any_images or bool(page.images)
            tables, free, skipped = _page_tables(page, chars, i + 1, path, limits) if chars else ([], [], None)
            cells_at_least += sum(max(t.n_rows - JOIN_MAX_ROWS_LOST, 0) * t.n_cols for t in tables)
            if cells_at_least > limits.max_elements:
                raise too_many_elements(path, limits)
            problems = ([skipped] if skipped else []) + _page_problems(page, chars, i + 1)
            notes.extend(LoadNote("load-problem", msg, Location(path, page=i + 1)) for msg in problems)
            pictures = _page_pictures(page, chars, tables)
            lines = [ln for ln in _group_lines(free) if not _is_page_number(ln, page.height)]
            items: list[tuple[float, object]] = [(t.top, t) for t in tables] + [(ln.top, ln) for ln in lines]
            items += [(pic.top, pic) for pic in pictures]
            items.sort(key=lambda it: it[0])
            pages_items.append(items)
            pages_lines.append(lines)
            page.close()
        if not any_chars:
            raise InputError(path, MSG_NO_TEXT if any_images else MSG_EMPTY)
        title_meta = _meta_title(pdf.doc)
    finally:
        pdf.close()

    return _assemble(path, pages_items, pages_lines, title_meta, limits, notes)


def _visible_chars(page) -> list[dict]:
    w, h = page.width, page.height
    x_off, y_off = page.bbox[0], page.bbox[1]
    out = []
    for c in page.chars:
        t = c.get("text") or ""
        if not t or t in "\x00\ufeff":
            continue
        cx = (c["x0"] + c["x1"]) / 2 - x_off
        cy = (c["top"] + c["bottom"]) / 2 - y_off
        if 0 <= cx <= w and 0 <= cy <= h:
            out.append(c)
    return out


def _assemble(path: str, pages_items, pages_lines, title_meta: str | None, limits: Limits, notes: list[LoadNote] | None = None) -> Document:
    layout = _Layout(pages_lines)

    # One stream of items in reading order; a table at the top of a page
    # continues the table that ended the previous page when columns agree.
    stream: list[tuple[int, object]] = []
    for page_no, items in enumerate(pages_items, start=1):
        for k, (_, item) in enumerate(items):
            if (
                k == 0
                and isinstance(item, _Part)
                and stream
                and isinstance(stream[-1][1], _Part)
                and stream[-1][0] == page_no - 1
                and _join_parts(stream[-1][1], item)
            ):
                stream[-1] = (page_no, stream[-1][1])  # the joined table now ends here
                continue
            stream.append((page_no, item))

    blocks: list = []
    n_tables = 0
    budget = limits.max_elements  # paragraphs and grid cells left
    para_count: Counter = Counter()
    cur_lines: list[_Line] = []
    cur_page = 0
    last_line: _Line | None = None
    last_page = 0

    def flush():
        nonlocal cur_lines, budget
        if cur_lines:
            text = ""
            for ln in cur_lines:
                text = _join_text(text, ln.text)
            text = text.strip()
            if text:
                budget -= 1
                if budget < 0:
                    raise too_many_elements(path, limits)
                para_count[cur_page] += 1
                blocks.append(Paragraph(text=text, location=Location(path, page=cur_page, paragraph=para_count[cur_page])))
        cur_lines = []

    for page_no, item in stream:
        if isinstance(item, _Part):
            flush()
            last_line = None
            n_tables += 1
            if n_tables > limits.max_tables:
                raise InputError(path, f"表格过多（超过 max_tables = {limits.max_tables}）")
            # Counted before the grid is built; a table over its own limit
            # is left to _finish_table, whose message is the more precise.
            size = item.n_rows * item.n_cols
            budget -= size
            if budget < 0 and size <= limits.max_table_cells:
                raise too_many_elements(path, limits)
            blocks.append(_finish_table(item, path, n_tables, limits))
            continue
        if isinstance(item, _Picture):
            flush()
            last_line = None  # text below a picture starts a new paragraph
            blocks.append(Image(location=Location(path, page=page_no), description=item.description))
            continue
        line = item
        if last_line is not None and cur_lines and layout.continues(last_line, line, same_page=page_no == last_page):
            cur_lines.append(line)
        else:
            flush()
            cur_lines = [line]
            cur_page = page_no
        last_line, last_page = line, page_no
    flush()

    paragraphs = [b for b in blocks if isinstance(b, Paragraph)]
    text_title = next((p.text for p in paragraphs[:10] if "年度报告" in p.text and len(p.text) <= 80), None)
    title = None
    if _meaningful_title(title_meta):
        title = title_meta
        if text_title and title_meta.replace(" ", "") in text_title:
            title = text_title  # the text names the issuer and year, the metadata may not
    else:
        title = text_title
    published = None
    for p in paragraphs:
        m = _PUBLISHED.search(p.text)
        if m:
            y, mo, d = (int(g) for g in m.groups())
            if 1 <= mo <= 12 and 1 <= d <= 31:
                published = f"{y:04d}-{mo:02d}-{d:02d}"
                break
    return Document(path=path, format="pdf", blocks=blocks, title=title, published=published, notes=list(notes or []))
