"""发布日期早于报告年度的 12 月 31 日：年度报告应在年度结束后编制发布，或发布日期写错了。

报告没有写明发布日期、日期无法读取或年度不明时不报告。
"""

from __future__ import annotations

from ..context import render

PARAMS = ()
PLACEHOLDERS = {"published": "发布日期", "year": "报告年度"}


def compile(rule):
    return None


def published(ctx):
    """The report's publication date, or None when not stated, unreadable, or the year is unknown."""
    import datetime  # at use: most runs state no date, and the import costs start-up

    if ctx.seg.year is None or ctx.seg.published is None:
        return None
    try:
        return datetime.date.fromisoformat(ctx.seg.published)
    except ValueError:
        return None


def check(rule, ctx):
    import datetime

    date = published(ctx)
    if date is None or date > datetime.date(ctx.seg.year, 12, 31):
        return []
    where = ctx.seg.published_location or ctx.document_location()
    message = render(rule.message, {"published": ctx.seg.published, "year": ctx.seg.year})
    return [ctx.finding(rule, message, where, evidence=ctx.seg.published)]
