"""部分的标题与格式规定的标题不同：按变体、宽松或相近匹配才找到的标题，每个部分一次（格式说明 §3）。

报告自行编排部分时，重新编号的部分不在此逐一报告，由 GA112 说明一次。
"""

from __future__ import annotations

from ..context import render

PARAMS = ()
PLACEHOLDERS = {"number": "部分（`一`…`六`）", "title": "报告中的标题"}


def compile(rule):
    return None


def check(rule, ctx):
    return [
        ctx.finding(rule, render(rule.message, {"number": s.number, "title": s.title}), s.location, section=s.number, evidence=s.title)
        for s in ctx.seg.sections
        if s.ordinal is None and s.match in ("variant", "loose", "near")
    ]
