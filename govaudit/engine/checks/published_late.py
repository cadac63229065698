"""发布日期晚于法定期限：期限按机关类型在规则的 `deadlines` 中给出（月-日，次年），
如政府部门 1 月 31 日、人民政府 3 月 31 日（《条例》第四十九条）。

报告没有写明发布日期、日期无法读取、年度不明，或 `deadlines` 没有给出该类机关的期限时不报告。
"""

from __future__ import annotations

from ..context import render
from ..params import Param
from .published_early import published

PARAMS = (
    Param(
        "deadlines",
        "table[str]",
        "各类机关的发布期限（次年的月-日），如 `{ department = \"01-31\", government = \"03-31\" }`",
        required=True,
        choices=("government", "department"),
    ),
)
PLACEHOLDERS = {"published": "发布日期", "deadline": "法定期限（日期）"}


def compile(rule):
    import datetime

    deadlines = rule.params["deadlines"]
    if not deadlines:
        raise ValueError("deadlines 至少要给出一类机关的期限，否则这条规则永远不会报告", "deadlines")
    for kind, value in deadlines.items():
        try:
            datetime.date.fromisoformat(f"2000-{value}")
        except ValueError:
            raise ValueError(f"deadlines.{kind} 应为 MM-DD（月-日），如 \"03-31\"", "deadlines") from None
    return dict(deadlines)


def check(rule, ctx):
    import datetime

    date = published(ctx)
    deadline_md = rule.compiled.get(ctx.seg.issuer_kind)
    if date is None or not deadline_md:
        return []
    deadline = datetime.date.fromisoformat(f"{ctx.seg.year + 1}-{deadline_md}")
    if date <= deadline:
        return []
    where = ctx.seg.published_location or ctx.document_location()
    message = render(rule.message, {"published": ctx.seg.published, "deadline": deadline.isoformat()})
    return [ctx.finding(rule, message, where, evidence=ctx.seg.published)]
