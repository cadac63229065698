"""Rule docs: one Markdown page per rule, and an index, from the rule files.

    python -m govaudit.output.ruledocs docs/rules           # write
    python -m govaudit.output.ruledocs --check docs/rules   # exit 1 if out of date

The rule files are the one source: the pages show what `govaudit explain`
shows (summary, explanation, identity, legal basis) plus the rule's own
examples, which the test suite runs, and the parameters and placeholders its
kind declares (engine/params.py: the table that also validates rule files).
kinds.md lists every template and built-in check the same way.
tests/test_docs.py fails when the committed pages differ from what this writes.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from ..engine.checks import CHECKS, DIRECTIVES
from ..engine.kinds import TEMPLATES, kind_module, spec_module
from ..engine.params import Param
from ..engine.rulefile import COMMON, Rule, builtin_rule_files, load_rules
from ..core.findings import SEVERITY_NAMES
from .explain import CONFIDENCE, ISSUERS
from ..text.lazyre import lazy_compile

HEADER = "<!-- 由 `python -m govaudit.output.ruledocs docs/rules` 从 rules/*.toml 生成，请勿手改 -->"
_PAGE = lazy_compile(r"^[A-Z]{2,4}\d{3}\.md$")
_CJK = lazy_compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f“”‘’]")
SPECIAL_PARAMS = ("identity", "over")


def reflow(text: str) -> str:
    """Join the hard-wrapped lines of a TOML string into paragraphs: no space
    where a line break falls between Chinese characters."""
    paragraphs = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        out = ""
        for line in (l.strip() for l in chunk.splitlines()):
            if not line:
                continue
            if out and not (_CJK.match(out[-1]) or _CJK.match(line[0])):
                out += " "
            out += line
        if out:
            paragraphs.append(out)
    return "\n\n".join(paragraphs)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _fence(text: str, lang: str = "text") -> list[str]:
    # A fence longer than any backtick run inside, so a report cannot close it.
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}{lang}", *text.strip("\n").splitlines(), fence]


def _code(text: str) -> str:
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def rule_page(rule: Rule, standalone: bool = False) -> str:
    """The rule's page in docs/rules/; `standalone`: without the generated-file
    header and with the configuration page named instead of linked, for a
    page shown on its own (SARIF's rule help)."""
    source = f"rules/{Path(rule.source).name}"
    config = "docs/configuration.md" if standalone else "[配置](../configuration.md)"
    suppress = "docs/configuration.md“抑制注释”" if standalone else "[抑制](../configuration.md#抑制注释)"
    lines = ([] if standalone else [HEADER, ""]) + [f"# {rule.id} {rule.name}", "", f"**{rule.summary}**", ""]
    lines += ["| 项目 | 内容 |", "| --- | --- |"]
    lines.append(f"| 编号 | {rule.id} |")
    lines.append(f"| 名称 | `{rule.name}` |")
    lines.append(f"| 级别 | {rule.severity}（{SEVERITY_NAMES[rule.severity]}） |")
    if rule.confidence:
        lines.append(f"| 可信度 | {rule.confidence}：{CONFIDENCE.get(rule.confidence, rule.confidence)} |")
    lines.append(f"| 适用格式 | {'、'.join(rule.profiles)} 年格式 |")
    lines.append(f"| 适用机关 | {'、'.join(ISSUERS[i] for i in rule.issuers)} |")
    check = rule.params.get("check") if rule.kind == "builtin" else None
    kind = f"`builtin`，内置检查 `{check}`" if check else f"`{rule.kind}`"
    lines.append(f"| 规则类型 | {kind}（{source}） |")
    lines += ["", "## 说明", "", reflow(rule.explanation), ""]
    if check:
        lines += [f"## 内置检查 `{check}`", "", _docstring(spec_module("builtin", rule.params)), ""]
    if "identity" in rule.params:
        lines += ["## 恒等式", ""]
        lines += _fence(" ".join(rule.params["identity"].split()))
        over = rule.params.get("over", {})
        if over:
            lines.append("")
            for name, values in over.items():
                lines.append(f"- `{{{name}}}` 取：{'、'.join(f'`{v}`' for v in values)}")
        lines.append("")
    others = {k: v for k, v in rule.params.items() if k not in SPECIAL_PARAMS}
    lines += ["## 参数", ""]
    if others:
        lines += _fence("\n".join(f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in others.items()), "toml")
        lines.append("")
    spec = spec_module(rule.kind, rule.params)
    declared = kind_module(rule.kind).PARAMS + (spec.PARAMS if check else ())
    lines += ["规则类型声明的参数（读取规则文件时按此检查）：", ""] + param_table(declared) + [""]
    lines += ["## 依据", "", rule.legal_basis, ""]
    lines += ["## 消息", "", f"消息模板：{_code(rule.message)}", ""]
    lines += _placeholder_list(rule)
    lines += ["## 例子", ""]
    for n, example in enumerate(rule.examples, start=1):
        label = "通过（不报告）" if example.kind == "pass" else "报错"
        lines += [f"### 例 {n}：{label}", ""]
        if example.note:
            lines += [reflow(example.note), ""]
        if example.previous:
            lines += ["上一年度报告：", ""] + _fence(example.previous) + ["", "本年度报告：", ""]
        lines += _fence(example.report)
        lines.append("")
        if example.kind == "fail" and example.expect:
            lines += [f"预期消息包含：{_code(example.expect)}", ""]
        where = [f"共 {example.count} 个问题" for _ in [0] if example.count is not None]
        where += [f"有一个问题在第 {example.line} 行" for _ in [0] if example.line is not None]
        where += [f"有一个问题涉及数据项 `{example.fact}`" for _ in [0] if example.fact is not None]
        if example.kind == "fail" and where:
            lines += ["预期：" + "；".join(where) + "。", ""]
    lines += ["## 关闭或抑制", ""]
    lines.append(f"- 不检查此项：`govaudit check --ignore {rule.id} …`，或在配置中 `ignore = [\"{rule.id}\"]`（见 {config}）。")
    if check not in DIRECTIVES:  # findings about suppression comments cannot be suppressed by one
        lines.append(f"- 在 HTML 或 Markdown 报告中只抑制一处：在该段落或表格之前写 `<!-- govaudit: ignore {rule.id} 原因说明 -->`（见 {suppress}）。")
    lines.append("")
    return "\n".join(lines)


def _docstring(module) -> str:
    return reflow(module.__doc__ or "")


def _placeholder_list(rule: Rule) -> list[str]:
    spec = spec_module(rule.kind, rule.params)
    names = dict(spec.PLACEHOLDERS)
    if hasattr(spec, "placeholders"):  # identity: the rule's own `over` names
        for name in sorted(spec.placeholders(rule) - set(names)):
            names[name] = spec.NAMED_OVER.get(name, "over 中的取值")
    if not names:
        return []
    return ["消息中可用的占位符（由规则类型提供）：", ""] + [f"- `{{{n}}}`：{doc}" for n, doc in names.items()] + [""]


def param_table(params: tuple[Param, ...]) -> list[str]:
    """A kind's declared parameters as a Markdown table (what validates them, shown)."""
    if not params:
        return ["没有参数。"]
    lines = ["| 键 | 必填 | 类型 | 可用的值 | 含义 |", "| --- | --- | --- | --- | --- |"]
    for p in params:
        choices = "、".join(f"`{c}`" for c in p.choices) if p.choices else ("—" if p.default is None else "")
        if p.default is not None:
            choices += ("；" if choices else "") + f"默认 `{p.default}`"
        if p.nonempty:
            choices = ("" if choices == "—" else choices + "；") + "不能为空"
        lines.append(f"| `{p.name}` | {'是' if p.required else '否'} | {p.type_name()} | {choices} | {_cell(p.doc)} |")
    return lines


def kinds_page() -> str:
    """Every template and built-in check: its parameters and placeholders, from the spec."""
    lines = [HEADER, "", "# 规则类型", ""]
    lines += ["每条规则的 `kind` 是下列模板之一，或 `builtin`（内置检查，由 `check` 指定）。"
              "下表由各类型声明的参数表生成，读取规则文件时按同一张表检查：不认识的键、类型不对或不在可用值中的值、"
              "消息中不存在的占位符都会被拒绝，并写明文件和行号。", ""]
    lines += ["## 每条规则都有的键", ""] + param_table(COMMON) + [""]
    lines += ["## 模板", ""]
    for name in TEMPLATES:
        module = kind_module(name)
        if name == "continuity":  # the same module as identity
            lines += [f"### `{name}`", "", "参数和占位符与 `identity` 相同；恒等式中以 `previous.` 开头的数据项取自上一年度的报告，"
                      "没有上一年度报告时不核对。`previous.` 只能用于这种类型。", ""]
            continue
        lines += [f"### `{name}`", "", module.DOC, ""] + param_table(module.PARAMS) + [""]
        lines += _placeholders_of(module)
    lines += ["## 内置检查（`kind = \"builtin\"`）", ""]
    for name in CHECKS:
        module = spec_module("builtin", {"check": name})
        lines += [f"### `check = \"{name}\"`", "", _docstring(module), ""] + param_table(module.PARAMS) + [""]
        lines += _placeholders_of(module)
    return "\n".join(lines)


def _placeholders_of(module) -> list[str]:
    names = dict(module.PLACEHOLDERS)
    names.update({k: v for k, v in getattr(module, "NAMED_OVER", {}).items()})
    if not names:
        return []
    return ["消息中可用的占位符：" + "，".join(f"`{{{n}}}`（{doc}）" for n, doc in names.items()), ""]


def index_page(rules: list[Rule]) -> str:
    lines = [HEADER, "", "# 规则一览", ""]
    lines.append(f"共 {len(rules)} 条规则。`govaudit rules` 列出全部规则，`govaudit explain 编号` 在终端中显示说明。"
                 "各规则类型及其参数见[规则类型](kinds.md)。")
    lines += ["", "| 编号 | 名称 | 级别 | 检查什么 | 规则文件 |", "| --- | --- | --- | --- | --- |"]
    for rule in rules:
        lines.append(
            f"| [{rule.id}]({rule.id}.md) | `{rule.name}` | {rule.severity} | {_cell(rule.summary)} | rules/{Path(rule.source).name} |"
        )
    lines.append("")
    return "\n".join(lines)


def generate(rules_dir: str | Path | None = None) -> dict[str, str]:
    """{file name: content} for every page."""
    files = sorted(Path(rules_dir).glob("*.toml")) if rules_dir else builtin_rule_files()
    rules = sorted(load_rules(files), key=lambda r: r.id)
    pages = {f"{r.id}.md": rule_page(r) for r in rules}
    pages["README.md"] = index_page(rules)
    pages["kinds.md"] = kinds_page()
    return pages


def stale(out_dir: Path, pages: dict[str, str]) -> list[str]:
    """Names of pages that differ, are missing, or belong to no rule."""
    out = [name for name, text in pages.items() if not (out_dir / name).is_file() or (out_dir / name).read_text(encoding="utf-8") != text]
    if out_dir.is_dir():
        out += [p.name for p in out_dir.iterdir() if _PAGE.match(p.name) and p.name not in pages]
    return sorted(out)


def write(out_dir: Path, pages: dict[str, str]) -> None:
    from .write import write_output

    out_dir.mkdir(parents=True, exist_ok=True)
    for name, text in pages.items():
        write_output(text, str(out_dir / name))
    for path in out_dir.iterdir():
        if _PAGE.match(path.name) and path.name not in pages:
            path.unlink()  # the page of a rule that no longer exists


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m govaudit.output.ruledocs", description="从规则文件生成 docs/rules")
    parser.add_argument("out_dir", nargs="?", default="docs/rules")
    parser.add_argument("--check", action="store_true", help="只检查是否过时（过时则退出码 1）")
    parser.add_argument("--rules", help="规则目录（默认：内置的 rules/）")
    args = parser.parse_args(argv)
    from ..core.errors import GovauditError

    try:
        pages = generate(args.rules)
    except GovauditError as exc:
        print(f"govaudit: 错误: {exc}", file=sys.stderr)
        return 2
    out_dir = Path(args.out_dir)
    if args.check:
        outdated = stale(out_dir, pages)
        if outdated:
            print(f"{out_dir} 已过时：{', '.join(outdated)}；请运行 python -m govaudit.output.ruledocs {out_dir}", file=sys.stderr)
            return 1
        return 0
    write(out_dir, pages)
    return 0


if __name__ == "__main__":
    sys.exit(main())
