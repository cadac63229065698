"""One page read with pdfium → its characters, shapes and pictures as records.

Coordinates are points from the top-left corner of the page as it is
shown (crop box, page rotation applied), y growing downwards:

- characters: text, x0, x1, top, bottom, size (the em size, scaled by the
  text matrix) and upright; the box is the glyph's advance by its em
  square from the descender up, as pdfminer gives it, so the layout code
  measures the same. Spaces pdfium makes up between words are left out.
- shapes: each sub-path of a painted path: `rect` (an axis-aligned box),
  `line` (one straight segment) or `curve` (anything else, with the end
  points of its straight segments in pts), with stroke and fill flags and
  their colours as RGB fractions.
- images: box, and the picture's size in pixels.
"""

from __future__ import annotations

import ctypes
import math

from . import pdfium as P
from .ruling import _invisible

UNDECODED = "\ufffd"  # a glyph whose font maps it to no character


class PageData:
    __slots__ = ("width", "height", "chars", "shapes", "hidden", "images")

    def __init__(self, width: float, height: float):
        self.width = width
        self.height = height
        self.chars: list[dict] = []
        self.shapes: list[dict] = []  # the visible ones
        self.hidden = 0  # paths that draw nothing visible: counted, not read
        self.images: list[dict] = []

    @property
    def n_shapes(self) -> int:
        return len(self.shapes) + self.hidden


class _View:
    """User space → the page as shown: crop box origin, rotation, y down."""

    def __init__(self, left: float, bottom: float, right: float, top: float, rotation: int):
        self.l, self.b, self.r, self.t = left, bottom, right, top
        self.rot = rotation % 4
        w, h = right - left, top - bottom
        self.width, self.height = (h, w) if self.rot in (1, 3) else (w, h)
        # The same as an affine matrix (x' = a x + c y + e, y' = b x + d y + f).
        self.matrix = (
            (1.0, 0.0, 0.0, -1.0, -left, top),
            (0.0, 1.0, 1.0, 0.0, -bottom, -left),
            (-1.0, 0.0, 0.0, 1.0, right, -bottom),
            (0.0, -1.0, -1.0, 0.0, top, right),
        )[self.rot]

    def point(self, x: float, y: float) -> tuple[float, float]:
        rot = self.rot
        if rot == 0:
            return x - self.l, self.t - y
        if rot == 1:  # shown turned 90° clockwise
            return y - self.b, x - self.l
        if rot == 2:
            return self.r - x, y - self.b
        return self.t - y, self.r - x

    def vector(self, dx: float, dy: float) -> tuple[float, float]:
        rot = self.rot
        if rot == 0:
            return dx, -dy
        if rot == 1:
            return dy, dx
        if rot == 2:
            return -dx, dy
        return -dy, -dx

    def box(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        if self.rot == 0:
            return x0 - self.l, self.t - y1, x1 - self.l, self.t - y0
        ax, at = self.point(x0, y0)
        bx, bt = self.point(x1, y1)
        return min(ax, bx), min(at, bt), max(ax, bx), max(at, bt)


def read_page(pdf: P._Lib, doc, index: int) -> PageData:
    page = pdf.FPDF_LoadPage(doc, index)
    if not page:
        raise ValueError(f"page {index + 1} cannot be loaded")
    try:
        view = _page_view(pdf, page)
        data = PageData(view.width, view.height)
        _read_objects(pdf, page, view, data)
        text = pdf.FPDFText_LoadPage(page)
        if not text:
            raise ValueError(f"page {index + 1}: no text page")
        try:
            data.chars = _read_chars(pdf, text, view)
        finally:
            pdf.FPDFText_ClosePage(text)
    finally:
        pdf.FPDF_ClosePage(page)
    return data


def _page_view(pdf: P._Lib, page) -> _View:
    box = [ctypes.c_float() for _ in range(4)]
    if not pdf.FPDFPage_GetCropBox(page, *box) and not pdf.FPDFPage_GetMediaBox(page, *box):
        w, h = pdf.FPDF_GetPageWidthF(page), pdf.FPDF_GetPageHeightF(page)
        rot = pdf.FPDFPage_GetRotation(page)
        if rot in (1, 3):
            w, h = h, w
        return _View(0.0, 0.0, w, h, rot)
    left, bottom, right, top = (v.value for v in box)
    return _View(min(left, right), min(bottom, top), max(left, right), max(bottom, top), pdf.FPDFPage_GetRotation(page))


def _read_chars(pdf: P._Lib, text, view: _View) -> list[dict]:
    n = pdf.FPDFText_CountChars(text)
    if n <= 0:
        return []
    buf = (ctypes.c_ushort * (n + 1))()
    got = pdf.FPDFText_GetText(text, 0, n, buf)
    units = bytes(buf)[: 2 * max(got - 1, 0)].decode("utf-16-le", "replace")
    if len(units) != n:  # characters outside the BMP take two units: ask one by one
        units = "".join(chr(pdf.FPDFText_GetUnicode(text, i)) for i in range(n))
    rect, m = P.FS_RECTF(), P.FS_MATRIX()
    rect_ref, m_ref = ctypes.byref(rect), ctypes.byref(m)
    get_box, get_matrix, get_size = pdf.fast_FPDFText_GetLooseCharBox, pdf.fast_FPDFText_GetMatrix, pdf.fast_FPDFText_GetFontSize
    generated, map_error = pdf.fast_FPDFText_IsGenerated, pdf.fast_FPDFText_HasUnicodeMapError
    vector = view.vector
    # Upright page: the box is mapped inline (this loop is most of a page's time).
    straight = view.rot == 0
    left, top_edge = view.l, view.t
    styles: dict[tuple, tuple[float, bool]] = {}  # text matrix and em size → (size, upright)
    out = []
    append = out.append
    for i, ch in enumerate(units):
        if ch <= " " or ch.isspace() or not ch.isprintable():
            if ch in "\r\n" or generated(text, i) == 1:
                continue  # pdfium's own word and line breaks
        if not get_box(text, i, rect_ref) or not get_matrix(text, i, m_ref):
            continue
        key = (m.a, m.b, m.c, m.d, get_size(text, i))
        style = styles.get(key)
        if style is None:
            ux, uy = vector(m.a, m.b)  # the baseline's direction, as shown
            vy = vector(m.c, m.d)[1]  # the glyph's up direction
            style = styles[key] = (key[4] * math.hypot(m.c, m.d), ux > 0 and abs(uy) <= 1e-3 * ux and vy < 0)
        size, upright = style
        if map_error(text, i) == 1:
            ch = UNDECODED
        if straight:
            x0, x1, top, bottom = rect.left - left, rect.right - left, top_edge - rect.top, top_edge - rect.bottom
        else:
            x0, top, x1, bottom = view.box(rect.left, rect.bottom, rect.right, rect.top)
        if upright and size > 0:
            if x1 - x0 > 1.5 * size:
                # Vertical writing: pdfium's loose box is not the glyph's;
                # the em square stands on the origin, as pdfminer has it.
                x0, bottom = _origin(pdf, text, i, view)
                x1 = x0 + size
            top = bottom - size  # pdfminer's box: the em square above the descender
        append({"text": ch, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "size": size, "upright": upright})
    return out


def _origin(pdf: P._Lib, text, i: int, view: _View) -> tuple[float, float]:
    ox, oy = ctypes.c_double(), ctypes.c_double()
    pdf.FPDFText_GetCharOrigin(text, i, ctypes.byref(ox), ctypes.byref(oy))
    return view.point(ox.value, oy.value)


def _colour(get, obj) -> tuple[float, float, float] | None:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not get(obj, r, g, b, a):
        return None
    if a.value == 0:
        return (1.0, 1.0, 1.0)  # fully transparent: as good as white, it shows nothing
    return (r.value / 255, g.value / 255, b.value / 255)


def _read_objects(pdf: P._Lib, page, view: _View, data: PageData) -> None:
    """The page's paths and images, form XObjects flattened."""
    m = P.FS_MATRIX()
    get_type = pdf.fast_FPDFPageObj_GetType
    stack = [(pdf.FPDFPage_CountObjects(page), (lambda get: lambda i: get(page, i))(pdf.fast_FPDFPage_GetObject), (1.0, 0.0, 0.0, 1.0, 0.0, 0.0))]
    depth = 0
    while stack:
        count, get, outer = stack.pop()
        for i in range(count):
            obj = get(i)
            if not obj:
                continue
            kind = get_type(obj)
            if kind not in (P.OBJ_PATH, P.OBJ_IMAGE, P.OBJ_FORM):
                continue
            if not pdf.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
                continue
            mat = _compose((m.a, m.b, m.c, m.d, m.e, m.f), outer)
            if kind == P.OBJ_PATH:
                _read_path(pdf, obj, mat, view, data)
            elif kind == P.OBJ_IMAGE:
                _read_image(pdf, obj, mat, view, data)
            elif depth < 8:  # a form: its objects are in its own space
                depth += 1
                stack.append((pdf.FPDFFormObj_CountObjects(obj), (lambda form: lambda k: pdf.FPDFFormObj_GetObject(form, k))(obj), mat))


def _compose(inner: tuple, outer: tuple) -> tuple:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _apply(mat: tuple, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = mat
    return a * x + c * y + e, b * x + d * y + f


def _read_path(pdf: P._Lib, obj, mat: tuple, view: _View, data: PageData) -> None:
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdf.FPDFPath_GetDrawMode(obj, ctypes.byref(fill_mode), ctypes.byref(stroke)):
        return
    fills, strokes = fill_mode.value != 0, bool(stroke.value)
    stroke_colour = _colour(pdf.FPDFPageObj_GetStrokeColor, obj) if strokes else None
    fill_colour = _colour(pdf.FPDFPageObj_GetFillColor, obj) if fills else None
    paint = {"stroke": strokes, "fill": fills, "stroking_color": stroke_colour, "non_stroking_color": fill_colour}
    if _invisible(paint):
        # Word puts a white box behind every line of text: such shapes
        # bound nothing one can see, and their points are not asked for.
        data.hidden += 1
        return
    a, b, c, d, e, f = _compose(mat, view.matrix)  # path space → the page as shown
    x, y = ctypes.c_float(), ctypes.c_float()
    x_ref, y_ref = ctypes.byref(x), ctypes.byref(y)
    get_seg, get_point = pdf.fast_FPDFPath_GetPathSegment, pdf.fast_FPDFPathSegment_GetPoint
    get_type, get_close = pdf.fast_FPDFPathSegment_GetType, pdf.fast_FPDFPathSegment_GetClose
    subpaths: list[tuple[list[tuple[float, float]], bool, bool]] = []  # points, curved, closed
    pts: list[tuple[float, float]] = []
    curved = closed = False
    for k in range(pdf.FPDFPath_CountSegments(obj)):
        seg = get_seg(obj, k)
        if not seg or not get_point(seg, x_ref, y_ref):
            continue
        kind = get_type(seg)
        if kind == P.SEG_MOVETO and pts:
            subpaths.append((pts, curved, closed))
            pts, curved, closed = [], False, False
        if kind == P.SEG_BEZIERTO:
            curved = True
        px, py = x.value, y.value
        pts.append((a * px + c * py + e, b * px + d * py + f))
        if len(pts) == 4 and get_close(seg):  # only a four-point ring's closing matters
            closed = True
    if pts:
        subpaths.append((pts, curved, closed))
    for pts, curved, closed in subpaths:
        shape = _shape(pts, curved, closed)
        if shape is None:
            continue
        shape.update(paint)
        data.shapes.append(shape)


def _shape(pts: list[tuple[float, float]], curved: bool, closed: bool) -> dict | None:
    """pdfminer's classification: one segment is a line, an axis-aligned
    four-sided closed figure a rect, anything else a curve."""
    if len(pts) < 2:
        return None
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    box = {"x0": min(xs), "x1": max(xs), "top": min(ys), "bottom": max(ys)}
    if not curved and len(pts) == 2:
        return dict(box, object_type="line", pts=pts)
    ring = pts[:-1] if len(pts) == 5 and pts[0] == pts[-1] else pts
    if not curved and len(ring) == 4 and (closed or len(pts) == 5):
        sides = list(zip(ring, ring[1:] + ring[:1]))
        if all(a[0] == b[0] or a[1] == b[1] for a, b in sides):
            return dict(box, object_type="rect", pts=ring)
    return dict(box, object_type="curve", pts=pts if not curved else [], curved=curved)


def _read_image(pdf: P._Lib, obj, mat: tuple, view: _View, data: PageData) -> None:
    shown = _compose(mat, view.matrix)
    corners = [_apply(shown, u, v) for u, v in ((0, 0), (1, 0), (0, 1), (1, 1))]
    w, h = ctypes.c_uint(), ctypes.c_uint()
    if not pdf.FPDFImageObj_GetImagePixelSize(obj, ctypes.byref(w), ctypes.byref(h)):
        return
    data.images.append(
        {
            "x0": min(c[0] for c in corners),
            "x1": max(c[0] for c in corners),
            "top": min(c[1] for c in corners),
            "bottom": max(c[1] for c in corners),
            "srcsize": (w.value, h.value),
        }
    )
