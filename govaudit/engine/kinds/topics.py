"""Topics a section must mention (spec §7, §11.2): each group of alternatives
must be found once. All keywords of a rule are found in one pass."""

from __future__ import annotations

import attrs

from ...text.normalize import normalize, normalize_text
from ...data.profile import LabelMatcher
from ..context import render
from ..params import SECTION_OR_ALL, Param
from ..wordcheck import is_word_start

DOC = (
    "必须提及的事项：`require` 中每组关键词至少出现一个；缺少的各组在同一处合为一个问题；"
    "写明没有发生（`none_stated`，如“未发生收费”）也算说明了；该部分不存在时不报告。"
)  # for docs/rules/kinds.md
PARAMS = (
    attrs.evolve(SECTION_OR_ALL, required=True, default=None, doc="报告的哪一部分：`一`…`六`，或 `全文`"),
    Param("require", "list", "关键词组的列表，如 `[[\"主动公开\"], [\"预算\", \"决算\"]]`：每组中至少出现一个", required=True, nonempty=True),
    Param("confirm", "list[str]", "容易误配的短关键词：只有在词的开头出现才算（按分词判断）"),
    Param("none_stated", "list[str]", "说明该事项没有发生的说法（如 `未发生收费`、`未收取`）：出现其一即算已说明", nonempty=True),
)
PLACEHOLDERS = {
    "topic": "缺少的各组关键词：组内用“／”连接，组与组之间为“”（消息写作“{topic}”时显示为“甲”“乙”）",
    "section": "部分（`一`…`六` 或 `全文`）",
}
_MAX_CONFIRMATIONS = 50
_NONE_STATED = -1


def compile(rule):
    groups = rule.params["require"]
    if not groups or not all(isinstance(g, list) and g and all(isinstance(w, str) and w for w in g) for g in groups):
        raise ValueError("require 应为关键词组的列表，如 [[\"主动公开\"], [\"预算\", \"决算\"]]", "require")
    pairs = [(word, i) for i, group in enumerate(groups) for word in group]
    # A statement that the matter did not occur settles every group at once.
    pairs += [(phrase, _NONE_STATED) for phrase in rule.params.get("none_stated", [])]
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
    if _NONE_STATED in found:
        return []
    missing = ["／".join(group) for i, group in enumerate(rule.params["require"]) if i not in found]
    if not missing:
        return []
    # One requirement, one finding: every missing group said together.
    topic = "”“".join(missing)
    location = ctx.section_location(number) if number else ctx.document_location()
    return [ctx.finding(rule, render(rule.message, {"topic": topic, "section": section}), location, section=number,
                        evidence=ctx.section_evidence(number), quoted=False)]
