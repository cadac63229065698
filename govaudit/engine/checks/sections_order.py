"""各部分按 一 至 六 的顺序排列（格式说明 §3）。

只比较报告中找到的部分：缺少的部分由 `sections_present` 报告。
"""

from __future__ import annotations

from ...data.headings import NUMERALS
from ..context import render

PARAMS = ()
PLACEHOLDERS = {"actual": "报告中各部分的顺序", "expected": "应有的顺序"}


def compile(rule):
    return None


def check(rule, ctx):
    sections = ctx.seg.sections
    numbers = [s.number for s in sections]
    expected = sorted(numbers, key=NUMERALS.index)
    if numbers == expected:
        return []
    message = render(rule.message, {"actual": "、".join(numbers), "expected": "、".join(expected)})
    return [ctx.finding(rule, message, sections[0].location, evidence=ctx.headings_evidence(), quoted=False)]
