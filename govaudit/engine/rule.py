"""A rule as the engine runs it. Made from a rule file by rulefile.py, or
unpickled from the rule cache, which then never needs rulefile.py."""

from __future__ import annotations

import functools
import os

import attrs

from ..core.fieldwise import FieldsHash, FieldsRepr


@attrs.frozen(repr=False, eq=False)
class Example(FieldsHash):
    kind: str  # pass | fail
    report: str  # a report (Markdown) the rule is run on
    expect: str | None = None  # for fail: text the finding's message must contain
    previous: str | None = None  # last year's report, for cross-year rules
    note: str | None = None
    count: int | None = None  # for fail: exactly this many findings
    line: int | None = None  # for fail: one finding at this line of `report`
    fact: str | None = None  # for fail: one finding about this fact key (a cell)
    name: str | None = None  # an edge case's name (rules/cases/ID.toml)


@attrs.define(eq=False, repr=False)
class Rule(FieldsRepr):
    id: str
    name: str
    kind: str
    severity: str
    summary: str
    message: str
    explanation: str
    legal_basis: str
    params: dict
    confidence: str | None = None
    profiles: tuple[str, ...] = ()  # the formats it applies to: rulefile.py gives every format when the rule names none
    issuers: tuple[str, ...] = ("government", "department")
    examples: tuple[Example, ...] = ()
    source: str = ""
    line: int | None = None
    compiled: object = None  # what the kind prepared from params at load time


def builtin_rule_paths() -> list[str]:
    return list(_builtin_rule_paths())


@functools.cache  # asked for by every audit(): the folder is listed once per process
def _builtin_rule_paths() -> tuple[str, ...]:
    from ..data.profile import rules_path

    folder = rules_path()
    return tuple(sorted(os.path.join(folder, n) for n in os.listdir(folder) if n.endswith(".toml")))
