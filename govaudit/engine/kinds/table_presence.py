"""Tables present for 二, 三, 四 (spec §2, §4–§6): a table, or why there is none."""

from __future__ import annotations

from ...data.keys import SECTION_OF_TABLE
from ..context import render
from ..params import TABLE, table_of as compile  # noqa: F401  (compile: the table it reads)

DOC = "第二、三、四部分有表格：没有时说明是没有数据、只有文字，还是表格是图片。"  # for docs/rules/kinds.md
PARAMS = (TABLE,)
PLACEHOLDERS = {
    "section": "表格所在的部分（`二`/`三`/`四`）",
    "how": "怎样缺少：“没有找到表格，也没有相应数据”“数据只以文字叙述……”“的表格是图片……”",
}


def check(rule, ctx):
    table = rule.compiled
    if ctx.extraction.tables[table]:
        return []
    section = SECTION_OF_TABLE[table]
    prose = [f for f in ctx.extraction.facts if f.source == "text" and f.key.startswith(table + ".")]
    images = ctx.section_images(section)
    if images:
        how = f"的表格是图片（{len(images)}张），不可机读，无法核对其中的数字"
    elif prose:
        how = "数据只以文字叙述，没有按格式填报表格"
    else:
        how = "没有找到表格，也没有相应数据"
    message = render(rule.message, {"section": section, "how": how})
    return [ctx.finding(rule, message, ctx.section_location(section), section=section,
                        evidence=ctx.section_evidence(section), quoted=False)]
