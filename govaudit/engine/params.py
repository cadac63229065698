"""Declared rule parameters: one table per kind (and one for the keys every
rule has) drives both the validation at load time and the generated docs.

A kind lists its parameters as `Param`s in PARAMS and the `{names}` its
messages may use in PLACEHOLDERS; rulefile.py checks every key of a rule
against them, so each kind validates the same way.
"""

from __future__ import annotations

import re

import attrs

# type name → (Chinese name for errors and docs, test)
TYPES = {
    "str": ("字符串", lambda v: isinstance(v, str)),
    "int": ("整数", lambda v: isinstance(v, int) and not isinstance(v, bool)),
    "number": ("数", lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)),
    "list[str]": ("字符串列表", lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v)),
    "list": ("数组", lambda v: isinstance(v, list)),
    "table": ("表", lambda v: isinstance(v, dict)),
    "table[str]": ("表（值为字符串）", lambda v: isinstance(v, dict) and all(isinstance(x, str) for x in v.values())),
}


@attrs.frozen
class Param:
    name: str
    type: str
    doc: str  # what it means, in Chinese: shown in docs/rules and in errors
    required: bool = False
    choices: tuple = ()  # allowed values (of each item for a list, of each key for a table)
    pattern: str | None = None  # a str must match it in full
    hint: str = ""  # how a valid value looks, for the error when `pattern` fails
    default: object = None
    nonempty: bool = False  # a list or table that must not be empty: empty, the rule would never fire

    def type_name(self) -> str:
        return TYPES[self.type][0]

    def problem(self, value) -> str | None:
        """None when `value` is valid, else what is wrong (Chinese)."""
        if not TYPES[self.type][1](value):
            return f"键 {self.name} 的类型应为{self.type_name()}"
        if self.nonempty and not value:
            return f"{self.name} 不能为空：否则这条规则永远不会报告"
        if self.choices:
            items = value if isinstance(value, (list, dict)) else [value]
            bad = [v for v in items if v not in self.choices]
            if bad:
                return f"{self.name} 不能是 {bad[0]!r}：可用的值为 {'、'.join(map(str, self.choices))}"
        if self.pattern and not re.fullmatch(self.pattern, value):
            return f"{self.name} {value!r} {self.hint or '格式不对'}"
        return None


NUMERALS = ("一", "二", "三", "四", "五", "六")
# The section a rule reads: the same key, and the same values, in every kind.
SECTION = Param("section", "str", "报告的哪一部分：`一`…`六`", required=True, choices=NUMERALS)
SECTION_OR_ALL = Param(
    "section", "str", "报告的哪一部分：`一`…`六`，或 `全文`（默认）", choices=("全文",) + NUMERALS, default="全文"
)
TABLE = Param("table", "str", "哪个表格：`t2`（表二）、`t3`（表三）或 `t4`（表四）", required=True, choices=("t2", "t3", "t4"))
# 表三 or 表四: the applications and the reviews/lawsuits tables (what the built-in table checks read).
T3_OR_T4 = Param("table", "str", "哪个表格：`t3`（表三）或 `t4`（表四）", required=True, choices=("t3", "t4"))


def table_of(rule) -> str:
    """compile() of a check whose only parameter is `table`: the table it reads."""
    return rule.params["table"]


def by_name(params) -> dict[str, Param]:
    return {p.name: p for p in params}
