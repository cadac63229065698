"""What extraction could not read (unrecognised rows, unreadable cells…)."""

from __future__ import annotations

from ..context import render

PARAMS = {"codes": list}
REQUIRED = ("codes",)


def compile(rule):
    return frozenset(rule.params["codes"])


def check(rule, ctx):
    return [
        ctx.finding(rule, render(rule.message, {"note": note.message}), note.location, section=note.section)
        for note in ctx.extraction.notes
        if note.code in rule.compiled
    ]
