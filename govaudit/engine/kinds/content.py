"""A section that says nothing: empty, or only 无。 (spec §7, 六)."""

from __future__ import annotations

from ...text.normalize import WHITESPACE
from ..context import render
from ..params import SECTION, Param

DOC = "一个部分什么都没说：为空，或只写了 `trivial` 中的话。"  # for docs/rules/kinds.md
PARAMS = (
    SECTION,
    Param("trivial", "list[str]", "只写这些话（不计空白和标点）也算什么都没说，如 `[\"无\", \"无。\"]`"),
    Param("min_chars", "int", "正文（不计空白和标点）少于这么多字时报告", default=1),
)
PLACEHOLDERS = {"text": "该部分的正文（前 40 字），为空时是“（空）”"}
_PUNCT = str.maketrans(dict.fromkeys(WHITESPACE + "。，,.、；;：:！!（）()"))


def compile(rule):
    return {t.translate(_PUNCT) for t in rule.params.get("trivial", [])}


def check(rule, ctx):
    number = rule.params["section"]
    if ctx.seg.section(number) is None:
        return []
    body = ctx.section_text(number).translate(_PUNCT)
    if body in rule.compiled or len(body) < rule.params.get("min_chars", 1):
        text = ctx.section_text(number).strip() or "（空）"
        return [ctx.finding(rule, render(rule.message, {"text": text[:40]}), ctx.section_location(number), section=number, evidence=text[:200])]
    return []
