"""Table cells → facts for 表二, 表三 and 表四.

Rows and columns are found by their labels (rules/schema/table*.toml), never
by position, so extra or missing columns, split tables and merged label cells
all read the same. A label that matches nothing becomes a note.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import attrs

from ..core.facts import Fact
from ..core.model import Cell, Table
from ..text.normalize import normalize, normalize_text, strip_numbering
from ..data.profile import LabelMatcher
from ..data.schema import table as schema_table
from .model import Note
from ..text.values import parse_value
from ..text.lazyre import lazy_compile

_ITEM_NUMBER = lazy_compile(r"^(\d{1,2})[.、,)]")
_GROUP_NUMERAL = lazy_compile(r"\(([三四五六])\)")


class _T3Labels(NamedTuple):
    """表三's label matchers, built once from its schema (rules/schema/table3.toml)."""

    columns: LabelMatcher
    rows: LabelMatcher
    groups: dict  # group key → its Group
    group_labels: LabelMatcher
    items: LabelMatcher
    numerals: dict
    markers: list
    group_rows: frozenset  # rows whose key is a group's own: what a group label with no item reads as


def _columns(table) -> LabelMatcher:
    return LabelMatcher((label, col.key) for col in table.columns for label in col.labels)


@functools.cache
def _t3() -> _T3Labels:
    t3 = schema_table("t3")
    rows = LabelMatcher((label, row.key) for row in t3.rows if row.group is None for label in row.labels)
    groups = {g.key: g for g in t3.groups}
    group_labels = LabelMatcher((label, g.key) for g in t3.groups for label in g.labels)
    # An item is found by its label anywhere in a cell, so a label of two
    # characters (其他) is too short to say which item it is: only its number does.
    items = LabelMatcher(
        (label, (g.key, row.key)) for g in t3.groups for row in g.items for label in row.labels if len(normalize(label)) > 2
    )
    numerals = {g.numeral: g.key for g in t3.groups}
    markers = [normalize(m) for m in t3.markers]
    group_rows = frozenset(g.key for g in t3.groups if t3.row(g.key) is not None)
    return _T3Labels(_columns(t3), rows, groups, group_labels, items, numerals, markers, group_rows)


@functools.cache
def _t4():
    t4 = schema_table("t4")
    # Groups are tried in label_order, then in the table's order.
    order = list(t4.label_order) + [r.key for r in t4.rows if r.key not in t4.label_order]
    groups = [(key, [normalize(x) for x in t4.row(key).labels]) for key in order if t4.row(key).labels]
    return _columns(t4), groups, [normalize(m) for m in t4.markers]


@functools.cache
def _t2():
    t2 = schema_table("t2")
    items = LabelMatcher((label, row.key) for row in t2.rows for label in row.labels)
    return items, _columns(t2), [normalize(m) for m in t2.markers]


def classify(table: Table) -> str | None:
    """t2 | t3 | t4 | None, by the labels the table holds."""
    text = normalize_text(table.text())
    t3 = _t3()
    t4_markers = _t4()[-1]
    t2_markers = _t2()[-1]
    scores = {
        # 表三's markers, and its sub-item labels (a continuation holds no header)
        "t3": sum(m in text for m in t3.markers) + len(t3.items.find_all(text)) // 3,
        "t4": sum(m in text for m in t4_markers) + ("行政复议" in text and "行政诉讼" in text) * 2,
        "t2": sum(m in text for m in t2_markers),
    }
    best = max(scores, key=scores.get)
    return best if scores[best] >= 2 else None


def _value_fact(key: str, cell: Cell, section: str | None, max_digits: int) -> tuple[Fact, Note | None]:
    if cell.split is not None:
        return _split_fact(key, cell, section, max_digits)
    v = parse_value(cell.text, max_digits)
    fact = Fact(key=key, value=v.value, location=cell.location, source="table", raw=cell.text, blank=v.blank, unit=v.unit)
    note = None
    if not v.readable:
        from ..data.names import cell_name  # only when a cell cannot be read

        note = Note("unreadable-cell", f"{cell_name(key)}的内容“{cell.text[:30]}”不是数字，无法读取", cell.location, section)
    return fact, note


def _split_fact(key: str, cell: Cell, section: str | None, max_digits: int) -> tuple[Fact, Note | None]:
    """A figure read from a run of glued digits (load/flattable): marked as
    such; a run that allowed several splits is unread (never blank, never 0),
    the loader's note naming the row."""
    split = cell.split
    if split.unreadable:
        return Fact(key=key, value=None, location=cell.location, source="table", raw=split.run, split_from_run=True), None
    fact, note = _value_fact(key, attrs.evolve(cell, split=None), section, max_digits)
    fact.split_from_run = True
    fact.chosen_by = split.chosen_by
    return fact, note


# ---------------------------------------------------------------- 表三


def t3_columns(table: Table) -> tuple[dict[int, str], int]:
    """Grid column → column key, and the number of header rows.

    A column's key comes from the lowest header cell whose whole label is a
    column label (法人或其他组织 names 其他 too, so substrings do not count).
    """
    columns = _t3().columns
    header_rows = 0
    for r in range(min(table.n_rows, 6)):
        texts = [normalize(c.text) for c in table.grid[r]]
        if any(columns.exact(t) for t in texts):
            header_rows = r + 1
    colmap: dict[int, str] = {}
    for c in range(table.n_cols):
        for r in range(header_rows - 1, -1, -1):
            key = columns.exact(normalize(table.grid[r][c].text))
            if key:
                colmap[c] = key
                break
    # The same key twice (a colspan'd header over two data columns): keep the first.
    seen: set[str] = set()
    for c in sorted(colmap):
        if colmap[c] in seen:
            del colmap[c]
        else:
            seen.add(colmap[c])
    return colmap, header_rows


class _RowReader:
    """Keeps the group context across rows, since a group label is merged
    over its sub-rows (or split by a page break, as PDFs do)."""

    def __init__(self):
        self.group: str | None = None

    def key(self, pieces: list[str]) -> str | None:
        t3 = _t3()
        rows, groups, group_labels, items, numerals = t3.rows, t3.groups, t3.group_labels, t3.items, t3.numerals
        norm = [normalize(p) for p in pieces if normalize(p)]
        if not norm:
            return None
        last = norm[-1]
        context = "".join(norm[:-1])
        # A group announced in this row (by label or by its numeral (三)…(六)).
        group = None
        for text in (context, last):
            hit = group_labels.longest(text)
            numeral = _GROUP_NUMERAL.search(text)
            if hit:
                group = hit
            elif numeral and numeral.group(1) in numerals:
                group = numerals[numeral.group(1)]
        number = _ITEM_NUMBER.match(last)
        if number:
            group = group or self.group
            self.group = group
            by_label = items.longest(last)
            if by_label and (group is None or by_label[0] == group):
                return by_label[1]
            if group:
                entries = groups[group].items
                n = int(number.group(1))
                if 1 <= n <= len(entries):
                    return entries[n - 1].key
            return None
        # No sub-item number: a row label, or a sub-item whose number was lost.
        by_label = items.longest(last)
        if by_label and (group or self.group) == by_label[0] and rows.longest(strip_numbering(last)) is None:
            return by_label[1]
        key = rows.exact(strip_numbering(last)) or rows.longest(strip_numbering(last))
        if key is None and group in t3.group_rows:
            key = group  # the group's label alone: its single row (2019's （六）其他处理)
        self.group = group if key is None else None
        return key


def extract_t3(table: Table, section: str | None, previous: tuple[dict[int, str], int] | None = None, max_digits: int = 18):
    """Facts and notes of one 表三 table (or a continuation of one)."""
    facts: list[Fact] = []
    notes: list[Note] = []
    colmap, header_rows = t3_columns(table)
    if not colmap and previous and previous[0] and max(previous[0]) < table.n_cols:
        colmap, header_rows = previous[0], 0  # a continuation: the header stayed above
    if not colmap:
        notes.append(Note("unrecognised-table", "表三的列标题（自然人、法人或其他组织、总计）无法识别，表格未读取", table.location, section))
        return facts, notes, None, set()
    first_data = min(colmap)
    reader = _RowReader()
    seen_rows: set[str] = set()
    for r in range(header_rows, table.n_rows):
        label_cells = []
        for cell in table.row_cells(r):
            if cell.col < first_data and cell.text.strip():
                label_cells.append(cell)
        pieces = [c.text for c in label_cells]
        key = reader.key(pieces)
        values = [table.grid[r][c] for c in colmap]
        has_numbers = any(parse_value(c.text).value is not None for c in values)
        if key is None:
            if has_numbers or pieces:
                where = label_cells[-1].location if label_cells else table.grid[r][0].location
                label = " / ".join(pieces) or "（空）"
                notes.append(Note("unrecognised-row", f"表三第{r + 1}行的标签“{label[:60]}”无法识别，本行数字未读取", where, section))
            continue
        if key in seen_rows:
            label = pieces[-1] if pieces else key  # the report's own words, not the fact key
            notes.append(Note("duplicate-row", f"表三中“{label[:60]}”行出现了两次，只读取第一次", table.grid[r][first_data].location, section))
            continue
        seen_rows.add(key)
        for c, col in colmap.items():
            fact, note = _value_fact(f"t3.{key}.{col}", table.grid[r][c], section, max_digits)
            facts.append(fact)
            if note:
                notes.append(note)
    return facts, notes, (colmap, header_rows), seen_rows


# ---------------------------------------------------------------- 表四


def extract_t4(table: Table, section: str | None, max_digits: int = 18):
    columns, groups, _ = _t4()
    facts: list[Fact] = []
    notes: list[Note] = []
    colmap: dict[int, str] = {}
    header_rows = 0
    for r in range(min(table.n_rows, 6)):
        if any(columns.exact(normalize(c.text)) for c in table.grid[r]):
            header_rows = r + 1
    for c in range(table.n_cols):
        stack = [normalize(table.grid[r][c].text) for r in range(header_rows)]
        col = next((columns.exact(t) for t in reversed(stack) if columns.exact(t)), None)
        group = next((g for g, labels in groups if any(any(l in t for l in labels) for t in stack)), None)
        if col and group:
            colmap[c] = f"{group}.{col}"
    data_rows = [
        r for r in range(header_rows, table.n_rows) if any(parse_value(table.grid[r][c].text).readable for c in colmap)
    ]
    if not colmap or not data_rows:
        notes.append(Note("unrecognised-table", "表四的列标题或数据行无法识别，表格未读取", table.location, section))
        return facts, notes
    if len(data_rows) > 1:
        notes.append(Note("extra-rows", f"表四有{len(data_rows)}行数据，只读取第一行", table.grid[data_rows[1]][0].location, section))
    r = data_rows[0]
    seen = set()
    for c, key in colmap.items():
        if key in seen:
            continue
        seen.add(key)
        fact, note = _value_fact(f"t4.{key}", table.grid[r][c], section, max_digits)
        facts.append(fact)
        if note:
            notes.append(note)
    return facts, notes


# ---------------------------------------------------------------- 表二


def extract_t2(table: Table, section: str | None, valid_keys: frozenset[str], max_digits: int = 18):
    items, columns, _ = _t2()
    facts: list[Fact] = []
    notes: list[Note] = []
    header: dict[int, str] = {}
    seen: set[str] = set()
    for r in range(table.n_rows):
        cells = table.row_cells(r)
        texts = [normalize(c.text) for c in cells]
        if texts and texts[0] == "信息内容" or sum(bool(columns.exact(t)) for t in texts) >= 1 and not items.exact(texts[0]):
            header = {}
            for cell, text in zip(cells, texts):
                key = columns.exact(text)
                if key and key not in header.values():
                    header[cell.col] = key
            continue
        item = items.exact(texts[0]) if texts else None
        if item is None or not header:
            continue
        for c, col in header.items():
            key = f"t2.{item}.{col}"
            if key not in valid_keys or key in seen:
                continue
            seen.add(key)
            fact, note = _value_fact(key, table.grid[r][c], section, max_digits)
            facts.append(fact)
            if note:
                notes.append(note)
    return facts, notes
