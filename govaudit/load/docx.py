"""Word (.docx): body paragraphs and tables, in body order, merges resolved.

The file is untrusted. The zip is checked (member count, declared sizes,
compression method, ratio) before anything is decompressed, members are read
in chunks under a running cap, and the XML is parsed with lxml with entity
resolution and network access off; any DOCTYPE is refused outright.
Paragraphs and (span-resolved) grid cells are counted against
`max_elements` over the whole document, each table before its grid is built.

The parts are walked with lxml directly rather than through python-docx:
python-docx would decompress the whole package again (images included)
without our cap, and its body iteration skips content controls (w:sdt),
which report templates use a lot.

Locations: `paragraph=K` is the K-th body paragraph counting empty ones too
(so K is the paragraph's position in Word); cells get `table=T, row, col`
(1-based, T counting top-level tables only: nested tables are folded into
their cell's text). Pictures in body paragraphs (not in cells) become
`Image` blocks at their paragraph's location, after its text.
"""

from __future__ import annotations

import contextlib
import io
import re
import struct
import zipfile
import zlib

from ..core.errors import InputError
from ..core.limits import Limits
from ..core.model import Cell, Document, Image, Location, LoadNote, Paragraph, Table, cover, fill_holes
from ..text.spaces import clean_text as clean  # as the other loaders: a report reads the same in every format
from ..text.cjk import is_cjk
from ..text.spaces import too_many_elements, too_many_tables
from ..text.lazyre import lazy_compile

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
V = "{urn:schemas-microsoft-com:vml}"
O = "{urn:schemas-microsoft-com:office:office}"

EMU_PER_PT = 12700
# A picture under half an inch each way (a bullet, an icon) or a quarter
# inch high (an inline equation, a rule) is not content in its own right.
TINY_PICTURE_PT = 36.0
THIN_PICTURE_PT = 18.0
_VML_LENGTH = lazy_compile(r"(?:^|;)\s*(width|height)\s*:\s*([\d.]+)\s*(pt|in|cm|mm|px)?", re.I)
_PT_PER_UNIT = {"pt": 1.0, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "px": 0.75, "": 0.75}

# Fixed bounds, not settings: no real docx comes near them, so their
# messages say what was hit and that it is fixed.
MAX_MEMBERS = 10_000  # a real docx has tens of parts; each costs memory in zipfile
XML_MAX_DEPTH = 256  # libxml2's own, without huge_tree (which would lift its other bounds too)
MAX_RATIO = 500  # Word XML deflates ~10-30x, very uniform XML ~300x; deflate tops out near 1032x
RATIO_FLOOR = 1 << 20  # tiny members may have any ratio
CHUNK = 1 << 20

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_XML_WHERE = lazy_compile(r"\s*\(<string>, line \d+\)$")
_DTD_MARKERS = tuple(
    marker.encode(enc) for marker in ("<!DOCTYPE", "<!ENTITY") for enc in ("ascii", "utf-16-le", "utf-16-be")
)

# Inline elements whose content is not part of the visible text.
_SKIP_INLINE = {
    W + "pPr", W + "rPr", W + "del", W + "moveFrom", W + "delText", W + "instrText",
    W + "delInstrText", W + "footnoteReference", W + "endnoteReference", W + "commentReference",
    MC + "Fallback",
}
# Containers whose children are more blocks (body level) or more rows/cells.
_TRANSPARENT = {W + "customXml", W + "smartTag", W + "ins", W + "moveTo"}


def join_pieces(pieces: list[str]) -> str:
    """Join paragraph texts: nothing between two CJK characters (a wrapped
    Chinese label), a space elsewhere (two numbers must not fuse)."""
    out: list[str] = []
    last = ""
    for piece in pieces:
        if not piece:
            continue
        if last and not (is_cjk(last) and is_cjk(piece[0])):
            out.append(" ")
        out.append(piece)
        last = piece[-1]
    return "".join(out)


# ---------------------------------------------------------------- the zip --


def _open_zip(path: str, data: bytes) -> zipfile.ZipFile:
    if data.startswith(_OLE_MAGIC):
        raise InputError(path, "这是旧版 Word（.doc）文件或加密的文件，请在 Word 中另存为 .docx 后再检查")
    if not data.startswith(b"PK"):
        raise InputError(path, "不是有效的 Word（.docx）文件")
    # zipfile builds one object per central-directory entry before we can
    # look at them; every entry starts with this signature, so this bounds it.
    if data.count(b"PK\x01\x02") > MAX_MEMBERS:
        raise InputError(path, f"zip 压缩包内文件过多（超过 {MAX_MEMBERS} 个，固定上限），不像是 Word 文件")
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        if data.startswith(b"PK\x03\x04"):
            raise InputError(path, "文件已损坏或被截断") from None
        raise InputError(path, "不是有效的 Word（.docx）文件") from None
    except (OSError, EOFError, ValueError, struct.error, OverflowError):
        raise InputError(path, "文件已损坏或被截断") from None


def _check_members(path: str, archive: zipfile.ZipFile, limits: Limits) -> None:
    infos = archive.infolist()  # at most MAX_MEMBERS: counted in the raw bytes by _open_zip
    cap = limits.max_decompressed_bytes
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > cap or total > cap:
            raise InputError(
                path,
                f"解压后过大（超过 max_decompressed_bytes = {cap} 字节），可能是压缩炸弹",
            )


def _read_member(path: str, archive: zipfile.ZipFile, name: str, budget: list[int], limits: Limits) -> bytes:
    """One member's bytes, decompressed in chunks; `budget` is the running
    cap shared by every member read, since declared sizes can lie."""
    info = archive.getinfo(name)
    if info.flag_bits & 0x1:
        raise InputError(path, "文件已加密（受密码保护），无法读取")
    # Word writes only these two; bzip2/lzma decompress without an output
    # bound per call, so one small chunk could blow up.
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise InputError(path, f"{name} 使用了不支持的压缩方式，不像是 Word 文件")
    if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        ratio = info.file_size // max(info.compress_size, 1)
        raise InputError(path, f"{name} 的压缩比异常（约 {ratio} 倍，超过固定上限 {MAX_RATIO} 倍），可能是压缩炸弹")
    chunks = []
    try:
        with archive.open(info) as handle:
            while True:
                chunk = handle.read(CHUNK)
                if not chunk:
                    break
                budget[0] -= len(chunk)
                if budget[0] < 0:
                    raise InputError(
                        path,
                        f"解压后过大（超过 max_decompressed_bytes = {limits.max_decompressed_bytes} 字节），可能是压缩炸弹",
                    )
                chunks.append(chunk)
    except InputError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, struct.error, OverflowError):
        raise InputError(path, "文件已损坏或被截断") from None
    except (RuntimeError, NotImplementedError):
        raise InputError(path, f"无法解压 {name}（加密或不支持的压缩方式）") from None
    return b"".join(chunks)


# ---------------------------------------------------------------- the XML --


# The tags are counted in the raw bytes before parsing, so 50 MB of `<w:p/>`
# is refused before lxml spends a minute on it (the body is streamed, one
# child at a time, but small parts are parsed whole). A real report has far
# fewer than this many elements per element the result may hold
# (paragraphs, runs, properties…).
ELEMENTS_PER_LIMIT = 4
ELEMENTS_FLOOR = 200_000  # so a small max_elements still counts exactly, after parsing


# lxml parser options: no entities resolved, no network, libxml2's own
# bounds on depth and text size kept (no huge_tree).
_SAFE_XML = {
    "resolve_entities": False,
    "no_network": True,
    "huge_tree": False,
    "load_dtd": False,
    "dtd_validation": False,
    "remove_comments": True,
    "remove_pis": True,
}


def _precheck(path: str, name: str, raw: bytes, limits: Limits | None) -> None:
    if limits is not None:
        elements = raw.count(b"<") - raw.count(b"</") - raw.count(b"<?") - raw.count(b"<!")
        bound = max(ELEMENTS_PER_LIMIT * limits.max_elements, ELEMENTS_FLOOR)
        if elements > bound:
            raise InputError(
                path,
                f"{name} 的 XML 元素过多（约 {elements} 个，超过 max_elements = {limits.max_elements} 所容许的 {bound} 个），"
                "文件可能异常",
            )
    # A DOCTYPE has no business in OOXML; refusing it outright is the only
    # sure defence against entity expansion (billion laughs, external files).
    if any(marker in raw for marker in _DTD_MARKERS):
        raise InputError(path, f"{name} 含有 DOCTYPE/实体声明，出于安全考虑拒绝读取")


@contextlib.contextmanager
def _xml_errors(path: str, name: str):
    """lxml's failures on one part, as one-line InputErrors."""
    from lxml import etree

    try:
        yield
    except etree.XMLSyntaxError as exc:
        detail = str(exc).splitlines()[0] if str(exc) else "语法错误"
        if "depth" in detail:
            raise InputError(path, f"{name} 的 XML 元素嵌套过深（超过 {XML_MAX_DEPTH} 层，XML 解析器的固定上限），无法读取") from None
        if "amplification" in detail or "loop" in detail:
            raise InputError(path, f"{name} 含有异常的实体引用，出于安全考虑拒绝读取") from None
        detail = _XML_WHERE.sub("", detail)[:160]
        raise InputError(path, f"{name} 不是有效的 XML（{detail}）") from None
    except (ValueError, MemoryError, RecursionError):
        raise InputError(path, f"{name} 无法解析") from None


def _check_docinfo(path: str, name: str, root) -> None:
    if root is None:
        raise InputError(path, f"{name} 是空的")
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise InputError(path, f"{name} 含有 DOCTYPE/实体声明，出于安全考虑拒绝读取")


def _parse_xml(path: str, name: str, raw: bytes, limits: Limits | None = None):
    from lxml import etree

    _precheck(path, name, raw, limits)
    with _xml_errors(path, name):
        root = etree.fromstring(raw, etree.XMLParser(**_SAFE_XML))
    _check_docinfo(path, name, root)
    return root


def _stream_body(path: str, name: str, raw: bytes, limits: Limits, reader: "_Reader") -> None:
    """Read the main part into `reader` one body child at a time, each
    dropped once read: the tree never holds the whole body (a document of
    450,000 paragraphs took 390 MB as a tree)."""
    from lxml import etree

    _precheck(path, name, raw, limits)
    depth = 0
    body = root = None
    with _xml_errors(path, name):
        events = etree.iterparse(io.BytesIO(raw), events=("start", "end"), **_SAFE_XML)
        for event, el in events:
            if event == "start":
                depth += 1
                if depth == 1:
                    root = el
                elif depth == 2:
                    if root is not None:
                        # Checked here, not at the root's start: XML broken
                        # right after it is said to be broken XML first.
                        _check_root(path, name, root)
                        root = None
                    if el.tag == W + "body" and body is None:
                        body = el
                continue
            if depth == 3 and body is not None and el.getparent() is body:
                reader.blocks_in(reader.blocks_of(el))
                el.clear(keep_tail=True)
                while el.getprevious() is not None:
                    del body[0]
            depth -= 1
        _check_docinfo(path, name, events.root)
        if root is not None:  # a document with no child at all
            _check_root(path, name, root)


def _check_root(path: str, name: str, root) -> None:
    if root.tag == "{http://purl.oclc.org/ooxml/wordprocessingml/main}document":
        raise InputError(path, "暂不支持“严格 Open XML”格式的 .docx，请在 Word 中另存为普通 .docx")
    if root.tag != W + "document":
        raise InputError(path, f"{name} 不是 Word 正文（根元素不是 w:document）")


def _package_targets(path: str, archive, budget, limits) -> dict[str, str]:
    """Relationship type suffix → part name, from _rels/.rels (internal targets only)."""
    targets: dict[str, str] = {}
    if "_rels/.rels" not in archive.namelist():
        return targets
    root = _parse_xml(path, "_rels/.rels", _read_member(path, archive, "_rels/.rels", budget, limits))
    for rel in root.iter(REL):
        if rel.get("TargetMode") == "External":
            continue
        kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
        targets.setdefault(kind, (rel.get("Target") or "").lstrip("/"))
    return targets


# ---------------------------------------------------------------- the text --


class _Reader:
    def __init__(self, path: str, limits: Limits):
        self.path = path
        self.limits = limits
        self.blocks: list = []
        self.notes: list[LoadNote] = []
        self.n_paragraphs = 0
        self.n_tables = 0
        # Paragraphs and grid cells the result may still hold: per-table
        # bounds alone let 2000 tables of 200 000 cells through.
        self.budget = limits.max_elements

    def spend(self, n: int) -> None:
        self.budget -= n
        if self.budget < 0:
            raise too_many_elements(self.path, self.limits)

    # Block containers: the body, sdt contents, text boxes, cells.

    def block_children(self, container):
        """w:p and w:tbl of a container, in order, looking through wrappers."""
        for child in container:
            yield from self.blocks_of(child)

    def blocks_of(self, child):
        """The child itself if it is a w:p or w:tbl, else those it wraps."""
        tag = child.tag
        if tag == W + "p" or tag == W + "tbl" or tag == W + "altChunk":
            yield child
        elif tag == W + "sdt":
            content = child.find(W + "sdtContent")
            if content is not None:
                yield from self.block_children(content)
        elif tag in _TRANSPARENT:
            yield from self.block_children(child)
        elif tag == MC + "AlternateContent":
            branch = _choose(child)
            if branch is not None:
                yield from self.block_children(branch)

    def body(self, container) -> None:
        self.blocks_in(self.block_children(container))

    def blocks_in(self, elements) -> None:
        for el in elements:
            if el.tag == W + "p":
                self.n_paragraphs += 1
                images: list[str] = []
                text, boxes = self.paragraph_text(el, images)
                where = Location(self.path, paragraph=self.n_paragraphs)
                if text:
                    self.spend(1)
                    self.blocks.append(Paragraph(text, where))
                # A picture in the body may be a table published as an
                # image: kept as a block so rules can say it is unreadable.
                for description in images:
                    self.blocks.append(Image(where, description))
                # Text boxes read as the paragraphs after their anchor.
                for box in boxes:
                    self.body(box)
            elif el.tag == W + "altChunk":
                # Content imported from another file (HTML, RTF…) that Word
                # merges in on opening; it is not read here.
                where = Location(self.path, paragraph=self.n_paragraphs or None)
                self.notes.append(LoadNote("load-problem", "正文中有嵌入的外部文档内容（altChunk），未能读取", where))
            else:
                self.table(el)

    def paragraph_text(self, p, images: list[str] | None = None) -> tuple[str, list]:
        """The paragraph's text and text boxes; its pictures' descriptions
        are appended to `images` when given (body paragraphs only)."""
        lines: list[list[str]] = [[]]
        boxes: list = []
        self.inline(p, lines, boxes, images)
        # Soft line breaks are joined like paragraphs in a cell.
        return join_pieces([clean("".join(parts)) for parts in lines]), boxes

    def inline(self, el, lines: list[list[str]], boxes: list, images: list[str] | None = None) -> None:
        for child in el:
            tag = child.tag
            if tag == W + "t":
                lines[-1].append(child.text or "")
            elif tag in (W + "tab", W + "ptab"):
                lines[-1].append(" ")
            elif tag in (W + "br", W + "cr"):
                lines.append([])
            elif tag == W + "noBreakHyphen":
                lines[-1].append("-")
            elif tag == W + "txbxContent":
                boxes.append(child)
            elif tag in _SKIP_INLINE or not isinstance(tag, str):
                continue
            elif tag == MC + "AlternateContent":
                branch = _choose(child)
                if branch is not None:
                    self.inline(branch, lines, boxes, images)
            else:
                if images is not None and tag in (W + "drawing", W + "pict", W + "object"):
                    description = _picture(child)
                    if description is not None:
                        images.append(description)
                # On into it still: a drawing may hold text boxes.
                self.inline(child, lines, boxes, images)

    def container_text(self, container) -> str:
        """All the text of a cell (nested tables and text boxes included)."""
        pieces: list[str] = []
        for el in self.block_children(container):
            if el.tag == W + "altChunk":
                continue
            if el.tag == W + "p":
                text, boxes = self.paragraph_text(el)
                pieces.append(text)
                pieces.extend(self.container_text(box) for box in boxes)
            else:
                for tr in self.rows_of(el):
                    for tc in self.cells_of(tr):
                        pieces.append(self.container_text(tc))
        return join_pieces(pieces)

    # Tables.

    def rows_of(self, tbl):
        return [el for el in _unwrap(tbl) if el.tag == W + "tr"]

    def cells_of(self, tr):
        return [el for el in _unwrap(tr) if el.tag == W + "tc"]

    def table(self, tbl) -> None:
        rows = self.rows_of(tbl)
        if not rows:
            return
        self.n_tables += 1
        if self.n_tables > self.limits.max_tables:
            raise too_many_tables(self.path, self.limits)
        index = self.n_tables
        max_span = self.limits.max_colspan
        max_cells = self.limits.max_table_cells

        # Lay the cells out on the grid: [col, colspan, [tc, …], vmerge].
        layout: list[list[list]] = []
        width = 0
        for tr in rows:
            trpr = tr.find(W + "trPr")
            col = _int_val(trpr, "gridBefore", 0, max_span)
            after = _int_val(trpr, "gridAfter", 0, max_span)
            line: list[list] = []
            for tc in self.cells_of(tr):
                tcpr = tc.find(W + "tcPr")
                span = _int_val(tcpr, "gridSpan", 1, max_span) or 1
                hmerge = _merge_val(tcpr, "hMerge")
                if hmerge == "continue" and line:
                    # Legacy horizontal merge: widen the cell on the left.
                    line[-1][1] += span
                    line[-1][2].append(tc)
                else:
                    line.append([col, span, [tc], _merge_val(tcpr, "vMerge")])
                col += span
            layout.append(line)
            if line:
                width = max(width, col + after)
            # The grid only grows from here (rows × widest row so far):
            # stop before laying out the rest of a table already too big.
            if len(layout) * width > min(max_cells, self.budget):
                break
        n_rows = len(rows)  # len(layout) too, unless stopped early: the grid has every row
        if width == 0:
            return
        if n_rows * width > max_cells:
            raise InputError(self.path, f"表{index}过大（超过 max_table_cells = {max_cells} 个单元格）")
        # The whole grid is counted before it is built (empty slots become
        # cells too).
        self.spend(n_rows * width)

        # A vMerge run: the cell that starts it, plus every "continue" cell
        # straight below it starting in the same grid column.
        starts: list[dict[int, list]] = [{entry[0]: entry for entry in line} for line in layout]
        consumed: set[int] = set()
        grid: list[list[Cell | None]] = [[None] * width for _ in range(n_rows)]
        area = 0  # cells of a sane table tile the grid; hostile ones overlap
        for r, line in enumerate(layout):
            for entry in line:
                if id(entry) in consumed:
                    continue
                col, span, tcs, vmerge = entry
                rowspan = 1
                tcs = list(tcs)
                if vmerge is not None:
                    rr = r + 1
                    while rr < n_rows:
                        below = starts[rr].get(col)
                        if below is None or below[3] != "continue" or id(below) in consumed:
                            break
                        consumed.add(id(below))
                        tcs.extend(below[2])
                        rowspan += 1
                        rr += 1
                area += rowspan * span
                if area > self.limits.max_table_cells:
                    raise InputError(
                        self.path,
                        f"表{index}过大（合并单元格重叠，超过 max_table_cells = {self.limits.max_table_cells}）",
                    )
                # Text left in covered cells is kept, not silently dropped.
                text = join_pieces([self.container_text(tc) for tc in tcs])
                loc = Location(self.path, table=index, row=r + 1, col=col + 1)
                cover(grid, Cell(text=text, location=loc, row=r, col=col, rowspan=rowspan, colspan=span))
        out = fill_holes(grid, width, lambda r, c, _: Location(self.path, table=index, row=r + 1, col=c + 1))
        self.blocks.append(Table(grid=out, location=Location(self.path, table=index), index=index))


def _shape_parts(el):
    """Descendants of a drawing or VML picture, not looking into text boxes
    (read as paragraphs of their own) or a Fallback (the same shape again)."""
    for child in el:
        if not isinstance(child.tag, str) or child.tag in (W + "txbxContent", MC + "Fallback"):
            continue
        yield child
        yield from _shape_parts(child)


def _picture(el) -> str | None:
    """The description of the picture a w:drawing / w:pict / w:object shows,
    or None when it shows none (a text box, a line, a shape) or a tiny one."""
    parts = list(_shape_parts(el))
    if el.tag == W + "drawing":
        if not any(p.tag == A + "blip" for p in parts):
            return None
        extent = next((p for p in parts if p.tag == WP + "extent"), None)
        if extent is not None:
            sizes = [_number(extent.get(k)) for k in ("cx", "cy")]
            if all(v is not None for v in sizes) and _tiny([v / EMU_PER_PT for v in sizes]):
                return None
        props = next((p for p in parts if p.tag == WP + "docPr"), None)
        if props is None:
            return ""
        return clean(props.get("descr") or props.get("title") or props.get("name") or "")
    data = next((p for p in parts if p.tag == V + "imagedata"), None)
    if data is None:
        return None  # a VML text box or horizontal rule
    shape = data.getparent()
    style = (shape.get("style") or "") if shape is not None else ""
    sizes = {}
    for m in _VML_LENGTH.finditer(style):
        value = _number(m.group(2))
        if value is not None:
            sizes[m.group(1).lower()] = value * _PT_PER_UNIT[(m.group(3) or "").lower()]
    if len(sizes) == 2 and _tiny(list(sizes.values())):
        return None
    alt = shape.get("alt") if shape is not None else None
    return clean(alt or data.get(O + "title") or "")


def _tiny(sides_pt: list[float]) -> bool:
    return max(sides_pt) < TINY_PICTURE_PT or min(sides_pt) < THIN_PICTURE_PT


def _number(raw) -> float | None:
    try:
        value = float(raw)
    except (TypeError, ValueError):
        return None
    return value if value == value and abs(value) != float("inf") else None


def _unwrap(el):
    """Children of a table or row, looking through sdt/customXml wrappers."""
    for child in el:
        tag = child.tag
        if tag == W + "sdt":
            content = child.find(W + "sdtContent")
            if content is not None:
                yield from _unwrap(content)
        elif tag in _TRANSPARENT:
            yield from _unwrap(child)
        else:
            yield child


def _choose(alternate):
    """The branch of mc:AlternateContent to read: the first Choice (what Word
    shows), else the Fallback; never both, or text would appear twice."""
    choice = alternate.find(MC + "Choice")
    return choice if choice is not None else alternate.find(MC + "Fallback")


def _int_val(props, name: str, default: int, cap: int) -> int:
    if props is None:
        return default
    el = props.find(W + name)
    if el is None:
        return default
    raw = (el.get(W + "val") or "").strip()
    if not raw.isdigit():
        return default
    return max(0, min(int(raw[:7]), cap))


def _merge_val(props, name: str) -> str | None:
    """"restart", "continue" (the default when w:val is absent) or None."""
    if props is None:
        return None
    el = props.find(W + name)
    if el is None:
        return None
    return "restart" if el.get(W + "val") == "restart" else "continue"


def _title_of(blocks: list) -> str | None:
    paragraphs = [b.text for b in blocks if isinstance(b, Paragraph) and b.text]
    for text in paragraphs:
        if "年度报告" in text:
            return text
    return paragraphs[0] if paragraphs else None


# ---------------------------------------------------------------- entry --


def load_docx(path: str, data: bytes, limits: Limits) -> Document:
    if not data:
        raise InputError(path, "文件为空")
    try:
        import lxml.etree  # noqa: F401
    except ImportError:
        raise InputError(path, "读取 .docx 需要 lxml：pip install 'govaudit[docx]'") from None
    try:
        return _load(path, data, limits)
    except InputError:
        raise
    except MemoryError:
        raise InputError(path, "内存不足，文件过大或结构异常") from None
    except RecursionError:
        raise InputError(path, "文档结构嵌套过深") from None
    except Exception as exc:  # the boundary: a library's surprise is still one line
        raise InputError(path, f"无法读取 Word 文件（{type(exc).__name__}）") from None


def _load(path: str, data: bytes, limits: Limits) -> Document:
    archive = _open_zip(path, data)
    with archive:
        _check_members(path, archive, limits)
        budget = [limits.max_decompressed_bytes]
        names = set(archive.namelist())
        targets = _package_targets(path, archive, budget, limits)
        main = targets.get("officeDocument", "word/document.xml")
        if main not in names:
            main = "word/document.xml"
        if main not in names:
            raise InputError(path, "不是有效的 Word（.docx）文件（缺少 word/document.xml）")
        raw = _read_member(path, archive, main, budget, limits)
        core_name = targets.get("core-properties", "docProps/core.xml")
        core = None
        if core_name in names:
            core = _parse_xml(path, core_name, _read_member(path, archive, core_name, budget, limits))
    reader = _Reader(path, limits)
    _stream_body(path, main, raw, limits, reader)
    del raw
    if not any(isinstance(b, (Paragraph, Table)) for b in reader.blocks):
        n_images = sum(isinstance(b, Image) for b in reader.blocks)
        if n_images:
            raise InputError(path, f"Word 文件中没有文字内容，只有{n_images}张图片，不可机读")
        if reader.notes:
            raise InputError(path, "Word 文件中没有文字内容（正文是嵌入的外部文档 altChunk，未能读取）")
        raise InputError(path, "Word 文件中没有文字内容")

    title = None
    if core is not None:
        el = core.find(DC_TITLE)
        if el is not None and el.text:
            title = clean(el.text) or None
    return Document(
        path=path,
        format="docx",
        blocks=reader.blocks,
        title=title or _title_of(reader.blocks),
        published=None,
        notes=reader.notes,
    )
