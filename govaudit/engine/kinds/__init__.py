"""Rule kinds: the templates a rule file fills in, and `builtin`.

A kind is a module with DOC (what it checks, in Chinese, for
docs/rules/kinds.md), PARAMS (a tuple of engine.params.Param: names,
types, allowed values), PLACEHOLDERS (the `{names}` its messages may use,
each with its meaning), compile(rule) (prepares params at load time; raises
ValueError(message, key) when the rule could never fire) and check(rule,
ctx) → findings. A kind whose placeholders depend on the rule also has
placeholders(rule).

Templates are generic and reusable; `builtin` names one of the built-in
checks in engine/checks/. Only the kinds listed here exist: a rule file
names a kind, it never names code.
"""

from __future__ import annotations

import importlib

_MODULES = {
    "identity": "identity",
    "continuity": "identity",
    "topics": "topics",
    "existence": "existence",
    "substitution": "substitution",
    "phrases": "phrases",
    "similarity": "similarity",
    "text_table": "text_table",
    "content": "content",
    "table_presence": "table_presence",
    "blank_cells": "blanks",
    "notes": "notes",
    "builtin": "builtin",  # one of engine/checks/, named by `check`
}
TEMPLATES = tuple(k for k in _MODULES if k != "builtin")


def kind_names() -> list[str]:
    return sorted(_MODULES)


def kind_module(name: str):
    return importlib.import_module(f".{_MODULES[name]}", __package__)


def spec_module(name: str, params: dict):
    """The module whose PARAMS and PLACEHOLDERS describe a rule: the kind's,
    or for `builtin` the named check's (KeyError when the check is unknown)."""
    if name == "builtin":
        from ..checks import check_module

        return check_module(params.get("check"))
    return kind_module(name)
