"""Configuration: `[tool.govaudit]` in pyproject.toml, or a govaudit.toml.

    [tool.govaudit]
    select = ["GA2", "GA3"]          # rule ids or prefixes; default: all
    ignore = ["GA603"]
    fail-on = "warning"              # error | warning | info
    rules = ["my-rules.toml"]        # extra rule files, relative to this file
    [tool.govaudit.severity]
    GA501 = "error"
    [tool.govaudit.per-file-ignores]
    "archive/*.html" = ["GA6"]
    [tool.govaudit.core.limits]
    max_file_bytes = 100000000
"""

from __future__ import annotations

import functools
import os

import attrs

from ..core.fieldwise import FieldsEq
from ..core.errors import ConfigError
from ..core.findings import SEVERITIES
from ..core.limits import Limits

KEYS = {"select", "ignore", "fail-on", "min-confidence", "rules", "severity", "per-file-ignores", "limits"}
# How sure a rule is (its `confidence`): V written in the format or the
# regulation, R inferred from practice, H a rule of thumb. Shown by default:
# V only, so that every warning a user sees by default is one the text of
# the format or regulation bears out (decided on the corpus, docs/configuration.md).
CONFIDENCES = ("V", "R", "H")
DEFAULT_MIN_CONFIDENCE = "V"


@attrs.define(repr=False, eq=False)
class Config(FieldsEq):
    select: list[str] | None = None
    ignore: list[str] = attrs.Factory(list)
    fail_on: str = "error"
    min_confidence: str = DEFAULT_MIN_CONFIDENCE
    rule_files: list[str] = attrs.Factory(list)
    severity: dict[str, str] = attrs.Factory(dict)
    per_file_ignores: dict[str, list[str]] = attrs.Factory(dict)
    limits: Limits = attrs.Factory(Limits)
    source: str | None = None

    def selected(self, rule_id: str, path: str | None = None) -> bool:
        if self.select is not None and not any(rule_id.startswith(s) for s in self.select):
            return False
        if any(rule_id.startswith(s) for s in self.ignore):
            return False
        if path is not None:
            for pattern, ids in self.per_file_ignores.items():
                if _matches(path, pattern) and any(rule_id.startswith(s) for s in ids):
                    return False
        return True

    def confident(self, rule) -> bool:
        """Whether the rule is sure enough to show: its confidence reaches
        min_confidence, or the user selected it by its own id or name."""
        level = rule.confidence or "V"
        if CONFIDENCES.index(level) <= CONFIDENCES.index(self.min_confidence):
            return True
        return self.select is not None and (rule.id in self.select or rule.name in self.select)


def _matches(path: str, pattern: str) -> bool:
    import fnmatch  # only with per-file-ignores configured

    norm = path.replace(os.sep, "/")
    return fnmatch.fnmatch(norm, pattern) or fnmatch.fnmatch(os.path.basename(norm), pattern) or fnmatch.fnmatch(
        norm, "*/" + pattern
    )


def _line(text: str | None, key: str) -> int | None:
    """The first line of the file where `key` is written as a key (`key =`,
    `"key" =`) or in a table header (`[tool.govaudit]` for tool)."""
    if not text:
        return None
    import re

    quoted = re.escape(key)
    assignment = re.compile(rf"""^\s*(["']?){quoted}\1\s*=""")
    header = re.compile(rf"""^\s*\[+\s*(?:[^\]]*\.)?["']?{quoted}["']?\s*[.\]]""")
    for number, line in enumerate(text.splitlines(), 1):
        if assignment.match(line) or header.match(line):
            return number
    return None


def _did_you_mean(value: str, choices) -> str:
    import difflib

    close = difflib.get_close_matches(value, sorted(choices), n=1, cutoff=0.6)
    return f"（您是否想写 “{close[0]}”？）" if close else f"（可用：{', '.join(sorted(choices))}）"


class _Source:
    """Where a configuration came from: errors name its file, key and line."""

    def __init__(self, path: str, text: str | None):
        self.path, self.text = path, text

    def error(self, key: str, problem: str, line_key: str | None = None) -> ConfigError:
        return ConfigError(self.path, problem, _line(self.text, line_key or key))

    def strings(self, value, key: str) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.error(key.rpartition(".")[2], f"{key} 应为字符串列表")
        return value


def parse_config(data: dict, source: str, base: str, text: str | None = None) -> Config:
    """`text`: the file's own text, for the line of a key in an error."""
    where = _Source(source, text)
    for key in sorted(set(data) - KEYS):
        if key == "tool" and os.path.basename(source) != "pyproject.toml":
            raise where.error(key, "未知的配置项 “tool”：govaudit.toml 中直接写配置项（如 select = [\"GA2\"]），"
                                   "[tool.govaudit] 是 pyproject.toml 的写法")
        raise where.error(key, f"未知的配置项 “{key}”{_did_you_mean(key, KEYS)}")
    config = Config(source=source)
    if "select" in data:
        config.select = where.strings(data["select"], "select")
    config.ignore = where.strings(data.get("ignore", []), "ignore")
    fail_on = data.get("fail-on", "error")
    if fail_on not in SEVERITIES:
        raise where.error("fail-on", f"fail-on 应为 {'/'.join(SEVERITIES)}，实为 “{fail_on}”{_hint_value(fail_on, SEVERITIES)}")
    config.fail_on = fail_on
    confidence = data.get("min-confidence", DEFAULT_MIN_CONFIDENCE)
    if confidence not in CONFIDENCES:
        raise where.error("min-confidence", f"min-confidence 应为 {'/'.join(CONFIDENCES)}（V 格式或条例明文规定，R 据实践归纳，H 经验规则），实为 “{confidence}”")
    config.min_confidence = confidence
    config.rule_files = [os.path.join(base, p) for p in where.strings(data.get("rules", []), "rules")]
    severity = data.get("severity", {})
    if not isinstance(severity, dict):
        raise where.error("severity", "severity 应为表（如 [tool.govaudit.severity] 下 GA201 = \"warning\"）")
    for rule, value in severity.items():
        if value not in SEVERITIES:
            raise where.error(rule, f"severity.{rule} 应为 {'/'.join(SEVERITIES)}，实为 “{value}”{_hint_value(str(value), SEVERITIES)}")
    config.severity = dict(severity)
    pfi = data.get("per-file-ignores", {})
    if not isinstance(pfi, dict):
        raise where.error("per-file-ignores", "per-file-ignores 应为表")
    config.per_file_ignores = {k: where.strings(v, f"per-file-ignores.{k}") for k, v in pfi.items()}
    limits = data.get("limits", {})
    if not isinstance(limits, dict):
        raise where.error("limits", "limits 应为表")
    fields = {f.name for f in attrs.fields(Limits)}
    for key in sorted(set(limits) - fields):
        raise where.error(key, f"未知的 limits 项 “{key}”{_did_you_mean(key, fields)}")
    for key, value in limits.items():
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
            raise where.error(key, f"limits.{key} 应为正数，实为 {value!r}")
    config.limits = Limits(**limits)
    return config


def _hint_value(value: str, choices) -> str:
    import difflib

    close = difflib.get_close_matches(str(value).lower(), list(choices), n=1, cutoff=0.6)
    return f"（您是否想写 “{close[0]}”？）" if close else ""


def load_config(path: str | None = None, start: str | None = None) -> Config:
    """An explicit file, else the nearest govaudit.toml or pyproject.toml with [tool.govaudit]."""
    if path:
        return _read(str(path), explicit=True) or Config(source=str(path))
    found = find_config(start or os.getcwd())
    return _read(found, explicit=False) if found else Config()


def find_config(start: str) -> str | None:
    """The nearest govaudit.toml, or pyproject.toml with [tool.govaudit], in
    `start` or a folder above it (as ruff finds its configuration)."""
    folder = os.path.realpath(start)
    while True:
        for name in ("govaudit.toml", "pyproject.toml"):
            candidate = os.path.join(folder, name)
            if os.path.isfile(candidate) and _holds_config(candidate):
                return candidate
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


@functools.lru_cache(maxsize=64)
def _holds_config(path: str) -> bool:
    return _read(path, explicit=False) is not None


def _read(path: str, explicit: bool) -> Config | None:
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except FileNotFoundError:
        raise ConfigError(path, "配置文件不存在") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(path, f"配置文件无法读取：{exc}") from None
    is_pyproject = os.path.basename(path) == "pyproject.toml"
    if is_pyproject and not explicit and "govaudit" not in text:
        return None  # most projects' pyproject.toml: no need to parse it
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, f"配置文件 TOML 语法错误：{exc}") from None
    if is_pyproject:
        section = data.get("tool", {}).get("govaudit")
        if section is None:
            if explicit:
                raise ConfigError(path, "pyproject.toml 中没有 [tool.govaudit]")
            return None
        data = section
    return parse_config(data, path, os.path.dirname(path), text)
