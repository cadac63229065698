"""表三“（六）其他处理”只有一行：这是 2019 年试行格式；2021 年格式分为逾期不补正、逾期未缴费、其他三个子项。

规则的 `profiles` 决定对哪些报告检查（GA108 只对 2021 年格式的报告）。
"""

from __future__ import annotations

from ..context import render

PARAMS = ()
PLACEHOLDERS = {"year": "报告年度"}


def compile(rule):
    return None


def check(rule, ctx):
    if ctx.extraction.t3_other_rows != 1:
        return []
    fact = next((f for f in ctx.extraction.facts if f.key.startswith("t3.other.") and f.source == "table"), None)
    where = fact.location if fact else ctx.section_location("三")
    message = render(rule.message, {"year": ctx.seg.year or "未知"})
    return [ctx.finding(rule, message, where, section="三", evidence="（六）其他处理")]
