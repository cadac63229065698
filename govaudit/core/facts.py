"""Facts: a canonical key, a value, and where it was read (docs/facts.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from .fieldwise import FieldsEq
from .findings import json_number
from .model import Location

if TYPE_CHECKING:
    from decimal import Decimal

# What the tables hold (rows, columns, keys, formats) is data:
# rules/schema/table*.toml, loaded by govaudit/data/schema.py. The names below
# are views of it, computed on first use, for callers that import them from
# here: T3_COLUMNS, T3_LEGAL_COLUMNS, T3_ROWS, T4_GROUPS, T4_COLUMNS, T2_KEYS,
# EXTRA_KEYS, FACT_KEYS, SECTION_OF_TABLE.
_VIEWS = {
    "T3_COLUMNS": lambda s: s.table("t3").column_keys(),
    "T3_LEGAL_COLUMNS": lambda s: tuple(c.key for c in s.table("t3").columns if c.under),
    "T3_ROWS": lambda s: s.table("t3").row_keys(),
    "T4_GROUPS": lambda s: s.table("t4").row_keys(),
    "T4_COLUMNS": lambda s: s.table("t4").column_keys(),
    "T2_KEYS": lambda s: tuple(k[3:] for k in s.table("t2").fact_keys()),
}


def __getattr__(name: str):
    from ..data import schema

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


def all_fact_keys() -> frozenset[str]:
    from ..data.schema import fact_keys

    return fact_keys()


@attrs.define(repr=False, eq=False)
class Fact(FieldsEq):
    key: str
    value: int | Decimal | None  # None when blank or unreadable
    location: Location
    source: str  # table | text
    raw: str = ""  # the cell text or the sentence fragment it came from
    blank: bool = False
    unit: str | None = None
    scope: str | None = None  # 全省, 省本级…; None: the issuer itself
    # Read from a run of glued figures (a crawled page's flattened table).
    split_from_run: bool = False
    # The identities (each a set of fact keys) that chose the split: not evidence.
    chosen_by: tuple = ()

    def as_json(self) -> dict:
        return {
            "key": self.key,
            "value": json_number(self.value),
            "blank": self.blank,
            "unit": self.unit,
            "scope": self.scope,
            "source": self.source,
            "raw": self.raw,
            "location": self.location.as_dict(),
            **({"split_from_run": True} if self.split_from_run else {}),
        }
