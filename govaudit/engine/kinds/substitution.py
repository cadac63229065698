"""Say Y instead of X (Vale's `substitution`): every occurrence of a word
that has a preferred form is a finding, at its paragraph, naming the form.
A preferred form that contains the word (X → XY) is not reported."""

from __future__ import annotations

from ..context import render
from ..params import SECTION_OR_ALL, Param
from . import _wording

DOC = "应换一种说法：`swap` 中左边的说法每出现一次报告一次，消息给出右边应使用的说法；右边包含左边时（X → XY）不报告已写对的地方。"  # for docs/rules/kinds.md
PARAMS = (
    SECTION_OR_ALL,
    Param("swap", "table[str]", "应替换的说法 → 应使用的说法，如 `swap = { \"信息公开申请书\" = \"政府信息公开申请表\" }`", required=True, nonempty=True),
    Param("exceptions", "list[str]", "含有应替换的说法但可以使用的说法"),
)
PLACEHOLDERS = {"match": "找到的说法（原文）", "replacement": "应使用的说法", "section": "部分（`一`…`六` 或 `全文`）"}


def compile(rule):
    swap = rule.params["swap"]
    _wording.nonempty(rule, "swap", list(swap) + list(swap.values()))
    same = [k for k, v in swap.items() if k == v]
    if same:
        raise ValueError(f"swap 中“{same[0]}”替换为它自己：这一项永远不会报告", "swap")
    # A replacement containing its word (X → XY) is an exception where it stands.
    exceptions = list(rule.params.get("exceptions", [])) + [v for k, v in swap.items() if k in v]
    return _wording.matcher({word: word for word in swap}, exceptions)


def check(rule, ctx):
    section = rule.params.get("section", "全文")
    number = None if section == "全文" else section
    swap = rule.params["swap"]
    findings = []
    for paragraph, found, word in _wording.occurrences(ctx, section, rule.compiled):
        values = {"match": found, "replacement": swap[word], "section": section}
        findings.append(ctx.finding(rule, render(rule.message, values), paragraph.location, section=number, evidence=paragraph.text[:200]))
    return findings
