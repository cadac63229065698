"""报告没有说明数据的统计期限（格式说明 §9）。年度不明时不报告。"""

from __future__ import annotations

from ..context import render

PARAMS = ()
PLACEHOLDERS = {"year": "报告年度"}


def compile(rule):
    return None


def check(rule, ctx):
    if ctx.seg.year is None or ctx.seg.stats_period is not None:
        return []
    return [ctx.finding(rule, render(rule.message, {"year": ctx.seg.year}), ctx.document_location(), evidence=ctx.section_evidence(None), quoted=False)]
