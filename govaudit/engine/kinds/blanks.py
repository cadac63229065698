"""Blank cells: never silently zero (facts.md). Said once per table."""

from __future__ import annotations

from ...data.names import part_name, split_key, table_name
from ...data.schema import section_of_table
from ..context import render

PARAMS = {"table": str}
REQUIRED = ("table",)


def compile(rule):
    if rule.params["table"] not in section_of_table():
        raise ValueError("table 应为 t2、t3 或 t4", "table")
    return rule.params["table"]


def check(rule, ctx):
    table = rule.compiled
    facts = [f for f in ctx.extraction.facts if f.source == "table" and f.key.startswith(table + ".")]
    blanks = [f for f in facts if f.blank]
    if not blanks:
        return []
    # Which columns are blank in every row, and which only partly.
    by_column: dict[str, list] = {}
    for f in facts:
        parts = split_key(f.key)
        by_column.setdefault(parts[-1], []).append(f)
    whole = [c for c, fs in by_column.items() if len(fs) > 1 and all(f.blank for f in fs)]
    mostly = [c for c, fs in by_column.items() if c not in whole and len(fs) > 3 and sum(f.blank for f in fs) >= len(fs) - 4]
    parts = []
    col_index = len(split_key(facts[0].key)) - 1
    if whole:
        parts.append("“" + "、".join(part_name(table, col_index, c) for c in whole) + "”列全部空白")
    if mostly:
        parts.append("“" + "、".join(part_name(table, col_index, c) for c in mostly) + "”列大部分空白")
    rest = [f for f in blanks if split_key(f.key)[-1] not in whole + mostly]
    if rest:
        parts.append(f"另有{len(rest)}个空白单元格")
    message = render(rule.message, {"table": table_name(table), "detail": "；".join(parts), "count": len(blanks)})
    section = section_of_table()[table]
    return [ctx.finding(rule, message, blanks[0].location, section=section, facts=[f.key for f in blanks])]
