"""The scoring model: data (rules/scoring/scoring.toml), validated like a rule
file, and applied to one report's findings. Nothing in the file runs."""

from __future__ import annotations

import tomllib
from collections import Counter
from pathlib import Path

import attrs

from ..core.fieldwise import FieldsHash
from ..core.errors import ConfigError, os_reason
from ..core.findings import SEVERITIES
from ..text.lazyre import lazy_compile

_RULE_ID = lazy_compile(r"^[A-Z]{2,4}\d{3}$")
_SECTIONS = {
    "model": {"name": str, "version": str, "start": (int, float), "floor": (int, float), "description": str},
    "severity": {s: (int, float) for s in SEVERITIES},
    "rule": None,  # rule id → weight
    "cap": {"per_rule": (int, float)},
}


@attrs.frozen(repr=False, eq=False)
class ScoringModel(FieldsHash):
    name: str
    version: str
    start: float
    floor: float
    description: str
    severity: dict
    rule: dict
    per_rule_cap: float | None
    source: str

    def weight(self, rule_id: str, severity: str) -> float:
        return self.rule.get(rule_id, self.severity.get(severity, 0))

    def score(self, findings) -> float:
        """`findings`: iterable of (rule id, severity)."""
        deduction: Counter = Counter()
        for rule_id, severity in findings:
            deduction[rule_id] += self.weight(rule_id, severity)
        total = sum(min(d, self.per_rule_cap) if self.per_rule_cap is not None else d for d in deduction.values())
        return _tidy(max(self.floor, self.start - total))

    def formula(self) -> str:
        cap = f"min({_tidy(self.per_rule_cap)}, 权重 × 问题数)" if self.per_rule_cap is not None else "权重 × 问题数"
        return f"得分 = max({_tidy(self.floor)}, {_tidy(self.start)} − Σ各规则 {cap})"


def _tidy(value):
    return int(value) if float(value).is_integer() else round(value, 2)


def default_scoring_path() -> Path:
    from ..data.profile import rules_dir

    return rules_dir() / "scoring" / "scoring.toml"


def load_scoring(path: str | Path | None = None) -> ScoringModel:
    path = str(path or default_scoring_path())
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(path, f"评分模型无法读取：{os_reason(exc)}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(path, f"评分模型不是有效的 TOML：{exc}") from None

    def fail(message: str):
        raise ConfigError(path, message)

    unknown = set(data) - set(_SECTIONS)
    if unknown:
        fail(f"未知的表 {sorted(unknown)}（可用：{', '.join(_SECTIONS)}）")
    for table, keys in _SECTIONS.items():
        value = data.get(table, {})
        if not isinstance(value, dict):
            fail(f"[{table}] 应为表")
        for key, item in value.items():
            if keys is None:
                if not _RULE_ID.match(key):
                    fail(f"[rule] 中的 {key!r} 不是规则编号（如 GA201）")
                expected = (int, float)
            elif key not in keys:
                fail(f"[{table}] 中未知的键 {key}（可用：{', '.join(keys)}）")
            else:
                expected = keys[key]
            if isinstance(item, bool) or not isinstance(item, expected):
                fail(f"[{table}] {key} 的类型不对")
            if expected == (int, float) and item < 0 and table != "model":
                fail(f"[{table}] {key} 不能为负数")
    model = data.get("model", {})
    severity = {s: 0 for s in SEVERITIES} | data.get("severity", {})
    return ScoringModel(
        name=model.get("name", "评分模型"),
        version=model.get("version", ""),
        start=model.get("start", 100),
        floor=model.get("floor", 0),
        description=model.get("description", "").strip(),
        severity=severity,
        rule=dict(data.get("rule", {})),
        per_rule_cap=data.get("cap", {}).get("per_rule"),
        source=path,
    )
