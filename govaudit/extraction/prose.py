"""Figures stated in sentences → facts with source `text` (rules/profile/prose.toml).

A figure is a number with a unit (件, 份, 起…). It takes the key of the
nearest vocabulary phrase before it in the same clause. Scope markers
(全省, 省本级…) set the scope for the rest of the paragraph; a parenthetical
`(省本级40件)` gives the same key for that scope only.
"""

from __future__ import annotations

import bisect
import functools
import re

from ..core.facts import Fact
from ..text.spaces import RunLocator
from ..core.model import Location, Paragraph
from ..text.normalize import nfkc
from ..data.profile import LabelMatcher, load_profile
from ..data.schema import fact_keys


@functools.cache
def _vocab():
    data = load_profile("prose")
    units = "|".join(sorted(data["units"], key=len, reverse=True))
    scopes = data["scopes"]
    # Digit runs are found first and the unit checked after them: a pattern
    # with the unit inside would rescan a long run from each of its digits.
    # A minus sign is read (a negative count is an error, GA205/GA304), a
    # hyphen between two figures (1-3件) is not.
    number = re.compile(r"(?:(?<!\d)[-−])?\d[\d,]*")
    unit = re.compile(rf"\s*(?:{units})")
    paren = re.compile(rf"[(（]\s*({'|'.join(scopes)})\s*(\d[\d,]*)\s*(?:{units})\s*[)）]")
    sections = {}
    for section in data["section"]:
        pairs = []
        for entry in section["phrases"]:
            text, key = entry[0], entry[1]
            group = entry[2] if len(entry) > 2 else ""
            needs = entry[3] if len(entry) > 3 else []
            pairs.append((text, (key, group, tuple(needs))))
        sections[section["number"]] = LabelMatcher(pairs)
    scope_matcher = LabelMatcher((s, s) for s in scopes)
    breaks = set(data["clause_breaks"])
    units = "|".join(sorted(data["sub_units"], key=len, reverse=True))
    marker = data["sub_unit_marker"]
    # Compiled by re on first use (1 ms: a wide range), only for a clause
    # that holds the marker at all.
    sub_unit = (marker, rf"([\u4e00-\u9fff]{{0,8}}(?:{units})){marker}")
    return sections, scope_matcher, (number, unit), paren, breaks, sub_unit


def _position(paragraph: Paragraph, locator: RunLocator | None, offset: int) -> Location:
    """The location of character `offset` of a paragraph's text."""
    location = paragraph.location
    if location.line is None:
        return location
    found = locator.at(offset) if locator is not None else None
    if found is not None:
        line, column = found
    else:
        # Text and Markdown paragraphs are one source line, cleaned only at
        # its ends: the offset from the first character is the column.
        line, column = location.line, (location.column or 1) + offset
        if location.end_line == location.line and location.end_column:
            column = min(column, location.end_column)
    return Location(location.path, line=line, column=column, end_line=line, end_column=column + 1)


def _clause(text: str, start: int, end: int, breaks: list[int]) -> str:
    """The clause around a figure, as evidence (至多 60 characters)."""
    i = bisect.bisect_left(breaks, start)
    lo = breaks[i - 1] + 1 if i > 0 else 0
    j = bisect.bisect_left(breaks, end)
    hi = breaks[j] if j < len(breaks) else len(text)
    clause = text[lo:hi].strip()
    return clause if len(clause) <= 60 else "…" + text[max(lo, end - 58):end]


def _inside(spans: list[tuple[int, int]], starts: list[int], pos: int) -> bool:
    """Whether pos falls in one of the sorted, non-overlapping spans."""
    i = bisect.bisect_right(starts, pos) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def prose_facts(paragraph: Paragraph, section: str, issuer_kind: str = "department", max_digits: int = 18) -> list[Fact]:
    """The figures of one paragraph of section `section`; a digit run longer
    than `max_digits` is no count of applications and is passed over."""
    sections, scope_matcher, (number_re, unit_re), paren_re, breaks, sub_unit = _vocab()
    matcher = sections.get(section)
    if matcher is None:
        return []
    text = nfkc(paragraph.text)
    # NFKC keeps length for CJK text except rare ligatures; positions stay close.
    phrases = matcher.find_all(text)
    scope_hits = scope_matcher.find_all(text)
    parens = {m.start(): m for m in paren_re.finditer(text) if len(m.group(2)) <= max_digits}
    paren_spans = [(m.start(), m.end()) for m in parens.values()]
    paren_starts = [a for a, _ in paren_spans]
    facts: list[Fact] = []
    events = []  # (position, kind, payload) in text order
    for start, end, value in phrases:
        if not _inside(paren_spans, paren_starts, start):
            events.append((start, 1, ("phrase", end, value)))
    for start, end, value in scope_hits:
        if not _inside(paren_spans, paren_starts, start):
            events.append((start, 0, ("scope", end, value)))
    for m in number_re.finditer(text):
        if len(m.group()) > max_digits or not unit_re.match(text, m.end()):
            continue
        if not _inside(paren_spans, paren_starts, m.start()):
            events.append((m.start(), 2, ("number", m.end(), m)))
    for start, m in parens.items():
        events.append((start, 3, ("paren", m.end(), m)))
    events.sort(key=lambda e: (e[0], e[1]))

    locator = RunLocator(paragraph.runs, paragraph.text) if paragraph.runs else None
    scope = None
    group = None
    pending = None  # (key, clause_start, needs) of the latest phrase
    last_key = None
    break_positions = [i for i, ch in enumerate(text) if ch in breaks]
    sentence_ends = [i for i, ch in enumerate(text) if ch in "。；;"]

    def clause_of(pos: int) -> int:
        return bisect.bisect_left(break_positions, pos)

    for pos, _, (kind, end, payload) in events:
        if kind == "scope":
            scope = payload
            continue
        if kind == "phrase":
            key, sets_group, needs = payload
            if sets_group:
                group = sets_group
            if "{group}" in key:
                # Only a group whose items are facts (行政诉讼 as a whole has none:
                # its two kinds of suit do).
                key = key.replace("{group}", group) if group else None
                key = key if key in fact_keys() else None
            pending = (key, clause_of(pos), needs) if key else None
            continue
        if kind == "number":
            m = payload
            if pending is None or pending[1] != clause_of(pos):
                last_key = None
                continue
            key, _, needs = pending
            if needs:
                # `needs` is checked in the whole sentence: 共收到申请154件，共办结148件
                i = bisect.bisect_left(sentence_ends, pos)
                lo = sentence_ends[i - 1] + 1 if i > 0 else 0
                hi = sentence_ends[i] if i < len(sentence_ends) else len(text)
                if not any(n in text[lo:hi] for n in needs):
                    last_key = None
                    continue
            value = int(m.group().replace(",", "").replace("−", "-"))
            clause = _clause(text, m.start(), m.end(), break_positions)
            fact_scope = scope
            if issuer_kind == "government" and sub_unit[0] in clause:
                office = re.search(sub_unit[1], clause)
                fact_scope = office.group(1) if office else scope
            facts.append(
                Fact(key=key, value=value, location=_position(paragraph, locator, m.start()), source="text",
                     raw=clause, unit=None, scope=fact_scope)
            )
            last_key = key
            pending = None
            continue
        if kind == "paren" and last_key:
            m = payload
            value = int(m.group(2).replace(",", ""))
            facts.append(
                Fact(key=last_key, value=value, location=_position(paragraph, locator, m.start(2)),
                     source="text", raw=m.group(0), scope=m.group(1))
            )
    return facts
