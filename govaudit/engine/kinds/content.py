"""A section that says nothing: empty, or only 无。 (spec §7, 六)."""

from __future__ import annotations

from ...text.normalize import WHITESPACE
from ..context import render

PARAMS = {"section": str, "trivial": list, "min_chars": int}
REQUIRED = ("section",)
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
