"""`govaudit explain GA201` and the rule docs pages share this text."""

from __future__ import annotations

from ..engine.rulefile import Rule

CONFIDENCE = {"V": "已核实（官方来源）", "R": "据实践归纳，原文待核实", "H": "经验规则"}
ISSUERS = {"government": "人民政府", "department": "政府部门"}


def render_explanation(rule: Rule) -> str:
    lines = [f"{rule.id} {rule.name}  [{rule.severity}]", "", rule.summary, ""]
    lines.append(rule.explanation.strip())
    lines.append("")
    if "identity" in rule.params:
        lines.append(f"恒等式：{' '.join(rule.params['identity'].split())}")
        for name, values in rule.params.get("over", {}).items():
            lines.append(f"  {{{name}}} 取：{', '.join(values)}")
        lines.append("")
    lines.append(f"依据：{rule.legal_basis}")
    if rule.confidence:
        lines.append(f"可信度：{CONFIDENCE.get(rule.confidence, rule.confidence)}")
    lines.append(f"适用格式：{'、'.join(rule.profiles)}年格式；适用机关：{'、'.join(ISSUERS[i] for i in rule.issuers)}")
    kind = f"builtin，内置检查 {rule.params['check']}" if rule.kind == "builtin" else rule.kind
    lines.append(f"规则类型：{kind}（{rule.source.rsplit('/', 1)[-1]}）")
    for example in rule.examples:
        label = "通过的例子" if example.kind == "pass" else "报错的例子"
        lines += ["", f"{label}："] + ["    " + l for l in example.report.strip().splitlines()]
        if example.expect:
            lines.append(f"  预期消息包含：{example.expect}")
        where = [f"共{example.count}个问题"] if example.count is not None else []
        where += [f"有一个问题在第{example.line}行"] if example.line is not None else []
        where += [f"有一个问题涉及 {example.fact}"] if example.fact is not None else []
        if where:
            lines.append(f"  预期：{'；'.join(where)}")
    return "\n".join(lines)
