"""How much of a table was read: the rows (表三) or cells (表四) its format
has, against those read with every figure a number or a blank. A table mostly
missing or unreadable leaves most of its identities unchecked, and the report
is then not fully checked."""

from __future__ import annotations

from ..data.schema import table as schema_table

TABLES = ("t3", "t4")


def expected_units(table: str, layout: str | None) -> list[str]:
    """The rows (表三) or group.column cells (表四) a table of the report's
    layout has (the schema's, rules/schema/)."""
    found = schema_table(table)
    if table == "t4":
        return [k[len("t4."):] for k in found.fact_keys(layout or found.formats[-1])]
    return list(found.rows_of_layout(layout))


def _unit(table: str, key: str) -> str:
    rest = key[len(table) + 1:]
    return rest.rsplit(".", 1)[0] if table == "t3" else rest


def unread(extraction, table: str) -> tuple[int, int]:
    """(units missing or with a figure that could not be read, units expected);
    (0, 0) when the report has no such table (the presence rules say so)."""
    if not extraction.tables.get(table):
        return 0, 0
    expected = expected_units(table, extraction.t3_layout if table == "t3" else None)
    read: dict[str, bool] = {}
    for fact in extraction.facts:
        if fact.source == "table" and fact.key.startswith(table + "."):
            unit = _unit(table, fact.key)
            read[unit] = read.get(unit, True) and (fact.value is not None or fact.blank)
    return sum(1 for u in expected if not read.get(u, False)), len(expected)


def mostly_unread(extraction, table: str) -> bool:
    missing, expected = unread(extraction, table)
    return expected > 0 and missing * 2 > expected
