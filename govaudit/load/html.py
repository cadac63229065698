"""HTML: a light tree built by a linear tokenizer, then walked into blocks.

The tokenizer (`_tokenize`) reports the line and column of every tag and
text run, which a finding needs to point an editor at the cell. It emits the
same tags and text, at the same positions, as the standard library's
`html.parser.HTMLParser` does for well-formed markup (a lone '<', as in
"a < b", stays inside its text run instead of being a run of its own), but
it is linear on any input: Python 3.11's parser rescans to the end of the
input for every unterminated tag (`"<a" * 50_000` takes seconds,
`"<a '" * 25_000` a minute) and raises AssertionError on `<![foo`. Constructs left open at the
end of the input are dropped, as HTML5 says (a tag or comment cut off at EOF
is not shown by a browser either).

The tree is built and walked without recursion, so deep nesting costs memory
in proportion to the file, never a stack overflow; every open element is
indexed by tag, so implied and explicit closes cost the same at any depth.

Layout tables (a table holding another table, as old portal templates do)
are walked as ordinary content; only tables without tables inside become
`Table` blocks.
"""

from __future__ import annotations

import re

from ..core.errors import InputError
from ..core.limits import Limits
from ..core.model import Directive, Document, Location, Paragraph, Table, build_grid
from .charrefs import source_offset, unescape_with_widths
from .charrefs import unescape as _unescape
from .encoding import decode
from ..text.spaces import BLANK, clean_text, grid_size, too_many_elements, too_many_tables
from ..text.lazyre import lazy_compile

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
_P_LI_BOUNDARY = ("table", "div", "td", "th", "ul", "ol")
_TABLE_BOUNDARY = ("table",)
_PUBDATE_META = frozenset({"pubdate", "publishdate", "firstpublishedtime", "article:published_time", "dc.date"})
_SPAN_DIGITS = lazy_compile(r"\d+")


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
    __slots__ = ("text", "line", "column", "widths")

    def __init__(self, text, line, column, widths=None):
        self.text = text
        self.line = line
        self.column = column
        self.widths = widths  # charrefs.unescape_with_widths: where references stood


# ------------------------------------------------------------ tokenizer --

# The standard parser's own patterns where they match a bounded stretch.
# A repeated group keeps a backtracking entry per repetition in Python's re
# (1.2 GB for "(?:\s|/(?!>))*" over 10 MB of spaces): possessive repeats
# (*+) keep none, and match the same here, where nothing follows them.
_TAGFIND = lazy_compile(r"([a-zA-Z][^\t\n\r\f />\x00]*)(?:\s|/(?!>))*+")
_ATTR_SEP = lazy_compile(r"(?:\s|/(?!>))*+")
_ATTR_NAME = lazy_compile(r"[^\s/>][^\s/=>]*")
_ATTR_EQ = lazy_compile(r"\s*=+\s*")
_UNQUOTED = lazy_compile(r"[^>\s]*")
_ENDTAGFIND = lazy_compile(r"</\s*([a-zA-Z][-.a-zA-Z0-9:_]*)\s*>")
_COMMENT_CLOSE = lazy_compile(r"--\s*>")
_DIRECTIVE = lazy_compile(r"\s*govaudit\s*:", re.I)  # a comment addressed to govaudit
_DECL_NAME = lazy_compile(r"[a-zA-Z][-_.a-zA-Z0-9]*")
_MARKED_CLOSE = lazy_compile(r"]\s*]\s*>")
_MS_MARKED_CLOSE = lazy_compile(r"]\s*>")
_MARKUP_OPEN = lazy_compile(r"<[a-zA-Z/!?]")
_MAX_ATTRIBUTES = 1_000  # per tag; past these, the rest of the tag is skipped in one match
# The rest of a tag: names and unquoted values, and quoted values after '='.
_REST_OF_TAG = lazy_compile(r"""(?:[^>"'=]+|=\s*"[^"]*"|=\s*'[^']*'|=|["'])*+""")
# Most start tags, read in one match each (a third of the time of the
# general path below): a plain ASCII name ended as the standard parser ends
# it, then attributes with plain names and double-quoted, single-quoted or
# plain unquoted values, each after whitespace. Anything else falls to the
# general path, which reads it the same way; so does a tag with more
# attributes than _MAX_ATTRIBUTES. Possessive, so a failed match is linear.
_SIMPLE_START_TAG = lazy_compile(
    r"""<([a-zA-Z][a-zA-Z0-9]*)(?=[\t\n\r\f />])"""
    r"""((?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*+)\s*(/?)>"""
)
# Longer attribute text takes the general path, which stops reading after
# _MAX_ATTRIBUTES instead of listing every one of a million first.
_FAST_ATTRIBUTE_CHARS = 65_536
_SIMPLE_ATTR = lazy_compile(r"""([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*(=)\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_RAW_TEXT = ("script", "style")
_RAW_END = {tag: lazy_compile(rf"</\s*{tag}\s*>", re.I) for tag in _RAW_TEXT}
class _Positions:
    """Line (1-based) and offset (0-based) of increasing indexes, in time
    proportional to the distance moved."""

    def __init__(self, text: str):
        self.text = text
        self.index = 0
        self.line = 1
        self.line_start = 0

    def at(self, index: int) -> tuple[int, int]:
        if index > self.index:
            newlines = self.text.count("\n", self.index, index)
            if newlines:
                self.line += newlines
                self.line_start = self.text.rindex("\n", self.index, index) + 1
            self.index = index
        return self.line, index - self.line_start


def _tokenize(text: str, sink) -> None:
    """Feed `sink` (handle_starttag/startendtag/endtag/data, `position`) the
    events of `text`. Every construct is scanned once: a search that fails
    runs to the end of the input and ends the tokenizing (what is left is an
    unterminated tag, comment or raw-text element), and the search for the
    next `>` remembers where none is left."""
    n = len(text)
    positions = _Positions(text)
    wanted = getattr(sink, "attribute_tags", None)
    directive = getattr(sink, "handle_directive", None)  # comments to govaudit, for the lint layer
    find = text.find
    startswith = text.startswith
    no_gt_from = n + 1  # no '>' at or after this index

    def next_gt(k: int) -> int:
        nonlocal no_gt_from
        if k >= no_gt_from:
            return -1
        found = find(">", k)
        if found < 0:
            no_gt_from = k
        return found

    def data(start: int, end: int, raw: bool = False) -> None:
        sink.position = positions.at(start)
        chunk = text[start:end]
        if raw:
            sink.widths = None
        else:
            chunk, sink.widths = unescape_with_widths(chunk)
        sink.handle_data(chunk)

    i = 0
    raw_tag = None  # inside <script> or <style>: only its end tag ends it
    while i < n:
        if raw_tag is not None:
            m = _RAW_END[raw_tag].search(text, i)
            if m is None:
                return  # an unclosed <script>: the rest is script
            if i < m.start():
                data(i, m.start(), raw=True)
            sink.position = positions.at(m.start())
            sink.handle_endtag(raw_tag)
            raw_tag = None
            i = m.end()
            continue
        # Text runs to the next '<' that opens markup; a lone '<' (as in
        # "a < b") is text and stays in the run, so "<" * 10**7 is one run.
        m = _MARKUP_OPEN.search(text, i)
        j = m.start() if m is not None else n
        if i < j:
            data(i, j)
        i = j
        if i >= n:
            return
        nxt = text[i + 1]
        if nxt != "/" and nxt != "!" and nxt != "?":
            i, raw_tag = _start_tag(text, i, sink, positions, wanted)
            if i < 0:
                return  # a tag cut off by the end of the input
        elif nxt == "/":
            m = _ENDTAGFIND.match(text, i)
            if m is not None:  # ends at the first '>', as the general case below
                sink.position = positions.at(i)
                sink.handle_endtag(m.group(1).lower())
                i = m.end()
                continue
            gt = next_gt(i + 1)
            if gt < 0:
                return
            name = _TAGFIND.match(text, i + 2)
            if name is not None:
                sink.position = positions.at(i)
                sink.handle_endtag(name.group(1).lower())
            # else </> or a bogus comment: nothing to show
            i = gt + 1
        elif nxt == "!":
            if startswith("<!--", i):
                m = _COMMENT_CLOSE.search(text, i + 4)
                if m is None:
                    return
                if directive is not None and _DIRECTIVE.match(text, i + 4, m.start()):  # handed over, not read here
                    directive(text[i : m.end()], positions.at(i), positions.at(m.end()))
                i = m.end()
                continue
            if startswith("<![", i):
                name = _DECL_NAME.match(text, i + 3)
                keyword = name.group().lower() if name else ""
                close = None
                if keyword in ("temp", "cdata", "ignore", "include", "rcdata"):
                    close = _MARKED_CLOSE
                elif keyword in ("if", "else", "endif"):
                    close = _MS_MARKED_CLOSE  # Word's <![if !supportLists]>
                if close is not None:
                    m = close.search(text, i + 3)
                    if m is None:
                        return
                    i = m.end()
                    continue
            gt = next_gt(i + 2)  # <!DOCTYPE …> or a bogus comment
            if gt < 0:
                return
            i = gt + 1
        else:  # <?…>
            gt = next_gt(i + 2)
            if gt < 0:
                return
            i = gt + 1


def _start_tag(text: str, i: int, sink, positions: _Positions, wanted) -> tuple[int, str | None]:
    """Parse the start tag at `text[i]`; return the index after it (-1 if the
    input ends inside it) and the tag if it opens <script> or <style>.
    `wanted`: the tags whose attributes the sink reads (None: all); the
    others come with none."""
    m = _SIMPLE_START_TAG.match(text, i)
    if m is not None and m.end(2) - m.start(2) <= _FAST_ATTRIBUTE_CHARS:
        tag = m.group(1).lower()
        raw = m.group(2)
        attrs = [
            (name.lower(), (_unescape(dq or sq or uq) if dq or sq or uq else "") if eq else None)
            for name, eq, dq, sq, uq in _SIMPLE_ATTR.findall(raw)
        ] if raw and (wanted is None or tag in wanted) else []
        if len(attrs) <= _MAX_ATTRIBUTES:
            sink.position = positions.at(i)
            if m.group(3):
                sink.handle_startendtag(tag, attrs)
                return m.end(), None
            sink.handle_starttag(tag, attrs)
            return m.end(), (tag if tag in _RAW_TEXT else None)
    return _general_start_tag(text, i, sink, positions)


def _general_start_tag(text: str, i: int, sink, positions: _Positions) -> tuple[int, str | None]:
    """Any start tag, one attribute at a time, as the standard parser reads it."""
    n = len(text)
    m = _TAGFIND.match(text, i + 1)
    tag = m.group(1).lower()
    k = m.end()
    attrs = []
    while True:
        k = _ATTR_SEP.match(text, k).end()
        if k >= n:
            return -1, None
        c = text[k]
        if c == ">":
            k += 1
            closed = False
            break
        if c == "/":  # only "/>" is left unconsumed by _ATTR_SEP
            k += 2
            closed = True
            break
        if len(attrs) >= _MAX_ATTRIBUTES:  # hostile: skip the rest unread
            k = _REST_OF_TAG.match(text, k).end()
            if k >= n:
                return -1, None
            closed = text[k - 1] == "/"
            k += 1
            break
        name_m = _ATTR_NAME.match(text, k)
        name = name_m.group().lower()
        k = name_m.end()
        value = None
        eq = _ATTR_EQ.match(text, k)
        if eq is not None:
            k = eq.end()
            quote = text[k : k + 1]
            if quote in ("'", '"'):
                close = text.find(quote, k + 1)
                if close < 0:
                    return -1, None
                value = text[k + 1 : close]
                k = close + 1
            else:
                un = _UNQUOTED.match(text, k)
                value = un.group()
                k = un.end()
            if value:
                value = _unescape(value)
        attrs.append((name, value))
    sink.position = positions.at(i)
    if closed:
        sink.handle_startendtag(tag, attrs)
        return k, None
    sink.handle_starttag(tag, attrs)
    return k, (tag if tag in _RAW_TEXT else None)


# ----------------------------------------------------------------- tree --


class _TreeBuilder:
    # Cells' spans and <meta> dates are all the tree keeps of attributes:
    # the others are not even split up (a style attribute on every <span>).
    attribute_tags = frozenset({"td", "th", "meta"})

    def __init__(self, path: str, limits: Limits):
        self.path = path
        self.limits = limits
        self.root = _Node("#root", {}, 1, 1)
        self.stack = [self.root]
        self.open_at: dict[str, list[int]] = {}  # tag → stack indexes where it is open, ascending
        self.skip_depth = 0
        self.title_parts: list[str] | None = None
        self.title = ""
        self.published: str | None = None
        self.position = (1, 0)
        self.widths = None  # of the text run handle_data is given
        self.budget = limits.max_elements  # elements, attributes and text runs left
        self.directives: list[Directive] = []

    def handle_directive(self, raw: str, start: tuple[int, int], end: tuple[int, int]) -> None:
        loc = Location(self.path, line=start[0], column=start[1] + 1, end_line=end[0], end_column=end[1] + 1)
        self.directives.append(Directive(raw, loc))

    def _push(self, node: _Node) -> None:
        self.open_at.setdefault(node.tag, []).append(len(self.stack))
        self.stack.append(node)

    def _truncate(self, index: int) -> None:
        """Close stack[index:], the element at `index` and everything inside it."""
        open_at = self.open_at
        stack = self.stack
        if index == len(stack) - 1:  # the innermost element: most closes
            open_at[stack.pop().tag].pop()
            return
        for node in stack[index:]:
            open_at[node.tag].pop()
        del stack[index:]

    def _innermost(self, tags) -> int:
        """Stack index of the innermost open element of one of `tags`, 0 if none."""
        best = 0
        for tag in tags:
            at = self.open_at.get(tag)
            if at and at[-1] > best:
                best = at[-1]
        return best

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
        self.budget -= 1 + len(attrs)
        if self.budget < 0:
            raise too_many_elements(self.path, self.limits)
        line, offset = self.position
        node = _Node(tag, attrs, line, offset + 1)
        self.stack[-1].children.append(node)
        if tag in _VOID:
            return
        if tag == "table":
            # Every open table now holds a table. Marked from the inside
            # out; an already marked one has its outer tables marked too.
            for index in reversed(self.open_at.get("table", ())):
                outer = self.stack[index]
                if outer.layout:
                    break
                outer.layout = True
        if len(self.stack) >= self.limits.max_nesting:
            raise InputError(self.path, f"HTML 嵌套层级过深（超过 max_nesting = {self.limits.max_nesting}）")
        self._push(node)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and not self.skip_depth and self.stack[-1].tag == tag:
            self._truncate(len(self.stack) - 1)

    def _close_implied(self, tag, closes):
        # Only within the nearest table (for cells/rows) or block: never pop
        # past a table boundary, so a stray <td> cannot close an outer table.
        boundary = _P_LI_BOUNDARY if tag in ("p", "li") else _TABLE_BOUNDARY
        target = self._innermost(closes)
        if target and target > self._innermost(boundary):
            self._truncate(target)

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
        # A stray end tag cannot close past a table.
        open_at = self.open_at
        at = open_at.get(tag)
        if not at:
            return
        target = at[-1]
        if tag != "table":
            tables = open_at.get("table")
            if tables and tables[-1] >= target:
                return
        self._truncate(target)

    def handle_data(self, data):
        if self.title_parts is not None:
            self.title_parts.append(data)
            return
        if self.skip_depth or not data:
            return
        self.budget -= 1
        if self.budget < 0:
            raise too_many_elements(self.path, self.limits)
        line, offset = self.position
        self.stack[-1].children.append(_Text(data, line, offset + 1, self.widths))

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
    data, widths = text_node.text, text_node.widths
    first = len(data) - len(data.lstrip(BLANK))
    newline = data.rfind("\n", 0, first)
    if newline >= 0:
        column = source_offset(widths, first) - source_offset(widths, newline + 1) + 1
        return text_node.line + data.count("\n", 0, first), column
    return text_node.line, text_node.column + source_offset(widths, first)


def _end(text_node: _Text) -> tuple[int, int]:
    """Line and column just after the last character of a text run."""
    data, widths = text_node.text, text_node.widths
    end = source_offset(widths, len(data))
    newline = data.rfind("\n")
    if newline >= 0:
        return text_node.line + data.count("\n"), end - source_offset(widths, newline + 1) + 1
    return text_node.line, text_node.column + end


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
        self.runs: list[tuple[str, int, int, dict | None]] = []
        self.start: tuple[int, int] | None = None
        self.end: tuple[int, int] | None = None
        self.n_tables = 0
        self.budget = limits.max_elements  # paragraphs and grid cells left

    def flush(self):
        text = clean_text("".join(self.parts))
        if text and self.start:
            line, col = self.start
            end_line, end_col = self.end or self.start
            loc = Location(self.path, line=line, column=col, end_line=end_line, end_column=end_col)
            self.budget -= 1
            if self.budget < 0:
                raise too_many_elements(self.path, self.limits)
            self.blocks.append(Paragraph(text, loc, tuple(self.runs)))
        self.parts = []
        self.runs = []
        self.start = None
        self.end = None

    def walk(self, root: _Node):
        # Explicit stack of (node, closing?) pairs instead of recursion.
        stack: list = [(root, False)]
        while stack:
            node, closing = stack.pop()
            if isinstance(node, _Text):
                if node.text.strip(BLANK):
                    if self.start is None:
                        self.start = _first_visible(node)
                    self.end = _end(node)
                self.parts.append(node.text)
                self.runs.append((node.text, node.line, node.column, node.widths))
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
            raise too_many_tables(self.path, self.limits)
        self.budget -= grid_size(self.path, rows, self.limits)
        if self.budget < 0:
            raise too_many_elements(self.path, self.limits)
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
    notes: list = []
    text = decode(path, data, declared_search=True, notes=notes)
    builder = _TreeBuilder(path, limits)
    _tokenize(text, builder)
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
        directives=builder.directives,
        notes=notes,
    )
