"""The tables' schema (rules/schema/table2.toml, table3.toml, table4.toml):
rows, columns, their keys and Chinese names, the labels reports write for
them, and which rows each format has. Everything else that knows a table's
shape (fact keys, display names, label matchers, expected rows, rule
references such as `over.col = "t3.columns"`) is derived from it here.

Loaded once per process (data/profile.py reads and caches the files) into
the read-only objects below, checked on the way in: a problem names the
file and the line.
"""

from __future__ import annotations

import os

from ..text.normalize import normalize
from .checks import Either, Invalid, Table as Shape, check, located
from ..text.lazyre import lazy_compile

_KEY = lazy_compile(r"^[a-z][a-z0-9_]*$")
_ROW_KEY = lazy_compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$")
_NUMERALS = "一二三四五六七八九十"

_COLUMN = Shape({"key": str, "name": str, "labels": [str], "under": str}, required=("key", "name", "labels"))
_ROW = Shape(
    {"key": str, "name": str, "labels": [str], "formats": [str], "columns": Either([str], dict)},
    required=("key", "name", "labels"),
)
_GROUP = Shape({"key": str, "numeral": str, "labels": [str]}, required=("key", "numeral", "labels"))
_FILE = Shape(
    {
        "key": str,
        "name": str,
        "section": str,
        "markers": [str],
        "header_labels": [str],
        "label_order": [str],
        "column": [_COLUMN],
        "group": [_GROUP],
        "row": [_ROW],
    },
    required=("key", "name", "section", "markers", "column", "row"),
)


class _ReadOnly:
    """Fields set once by __init__; a schema object never changes after."""

    __slots__ = ()

    def __init__(self, **fields):
        for name, value in fields.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name, value):
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __repr__(self) -> str:
        return f"{type(self).__name__}({getattr(self, 'key', '')!r})"


class Column(_ReadOnly):
    __slots__ = ("key", "name", "labels", "under")
    key: str
    name: str  # for messages
    labels: tuple[str, ...]  # as reports write the header cell
    under: str | None  # the header cell spanning it (法人或其他组织), if any


class Row(_ReadOnly):
    __slots__ = ("key", "name", "labels", "group", "columns", "layouts")
    key: str
    name: str
    labels: tuple[str, ...]
    group: str | None  # the group a `<group>.<item>` row belongs to
    columns: tuple[str, ...]  # its columns that are facts (in any format, or stated only in prose)
    layouts: dict[str, tuple[str, ...]]  # format → the row's columns in that format's table

    @property
    def formats(self) -> tuple[str, ...]:
        """The formats whose table has the row."""
        return tuple(self.layouts)


class Group(_ReadOnly):
    __slots__ = ("key", "numeral", "labels", "items")
    key: str
    numeral: str  # its （三）…（六）
    labels: tuple[str, ...]
    items: tuple[Row, ...]  # its numbered rows, in order


class TableSchema(_ReadOnly):
    __slots__ = (
        "key", "name", "section", "markers", "header_labels", "columns", "rows", "groups", "label_order", "formats",
        "_rows", "_columns",
    )
    key: str  # t2 | t3 | t4
    name: str  # 表三
    section: str  # the report section it belongs in
    markers: tuple[str, ...]
    header_labels: tuple[str, ...]  # words only a header row holds (申请人情况), beside the column labels
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]  # all formats', in the table's order
    groups: tuple[Group, ...]
    label_order: tuple[str, ...]  # row keys, in the order their labels are tried
    formats: tuple[str, ...]  # every format, oldest first

    def column_keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns)

    def row_keys(self, format: str | None = None) -> tuple[str, ...]:
        """The rows one format's table has, or (None) that any format's has."""
        return tuple(r.key for r in self.rows if (format in r.layouts if format else r.layouts))

    def row(self, key: str) -> Row | None:
        return self._rows.get(key)

    def column(self, key: str) -> Column | None:
        return self._columns.get(key)

    def fact_keys(self, format: str | None = None) -> tuple[str, ...]:
        """`<table>.<row>.<column>`, in order: the cells of one format's table,
        or (None) every fact key of the table."""
        return tuple(
            f"{self.key}.{row.key}.{col}"
            for row in self.rows
            for col in (row.columns if format is None else row.layouts.get(format, ()))
        )

    def layout(self, rows: set[str]) -> str | None:
        """The format whose own rows (rows no other format has) are among
        `rows`, the rows a report's table was read with; the earliest such
        format if several are, None if none is."""
        own = [(r.formats[0], r.key) for r in self.rows if len(r.layouts) == 1]
        for fmt in self.formats:
            if any(f == fmt and key in rows for f, key in own):
                return fmt
        return None

    def rows_of_layout(self, layout: str | None) -> tuple[str, ...]:
        """The rows a table of the given layout has; of the latest format when the layout is unknown."""
        return self.row_keys(layout or self.formats[-1])


class Schema(_ReadOnly):
    __slots__ = ("tables", "formats")
    tables: dict[str, TableSchema]
    formats: tuple[str, ...]  # format names (rules/profile/formats.toml), oldest first

    def table(self, key: str) -> TableSchema:
        return self.tables[key]

    def fact_keys(self) -> frozenset[str]:
        return frozenset(k for t in self.tables.values() for k in t.fact_keys())

    def reference(self, text: str) -> tuple[str, ...] | None:
        """What a rule's reference names: `t3.columns` (column keys), `t3.rows`
        (row keys of every format); None if it names nothing."""
        table, _, part = text.partition(".")
        found = self.tables.get(table)
        if found is None:
            return None
        if part == "columns":
            return found.column_keys()
        if part == "rows":
            return found.row_keys()
        return None

    def name_of(self, reference: str, key: str) -> str:
        """The Chinese name of one key of a reference's values (the key if unknown)."""
        table, _, part = reference.partition(".")
        found = self.tables.get(table)
        item = None
        if found is not None:
            item = found.column(key) if part == "columns" else found.row(key) if part == "rows" else None
        return item.name if item is not None else key



def build(files: dict[str, dict], folder: str, formats: tuple[str, ...], sections: tuple[str, ...],
          trusted: bool = False) -> Schema:
    """The schema from the parsed files ({"table3": data, …}) of `folder`.
    Raises ConfigError with the file and line of the first problem.
    `trusted`: files this process or an earlier one checked unchanged (the
    profile cache keeps only those): their shape and labels are not checked again."""
    tables = {}
    for name in sorted(files):
        path = os.path.join(folder, f"{name}.toml")
        try:
            table = _table(name, files[name], formats, sections, trusted)
        except Invalid as problem:
            raise located(path, problem) from None
        if table.key in tables:
            raise located(path, Invalid(f"表 {table.key} 已在另一个文件中定义", ("key",)))
        tables[table.key] = table
    return Schema(tables=tables, formats=formats)


def _labels(values: list[str], path: tuple, seen: dict[str, str], owner: str) -> tuple[str, ...]:
    """Labels, refused when another key of the same kind already has one."""
    for i, label in enumerate(values):
        key = normalize(label)
        if not key:
            raise Invalid(f"标签 {label!r} 规范化后为空", path + (i,), label)
        if seen.setdefault(key, owner) != owner:
            raise Invalid(f"标签 {label!r} 重复（已用于 {seen[key]}）", path + (i,), label)
    return tuple(values)


def _trusted_labels(values: list[str], *_) -> tuple[str, ...]:
    return tuple(values)


def _formats(values: list[str], path: tuple, formats: tuple[str, ...]) -> None:
    for i, value in enumerate(values):
        if value not in formats:
            raise Invalid(f"未知的格式 {value!r}（可用：{'、'.join(formats)}）", path + (i,), value)


def _unique_key(key: str, seen: set, path: tuple, what: str, pattern=_KEY) -> None:
    if not pattern.match(key):
        raise Invalid(f"{what}键 {key!r} 应为小写字母、数字和下划线", path)
    if key in seen:
        raise Invalid(f"{what}键 {key!r} 重复", path)
    seen.add(key)


def _table(name: str, data: dict, formats: tuple[str, ...], sections: tuple[str, ...], trusted: bool) -> TableSchema:
    if not trusted:
        check(data, _FILE)
    labels_of = _trusted_labels if trusted else _labels
    expected = "t" + name.removeprefix("table")
    if data["key"] != expected:
        raise Invalid(f"文件 {name}.toml 的 key 应为 {expected!r}", ("key",))
    if data["section"] not in sections:
        raise Invalid(f"section 应为 {'、'.join(sections)} 之一", ("section",))

    columns, column_keys, column_labels = [], set(), {}
    for i, col in enumerate(data["column"]):
        path = ("column", i)
        _unique_key(col["key"], column_keys, path + ("key",), "列")
        labels = labels_of(col["labels"], path + ("labels",), column_labels, col["key"])
        columns.append(Column(key=col["key"], name=col["name"], labels=labels, under=col.get("under")))
    all_columns = tuple(c.key for c in columns)

    group_data = {}
    numerals = set()
    for i, group in enumerate(data.get("group", [])):
        path = ("group", i)
        _unique_key(group["key"], set(group_data), path + ("key",), "组")
        if len(group["numeral"]) != 1 or group["numeral"] not in _NUMERALS or group["numeral"] in numerals:
            raise Invalid(f"numeral 应为一个未用过的汉字序数（{_NUMERALS}）", path + ("numeral",))
        numerals.add(group["numeral"])
        group_data[group["key"]] = (group, i)

    rows, row_keys = [], set()
    labels_seen: dict[str, dict[str, str]] = {}  # normalised label → row key
    for i, row in enumerate(data["row"]):
        path = ("row", i)
        key = row["key"]
        _unique_key(key, row_keys, path + ("key",), "行", _ROW_KEY)
        group, dot, _ = key.partition(".")
        if dot and group not in group_data:
            raise Invalid(f"行键 {key!r} 属于未定义的组 {group!r}（先用 [[group]] 定义）", path + ("key",))
        group = group if dot else None
        # Group items are matched together, other rows apart: a label is unique within each.
        labels = labels_of(row["labels"], path + ("labels",), labels_seen.setdefault("items" if group else "", {}), key)
        layouts, fact_columns = _row_columns(row, path, formats, all_columns)
        rows.append(Row(key=key, name=row["name"], labels=labels, group=group, columns=fact_columns, layouts=layouts))

    groups = []
    group_labels: dict[str, str] = {}
    for key, (group, i) in group_data.items():
        items = tuple(r for r in rows if r.group == key)
        if not items:
            raise Invalid(f"组 {key!r} 没有子项（行键应为 {key}.子项）", ("group", i, "key"))
        labels = labels_of(group["labels"], ("group", i, "labels"), group_labels, key)
        groups.append(Group(key=key, numeral=group["numeral"], labels=labels, items=items))

    order = data.get("label_order", [])
    seen_order: set = set()
    for i, key in enumerate(order):
        if key not in row_keys or key in seen_order:
            raise Invalid(f"label_order 中的 {key!r} 不是本表的行键，或重复", ("label_order", i), key)
        seen_order.add(key)
    return TableSchema(
        key=data["key"],
        name=data["name"],
        section=data["section"],
        markers=tuple(data["markers"]),
        header_labels=tuple(data.get("header_labels", ())),
        columns=tuple(columns),
        rows=tuple(rows),
        groups=tuple(groups),
        label_order=tuple(order),
        formats=formats,
        _rows={r.key: r for r in rows},
        _columns={c.key: c for c in columns},
    )


def _row_columns(row: dict, path: tuple, formats: tuple[str, ...], all_columns: tuple[str, ...]):
    """(format → the row's columns in that format's table, the row's fact
    columns). `columns` is given by format, or as one list (default: every
    column) for each of `formats` (default: every format)."""
    given = row.get("columns")
    if isinstance(given, dict):
        if "formats" in row:
            raise Invalid("columns 按格式给出时不能再写 formats（格式就是 columns 的键）", path + ("formats",))
        _formats(list(given), path + ("columns",), formats)
        by_format = {}
        for fmt, columns in given.items():
            check(columns, [str], path + ("columns", fmt))
            by_format[fmt] = _known_columns(columns, path + ("columns", fmt), all_columns)
        layouts = {f: by_format[f] for f in formats if f in by_format}  # in the formats' order
        union = {c for cols in layouts.values() for c in cols}
        return layouts, tuple(c for c in all_columns if c in union)
    row_formats = row.get("formats", list(formats))
    _formats(row_formats, path + ("formats",), formats)
    columns = all_columns if given is None else _known_columns(given, path + ("columns",), all_columns)
    return {f: columns for f in formats if f in row_formats}, columns


def _known_columns(columns: list[str], path: tuple, all_columns: tuple[str, ...]) -> tuple[str, ...]:
    for i, col in enumerate(columns):
        if col not in all_columns:
            raise Invalid(f"未知的列键 {col!r}（本表的列：{'、'.join(all_columns)}）", path + (i,), col)
        if col in columns[:i]:
            raise Invalid(f"列键 {col!r} 重复", path + (i,), col)
    return tuple(columns)


# ---------------------------------------------------------------- the loaded schema


def schema() -> Schema:
    """The built-in schema, loaded once per process."""
    from .profile import rules_data

    return rules_data().schema


def table(key: str) -> TableSchema:
    return schema().tables[key]


def fact_keys() -> frozenset[str]:
    """Every fact key: the tables' cells and the figures prose states (names.toml [summary])."""
    from .profile import rules_data

    return rules_data().fact_keys


def format_names() -> tuple[str, ...]:
    return schema().formats


def section_of_table() -> dict[str, str]:
    """t2 → 二, t3 → 三, t4 → 四: the report section each table belongs in."""
    return {key: t.section for key, t in schema().tables.items()}
