"""What extraction could not read (unrecognised rows, unreadable cells…)."""

from __future__ import annotations

from ..context import render
from ..params import Param

# Every code extraction and the loaders give a note (tests/test_rule_kinds.py
# reads the source to keep this list whole).
CODES = ("unrecognised-row", "unreadable-cell", "unrecognised-table", "duplicate-row", "extra-rows", "load-problem")
DOC = "读取时无法识别的内容（无法识别的行、无法读取的单元格等）：不悄悄当作 0 或跳过，逐条报告。"  # for docs/rules/kinds.md
PARAMS = (Param("codes", "list[str]", "报告哪些读取说明", required=True, choices=CODES, nonempty=True),)
PLACEHOLDERS = {"note": "读取说明本身"}


def compile(rule):
    return frozenset(rule.params["codes"])


def check(rule, ctx):
    findings = []
    for note in ctx.extraction.notes:
        if note.code in rule.compiled:
            text = ctx.text_at(note.location)  # the cell or paragraph the note is about, else its own words
            findings.append(ctx.finding(rule, render(rule.message, {"note": note.message}), note.location, section=note.section,
                                        evidence=text or note.message, quoted=bool(text)))
    return findings
