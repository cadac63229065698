"""The tables' keys by name: T3_COLUMNS, T3_LEGAL_COLUMNS, T3_ROWS,
T4_GROUPS, T4_COLUMNS, T2_KEYS, EXTRA_KEYS, FACT_KEYS, SECTION_OF_TABLE.

What the tables hold (rows, columns, keys, formats) is data,
rules/schema/table*.toml, read by schema.py; these names are views of it,
each computed when it is first asked for (a module `__getattr__`), so that
importing them reads no schema file.
"""

from __future__ import annotations

_VIEWS = {
    "T3_COLUMNS": lambda s: s.table("t3").column_keys(),
    "T3_LEGAL_COLUMNS": lambda s: tuple(c.key for c in s.table("t3").columns if c.under),
    "T3_ROWS": lambda s: s.table("t3").row_keys(),
    "T4_GROUPS": lambda s: s.table("t4").row_keys(),
    "T4_COLUMNS": lambda s: s.table("t4").column_keys(),
    "T2_KEYS": lambda s: tuple(k[3:] for k in s.table("t2").fact_keys()),
}


def __getattr__(name: str):
    from . import schema

    if name in _VIEWS:
        return _VIEWS[name](schema.schema())
    if name == "FACT_KEYS":
        return schema.fact_keys()
    if name == "EXTRA_KEYS":  # figures that prose states and no table cell holds
        tables = schema.schema()
        in_tables = {k for t in tables.tables.values() for f in tables.formats for k in t.fact_keys(f)}
        return tuple(sorted(schema.fact_keys() - in_tables))
    if name == "SECTION_OF_TABLE":
        return schema.section_of_table()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
