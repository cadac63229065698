"""Blank cells: never silently zero (facts.md). Said once per table."""

from __future__ import annotations

from ...data.keys import SECTION_OF_TABLE
from ...data.names import cell_name, part_name, split_key, table_name
from ..context import render
from ..params import TABLE, table_of as compile  # noqa: F401  (compile: the table it reads)

DOC = "表格中的空白单元格（空白不等于 0）：每个表格报告一次，哪些列全部或大部分空白。"  # for docs/rules/kinds.md
PARAMS = (TABLE,)
_SHOWN = 12  # blank cells named in the evidence; the rest are counted
PLACEHOLDERS = {"table": "表名，如“表三”", "detail": "哪些列全部或大部分空白，另有几个空白", "count": "空白单元格的个数"}


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
    section = SECTION_OF_TABLE[table]
    shown = "、".join(cell_name(f.key) for f in blanks[:_SHOWN])
    evidence = "空白单元格：" + shown + (f"等{len(blanks)}个" if len(blanks) > _SHOWN else "")
    return [ctx.finding(rule, message, blanks[0].location, section=section, facts=[f.key for f in blanks], evidence=evidence, quoted=False)]
