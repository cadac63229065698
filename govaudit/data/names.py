"""Chinese names for fact keys, from rules/profile/names.toml."""

from __future__ import annotations

import functools

from ..core.facts import T3_COLUMNS, T4_COLUMNS
from .profile import load_profile


@functools.cache
def _names() -> dict:
    return load_profile("names")


def split_key(key: str) -> tuple[str, ...]:
    """A key's parts by meaning: ('t3', row, col), ('t4', group, col), ('t2', item, col), ('summary', x)."""
    table, _, rest = key.partition(".")
    if table == "t3":
        row, _, col = rest.rpartition(".")
        if col in T3_COLUMNS:
            return ("t3", row, col)
    if table == "t4":
        group, _, col = rest.rpartition(".")
        if col in T4_COLUMNS:
            return ("t4", group, col)
    if table == "t2":
        item, _, col = rest.partition(".")
        return ("t2", item, col)
    return (table, rest)


def part_name(table: str, index: int, value: str) -> str:
    names = _names()
    tables = {
        "t3": ("t3_rows", "t3_columns"),
        "t4": ("t4_groups", "t4_columns"),
        "t2": ("t2_items", "t2_columns"),
        "summary": ("summary",),
    }.get(table)
    if tables and index - 1 < len(tables):
        return names[tables[index - 1]].get(value, value)
    return value


def key_name(key: str, varying: set[int] | None = None) -> str:
    """Name of a key, showing only the parts in `varying` (all when None)."""
    parts = split_key(key)
    indexes = range(1, len(parts)) if varying is None else sorted(varying)
    shown = [part_name(parts[0], i, parts[i]) for i in indexes if i < len(parts)]
    return "".join(shown) if len(shown) == 1 else "".join(f"“{s}”" if i else s for i, s in enumerate(shown))


def cell_name(key: str) -> str:
    """A table cell as a person looks for it: 表三“予以公开”行“自然人”列."""
    parts = split_key(key)
    if len(parts) != 3:
        return key_name(key)
    row, col = (part_name(parts[0], i, parts[i]) for i in (1, 2))
    return f"{table_name(parts[0])}“{row}”行“{col}”列"


def varying_parts(keys: list[str]) -> set[int]:
    """The part positions that differ among keys (what names them apart)."""
    split = [split_key(k) for k in keys]
    width = max(len(s) for s in split)
    varying = {i for i in range(1, width) if len({s[i] if i < len(s) else None for s in split}) > 1}
    return varying or {1}


def placeholder_name(placeholder: str, value: str) -> str:
    names = _names()
    table = names["placeholders"].get(placeholder)
    return names.get(table, {}).get(value, value) if table else value


def table_name(table: str) -> str:
    return _names()["table"].get(table, table)
