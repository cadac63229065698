"""统计期限与报告年度不符：报告说明的统计期限应为该年 1 月 1 日至 12 月 31 日（《条例》第四十九条，格式说明 §9）。

报告没有说明统计期限或年度不明时不报告（前者由 `stats_period_missing` 报告）。
"""

from __future__ import annotations

from ..context import render

PARAMS = ()
PLACEHOLDERS = {"stated": "报告中的统计期限原文", "year": "报告年度"}


def compile(rule):
    return None


def check(rule, ctx):
    year, period = ctx.seg.year, ctx.seg.stats_period
    if year is None or period is None:
        return []
    if period.start_year == year and (period.end_year is None or period.end_year == year):
        return []
    message = render(rule.message, {"stated": period.text, "year": year})
    return [ctx.finding(rule, message, period.location, evidence=period.text, expected=year, actual=period.start_year)]
