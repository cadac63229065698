"""The six sections: present, in order, with their standard titles (spec §3)."""

from __future__ import annotations

from ...segment.sections import NUMERALS
from ..context import render

PARAMS = {"check": str}
REQUIRED = ("check",)
CHECKS = ("present", "order", "title", "recognised")


def unrecognised(ctx) -> str | None:
    """Why the report's structure could not be read at all (no section
    heading and no statistics table), or None. Then one finding says so,
    instead of six missing sections and three missing tables."""
    if ctx.seg.sections or any(ctx.extraction.tables.values()):
        return None
    doc = ctx.doc
    text = sum(len(p.text) for p in doc.paragraphs)
    titled = ctx.seg.year is not None and "信息公开" in (ctx.seg.title or "")
    if titled and text < 300:
        return None  # a report's title over a few lines: an excerpt, checked as one
    images = len([b for b in doc.blocks if b.__class__.__name__ == "Image"])
    if images and text < 200:
        return f"正文主要是图片（{images}张），文字无法读取"
    if text < 20:
        return "文件中几乎没有可读的文字"
    longest = max((len(p.text) for p in doc.paragraphs), default=0)
    if longest > 2000 and longest * 2 > text:
        return f"正文连成一段（最长一行{longest}字），其中找不到部分标题（如“一、总体情况”），无法分段"
    return "没有找到任何部分标题（如“一、总体情况”）和统计表，不像是政府信息公开工作年度报告，或文本无法分段"


def compile(rule):
    if rule.params["check"] not in CHECKS:
        raise ValueError(f"check 应为 {'/'.join(CHECKS)}", "check")
    return rule.params["check"]


def check(rule, ctx):
    sections = ctx.seg.sections
    if rule.compiled == "recognised":
        why = unrecognised(ctx)
        return [ctx.finding(rule, render(rule.message, {"why": why}), ctx.document_location())] if why else []
    if rule.compiled == "present":
        if unrecognised(ctx):
            return []  # the structure rule says it once
        found = {s.number for s in sections}
        missing = [n for n in NUMERALS if n not in found]
        if not missing:
            return []
        listing = "、".join(missing)
        return [ctx.finding(rule, render(rule.message, {"missing": listing}), ctx.document_location(), facts=[])]
    if rule.compiled == "order":
        numbers = [s.number for s in sections]
        expected = sorted(numbers, key=NUMERALS.index)
        if numbers == expected:
            return []
        return [
            ctx.finding(rule, render(rule.message, {"actual": "、".join(numbers), "expected": "、".join(expected)}), sections[0].location)
        ]
    findings = []
    for s in sections:
        if s.match in ("variant", "loose"):
            findings.append(ctx.finding(rule, render(rule.message, {"number": s.number, "title": s.title}), s.location, section=s.number, evidence=s.title))
    return findings
