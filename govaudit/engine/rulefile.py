"""Rule files: TOML data → validated `Rule`s. Nothing in a rule file runs.

Every problem names the file and the line: an unknown kind, a key the kind
does not take, a fact key that does not exist, an identity that does not
parse. A rule that would silently match nothing is refused.
"""

from __future__ import annotations

import os
import re

from ..core.errors import ConfigError
from ..core.findings import SEVERITIES
from ..data.schema import format_names
from .kinds import kind_module
from .rule import Example, Rule, builtin_rule_paths  # noqa: F401  (what this module makes, and where from)

COMMON_KEYS = {
    "id": str,
    "name": str,
    "kind": str,
    "severity": str,
    "summary": str,
    "message": str,
    "explanation": str,
    "legal_basis": str,
    "confidence": str,
    "profiles": list,
    "issuers": list,
    "example": list,
}
REQUIRED = ("id", "name", "kind", "severity", "summary", "message", "explanation", "legal_basis")
ISSUERS = {"government", "department"}
_ID = re.compile(r"^[A-Z]{2,4}\d{3}$")
_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
EXAMPLE_KEYS = {"kind": str, "report": str, "previous": str, "expect": str, "note": str}




class _Lines:
    """Finds the line of the i-th [[rule]] and of a key inside it, since
    tomllib gives values but no positions."""

    def __init__(self, text: str):
        self.lines = text.splitlines()
        self.starts = [i + 1 for i, line in enumerate(self.lines) if line.strip().startswith("[[rule]]")]

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


def load_rule_file(path: str | os.PathLike) -> list[Rule]:
    path = str(path)
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        raise ConfigError(path, f"规则文件无法读取：{exc.strerror or exc}") from None
    import tomllib

    try:
        text = raw.decode("utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        raise ConfigError(path, "规则文件不是 UTF-8 文本") from None
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        raise ConfigError(path, f"TOML 语法错误：{exc}", int(line.group(1)) if line else None) from None
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

    for key in REQUIRED:
        if key not in table:
            error(f"缺少必填键 {key}")
    kind_name = table["kind"]
    try:
        kind = kind_module(kind_name)
    except KeyError:
        error(f"未知的规则类型 kind = {kind_name!r}", "kind")
    params = {}
    for key, value in table.items():
        if key in COMMON_KEYS:
            if not isinstance(value, COMMON_KEYS[key]):
                error(f"键 {key} 的类型应为 {COMMON_KEYS[key].__name__}", key)
            continue
        if key not in kind.PARAMS:
            allowed = ", ".join(sorted(kind.PARAMS))
            error(f"未知的键 {key}（{kind_name} 类型可用的键：{allowed}）", key)
        expected = kind.PARAMS[key]
        if not isinstance(value, expected):
            error(f"键 {key} 的类型应为 {getattr(expected, '__name__', expected)}", key)
        params[key] = value
    for key in getattr(kind, "REQUIRED", ()):
        if key not in params:
            error(f"{kind_name} 类型的规则缺少键 {key}")
    if not _ID.match(table["id"]):
        error(f"规则编号 {table['id']!r} 应形如 GA201", "id")
    if not _NAME.match(table["name"]):
        error(f"规则名 {table['name']!r} 应为小写连字符形式，如 t3-balance", "name")
    if table["severity"] not in SEVERITIES:
        error(f"severity 应为 {'/'.join(SEVERITIES)}", "severity")
    formats = format_names()  # rules/profile/formats.toml
    profiles = tuple(table.get("profiles", formats))
    if not set(profiles) <= set(formats):
        error(f"profiles 只能是 {list(formats)}", "profiles")
    issuers = tuple(table.get("issuers", ("government", "department")))
    if not set(issuers) <= ISSUERS:
        error(f"issuers 只能是 {sorted(ISSUERS)}", "issuers")
    examples = []
    for ex in table.get("example", []):
        if not isinstance(ex, dict):
            error("example 应为表（[[rule.example]]）", "example")
        extra = set(ex) - set(EXAMPLE_KEYS)
        if extra:
            error(f"example 中未知的键 {sorted(extra)}", "kind")
        if ex.get("kind") not in ("pass", "fail") or not isinstance(ex.get("report"), str):
            error("example 需要 kind = \"pass\" 或 \"fail\"，以及 report", "kind")
        examples.append(Example(ex["kind"], ex["report"], ex.get("expect"), ex.get("previous"), ex.get("note")))
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
        profiles=profiles,
        issuers=issuers,
        examples=tuple(examples),
        source=path,
        line=lines.rule(index),
    )
    try:
        rule.compiled = kind.compile(rule)
    except ValueError as exc:
        key = exc.args[1] if len(exc.args) > 1 else None
        error(str(exc.args[0]), key)
    return rule


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
