"""Large pictures in the page body → `_Picture`s (later `Image` blocks).

Tiles of one picture are merged; logos, seals, running headers, colour
fills, backgrounds under text and pictures inside tables are left out.
"""

from __future__ import annotations

from .grid import EDGE_TOL, _Part

# A picture counts as body content (a table or text published as an image)
# when it is at least this wide, as a fraction of the page, and this tall
# in points; logos, seals, icons and decorative rules stay out.
IMAGE_MIN_WIDTH = 1 / 3
IMAGE_MIN_HEIGHT = 36.0
IMAGE_MARGIN = 0.1  # of the page height: a picture wholly this near the top or bottom is a running header/footer
IMAGE_MIN_PIXELS = 8  # a 1x1 or 2x2 image stretched over an area is a colour fill
IMAGE_TEXT_OVER = 20  # this many characters on top of a picture: a background, the text is read
MAX_IMAGES_PER_PAGE = 500  # past this, tiles are not merged one by one (quadratic)


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
    boxes = []
    for im in page.images:
        src_w, src_h = im["srcsize"]
        x0, x1 = max(im["x0"], 0.0), min(im["x1"], w)
        top, bottom = max(im["top"], 0.0), min(im["bottom"], h)
        if src_w < IMAGE_MIN_PIXELS or src_h < IMAGE_MIN_PIXELS or x1 <= x0 or bottom <= top:
            continue
        boxes.append([x0, top, x1, bottom, [f"{src_w}×{src_h}像素"]])
    out = []
    for x0, top, x1, bottom, names in _merge_boxes(boxes):
        if x1 - x0 < IMAGE_MIN_WIDTH * w or bottom - top < IMAGE_MIN_HEIGHT:
            continue
        if bottom <= IMAGE_MARGIN * h or top >= (1 - IMAGE_MARGIN) * h:
            continue  # a banner repeated on every page would otherwise land in every section
        cx, cy = (x0 + x1) / 2, (top + bottom) / 2
        if any(p.xs[0] <= cx <= p.xs[-1] and p.ys[0] <= cy <= p.ys[-1] for p in tables):
            continue
        over = 0
        for c in chars:
            mx = (c["x0"] + c["x1"]) / 2
            my = (c["top"] + c["bottom"]) / 2
            if x0 <= mx <= x1 and top <= my <= bottom:
                over += 1
                if over >= IMAGE_TEXT_OVER:
                    break
        if over >= IMAGE_TEXT_OVER:
            continue
        # pdfium does not tell the pictures' names: their sizes describe them.
        names = list(dict.fromkeys(names))
        out.append(_Picture(top, "图片（" + "、".join(names[:3]) + ("…" if len(names) > 3 else "") + "）"))
    return out
