"""有些恒等式无法核对：表格中的数字缺少或无法读取。

对每条适用于本报告的 `identity`、`continuity` 规则报告一次（记在该表所在的部分），说明有几处无法核对、缺少哪些行或单元格。
网页文字中连写的数字按表格的恒等式拆分时，选定拆法的恒等式必然成立，不能再作为核对依据：也在此说明。
这不是报告的错误，而是 govaudit 没能核对：没有读到的数字从不当作 0。
与恒等式规则各用一个编号，`--select`/`--ignore` 对每个编号只有一种含义。
"""

from __future__ import annotations

from ...data.names import cell_name
from ...data.schema import section_of_table
from ..context import render

PARAMS = ()
PLACEHOLDERS = {
    "summary": "该恒等式规则的 summary",
    "rule": "该恒等式规则的编号",
    "count": "无法核对的处数",
    "missing": "缺少或无法读取的行或单元格（最多 5 个）",
}


def compile(rule):
    return None


def check(rule, ctx):
    from ..kinds import identity

    findings = []
    for other in ctx.rules:
        if other.kind not in ("identity", "continuity"):  # ctx.rules: those that apply to the report
            continue
        _, incomplete, chosen = identity.outcome(other, ctx, report=False)
        section = section_of_table()[other.params["table"]]
        if incomplete:
            values = {"summary": other.summary, "rule": other.id, "count": len(incomplete), "missing": identity.unchecked_text(incomplete)}
            keys = sorted({k for group in incomplete for k in group})
            findings.append(ctx.finding(rule, render(rule.message, values), ctx.section_location(section), section=section, facts=keys,
                                        evidence=_read(ctx, keys), quoted=False))
        if chosen:
            # Figures split out of a glued run by this very identity: it holds by construction.
            rows = identity.unchecked_text(chosen)
            message = f"{other.summary}：有{len(chosen)}处未核对（{rows}）——这些数字连写在一起，是按本等式拆分的，本等式不能再作为核对依据"
            keys = sorted({k for group in chosen for k in group})
            findings.append(ctx.finding(rule, message, ctx.section_location(section), section=section, facts=keys, evidence=_read(ctx, keys), quoted=False))
    return findings


def _read(ctx, keys: list[str]) -> str:
    """What each figure of the unchecked identities says: its text, or that it was not found."""
    facts = {}
    for fact in ctx.extraction.facts:
        facts.setdefault(fact.key, fact)
    said = [f"{cell_name(k)}：" + (f"“{facts[k].raw}”" if k in facts and facts[k].raw else ("空白" if k in facts else "未找到")) for k in keys]
    return "；".join(said[:_SHOWN]) + (f"等{len(said)}处" if len(said) > _SHOWN else "")


_SHOWN = 12
