"""Suppression comments in HTML and Markdown reports.

    <!-- govaudit: ignore GA201 结转数以台账为准，已向上级说明 -->
    <!-- govaudit: ignore GA201,GA203 原因 -->

A comment covers the next block (paragraph or table) after it: the first
block that starts at or after the comment's end, from its start up to, not
including, the start of the block after it. A finding there is suppressed
when its rule id starts with one of the comment's ids. The loaders that see
comments (HTML, Markdown) hand them over as `Document.directives`, with
their locations; this module reads them.

The comments are checked too (built-in checks named in engine/checks DIRECTIVES, rules/meta.toml): one
without a reason, one without rule ids, and ids that suppressed nothing.
"""

from __future__ import annotations

import bisect
import re

import attrs

from ..core.fieldwise import FieldsEq
from ..engine.context import render
from ..core.errors import InputError
from ..core.findings import Finding
from ..core.model import Location, Paragraph, Table
from ..text.lazyre import lazy_compile

# The comment as a loader handed it over (lint layer's reading of it).
_COMMENT = lazy_compile(r"<!--\s*govaudit\s*:\s*ignore(?![\w-])(?P<body>.{0,2000}?)--\s*>\Z", re.S | re.I)
# A code, mistyped ones too (GA2O1 with a letter O is one unknown code, not
# the prefix GA2 and a reason "O1 …"): letters, a digit, letters or digits.
_ID = r"[A-Za-z]{2,4}\d[0-9A-Za-z]{0,3}(?![0-9A-Za-z])"
_IDS = lazy_compile(rf"\s*(?P<ids>{_ID}(?:\s*[,，、]\s*{_ID})*)(?P<reason>.*)", re.S)
_REASON_LEAD = " \t\r\n:：-—–,，、;；"

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


def _block_start(block) -> tuple[int, int] | None:
    loc = block.location
    return (loc.line, loc.column or 1) if loc.line is not None else None


def find_suppressions(document) -> list[Suppression]:
    """The suppression comments among the document's directives, each with the block it covers."""
    directives = [(d, m) for d in document.directives if (m := _COMMENT.match(d.text))]
    if not directives:
        return []
    # Paragraphs and tables can be covered; any block (an image too) ends a range.
    # Sorted by start, so each comment finds its block by bisection.
    bounds = sorted((s, i) for i, s in ((i, _block_start(b)) for i, b in enumerate(document.blocks)) if s is not None)
    bound_starts = [s for s, _ in bounds]
    coverable = sorted((s, i) for s, i in bounds if isinstance(document.blocks[i], (Paragraph, Table)))
    cover_starts = [s for s, _ in coverable]
    out = []
    for directive, match in directives:
        loc = directive.location
        body = match.group("body")
        parsed = _IDS.match(body)
        if parsed:
            ids = tuple(dict.fromkeys(i.strip().upper() for i in re.split(r"[,，、]", parsed.group("ids"))))
            reason = " ".join(parsed.group("reason").strip(_REASON_LEAD).split())
        else:
            ids, reason = (), " ".join(body.split())
        sup = Suppression(ids, reason, loc, None, text=" ".join(directive.text.split())[:120])
        # The first block starting at or after the comment's end (a Markdown
        # loader may keep the comment line itself as a paragraph: it starts before).
        k = bisect.bisect_left(cover_starts, (loc.end_line, loc.end_column))
        if k < len(coverable):
            sup.start, sup.block = coverable[k]
            n = bisect.bisect_right(bound_starts, sup.start)
            sup.end = bound_starts[n] if n < len(bound_starts) else None
        out.append(sup)
    return out


def apply_suppressions(findings: list[Finding], extraction, rules, config) -> tuple[list[Finding], list]:
    """(findings kept, plus those about the comments; [(finding, suppression)] suppressed).
    `config` says which rules are on, for the comments' own findings and for
    telling an unused id from one whose rule is off."""
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

    def emit(name: str, sup: Suppression, values: dict, after: str = ""):
        rule = meta.get(name)
        if rule is None or not config.selected(rule.id, path):
            return
        section = sections[sup.block] if sup.block is not None and sup.block < len(sections) else None
        message = render(rule.message, values) + after
        # At the rule's own severity: the caller (lint/apply.py) applies overrides to all alike.
        kept.append(Finding(rule.id, rule.name, rule.severity, message, sup.location, section=section, evidence=sup.text))

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
        if unknown:  # as a mistyped --select: an error (exit 2), never a check quietly left as it was
            from .codes import hint

            code = unknown[0]
            raise InputError(path, f"第{sup.location.line}行的抑制注释中的 “{code}” 不是已知的规则编号、前缀或规则名"
                                   f"{hint(code, rules)}")
        if stale:
            why = "其后的段落或表格中没有此类问题" if sup.block is not None else "注释之后没有段落或表格"
            emit(UNUSED, sup, {"ids": ",".join(stale), "why": why})
    return kept, suppressed
