"""Topics a section must mention (spec §7, §11.2): each group of alternatives
must be found once. All keywords of a rule are found in one pass."""

from __future__ import annotations

import attrs

from ...text.normalize import normalize, normalize_text
from ...data.profile import LabelMatcher
from ..context import render
from ..params import SECTION_OR_ALL, Param
from ..wordcheck import is_word_start

DOC = "必须提及的事项：`require` 中每组关键词至少出现一个，缺少的每组报告一次；该部分不存在时不报告。"  # for docs/rules/kinds.md
PARAMS = (
    attrs.evolve(SECTION_OR_ALL, required=True, default=None, doc="报告的哪一部分：`一`…`六`，或 `全文`"),
    Param("require", "list", "关键词组的列表，如 `[[\"主动公开\"], [\"预算\", \"决算\"]]`：每组中至少出现一个", required=True, nonempty=True),
    Param("confirm", "list[str]", "容易误配的短关键词：只有在词的开头出现才算（按分词判断）"),
)
PLACEHOLDERS = {"topic": "缺少的那组关键词，用“／”连接", "section": "部分（`一`…`六` 或 `全文`）"}
_MAX_CONFIRMATIONS = 50


def compile(rule):
    groups = rule.params["require"]
    if not groups or not all(isinstance(g, list) and g and all(isinstance(w, str) and w for w in g) for g in groups):
        raise ValueError("require 应为关键词组的列表，如 [[\"主动公开\"], [\"预算\", \"决算\"]]", "require")
    pairs = [(word, i) for i, group in enumerate(groups) for word in group]
    confirm = {normalize(w) for w in rule.params.get("confirm", [])}
    return LabelMatcher(pairs), confirm


def check(rule, ctx):
    section = rule.params["section"]
    number = None if section == "全文" else section
    if number and ctx.seg.section(number) is None:
        return []  # the missing section is reported by the section rules
    matcher, confirm = rule.compiled
    text = normalize_text(ctx.section_text(number))
    hits = matcher.find_all(text)
    # Hits that need no confirmation first: a group they settle never needs
    # jieba, whose dictionary takes most of a second to load.
    found = {group for start, end, group in hits if text[start:end] not in confirm}
    tries: dict[int, int] = {}
    for start, end, group in hits:
        if group in found or text[start:end] not in confirm:
            continue
        # Each confirmation segments a window; a text repeating a non-word
        # hit thousands of times is judged on its first few.
        tries[group] = tries.get(group, 0) + 1
        if tries[group] <= _MAX_CONFIRMATIONS and is_word_start(text, start, end):
            found.add(group)
    findings = []
    for i, group in enumerate(rule.params["require"]):
        if i in found:
            continue
        topic = "／".join(group)
        location = ctx.section_location(number) if number else ctx.document_location()
        findings.append(ctx.finding(rule, render(rule.message, {"topic": topic, "section": section}), location, section=number))
    return findings
