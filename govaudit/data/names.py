"""Chinese names for fact keys: the tables' from the schema
(rules/schema/*.toml), the rest from rules/profile/names.toml."""

from __future__ import annotations

from .profile import load_profile
from .schema import schema


def split_key(key: str) -> tuple[str, ...]:
    """A key's parts by meaning: ('t3', row, col), ('t4', group, col), ('t2', item, col), ('summary', x)."""
    table, _, rest = key.partition(".")
    found = schema().tables.get(table)
    if found is not None:
        row, _, col = rest.rpartition(".")
        if found.column(col) is not None:
            return (table, row, col)
    return (table, rest)


def part_name(table: str, index: int, value: str) -> str:
    """The name of a key's part: index 1 a row, 2 a column (of `summary`: 1 its figure)."""
    found = schema().tables.get(table)
    if found is not None:
        part = found.row(value) if index == 1 else found.column(value) if index == 2 else None
        return part.name if part is not None else value
    if table == "summary" and index == 1:
        return load_profile("names")["summary"].get(value, value)
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
    """The name of a rule placeholder's value (names.toml [placeholders] says
    which part of the schema the placeholder's values are)."""
    reference = load_profile("names")["placeholders"].get(placeholder)
    return schema().name_of(reference, value) if reference else value


def table_name(table: str) -> str:
    found = schema().tables.get(table)
    return found.name if found is not None else table
