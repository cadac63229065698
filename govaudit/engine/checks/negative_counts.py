"""表格或文字中的件数为负数（格式说明 §5、§6）：申请件数和复议、诉讼案件数只能是 0 或正数。

每个负数报告一次，记在它所在的单元格（或文字中的那句话）。负数即使使各项勾稽关系都成立，也仍是错误。
"""

from __future__ import annotations

from ...core.places import describe
from ...data.names import cell_name, key_name
from ...data.schema import section_of_table
from ...core.decimals import format_number
from ..context import render
from ..params import T3_OR_T4, table_of as compile  # noqa: F401  (compile: the table it reads)

PARAMS = (T3_OR_T4,)
PLACEHOLDERS = {"cell": "负数所在的单元格（或文字中的项目）", "value": "读到的负数"}


def check(rule, ctx):
    table = rule.compiled
    section = section_of_table()[table]
    findings = []
    for fact in ctx.extraction.facts:
        if not fact.key.startswith(table + ".") or fact.value is None or fact.value >= 0:
            continue
        name = cell_name(fact.key) if fact.source == "table" else key_name(fact.key) + (f"（{fact.scope}）" if fact.scope else "")
        place = describe(fact.location, cell=cell_name(fact.key)) if fact.source == "table" else None
        message = render(rule.message, {"cell": name, "value": format_number(fact.value)})
        findings.append(ctx.finding(rule, message, fact.location, section=section, facts=[fact.key], actual=fact.value,
                                    evidence=fact.raw or format_number(fact.value), scope=fact.scope, place=place))
    return findings
