"""Rule files: TOML data → validated `Rule`s. Nothing in a rule file runs.

Every problem names the file and the line: an unknown kind, a key the kind
does not take, a fact key that does not exist, an identity that does not
parse. A rule that would silently match nothing is refused.
"""

from __future__ import annotations

import os
import re

from ..core.errors import ConfigError, os_reason
from ..core.findings import SEVERITIES
from ..data.schema import format_names
from .kinds import kind_module, kind_names, spec_module
from .params import Param, by_name
from .rule import Example, Rule, builtin_rule_paths  # noqa: F401  (what this module makes, and where from)
from ..text.lazyre import lazy_compile

PROFILES = format_names()  # the format names of rules/profile/formats.toml
ISSUERS = ("government", "department")
# The keys every rule has, whatever its kind: validated by one table.
COMMON = (
    Param("id", "str", "编号：2–4 个大写字母加 3 位数字，如 `GA201`；所有规则文件中唯一", required=True,
          pattern=r"[A-Z]{2,4}\d{3}", hint="应形如 GA201"),
    Param("name", "str", "小写连字符形式的名称，如 `t3-balance`", required=True,
          pattern=r"[a-z0-9]+(-[a-z0-9]+)*", hint="应为小写连字符形式，如 t3-balance"),
    Param("kind", "str", "规则类型（模板或 `builtin`）", required=True),
    Param("severity", "str", "级别", required=True, choices=SEVERITIES),
    Param("summary", "str", "一句话：检查什么", required=True),
    Param("message", "str", "问题的消息模板，`{名称}` 处填入该类型提供的值", required=True),
    Param("explanation", "str", "为什么要求这样，怎么判断", required=True),
    Param("legal_basis", "str", "依据：条例条款、格式文件及其文号", required=True),
    Param("confidence", "str", "`V` 已核实、`R` 据实践归纳、`H` 经验规则", choices=("V", "R", "H")),
    Param("profiles", "list[str]", "适用的格式（默认两者）", choices=PROFILES, nonempty=True),
    Param("issuers", "list[str]", "适用的机关：人民政府、政府部门（默认两者）", choices=ISSUERS, nonempty=True),
    Param("example", "list", "`[[rule.example]]`：例子，既是测试也是文档"),
)
COMMON_KEYS = by_name(COMMON)
EXAMPLE = (
    Param("kind", "str", "`pass`：不应报告；`fail`：应报告", required=True, choices=("pass", "fail")),
    Param("report", "str", "报告（Markdown）", required=True),
    Param("previous", "str", "上一年度的报告，供跨年度的规则使用"),
    Param("expect", "str", "`fail`：问题的消息应包含这段文字"),
    Param("count", "int", "应报告几个问题（`pass` 的例子总是 0 个）"),
    Param("line", "int", "应有一个问题在报告的这一行（从 1 起，按 report 的文字计）"),
    Param("fact", "str", "应有一个问题涉及这个数据项（单元格），如 `t3.granted.total`"),
    Param("note", "str", "说明这个例子"),
)
CASE = (Param("name", "str", "边界情况的名称（小写连字符），测试失败时显示", required=True,
              pattern=r"[a-z0-9]+(-[a-z0-9]+)*", hint="应为小写连字符形式，如 blank-column"),) + EXAMPLE
# Kinds of earlier versions whose rules are built-in checks now.
_BECAME_BUILTIN = ("sections", "layout", "metadata", "meta")
_PLACEHOLDER = lazy_compile(r"\{([a-z_][a-z0-9_]*)\}")


class _Lines:
    """Finds the line of the i-th [[rule]] (or [[case]]) and of a key inside
    it, since tomllib gives values but no positions."""

    def __init__(self, text: str, header: str = "[[rule]]"):
        self.lines = text.splitlines()
        self.starts = [i + 1 for i, line in enumerate(self.lines) if line.strip().startswith(header)]

    def rule(self, index: int) -> int | None:
        return self.starts[index] if index < len(self.starts) else None

    def key(self, index: int, key: str) -> int | None:
        start = self.rule(index)
        if start is None:
            return None
        end = self.starts[index + 1] if index + 1 < len(self.starts) else len(self.lines) + 1
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for n in range(start, end):
            if pattern.match(self.lines[n - 1]):
                return n
        return start

    def example(self, index: int, n: int) -> int | None:
        """The line of the n-th [[rule.example]] of the index-th rule."""
        start = self.rule(index)
        if start is None:
            return None
        end = self.starts[index + 1] if index + 1 < len(self.starts) else len(self.lines) + 1
        found = [i for i in range(start, end) if self.lines[i - 1].strip().startswith("[[rule.example]]")]
        return found[n] if n < len(found) else start


def _read_toml(path: str, what: str) -> tuple[dict, str]:
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        raise ConfigError(path, f"{what}无法读取：{os_reason(exc)}") from None
    import tomllib

    try:
        text = raw.decode("utf-8")
        return tomllib.loads(text), text
    except UnicodeDecodeError:
        raise ConfigError(path, f"{what}不是 UTF-8 文本") from None
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        raise ConfigError(path, f"TOML 语法错误：{exc}", int(line.group(1)) if line else None) from None


def cases_path(rule: Rule) -> str:
    """Where a rule's named edge cases live: cases/ID.toml beside its rule file."""
    return os.path.join(os.path.dirname(rule.source) or ".", "cases", f"{rule.id}.toml")


def load_cases(rule: Rule) -> tuple[Example, ...]:
    """The rule's named edge cases ([[case]] tables), or () when it has no
    cases file. Each is an example with a name, run by the same harness."""
    path = cases_path(rule)
    if not os.path.isfile(path):
        return ()
    data, text = _read_toml(path, "边界情况文件")
    unknown_top = set(data) - {"case"}
    if unknown_top:
        raise ConfigError(path, f"未知的顶层键 {sorted(unknown_top)}（边界情况文件只含 [[case]] 表）")
    lines = _Lines(text, "[[case]]")
    cases, names = [], set()
    for index, table in enumerate(data.get("case", [])):

        def error(message: str, key: str | None = None, index=index, table=table):
            line = lines.key(index, key) if key else lines.rule(index)
            raise ConfigError(path, f"{rule.id} 的边界情况 {table.get('name', index + 1)}: {message}", line)

        if not isinstance(table.get("name"), str):
            error("缺少必填键 name")
        if table["name"] in names:
            error(f"名称 {table['name']} 重复", "name")
        names.add(table["name"])
        cases.append(_example(table, CASE, error))
    return tuple(cases)


def load_rule_file(path: str | os.PathLike) -> list[Rule]:
    path = str(path)
    data, text = _read_toml(path, "规则文件")
    lines = _Lines(text)
    unknown_top = set(data) - {"rule"}
    if unknown_top:
        raise ConfigError(path, f"未知的顶层键 {sorted(unknown_top)}（规则文件只含 [[rule]] 表）")
    rules = []
    for index, table in enumerate(data.get("rule", [])):
        rules.append(_rule(path, index, table, lines))
    return rules


def _rule(path: str, index: int, table: dict, lines: _Lines) -> Rule:
    def error(message: str, key: str | None = None):
        line = lines.key(index, key) if key else lines.rule(index)
        rid = table.get("id", f"第{index + 1}条规则")
        raise ConfigError(path, f"{rid}: {message}", line)

    for param in COMMON:
        if param.required and param.name not in table:
            error(f"缺少必填键 {param.name}")
    kind_name = table["kind"]
    if kind_name in _BECAME_BUILTIN:
        error(f"规则类型 kind = {kind_name!r} 已改为内置检查：写 kind = \"builtin\" 并用 check 指定，"
              f"可用的检查见 docs/rules/kinds.md", "kind")
    if kind_name not in kind_names():
        error(f"未知的规则类型 kind = {kind_name!r}（可用的类型：{'、'.join(kind_names())}）", "kind")
    kind = kind_module(kind_name)
    if kind_name == "builtin":
        _check_params(kind.PARAMS, {k: v for k, v in table.items() if k == "check"}, "builtin", error)
    spec = spec_module(kind_name, table)
    own = by_name(kind.PARAMS) | by_name(spec.PARAMS) if spec is not kind else by_name(kind.PARAMS)
    what = f"check = {table['check']!r}" if spec is not kind else kind_name
    params = {}
    for key, value in table.items():
        param = COMMON_KEYS.get(key)
        if param is not None:
            problem = param.problem(value)
            if problem:
                error(problem, key)
            continue
        if key not in own:
            allowed = "、".join(own) or "无"
            error(f"未知的键 {key}（{what} 可用的键：{allowed}）", key)
        params[key] = value
    _check_params(tuple(own.values()), params, what, error)
    examples = []
    for n, ex in enumerate(table.get("example", [])):

        def example_error(message: str, key: str | None = None, n=n):
            rid = table.get("id", f"第{index + 1}条规则")
            raise ConfigError(path, f"{rid} 的第{n + 1}个例子: {message}", lines.example(index, n))

        examples.append(_example(ex, EXAMPLE, example_error))
    rule = Rule(
        id=table["id"],
        name=table["name"],
        kind=kind_name,
        severity=table["severity"],
        summary=table["summary"],
        message=table["message"],
        explanation=table["explanation"],
        legal_basis=table["legal_basis"],
        params=params,
        confidence=table.get("confidence"),
        profiles=tuple(table.get("profiles", PROFILES)),
        issuers=tuple(table.get("issuers", ISSUERS)),
        examples=tuple(examples),
        source=path,
        line=lines.rule(index),
    )
    try:
        rule.compiled = kind.compile(rule)
    except ValueError as exc:
        key = exc.args[1] if len(exc.args) > 1 else None
        error(str(exc.args[0]), key)
    _check_placeholders(rule, spec, what, error)
    return rule


def _check_params(spec: tuple, params: dict, what: str, error) -> None:
    for param in spec:
        if param.name not in params:
            if param.required:
                error(f"{what} 的规则缺少键 {param.name}（{param.doc}）")
            continue
        problem = param.problem(params[param.name])
        if problem:
            error(problem, param.name)


def _example(ex, spec: tuple, error) -> Example:
    if not isinstance(ex, dict):
        error("example 应为表（[[rule.example]]）")
    allowed = by_name(spec)
    extra = sorted(set(ex) - set(allowed))
    if extra:
        error(f"未知的键 {extra}（可用的键：{'、'.join(allowed)}）")
    if ex.get("kind") not in ("pass", "fail") or not isinstance(ex.get("report"), str):
        error("需要 kind = \"pass\" 或 \"fail\"，以及 report")
    for param in spec:
        if param.name in ex:
            problem = param.problem(ex[param.name])
            if problem:
                error(problem)
    if ex["kind"] == "pass" and (any(ex.get(k) for k in ("expect", "line", "fact")) or ex.get("count", 0) != 0):
        error("pass 的例子不报告问题：不能有 expect、line、fact 或非 0 的 count")
    return Example(
        ex["kind"], ex["report"], ex.get("expect"), ex.get("previous"), ex.get("note"),
        count=ex.get("count"), line=ex.get("line"), fact=ex.get("fact"), name=ex.get("name"),
    )


def _check_placeholders(rule: Rule, spec, what: str, error) -> None:
    """A `{name}` the kind does not fill would be printed as it stands."""
    provides = spec.placeholders(rule) if hasattr(spec, "placeholders") else set(spec.PLACEHOLDERS)
    for name in _PLACEHOLDER.findall(rule.message):
        if name not in provides:
            known = "、".join(f"{{{n}}}" for n in sorted(provides)) or "无"
            error(f"消息中的占位符 {{{name}}} 不存在，会原样显示（{what} 提供：{known}）", "message")


def load_rules(paths: list[str | os.PathLike]) -> list[Rule]:
    rules: list[Rule] = []
    seen: dict[str, Rule] = {}
    for path in paths:
        for rule in load_rule_file(path):
            if rule.id in seen:
                raise ConfigError(rule.source, f"规则编号 {rule.id} 重复（已在 {seen[rule.id].source} 中定义）", rule.line)
            seen[rule.id] = rule
            rules.append(rule)
    return rules


def builtin_rule_files() -> list:
    """`builtin_rule_paths()` as Path objects."""
    from pathlib import Path

    return [Path(p) for p in builtin_rule_paths()]
