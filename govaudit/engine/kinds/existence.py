"""Words a report must not use (Vale's `existence`): every occurrence of a
listed word in the section is a finding, at its paragraph."""

from __future__ import annotations

from ..context import render
from ..params import SECTION_OR_ALL, Param
from . import _wording

DOC = "不应出现的词语：`tokens` 中的词语每出现一次报告一次，记在所在段落。"  # for docs/rules/kinds.md
PARAMS = (
    SECTION_OR_ALL,
    Param("tokens", "list[str]", "不应出现的词语，如 `[\"原则上\", \"基本上\"]`", required=True, nonempty=True),
    Param("exceptions", "list[str]", "含有这些词语但可以使用的说法，如 `[\"原则上同意\"]`"),
)
PLACEHOLDERS = {"match": "找到的词语（原文）", "section": "部分（`一`…`六` 或 `全文`）"}


def compile(rule):
    tokens = rule.params["tokens"]
    _wording.nonempty(rule, "tokens", tokens)
    return _wording.matcher({t: t for t in tokens}, rule.params.get("exceptions", []))


def check(rule, ctx):
    section = rule.params.get("section", "全文")
    number = None if section == "全文" else section
    return [
        ctx.finding(rule, render(rule.message, {"match": found, "section": section}), paragraph.location, section=number,
                    evidence=paragraph.text[:200])
        for paragraph, found, _ in _wording.occurrences(ctx, section, rule.compiled)
    ]
