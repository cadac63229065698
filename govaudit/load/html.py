"""HTML: a light tree built with the standard library parser, then walked into blocks.

The standard parser is used (not lxml) because it reports the line and column
of every tag and text run, which a finding needs to point an editor at the
cell. The tree is built and walked without recursion, so 10⁵-deep nesting
costs memory in proportion to the file, never a stack overflow.

Layout tables (a table holding another table, as old portal templates do)
are walked as ordinary content; only tables without tables inside become
`Table` blocks.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from ..errors import InputError
from ..limits import Limits
from ..model import Document, Location, Paragraph, Table, build_grid
from .encoding import decode
from .textutil import clean_text

_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_SKIP = frozenset("script style noscript template head svg object iframe select textarea".split())
_BLOCK = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd section article header footer nav aside "
    "blockquote pre center address figure figcaption main form fieldset table tr td th "
    "thead tbody tfoot caption hr br body html".split()
)
# An opening tag of the key closes an open element of each listed tag, as
# browsers do for markup that never closes its <p>, <td> or <tr>.
_IMPLIED_CLOSE = {
    "p": ("p",),
    "li": ("li",),
    "tr": ("td", "th", "tr"),
    "td": ("td", "th"),
    "th": ("td", "th"),
    "tbody": ("td", "th", "tr", "tbody", "thead"),
    "tfoot": ("td", "th", "tr", "tbody", "thead"),
}
_PUBDATE_META = frozenset({"pubdate", "publishdate", "firstpublishedtime", "article:published_time", "dc.date"})
_SPAN_DIGITS = re.compile(r"\d+")


class _Node:
    __slots__ = ("tag", "attrs", "children", "line", "column", "layout")

    def __init__(self, tag, attrs, line, column):
        self.tag = tag
        self.attrs = attrs
        self.children = []
        self.line = line
        self.column = column
        self.layout = False  # a table that holds another table


class _Text:
    __slots__ = ("text", "line", "column")

    def __init__(self, text, line, column):
        self.text = text
        self.line = line
        self.column = column


class _TreeBuilder(HTMLParser):
    def __init__(self, path: str, limits: Limits):
        super().__init__(convert_charrefs=True)
        self.path = path
        self.limits = limits
        self.root = _Node("#root", {}, 1, 1)
        self.stack = [self.root]
        self.skip_depth = 0
        self.title_parts: list[str] | None = None
        self.title = ""
        self.published: str | None = None
        self.tables_open = 0

    def handle_starttag(self, tag, attrs):
        if tag == "title" and self.title_parts is None and not self.title:
            self.title_parts = []
        if tag == "meta":
            self._meta(attrs)
        if self.skip_depth:
            if tag in _SKIP and tag not in _VOID:
                self.skip_depth += 1
            return
        if tag in _SKIP:
            if tag == "head":
                return  # keep parsing for <title>/<meta>, drop nothing else
            self.skip_depth = 1
            return
        closes = _IMPLIED_CLOSE.get(tag)
        if closes:
            self._close_implied(tag, closes)
        line, offset = self.getpos()
        node = _Node(tag, attrs, line, offset + 1)
        self.stack[-1].children.append(node)
        if tag in _VOID:
            return
        if tag == "table":
            for open_node in self.stack:
                if open_node.tag == "table":
                    open_node.layout = True
        if len(self.stack) >= self.limits.max_nesting:
            raise InputError(self.path, f"HTML 嵌套层级过深（超过 max_nesting = {self.limits.max_nesting}）")
        self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and not self.skip_depth and self.stack[-1].tag == tag:
            self.stack.pop()

    def _close_implied(self, tag, closes):
        # Only within the nearest table (for cells/rows) or block: never pop
        # past a table boundary, so a stray <td> cannot close an outer table.
        for i in range(len(self.stack) - 1, 0, -1):
            open_tag = self.stack[i].tag
            if open_tag in closes:
                del self.stack[i:]
                return
            if open_tag == "table" or (tag in ("p", "li") and open_tag in ("div", "td", "th", "ul", "ol")):
                return

    def handle_endtag(self, tag):
        if tag == "title" and self.title_parts is not None:
            self.title = clean_text("".join(self.title_parts))
            self.title_parts = None
        if self.skip_depth:
            if tag in _SKIP:
                self.skip_depth -= 1
            return
        if tag in _VOID:
            if tag == "br":  # </br> is read as <br> by browsers
                self.handle_starttag("br", [])
            return
        for i in range(len(self.stack) - 1, 0, -1):
            open_tag = self.stack[i].tag
            if open_tag == tag:
                del self.stack[i:]
                return
            if open_tag == "table" and tag != "table":
                return  # a stray end tag cannot close past a table

    def handle_data(self, data):
        if self.title_parts is not None:
            self.title_parts.append(data)
            return
        if self.skip_depth or not data:
            return
        line, offset = self.getpos()
        self.stack[-1].children.append(_Text(data, line, offset + 1))

    def _meta(self, attrs):
        values = {k.lower(): (v or "") for k, v in attrs if k}
        name = (values.get("name") or values.get("property") or "").lower()
        if name in _PUBDATE_META and values.get("content"):
            match = re.search(r"(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})", values["content"])
            if match:
                y, m, d = match.groups()
                self.published = f"{y}-{int(m):02d}-{int(d):02d}"


def _first_visible(text_node: _Text) -> tuple[int, int]:
    """Line and column of the first non-blank character of a text run."""
    data = text_node.text
    stripped = len(data) - len(data.lstrip(" \t\r\n\f\u00a0\u3000"))
    before = data[:stripped]
    newlines = before.count("\n")
    if newlines:
        return text_node.line + newlines, len(before) - before.rfind("\n")
    return text_node.line, text_node.column + stripped


def _span(attrs, name: str, cap: int) -> int:
    for key, value in attrs:
        if key == name and value:
            match = _SPAN_DIGITS.search(value)
            if match:
                digits = match.group()
                return max(1, min(int(digits[:7]), cap))
    return 1


class _Walker:
    """Turns the tree into blocks in reading order."""

    def __init__(self, path: str, limits: Limits):
        self.path = path
        self.limits = limits
        self.blocks: list = []
        self.parts: list[str] = []
        self.start: tuple[int, int] | None = None
        self.end: tuple[int, int] | None = None
        self.n_tables = 0

    def flush(self):
        text = clean_text("".join(self.parts))
        if text and self.start:
            line, col = self.start
            end_line, end_col = self.end or self.start
            loc = Location(self.path, line=line, column=col, end_line=end_line, end_column=end_col)
            self.blocks.append(Paragraph(text, loc))
        self.parts = []
        self.start = None
        self.end = None

    def walk(self, root: _Node):
        # Explicit stack of (node, closing?) pairs instead of recursion.
        stack: list = [(root, False)]
        while stack:
            node, closing = stack.pop()
            if isinstance(node, _Text):
                if node.text.strip(" \t\r\n\f\u00a0\u3000"):
                    if self.start is None:
                        self.start = _first_visible(node)
                    last_line = node.line + node.text.count("\n")
                    tail = node.text.rsplit("\n", 1)
                    end_col = (node.column + len(node.text)) if len(tail) == 1 else len(tail[-1]) + 1
                    self.end = (last_line, end_col)
                self.parts.append(node.text)
                continue
            if closing:
                if node.tag in _BLOCK:
                    self.flush()
                continue
            if node.tag in _BLOCK:
                self.flush()
            if node.tag == "table" and not node.layout:
                self.table(node)
                continue
            stack.append((node, True))
            for child in reversed(node.children):
                stack.append((child, False))

    def table(self, node: _Node):
        rows: list[list] = []
        # Rows are the <tr> descendants that belong to this table (not to a
        # nested one: a non-layout table has none).
        pending = list(reversed(node.children))
        while pending:
            child = pending.pop()
            if isinstance(child, _Text):
                continue
            if child.tag == "tr":
                rows.append(self.row(child))
            elif child.tag in ("td", "th"):
                rows.append(self.row(_Node("tr", [], child.line, child.column), [child]))
            else:
                pending.extend(reversed(child.children))
        rows = [r for r in rows if r]
        if not rows:
            return
        self.n_tables += 1
        if self.n_tables > self.limits.max_tables:
            raise InputError(self.path, f"表格过多（超过 max_tables = {self.limits.max_tables}）")
        grid = build_grid(rows, self.path, self.limits.max_table_cells)
        loc = Location(self.path, line=node.line, column=node.column)
        self.blocks.append(Table(grid=grid, location=loc, index=self.n_tables))

    def row(self, tr: _Node, cells: list | None = None) -> list:
        out = []
        if cells is None:
            cells = []
            pending = list(reversed(tr.children))
            while pending:
                child = pending.pop()
                if isinstance(child, _Text):
                    continue
                if child.tag in ("td", "th"):
                    cells.append(child)
                elif child.tag != "tr":
                    pending.extend(reversed(child.children))
        for cell in cells:
            text = clean_text(self.cell_text(cell))
            loc = Location(self.path, line=cell.line, column=cell.column)
            rowspan = _span(cell.attrs, "rowspan", 65534)
            colspan = _span(cell.attrs, "colspan", self.limits.max_colspan)
            out.append((text, loc, rowspan, colspan))
        return out

    @staticmethod
    def cell_text(cell: _Node) -> str:
        parts: list[str] = []
        pending: list = [cell]
        while pending:
            node = pending.pop()
            if isinstance(node, _Text):
                parts.append(node.text)
                continue
            if node.tag in ("br", "p", "div") and parts:
                parts.append("\n")
            pending.extend(reversed(node.children))
        return "".join(parts)


def load_html(path: str, data: bytes, limits: Limits) -> Document:
    text = decode(path, data, declared_search=True)
    builder = _TreeBuilder(path, limits)
    try:
        builder.feed(text)
        builder.close()
    except InputError:
        raise
    except Exception as exc:  # the stdlib parser's own assertion errors on garbage
        raise InputError(path, f"HTML 无法解析：{type(exc).__name__}") from None
    walker = _Walker(path, limits)
    walker.walk(builder.root)
    walker.flush()
    if not walker.blocks:
        raise InputError(path, "HTML 中没有可见的文字内容")
    return Document(
        path=path,
        format="html",
        blocks=walker.blocks,
        title=builder.title or None,
        published=builder.published,
        source_lines=text.splitlines(),
    )
