"""Stock phrases (spec §11.3): a section made of them, with no figure, date or
named document, says nothing concrete."""

from __future__ import annotations


from ...text.normalize import normalize_text
from ...data.profile import LabelMatcher
from ..context import render
from ..params import SECTION, Param
from ...text.lazyre import lazy_compile

DOC = "套话：该部分出现至少 `min_count` 种套话，却没有任何数字、日期或具体文件时报告一次。"  # for docs/rules/kinds.md
PARAMS = (
    SECTION,
    Param("phrases", "list[str]", "套话，如 `\"高度重视\"`", required=True, nonempty=True),
    Param("min_count", "int", "至少出现几种套话（且该部分没有数字、日期或文件名）时报告", required=True),
)
PLACEHOLDERS = {"count": "出现的套话种数", "phrases": "出现的套话（最多 6 个）"}
_SPECIFIC = lazy_compile(r"\d|《|〔|[一二三四五六七八九十]+月|[一二三四五六七八九十百]+[项件次个期场条篇]")


def compile(rule):
    if not all(isinstance(p, str) and p for p in rule.params["phrases"]):
        raise ValueError("phrases 应为非空字符串列表", "phrases")
    return LabelMatcher((p, p) for p in rule.params["phrases"])


def check(rule, ctx):
    number = rule.params["section"]
    if ctx.seg.section(number) is None:
        return []
    text = ctx.section_text(number)
    hits = sorted({value for _, _, value in rule.compiled.find_all(normalize_text(text))})
    if len(hits) < rule.params["min_count"] or _SPECIFIC.search(text):
        return []
    message = render(rule.message, {"count": len(hits), "phrases": "、".join(hits[:6])})
    return [ctx.finding(rule, message, ctx.section_location(number), section=number, evidence="；".join(hits))]
