"""表格的行（表三）或单元格（表四）大部分缺少或无法读取：大部分勾稽关系无法核对，报告未能完整核对。

每个表格报告一次（警告），说明缺少或无法读取多少行、有多少条勾稽关系无法核对。
GA290 仍逐条说明哪些关系无法核对。JSON 输出中 `fully_checked` 为 false。没有表格时不报告（由表格存在的规则报告）。
"""

from __future__ import annotations

from ...data.names import table_name
from ...data.schema import section_of_table
from ...extraction.coverage import TABLES, mostly_unread, unread
from ..context import render

PARAMS = ()
PLACEHOLDERS = {
    "table": "表名，如“表三”",
    "unread": "缺少或无法读取的行（表三）或单元格（表四）数",
    "expected": "格式规定的行或单元格数",
    "unit": "“行”或“个单元格”",
    "count": "无法核对的勾稽关系条数",
    "total": "该表格的勾稽关系条数",
}


def compile(rule):
    return None


def unchecked(ctx, table: str) -> tuple[int, int, list[str]]:
    """(identities not checked, identities in all, keys they name) over the table's figures."""
    from ..kinds import identity

    count = total = 0
    keys: set[str] = set()
    for other in ctx.rules:
        if other.kind != "identity" or other.params.get("table") != table:
            continue
        for source, _, facts in ctx.fact_sets(table):
            if source != "table":
                continue
            for _, left, right, status in identity.evaluate(other, facts, {}):
                total += 1
                if status in ("absent", "unread", "chosen"):
                    count += 1
                    keys.update(k for k, _ in left + right)
    return count, total, sorted(keys)


def check(rule, ctx):
    findings = []
    for table in TABLES:
        if not mostly_unread(ctx.extraction, table):
            continue
        missing, expected = unread(ctx.extraction, table)
        count, total, keys = unchecked(ctx, table)
        values = {"table": table_name(table), "unread": missing, "expected": expected,
                  "unit": "行" if table == "t3" else "个单元格", "count": count, "total": total}
        section = section_of_table()[table]
        read = sorted({f.raw for f in ctx.extraction.facts if f.source == "table" and f.key.startswith(table + ".") and f.raw})
        evidence = f"{table_name(table)}读到的数字：" + ("、".join(read[:20]) or "（无）")
        findings.append(ctx.finding(rule, render(rule.message, values), ctx.section_location(section), section=section,
                                    facts=keys, expected=total, actual=total - count, evidence=evidence, quoted=False))
    return findings
