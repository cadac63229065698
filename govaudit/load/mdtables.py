"""Pipe-table fragments → tables: one official table that a converter broke up.

PDF-to-Markdown converters write one table as many: header rows in a table
of their own, a page break closing one table and opening the next, a row's
label on a text line with its figures in the next row, a row one cell short.
Fragments are joined when only blank lines, page numbers and such labels lie
between them and the column count says where every row's cells belong. A
row whose figures cannot be placed under their columns is kept unread, and
the document says so: its figures are never guessed into columns.
"""

from __future__ import annotations

import functools
from collections import Counter
from typing import NamedTuple

from ..core.limits import Limits
from ..core.model import Location, LoadNote, Paragraph, Table, build_grid
from ..text.spaces import grid_size, too_many_elements, too_many_tables
from ..text.lazyre import lazy_compile

# Page furniture a converter leaves between two halves of a table.
_FURNITURE = lazy_compile(
    r"^(?:[-—–－\s]*\d{1,4}[-—–－\s]*|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}|[（(]?续表[)）]?)$"
)
_ITEM = lazy_compile(r"^\s*\d{1,2}\s*[.、．]\s*\D")
_LABEL_MAX = 60  # a row label is short; a sentence is not one


@functools.cache
def _labels():
    """Row labels (表三 rows, groups, items and markers; 表二 items) and the
    header words that only a header row holds, from the format profiles."""
    from ..data.profile import LabelMatcher
    from ..data.schema import table
    from ..text.normalize import normalize

    t2, t3, t4 = table("t2"), table("t3"), table("t4")
    rows = [label for row in t3.rows if not row.group for label in row.labels]
    rows += [label for g in t3.groups for label in g.labels]
    rows += [label for row in t3.rows if row.group for label in row.labels if len(normalize(label)) > 2]
    rows += list(t3.markers) + [label for row in t2.rows for label in row.labels]
    header = [label for t in (t3, t4, t2) for c in t.columns for label in c.labels]
    header += [label for row in t4.rows for label in row.labels]  # 表四's groups head its columns
    header += list(t3.header_labels) + list(t2.header_labels)
    t3_columns = {normalize(label): c.key for c in t3.columns for label in c.labels}
    return LabelMatcher((label, True) for label in rows), {normalize(h) for h in header}, t3_columns, list(t3.column_keys())


def _t3_header(rows: list) -> list | None:
    """表三's seven column labels in the format's order, when header rows a
    converter cut apart (申请人情况 / 自然人 法人或其他组织 总计 / 商业企业 … 其他)
    name each exactly once: the columns are then known, whatever the spans lost."""
    from ..text.normalize import normalize

    _, _, columns, order = _labels()
    found: dict = {}
    for row in rows:
        if not _is_header(row):
            continue
        for cell in row:
            key = columns.get(normalize(cell[0])) if cell[0] else None
            if key in found:
                return None
            if key:
                found[key] = cell
    return [found[k] for k in order] if set(found) == set(order) else None


def _t4_header(rows: list) -> list | None:
    """表四's two header rows, when a converter cut them apart and lost their
    spans (行政复议 行政诉讼 / 结果维持 … 总计 未经复议直接起诉 复议后起诉 / 结果维持 … ×2):
    the three groups in the format's order, each over its five column labels,
    if the header names exactly those in that order."""
    from ..data.keys import T4_COLUMNS, T4_GROUPS
    from ..data.schema import table
    from ..text.normalize import normalize

    t4 = table("t4")
    columns = {normalize(label): c.key for c in t4.columns for label in c.labels}
    groups = {normalize(label): row.key for row in t4.rows for label in row.labels}
    cols, heads = [], []
    for row in rows:
        if not _is_header(row):
            continue
        for cell in row:
            text = normalize(cell[0]) if cell[0] else ""
            if text in columns:
                cols.append((columns[text], cell))
            elif text in groups:
                heads.append((groups[text], cell))
    if [k for k, _ in cols] != list(T4_COLUMNS) * len(T4_GROUPS) or [g for g, _ in heads] != list(T4_GROUPS):
        return None
    return [[cell for _, cell in heads for _ in T4_COLUMNS], [cell for _, cell in cols]]


def _rebuilt_header(rows: list) -> list | None:
    """Header rows rebuilt in the format's order (表三 or 表四), or None."""
    t3 = _t3_header(rows)
    return [t3] if t3 else _t4_header(rows)


def _is_figure(text: str) -> bool:
    """A figure cell: a number or a written blank (-, /, 无), not an empty cell."""
    from ..text.values import parse_value

    if not text:
        return False
    value = parse_value(text)
    return value.value is not None or value.blank


class _Kind(NamedTuple):
    figures: bool  # holds a number
    figures_only: bool  # nothing but figures and empty cells
    header: bool  # no number, and a column label or header word
    tail: int  # cells at its end under data columns (see _tail)


@functools.lru_cache(maxsize=4096)
def _kind(texts: tuple) -> _Kind:
    """What a row is, by its cells' texts (rows repeat: read once)."""
    from ..text.values import parse_value
    from ..text.normalize import normalize

    figures = any(t and parse_value(t).value is not None for t in texts)
    if figures:
        tail = 0
        for text in reversed(texts):
            if not _is_figure(text):
                break
            tail += 1
        only = all(not t or _is_figure(t) for t in texts)
        return _Kind(True, only, False, tail)
    words = _labels()[1]
    first = next((i for i, t in enumerate(texts) if t and normalize(t) in words), None)
    return _Kind(False, False, first is not None, 0 if first is None else len(texts) - first)


def _row_kind(row: list) -> _Kind:
    return _kind(tuple(cell[0] for cell in row))


def _has_figures(row: list) -> bool:
    return _row_kind(row).figures


def _figures_only(row: list) -> bool:
    return _row_kind(row).figures_only


def _is_header(row: list) -> bool:
    return _row_kind(row).header


def _tail(row: list) -> int:
    """How many cells end the row that belong under data columns: its
    trailing figures, or in a header row its cells from the first column label."""
    return _row_kind(row).tail


def is_label(text: str) -> bool:
    """A text line that is a table row's label (detached from its figures)."""
    if len(text) > _LABEL_MAX or any(p in text for p in "。；;"):
        return False
    from ..text.normalize import normalize, strip_numbering

    if _ITEM.match(text):
        return True  # a sub-item (3.其他): known by its number within its group
    norm = strip_numbering(normalize(text))
    if not norm:
        return False
    matcher = _labels()[0]
    if matcher.exact(norm):
        return True
    hits = matcher.find_all(norm)
    return sum(end - start for start, end, _ in hits) * 2 >= len(norm)


def is_furniture(text: str) -> bool:
    return bool(_FURNITURE.match(text))


class _Group:
    """Rows joined into one table so far. What the joining asks of it is
    kept up to date row by row: a page of many fragments costs one pass."""

    def __init__(self, kind: str, rows: list):
        self.kind = kind
        self.rows: list = []
        self.after: list = []  # page furniture passed over, placed after the table
        self.width = 0
        self.has_data = False
        self.data_tails: Counter = Counter()  # (row length, trailing figures) of data rows
        self.header_rows: list = []
        self.add(rows)

    def add(self, rows: list) -> None:
        for row in rows:
            self.rows.append(row)
            self.width = max(self.width, len(row))
            if _has_figures(row):
                self.has_data = True
                self.data_tails[len(row), _tail(row)] += 1
            elif _is_header(row):
                self.header_rows.append(row)

    def data_columns(self) -> int | None:
        """How many data columns the table has: the usual run of figures in
        its full rows, or else what its lowest header row heads."""
        tails = [(n, tail) for (length, tail), n in self.data_tails.items() if length == self.width]
        if tails:
            return max(tails)[1] or None
        heads = [_tail(r) for r in self.header_rows[-8:]]
        rebuilt = _rebuilt_header(self.header_rows)
        if rebuilt and len(rebuilt[-1]) not in heads:
            return len(rebuilt[-1])
        return heads[-1] if heads else None

    def accepts(self, kind: str, rows: list) -> bool:
        if kind != self.kind:
            return False
        if self.has_data and _is_header(rows[0]):
            return False  # a new table, or a header repeated on a new page: read on its own
        if not self.has_data and all(_is_header(r) for r in rows):
            return True  # header rows a converter wrote as tables of their own
        width = self.width
        if all(len(r) == width for r in rows):
            return True
        data = self.data_columns()
        return data is not None and all(len(r) == width or _tail(r) == data for r in rows)


def _fragments(items: list):
    """Consecutive rows of one kind become one fragment (kind, rows)."""
    out: list = []
    for item in items:
        if isinstance(item, tuple):
            _, kind, cells = item
            if out and isinstance(out[-1], list) and out[-1][0] == kind:
                out[-1][1].append(cells)
            else:
                out.append([kind, [cells]])
        else:
            out.append(item)
    return out


class RunOn:
    """What a run-on line became (runon.split_line): paragraphs, and tables
    rebuilt from flattened text, still as rows (`RunOnTable`), so that they
    are counted and numbered here in document order."""

    __slots__ = ("blocks",)

    def __init__(self, blocks: list):
        self.blocks = blocks


class RunOnTable(NamedTuple):
    rows: list
    location: Location
    finish: object  # grid → grid with the run-on figures marked


def _with_labels(row: list, labels: list, path: str) -> list:
    """A row of figures with the label lines written above it as its label cells."""
    cells = [(line.text, Location(path, line=line.number, column=line.column, end_line=line.number,
                                  end_column=line.end_column), 1, 1) for line in labels]
    return cells + row


class _Output:
    def __init__(self, path: str, limits: Limits):
        self.path = path
        self.limits = limits
        self.blocks: list = []
        self.notes: list[LoadNote] = []
        self.tables = 0
        self.budget = limits.max_elements  # paragraphs and table cells left

    def paragraph(self, line) -> None:
        self.budget -= 1
        if self.budget < 0:
            raise too_many_elements(self.path, self.limits)
        self.blocks.append(line.paragraph(self.path))

    def run_on(self, blocks: list) -> None:
        for block in blocks:
            if isinstance(block, Paragraph):
                self.budget -= 1
                if self.budget < 0:
                    raise too_many_elements(self.path, self.limits)
                self.blocks.append(block)
                continue
            self.tables += 1
            if self.tables > self.limits.max_tables:
                raise too_many_tables(self.path, self.limits)
            self.budget -= grid_size(self.path, block.rows, self.limits, spans=False)
            if self.budget < 0:
                raise too_many_elements(self.path, self.limits)
            grid = block.finish(build_grid(block.rows, self.path, self.limits.max_table_cells))
            self.blocks.append(Table(grid=grid, location=block.location, index=self.tables))

    def table(self, group: _Group) -> None:
        rows = self._aligned(group)
        if len(rows) == 1 and group.kind == "tab":
            # One tab-separated line is a paragraph with tabs, not a table.
            from ..text.spaces import clean_text

            joined = clean_text(" ".join(cell[0] for cell in rows[0]))
            if joined:
                self.budget -= 1
                self.blocks.append(Paragraph(joined, rows[0][0][1]))
        else:
            self.tables += 1
            if self.tables > self.limits.max_tables:
                raise too_many_tables(self.path, self.limits)
            self.budget -= grid_size(self.path, rows, self.limits, spans=False)
            if self.budget < 0:
                raise too_many_elements(self.path, self.limits)
            grid = build_grid(rows, self.path, self.limits.max_table_cells)
            first, last = rows[0][0][1], rows[-1][-1][1]
            loc = Location(self.path, line=first.line, column=1, end_line=last.end_line, end_column=last.end_column)
            self.blocks.append(Table(grid=grid, location=loc, index=self.tables))
        for line in group.after:
            self.paragraph(line)

    def _aligned(self, group: _Group) -> list:
        """Rows one or more cells short have their figures put under the
        last columns (label cells stay left) when their count is the table's
        number of data columns; otherwise they are not placed at all."""
        rows = group.rows
        data = group.data_columns()
        rebuilt = _rebuilt_header(rows)
        if rebuilt and data == len(rebuilt[-1]) and not any(_is_header(r) and _tail(r) == data for r in rows):
            # The header's spans were lost: its labels in the format's order,
            # instead of the rows they were cut over.
            used = {id(cell) for row in rebuilt for cell in row}
            cut = [i for i, r in enumerate(rows) if any(id(cell) in used for cell in r)]
            rows = [r for i, r in enumerate(rows) if i not in cut[:-1]]
            at = cut[-1] - len(cut) + 1
            rows = rows[:at] + rebuilt + rows[at + 1:]
        width = max(len(r) for r in rows)
        if all(len(r) == width for r in rows):
            return rows
        out = []
        for row in rows:
            tail = _tail(row)
            if len(row) == width or not row:
                out.append(row)
            elif data and tail == data:
                pad = [("", row[-tail][1], 1, 1)] * (width - len(row))
                out.append(row[: len(row) - tail] + pad + row[len(row) - tail:])
            elif _has_figures(row):
                out.append(self._unplaced(row, width, data))
            else:
                out.append(row)
        return out

    def _unplaced(self, row: list, width: int, data: int | None) -> list:
        """A short row whose figures fit no column: kept as written, in one
        cell under all its data columns, so each reads as unreadable."""
        figures = [cell for cell in row if _is_figure(cell[0])]
        labels = [cell for cell in row if not _is_figure(cell[0])]
        first, last = figures[0][1], figures[-1][1]
        loc = Location(self.path, line=first.line, column=first.column, end_line=last.end_line, end_column=last.end_column)
        text = " | ".join(cell[0] for cell in figures)
        first_data = width - data if data and data < width else len(labels)
        labels = labels[:first_data]
        pad = [("", labels[-1][1] if labels else loc, 1, 1)] * (first_data - len(labels))
        span = max(1, width - first_data)
        where = "、".join(c[0] for c in labels[:1]) or "无标签"
        self.notes.append(LoadNote(
            "load-problem",
            f"第{first.line}行（{where[:30]}）有{len(figures)}个数字，表格有{data or '若干'}列数字，"
            "无法确定缺少的是哪一格，本行数字未读取",
            loc,
        ))
        return labels + pad + [(text, loc, 1, span)]


def assemble(path: str, items: list, limits: Limits) -> tuple[list, list[LoadNote]]:
    """Blocks of a Markdown document from its lines and table rows, and the
    notes of rows that could not be placed."""
    out = _Output(path, limits)
    group: _Group | None = None
    held: list = []  # furniture and label lines since the last row, not placed yet
    for piece in _fragments(items):
        if piece is None:
            continue
        if isinstance(piece, RunOn):  # a run-on line: its own paragraphs and tables, joined to nothing
            if group:
                out.table(group)
                group = None
            for line in held:
                out.paragraph(line)
            held = []
            out.run_on(piece.blocks)
            continue
        if not isinstance(piece, list):
            # Lines are held until the next table fragment shows whether the
            # last of them are its first row's labels; while a table is open,
            # a line that is neither a label nor page furniture ends it.
            if group and not (is_furniture(piece.text) or is_label(piece.text)):
                out.table(group)
                group = None
            held.append(piece)
            continue
        kind, rows = piece
        labels: list = []
        if _figures_only(rows[0]):  # its label, if any, is on the lines above
            while held and len(labels) < len(held) and is_label(held[-1 - len(labels)].text):
                labels.insert(0, held[-1 - len(labels)])
            if labels:
                held = held[: len(held) - len(labels)]
                rows = [_with_labels(rows[0], labels, path)] + rows[1:]
        if group and all(is_furniture(line.text) for line in held) and group.accepts(kind, rows):
            group.add(rows)
            group.after += held
        else:
            if group:
                out.table(group)
            for line in held:
                out.paragraph(line)
            group = _Group(kind, rows)
        held = []
    if group:
        out.table(group)
    for line in held:
        out.paragraph(line)
    return out.blocks, out.notes
