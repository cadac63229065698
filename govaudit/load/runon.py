"""Run-on page text: the whole report on a handful of lines.

A crawler's text of an article page has no line break between a section's
last sentence and the next heading (`…特编制此报告：一、总体情况2022年，…`),
and keeps the tables as their cells' text run together. Such a line is cut
here into what the line-per-paragraph reading expects: paragraphs, each
section heading (found inline, in order, by its ordinal and a title the
section profile knows) opening a paragraph of its own, and the flattened
表三/表四 rebuilt as tables (flattable).
"""

from __future__ import annotations

import functools

from ..core.model import Location, LoadNote, Paragraph
from ..data.headings import NUMERALS, candidates, section_titles, written_prefix
from ..text.spaces import clean_text
from ..text.lazyre import lazy_compile

MIN_LINE = 200  # shorter lines hold no flattened table
_ORDINAL = lazy_compile(r"([一二三四五六])\s*[、.．]")
_LOOSE_END = lazy_compile(r"[。：:；;，,]|[（(][一二三四五六七八九十\d]{1,2}[)）]|\d")
_LOOSE_MAX = 20  # characters: a heading, not a sentence
_TABLE_HINTS = ("本年新收", "结果维持", "信息内容")


class State:
    """What earlier lines found: the last section heading's numeral, so that
    headings are taken in order only."""

    def __init__(self):
        self.last = -1

    def saw_heading(self, text: str) -> None:
        """A paragraph read as is: a heading at its start counts too."""
        m = _ORDINAL.match(text)
        if m and NUMERALS.index(m.group(1)) > self.last and _title_at(text, m.end(), m.group(1)):
            self.last = NUMERALS.index(m.group(1))


@functools.cache
def _titles(numeral: str) -> tuple[list, list]:
    """(normalised titles longest first, keywords) of a section, from the profile."""
    spec = section_titles()[numeral]
    return [title for title, _kind in candidates(spec)], spec.get("keywords", [])


def _title_at(line: str, at: int, numeral: str) -> int | None:
    """Length of a known section title (exact or a known variant) at `at`."""
    from ..text.normalize import normalize

    rest = line[at:at + 120]
    norm = normalize(rest)
    titles, keywords = _titles(numeral)
    for title in titles:
        if norm.startswith(title):
            return len(written_prefix(rest, title)) + (len(rest) - len(rest.lstrip()))
    # A title of its own words (五、存在的主要问题及整改措施): up to the first
    # sentence mark or sub-heading, short, holding the section's keywords.
    head = _LOOSE_END.split(rest, maxsplit=1)[0]
    words = normalize(head)
    if keywords and 4 <= len(words) <= _LOOSE_MAX and all(k in words for k in keywords):
        return len(head)
    return None


def _worth_splitting(line: str) -> bool:
    """A line holding a table, or an ordinal past its start (a heading inline?)."""
    if len(line) >= MIN_LINE and any(h in line for h in _TABLE_HINTS):
        return True
    lead = len(line) - len(line.lstrip())
    return any(m.start() > lead for m in _ORDINAL.finditer(line))


def _headings(line: str, start: int, end: int, state: State) -> list[tuple[int, int]]:
    """(start, end) of the section headings in line[start:end], in order."""
    out = []
    for m in _ORDINAL.finditer(line, start, end):
        index = NUMERALS.index(m.group(1))
        if index <= state.last:
            continue
        length = _title_at(line, m.end(), m.group(1))
        if length is None:
            continue
        out.append((m.start(), m.end() + length))
        state.last = index
    return out


def split_line(path: str, line_no: int, line: str, state: State, new_table):
    """(blocks, notes) for a run-on line, or None when it is an ordinary
    paragraph. `new_table(rows, location)` makes a Table from build_grid rows."""
    if not _worth_splitting(line):
        return None
    regions = _tables(line) if any(h in line for h in _TABLE_HINTS) else []
    blocks: list = []
    notes: list[LoadNote] = []
    cursor = 0
    cuts = 0
    for region in regions + [None]:
        stop = region.start if region is not None else len(line)
        for h_start, h_end in _headings(line, cursor, stop, state):
            _paragraph(blocks, path, line_no, line, cursor, h_start)
            _paragraph(blocks, path, line_no, line, h_start, h_end)
            cursor = h_end
            cuts += 1
        _paragraph(blocks, path, line_no, line, cursor, stop)
        if region is None:
            break
        from . import flattable

        rows = flattable.build_cells(region, path, line_no, 0)
        loc = Location(path, line=line_no, column=region.start + 1, end_line=line_no, end_column=region.end + 1)
        table = new_table(rows, loc, lambda grid, r=region: flattable.with_splits(grid, r))
        blocks.append(table)
        if region.unreadable:
            name = {"t2": "表二", "t3": "表三", "t4": "表四"}[region.kind]
            unchecked = f"。因此未核对：{'、'.join(region.unchecked)}" if region.unchecked else ""
            notes.append(LoadNote("load-problem", f"{name}中有{len(region.unreadable)}行的数字连写在一起，无法确定拆分方式，未读取："
                                  + "；".join(region.unreadable) + unchecked, loc))
        cursor = region.end
        cuts += 1
    if not cuts:
        return None
    return blocks, notes


def _tables(line: str) -> list:
    """The flattened 表三 and 表四 in a line (flattable), in order."""
    from . import flattable

    norm = flattable.norm_text(line)  # per character: only for lines that may hold a table
    regions = []
    t3 = flattable.find_t3(line, norm)
    if t3 is not None:
        regions.append(t3)
    t4 = flattable.find_t4(line, norm, _norm_index(norm, t3.end) if t3 is not None else 0)
    if t4 is not None:
        regions.append(t4)
    if "第二十条" in line and "信息内容" in line:
        from .flatt2 import find_t2

        stop = _norm_index(norm, regions[0].start) if regions else len(norm.text)
        t2 = find_t2(line, norm, stop)
        if t2 is not None:
            regions.insert(0, t2)
    return regions


def _norm_index(norm, source: int) -> int:
    """The first normalised position at or after a source offset."""
    import bisect

    return bisect.bisect_left(norm.pos, source)


def _paragraph(blocks, path, line_no, line, start, end) -> None:
    text = clean_text(line[start:end])
    if text:
        lead = len(line[start:end]) - len(line[start:end].lstrip())
        loc = Location(path, line=line_no, column=start + lead + 1, end_line=line_no, end_column=end + 1)
        blocks.append(Paragraph(text, loc))
