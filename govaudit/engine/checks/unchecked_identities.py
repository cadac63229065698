"""有些恒等式无法核对：表格中的数字缺少或无法读取。

对每条适用于本报告的 `identity`、`continuity` 规则报告一次（记在该表所在的部分），说明有几处无法核对、缺少哪些行或单元格。
这不是报告的错误，而是 govaudit 没能核对：没有读到的数字从不当作 0。
与恒等式规则各用一个编号，`--select`/`--ignore` 对每个编号只有一种含义。
"""

from __future__ import annotations

from ...core.facts import SECTION_OF_TABLE
from ..context import render

PARAMS = ()
PLACEHOLDERS = {
    "summary": "该恒等式规则的 summary",
    "rule": "该恒等式规则的编号",
    "count": "无法核对的处数",
    "missing": "缺少或无法读取的行或单元格（最多 5 个）",
}


def compile(rule):
    return None


def check(rule, ctx):
    from ..kinds import identity

    findings = []
    for other in ctx.rules:
        if other.kind not in ("identity", "continuity"):  # ctx.rules: those that apply to the report
            continue
        incomplete = identity.outcome(other, ctx, report=False)[1]
        if not incomplete:
            continue
        table = other.params["table"]
        section = SECTION_OF_TABLE[table]
        values = {"summary": other.summary, "rule": other.id, "count": len(incomplete), "missing": identity.unchecked_text(incomplete)}
        keys = sorted({k for group in incomplete for k in group})
        findings.append(ctx.finding(rule, render(rule.message, values), ctx.section_location(section), section=section, facts=keys))
    return findings
