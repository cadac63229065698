"""Figures in section 一 against the tables (spec §8.5). Real reports say 收到
for 新收 or for 新收 + 上年结转, so each figure may match any of its readings."""

from __future__ import annotations

from ...core.decimals import format_number
from ...data.names import key_name, varying_parts
from ...data.schema import fact_keys
from ..context import render
from ..params import Param

DOC = "第一部分文字中的数字与表格一致：每个数字与任一种读法相等即可；只比较全文范围的数字。"  # for docs/rules/kinds.md
PARAMS = (
    Param("pairs", "list", "每项 `[\"summary.键\", [\"表格求和式\", …]]`：文字中的数字与任一种读法相等即可", required=True, nonempty=True),
)
PLACEHOLDERS = {"said": "原文", "value": "文字中的数", "tables": "每种读法及其值"}


def _parse_sum(text: str) -> tuple[str, ...]:
    keys = tuple(k.strip() for k in text.split("+"))
    if not all(keys):
        raise ValueError(f"无法解析的求和式：{text}", "pairs")
    return keys


def compile(rule):
    pairs = {}
    for entry in rule.params["pairs"]:
        if not (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str) and isinstance(entry[1], list)):
            raise ValueError("pairs 的每一项应为 [\"summary.键\", [\"表格求和式\", …]]", "pairs")
        said, readings = entry
        parsed = [_parse_sum(r) for r in readings]
        for key in [said] + [k for p in parsed for k in p]:
            if key not in fact_keys():
                raise ValueError(f"未知的数据项 {key}", "pairs")
        pairs[said] = parsed
    return pairs


def check(rule, ctx):
    table = {f.key: f for f in ctx.extraction.facts if f.source == "table"}
    findings = []
    for fact in ctx.extraction.facts:
        if fact.source != "text" or fact.key not in rule.compiled or fact.value is None:
            continue
        if fact.scope and not fact.scope.startswith("全"):
            continue  # a sub-scope (省本级, 区政府办…) is not what the tables count
        readings = []
        for keys in rule.compiled[fact.key]:
            cells = [table.get(k) for k in keys]
            if any(c is None or (c.value is None and not c.blank) for c in cells):
                continue
            readings.append((keys, sum(0 if c.blank else c.value for c in cells)))
        if not readings or any(value == fact.value for _, value in readings):
            continue
        varying = varying_parts([k for keys, _ in readings for k in keys])
        described = "，或 ".join(" + ".join(key_name(k, varying) for k in keys) + f" = {format_number(v)}" for keys, v in readings)
        message = render(rule.message, {"said": fact.raw, "value": fact.value, "tables": described})
        findings.append(
            ctx.finding(rule, message, fact.location, section="一", facts=[fact.key] + [k for keys, _ in readings for k in keys],
                        expected=readings[0][1], actual=fact.value, evidence=fact.raw, scope=fact.scope)
        )
    return findings
