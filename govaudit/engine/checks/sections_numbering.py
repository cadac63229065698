"""报告自行编排部分和编号：按内容识别格式规定的各部分，整份报告说明一次（格式说明 §3）。

有的报告按本机关的习惯编号（“一、总体情况 二、工作机制保障 三、主动公开工作情况 ……”），并把表二、表三、表四
放在附件中。按标题和内容找到格式规定的各部分后，这里说明报告共有几个部分、各自的编号和标题，以及格式规定的
部分在报告中的位置。
"""

from __future__ import annotations

from ..context import render

PARAMS = ()
PLACEHOLDERS = {
    "count": "报告自行编排的部分数",
    "parts": "报告中各部分的编号和标题",
    "mapping": "格式规定的部分在报告中的位置，如“第六部分为“七、其他需要报告的事项””",
}


def compile(rule):
    return None


def check(rule, ctx):
    parts = ctx.seg.own_parts
    if not parts:
        return []
    written = "；".join(f"{p.ordinal}、{p.title}" for p in parts)
    moved = [f"第{p.number}部分为“{p.ordinal}、{p.title}”" for p in parts if p.number and p.number != p.ordinal]
    first = next((p for p in parts if p.number != p.ordinal), parts[0])
    values = {"count": len(parts), "parts": written, "mapping": "，".join(moved) or "无"}
    return [ctx.finding(rule, render(rule.message, values), first.location, evidence=f"{first.ordinal}、{first.title}")]
