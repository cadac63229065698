"""表格采用的格式（2019 年试行格式或 2021 年格式）与报告年度应使用的格式不同（格式说明 §2）。

问题记在第一个表格处。
"""

from __future__ import annotations

from ..context import render

PARAMS = ()
PLACEHOLDERS = {"year": "报告年度", "layout": "表格采用的格式年份", "profile": "应使用的格式年份"}


def compile(rule):
    return None


def check(rule, ctx):
    seg = ctx.seg
    if seg.layout is None or seg.layout == seg.profile:
        return []
    message = render(rule.message, {"year": seg.year or "未知", "layout": seg.layout, "profile": seg.profile})
    where = ctx.doc.tables[0].location if ctx.doc.tables else ctx.document_location()
    first_row = " | ".join(c.text for c in ctx.doc.tables[0].grid[0]) if ctx.doc.tables and ctx.doc.tables[0].grid else ""
    return [ctx.finding(rule, message, where, section="二", evidence=f"第一个表格首行：{first_row}" if first_row else ctx.headings_evidence(), quoted=False)]
