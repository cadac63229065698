"""六个部分齐全：按格式，报告应有 一 至 六 六个部分（格式说明 §3）。

报告中找不到的部分逐一列出，整份报告报告一次。
"""

from __future__ import annotations

from ...segment.sections import NUMERALS
from ..context import render

PARAMS = ()
PLACEHOLDERS = {"missing": "缺少的部分，如“五、六”"}


def compile(rule):
    return None


def check(rule, ctx):
    found = {s.number for s in ctx.seg.sections}
    missing = [n for n in NUMERALS if n not in found]
    if not missing:
        return []
    return [ctx.finding(rule, render(rule.message, {"missing": "、".join(missing)}), ctx.document_location(), facts=[])]
