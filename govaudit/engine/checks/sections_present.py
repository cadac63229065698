"""六个部分齐全：按格式，报告应有 一 至 六 六个部分（格式说明 §3）。

报告中找不到的部分逐一列出，整份报告报告一次。报告自行编排部分（见 GA112）时，
按内容识别：表二、表三、表四在附件中也算其所属部分有内容，不因编号不同而判为缺少。
"""

from __future__ import annotations

from ...data.schema import section_of_table
from ...data.headings import NUMERALS
from ..context import render

PARAMS = ()
PLACEHOLDERS = {"missing": "缺少的部分，如“五、六”"}


def compile(rule):
    return None


def check(rule, ctx):
    from .structure_recognised import unrecognised

    if unrecognised(ctx):
        return []  # GA100 says it once
    found = {s.number for s in ctx.seg.sections}
    if ctx.seg.own_parts:  # parts numbered by the issuer: a national table is its part's content
        found |= {section_of_table()[t] for t, where in ctx.extraction.tables.items() if where}
    missing = [n for n in NUMERALS if n not in found]
    if not missing:
        return []
    return [ctx.finding(rule, render(rule.message, {"missing": "、".join(missing)}), ctx.document_location(), facts=[],
                        evidence=ctx.headings_evidence(), quoted=False)]
