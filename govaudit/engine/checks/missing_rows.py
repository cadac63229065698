"""表格删减了格式规定的行：表三的行（按报告采用的格式），或表四的单元格（格式说明 §4–§6）。

没有表格时不报告（由表格存在的规则报告）。最多列出 8 个缺少的行。
"""

from __future__ import annotations

import attrs

from ...data.names import key_name
from ...data.schema import section_of_table
from ...extraction.coverage import expected_units as expected_rows
from ..context import render
from ..params import T3_OR_T4, table_of as compile  # noqa: F401  (compile: the table it reads)

PARAMS = (attrs.evolve(T3_OR_T4, doc="哪个表格：`t3`（表三，按行）或 `t4`（表四，按单元格）"),)
PLACEHOLDERS = {"count": "缺少的行数", "rows": "缺少的行（最多 8 个）"}


def check(rule, ctx):
    table = rule.compiled
    if not ctx.extraction.tables[table]:
        return []  # no table at all: the presence rules say so
    present = {f.key for f in ctx.extraction.facts if f.source == "table" and f.key.startswith(table + ".")}
    if table == "t3":
        rows = {k[3:].rsplit(".", 1)[0] for k in present}
        missing = [r for r in expected_rows("t3", ctx.extraction.t3_layout) if r not in rows]
        names = [key_name(f"t3.{r}.total", {1}) for r in missing]
    else:
        missing = [c for c in expected_rows("t4", None) if f"t4.{c}" not in present]
        names = [key_name(f"t4.{c}") for c in missing]
    if not missing:
        return []
    where = next((f.location for f in ctx.extraction.facts if f.source == "table" and f.key.startswith(table + ".")), None)
    message = render(rule.message, {"count": len(missing), "rows": "、".join(names[:8]) + ("等" if len(names) > 8 else "")})
    section = section_of_table()[table]
    return [ctx.finding(rule, message, where or ctx.section_location(section), section=section, facts=[f"{table}.{m}" for m in missing],
                        evidence=_rows_read(table, present), quoted=False)]


def _rows_read(table: str, present: set[str]) -> str:
    """The rows that were read, by their labels: what the missing ones were sought among."""
    rows = []
    for key in sorted(present):
        name = key_name(key.rsplit(".", 1)[0] + ".total", {1}) if table == "t3" else key_name(key)
        if name not in rows:
            rows.append(name)
    shown = "、".join(rows[:_SHOWN]) + ("等" if len(rows) > _SHOWN else "")
    return f"读到{len(rows)}行：{shown}"


_SHOWN = 10
