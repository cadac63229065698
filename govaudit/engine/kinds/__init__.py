"""Rule kinds. A kind is a module with PARAMS (key → type), REQUIRED,
compile(rule) (validates and prepares params at load time; raises
ValueError(message, key)) and check(rule, ctx) → findings.

Only the kinds listed here exist: a rule file names a kind, it never names
code.
"""

from __future__ import annotations

import importlib

_MODULES = {
    "sections": "sections",
    "table_presence": "tables",
    "layout": "tables",
    "blank_cells": "blanks",
    "notes": "notes",
    "identity": "identity",
    "continuity": "identity",
    "text_table": "text_table",
    "topics": "topics",
    "phrases": "phrases",
    "content": "content",
    "metadata": "metadata",
    "similarity": "similarity",
    "meta": "meta",  # emitted by the suppression step, not by running the rule
}


def kind_names() -> list[str]:
    return sorted(_MODULES)


def kind_module(name: str):
    return importlib.import_module(f".{_MODULES[name]}", __package__)
