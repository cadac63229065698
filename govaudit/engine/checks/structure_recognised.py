"""报告结构无法识别：既没有任何部分标题，也没有统计表（表二、表三、表四）。

这时无法判断哪些内容缺失、哪些数字有误，只报告这一条，说明原因（正文是图片、几乎没有文字、网页文字连成一段
无法分段、或不像是年度报告），其他规则（缺少第一至六部分、没有表格……）都不再运行。
只有标题和几行文字的摘录（不足 300 字）仍按报告检查。
"""

from __future__ import annotations

from ..context import render

PARAMS = ()
PLACEHOLDERS = {"why": "无法识别的原因"}


def compile(rule):
    return None


def unrecognised(ctx) -> str | None:
    """Why the report's structure could not be read at all (no section
    heading and no statistics table), or None."""
    if ctx.seg.sections or any(ctx.extraction.tables.values()):
        return None
    doc = ctx.doc
    text = sum(len(p.text) for p in doc.paragraphs)
    titled = ctx.seg.year is not None and "信息公开" in (ctx.seg.title or "")
    if titled and text < 300:
        return None  # a report's title over a few lines: an excerpt, checked as one
    images = len([b for b in doc.blocks if b.__class__.__name__ == "Image"])
    if images and text < 200:
        return f"正文主要是图片（{images}张），文字无法读取"
    if text < 20:
        return "文件中几乎没有可读的文字"
    longest = max((len(p.text) for p in doc.paragraphs), default=0)
    if longest > 2000 and longest * 2 > text:
        return f"正文连成一段（最长一行{longest}字），其中找不到部分标题（如“一、总体情况”），无法分段"
    return "没有找到任何部分标题（如“一、总体情况”）和统计表，不像是政府信息公开工作年度报告，或文本无法分段"


def check(rule, ctx):
    why = unrecognised(ctx)
    return [ctx.finding(rule, render(rule.message, {"why": why}), ctx.document_location(),
                        evidence=ctx.headings_evidence() + "；" + ctx.section_evidence(None), quoted=False)] if why else []
