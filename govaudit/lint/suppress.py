"""Suppression comments in HTML and Markdown reports.

    <!-- govaudit: ignore GA201 结转数以台账为准，已向上级说明 -->
    <!-- govaudit: ignore GA201,GA203 原因 -->

A comment covers the next block (paragraph or table) after it: the first
block that starts at or after the comment's end, from its start up to, not
including, the start of the block after it. A finding there is suppressed
when its rule id starts with one of the comment's ids. Found in the decoded
source lines with the blocks' locations, so no loader needs to know.

The comments are checked too (built-in checks named in engine/checks DIRECTIVES, rules/meta.toml): one
without a reason, one without rule ids, and ids that suppressed nothing.
"""

from __future__ import annotations

import bisect
import re

import attrs

from ..core.fieldwise import FieldsEq
from ..engine.context import render
from ..core.findings import Finding
from ..core.model import Location, Paragraph, Table

# Bounded, so an unclosed comment costs at most this much scanning per opening.
_COMMENT = re.compile(r"<!--\s*govaudit\s*:\s*ignore(?![\w-])(?P<body>.{0,2000}?)-->", re.S | re.I)
_ID = r"[A-Za-z]{2,4}\d{1,3}(?!\d)"
_IDS = re.compile(rf"\s*(?P<ids>{_ID}(?:\s*[,，、]\s*{_ID})*)(?P<reason>.*)", re.S)
_REASON_LEAD = " \t\r\n:：-—–,，、;；"
FORMATS = ("html", "md")

UNUSED, NO_REASON, INVALID = "unused-suppression", "suppression-without-reason", "invalid-suppression"


@attrs.define(repr=False, eq=False)
class Suppression(FieldsEq):
    ids: tuple[str, ...]
    reason: str
    location: Location  # the comment itself
    block: int | None  # index of the covered block
    start: tuple[int, int] | None = None  # (line, column) where the block starts
    end: tuple[int, int] | None = None  # where the next block starts; None: end of file
    used: set = attrs.Factory(set)
    text: str = ""

    def covers(self, loc: Location) -> bool:
        if self.start is None or loc.line is None:
            return False
        line, col = loc.line, loc.column
        sl, sc = self.start
        if line < sl or (line == sl and col is not None and col < sc):
            return False
        if self.end is None:
            return True
        el, ec = self.end
        return line < el or (line == el and col is not None and col < ec)


def _position(starts: list[int], offset: int) -> tuple[int, int]:
    """1-based (line, column) of an offset into the joined source lines."""
    line = bisect.bisect_right(starts, offset) - 1
    return line + 1, offset - starts[line] + 1


def _block_start(block) -> tuple[int, int] | None:
    loc = block.location
    return (loc.line, loc.column or 1) if loc.line is not None else None


def find_suppressions(document) -> list[Suppression]:
    if document.format not in FORMATS or not document.source_lines:
        return []
    text = "\n".join(document.source_lines)
    if "govaudit" not in text:
        return []
    starts, pos = [], 0
    for line in document.source_lines:
        starts.append(pos)
        pos += len(line) + 1
    # Paragraphs and tables can be covered; any block (an image too) ends a range.
    # Sorted by start, so each comment finds its block by bisection.
    bounds = sorted((s, i) for i, s in ((i, _block_start(b)) for i, b in enumerate(document.blocks)) if s is not None)
    bound_starts = [s for s, _ in bounds]
    coverable = sorted((s, i) for s, i in bounds if isinstance(document.blocks[i], (Paragraph, Table)))
    cover_starts = [s for s, _ in coverable]
    out = []
    for match in _COMMENT.finditer(text):
        line, col = _position(starts, match.start())
        end_line, end_col = _position(starts, match.end())
        loc = Location(document.path, line=line, column=col, end_line=end_line, end_column=end_col)
        body = match.group("body")
        parsed = _IDS.match(body)
        if parsed:
            ids = tuple(dict.fromkeys(i.strip().upper() for i in re.split(r"[,，、]", parsed.group("ids"))))
            reason = " ".join(parsed.group("reason").strip(_REASON_LEAD).split())
        else:
            ids, reason = (), " ".join(body.split())
        sup = Suppression(ids, reason, loc, None, text=" ".join(match.group(0).split())[:120])
        # The first block starting at or after the comment's end (a Markdown
        # loader may keep the comment line itself as a paragraph: it starts before).
        k = bisect.bisect_left(cover_starts, (end_line, end_col))
        if k < len(coverable):
            sup.start, sup.block = coverable[k]
            n = bisect.bisect_right(bound_starts, sup.start)
            sup.end = bound_starts[n] if n < len(bound_starts) else None
        out.append(sup)
    return out


def apply_suppressions(findings: list[Finding], extraction, rules, config) -> tuple[list[Finding], list]:
    """(findings kept, plus those about the comments; [(finding, suppression)] suppressed)."""
    document = extraction.document
    sups = find_suppressions(document)
    if not sups:
        return findings, []
    from ..engine.checks import DIRECTIVES

    meta = {r.name: r for r in rules if r.kind == "builtin" and r.params.get("check") in DIRECTIVES}
    meta_ids = {r.id for r in meta.values()}
    # Ranges of different blocks do not overlap: index them by start.
    by_block: dict[int, list[Suppression]] = {}
    for sup in sups:
        if sup.ids and sup.block is not None:
            by_block.setdefault(sup.block, []).append(sup)
    ranges = sorted((group[0].start, group) for group in by_block.values())
    range_starts = [r[0] for r in ranges]
    kept, suppressed = [], []
    for finding in findings:
        loc = finding.location
        hits = []
        if loc.line is not None and finding.rule not in meta_ids and ranges:
            k = bisect.bisect_right(range_starts, (loc.line, loc.column if loc.column is not None else 1 << 30)) - 1
            if k >= 0 and ranges[k][1][0].covers(loc):
                hits = [sup for sup in ranges[k][1] if any(finding.rule.startswith(r) for r in sup.ids)]
        for sup in hits:
            sup.used.update(r for r in sup.ids if finding.rule.startswith(r))
        if hits:
            suppressed.append((finding, hits[0]))
        else:
            kept.append(finding)
    path = document.path
    sections = extraction.segmentation.block_sections
    known = [r.id for r in rules]

    def emit(name: str, sup: Suppression, values: dict):
        rule = meta.get(name)
        if rule is None or not config.selected(rule.id, path):
            return
        severity = config.severity.get(rule.id, rule.severity)
        section = sections[sup.block] if sup.block is not None and sup.block < len(sections) else None
        message = render(rule.message, values)
        kept.append(Finding(rule.id, rule.name, severity, message, sup.location, section=section, evidence=sup.text))

    for sup in sups:
        ids = ",".join(sup.ids)
        if not sup.ids:
            emit(INVALID, sup, {"text": sup.text})
            continue
        if not sup.reason:
            emit(NO_REASON, sup, {"ids": ids})
        unknown = [i for i in sup.ids if not any(k.startswith(i) for k in known)]
        stale = [
            i
            for i in sup.ids
            if i not in sup.used and i not in unknown and any(k.startswith(i) and config.selected(k, path) for k in known)
        ]
        if unknown:
            emit(UNUSED, sup, {"ids": ",".join(unknown), "why": "没有这条规则"})
        if stale:
            why = "其后的段落或表格中没有此类问题" if sup.block is not None else "注释之后没有段落或表格"
            emit(UNUSED, sup, {"ids": ",".join(stale), "why": why})
    kept.sort(key=Finding.sort_key)
    return kept, suppressed
